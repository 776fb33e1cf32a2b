#!/bin/sh
# bench.sh — sets up a fresh Debian machine, builds paperdex for speed
# (Release) and runs the benchmark: paperdex against SQLite FTS5 and a
# minimal Xapian loader/searcher on one synthetic corpus, in one run.
#
#   sh tools/bench.sh                        # 200k papers, 3 runs, medians
#   sh tools/bench.sh --n 1M --repeat 3      # a million papers
#   sh tools/bench.sh --n 300 --repeat 1     # a smoke run (seconds)
#   sh tools/bench.sh shards --n 50k --repeat 3
#       # paperdex alone as 1, 2 and 4 shards: ingest, then queries on one
#       # database, 4 local shards and 4 served on loopback (serve-shard)
#   sh tools/bench.sh queries --repeat 3     # only a run's queries again
#
# Options are pdx-bench's (tools/bench.c, tools/bench_shards.c): --n N,
# --repeat R, --seed S, --nq N, --dir DIR (default bench-run/, corpus and
# indexes; needs about 12 KB per paper; `shards` reuses the corpus there),
# --batch B (paperdex ingest --batch), --json FILE (default
# bench-MODE.json), shards: --shards-list 1,2,4, --feedback off|on|auto.
# The table goes to standard output, progress to standard error.
set -eu
cd "$(dirname "$0")/.."
sh tools/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DPDX_TESTS=OFF >/dev/null
cmake --build build-release -j "$jobs" --target paperdex_cli pdx-bench pdx-gencorpus >/dev/null
mode=run
case "${1:-}" in
    shards|queries) mode=$1; shift ;;
esac
exec build-release/pdx-bench "$mode" --json "bench-$mode.json" "$@"
