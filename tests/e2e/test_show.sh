#!/bin/bash
# End-to-end: paperdex show, similar, stats, check and parse.
. "$(dirname "$0")/lib.sh"
setup pdx ingest --quiet "$DATA/sample"

test_expect "show prints the record a search hit names" '
    run 0 "$TMP/s.json" pdx search --json "event cameras"
    id=$(json_get "$TMP/s.json" ".hits[0].id")
    run 0 "$TMP/p.json" pdx show --json "$id"
    json_ok "$TMP/p.json" ".id == \"$id\" and .title == \"Event Cameras Meet NeRF\" and .year == 2024"
    run 0 "$TMP/p.txt" pdx show "$id"
    has_line "$TMP/p.txt" "Léa Marchand"'

test_expect "a merged paper shows every source" '
    run 0 "$TMP/s.json" pdx search --json "title:hierarchical"
    id=$(json_get "$TMP/s.json" ".hits[0].id")
    run 0 "$TMP/p.json" pdx show --json "$id"
    json_ok "$TMP/p.json" "(.sources|length) == 2 and .venue != null"'

test_expect "show of an unknown id is exit 1" '
    expect_exit 1 pdx show no-such-id 2> "$TMP/err"
    has_line "$TMP/err" "no-such-id"
    expect_exit 1 pdx show --json no-such-id > "$TMP/o" 2> "$TMP/err"
    expect_exit 2 pdx show'

test_expect "similar lists other papers, pages them and counts facets" '
    run 0 "$TMP/i" pdx ingest --quiet --db "$TMP/q" "$DATA/query/papers.jsonl"
    export PAPERDEX_DB="$TMP/q"
    id=q1
    run 0 "$TMP/a.json" pdx similar --json --limit 50 "$id"
    json_ok "$TMP/a.json" ".query == \"$id\" and .total == 7 and ([.hits[].id] | index(\"$id\") == null)"
    t=$(json_get "$TMP/a.json" .total)
    run 0 "$TMP/l.json" pdx similar --json --limit 2 "$id"
    json_ok "$TMP/l.json" ".total == $t and (.hits|length) == 2"
    jq -c "[.hits[:2][].id]" "$TMP/a.json" > "$TMP/a.ids"
    jq -c "[.hits[].id]" "$TMP/l.json" > "$TMP/l.ids"
    cmp "$TMP/a.ids" "$TMP/l.ids"
    run 0 "$TMP/f.json" pdx similar --json --facets --limit 1 "$id"
    json_ok "$TMP/f.json" ".total == $t and ([.facets.year[].count] | add) == $t"
    run 0 "$TMP/n.json" pdx similar --json "$id"
    json_ok "$TMP/n.json" "has(\"facets\") | not"
    run 0 "$TMP/t.txt" pdx similar "$id"
    has_line "$TMP/t.txt" "of $t papers"'

# Regression: --offset crashed search (see test_search.sh), and similar
# shares the code.
test_expect "similar --offset pages through the same list" '
    export PAPERDEX_DB="$TMP/q"
    id=q1
    run 0 "$TMP/a.json" pdx similar --json --limit 4 "$id"
    run 0 "$TMP/o.json" pdx similar --json --limit 2 --offset 2 "$id"
    jq -c "[.hits[2:4][].id]" "$TMP/a.json" > "$TMP/a.ids"
    jq -c "[.hits[].id]" "$TMP/o.json" > "$TMP/o.ids"
    cmp "$TMP/a.ids" "$TMP/o.ids"'

test_expect "stats counts papers, authors and terms" '
    run 0 "$TMP/s.json" pdx stats --json
    json_ok "$TMP/s.json" ".papers == 12 and .authors == 14 and .terms > 100 and (.db|type) == \"string\""
    run 0 "$TMP/s.txt" pdx stats
    has_line "$TMP/s.txt" "12"'

test_expect "check says a sound database is sound, exit 0" '
    run 0 "$TMP/c.json" pdx check --json
    json_ok "$TMP/c.json" ".ok == true and .problems == 0 and (.report|type) == \"array\" and (.db|type) == \"string\""
    run 0 "$TMP/c.txt" pdx check
    [ -s "$TMP/c.txt" ] || [ -s "$TMP/c.txt.err" ]'

test_expect "check finds a damaged database and says so, exit 4" '
    run 0 "$TMP/i" pdx ingest --quiet --db "$TMP/broken" "$DATA/sample"
    ls -S "$TMP/broken"/*.glass > "$TMP/tables"
    read -r f < "$TMP/tables"
    size=$(wc -c < "$f")
    head -c 4096 /dev/zero | tr "\0" "\377" > "$TMP/junk"
    dd if="$TMP/junk" of="$f" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
    expect_exit 4 pdx check --db "$TMP/broken" --json > "$TMP/c.json" 2> "$TMP/c.err"
    # a table too damaged to open is said on stderr, with no report
    if [ -s "$TMP/c.json" ]; then
        json_ok "$TMP/c.json" ".ok == false and .problems >= 1 and (.report|length) >= 1"
    else
        has_line "$TMP/c.err" "damaged"
    fi
    expect_exit 4 pdx check --db "$TMP/broken" > "$TMP/c.txt" 2>&1
    has_line "$TMP/c.txt" "damaged"
    expect_exit 4 pdx check --db "$TMP/missing"'

test_expect "parse prints records without creating a database" '
    expect_exit 2 pdx parse --json --db "$TMP/never" "$DATA/listing/joins.txt" > "$TMP/o" 2> "$TMP/err"
    run 0 "$TMP/recs.jsonl" pdx parse --json "$DATA/listing/joins.txt"
    lines "$TMP/recs.jsonl" 7
    json_ok "$TMP/recs.jsonl" "has(\"id\") and has(\"authors_truncated\") and has(\"abstract_truncated\") and has(\"affiliations\") and has(\"code\") and .format == \"listing\""
    [ ! -e "$TMP/never" ]
    [ ! -e "$PAPERDEX_DB.parse" ]'

test_expect "--format forces a reader" '
    expect_exit 2 pdx parse --format nosuch "$DATA/listing/joins.txt" 2> "$TMP/err"
    has_line "$TMP/err" "unknown format"
    run 0 "$TMP/o" pdx parse --json --format listing "$DATA/listing/joins.txt"
    json_ok "$TMP/o" ".format == \"listing\""'

test_expect "every command has --help, and no command is a usage error" '
    for c in ingest parse search author coauthors similar show stats check compact eval; do
        run 0 "$TMP/h" pdx $c --help
        has_line "$TMP/h" "Usage: paperdex $c"
    done
    expect_exit 2 pdx
    expect_exit 2 pdx frob'

test_expect "--version prints the version, exit 0" '
    run 0 "$TMP/v" pdx --version
    has_line "$TMP/v" "^paperdex [0-9]+\.[0-9]+\.[0-9]+"'

test_done
