#!/bin/bash
# End-to-end: paperdex ingest — summaries, merging, idempotence, errors.
. "$(dirname "$0")/lib.sh"

test_expect "ingesting the sample stores every paper once" '
    pdx ingest --json "$DATA/sample" > "$TMP/sum.json"
    [ "$(jq .papers "$TMP/sum.json")" = 12 ]
    [ "$(jq .records "$TMP/sum.json")" = 13 ]
    [ "$(jq .merged "$TMP/sum.json")" = 1 ]
    [ "$(jq .formats.listing "$TMP/sum.json")" = 1 ]
    [ "$(jq .formats.jsonl "$TMP/sum.json")" = 1 ]'

test_expect "ingesting the same files again changes nothing" '
    pdx stats --json > "$TMP/a.json"
    pdx ingest --quiet "$DATA/sample"
    pdx stats --json > "$TMP/b.json"
    cmp "$TMP/a.json" "$TMP/b.json"'

test_expect "the summary says which shape was read and how many papers the database holds" '
    pdx ingest "$DATA/listing/joins.txt" 2> "$TMP/err"
    grep -q "listing=1" "$TMP/err"
    grep -q "holds 19 papers" "$TMP/err"'

test_expect "standard input can be ingested" '
    head -1 "$DATA/jsonl/mixed.jsonl" | pdx ingest --quiet --json - > "$TMP/s.json"
    [ "$(jq .added "$TMP/s.json")" = 1 ]'

test_expect "a bad line is reported with file and line, the rest is stored, exit 3" '
    expect_exit 3 pdx ingest --quiet --json "$DATA/jsonl/mixed.jsonl" > "$TMP/s.json" 2> "$TMP/err"
    grep -q "mixed.jsonl:2: invalid JSON" "$TMP/err"
    grep -q "mixed.jsonl:8:" "$TMP/err"
    [ "$(jq .skipped "$TMP/s.json")" = 4 ]
    pdx show --json "doi:10.1234/EXAMPLE.5" | jq -e ".title == \"No Abstract, Still a Paper\""'

test_expect "a missing input is an input error that names it" '
    expect_exit 3 pdx ingest "$TMP/no-such-file.txt" 2> "$TMP/err"
    grep -q "no-such-file.txt" "$TMP/err"'

test_expect "a file of no known shape named on the command line fails with exit 3" '
    printf "just some words\nand more\n" > "$TMP/notes.txt"
    expect_exit 3 pdx ingest "$TMP/notes.txt" 2> "$TMP/err"
    grep -q "not a known format" "$TMP/err"'

test_expect "a directory that is not a paperdex database is refused and untouched" '
    mkdir "$TMP/other" && echo keep > "$TMP/other/file"
    expect_exit 4 pdx ingest --db "$TMP/other" "$DATA/sample" 2> "$TMP/err"
    grep -q "not a paperdex database" "$TMP/err"
    [ "$(ls "$TMP/other")" = file ]'

test_expect "an unknown option is a usage error" '
    expect_exit 2 pdx ingest --frobnicate "$DATA/sample" 2> "$TMP/err"
    grep -q "unknown option" "$TMP/err"'

test_done
