#!/bin/bash
# End-to-end: search --batch and author --batch — one answer per query
# line, the database opened once, took_ms in every JSON line.
. "$(dirname "$0")/lib.sh"
setup pdx ingest --quiet "$DATA/sample" "$DATA/listing/joins.txt"

test_expect "every query line gets one JSON line with took_ms, in order" '
    printf "calibration\n\ndiffusion\n\"event cameras\"\n" > "$TMP/q.txt"
    run 0 "$TMP/r.jsonl" pdx search --json --batch "$TMP/q.txt"
    lines "$TMP/r.jsonl" 3
    json_ok "$TMP/r.jsonl" "(.took_ms|type) == \"number\" and .took_ms >= 0 and (.hits|type) == \"array\" and .total >= 1"
    jq -r .query "$TMP/r.jsonl" | tr "\n" "|" > "$TMP/queries"
    [ "$(cat "$TMP/queries")" = "calibration|diffusion|\"event cameras\"|" ]'

test_expect "a batch answer is the single search answer plus took_ms" '
    run 0 "$TMP/one.json" pdx search --json calibration
    echo calibration > "$TMP/q.txt"
    run 0 "$TMP/b.json" pdx search --json --batch - < "$TMP/q.txt"
    lines "$TMP/b.json" 1
    jq -c "del(.took_ms)" "$TMP/b.json" > "$TMP/batch.json"
    jq -c . "$TMP/one.json" > "$TMP/one.c.json"
    cmp "$TMP/one.c.json" "$TMP/batch.json"'

test_expect "--batch honours --limit and --sort as a single search does" '
    run 0 "$TMP/one.json" pdx search --json --limit 2 --sort date "year:2018..2024"
    echo "year:2018..2024" > "$TMP/q.txt"
    run 0 "$TMP/b.json" pdx search --json --limit 2 --sort date --batch "$TMP/q.txt"
    jq -c "del(.took_ms)" "$TMP/b.json" > "$TMP/batch.json"
    jq -c . "$TMP/one.json" > "$TMP/one.c.json"
    cmp "$TMP/one.c.json" "$TMP/batch.json"
    json_ok "$TMP/b.json" "(.hits|length) == 2"'

test_expect "a bad query gets an error line, the others still run, exit 2" '
    printf "calibration\na AND\ndiffusion\n" > "$TMP/q.txt"
    expect_exit 2 pdx search --json --batch "$TMP/q.txt" > "$TMP/r.jsonl"
    lines "$TMP/r.jsonl" 3
    sed -n 2p "$TMP/r.jsonl" > "$TMP/l2"
    sed -n 3p "$TMP/r.jsonl" > "$TMP/l3"
    json_ok "$TMP/l2" "(.error|test(\"column\")) and .query == \"a AND\" and (.took_ms|type) == \"number\""
    json_ok "$TMP/l3" ".total >= 1"'

test_expect "author --batch answers each name as author does" '
    run 0 "$TMP/s.json" pdx search --json calibration
    name=$(json_get "$TMP/s.json" ".hits[0].authors[0]")
    run 0 "$TMP/one.json" pdx author --json "$name"
    json_ok "$TMP/one.json" ".total >= 1"
    printf "%s\n%s\n" "$name" "$name" > "$TMP/names"
    run 0 "$TMP/r.jsonl" pdx author --json --batch - < "$TMP/names"
    lines "$TMP/r.jsonl" 2
    head -1 "$TMP/r.jsonl" | jq -c "del(.took_ms)" > "$TMP/batch.json"
    jq -c . "$TMP/one.json" > "$TMP/one.c.json"
    cmp "$TMP/one.c.json" "$TMP/batch.json"'

test_expect "text output names each query" '
    printf "calibration\ndiffusion\n" > "$TMP/q.txt"
    run 0 "$TMP/r.txt" pdx search --batch - < "$TMP/q.txt"
    has_line "$TMP/r.txt" "^Query: calibration  \("
    has_line "$TMP/r.txt" "^Query: diffusion  \("'

test_expect "--batch with a query as well, or a missing file, is a usage error" '
    expect_exit 2 pdx search --batch "$TMP/none.txt"
    echo x > "$TMP/q.txt"
    expect_exit 2 pdx search --batch "$TMP/q.txt" calibration'

test_done
