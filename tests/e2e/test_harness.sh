#!/bin/bash
# Regression test for the e2e harness itself.  Bug: test_expect ran each
# body as the condition of an `if`, where POSIX shells ignore `set -e`, so
# a failing check in the middle of a body was silently passed over and only
# the last command decided the result.
. "$(dirname "$0")/lib.sh"
# the scripts run here must not stop early (tools/mutants.sh sets it)
unset PDX_FAIL_FAST

# (The output goes to a file, never into `grep -q`: under pipefail the
# writer's SIGPIPE, when grep stops reading early, failed the test now and
# then.)
test_expect "a body whose middle command fails is reported as failing" '
    expect_exit 1 bash -c ". \"$(dirname "$0")/lib.sh\"; test_expect inner \"false; true\"; test_done" > "$TMP/mid" 2>&1
    has_line "$TMP/mid" "^not ok - inner"'

test_expect "a body whose every command succeeds passes" '
    run 0 "$TMP/all" bash -c ". \"$(dirname "$0")/lib.sh\"; test_expect inner \"true; true\"; test_done"
    has_line "$TMP/all" "^ok - inner"'

# inner BODY: runs BODY as the only test of a fresh harness; prints its
# TAP and exits as that script would.
inner() {
    bash -c ". \"$LIB\"; test_expect inner \"\$1\"; test_done" inner "$1"
}
LIB="$(cd "$(dirname "$0")" && pwd)/lib.sh"

test_expect "json_ok fails on empty output, invalid JSON, and a value of a stream that is false" '
    : > "$TMP/empty"
    printf "{\"a\": 1}\n{\"a\": 2}\n" > "$TMP/two"
    printf "{\"a\": " > "$TMP/cut"
    expect_exit 1 json_ok "$TMP/empty" "true" 9>/dev/null
    expect_exit 1 json_ok "$TMP/cut" "true" 9>/dev/null 2>/dev/null
    expect_exit 1 json_ok "$TMP/two" ".a == 2" 9>/dev/null
    json_ok "$TMP/two" ".a >= 1"
    expect_exit 1 json_get "$TMP/two" ".a" 9>/dev/null
    expect_exit 1 json_get "$TMP/empty" ".a" 9>/dev/null'

test_expect "run fails on an unexpected exit code, a crash included, and keeps the output" '
    expect_exit 1 bash -c ". \"$LIB\"; run 0 \"$TMP/o\" sh -c \"echo out; echo err >&2; kill -ABRT \\\$\\\$\"" 2>/dev/null
    [ "$(cat "$TMP/o")" = out ]
    [ "$(cat "$TMP/o.err")" = err ]
    run 3 "$TMP/o" sh -c "exit 3"
    expect_exit 1 bash -c ". \"$LIB\"; run_in \"0|3\" \"$TMP/o\" sh -c \"exit 134\"" 2>/dev/null
    run_in "0|3" "$TMP/o" sh -c "exit 3"'

test_expect "no_line fails when a line matches; a ! command would not" '
    printf "a\nb\n" > "$TMP/ab"
    no_line "$TMP/ab" "^c$"
    expect_exit 1 no_line "$TMP/ab" "^b$" 9>/dev/null
    out=$(inner "! true; true") || exit 1
    echo "$out" > "$TMP/o"
    has_line "$TMP/o" "^ok - inner"'

test_expect "a failing check inside a helper function fails the test" '
    out=$(inner "f() { false; true; }; f") && exit 1
    echo "$out" > "$TMP/o"
    has_line "$TMP/o" "^not ok - inner"'

test_expect "a script with no passing test fails; a skip after a test is an error" '
    expect_exit 1 bash -c ". \"$LIB\"; test_done" > /dev/null
    expect_exit 1 bash -c ". \"$LIB\"; test_expect a true; skip_all late" > /dev/null 2>&1
    expect_exit 77 bash -c ". \"$LIB\"; skip_all early" > /dev/null'

test_expect "need_shared skips without ../shared, and fails under CI=true" '
    expect_exit 77 env PDX_SHARED="$TMP/none" CI= bash -c ". \"$LIB\"; need_shared; test_expect a true; test_done" > /dev/null
    expect_exit 1 env PDX_SHARED="$TMP/none" CI=true bash -c ". \"$LIB\"; need_shared; test_expect a true; test_done" > /dev/null'

test_expect "setup stops the script when a command before the tests fails" '
    expect_exit 1 bash -c ". \"$LIB\"; setup false; test_expect a true; test_done" > "$TMP/o"
    has_line "$TMP/o" "^not ok - setup: false"'

test_expect "the leak suppressions name the one known btparse frame and nothing else" '
    grep -v "^#" "$(dirname "$0")/../lsan.supp" | grep -v "^$" > "$TMP/supp"
    [ "$(cat "$TMP/supp")" = "leak:bt_postprocess_value" ]'

test_done
