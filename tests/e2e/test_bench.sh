#!/bin/bash
# End-to-end: a smoke run of the benchmark (tools/bench.c) on a few hundred
# papers: every engine ingests and answers, and the report says so.  It
# checks that the benchmark works, not how fast anything is.
. "$(dirname "$0")/lib.sh"
[ -n "${PDX_BENCH_BIN:-}" ] || skip_all "built without PDX_BENCH"

test_expect "a small run reports every engine, with ratios" '
    run 0 "$TMP/table.txt" "$PDX_BENCH_BIN" run --n 300 --repeat 1 --nq 40 --dir "$TMP/bench" --json "$TMP/b.json"
    json_ok "$TMP/b.json" ".papers == 300 and .repeat == 1"
    json_ok "$TMP/b.json" "[.engines[] | .ingest_s > 0 and .compacted_mb > 0 and .peak_rss_mb > 0] | all"
    json_ok "$TMP/b.json" ".engines.fts5.docs == 300 and .engines.xapian_min.docs == 300"
    json_ok "$TMP/b.json" "[.engines.paperdex_j1, .engines.fts5, .engines.xapian_min | .latency_ms.all.p99 > 0] | all"
    json_ok "$TMP/b.json" ".ratios.xapian_min.docs_per_s_j1 > 0 and .ratios.fts5.p99 > 0"
    json_ok "$TMP/b.json" ".engines.paperdex_j1.merge_s == 0 and .engines.paperdex_j2.merge_s > 0"
    json_ok "$TMP/b.json" "[.engines.paperdex_j2.merge_s, .engines.paperdex_j2.ingest_s] | .[0] < .[1]"
    has_line "$TMP/table.txt" "^\\| SQLite FTS5 \\|"
    has_line "$TMP/table.txt" "^\\| paperdex --jobs 2 \\|"
    has_line "$TMP/table.txt" "^paperdex --jobs 2: the merge of the two halves took"'

test_expect "the paperdex index it built is sound and holds every paper" '
    run 0 "$TMP/c" pdx check --db "$TMP/bench/paperdex-j1.db"
    run 0 "$TMP/s.json" pdx stats --db "$TMP/bench/paperdex-j1.db" --json
    json_ok "$TMP/s.json" ".papers == 300"'

test_expect "queries alone rerun on the same indexes, twice, with ratios and no ingest figures" '
    run 0 "$TMP/qtable.txt" "$PDX_BENCH_BIN" queries --dir "$TMP/bench" --repeat 2 --json "$TMP/q.json"
    json_ok "$TMP/q.json" ".papers == 300 and .repeat == 2 and .queries_only == true and .queries == 40 and (has(\"seed\") | not)"
    json_ok "$TMP/q.json" "[.engines.paperdex_j1, .engines.fts5, .engines.xapian_min | .latency_ms.all.p99 > 0] | all"
    json_ok "$TMP/q.json" "[.engines[] | has(\"ingest_s\")] | any | not"
    json_ok "$TMP/q.json" ".ratios.fts5.p99 > 0 and .ratios.xapian_min.p50 > 0"
    [ "$(grep -c "queries\.\.\." "$TMP/qtable.txt.err")" = 6 ]
    has_line "$TMP/qtable.txt" "^\\| SQLite FTS5 \\| [0-9]"'

test_expect "queries alone on a directory without a run says so" '
    set +e
    "$PDX_BENCH_BIN" queries --dir "$TMP/nothing" 2> "$TMP/err.txt"
    rc=$?
    set -e
    [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] || fail "exit $rc"
    has_line "$TMP/err.txt" "nothing/paperdex-j1.db"'

test_done
