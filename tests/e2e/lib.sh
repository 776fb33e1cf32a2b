# lib.sh — the end-to-end test harness (after notmuch's test/test-lib.sh).
#
#   . "$(dirname "$0")/lib.sh"
#   test_expect "ingest twice leaves stats unchanged" '
#       run 0 "$TMP/a.json" pdx ingest --json "$DATA/sample"
#       json_ok "$TMP/a.json" ".added >= 1"'
#   test_done
#
# Scripts run under bash with `set -o pipefail`, so an exit status is never
# lost in a pipe.  Each test body runs in a subshell with `set -e`; its
# output is shown only when it fails.  Rules that keep a test able to fail:
#
#   - every call of paperdex goes through `run CODE FILE cmd…` (exit status
#     checked, stdout captured to FILE, stderr to FILE.err) or, where the
#     exit status is the whole check, `expect_exit CODE cmd…`;
#   - JSON is checked with `json_ok FILE COND`: it fails on an empty file
#     or a file that does not parse, and COND must hold for every value;
#   - no `|| true` around the command under test, no `a && b` chains (set -e
#     ignores all but the last command of such a list), no `! cmd` (set -e
#     ignores it: use no_line);
#   - skips only at the top of a script (need_shared, skip_all);
#   - commands run before the first test go through `setup cmd…`;
#   - no sleep to wait for another process: wait_line on what it prints.
#
# $PAPERDEX is the command under test, $PAPERDEX_DB a fresh database per
# script, $DATA the project's fixtures ($PDX_TEST_DATA), $SHARED the user's
# ../shared ($PDX_SHARED).  Under CI=true a missing ../shared fails.
set -u
set -o pipefail
: "${PAPERDEX:?PAPERDEX must name the paperdex binary}"
DATA=${PDX_TEST_DATA:?}
SHARED=${PDX_SHARED:-}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pdx-e2e-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export PAPERDEX_DB="$TMP/db"
export NO_COLOR=1
_pass=0
_fail=0
_started=0

# ASAN_OPTIONS come from tests/CMakeLists.txt (new_delete_type_mismatch is
# off there: Xapian's Database::check, run by check and when a small
# database is opened, trips it inside libxapian).
pdx() { "$PAPERDEX" "$@"; }

# Says why a check failed, on fd 9 (the test's log, even when the
# helper's stderr was redirected: `expect_exit 3 pdx … 2> err`), else on
# stderr.
fail() {
    if { true >&9; } 2>/dev/null; then
        echo "FAIL: $*" >&9
    else
        echo "FAIL: $*" >&2
    fi
    return 1
}

# run, run_in and expect_exit leave `set -e` as they found it, so a call at
# the top level of a script (outside test_expect) cannot switch it on and
# end the script silently at the next failing test.

