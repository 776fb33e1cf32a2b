#!/bin/bash
# End-to-end: ingest --jobs 2 builds the same database as --jobs 1 (same
# papers, ids, merges, document order, answers), and compact changes no
# answer.  The corpus comes from the benchmark's generator, with repeats
# and same-title records so that merging happens across batches.  Into a
# new database --jobs 2 reads two halves side by side and merges them
# (summary "shards": 2), so records of one paper in both halves are the
# case to watch; into one with papers it runs the pipeline.
. "$(dirname "$0")/lib.sh"
: "${PDX_GENCORPUS:?PDX_GENCORPUS must name pdx-gencorpus}"
setup "$PDX_GENCORPUS" --seed 7 --n 600 -o "$TMP/corpus.jsonl" --queries "$TMP/q.tsv" --nq 80
# the same papers again (same ids: merged) and records of one title
head -40 "$TMP/corpus.jsonl" > "$TMP/again.jsonl"
cp "$DATA/jsonl/same-title.jsonl" "$TMP/same.jsonl"
grep -v "^author" "$TMP/q.tsv" | cut -f2 > "$TMP/topics.txt"
grep "^author" "$TMP/q.tsv" | cut -f2 > "$TMP/authors.txt"
printf "year:1900..2100\n" >> "$TMP/topics.txt"

ingest() { # db jobs
    run 0 "$1.summary.json" pdx ingest --json --db "$1" --jobs "$2" --batch 64 \
        "$TMP/corpus.jsonl" "$TMP/again.jsonl" "$TMP/same.jsonl"
}
answers() { # db out
    run 0 "$2.topics" pdx search --db "$1" --json --limit 20 --batch "$TMP/topics.txt"
    run 0 "$2.authors" pdx author --db "$1" --json --limit 20 --batch "$TMP/authors.txt"
    lines "$2.topics" "$(wc -l < "$TMP/topics.txt")"
    json_ok "$2.topics" "(.hits|type) == \"array\""
    jq -c "del(.took_ms)" "$2.topics" "$2.authors" > "$2"
}

test_expect "both ingests read the same records and merge the same ones" '
    ingest "$TMP/j1" 1
    ingest "$TMP/j2" 2
    json_ok "$TMP/j1.summary.json" ".records == 643 and .merged >= 40 and .shards == 1 and .merge_seconds == 0"
    json_ok "$TMP/j2.summary.json" ".shards == 2 and .merge_seconds > 0"
    jq -c "del(.db, .shards, .writers, .merge_seconds)" "$TMP/j1.summary.json" > "$TMP/s1"
    jq -c "del(.db, .shards, .writers, .merge_seconds)" "$TMP/j2.summary.json" > "$TMP/s2"
    cmp "$TMP/s1" "$TMP/s2"'

test_expect "both databases hold the same papers, authors and terms" '
    run 0 "$TMP/st1.json" pdx stats --db "$TMP/j1" --json
    run 0 "$TMP/st2.json" pdx stats --db "$TMP/j2" --json
    jq -c "del(.db)" "$TMP/st1.json" > "$TMP/st1"
    jq -c "del(.db)" "$TMP/st2.json" > "$TMP/st2"
    cmp "$TMP/st1" "$TMP/st2"
    json_ok "$TMP/st1.json" ".papers >= 601"
    run 0 "$TMP/c" pdx check --db "$TMP/j2"'

test_expect "every query answers the same: ids, order, scores, snippets" '
    answers "$TMP/j1" "$TMP/a1"
    answers "$TMP/j2" "$TMP/a2"
    [ "$(wc -l < "$TMP/a1")" -ge 80 ]
    jq -c "select(.total > 0)" "$TMP/a1" > "$TMP/a1.some"
    has_line "$TMP/a1.some" hits
    cmp "$TMP/a1" "$TMP/a2"'

test_expect "the papers are in the same document order" '
    run 0 "$TMP/o1.json" pdx search --db "$TMP/j1" --json --limit 1000 "year:1900..2100"
    run 0 "$TMP/o2.json" pdx search --db "$TMP/j2" --json --limit 1000 "year:1900..2100"
    jq -r ".hits[].id" "$TMP/o1.json" > "$TMP/o1"
    jq -r ".hits[].id" "$TMP/o2.json" > "$TMP/o2"
    lines "$TMP/o1" 600
    cmp "$TMP/o1" "$TMP/o2"'

test_expect "with two jobs, the files read are remembered as with one" '
    run 0 "$TMP/again2.json" pdx ingest --json --db "$TMP/j2" --jobs 2 "$TMP/corpus.jsonl" "$TMP/again.jsonl" \
        "$TMP/same.jsonl"
    json_ok "$TMP/again2.json" ".files_unchanged == 3 and .records == 0 and .shards == 1"
    answers "$TMP/j2" "$TMP/a4"
    cmp "$TMP/a1" "$TMP/a4"'

