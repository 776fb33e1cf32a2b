#!/bin/bash
# End-to-end: a smoke run of the benchmark (tools/bench.c) on a few hundred
# papers: every engine ingests and answers, and the report says so.  It
# checks that the benchmark works, not how fast anything is.
. "$(dirname "$0")/lib.sh"
if [ -z "${PDX_BENCH_BIN:-}" ]; then
    echo "skipped: built without PDX_BENCH"
    exit 77
fi

test_expect "a small run reports every engine, with ratios" '
    "$PDX_BENCH_BIN" run --n 300 --repeat 1 --nq 40 --dir "$TMP/bench" --json "$TMP/b.json" \
        > "$TMP/table.txt" 2> "$TMP/log.txt"
    jq -e ".papers == 300 and .repeat == 1" "$TMP/b.json"
    jq -e "[.engines[] | .ingest_s > 0 and .compacted_mb > 0 and .peak_rss_mb > 0] | all" "$TMP/b.json"
    jq -e ".engines.fts5.docs == 300 and .engines.xapian_min.docs == 300" "$TMP/b.json"
    jq -e "[.engines.paperdex_j1, .engines.fts5, .engines.xapian_min | .latency_ms.all.p99 > 0] | all" "$TMP/b.json"
    jq -e ".ratios.xapian_min.docs_per_s_j1 > 0 and .ratios.fts5.p99 > 0" "$TMP/b.json"
    jq -e ".engines.paperdex_j1.merge_s == 0 and .engines.paperdex_j2.merge_s > 0" "$TMP/b.json"
    jq -e "[.engines.paperdex_j2.merge_s, .engines.paperdex_j2.ingest_s] | .[0] < .[1]" "$TMP/b.json"
    grep -q "^| SQLite FTS5 |" "$TMP/table.txt"
    grep -q "^| paperdex --jobs 2 |" "$TMP/table.txt"
    grep -q "^paperdex --jobs 2: the merge of the two halves took" "$TMP/table.txt"'

test_expect "the paperdex index it built is sound and holds every paper" '
    pdx check --db "$TMP/bench/paperdex-j1.db"
    [ "$(pdx stats --db "$TMP/bench/paperdex-j1.db" --json | jq .papers)" = 300 ]'

test_expect "queries alone rerun on the same indexes, twice, with ratios and no ingest figures" '
    "$PDX_BENCH_BIN" queries --dir "$TMP/bench" --repeat 2 --json "$TMP/q.json" \
        > "$TMP/qtable.txt" 2> "$TMP/qlog.txt"
    jq -e ".papers == 300 and .repeat == 2 and .queries_only == true and .queries == 40 and (has(\"seed\") | not)" "$TMP/q.json"
    jq -e "[.engines.paperdex_j1, .engines.fts5, .engines.xapian_min | .latency_ms.all.p99 > 0] | all" "$TMP/q.json"
    jq -e "[.engines[] | has(\"ingest_s\")] | any | not" "$TMP/q.json"
    jq -e ".ratios.fts5.p99 > 0 and .ratios.xapian_min.p50 > 0" "$TMP/q.json"
    [ "$(grep -c "queries\.\.\." "$TMP/qlog.txt")" = 6 ]
    grep -q "^| SQLite FTS5 | [0-9]" "$TMP/qtable.txt"'

test_expect "queries alone on a directory without a run says so" '
    ! "$PDX_BENCH_BIN" queries --dir "$TMP/nothing" 2> "$TMP/err.txt"
    grep -q "nothing/paperdex-j1.db" "$TMP/err.txt"'

test_done
