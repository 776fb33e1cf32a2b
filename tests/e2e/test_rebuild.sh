#!/bin/bash
# End-to-end: paperdex rebuild — the sources a database recorded are read
# again into a new database, which takes the old one's place only when
# done.  A damaged database gets its papers back; sources that are gone
# are named (exit 3) and the rest is rebuilt.
. "$(dirname "$0")/lib.sh"
SRC="$TMP/src"
mkdir -p "$SRC"
cp "$DATA/sample/lab-listing.txt" "$DATA/sample/reading-list.jsonl" "$DATA/bibtex/macros.bib" \
    "$DATA/table/wos.tsv" "$SRC/"
cp -r "$DATA/names" "$SRC/names"
ORIG="$TMP/orig"

# copy DIR: a copy of the original database at DIR.
copy() {
    rm -rf "$1"
    cp -r "$ORIG" "$1"
}

test_expect "the original database is built from six files of four shapes" '
    run 0 "$TMP/o" pdx ingest --quiet --db "$ORIG" "$SRC"
    run 0 "$TMP/orig.json" pdx stats --json --db "$ORIG"
    json_ok "$TMP/orig.json" ".papers > 20"'

test_expect "a rebuilt database holds the same papers, authors and terms" '
    copy "$TMP/r1"
    run 0 "$TMP/o" pdx rebuild --db "$TMP/r1"
    has_line "$TMP/o.err" "^rebuilt .*/r1 from 6 files: .* it holds $(json_get "$TMP/orig.json" .papers) papers$"
    run 0 "$TMP/st.json" pdx stats --json --db "$TMP/r1"
    jq -e --slurpfile a "$TMP/orig.json" "del(.db) == (\$a[0] | del(.db))" "$TMP/st.json"
    [ ! -e "$TMP/r1.rebuilding" ]
    [ ! -e "$TMP/r1.old" ]'

test_expect "every paper of the original is found by its id after a rebuild, the same" '
    copy "$TMP/r2"
    run 0 "$TMP/o" pdx rebuild --db "$TMP/r2"
    run 0 "$TMP/ids.json" pdx parse --json "$SRC"
    found=0
    for id in $(jq -r .id "$TMP/ids.json"); do
        set +e
        pdx show --json --db "$ORIG" "$id" > "$TMP/a.json" 2> /dev/null
        code=$?
        set -e
        run "$code" "$TMP/b.json" pdx show --json --db "$TMP/r2" "$id"
        if [ "$code" = 0 ]; then
            jq -e --slurpfile a "$TMP/a.json" ". == \$a[0]" "$TMP/b.json" > /dev/null
            found=$((found + 1))
        fi
    done
    [ "$found" -gt 20 ]'

for kind in termlist postlist truncated deleted; do
    test_expect "a database damaged ($kind) is rebuilt into a working one" "
        copy \"\$TMP/d-$kind\"
        case $kind in
        termlist | postlist)
            f=\"\$TMP/d-$kind/$kind.glass\"
            head -c 600 /dev/urandom | dd of=\"\$f\" bs=1 seek=\$((\$(stat -c %s \"\$f\") / 2)) conv=notrunc status=none ;;
        truncated) truncate -s 20000 \"\$TMP/d-$kind/postlist.glass\" ;;
        deleted) rm \"\$TMP/d-$kind/termlist.glass\" ;;
        esac
        run 4 \"\$TMP/o\" pdx stats --db \"\$TMP/d-$kind\"
        run 0 \"\$TMP/o\" pdx rebuild --db \"\$TMP/d-$kind\"
        run 0 \"\$TMP/st.json\" pdx stats --json --db \"\$TMP/d-$kind\"
        jq -e --slurpfile a \"\$TMP/orig.json\" 'del(.db) == (\$a[0] | del(.db))' \"\$TMP/st.json\"
        run 0 \"\$TMP/c\" pdx check --db \"\$TMP/d-$kind\""
done

test_expect "a source that is gone is named, the rest rebuilt, exit 3" '
    mkdir -p "$TMP/gone"
    cp "$DATA/jsonl/same-title.jsonl" "$DATA/sample/reading-list.jsonl" "$TMP/gone/"
    run 0 "$TMP/o" pdx ingest --quiet --db "$TMP/g" "$TMP/gone"
    rm "$TMP/gone/same-title.jsonl"
    run 3 "$TMP/o.json" pdx rebuild --json --db "$TMP/g"
    has_line "$TMP/o.json.err" "^paperdex rebuild: source gone: .*/gone/same-title.jsonl: No such file or directory$"
    json_ok "$TMP/o.json" ".gone == 1 and .sources == 2 and .files == 1"
    run 0 "$TMP/h.json" pdx search --json --db "$TMP/g" "title:tiny"
    json_ok "$TMP/h.json" ".total >= 0"
    run 0 "$TMP/st.json" pdx stats --json --db "$TMP/g"
    json_ok "$TMP/st.json" ".papers == $(jq -s length < "$DATA/sample/reading-list.jsonl")"'

test_expect "a database with no recorded source is left as it was (exit 3)" '
    run 0 "$TMP/o" pdx ingest --quiet --db "$TMP/stdin" - < "$DATA/jsonl/same-title.jsonl"
    run 3 "$TMP/o" pdx rebuild --db "$TMP/stdin"
    has_line "$TMP/o.err" "records no source files"
    run 0 "$TMP/st.json" pdx stats --json --db "$TMP/stdin"
    json_ok "$TMP/st.json" ".papers == 2"'

