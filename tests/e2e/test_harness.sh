#!/bin/bash
# Regression test for the e2e harness itself.  Bug: test_expect ran each
# body as the condition of an `if`, where POSIX shells ignore `set -e`, so
# a failing check in the middle of a body was silently passed over and only
# the last command decided the result.
. "$(dirname "$0")/lib.sh"

test_expect "a body whose middle command fails is reported as failing" '
    out=$(bash -c ". \"$(dirname "$0")/lib.sh\"; test_expect inner \"false; true\"; test_done" 2>&1) && exit 1
    echo "$out" | grep -q "not ok - inner"'

test_expect "a body whose every command succeeds passes" '
    bash -c ". \"$(dirname "$0")/lib.sh\"; test_expect inner \"true; true\"; test_done" | grep -q "^ok - inner"'

test_done
