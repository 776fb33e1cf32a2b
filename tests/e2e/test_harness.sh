#!/bin/sh
# Regression test for lib.sh: test_expect ran its body as
# `if (set -e; eval ...)`, and a shell ignores set -e wherever the status
# is tested, so only the body's last command counted and a failing check
# in the middle of a test passed unnoticed.
. "$(dirname "$0")/lib.sh"

(test_expect "inner" 'false
    true') > "$TMP/inner" 2>&1

test_expect "a failing command in the middle of a test body fails the test" '
    grep -q "^not ok - inner" "$TMP/inner"'

test_done
