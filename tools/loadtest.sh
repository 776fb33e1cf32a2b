#!/bin/bash
# loadtest.sh — load test of `paperdex serve`, idle and while an ingest of
# 50,000 generated papers runs into the database it serves.  Loopback only;
# bounded by N requests; not part of CI (the figures go to docs/serve.md).
#
#   tools/loadtest.sh [BUILD_DIR] [N] [C]     (default build, 20000, 8)
#
# BUILD_DIR holds a Release build of paperdex and pdx-gencorpus.  Prints
# each phase's throughput and p50/p99 (tools/loadtest.py); exits 1 when a
# request failed or an answer was wrong.
set -eu
cd "$(dirname "$0")/.."
B=$(realpath "${1:-build}")
N=${2:-20000}
C=${3:-8}
W=$(mktemp -d "${TMPDIR:-/tmp}/pdx-load-XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$W"' EXIT

"$B/pdx-gencorpus" --seed 7 --n 5000 -o "$W/base.jsonl"
"$B/pdx-gencorpus" --seed 8 --n 50000 -o "$W/more.jsonl"
printf '%s\n' '{"id": "canary-1", "title": "The Zzcanary Paper", "authors": ["Canary Bird"], "year": 2020}' > "$W/canary.jsonl"
"$B/paperdex" ingest --quiet --db "$W/db" "$W/base.jsonl" "$W/canary.jsonl"

"$B/paperdex" serve --db "$W/db" --listen 127.0.0.1:0 --quiet --threads 4 \
    --max-connections 256 2> "$W/serve.log" &
pid=$!
for _ in $(seq 600); do
    grep -q listening "$W/serve.log" && break
    sleep 0.05
done
port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$W/serve.log")
[ -n "$port" ] || { cat "$W/serve.log" >&2; exit 1; }
url="http://127.0.0.1:$port"
echo "# $(nproc) CPUs; $("$B/paperdex" --version); 5,001 papers served, N=$N, C=$C"

python3 tools/loadtest.py "$url" "$N" "$C" --label idle

# The ingest runs in the background (its ids overlap the first corpus's,
# so some records merge); the load runs until it is done, bounded by 20 N.
( "$B/paperdex" ingest --quiet --db "$W/db" "$W/more.jsonl"; touch "$W/ingest.done" ) &
ingest=$!
start=$(date +%s)
python3 tools/loadtest.py "$url" $((N * 20)) "$C" --until-file "$W/ingest.done" --label "during ingest"
wait "$ingest"
echo "# the ingest of 50,000 papers took $(( $(date +%s) - start )) s; now: $(curl -sS "$url/api/stats")"
python3 tools/loadtest.py "$url" "$N" "$C" --label "idle, after the ingest"
