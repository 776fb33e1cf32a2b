#!/bin/bash
# End-to-end: paperdex serve — every API route and every error status, the
# headers, the log, reopening after an ingest's commit, a clean stop.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
S="$TMP/served"
setup pdx ingest --quiet --db "$S" "$DATA/serve/papers.jsonl"
# the main server bounds each match (--time-limit): on the fixture no
# match comes near it, so every answer must still equal the command's
serve_start main --db "$S" --time-limit 5000
MAIN=$URL

test_expect "the server listens on loopback and its help states the limits" '
    has_line "$TMP/main.log" "^paperdex serve: listening on http://127\.0\.0\.1:[0-9]+/"
    no_line "$TMP/main.log" "warning"
    run 0 "$TMP/h" pdx serve --help
    has_line "$TMP/h" "1024 bytes"
    has_line "$TMP/h" "capped at 100"
    has_line "$TMP/h" "--max-connections"
    has_line "$TMP/h" "--timeout SECONDS"
    has_line "$TMP/h" "--time-limit MS"'

test_expect "healthz answers ok" '
    http 200 "$TMP/hz" /healthz
    json_ok "$TMP/hz" ".ok == true"'

test_expect "a search answers the same JSON as the command" '
    http 200 "$TMP/s.json" "/api/search?q=attention+heads"
    run 0 "$TMP/c.json" pdx search --db "$S" --json "attention heads"
    run 0 "$TMP/cmp" cmp "$TMP/s.json" "$TMP/c.json"
    json_ok "$TMP/s.json" ".total >= 3 and .total_exact and (.hits[0].snippet | test(\"\\\\*\\\\*\"))"
    has_line "$TMP/s.json.h" "^Content-Type: application/json; charset=utf-8"'

test_expect "limit, offset and sort page the results" '
    http 200 "$TMP/a.json" "/api/search?q=attention&limit=2"
    json_ok "$TMP/a.json" "(.hits|length) == 2 and .hits[0].rank == 1"
    http 200 "$TMP/b.json" "/api/search?q=attention&limit=2&offset=2"
    json_ok "$TMP/b.json" "(.hits|length) == 2 and .hits[0].rank == 3"
    http 200 "$TMP/c.json" "/api/search?q=attention&limit=1000"
    json_ok "$TMP/c.json" "(.hits|length) == .total"
    http 200 "$TMP/d.json" "/api/search?q=attention&sort=date&limit=50"
    json_ok "$TMP/d.json" "[.hits[].date] == ([.hits[].date] | sort | reverse) and .hits[0].id == \"sv-12\""
    http 200 "$TMP/e.json" "/api/search?q=attention&limit=0"
    json_ok "$TMP/e.json" "(.hits|length) == 0 and .total >= 5"'

test_expect "facets count, and year, category and author filters combine" '
    http 200 "$TMP/f.json" "/api/search?q=attention&facets=1"
    json_ok "$TMP/f.json" "(.facets.year|length) >= 3 and (.facets.category|map(.value)|index(\"cs.cl\")) != null"
    json_ok "$TMP/f.json" "(.facets.author|map(.value)|index(\"Ada Lovelace\")) != null"
    http 200 "$TMP/y.json" "/api/search?q=attention&year=2021"
    json_ok "$TMP/y.json" ".total >= 1 and all(.hits[]; .year == 2021)"
    http 200 "$TMP/r.json" "/api/search?q=attention&year=2020..2021&category=cs.CL"
    json_ok "$TMP/r.json" ".total >= 2 and all(.hits[]; .year >= 2020 and .year <= 2021 and .category == \"cs.CL\")"
    http 200 "$TMP/au.json" "/api/search?q=attention&author=Grace+Hopper&category=cs.CV"
    json_ok "$TMP/au.json" ".total == 1 and .hits[0].id == \"sv-07\""
    http 200 "$TMP/a2.json" "/api/search?q=attention+OR+sheep&author=Grace+Hopper"
    json_ok "$TMP/a2.json" ".total == 3 and all(.hits[]; .authors | index(\"Grace Hopper\"))"
    http 400 "$TMP/a3.json" "/api/search?q=attention+AND&author=Grace+Hopper"
    json_ok "$TMP/a3.json" ".column == 11"
    http 200 "$TMP/only.json" "/api/search?category=stat.ML"
    json_ok "$TMP/only.json" ".total == 1 and .hits[0].id == \"sv-05\""'

