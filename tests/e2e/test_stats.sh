#!/bin/bash
# End-to-end: paperdex stats.  tests/data/query holds eight papers by six
# people (Jörg and Jorg Halvorsen fold to one author key); the sample
# adds twelve papers by fourteen people, no paper or name in common.
. "$(dirname "$0")/lib.sh"
setup pdx ingest --quiet "$DATA/query/papers.jsonl"

test_expect "stats counts the papers, authors and terms" '
    run 0 "$TMP/s.json" pdx stats --json
    json_ok "$TMP/s.json" ".papers == 8 and .authors == 6 and .terms > 100"
    json_eq "$TMP/s.json" .db "$PAPERDEX_DB"
    run 0 "$TMP/s.txt" pdx stats
    has_line "$TMP/s.txt" "^papers: +8$"
    has_line "$TMP/s.txt" "^authors: +6$"
    has_line "$TMP/s.txt" "^database: +$PAPERDEX_DB$"'

test_expect "stats follows an ingest and a removal" '
    run 0 "$TMP/i" pdx ingest --quiet --db "$TMP/two" "$DATA/query/papers.jsonl"
    run 0 "$TMP/a.json" pdx stats --json --db "$TMP/two"
    run 0 "$TMP/i" pdx ingest --quiet --db "$TMP/two" "$DATA/sample"
    run 0 "$TMP/b.json" pdx stats --json --db "$TMP/two"
    json_ok "$TMP/b.json" ".papers == 20 and .authors == 20"
    t0=$(json_get "$TMP/a.json" .terms)
    json_ok "$TMP/b.json" ".terms > $t0"
    run 0 "$TMP/r" pdx remove --db "$TMP/two" q1
    run 0 "$TMP/c.json" pdx stats --json --db "$TMP/two"
    json_ok "$TMP/c.json" ".papers == 19"'

test_expect "stats of a missing database is exit 4, saying where" '
    run 4 "$TMP/m" pdx stats --db "$TMP/none"
    has_line "$TMP/m.err" "no paperdex database at .*/none"
    run 2 "$TMP/u" pdx stats extra-argument'

test_done
