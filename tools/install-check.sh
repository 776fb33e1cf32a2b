#!/bin/sh
# install-check.sh — checks that `cmake --install` gives a usable paperdex:
# builds a Release tree without tests or benchmark (build-install/, kept
# between runs so a rerun is quick), installs it into a temporary prefix,
# checks that every installed file is there, builds examples/search.c
# against the prefix through pkg-config (shared, then --static) and through
# find_package(paperdex), ingests tests/data/sample with the installed
# command and runs the example on it.  Exits non-zero, naming the failed
# step, on any failure.  Run by tools/test.sh after ctest.
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pdx-install-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
log=$tmp/log

fail() {
    echo "install-check: FAILED: $*" >&2
    if [ -s "$log" ]; then
        echo "--- output of the failed step:" >&2
        tail -n 40 "$log" >&2
    fi
    exit 1
}
step() {  # step WHAT cmd...: run cmd, its output kept in $log
    what=$1
    shift
    "$@" >"$log" 2>&1 || fail "$what"
}

step "configure (cmake -S . -B build-install)" \
    cmake -S . -B build-install -DCMAKE_BUILD_TYPE=Release -DPDX_TESTS=OFF -DPDX_BENCH=OFF
step "build (cmake --build build-install)" cmake --build build-install -j "$jobs"
step "install (cmake --install build-install --prefix $prefix)" \
    cmake --install build-install --prefix "$prefix"

# Every file the install promises.
for f in bin/paperdex lib/libpaperdex.a lib/libpaperdex.so lib/libpaperdex.so.0 \
         include/paperdex.h lib/pkgconfig/paperdex.pc \
         lib/cmake/paperdex/paperdexConfig.cmake lib/cmake/paperdex/paperdexConfigVersion.cmake \
         lib/cmake/paperdex/paperdexTargets.cmake share/man/man1/paperdex.1 \
         share/bash-completion/completions/paperdex share/zsh/site-functions/_paperdex \
         share/doc/paperdex/LICENSE; do
    [ -e "$prefix/$f" ] || fail "not installed: $f"
done
[ -x "$prefix/bin/paperdex" ] || fail "bin/paperdex is not executable"
readelf -d "$prefix/lib/libpaperdex.so" | grep -q 'SONAME.*libpaperdex\.so\.0' ||
    fail "libpaperdex.so has no SONAME libpaperdex.so.0"
if command -v groff >/dev/null 2>&1; then  # not on a minimal machine
    groff -man -Tutf8 -ww -z "$prefix/share/man/man1/paperdex.1" >"$log" 2>&1 || true
    [ ! -s "$log" ] || fail "groff warns about the man page"
fi
step "bash completion (bash -n)" bash -n "$prefix/share/bash-completion/completions/paperdex"
"$prefix/bin/paperdex" --version | grep -q '^paperdex [0-9.]* (Xapian [0-9.]*)$' ||
    fail "installed paperdex --version does not say 'paperdex X (Xapian Y)'"

# The example, through pkg-config: shared, then static.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
step "pkg-config --cflags --libs paperdex" pkg-config --cflags --libs paperdex
cflags=$(pkg-config --cflags paperdex)
libs=$(pkg-config --libs paperdex)
static_libs=$(pkg-config --static --libs paperdex | sed 's/-lpaperdex\b/-l:libpaperdex.a/')
# shellcheck disable=SC2086  # the flags are words
step "build examples/search.c against libpaperdex.so" \
    cc -std=c11 -Wall -Wextra -Werror $cflags -o "$tmp/search" examples/search.c $libs
# shellcheck disable=SC2086
step "build examples/search.c against libpaperdex.a (pkg-config --static)" \
    cc -std=c11 -Wall -Wextra -Werror $cflags -o "$tmp/search-static" examples/search.c $static_libs
readelf -d "$tmp/search" | grep -q 'NEEDED.*libpaperdex\.so\.0' ||
    fail "the shared example does not load libpaperdex.so.0"
if readelf -d "$tmp/search-static" | grep -q 'NEEDED.*libpaperdex'; then
    fail "the static example still loads libpaperdex.so"
fi

# The example, through find_package(paperdex) in a CMake project.
mkdir "$tmp/cmake-example"
cat >"$tmp/cmake-example/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.18)
project(search C)
find_package(paperdex 0.1 REQUIRED)
add_executable(search $src/examples/search.c)
target_link_libraries(search PRIVATE paperdex::paperdex)
add_executable(search-static $src/examples/search.c)
target_link_libraries(search-static PRIVATE paperdex::paperdex_static)
CMAKE
step "find_package(paperdex): configure" \
    cmake -S "$tmp/cmake-example" -B "$tmp/cmake-example/build" -DCMAKE_PREFIX_PATH="$prefix"
step "find_package(paperdex): build" cmake --build "$tmp/cmake-example/build"

# The installed command and the example on the bundled sample.
db=$tmp/db
step "installed paperdex ingest tests/data/sample" \
    "$prefix/bin/paperdex" ingest --quiet --db "$db" tests/data/sample
want="Measuring Calibration of LLMs under Distribution Shift"
for prog in "$tmp/search" "$tmp/search-static" "$tmp/cmake-example/build/search" \
            "$tmp/cmake-example/build/search-static"; do
    LD_LIBRARY_PATH="$prefix/lib" "$prog" "$db" "calibration distribution shift" >"$log" 2>&1 ||
        fail "$(basename "$prog") $db 'calibration distribution shift' exited non-zero"
    grep -q "	$want\$" "$log" || fail "$(basename "$prog") did not list '$want'"
done
echo "install-check: ok ($prefix: bin, lib .so/.a, header, pkg-config, CMake package, man page, completions, licence)"
