#!/bin/sh
# fuzz.sh [SECONDS] — builds the libFuzzer targets with clang (ASan+UBSan)
# and runs each for SECONDS (default $PDX_FUZZ_SECONDS, else 60), seeded
# from the project's fixtures.  Crashes are kept in build-fuzz/crashes/ and
# make the script fail; the corpus grows in build-fuzz/corpus/ and is
# reused by the next run.  Targets run one per core at a time.  A long run:
# sh tools/fuzz.sh 3600
set -eu
cd "$(dirname "$0")/.."
secs=${1:-${PDX_FUZZ_SECONDS:-60}}
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DPDX_FUZZ=ON -DPDX_TESTS=OFF -DPDX_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-fuzz -j "$jobs" >/dev/null
mkdir -p build-fuzz/crashes

# fuzz_one NAME: runs build-fuzz/tests/fuzz/fuzz_NAME for $secs seconds and
# writes "fuzz NAME: ..." (and, on a crash, the log's tail) to
# build-fuzz/NAME.result; the first word of its last line is ok or FAILED.
fuzz_one() {
    name=$1
    bin=build-fuzz/tests/fuzz/fuzz_$name
    corpus=build-fuzz/corpus/$name
    mkdir -p "$corpus"
    # seeds: tests/data/<reader>/ for readers, tests/fuzz/<name>/ otherwise
    case $name in
        reader_csv | reader_tsv) seeds="tests/data/table" ;;
        reader_csl-json) seeds="tests/data/csljson" ;;
        reader_*) seeds="tests/data/${name#reader_} tests/data/sample" ;;
        text) seeds="tests/fuzz/names tests/data/listing" ;;
        cli) seeds="tests/fuzz/cli" ;;
        *) seeds="tests/fuzz/$name" ;;
    esac
    for d in $seeds; do
        [ -d "$d" ] && find "$d" -maxdepth 1 -type f -exec cp {} "$corpus/" \;
    done
    # the command line prints: keep its output out of the log
    extra=""
    [ "$name" = cli ] && extra="-close_fd_mask=3"
    log=build-fuzz/$name.log
    res=build-fuzz/$name.result
    if ASAN_OPTIONS=detect_leaks=1:new_delete_type_mismatch=0 \
        LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp UBSAN_OPTIONS=halt_on_error=1 \
        "$bin" -max_total_time="$secs" $extra \
        -max_len=65536 -timeout=20 -rss_limit_mb=2560 -print_final_stats=1 \
        -artifact_prefix="build-fuzz/crashes/$name-" "$corpus" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        { echo "fuzz $name: ${runs:-?} runs in ${secs}s, no crash"; echo "ok ${runs:-0}"; } > "$res"
    else
        { echo "fuzz $name: FAILED (see $log and build-fuzz/crashes/)"; tail -30 "$log";
          echo "FAILED 0"; } > "$res"
    fi
}

# The targets run $jobs at a time (a batch of one per core), so CI's time
# grows with the number of targets over the cores, not with the number.
names=""
for bin in build-fuzz/tests/fuzz/fuzz_*; do
    names="$names ${bin##*/fuzz_}"
done
set -- $names
while [ $# -gt 0 ]; do
    batch=""
    k=0
    while [ $# -gt 0 ] && [ "$k" -lt "$jobs" ]; do
        fuzz_one "$1" &
        batch="$batch $1"
        shift
        k=$((k + 1))
    done
    wait
    for name in $batch; do
        sed '$d' "build-fuzz/$name.result"
    done
done
failed=""
total=0
for name in $names; do
    set -- $(tail -1 "build-fuzz/$name.result")
    [ "$1" = ok ] || failed="$failed $name"
    total=$((total + $2))
done
echo "fuzz: $total executions in all"
[ -z "$failed" ] || { echo "fuzz: crashes in:$failed" >&2; exit 1; }
