#!/bin/bash
# End-to-end: a damaged database.  Random bytes in the middle of
# termlist.glass or postlist.glass still let `stats` answer (exit 0), and
# `ingest` added 503 papers on top (exit 0); only `check` said what was
# wrong.  Now every command refuses it with exit 4 and one message, and an
# ingest writes nothing.
. "$(dirname "$0")/lib.sh"
BASE="$TMP/base"
MSG="database .* is damaged: .*; \`paperdex check\` tells more; \`paperdex rebuild\` reads its sources again"

# damage KIND DIR: a copy of the base database, damaged one way.
damage() {
    rm -rf "$2"
    cp -r "$BASE" "$2"
    case $1 in
    termlist | postlist)
        f="$2/$1.glass"
        size=$(stat -c %s "$f")
        head -c 600 /dev/urandom | dd of="$f" bs=1 seek=$((size / 2)) conv=notrunc status=none ;;
    truncated) truncate -s $(($(stat -c %s "$2/postlist.glass") / 2)) "$2/postlist.glass" ;;
    deleted) rm "$2/termlist.glass" ;;
    esac
}

# The files of a database and their content, to see that nothing changed.
fingerprint() { (cd "$1" && find . -type f | sort | xargs md5sum) > "$2"; }

test_expect "the fixture database is built and sound" '
    run 0 "$TMP/base.out" pdx ingest --quiet --db "$BASE" "$DATA/sample" "$DATA/query/papers.jsonl" "$DATA/names" "$DATA/table/wos.tsv" "$DATA/bibtex/macros.bib"
    run 0 "$TMP/check.out" pdx check --db "$BASE"'

for kind in termlist postlist truncated deleted; do
    test_expect "bytes damaged ($kind): stats, search, show and ingest exit 4 with one message" "
        damage $kind \"\$TMP/$kind\"
        run 4 \"\$TMP/o\" pdx stats --db \"\$TMP/$kind\"
        has_line \"\$TMP/o.err\" \"^paperdex stats: \$MSG\$\"
        run 4 \"\$TMP/o\" pdx search --db \"\$TMP/$kind\" neural
        has_line \"\$TMP/o.err\" \"^paperdex search: \$MSG\$\"
        run 4 \"\$TMP/o\" pdx author --db \"\$TMP/$kind\" Okafor
        has_line \"\$TMP/o.err\" \"^paperdex author: \$MSG\$\"
        run 4 \"\$TMP/o\" pdx stats --json --db \"\$TMP/$kind\"
        has_line \"\$TMP/o.err\" \"\$MSG\""

    test_expect "bytes damaged ($kind): ingest writes nothing" "
        damage $kind \"\$TMP/w-$kind\"
        fingerprint \"\$TMP/w-$kind\" \"\$TMP/before\"
        run 4 \"\$TMP/o\" pdx ingest --db \"\$TMP/w-$kind\" \"\$DATA/jsonl/same-title.jsonl\"
        has_line \"\$TMP/o.err\" \"^paperdex ingest: \$MSG\$\"
        fingerprint \"\$TMP/w-$kind\" \"\$TMP/after\"
        cmp \"\$TMP/before\" \"\$TMP/after\""
done

test_expect "check says what is wrong with a damaged database (exit 4)" '
    damage postlist "$TMP/c"
    run 4 "$TMP/o" pdx check --db "$TMP/c"
    cat "$TMP/o" "$TMP/o.err" > "$TMP/both"
    has_line "$TMP/both" "problem|damaged"'

test_expect "an undamaged copy is still used as before" '
    damage none "$TMP/ok"
    run 0 "$TMP/o.json" pdx stats --json --db "$TMP/ok"
    json_ok "$TMP/o.json" ".papers > 10"
    run 0 "$TMP/o.json" pdx ingest --json --db "$TMP/ok" "$DATA/jsonl/same-title.jsonl"
    json_ok "$TMP/o.json" ".added == 2"'

test_done
