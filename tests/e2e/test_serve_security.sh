#!/bin/bash
# End-to-end: paperdex serve against hostile records (<script> titles,
# "><img onerror> authors, javascript: venues, RTL overrides, ANSI escapes,
# a 10 kB title) and hostile requests (path traversal, escapes in the
# path, foreign origins): data leaves only as JSON or text, never as HTML,
# and the page builds no markup from it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
setup pdx ingest --quiet --db "$TMP/db" "$DATA/serve"
serve_start sec --db "$TMP/db"

test_expect "hostile records come back intact, as JSON, never as HTML" '
    http 200 "$TMP/s.json" "/api/search?q=hostile&limit=5"
    json_ok "$TMP/s.json" ".hits[0].title == \"<script>alert('"'"'pwned-title'"'"')</script> Hostile Sheep\""
    json_ok "$TMP/s.json" ".hits[0].authors[0] == \"<img src=x onerror=alert(1)>\" and .hits[0].venue == \"javascript:alert('"'"'venue'"'"')\""
    has_line "$TMP/s.json.h" "^Content-Type: application/json; charset=utf-8"
    has_line "$TMP/s.json.h" "^X-Content-Type-Options: nosniff"
    http 200 "$TMP/p.json" /api/paper/hx-01
    json_ok "$TMP/p.json" ".abstract | test(\"<script>\")"
    has_line "$TMP/p.json.h" "^Content-Type: application/json"'

test_expect "RTL overrides and ANSI escapes survive as escaped JSON" '
    http 200 "$TMP/r.json" "/api/search?q=override"
    json_ok "$TMP/r.json" ".hits[0].title | test(\"\u202e\")"
    has_line "$TMP/r.json" "\\\\u001[Bb]\[31m"
    no_line "$TMP/r.json" $'"'"'\x1b'"'"'
    no_line "$TMP/r.json" $'"'"'\x07'"'"''

test_expect "a 10 kB title is served whole" '
    http 200 "$TMP/l.json" "/api/search?q=kilobyte"
    json_ok "$TMP/l.json" ".total == 1 and (.hits[0].title|length) > 10000"
    id=$(json_get "$TMP/l.json" ".hits[0].id")
    http 200 "$TMP/lp.json" "/api/paper/$id"
    json_ok "$TMP/lp.json" "(.title|length) > 10000"'

test_expect "exports of hostile records are plain text types" '
    for f in bibtex ris csl-json; do
        http 200 "$TMP/e.$f" "/api/export/hx-01?format=$f"
        no_line "$TMP/e.$f.h" "^Content-Type: text/html"
        has_line "$TMP/e.$f.h" "^X-Content-Type-Options: nosniff"
    done
    has_line "$TMP/e.bibtex.h" "^Content-Type: application/x-bibtex"'

test_expect "an error naming hostile input is JSON too" '
    http 404 "$TMP/n.json" "/api/paper/%3Cscript%3Ealert(1)%3C%2Fscript%3E"
    json_ok "$TMP/n.json" ".error | test(\"<script>\")"
    has_line "$TMP/n.json.h" "^Content-Type: application/json"'

test_expect "no path reaches the file system" '
    for p in "/../etc/passwd" "/%2e%2e/%2e%2e/etc/passwd" "/app.js/../../../etc/passwd" \
             "//etc/passwd" "/..%2f..%2fetc%2fpasswd" "/index.html%00.js" "/./app.js" "/APP.JS"; do
        http 404 "$TMP/t" "$p" --path-as-is
        no_line "$TMP/t" "root:"
    done'

test_expect "the page has no inline script and builds no markup from data" '
    http 200 "$TMP/i.html" /
    has_line "$TMP/i.html" "<script src=\"/app.js\" defer></script>"
    no_line "$TMP/i.html" "<script>|<script [^s]|[[:space:]]on[a-z]+="
    http 200 "$TMP/app.js" /app.js
    has_line "$TMP/app.js.h" "^Content-Type: text/javascript"
    no_line "$TMP/app.js" "\.(innerHTML|outerHTML|insertAdjacentHTML)|document\.write|[^.a-zA-Z]eval\(|new Function"
    has_line "$TMP/app.js" "textContent"'

test_expect "escapes in a request path are escaped in the log" '
    http 404 "$TMP/x" "/%1b%5b31mred%07"
    wait_line "$TMP/sec.log" "^GET /.x1b\[31mred.x07 404 " 10
    no_line "$TMP/sec.log" $'"'"'\x1b'"'"''

test_expect "a foreign origin gets no CORS headers, and no preflight" '
    http 200 "$TMP/c.json" /api/stats -H "Origin: https://evil.example"
    no_line "$TMP/c.json.h" "^Access-Control"
    http 405 "$TMP/o.json" /api/stats -X OPTIONS -H "Origin: https://evil.example" -H "Access-Control-Request-Method: GET"
    no_line "$TMP/o.json.h" "^Access-Control"'

test_expect "the CSP forbids inline script, framing and foreign connections" '
    http 200 "$TMP/i.html" /
    has_line "$TMP/i.html.h" "^Content-Security-Policy: default-src .none.; script-src .self.; style-src .self.;"
    has_line "$TMP/i.html.h" "connect-src .self.;.*frame-ancestors .none."
    no_line "$TMP/i.html.h" "unsafe-(inline|eval)"'

serve_stop sec
test_expect "the server stops cleanly" '
    has_line "$TMP/sec.rc" "^0$"'

test_done
