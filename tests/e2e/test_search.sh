#!/bin/bash
# End-to-end: paperdex search — ranking, JSON contract, operators, errors.
. "$(dirname "$0")/lib.sh"
pdx ingest --quiet "$DATA/sample" "$DATA/listing/joins.txt"

test_expect "a topic word ranks the paper about it first" '
    pdx search --json calibration > "$TMP/r.json"
    [ "$(jq -r ".hits[0].title" "$TMP/r.json")" = "Measuring Calibration of LLMs under Distribution Shift" ]'

test_expect "hits carry every contract field" '
    pdx search --json "diffusion" > "$TMP/r.json"
    jq -e ".query == \"diffusion\" and (.total|type) == \"number\" and (.hits|length) >= 1" "$TMP/r.json"
    jq -e ".hits[] | (.id|type)==\"string\" and (.rank|type)==\"number\" and (.score|type)==\"number\"
        and (.title|type)==\"string\" and (.authors|type)==\"array\" and (.snippet|type)==\"string\"
        and (.source|test(\":[0-9]+$\"))" "$TMP/r.json"'

test_expect "the snippet marks the matched word" '
    pdx search --json defocus | jq -e ".hits[0].snippet | contains(\"**defocus**\")"'

test_expect "nothing matched is exit 0 with no hits" '
    pdx search --json zzyzx > "$TMP/r.json"
    [ "$(jq .total "$TMP/r.json")" = 0 ]
    [ "$(jq ".hits|length" "$TMP/r.json")" = 0 ]'

test_expect "accents are ignored: hovik finds Høvik" '
    [ "$(pdx search --json hovik | jq .total)" = "$(pdx search --json Høvik | jq .total)" ]
    [ "$(pdx search --json hovik | jq .total)" -ge 2 ]'

test_expect "a phrase needs its words in order" '
    [ "$(pdx search --json "\"event cameras\"" | jq .total)" = 1 ]
    [ "$(pdx search --json "\"cameras event\"" | jq .total)" = 0 ]'

test_expect "an excluded word removes papers" '
    a=$(pdx search --json --limit 50 depth | jq .total)
    b=$(pdx search --json --limit 50 depth -mobilenetv2 | jq .total)
    [ "$b" -lt "$a" ]'

test_expect "year ranges and has:code filter" '
    pdx search --json --limit 50 "year:2021..2022" | jq -e "[.hits[].year] | all(. >= 2021 and . <= 2022) and length >= 3"
    pdx search --json "has:code" | jq -e "[.hits[].id] | length == 2"'

test_expect "field prefixes look in that field only" '
    pdx search --json "title:nerf" | jq -e ".total == 1"
    pdx search --json "author:tanabe" | jq -e ".total >= 4"'

test_expect "sorting by date puts the newest first" '
    pdx search --json --sort date --limit 50 "year:2018..2024" | jq -e "[.hits[].date] | . == (sort | reverse)"'

test_expect "a dash word on the command line is an exclusion, not an option" '
    pdx search --json depth -mobilenetv2 | jq -e ".query == \"depth -mobilenetv2\""'

test_expect "an unclosed quote is exit 2 with the column" '
    expect_exit 2 pdx search "graph \"neural" 2> "$TMP/err"
    grep -q "column 7" "$TMP/err"'

test_expect "a missing database is exit 4 and names the directory" '
    expect_exit 4 pdx search --db "$TMP/nope" x 2> "$TMP/err"
    grep -q "$TMP/nope" "$TMP/err"'

test_expect "--help explains the query language and the exit codes" '
    pdx search --help | grep -q "year:2019..2021"
    pdx search --help | grep -q "Exit codes"'

test_done
