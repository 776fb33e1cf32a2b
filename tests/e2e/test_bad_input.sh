#!/bin/bash
# End-to-end: hostile and broken inputs, written (or generated) for the
# project.  Each gets a message naming the file (and line), the rest of the
# input is still read, the summary counts what was skipped, the exit code
# says whether anything failed, and nothing crashes or hangs.
. "$(dirname "$0")/lib.sh"
B="$TMP/bad"
mkdir -p "$B"
good='{"title": "A Good Paper About Sturdy Readers", "authors": ["Ada Good"], "abstract": "Fine."}'

test_expect "invalid UTF-8 (overlong, surrogate, truncated) is reported per line, the rest read" '
    { echo "$good"
      printf "{\"title\": \"overlong \300\257 slash\"}\n"
      printf "{\"title\": \"surrogate \355\240\200 half\"}\n"
      printf "{\"title\": \"truncated \342\202\"}\n"
      echo "{\"title\": \"Another Good Paper\"}"; } > "$B/utf8.jsonl"
    expect_exit 3 pdx ingest --json --db "$TMP/d1" "$B/utf8.jsonl" > "$TMP/s.json" 2> "$TMP/err"
    for l in 2 3 4; do has_line "$TMP/err" "utf8.jsonl:$l: invalid UTF-8"; done
    json_ok "$TMP/s.json" ".skipped == 3 and .papers == 2"'

test_expect "a NUL byte is reported with its column" '
    { echo "$good"; printf "{\"title\": \"nul \000 inside\"}\n"; } > "$B/nul.jsonl"
    expect_exit 3 pdx parse --json "$B/nul.jsonl" > "$TMP/o" 2> "$TMP/err"
    has_line "$TMP/err" "nul.jsonl:2: NUL byte at column"
    lines "$TMP/o" 1
    json_ok "$TMP/o" ".title == \"A Good Paper About Sturdy Readers\""'

test_expect "a BOM and CRLF line ends are read as text" '
    printf "\357\273\277%s\r\n%s\r\n" "$good" "{\"title\": \"Second Paper With CRLF\"}" > "$B/bom.jsonl"
    run 0 "$TMP/o" pdx parse --json "$B/bom.jsonl"
    lines "$TMP/o" 2
    json_ok "$TMP/o" ".title | test(\"\\r\") | not"'

test_expect "lone CR line ends split lines" '
    tr "\n" "\r" < "$DATA/listing/joins.txt" > "$B/cr.txt"
    run 0 "$TMP/o" pdx parse --json "$B/cr.txt"
    lines "$TMP/o" 7
    json_ok "$TMP/o" ".format == \"listing\""'

# Empty files named on the command line were exit 0 while other named
# inputs that gave nothing were exit 3; now they are named inputs not read.
test_expect "empty and whitespace-only files named on the command line are inputs not read" '
    : > "$B/empty.jsonl"
    printf "  \n\t\n\n" > "$B/blank.txt"
    run 3 "$TMP/o" pdx ingest --db "$TMP/d2" "$B/empty.jsonl" "$B/blank.txt"
    has_line "$TMP/o.err" "empty.jsonl: empty file"
    has_line "$TMP/o.err" "^not read: .*blank.txt: empty file"'

test_expect "truncated and deeply nested JSON are reported, the good lines kept" '
    { echo "$good"; printf "{\"title\": \"cut off"; } > "$B/cut.jsonl"
    expect_exit 3 pdx parse --json "$B/cut.jsonl" > "$TMP/o" 2> "$TMP/err"
    has_line "$TMP/err" "cut.jsonl:2: invalid JSON"
    lines "$TMP/o" 1
    { echo "$good"; awk "BEGIN { for (i = 0; i < 100000; i++) printf \"[\"; print \"\" }"; } > "$B/deep.jsonl"
    expect_exit 3 pdx parse --json "$B/deep.jsonl" > "$TMP/o" 2> "$TMP/err"
    has_line "$TMP/err" "deep.jsonl:2: invalid JSON"
    lines "$TMP/o" 1
    json_ok "$TMP/o" ".title == \"A Good Paper About Sturdy Readers\""'

