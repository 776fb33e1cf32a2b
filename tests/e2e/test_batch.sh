#!/bin/bash
# End-to-end: search --batch and author --batch — one answer per query
# line, the database opened once, took_ms in every JSON line.
. "$(dirname "$0")/lib.sh"
pdx ingest --quiet "$DATA/sample" "$DATA/listing/joins.txt"

test_expect "every query line gets one JSON line with took_ms, in order" '
    printf "calibration\n\ndiffusion\n\"event cameras\"\n" > "$TMP/q.txt"
    pdx search --json --batch "$TMP/q.txt" > "$TMP/r.jsonl"
    [ "$(wc -l < "$TMP/r.jsonl")" = 3 ]
    [ "$(jq -r .query "$TMP/r.jsonl" | tr "\n" "|")" = "calibration|diffusion|\"event cameras\"|" ]
    jq -e "(.took_ms|type) == \"number\" and .took_ms >= 0 and (.hits|type) == \"array\"" "$TMP/r.jsonl"'

test_expect "a batch answer is the single search answer plus took_ms" '
    pdx search --json calibration > "$TMP/one.json"
    echo calibration | pdx search --json --batch - | jq -c "del(.took_ms)" > "$TMP/batch.json"
    jq -c . "$TMP/one.json" > "$TMP/one.c.json"
    cmp "$TMP/one.c.json" "$TMP/batch.json"'

test_expect "a bad query gets an error line, the others still run, exit 2" '
    printf "calibration\na AND\ndiffusion\n" > "$TMP/q.txt"
    expect_exit 2 pdx search --json --batch "$TMP/q.txt" > "$TMP/r.jsonl"
    [ "$(wc -l < "$TMP/r.jsonl")" = 3 ]
    sed -n 2p "$TMP/r.jsonl" | jq -e "(.error|test(\"column\")) and .query == \"a AND\" and (.took_ms|type) == \"number\""
    sed -n 3p "$TMP/r.jsonl" | jq -e ".total >= 1"'

test_expect "author --batch answers each name as author does" '
    name=$(pdx search --json calibration | jq -r ".hits[0].authors[0]")
    pdx author --json "$name" > "$TMP/one.json"
    printf "%s\n%s\n" "$name" "$name" | pdx author --json --batch - > "$TMP/r.jsonl"
    [ "$(wc -l < "$TMP/r.jsonl")" = 2 ]
    head -1 "$TMP/r.jsonl" | jq -c "del(.took_ms)" > "$TMP/batch.json"
    jq -c . "$TMP/one.json" > "$TMP/one.c.json"
    cmp "$TMP/one.c.json" "$TMP/batch.json"'

test_expect "text output names each query" '
    printf "calibration\ndiffusion\n" | pdx search --batch - > "$TMP/r.txt"
    grep -q "^Query: calibration  (" "$TMP/r.txt"
    grep -q "^Query: diffusion  (" "$TMP/r.txt"'

test_expect "--batch with a query as well, or a missing file, is a usage error" '
    expect_exit 2 pdx search --batch "$TMP/none.txt"
    echo x > "$TMP/q.txt"
    expect_exit 2 pdx search --batch "$TMP/q.txt" calibration'

test_done
