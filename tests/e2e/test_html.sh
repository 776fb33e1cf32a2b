#!/bin/bash
# End-to-end: saved HTML pages (a profile, an institute's abstract stream,
# a homepage list) read through the page readers, paper landing pages
# (citation_*, JSON-LD, Dublin Core) read into one record each, found by
# DOI and arXiv id; the HTML of a text page gives the text's papers; bad
# HTML (no papers, binary junk, cut off) is reported and the rest stored.
. "$(dirname "$0")/lib.sh"
H="$DATA/html"

# to_html TEXT OUT: the text page as a saved page would hold it, one
# block a line, markup escaped, with a script and a hidden block around.
to_html() {
    {
        printf '<!DOCTYPE html>\n<html><head><title>Page</title>\n'
        printf '<script>var s = "<p>not shown</p>";</script></head>\n<body>\n'
        printf '<div hidden>A hidden paragraph about sparse weaving that nobody sees.</div>\n'
        sed -e 's/\r$//' -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' \
            -e 's/^.*$/<div>&<\/div>/' "$1"
        printf '</body></html>\n'
    } > "$2"
}

# papers FILE.jsonl OUT: title, authors, year and abstract of each, sorted.
papers() { jq -c '[.title, .authors, .year, .abstract]' "$1" | sort > "$2"; }

test_expect "saved pages of three shapes are read as html through the page readers" '
    run 0 "$TMP/p.jsonl" pdx parse --json "$H/profile.html" "$H/stream.html" "$H/homepage.html"
    json_ok "$TMP/p.jsonl" ".format == \"html\""
    json_ok "$TMP/p.jsonl" "(.title | test(\"<|>\")) | not"
    jq -s "map(select(.title == \"Warp Tension on Small Looms: A Field Study\"))[0]" "$TMP/p.jsonl" > "$TMP/w.json"
    json_eq "$TMP/w.json" ".authors | join(\"|\")" "Ilse Marchetti|Bo Chen|Carla Diaz"
    json_eq "$TMP/w.json" ".year" 2021
    json_eq "$TMP/w.json" ".source" "$H/profile.html:31"
    jq -s "[.[] | select(.abstract != null and (.abstract | test(\"hidden draft|cookies|tooltip\")))] | length" \
        "$TMP/p.jsonl" > "$TMP/n"
    json_eq "$TMP/n" "." 0'

test_expect "a page named .htm, or with no name to go by, reads as .html does" '
    cp "$H/profile.html" "$TMP/profile.htm"
    cp "$H/profile.html" "$TMP/profile-page"
    run 0 "$TMP/a.jsonl" pdx parse --json "$H/profile.html"
    for f in "$TMP/profile.htm" "$TMP/profile-page"; do
        run 0 "$TMP/b.jsonl" pdx parse --json "$f"
        json_ok "$TMP/b.jsonl" ".format == \"html\""
        papers "$TMP/a.jsonl" "$TMP/a"
        papers "$TMP/b.jsonl" "$TMP/b"
        cmp "$TMP/a" "$TMP/b"
    done
    run 0 "$TMP/c.jsonl" pdx parse --json --format html "$DATA/html/landing-dc.html"
    json_eq "$TMP/c.jsonl" ".ids.doi" "10.5555/vhr.2014.7"'

test_expect "a saved page piped on standard input reads as the file does" '
    run 0 "$TMP/a.jsonl" pdx parse --json "$H/profile.html"
    run 0 "$TMP/b.jsonl" pdx parse --json - < "$H/profile.html"
    papers "$TMP/a.jsonl" "$TMP/a"
    papers "$TMP/b.jsonl" "$TMP/b"
    lines "$TMP/a" 3
    cmp "$TMP/a" "$TMP/b"'