test_expect "a binary file is refused as binary" '
    head -c 100000 /dev/urandom > "$B/noise.bin"
    expect_exit 3 pdx ingest --db "$TMP/d3" "$B/noise.bin" 2> "$TMP/err"
    has_line "$TMP/err" "noise.bin: binary data"'

test_expect "a BibTeX entry with unbalanced braces is skipped, the others read" '
    printf "@article{a,\n title = {Good One}, year = 2001}\n@article{b,\n title = {Never {closed}, year = 2002}\n\n@article{c,\n title = {Good Two}, year = 2003}\n" > "$B/braces.bib"
    expect_exit 3 pdx parse --json "$B/braces.bib" > "$TMP/o" 2> "$TMP/err"
    has_line "$TMP/err" "braces.bib:3:"
    [ "$(jq -s -c "[.[].title]" "$TMP/o")" = "[\"Good One\",\"Good Two\"]" ]'

test_expect "a % in BibTeX is text: in keys, values and the message about a broken entry" '
    printf "%s\n" "@article{k%n%s, title = {Gains of 50%n over %s%s%s}}" \
        "@article{bad, title = {Broken}, year = 1968 %n%n%n%n%s%s%s%s%x}" \
        "@article{c, title = {Good %d Two}, journal = j%s%n}" > "$B/percent.bib"
    expect_exit 3 pdx parse --json "$B/percent.bib" > "$TMP/o" 2> "$TMP/err"
    has_line "$TMP/err" "percent.bib:2: BibTeX entry bad: syntax error: found \"%n%n%n%n%s%s%s%s%x\""
    [ "$(jq -s -c "[.[] | [.id, .title]]" "$TMP/o")" = "[[\"bib:k%n%s\",\"Gains of 50%n over %s%s%s\"],[\"bib:c\",\"Good %d Two\"]]" ]'

