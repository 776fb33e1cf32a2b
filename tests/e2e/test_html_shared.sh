#!/bin/bash
# The user's own pages (../shared/seeds) saved as HTML: each seed's text
# becomes the page a browser would have saved (one block a line, markup
# escaped, scripts and hidden blocks around), and the four pages read
# together give exactly the papers the text pages give.
. "$(dirname "$0")/lib.sh"
need_shared seeds

to_html() {
    {
        printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Page</title>\n'
        printf '<style>p { margin: 0 }</style><script>var s = "<p>not shown</p>";</script></head>\n<body>\n'
        printf '<div style="display:none">A hidden block of text about neural networks nobody sees.</div>\n'
        sed -e 's/\r$//' -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' \
            -e 's/^.*$/<p>&<\/p>/' "$1"
        printf '<noscript><p>Please enable JavaScript.</p></noscript></body></html>\n'
    } > "$2"
}

test_expect "the four seed pages as HTML give the papers of their text" '
    txt=() html=()
    for f in "$SHARED"/seeds/*.txt; do
        b=$(basename "$f" .txt)
        to_html "$f" "$TMP/$b.html"
        txt+=("$f") html+=("$TMP/$b.html")
    done
    run 0 "$TMP/t.jsonl" pdx parse --json "${txt[@]}"
    run 0 "$TMP/h.jsonl" pdx parse --json "${html[@]}"
    json_ok "$TMP/h.jsonl" ".format == \"html\""
    jq -c "[.title, .authors, .year, .abstract]" "$TMP/t.jsonl" | sort > "$TMP/t"
    jq -c "[.title, .authors, .year, .abstract]" "$TMP/h.jsonl" | sort > "$TMP/h"
    [ "$(wc -l < "$TMP/t")" -ge 60 ] || fail "only $(wc -l < "$TMP/t") papers in the text pages"
    lines "$TMP/h" "$(wc -l < "$TMP/t")"
    cmp "$TMP/t" "$TMP/h" || { diff "$TMP/t" "$TMP/h" | head -5; false; }'

test_done
