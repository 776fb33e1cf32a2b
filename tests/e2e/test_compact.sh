#!/bin/bash
# End-to-end: paperdex compact.  The database it leaves gives the same
# answers and counts as before, is sound, and nothing of the copy is left
# beside it; a missing database or a directory of other files is exit 4
# and left as it was.
. "$(dirname "$0")/lib.sh"
setup pdx ingest --quiet "$DATA/query/papers.jsonl"

test_expect "compact keeps every answer and count" '
    run 0 "$TMP/s0.json" pdx search --json --facets --limit 50 "neural OR sparse OR graph"
    run 0 "$TMP/a0.json" pdx author --json "Alba Quintero"
    run 0 "$TMP/t0.json" pdx stats --json
    run 0 "$TMP/c" pdx compact
    run 0 "$TMP/s1.json" pdx search --json --facets --limit 50 "neural OR sparse OR graph"
    run 0 "$TMP/a1.json" pdx author --json "Alba Quintero"
    run 0 "$TMP/t1.json" pdx stats --json
    json_ok "$TMP/s1.json" ".total == 5"
    cmp "$TMP/s0.json" "$TMP/s1.json"
    cmp "$TMP/a0.json" "$TMP/a1.json"
    cmp "$TMP/t0.json" "$TMP/t1.json"'

test_expect "compact packs the tables an ingest left half full" '
    run 0 "$TMP/i" pdx ingest --quiet --db "$TMP/big" "$DATA/query/papers.jsonl" "$DATA/sample"
    du -sb "$TMP/big" > "$TMP/du0"
    run 0 "$TMP/c" pdx compact --db "$TMP/big"
    du -sb "$TMP/big" > "$TMP/du1"
    read -r before _ < "$TMP/du0"
    read -r after _ < "$TMP/du1"
    [ "$after" -lt "$before" ]'

test_expect "the compacted database is sound and alone" '
    run 0 "$TMP/k.json" pdx check --json
    json_ok "$TMP/k.json" ".ok == true"
    ls -a "$TMP" > "$TMP/ls"
    no_line "$TMP/ls" "compact"
    run 0 "$TMP/i.json" pdx ingest --json --quiet "$DATA/query/papers.jsonl"
    json_ok "$TMP/i.json" ".added == 0"'

test_expect "compact of a missing database or of other files is exit 4" '
    run 4 "$TMP/m" pdx compact --db "$TMP/none"
    has_line "$TMP/m.err" "no paperdex database at .*/none"
    mkdir "$TMP/other"
    echo notes > "$TMP/other/notes.txt"
    run 4 "$TMP/o" pdx compact --db "$TMP/other"
    cmp "$TMP/other/notes.txt" - <<< notes
    run 2 "$TMP/u" pdx compact --json'

test_done
