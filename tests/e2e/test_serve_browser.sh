#!/bin/bash
# End-to-end: the web page of paperdex serve in headless Chromium, driven
# through chromedriver by serve_browser.py (WebDriver, standard library
# only): type, see results, click a facet, go back, open an author and the
# coauthor graph, open a paper, export BibTeX, look at hostile records, fit
# a phone.  Screenshots of each step go to the build directory
# (serve-screenshots/).  Skips where Chromium is absent, except under CI=true.
. "$(dirname "$0")/lib.sh"
for tool in chromium chromedriver python3; do
    if ! command -v "$tool" >/dev/null; then
        if [ "${CI:-}" = true ]; then
            echo "not ok - $tool is installed (CI=true: tools/install-deps.sh installs it)"
            exit 1
        fi
        skip_all "$tool is not installed (Debian: chromium chromium-driver)"
    fi
done
. "$(dirname "$0")/serve_lib.sh"
SHOTS="$PWD/serve-screenshots"
setup pdx ingest --quiet --db "$TMP/db" "$DATA/serve"
serve_start web --db "$TMP/db" --quiet

test_expect "a person can search, filter, browse authors and papers, and cite" '
    run 0 "$TMP/b.out" python3 "$(dirname "$0")/serve_browser.py" "$URL" "$SHOTS"
    has_line "$TMP/b.out" "^ok - the BibTeX button shows the citation"
    has_line "$TMP/b.out" "^ok - the browser console has no errors"
    no_line "$TMP/b.out" "^not ok"'

serve_stop web
test_expect "the server stops cleanly after the browser session" '
    has_line "$TMP/web.rc" "^0$"'

test_done