test_expect "a changed file is taken back and read again, with two jobs too" '
    head -100 "$TMP/corpus.jsonl" > "$TMP/part.jsonl"
    run 0 "$TMP/i" pdx ingest --quiet --db "$TMP/p1" --jobs 1 "$TMP/part.jsonl"
    run 0 "$TMP/i" pdx ingest --quiet --db "$TMP/p2" --jobs 2 "$TMP/part.jsonl"
    head -60 "$TMP/corpus.jsonl" > "$TMP/part.jsonl"
    run 0 "$TMP/c1.json" pdx ingest --json --db "$TMP/p1" --jobs 1 "$TMP/part.jsonl"
    run 0 "$TMP/c2.json" pdx ingest --json --db "$TMP/p2" --jobs 2 "$TMP/part.jsonl"
    jq -c "del(.db)" "$TMP/c1.json" > "$TMP/c1"
    jq -c "del(.db)" "$TMP/c2.json" > "$TMP/c2"
    json_ok "$TMP/c2.json" ".shards == 1 and .merge_seconds == 0 and .replaced >= 1"
    cmp "$TMP/c1" "$TMP/c2"
    run 0 "$TMP/s.json" pdx stats --db "$TMP/p2" --json
    json_ok "$TMP/s.json" ".papers == 60"'

# halves-first.jsonl falls in the first half, halves-last.jsonl in the
# second (the corpus between them is cut): the same DOI, title, abstract
# and an id taken by another work, each on both sides.
halves() { # db jobs [extra files]
    db=$1 jobs=$2
    shift 2
    run 0 "$db.summary.json" pdx ingest --json --db "$db" --jobs "$jobs" --batch 64 "$DATA/jsonl/halves-first.jsonl" \
        "$TMP/corpus.jsonl" "$DATA/jsonl/halves-last.jsonl" "$@"
}
papers() { # db out: every paper in full, in document order
    run 0 "$2.ids.json" pdx search --db "$1" --json --limit 1000 "year:1900..2100 OR -zzqqxx"
    jq -r ".hits[].id" "$2.ids.json" > "$2.ids"
    : > "$2"
    while read -r id; do
        run 0 "$2.one" pdx show --db "$1" --json "$id"
        json_ok "$2.one" ".id == \"$id\""
        cat "$2.one" >> "$2"
    done < "$2.ids"
}

test_expect "papers in both halves are merged as one job merges them" '
    halves "$TMP/h1" 1
    halves "$TMP/h2" 2
    json_ok "$TMP/h2.summary.json" ".shards == 2 and .merged == 4 and .added == 606"
    jq -c "del(.db, .shards, .writers, .merge_seconds)" "$TMP/h1.summary.json" > "$TMP/hs1"
    jq -c "del(.db, .shards, .writers, .merge_seconds)" "$TMP/h2.summary.json" > "$TMP/hs2"
    cmp "$TMP/hs1" "$TMP/hs2"
    papers "$TMP/h1" "$TMP/hp1"
    papers "$TMP/h2" "$TMP/hp2"
    lines "$TMP/hp1" 606
    cmp "$TMP/hp1" "$TMP/hp2"
    run 0 "$TMP/p.json" pdx show --db "$TMP/h2" --json doi:10.1234/sparse.1
    json_ok "$TMP/p.json" ".sources | length == 2"
    run 0 "$TMP/s.json" pdx search --db "$TMP/h2" --json Introduction
    json_ok "$TMP/s.json" "[.hits[].id] | map(select(endswith(\"-2\"))) | length == 1"
    run 0 "$TMP/c" pdx check --db "$TMP/h2"
    [ ! -e "$TMP/h2.shard" ]
    [ ! -e "$TMP/h2.merging" ]
    [ ! -e "$TMP/h2.old" ]'

