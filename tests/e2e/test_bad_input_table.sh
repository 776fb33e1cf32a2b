#!/bin/bash
# End-to-end: docs/bad-input.md, row by row.  The table says, for each bad
# input, the command, its exit code, the message and what was stored; this
# script builds the inputs, runs every row's command and checks all three,
# so the table cannot go stale.  A row added to the table is run here as
# soon as its input exists below (a row naming a missing input fails).
#
# Columns: | # | input | command | exit | message | stored |
#   command  run by bash in the inputs' directory, `paperdex` being the
#            command under test; each row has its own databases
#   message  a part of what the command printed (stderr, then stdout)
#   stored   "N papers" (stats --json of the row's --db says so),
#            "no database" (the --db directory was not created),
#            "nothing written" (the --db directory is byte for byte the
#            same before and after), or "-" (read-only command)
. "$(dirname "$0")/lib.sh"
TABLE="$DATA/../../docs/bad-input.md"
B="$TMP/in"
mkdir -p "$B" "$TMP/bin"
ln -s "$PAPERDEX" "$TMP/bin/paperdex"
good='{"title": "A Good Paper About Sturdy Readers", "authors": ["Ada Good"], "abstract": "Fine."}'
good2='{"title": "Another Good Paper On Careful Parsing", "authors": ["Bo Good"]}'

# ---- the inputs the rows name ------------------------------------------------
cd "$B"
printf '%s\n%s\n' "$good" "$good2" > good.jsonl
{ echo "$good"; printf '{"title": "overlong \300\257 slash"}\n'; echo "$good2"; } > utf8.jsonl
{ echo "$good"; printf '{"title": "surrogate \355\240\200 half"}\n'; } > surrogate.jsonl
{ echo "$good"; printf '{"title": "nul \000 inside"}\n'; } > nul.jsonl
{ echo "$good"; printf '{"title": "cut off'; } > cut.jsonl
{ echo "$good"; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; print "" }'; } > deep.jsonl
{ echo "$good"; echo '["an", "array", "not", "an", "object"]'; } > array.jsonl
{ echo "$good"; echo '{"authors": ["No Title"], "year": 2020}'; } > notitle.jsonl
{ echo "$good"; echo '{"title": 42}'; } > numtitle.jsonl
: > empty.jsonl
printf '  \n\t\n\n' > blank.txt
head -c 20000 /dev/urandom > noise.bin
printf 'just some words\nand more of them\n' > notes.txt
printf '\357\273\277%s\r\n%s\r\n' "$good" "$good2" > bom-crlf.jsonl
printf '@article{a,\n title = {Good One}, year = 2001}\n@article{b,\n title = {Never {closed}, year = 2002}\n\n@article{c,\n title = {Good Two}, year = 2003}\n' > braces.bib
printf '@article{a,\n title = {Good One}, year = 2001}\n@article{n,\n author = {No Title}, year = 2002}\n' > notitle.bib
printf 'Title,Authors,Year\n"Good Row One","Ada Row",2001\n"Bad Row","Too","Many","Fields",2002\n"Good Row Two","Bo Row",2003\n' > fields.csv
printf 'Title,Authors,Year\n' > header-only.csv
gzip -nc good.jsonl > good.jsonl.gz
head -c 40 good.jsonl.gz > cut.jsonl.gz
mkdir -p dir/sub
cp good.jsonl dir/sub/
: > dir/empty.jsonl
cp notes.txt dir/notes.txt
mkdir -p notadb
echo keep > notadb/file
cp "$DATA/arxiv/latin1.abs" latin1.abs
printf '[\n  {"title": "Kept Before the Cut", "issued": {"date-parts": [[2001]]}},\n  {"title": "Cut Off Here' > cut.json
printf '[{"name": "alpha"}, {"name": "beta"}]\n' > other.json
printf 'TY  - JOUR\nTI  - A Kept Record\nER  - \nTY  - JOUR\nTI  - A Record Cut Short\nPY  - 2002\n' > noer.ris
printf 'TY  - JOUR\nTI  - Before the Junk\nER  - \n\001\002\377\376junk\003\nTY  - JOUR\nTI  - After the Junk\nER  - \n' > junk.ris
printf 'PMID- 1\nTI  - A Kept Paper.\nPMID- 2\nOWN - NLM\nDP  - 2001\n\nPMID- 3\nTI  - Another Kept Paper.\n' > empty.nbib
printf 'Exported from PubMed\n\nPMID- 1\nTI  - A Whole Record.\n\nPMID- 2\nTI  - A Record Cut\nAB  - in the mid' > cut.nbib
# a database, and damaged copies of it
"$PAPERDEX" ingest --quiet --db sound good.jsonl "$DATA/sample" > /dev/null 2>&1
for kind in postlist termlist; do
    cp -r sound "damaged-$kind"
    f="damaged-$kind/$kind.glass"
    head -c 600 /dev/urandom | dd of="$f" bs=1 seek=$(($(stat -c %s "$f") / 2)) conv=notrunc status=none
done
cp -r sound truncated
truncate -s $(($(stat -c %s truncated/postlist.glass) / 2)) truncated/postlist.glass
cp -r sound no-termlist
rm no-termlist/termlist.glass
# a database whose only source is gone
cp good.jsonl lost.jsonl
"$PAPERDEX" ingest --quiet --db lost lost.jsonl > /dev/null 2>&1
rm lost.jsonl
cd - > /dev/null

# ---- the rows --------------------------------------------------------------------
# | 1 | input | `command` | 3 | `message` | stored |  ->  tab-separated fields
# (an escaped \| inside a cell is a pipe in the command)
grep -E '^\| *[0-9]+ *\|' "$TABLE" | sed -e 's/\\|/\x01/g' -e 's/^| *//' -e 's/ *|$//' \
    -e 's/ *| */\t/g' -e 's/`//g' -e 's/\x01/|/g' > "$TMP/rows"

test_expect "docs/bad-input.md has at least 30 rows" '
    [ "$(wc -l < "$TMP/rows")" -ge 30 ]'

# The --db directory a command names, or "".
db_of() { sed -n 's/.*--db \([^ ]*\).*/\1/p' <<< "$1"; }

fingerprint() { (cd "$1" && find . -type f | sort | xargs md5sum); }

while IFS=$'\t' read -r n input cmd code msg stored; do
    test_expect "bad input $n ($input): exit $code, says '$msg', stored: $stored" '
        db=$(db_of "$cmd")
        if [ "$stored" = "nothing written" ]; then fingerprint "$B/$db" > "$TMP/before"; fi
        run "$code" "$TMP/row" env PATH="$TMP/bin:$PATH" bash -o pipefail -c "cd \"$B\" && $cmd" < /dev/null
        cat "$TMP/row.err" "$TMP/row" > "$TMP/said"
        grep -qF -- "$msg" "$TMP/said" || fail "row $n: no \"$msg\" in: $(head -c 600 "$TMP/said")"
        case $stored in
        "nothing written")
            fingerprint "$B/$db" > "$TMP/after"
            cmp "$TMP/before" "$TMP/after" ;;
        "no database")
            [ ! -e "$B/$db" ] || fail "row $n: $db was created" ;;
        [0-9]*)
            run 0 "$TMP/st.json" "$PAPERDEX" stats --json --db "$B/$db"
            json_ok "$TMP/st.json" ".papers == ${stored%% *}" ;;
        -) ;;
        *) fail "row $n: unknown stored column \"$stored\"" ;;
        esac'
done < "$TMP/rows"

test_done