test_expect "the sources are read from the list beside the tables when the tables cannot give them" '
    copy "$TMP/side"
    truncate -s 0 "$TMP/side/postlist.glass"
    run 0 "$TMP/o" pdx rebuild --db "$TMP/side"
    run 0 "$TMP/st.json" pdx stats --json --db "$TMP/side"
    jq -e --slurpfile a "$TMP/orig.json" "del(.db) == (\$a[0] | del(.db))" "$TMP/st.json"'

test_expect "a sharded database is rebuilt as as many shards, each paper on the shard it was on" '
    run 0 "$TMP/o" pdx ingest --quiet --db "$TMP/sh" --shards 3 "$SRC"
    for k in 0 1 2; do
        run 0 "$TMP/b$k.json" pdx search --db "$TMP/sh/shard-$k" --json --limit 1000 "year:1900..2100 OR -zzqqxx"
    done
    echo "the" > "$TMP/q.txt"; echo "loom" >> "$TMP/q.txt"; echo "okafor" >> "$TMP/q.txt"
    run 0 "$TMP/before.json" pdx search --db "$TMP/sh" --json --limit 30 --batch "$TMP/q.txt"
    run 0 "$TMP/o" pdx rebuild --db "$TMP/sh"
    has_line "$TMP/sh/XAPIANDB" "^glass shard-2$"
    lines "$TMP/sh/XAPIANDB" 3
    for k in 0 1 2; do
        run 0 "$TMP/a$k.json" pdx search --db "$TMP/sh/shard-$k" --json --limit 1000 "year:1900..2100 OR -zzqqxx"
        jq -e --slurpfile b "$TMP/b$k.json" "([.hits[].id] | sort) == ([\$b[0].hits[].id] | sort) and .total > 0" "$TMP/a$k.json"
    done
    run 0 "$TMP/after.json" pdx search --db "$TMP/sh" --json --limit 30 --batch "$TMP/q.txt"
    same_answers "$TMP/before.json" "$TMP/after.json"'

test_expect "ingest --shards adds shards; rebuild then spreads every paper over them" '
    run 0 "$TMP/o" pdx ingest --quiet --db "$TMP/grow" --shards 2 "$SRC/lab-listing.txt" "$SRC/macros.bib"
    run 0 "$TMP/g0.json" pdx stats --json --db "$TMP/grow/shard-0"
    run 0 "$TMP/g1.json" pdx stats --json --db "$TMP/grow/shard-1"
    run 0 "$TMP/o" pdx ingest --quiet --db "$TMP/grow" --shards 3 "$SRC/wos.tsv" "$SRC/reading-list.jsonl"
    lines "$TMP/grow/XAPIANDB" 3
    has_line "$TMP/grow/XAPIANDB" "^glass shard-2$"
    # the stored papers stay where they were; new ones reach the new shard too
    run 0 "$TMP/s2.json" pdx stats --json --db "$TMP/grow/shard-2"
    json_ok "$TMP/s2.json" ".papers > 0"
    run 0 "$TMP/all.json" pdx stats --json --db "$TMP/grow"
    run 2 "$TMP/o" pdx ingest --db "$TMP/grow" --shards 2 "$SRC/wos.tsv"
    has_line "$TMP/o.err" "has 3 shards, not 2 .shards can be added, not taken away"
    run 0 "$TMP/before.json" pdx search --db "$TMP/grow" --json --limit 30 --batch "$TMP/q.txt"
    run 0 "$TMP/o" pdx rebuild --db "$TMP/grow"
    lines "$TMP/grow/XAPIANDB" 3
    total=0
    for k in 0 1 2; do
        run 0 "$TMP/r$k.json" pdx stats --json --db "$TMP/grow/shard-$k"
        json_ok "$TMP/r$k.json" ".papers > 0"
        total=$((total + $(json_get "$TMP/r$k.json" .papers)))
    done
    [ "$total" -eq "$(json_get "$TMP/all.json" .papers)" ] || fail "rebuilt shards hold $total papers"
    run 0 "$TMP/after.json" pdx search --db "$TMP/grow" --json --limit 30 --batch "$TMP/q.txt"
    same_answers "$TMP/before.json" "$TMP/after.json"'

test_expect "remote shards or a stub file are refused before anything is written (exit 2)" '
    printf "remote tcp 127.0.0.1:9\n" > "$TMP/r.stub"
    run 2 "$TMP/o" pdx rebuild --db "$TMP/r.stub"
    has_line "$TMP/o.err" "r.stub lists remote shards, which are rebuilt where they are served"
    [ ! -e "$TMP/r.stub.rebuilding" ]
    printf "glass sh/shard-0\n" > "$TMP/l.stub"
    run 2 "$TMP/o" pdx rebuild --db "$TMP/l.stub"
    has_line "$TMP/o.err" "l.stub is a stub file; rebuild wants the directory"'

test_expect "no database at --db is a database error" '
    run 4 "$TMP/o" pdx rebuild --db "$TMP/none"
    has_line "$TMP/o.err" "no paperdex database"'

test_done