test_expect "the HTML of text pages gives the papers of the text" '
    for set in "stream/lab-a.txt stream/lab-b.txt" "profile/okafor.txt" "listing/loom-lab.txt" \
               "profile/layouts.txt stream/menu-news.txt"; do
        txt=() html=()
        for f in $set; do
            b=$(basename "$f" .txt)
            to_html "$DATA/$f" "$TMP/$b.html"
            txt+=("$DATA/$f") html+=("$TMP/$b.html")
        done
        run 0 "$TMP/t.jsonl" pdx parse --json "${txt[@]}"
        run 0 "$TMP/h.jsonl" pdx parse --json "${html[@]}"
        json_ok "$TMP/h.jsonl" ".format == \"html\""
        papers "$TMP/t.jsonl" "$TMP/t"
        papers "$TMP/h.jsonl" "$TMP/h"
        cmp "$TMP/t" "$TMP/h" || { diff "$TMP/t" "$TMP/h" | head -5; false; }
    done'

test_expect "landing pages ingest as one exact record each, found by DOI and arXiv id" '
    run 0 "$TMP/i.json" pdx ingest --db "$TMP/l.db" --json "$H/landing-citation.html" \
        "$H/landing-jsonld.html" "$H/landing-dc.html" "$H/landing-conflict.html"
    json_ok "$TMP/i.json" ".records == 4 and .papers == 4 and .skipped == 0 and .formats == {\"html\": 4}"
    for id in arXiv:2405.01234 2405.01234 10.48550/arXiv.2405.01234 https://arxiv.org/abs/2405.01234v1; do
        run 0 "$TMP/s.json" pdx show --db "$TMP/l.db" --json "$id"
        json_eq "$TMP/s.json" ".title" "Sparse Weaving with Fewer Threads"
    done
    json_eq "$TMP/s.json" ".authors | join(\"|\")" "Ada Weaver|Bo Chen|Carla Díaz"
    run 0 "$TMP/s.json" pdx show --db "$TMP/l.db" --json doi:10.5555/jls.2017.045
    json_ok "$TMP/s.json" ".ids.arxiv == \"1709.01111\" and .year == 2017 and .venue == \"Journal of Loom Science\""
    run 0 "$TMP/s.json" pdx show --db "$TMP/l.db" --json 10.5555/vhr.2014.7
    json_eq "$TMP/s.json" ".title" "Looms of the Northern Valleys: A Survey"
    run 0 "$TMP/s.json" pdx show --db "$TMP/l.db" --json 10.5555/tcl.2016.12
    json_ok "$TMP/s.json" ".title == \"Colour Fastness of Plant Dyes after Fifty Washes\" and .pages == \"101-109\""
    run 0 "$TMP/q.json" pdx search --db "$TMP/l.db" --json "plant dyes"
    json_ok "$TMP/q.json" ".hits[0].title == \"Colour Fastness of Plant Dyes after Fifty Washes\""'

test_expect "a page with no papers is named, the other input stored, exit 3" '
    run 3 "$TMP/i.json" pdx ingest --db "$TMP/n.db" --json "$H/nothing.html" "$H/landing-dc.html"
    has_line "$TMP/i.json.err" "nothing.html: no papers: no citation_\*, Dublin Core or JSON-LD"
    json_ok "$TMP/i.json" ".papers == 1 and .skipped == 1"'

test_expect "binary junk named .html is refused, also under --format html" '
    head -c 3000 /dev/urandom > "$TMP/junk.html"
    printf "\000\001\002<html>\377\376" >> "$TMP/junk.html"
    run 3 "$TMP/i.json" pdx ingest --db "$TMP/j.db" --json "$TMP/junk.html" "$H/landing-dc.html"
    has_line "$TMP/i.json.err" "junk.html: binary data, not text"
    json_ok "$TMP/i.json" ".papers == 1"
    run 3 "$TMP/p.jsonl" pdx parse --format html "$TMP/junk.html"
    has_line "$TMP/p.jsonl.err" "junk.html: no papers"'

test_expect "a cut-off page is read as far as it goes" '
    run_in "0|3" "$TMP/p.jsonl" pdx parse --json "$H/truncated.html"
    no_line "$TMP/p.jsonl.err" "AddressSanitizer|runtime error"
    head -c 2900 "$H/profile.html" > "$TMP/cut.html" # inside the third abstract
    run 0 "$TMP/c.jsonl" pdx parse --json "$TMP/cut.html"
    lines "$TMP/c.jsonl" 3
    json_ok "$TMP/c.jsonl" ".format == \"html\" and (.authors | length) >= 2"'

test_done