test_expect "three works of one title across the halves keep distinct ids" '
    halves "$TMP/t1" 1 "$DATA/jsonl/halves-third.jsonl"
    halves "$TMP/t2" 2 "$DATA/jsonl/halves-third.jsonl"
    run 0 "$TMP/c" pdx check --db "$TMP/t2"
    for d in t1 t2; do
        run 0 "$TMP/$d.json" pdx search --db "$TMP/$d" --json --limit 1000 "year:1900..2100"
        json_ok "$TMP/$d.json" ".total >= 600"
        jq -c "[.hits[].id] | sort" "$TMP/$d.json" > "$TMP/$d.ids"
    done
    cmp "$TMP/t1.ids" "$TMP/t2.ids"
    [ "$(jq "map(select(startswith(\"t6e41dfeedb787d9\"))) | length" "$TMP/t2.ids")" = 3 ]'

test_expect "inputs that need each other (a listing page) take the pipeline" '
    run 0 "$TMP/l2.json" pdx ingest --json --db "$TMP/l2" --jobs 2 "$TMP/same.jsonl" "$DATA/sample/lab-listing.txt"
    json_ok "$TMP/l2.json" ".shards == 1 and .added > 1"'

test_expect "a database that recorded a file, even one with no paper, takes the pipeline" '
    printf "{not json\n" > "$TMP/bad.jsonl"
    expect_exit 3 pdx ingest --quiet --db "$TMP/b2" "$TMP/bad.jsonl" 2>/dev/null
    run 0 "$TMP/b2.json" pdx ingest --json --db "$TMP/b2" --jobs 2 "$TMP/bad.jsonl" "$TMP/corpus.jsonl"
    json_ok "$TMP/b2.json" ".shards == 1 and .files_unchanged == 1 and .added == 600"'

# No shard can be made where the parent directory may not be written:
# --jobs 2 must then take the pipeline and lose nothing.  Root writes
# anywhere, so as root the ingest runs as nobody, from copies that nobody
# can reach (the binary is self-contained; the sanitizers' suppressions
# file, when one is named, is copied too).
test_expect "with no room for a shard beside the database, two jobs take the pipeline" '
    ro="$TMP/ro"
    mkdir -p "$ro/db"
    chmod 755 "$TMP"
    cp "$PAPERDEX" "$TMP/paperdex-copy"
    cp "$TMP/corpus.jsonl" "$ro/in.jsonl"
    chmod 644 "$ro/in.jsonl"
    run=""
    if [ "$(id -u)" = 0 ]; then
        chown nobody "$ro/db"
        run="setpriv --reuid=nobody --regid=nogroup --clear-groups"
    fi
    supp=$(printf "%s" "${LSAN_OPTIONS:-}" | sed -n "s/.*suppressions=\([^:]*\).*/\1/p")
    if [ -n "$supp" ]; then
        cp "$supp" "$TMP/lsan.supp"
        chmod 644 "$TMP/lsan.supp"
        LSAN_OPTIONS=$(printf "%s" "$LSAN_OPTIONS" | sed "s#suppressions=[^:]*#suppressions=$TMP/lsan.supp#")
        export LSAN_OPTIONS
    fi
    chmod 555 "$ro"
    set +e
    $run "$TMP/paperdex-copy" ingest --json --db "$ro/db" --jobs 2 "$ro/in.jsonl" > "$TMP/ro.json" 2> "$TMP/ro.err"
    rc=$?
    set -e
    chmod 755 "$ro"
    [ "$rc" = 0 ] || { cat "$TMP/ro.err"; fail "ingest as nobody exited $rc"; }
    json_ok "$TMP/ro.json" ".shards == 1 and .merge_seconds == 0 and .added == 600 and .papers == 600"
    [ ! -e "$ro/db.shard" ]
    run 0 "$TMP/c" pdx check --db "$ro/db"'

test_expect "compact keeps every answer and the database sound" '
    run 0 "$TMP/o" pdx compact --db "$TMP/j2"
    run 0 "$TMP/c" pdx check --db "$TMP/j2"
    answers "$TMP/j2" "$TMP/a3"
    cmp "$TMP/a1" "$TMP/a3"
    [ ! -e "$TMP/j2.old" ]
    [ ! -e "$TMP/j2.compacting" ]
    # one job committing every 64 papers leaves blocks half full: compact
    # packs them
    cp -r "$TMP/j1" "$TMP/j1c"
    run 0 "$TMP/o" pdx compact --db "$TMP/j1c"
    [ "$(du -sk "$TMP/j1c" | cut -f1)" -lt "$(du -sk "$TMP/j1" | cut -f1)" ]'

test_expect "compact of a missing database is exit 4" '
    expect_exit 4 pdx compact --db "$TMP/none"'

test_expect "without --jobs, two jobs where two CPUs may be used, else one" '
    run 0 "$TMP/d1.json" taskset -c 0 "$PAPERDEX" ingest --json --db "$TMP/d1" "$TMP/corpus.jsonl"
    json_ok "$TMP/d1.json" ".shards == 1 and .added == 600"
    if [ "$(nproc)" -ge 2 ]; then
        run 0 "$TMP/d2.json" pdx ingest --json --db "$TMP/d2" "$TMP/corpus.jsonl"
        json_ok "$TMP/d2.json" ".shards == 2 and .added == 600"
    fi'

test_expect "--jobs takes 1 to 64; more than 2 into one database is two" '
    expect_exit 2 pdx ingest --jobs 0 "$TMP/same.jsonl"
    expect_exit 2 pdx ingest --jobs 65 "$TMP/same.jsonl"
    run 0 "$TMP/j3.json" pdx ingest --json --db "$TMP/j3" --jobs 3 "$TMP/corpus.jsonl"
    json_ok "$TMP/j3.json" ".shards == 2 and .writers == 2 and .added == 600"'

test_done