test_expect "a misspelt word gets a suggestion" '
    http 200 "$TMP/sg.json" "/api/search?q=atention"
    json_ok "$TMP/sg.json" ".suggestion == \"attention\""'

test_expect "author lists a person with name variants marked" '
    http 200 "$TMP/au.json" "/api/author?name=Ada+Lovelace&limit=50"
    run 0 "$TMP/c.json" pdx author --db "$S" --json --limit 50 "Ada Lovelace"
    run 0 "$TMP/cmp" cmp "$TMP/au.json" "$TMP/c.json"
    json_ok "$TMP/au.json" ".total == 8 and any(.hits[]; .match == \"variant\" and .matched_author == \"A. Lovelace\")"
    http 200 "$TMP/ex.json" "/api/author?name=Ada+Lovelace&exact=1&limit=50"
    json_ok "$TMP/ex.json" ".total == 7"'

test_expect "coauthors counts shared papers" '
    http 200 "$TMP/co.json" "/api/coauthors?name=Ada%20Lovelace"
    json_ok "$TMP/co.json" "any(.coauthors[]; .name == \"Mary Somerville\" and .papers == 4)"
    http 200 "$TMP/m.json" "/api/coauthors?name=Ada%20Lovelace&min=4"
    json_ok "$TMP/m.json" "all(.coauthors[]; .papers >= 4)"'

test_expect "a paper is found by any form of its id" '
    http 200 "$TMP/p.json" /api/paper/sv-03
    json_ok "$TMP/p.json" ".title == \"Gradient Noise and Flat Minima\""
    http 200 "$TMP/x.json" "/api/paper/arXiv:2101.00001v2"
    json_ok "$TMP/x.json" ".title == \"Sparse Attention for Long Documents\""
    http 200 "$TMP/u.json" "/api/paper/https%3A%2F%2Farxiv.org%2Fabs%2F2101.00001"
    json_ok "$TMP/u.json" ".title == \"Sparse Attention for Long Documents\""
    http 200 "$TMP/d.json" "/api/paper/https://doi.org/10.5555/SERVE.2020.2"
    json_ok "$TMP/d.json" ".title == \"Attention Heads that Count\""'

test_expect "similar lists other papers" '
    http 200 "$TMP/sim.json" "/api/similar/sv-01?limit=3"
    json_ok "$TMP/sim.json" "(.hits|length) >= 1 and (.hits|length) <= 3 and all(.hits[]; .id != \"sv-01\")"
    http 404 "$TMP/nf.json" /api/similar/no-such-paper
    json_ok "$TMP/nf.json" ".status == 404"'

test_expect "export gives BibTeX, CSL-JSON and RIS" '
    http 200 "$TMP/b.bib" "/api/export/sv-01?format=bibtex"
    has_line "$TMP/b.bib" "^@[a-z]+\{"
    has_line "$TMP/b.bib" "Sparse Attention for Long Documents"
    has_line "$TMP/b.bib.h" "^Content-Type: application/x-bibtex"
    http 200 "$TMP/d.bib" /api/export/sv-01
    run 0 "$TMP/cmp" cmp "$TMP/b.bib" "$TMP/d.bib"
    http 200 "$TMP/c.json" "/api/export/sv-02?format=csl-json"
    json_ok "$TMP/c.json" ".[0].DOI == \"10.5555/serve.2020.2\""
    http 200 "$TMP/r.ris" "/api/export/sv-02?format=ris"
    has_line "$TMP/r.ris" "^TY  - "
    http 400 "$TMP/bad.json" "/api/export/sv-02?format=docx"
    json_ok "$TMP/bad.json" ".status == 400 and (.error|test(\"bibtex\"))"
    http 404 "$TMP/nf.json" "/api/export/no-such-paper?format=ris"'