# Runs a command and checks its exit code: expect_exit CODE cmd...
# A sanitizer abort (134) or a signal (>= 128) is never an expected code.
expect_exit() {
    _want=$1
    shift
    _errexit=${-//[^e]/}
    set +e
    "$@"
    _got=$?
    if [ -n "$_errexit" ]; then set -e; fi
    if [ "$_got" != "$_want" ]; then
        fail "expected exit $_want, got $_got: $*"
        return 1
    fi
}

# run CODE FILE cmd...: runs cmd with stdout in FILE and stderr in FILE.err,
# and fails unless it exits with CODE.  On failure the captured stderr is
# shown, so a sanitizer report reaches the log.
run() {
    run_in "$@"
}

# run_in CODES FILE cmd...: like run, for a command whose outcome may be
# any of several documented codes (CODES: "0|3"); a crash (>= 128) or an
# undocumented code fails.  The code is left in $RUN_CODE.
run_in() {
    _want=$1
    _file=$2
    shift 2
    _errexit=${-//[^e]/}
    set +e
    "$@" >"$_file" 2>"$_file.err"
    RUN_CODE=$?
    if [ -n "$_errexit" ]; then set -e; fi
    case "|$_want|" in
    *"|$RUN_CODE|"*) return 0 ;;
    esac
    sed 's/^/    stderr: /' "$_file.err" >&2
    fail "expected exit ${_want//|/ or }, got $RUN_CODE: $*"
    return 1
}

# setup cmd...: a command run before the tests (an ingest of fixtures).
# Its failure fails the whole script at once, with its output.
setup() {
    if ! "$@" >"$TMP/setup.out" 2>&1; then
        echo "not ok - setup: $*"
        sed 's/^/    /' "$TMP/setup.out"
        exit 1
    fi
}

# json_ok FILE COND: FILE holds one or more JSON values, and COND (a jq
# expression) is true of every one of them.  Fails on an empty file, on
# text that does not parse, and when COND is false or null for any value.
json_ok() {
    [ -s "$1" ] || { fail "no output in $1 (expected JSON)"; return 1; }
    _v=$(jq -s "length > 0 and all(.[]; ($2) == true)" "$1") ||
        { fail "not JSON: $1"; return 1; }
    [ "$_v" = true ] || { fail "jq '$2' is not true of every value in $1: $(head -c 600 "$1")"; return 1; }
}

# json_get FILE EXPR: prints jq -r EXPR of the single JSON value in FILE;
# fails on an empty file, several values, invalid JSON, or a null result.
json_get() {
    [ -s "$1" ] || { fail "no output in $1 (expected JSON)"; return 1; }
    _n=$(jq -s length "$1") || { fail "not JSON: $1"; return 1; }
    [ "$_n" = 1 ] || { fail "expected one JSON value in $1, got $_n"; return 1; }
    _v=$(jq -r "$2" "$1") || { fail "jq '$2' failed on $1"; return 1; }
    [ "$_v" != null ] || { fail "jq '$2' is null in $1"; return 1; }
    printf '%s\n' "$_v"
}

# json_eq FILE EXPR VALUE: jq -r EXPR of the single JSON value in FILE
# prints exactly VALUE (json_get's checks first).
json_eq() {
    _v=$(json_get "$1" "$2") || return 1
    [ "$_v" = "$3" ] || { fail "jq '$2' of $1 is '$_v', expected '$3'"; return 1; }
}

# same_answers FILE_A FILE_B: the same JSON values, scores within 1e-9
# (sums over shards run in another order), and nothing else different but
# took_ms and the database's name; papers of exactly equal score in any
# order (Xapian breaks the tie by document id, which sharding renumbers).
same_answers() {
    _r=$(jq -n --slurpfile a "$1" --slurpfile b "$2" '
        def ties: walk(if type == "object" and (.hits | type) == "array"
            then .hits |= (sort_by([-((.score // 0) * 1e6 | round), .id]) | map(del(.rank)))
            else . end);
        def strip: ties | walk(if type == "object" then del(.score, .took_ms, .db) else . end);
        def scores: [.. | objects | select(has("score")) | .score];
        def absd: if . < 0 then -. else . end;
        ($a | map(scores) | flatten) as $x | ($b | map(scores) | flatten) as $y
        | ($a | length) > 0 and ($a | map(strip)) == ($b | map(strip))
          and ($x | length) == ($y | length)
          and all(range($x | length); (($x[.] - $y[.]) | absd) <= 1e-9)') || return 1
    [ "$_r" = true ] || { fail "$1 and $2 differ: $(diff <(jq -S "walk(if type == \"object\" then del(.score, .took_ms) else . end)" "$1") <(jq -S "walk(if type == \"object\" then del(.score, .took_ms) else . end)" "$2") | head -20)"; return 1; }
}

# lines FILE N: FILE has exactly N lines.
lines() {
    _n=$(wc -l < "$1") || return 1
    [ "$_n" -eq "$2" ] || { fail "$1 has $_n lines, expected $2"; return 1; }
}

# wait_line FILE ERE [SECONDS]: waits (default 60 s) until FILE has a line
# matching ERE: synchronisation on what a program says, never on time.
wait_line() {
    _end=$(( $(date +%s) + ${3:-60} ))
    while ! grep -Eq -- "$2" "$1" 2>/dev/null; do
        if [ "$(date +%s)" -gt "$_end" ]; then
            fail "no line matching '$2' in $1 after ${3:-60}s: $(head -c 600 "$1" 2>/dev/null)"
            return 1
        fi
        sleep 0.02
    done
}

# no_line FILE PATTERN: no line of FILE matches the grep -E pattern.  (Not
# `! grep …`: set -e ignores a command inverted with !, so it never fails.)
no_line() {
    [ -e "$1" ] || { fail "no file $1"; return 1; }
    if grep -Eq -- "$2" "$1"; then
        fail "a line matches '$2' in $1: $(grep -Em3 -- "$2" "$1")"
        return 1
    fi
}

# has_line FILE PATTERN: FILE contains a line matching the grep -E pattern.
has_line() {
    grep -Eq -- "$2" "$1" || { fail "no line matching '$2' in $1: $(head -c 600 "$1")"; return 1; }
}

# The body must not run as the condition of an `if`: POSIX ignores `set -e`
# there, even inside a subshell, and only the last command would count.
test_expect() {
    _started=1
    (set -e; ${PDX_TRACE:+set -x}; eval "$2") >"$TMP/out" 2>&1 9>&2
    _rc=$?
    if [ "$_rc" -eq 0 ]; then
        _pass=$((_pass + 1))
        echo "ok - $1"
    else
        _fail=$((_fail + 1))
        echo "not ok - $1"
        sed 's/^/    /' "$TMP/out"
        _fail_fast
    fi
}

# With PDX_FAIL_FAST=1 (tools/mutants.sh) a script stops at its first
# failing test.
_fail_fast() {
    if [ "${PDX_FAIL_FAST:-}" = 1 ]; then
        echo "# stopped at the first failure (PDX_FAIL_FAST=1)"
        exit 1
    fi
}

# Skips the whole script (exit 77); only allowed before the first test, so
# a skip can never hide a failure that came earlier.
skip_all() {
    if [ "$_started" = 1 ]; then
        echo "harness error: skip_all after a test ran: $*" >&2
        exit 1
    fi
    echo "skipped: $*"
    exit 77
}

# need_shared [REL...]: skips the script when ../shared (or one of the
# paths REL under it; default seeds) is absent, except under CI=true,
# where it must be there and its absence fails the script.
need_shared() {
    [ $# -gt 0 ] || set -- seeds
    for _rel in "$@"; do
        if [ -z "$SHARED" ] || [ ! -e "$SHARED/$_rel" ]; then
            if [ "${CI:-}" = true ]; then
                echo "not ok - ../shared/$_rel is present (CI=true: it must be; PDX_SHARED='$SHARED')"
                exit 1
            fi
            skip_all "../shared/$_rel is absent (CI always has it)"
        fi
    done
}

test_done() {
    echo "# $_pass passed, $_fail failed"
    [ "$_fail" -eq 0 ] && [ "$_pass" -gt 0 ]
}
