# lib.sh — the end-to-end test harness (after notmuch's test/test-lib.sh).
#
#   . "$(dirname "$0")/lib.sh"
#   test_expect "ingest twice leaves stats unchanged" '
#       pdx ingest "$DATA/sample" && ...'
#   test_done
#
# Each test body runs in a subshell with `set -e`; its output is shown
# only when it fails.  $PAPERDEX is the command under test, $PAPERDEX_DB a
# fresh database per script, $DATA the project's fixtures, $SHARED the
# user's ../shared (need_shared skips the script when it is absent).
set -u
: "${PAPERDEX:?PAPERDEX must name the paperdex binary}"
DATA=${PDX_TEST_DATA:?}
SHARED=${PDX_SHARED:-}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pdx-e2e-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export PAPERDEX_DB="$TMP/db"
export NO_COLOR=1
_pass=0
_fail=0

pdx() { "$PAPERDEX" "$@"; }

# Runs a command and checks its exit code: expect_exit CODE cmd...
expect_exit() {
    want=$1
    shift
    set +e
    "$@"
    got=$?
    set -e
    if [ "$got" != "$want" ]; then
        echo "expected exit $want, got $got: $*" >&2
        return 1
    fi
}

test_expect() {
    # Not `if (set -e; ...)`: a shell ignores set -e wherever the status is
    # tested, so only the body's last command would count.
    (set -e; eval "$2") >"$TMP/out" 2>&1
    if [ $? -eq 0 ]; then
        _pass=$((_pass + 1))
        echo "ok - $1"
    else
        _fail=$((_fail + 1))
        echo "not ok - $1"
        sed 's/^/    /' "$TMP/out"
    fi
}

need_shared() {
    if [ -z "$SHARED" ] || [ ! -d "$SHARED/seeds" ]; then
        echo "skipped: ../shared is absent (CI always has it)"
        exit 77
    fi
}

test_done() {
    echo "# $_pass passed, $_fail failed"
    [ "$_fail" -eq 0 ]
}
