#!/bin/sh
# test.sh — sets up a fresh Debian machine, builds paperdex with
# AddressSanitizer and UndefinedBehaviorSanitizer, and runs every test
# (cmocka unit tests and end-to-end tests of the command) through ctest.
# Tests that need ../shared (the user's seed pages, samples and evaluation
# collections) skip with a message when it is absent.  Then every libFuzzer
# target runs for PDX_FUZZ_SECONDS (default 60; 0 skips fuzzing).
set -eu
cd "$(dirname "$0")/.."
sh tools/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build-asan -DPDX_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j "$jobs"
cd build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:new_delete_type_mismatch=0 \
LSAN_OPTIONS=suppressions=$(pwd)/../tests/lsan.supp \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure -j "$jobs"
cd ..
if [ "${PDX_FUZZ_SECONDS:-60}" != 0 ]; then
    sh tools/fuzz.sh "${PDX_FUZZ_SECONDS:-60}"
fi
