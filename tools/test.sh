#!/bin/sh
# test.sh — sets up a fresh Debian machine, builds paperdex with
# AddressSanitizer and UndefinedBehaviorSanitizer, and runs every test
# (cmocka unit tests and end-to-end tests of the command) through ctest.
# Tests that need ../shared (the user's seed pages, samples and evaluation
# collections) skip with a message when it is absent -- and fail under
# CI=true, where it must be present; ctest lists skipped tests by name.
# Then tools/install-check.sh installs a Release build into a temporary
# prefix and builds and runs examples/search.c against it.
# Then every libFuzzer target runs for PDX_FUZZ_SECONDS (default 30; 0
# skips fuzzing).  Last, tools/mutants.sh checks that the end-to-end suite
# notices each of its broken paperdex wrappers, on a Release build
# (PDX_MUTANTS=0 skips it).  See docs/testing.md.
set -eu
cd "$(dirname "$0")/.."
sh tools/install-deps.sh
if [ "${CI:-}" = true ] && [ ! -d ../shared/seeds ]; then
    echo "test.sh: CI=true but ../shared is missing; the tests that need it would not run" >&2
    exit 1
fi
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build-asan -DPDX_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j "$jobs"
cd build-asan
# ASAN_OPTIONS and LSAN_OPTIONS are set per test by tests/CMakeLists.txt
# (new_delete_type_mismatch is off: Xapian's Database::check trips it).
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure -j "$jobs"
cd ..
sh tools/install-check.sh   # cmake --install, pkg-config, find_package, examples/
if [ "${PDX_FUZZ_SECONDS:-30}" != 0 ]; then
    sh tools/fuzz.sh "${PDX_FUZZ_SECONDS:-30}"
fi
if [ "${PDX_MUTANTS:-}" != 0 ]; then
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build -j "$jobs" --target paperdex_cli pdx-gencorpus pdx-genpages
    bash tools/mutants.sh build/paperdex
fi