test_expect "stats counts the papers" '
    http 200 "$TMP/st.json" /api/stats
    json_ok "$TMP/st.json" ".papers == 12 and .authors >= 7 and .db == \"served\""'

test_expect "a query syntax error is a 400 with the message and column" '
    http 400 "$TMP/e.json" "/api/search?q=attention+AND"
    json_ok "$TMP/e.json" ".status == 400 and .column == 11 and (.error|test(\"AND\"))"
    http 400 "$TMP/e2.json" "/api/search?q=titel:sheep"
    json_ok "$TMP/e2.json" "(.error|test(\"title\"))"
    http 400 "$TMP/em.json" "/api/search?q=+"
    json_ok "$TMP/em.json" "(.error|test(\"empty\"))"'

test_expect "bad parameters are 400s that name them" '
    http 400 "$TMP/l.json" "/api/search?q=a&limit=ten"
    json_ok "$TMP/l.json" "(.error|test(\"limit\"))"
    http 400 "$TMP/o.json" "/api/search?q=a&offset=-1"
    http 400 "$TMP/o2.json" "/api/search?q=a&offset=20000"
    json_ok "$TMP/o2.json" "(.error|test(\"offset\"))"
    http 400 "$TMP/s.json" "/api/search?q=a&sort=random"
    json_ok "$TMP/s.json" "(.error|test(\"sort\"))"
    http 400 "$TMP/f.json" "/api/search?q=a&facets=maybe"
    http 400 "$TMP/y.json" "/api/search?q=a&year=2020%20OR%20x"
    http 400 "$TMP/c.json" "/api/search?q=a&category=cs%22)"
    http 400 "$TMP/n.json" "/api/author"
    json_ok "$TMP/n.json" "(.error|test(\"name\"))"
    http 400 "$TMP/u.json" "/api/search?q=%FF%FE"
    json_ok "$TMP/u.json" "(.error|test(\"UTF-8\"))"
    http 400 "$TMP/z.json" "/api/search?q=a%00b"
    json_ok "$TMP/z.json" "(.error|test(\"UTF-8\"))"'

test_expect "unknown routes and papers are 404s" '
    http 404 "$TMP/r.json" /api/nothing
    json_ok "$TMP/r.json" ".status == 404"
    http 404 "$TMP/p.json" /api/paper/no-such-paper
    json_ok "$TMP/p.json" "(.error|test(\"no-such-paper\"))"
    http 404 "$TMP/e.json" /api/paper/
    http 404 "$TMP/n.html" /no-such-page'

test_expect "other methods are 405 with Allow; HEAD works" '
    http 405 "$TMP/p.json" /api/search?q=a -X POST
    json_ok "$TMP/p.json" ".status == 405"
    has_line "$TMP/p.json.h" "^Allow: GET, HEAD"
    http 405 "$TMP/d.json" /api/paper/sv-01 -X DELETE
    http 200 "$TMP/h" /api/stats -I
    has_line "$TMP/h.h" "^Content-Type: application/json"'

test_expect "a query or body over the limit is a 413" '
    long=$(printf "sheep%.0s" $(seq 210))
    http 413 "$TMP/q.json" "/api/search?q=$long"
    json_ok "$TMP/q.json" ".status == 413 and (.error|test(\"1024\"))"
    head -c 5000 /dev/zero > "$TMP/body"
    http 413 "$TMP/b.json" /api/stats -X GET --data-binary "@$TMP/body"
    json_ok "$TMP/b.json" ".status == 413"'

