#!/bin/bash
# End-to-end: paperdex check.  A sound database is exit 0 with no
# problem; a damaged one, or a directory that is no paperdex database,
# exit 4 with the reason.  (test_damage.sh covers what the other commands
# do with a damaged database.)
. "$(dirname "$0")/lib.sh"
setup pdx ingest --quiet "$DATA/query/papers.jsonl"

test_expect "a sound database has no problem, exit 0" '
    run 0 "$TMP/c.json" pdx check --json
    json_ok "$TMP/c.json" ".ok == true and .problems == 0 and .report == []"
    json_eq "$TMP/c.json" .db "$PAPERDEX_DB"
    run 0 "$TMP/c.txt" pdx check
    has_line "$TMP/c.txt" "no problems found"'

test_expect "a table overwritten in its middle is found, exit 4" '
    run 0 "$TMP/i" pdx ingest --quiet --db "$TMP/broken" "$DATA/query/papers.jsonl"
    f="$TMP/broken/postlist.glass"
    size=$(wc -c < "$f")
    head -c 4096 /dev/zero > "$TMP/zero"
    dd if="$TMP/zero" of="$f" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
    run 4 "$TMP/b.json" pdx check --json --db "$TMP/broken"
    if [ -s "$TMP/b.json" ]; then
        json_ok "$TMP/b.json" ".ok == false and .problems >= 1 and (.report | length) >= 1"
    else
        has_line "$TMP/b.json.err" "damaged|corrupt"
    fi'

test_expect "a directory of other files is no database, exit 4" '
    mkdir "$TMP/other"
    echo notes > "$TMP/other/notes.txt"
    run 4 "$TMP/o" pdx check --db "$TMP/other"
    has_line "$TMP/o.err" "not a paperdex database"
    run 4 "$TMP/n" pdx check --db "$TMP/none"
    has_line "$TMP/n.err" "/none"'

test_done
