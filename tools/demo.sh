#!/bin/sh
# demo.sh — sets up a fresh Debian machine, builds paperdex, ingests the
# bundled sample (tests/data/sample: a listing page and a JSONL reading
# list, written for this project) into build/demo.db, and shows a topic
# search, an author search and a coauthor list.
set -eu
cd "$(dirname "$0")/.."
sh tools/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$jobs" --target paperdex_cli
db=build/demo.db
rm -rf "$db"
set -x
build/paperdex ingest --db "$db" tests/data/sample
build/paperdex search --db "$db" "language model calibration"
build/paperdex author --db "$db" "Jorg Wendel"
build/paperdex coauthors --db "$db" "Amara Okafor"