test_expect "a listing page cut mid-entry keeps the entries before the cut" '
    head -c 700 "$DATA/listing/joins.txt" > "$B/cut-listing.txt"
    printf "LGMay 1, 2024\n" >> "$B/cut-listing.txt"
    run_in "0|3" "$TMP/o" pdx parse --json --format listing "$B/cut-listing.txt"
    [ "$(wc -l < "$TMP/o")" -ge 3 ]
    json_ok "$TMP/o" ".format == \"listing\""
    [ "$(jq -s "any(.title == \"Scaling Laws for Tiny RNNs\")" "$TMP/o")" = true ]'

test_expect "a single line of 50 MB is read or refused, never a crash" '
    awk "BEGIN { printf \"{\\\"title\\\": \\\"Huge\\\", \\\"abstract\\\": \\\"\"; for (i = 0; i < 5000000; i++) printf \"long word \"; print \"\\\"}\" }" > "$B/huge.jsonl"
    [ "$(wc -c < "$B/huge.jsonl")" -gt 50000000 ]
    echo "$good" >> "$B/huge.jsonl"
    run_in "0|3" "$TMP/s.json" pdx ingest --quiet --json --db "$TMP/d4" "$B/huge.jsonl"
    json_ok "$TMP/s.json" ".papers >= 1 and .papers + .skipped == 2"
    run 0 "$TMP/r.json" pdx search --db "$TMP/d4" --json "sturdy"
    json_ok "$TMP/r.json" ".total == 1"'

test_expect "a line longer than 64 MiB is skipped with its number" '
    awk "BEGIN { printf \"{\\\"title\\\": \\\"\"; for (i = 0; i < 7000000; i++) printf \"0123456789\"; print \"\\\"}\" }" > "$B/toolong.jsonl"
    echo "$good" >> "$B/toolong.jsonl"
    expect_exit 3 pdx parse --json "$B/toolong.jsonl" > "$TMP/o" 2> "$TMP/err"
    has_line "$TMP/err" "toolong.jsonl:1: line longer than 64 MiB; skipped"
    lines "$TMP/o" 1
    json_ok "$TMP/o" ".title == \"A Good Paper About Sturdy Readers\""'

test_expect "a paper with 10,000 authors is stored and found by any of them" '
    awk "BEGIN { printf \"{\\\"title\\\": \\\"A Very Collaborative Paper\\\", \\\"authors\\\": [\"; for (i = 0; i < 10000; i++) printf \"%s\\\"Member%d Person%d\\\"\", (i ? \",\" : \"\"), i, i; print \"]}\" }" > "$B/many.jsonl"
    run 0 "$TMP/i" pdx ingest --quiet --db "$TMP/d5" "$B/many.jsonl"
    run 0 "$TMP/a.json" pdx author --db "$TMP/d5" --json "Member9876 Person9876"
    json_ok "$TMP/a.json" ".total == 1"
    run 0 "$TMP/s.json" pdx search --db "$TMP/d5" --json collaborative
    id=$(json_get "$TMP/s.json" ".hits[0].id")
    run 0 "$TMP/p.json" pdx show --db "$TMP/d5" --json "$id"
    json_ok "$TMP/p.json" ".authors | length == 10000"'

test_expect "a directory with a symlink loop and an unreadable file is read around them" '
    mkdir -p "$B/dir/sub"
    cp "$DATA/listing/joins.txt" "$B/dir/"
    cp "$DATA/jsonl/same-title.jsonl" "$B/dir/sub/"
    ln -s .. "$B/dir/sub/loop"
    echo "$good" > "$B/dir/secret.jsonl"
    chmod 000 "$B/dir/secret.jsonl"
    chmod -R a+rX "$TMP"
    chmod 000 "$B/dir/secret.jsonl"
    if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
        run="setpriv --reuid=65534 --regid=65534 --clear-groups"
    else
        run=""
    fi
    # as root without setpriv the unreadable file is read: 0 or 3
    codes=3
    [ -n "$run" ] || [ "$(id -u)" != 0 ] || codes="0|3"
    run_in "$codes" "$TMP/o" $run "$PAPERDEX" parse --json "$B/dir"
    has_line "$TMP/o.err" "already visited"
    [ "$(jq -s "length" "$TMP/o")" = 9 ]
    if [ "$codes" = 3 ]; then
        has_line "$TMP/o.err" "secret.jsonl"
    fi'

test_expect "a query that is too long, unbalanced, or a wildcard of everything says why" '
    run 0 "$TMP/i" pdx ingest --quiet --db "$TMP/q" "$DATA/sample"
    long=$(awk "BEGIN { for (i = 0; i < 3000; i++) printf \"word \" }")
    expect_exit 2 pdx search --db "$TMP/q" "$long" 2> "$TMP/err"
    has_line "$TMP/err" "longer than"
    expect_exit 2 pdx search --db "$TMP/q" "(graph OR (neural" 2> "$TMP/err"
    has_line "$TMP/err" "[Cc]olumn"
    expect_exit 2 pdx search --db "$TMP/q" "\"unclosed phrase" 2> "$TMP/err"
    has_line "$TMP/err" "column"
    awk "BEGIN { for (i = 0; i < 300; i++) printf \"{\\\"title\\\": \\\"Zebra zzword%d\\\"}\\n\", i }" > "$B/zz.jsonl"
    run 0 "$TMP/i" pdx ingest --quiet --db "$TMP/q" "$B/zz.jsonl"
    expect_exit 2 pdx search --db "$TMP/q" "zzword*" 2> "$TMP/err"
    has_line "$TMP/err" "zzword\*"
    run 0 "$TMP/r.json" pdx search --db "$TMP/q" --json "zzword1*"
    json_ok "$TMP/r.json" ".total >= 100"'

# Regression: btparse leaks a byte for an undefined macro in @preamble
# (tests/lsan.supp names that frame only); the entry after it is read.
test_expect "an undefined macro in @preamble is no error, and the next entry is read" '
    printf "@preamble{ undefmac }\n@article{k, title = {After the Preamble}, year = 2001}\n" > "$B/preamble.bib"
    run 0 "$TMP/o" pdx parse --json "$B/preamble.bib"
    json_ok "$TMP/o" ".title == \"After the Preamble\""'

test_done
