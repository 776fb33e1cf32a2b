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

# refused HOST_PORT...: nothing accepts a connection on any of the ports
# (a server the benchmark started and should have stopped).
refused() {
    for _p in "$@"; do
        if (exec 3<> "/dev/tcp/127.0.0.1/$_p") 2> /dev/null; then
            fail "port $_p still accepts connections"
            return 1
        fi
    done
}

# stub_ports STUB: the ports of a stub's `remote tcp` lines.
stub_ports() { sed -n 's/^remote tcp 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$1"; }

test_expect "shards: 1, 2 and 4 shards ingest every paper; one, local and remote all answer" '
    run 0 "$TMP/sh.txt" "$PDX_BENCH_BIN" shards --n 300 --repeat 1 --nq 40 --dir "$TMP/sh" --json "$TMP/sh.json"
    json_ok "$TMP/sh.json" ".papers == 300 and .seed == 1 and .repeat == 1 and .jobs == 2"
    json_ok "$TMP/sh.json" ".queries == 40 and .topic_queries > 0 and .author_queries > 0"
    json_ok "$TMP/sh.json" "[.ingest[].shards] == [1, 2, 4]"
    json_ok "$TMP/sh.json" "[.ingest[] | .papers == 300 and .ingest_s > 0 and .papers_per_s > 0 and .peak_rss_mb > 0 and .size_mb > 0 and .compact_s > 0 and .compacted_mb > 0] | all"
    json_ok "$TMP/sh.json" "(.search | keys) == [\"local\", \"one\", \"remote\"]"
    json_ok "$TMP/sh.json" "[.search.one.shards, .search.local.shards, .search.remote.shards] == [1, 4, 4]"
    json_ok "$TMP/sh.json" "[.search[] | .papers == 300 and ([.latency_ms[] | .p50 > 0 and .p99 >= .p50] | all)] | all"
    json_ok "$TMP/sh.json" "([.ratios.local[], .ratios.remote[] | . > 0] | all) and (.ratios | keys) == [\"local\", \"remote\"]"
    has_line "$TMP/sh.txt" "^\\| 4 shards \\| [0-9.]+ \\| [0-9]+ \\|"
    has_line "$TMP/sh.txt" "^\\| 4 remote shards \\| [0-9]"
    lines "$TMP/sh/remote-4.stub" 4
    stub_ports "$TMP/sh/remote-4.stub" > "$TMP/ports"
    lines "$TMP/ports" 4
    refused $(cat "$TMP/ports")'

test_expect "shards: the 4-shard database it built is sound and holds every paper" '
    run 0 "$TMP/c" pdx check --db "$TMP/sh/shards-4.db"
    run 0 "$TMP/s.json" pdx stats --db "$TMP/sh/shards-4.db" --json
    json_ok "$TMP/s.json" ".papers == 300"'

test_expect "shards: killed while it searches, it stops its servers" '
    "$PDX_BENCH_BIN" shards --repeat 1 --shards-list 2 --dir "$TMP/sh" > "$TMP/k.txt" 2> "$TMP/k.err" &
    pid=$!
    wait_line "$TMP/k.err" "servers on loopback"
    stub_ports "$TMP/sh/remote-2.stub" > "$TMP/kports"
    lines "$TMP/kports" 2
    kill -TERM "$pid"
    set +e
    wait "$pid"
    rc=$?
    set -e
    [ "$rc" = 143 ] || fail "exit $rc, not killed by SIGTERM (143)"
    refused $(cat "$TMP/kports")'

test_expect "shards: a corpus of another size in --dir, or a bad --shards-list, is refused" '
    expect_exit 1 "$PDX_BENCH_BIN" shards --n 500 --dir "$TMP/sh" 2> "$TMP/n.err"
    has_line "$TMP/n.err" "corpus.jsonl holds 300 papers, not --n"
    for bad in 4,2 0 1,,2 2,2 1,2, x; do
        expect_exit 2 "$PDX_BENCH_BIN" shards --shards-list "$bad" --dir "$TMP/never"
    done
    [ ! -e "$TMP/never" ] || fail "a refused run made its --dir"'

test_done