test_expect "every response forbids inline script and sniffing, and has no CORS" '
    http 200 "$TMP/i.html" /
    http 200 "$TMP/s.json" "/api/search?q=sheep"
    http 404 "$TMP/n.json" /api/nothing
    for f in "$TMP/i.html.h" "$TMP/s.json.h" "$TMP/n.json.h"; do
        has_line "$f" "^Content-Security-Policy: default-src .none.; script-src .self.;"
        no_line "$f" "unsafe-inline"
        has_line "$f" "^X-Content-Type-Options: nosniff"
        no_line "$f" "^Access-Control"
    done'

test_expect "each request is logged as method, path, status and time" '
    http 200 "$TMP/s.json" /api/stats
    wait_line "$TMP/main.log" "^GET /api/stats 200 [0-9]+\.[0-9]ms$" 10
    wait_line "$TMP/main.log" "^POST /api/search 405 " 10
    wait_line "$TMP/main.log" "^GET /api/paper/no-such-paper 404 " 10'

test_expect "a search sees the papers of an ingest committed after the start" '
    http 200 "$TMP/b.json" "/api/search?q=zebrafish"
    json_ok "$TMP/b.json" ".total == 0"
    printf "%s\n" "{\"id\": \"late-1\", \"title\": \"Zebrafish Fins Regrow\", \"authors\": [\"Ada Lovelace\"], \"year\": 2024}" > "$TMP/late.jsonl"
    run 0 "$TMP/i" pdx ingest --quiet --db "$S" "$TMP/late.jsonl"
    http 200 "$TMP/a.json" "/api/search?q=zebrafish"
    json_ok "$TMP/a.json" ".total == 1 and .hits[0].id == \"late-1\""
    http 200 "$TMP/st.json" /api/stats
    json_ok "$TMP/st.json" ".papers == 13"'

# A second server: no database yet, --cors, --quiet.
serve_start empty --db "$TMP/later" --cors https://example.org --quiet
EMPTY=$URL

test_expect "the API is a 503 until the database can be opened, then works" '
    has_line "$TMP/empty.log" "warning: .*answering 503"
    URL=$EMPTY
    http 503 "$TMP/a.json" "/api/search?q=sheep"
    json_ok "$TMP/a.json" ".status == 503 and (.error|test(\"later\"))"
    http 503 "$TMP/h.json" /healthz
    http 200 "$TMP/i.html" /
    run 0 "$TMP/i" pdx ingest --quiet --db "$TMP/later" "$DATA/serve/papers.jsonl"
    http 200 "$TMP/b.json" "/api/search?q=sheep"
    json_ok "$TMP/b.json" ".total >= 2"'

test_expect "--cors sends the origin it names" '
    URL=$EMPTY
    http 200 "$TMP/c.json" /api/stats
    has_line "$TMP/c.json.h" "^Access-Control-Allow-Origin: https://example\.org"'

test_expect "--quiet logs no requests" '
    URL=$EMPTY
    http 200 "$TMP/c.json" /api/stats
    has_line "$TMP/empty.log" "listening"
    no_line "$TMP/empty.log" "^GET "'

test_expect "bad options are usage errors" '
    expect_exit 2 pdx serve --listen nonsense 2> "$TMP/e"
    has_line "$TMP/e" "ADDR:PORT"
    expect_exit 2 pdx serve --listen localhost:80 2> "$TMP/e"
    expect_exit 2 pdx serve --threads 0 2> "$TMP/e"
    expect_exit 2 pdx serve --timeout 2> "$TMP/e"
    expect_exit 2 pdx serve --time-limit 0 2> "$TMP/e"
    has_line "$TMP/e" "time-limit wants"
    expect_exit 2 pdx serve --bogus 2> "$TMP/e"
    has_line "$TMP/e" "unknown option"'

serve_stop main
serve_stop empty
test_expect "SIGTERM stops the servers cleanly" '
    has_line "$TMP/main.rc" "^0$"
    has_line "$TMP/empty.rc" "^0$"
    has_line "$TMP/main.log" "stopping \(SIGTERM\)"'

test_done
