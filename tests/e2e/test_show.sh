#!/bin/bash
# End-to-end: paperdex show, stats and parse.
. "$(dirname "$0")/lib.sh"
pdx ingest --quiet "$DATA/sample"

test_expect "show prints the record a search hit names" '
    id=$(pdx search --json "event cameras" | jq -r ".hits[0].id")
    pdx show --json "$id" > "$TMP/p.json"
    jq -e ".id == \"$id\" and .title == \"Event Cameras Meet NeRF\" and .year == 2024" "$TMP/p.json"
    pdx show "$id" | grep -q "Léa Marchand"'

test_expect "a merged paper shows every source" '
    id=$(pdx search --json "title:hierarchical" | jq -r ".hits[0].id")
    pdx show --json "$id" | jq -e "(.sources|length) == 2 and .venue != null"'

test_expect "show of an unknown id is exit 1" '
    expect_exit 1 pdx show no-such-id 2> "$TMP/err"
    grep -q "no-such-id" "$TMP/err"'

test_expect "stats counts papers, authors and terms" '
    pdx stats --json | jq -e ".papers == 12 and .authors == 14 and .terms > 100 and (.db|type) == \"string\""'

test_expect "parse prints records without creating a database" '
    pdx parse --json --db "$TMP/never" "$DATA/listing/joins.txt" 2>/dev/null && exit 1
    pdx parse --json "$DATA/listing/joins.txt" > "$TMP/recs.jsonl"
    [ "$(wc -l < "$TMP/recs.jsonl")" = 7 ]
    jq -e "has(\"id\") and has(\"authors_truncated\") and has(\"abstract_truncated\") and has(\"affiliations\") and has(\"code\") and .format == \"listing\"" "$TMP/recs.jsonl" > /dev/null
    [ ! -e "$TMP/never" ]'

test_expect "--format forces a reader" '
    expect_exit 2 pdx parse --format nosuch "$DATA/listing/joins.txt" 2> "$TMP/err"
    grep -q "unknown format" "$TMP/err"
    pdx parse --json --format listing "$DATA/listing/joins.txt" | jq -e ".format == \"listing\"" > /dev/null'

test_expect "every command has --help, and no command is a usage error" '
    for c in ingest parse search author coauthors show stats; do pdx $c --help | grep -q Usage; done
    expect_exit 2 pdx
    expect_exit 2 pdx frob'

test_done
