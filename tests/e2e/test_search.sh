#!/bin/bash
# End-to-end: paperdex search — ranking, JSON contract, operators, paging,
# sorting, facets, errors.
. "$(dirname "$0")/lib.sh"
setup pdx ingest --quiet "$DATA/sample" "$DATA/listing/joins.txt"

test_expect "a topic word ranks the paper about it first" '
    run 0 "$TMP/r.json" pdx search --json calibration
    json_eq "$TMP/r.json" ".hits[0].title" "Measuring Calibration of LLMs under Distribution Shift"'

test_expect "hits carry every contract field" '
    run 0 "$TMP/r.json" pdx search --json "diffusion"
    json_ok "$TMP/r.json" ".query == \"diffusion\" and (.total|type) == \"number\" and (.hits|length) >= 1"
    json_ok "$TMP/r.json" "all(.hits[]; (.id|type)==\"string\" and (.rank|type)==\"number\" and (.score|type)==\"number\"
        and (.title|type)==\"string\" and (.authors|type)==\"array\" and (.snippet|type)==\"string\"
        and (.source|test(\":[0-9]+$\")))"'

test_expect "the snippet marks the matched word" '
    run 0 "$TMP/r.json" pdx search --json defocus
    json_ok "$TMP/r.json" ".hits[0].snippet | contains(\"**defocus**\")"'

test_expect "nothing matched is exit 0 with no hits" '
    run 0 "$TMP/r.json" pdx search --json zzyzx
    json_ok "$TMP/r.json" ".total == 0 and (.hits|length) == 0"'

test_expect "accents are ignored: hovik finds Høvik" '
    run 0 "$TMP/a.json" pdx search --json hovik
    run 0 "$TMP/b.json" pdx search --json Høvik
    json_ok "$TMP/a.json" ".total >= 2"
    json_eq "$TMP/b.json" ".total" "$(json_get "$TMP/a.json" .total)"'

test_expect "a phrase needs its words in order" '
    run 0 "$TMP/a.json" pdx search --json "\"event cameras\""
    run 0 "$TMP/b.json" pdx search --json "\"cameras event\""
    json_ok "$TMP/a.json" ".total == 1"
    json_ok "$TMP/b.json" ".total == 0"'

test_expect "an excluded word removes papers" '
    run 0 "$TMP/a.json" pdx search --json --limit 50 depth
    run 0 "$TMP/b.json" pdx search --json --limit 50 depth -mobilenetv2
    a=$(json_get "$TMP/a.json" .total)
    json_ok "$TMP/b.json" ".total < $a and .total >= 1"'

test_expect "year ranges and has:code filter" '
    run 0 "$TMP/a.json" pdx search --json --limit 50 "year:2021..2022"
    json_ok "$TMP/a.json" "[.hits[].year] | all(. >= 2021 and . <= 2022) and length >= 3"
    run 0 "$TMP/b.json" pdx search --json "has:code"
    json_ok "$TMP/b.json" "[.hits[].id] | length == 2"'

test_expect "field prefixes look in that field only" '
    run 0 "$TMP/a.json" pdx search --json "title:nerf"
    json_ok "$TMP/a.json" ".total == 1"
    run 0 "$TMP/b.json" pdx search --json "author:tanabe"
    json_ok "$TMP/b.json" ".total >= 4"'

test_expect "sorting by date puts the newest first, the same papers as by relevance" '
    run 0 "$TMP/d.json" pdx search --json --sort date --limit 50 "year:2018..2024"
    run 0 "$TMP/r.json" pdx search --json --sort relevance --limit 50 "year:2018..2024"
    json_ok "$TMP/d.json" "(.hits|length) >= 5 and ([.hits[].date] | . == (sort | reverse))"
    json_ok "$TMP/d.json" "[.hits[].date] != ([.hits[].date] | sort) or (.hits|length) < 2"
    jq -c "[.hits[].id] | sort" "$TMP/d.json" > "$TMP/d.ids"
    jq -c "[.hits[].id] | sort" "$TMP/r.json" > "$TMP/r.ids"
    cmp "$TMP/d.ids" "$TMP/r.ids"
    json_eq "$TMP/d.json" .total "$(json_get "$TMP/r.json" .total)"'

test_expect "--sort relevance is the default order" '
    run 0 "$TMP/a.json" pdx search --json --sort relevance depth
    run 0 "$TMP/b.json" pdx search --json depth
    cmp "$TMP/a.json" "$TMP/b.json"
    json_ok "$TMP/a.json" "[.hits[].score] | . == (sort | reverse) and length >= 2"'

test_expect "--limit and -n cap the hits, never the total" '
    run 0 "$TMP/all.json" pdx search --json --limit 50 "year:2018..2024"
    run 0 "$TMP/l3.json" pdx search --json --limit 3 "year:2018..2024"
    run 0 "$TMP/n3.json" pdx search --json -n 3 "year:2018..2024"
    total=$(json_get "$TMP/all.json" .total)
    [ "$total" -ge 5 ]
    json_ok "$TMP/l3.json" "(.hits|length) == 3 and .total == $total"
    cmp "$TMP/l3.json" "$TMP/n3.json"
    jq -c "[.hits[:3][].id]" "$TMP/all.json" > "$TMP/a.ids"
    jq -c "[.hits[].id]" "$TMP/l3.json" > "$TMP/b.ids"
    cmp "$TMP/a.ids" "$TMP/b.ids"'

test_expect "the default limit is ten" '
    run 0 "$TMP/a.json" pdx search --json "year:1900..2100"
    json_ok "$TMP/a.json" "(.hits|length) == 10 and .total > 10"'

# Regression: search --offset N > 0 crashed (SEGV in Xapian 1.4.22's
# Enquire::Internal::request_doc, reached from MSet::fetch with first > 0).
test_expect "pages concatenate: --limit 5 --offset 0, then --offset 5, is --limit 10" '
    for sort in relevance date; do
        run 0 "$TMP/p1.json" pdx search --json --sort $sort --limit 5 --offset 0 "year:1900..2100"
        run 0 "$TMP/p2.json" pdx search --json --sort $sort --limit 5 --offset 5 "year:1900..2100"
        run 0 "$TMP/p.json" pdx search --json --sort $sort --limit 10 "year:1900..2100"
        jq -c "[.hits[].id]" "$TMP/p1.json" "$TMP/p2.json" | jq -s -c add > "$TMP/pages"
        jq -c "[.hits[].id]" "$TMP/p.json" > "$TMP/whole"
        cmp "$TMP/pages" "$TMP/whole"
        t=$(json_get "$TMP/p.json" .total)
        json_ok "$TMP/p2.json" ".total == $t and .hits[0].rank == 6"
    done'

test_expect "an offset past the end gives no hits and the same total" '
    run 0 "$TMP/a.json" pdx search --json --offset 1000 depth
    json_ok "$TMP/a.json" ".total == 2 and (.hits|length) == 0"
    run 0 "$TMP/b.json" pdx search --json --offset 1 depth
    json_ok "$TMP/b.json" ".total == 2 and (.hits|length) == 1 and .hits[0].rank == 2"'

test_expect "--facets counts over every match, whatever --limit" '
    run 0 "$TMP/f.json" pdx search --json --facets --limit 1 "year:2018..2024"
    run 0 "$TMP/g.json" pdx search --json --facets --limit 50 "year:2018..2024"
    json_ok "$TMP/f.json" "(.hits|length) == 1 and ([.facets.year[].count] | add) == .total"
    json_ok "$TMP/f.json" "(.facets.category|length) >= 1 and (.facets.author|length) >= 1"
    jq -c .facets "$TMP/f.json" > "$TMP/f1"
    jq -c .facets "$TMP/g.json" > "$TMP/f2"
    cmp "$TMP/f1" "$TMP/f2"
    run 0 "$TMP/n.json" pdx search --json "year:2018..2024"
    json_ok "$TMP/n.json" "has(\"facets\") | not"'

test_expect "text --facets prints a line per facet after the hits" '
    run 0 "$TMP/f.txt" pdx search --facets depth
    has_line "$TMP/f.txt" "^year +2018 \(1\), 2021 \(1\)$"
    has_line "$TMP/f.txt" "^category +cv \(2\)$"
    has_line "$TMP/f.txt" "^author +.*Ko Tanabe \(1\)"
    run 0 "$TMP/p.txt" pdx search depth
    no_line "$TMP/p.txt" "^category"'

test_expect "text output names the count and each hit" '
    run 0 "$TMP/t.txt" pdx search depth
    has_line "$TMP/t.txt" "^2 of 2 papers matching .depth.\.$"
    has_line "$TMP/t.txt" "Fast Depth with MobileNetV2"'

test_expect "a dash word on the command line is an exclusion, not an option" '
    run 0 "$TMP/r.json" pdx search --json depth -mobilenetv2
    json_ok "$TMP/r.json" ".query == \"depth -mobilenetv2\""'

test_expect "-- ends the options; --db=DIR is --db DIR" '
    run 0 "$TMP/a.json" pdx search --json -- -mobilenetv2 depth
    json_ok "$TMP/a.json" ".query == \"-mobilenetv2 depth\" and .total == 1"
    run 0 "$TMP/b.json" pdx search --json --db="$PAPERDEX_DB" depth
    json_ok "$TMP/b.json" ".total == 2"
    expect_exit 4 pdx search --json --db="$TMP/elsewhere" depth 2> "$TMP/err"
    has_line "$TMP/err" "elsewhere"'

test_expect "an unclosed quote is exit 2 with the column" '
    expect_exit 2 pdx search "graph \"neural" 2> "$TMP/err"
    has_line "$TMP/err" "column 7"'

test_expect "a missing database is exit 4 and names the directory" '
    expect_exit 4 pdx search --db "$TMP/nope" x 2> "$TMP/err"
    has_line "$TMP/err" "$TMP/nope"'

test_expect "bad option values are usage errors" '
    expect_exit 2 pdx search --sort nosuch depth
    expect_exit 2 pdx search --limit -1 depth
    expect_exit 2 pdx search --limit x depth
    expect_exit 2 pdx search --offset x depth
    expect_exit 2 pdx search --json
    expect_exit 2 pdx search --frob depth'

test_expect "--help explains the query language and the exit codes" '
    run 0 "$TMP/h" pdx search --help
    has_line "$TMP/h" "year:2019..2021"
    has_line "$TMP/h" "Exit codes"'

test_done
