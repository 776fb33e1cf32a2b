#!/bin/bash
# End-to-end: what an installed paperdex says about itself.  `paperdex
# --version` names paperdex's version and the version of the Xapian library
# it runs on (pdx_xapian_version), so a bug report says which Xapian it
# was.  The install itself (files, pkg-config, find_package, the example
# program) is checked by tools/install-check.sh.
. "$(dirname "$0")/lib.sh"

test_expect "--version prints paperdex's version and Xapian's" '
    run 0 "$TMP/version" pdx --version
    has_line "$TMP/version" "^paperdex [0-9]+\.[0-9]+\.[0-9]+ \(Xapian [0-9]+\.[0-9]+\.[0-9]+\)$"'

test_done
