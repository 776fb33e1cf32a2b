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
"$PDX_GENCORPUS" --seed 7 --n 600 -o "$TMP/corpus.jsonl" --queries "$TMP/q.tsv" --nq 80
# the same papers again (same ids: merged) and records of one title
head -40 "$TMP/corpus.jsonl" > "$TMP/again.jsonl"
cp "$DATA/jsonl/same-title.jsonl" "$TMP/same.jsonl"
grep -v "^author" "$TMP/q.tsv" | cut -f2 > "$TMP/topics.txt"
grep "^author" "$TMP/q.tsv" | cut -f2 > "$TMP/authors.txt"
printf "year:1900..2100\n" >> "$TMP/topics.txt"

ingest() { # db jobs
    pdx ingest --json --db "$1" --jobs "$2" --batch 64 \
        "$TMP/corpus.jsonl" "$TMP/again.jsonl" "$TMP/same.jsonl" > "$1.summary.json"
}
answers() { # db out
    pdx search --db "$1" --json --limit 20 --batch "$TMP/topics.txt" | jq -c "del(.took_ms)" > "$2"
    pdx author --db "$1" --json --limit 20 --batch "$TMP/authors.txt" | jq -c "del(.took_ms)" >> "$2"
}

test_expect "both ingests read the same records and merge the same ones" '
    ingest "$TMP/j1" 1
    ingest "$TMP/j2" 2
    jq -e ".records == 643 and .merged >= 40 and .shards == 1 and .merge_seconds == 0" \
        "$TMP/j1.summary.json"
    jq -e ".shards == 2 and .merge_seconds > 0" "$TMP/j2.summary.json"
    jq -c "del(.db, .shards, .merge_seconds)" "$TMP/j1.summary.json" > "$TMP/s1"
    jq -c "del(.db, .shards, .merge_seconds)" "$TMP/j2.summary.json" > "$TMP/s2"
    cmp "$TMP/s1" "$TMP/s2"'

test_expect "both databases hold the same papers, authors and terms" '
    pdx stats --db "$TMP/j1" --json | jq -c "del(.db)" > "$TMP/st1"
    pdx stats --db "$TMP/j2" --json | jq -c "del(.db)" > "$TMP/st2"
    cmp "$TMP/st1" "$TMP/st2"
    jq -e ".papers >= 601" "$TMP/st1"
    pdx check --db "$TMP/j2"'

test_expect "every query answers the same: ids, order, scores, snippets" '
    answers "$TMP/j1" "$TMP/a1"
    answers "$TMP/j2" "$TMP/a2"
    [ "$(wc -l < "$TMP/a1")" -ge 80 ]
    jq -c "select(.total > 0)" "$TMP/a1" > "$TMP/a1.some"
    has_line "$TMP/a1.some" hits
    cmp "$TMP/a1" "$TMP/a2"'

test_expect "the papers are in the same document order" '
    pdx search --db "$TMP/j1" --json --limit 1000 "year:1900..2100" | jq -r ".hits[].id" > "$TMP/o1"
    pdx search --db "$TMP/j2" --json --limit 1000 "year:1900..2100" | jq -r ".hits[].id" > "$TMP/o2"
    [ "$(wc -l < "$TMP/o1")" = 600 ]
    cmp "$TMP/o1" "$TMP/o2"'

test_expect "with two jobs, the files read are remembered as with one" '
    pdx ingest --json --db "$TMP/j2" --jobs 2 "$TMP/corpus.jsonl" "$TMP/again.jsonl" \
        "$TMP/same.jsonl" > "$TMP/again2.json"
    jq -e ".files_unchanged == 3 and .records == 0 and .shards == 1" "$TMP/again2.json"
    answers "$TMP/j2" "$TMP/a4"
    cmp "$TMP/a1" "$TMP/a4"'

test_expect "a changed file is taken back and read again, with two jobs too" '
    head -100 "$TMP/corpus.jsonl" > "$TMP/part.jsonl"
    pdx ingest --quiet --db "$TMP/p1" --jobs 1 "$TMP/part.jsonl"
    pdx ingest --quiet --db "$TMP/p2" --jobs 2 "$TMP/part.jsonl"
    head -60 "$TMP/corpus.jsonl" > "$TMP/part.jsonl"
    pdx ingest --json --db "$TMP/p1" --jobs 1 "$TMP/part.jsonl" | jq -c "del(.db)" > "$TMP/c1"
    pdx ingest --json --db "$TMP/p2" --jobs 2 "$TMP/part.jsonl" | jq -c "del(.db)" > "$TMP/c2"
    jq -e ".shards == 1 and .merge_seconds == 0" "$TMP/c2"
    cmp "$TMP/c1" "$TMP/c2"
    [ "$(pdx stats --db "$TMP/p2" --json | jq .papers)" = 60 ]'

# halves-first.jsonl falls in the first half, halves-last.jsonl in the
# second (the corpus between them is cut): the same DOI, title, abstract
# and an id taken by another work, each on both sides.
halves() { # db jobs [extra files]
    db=$1 jobs=$2
    shift 2
    pdx ingest --json --db "$db" --jobs "$jobs" --batch 64 "$DATA/jsonl/halves-first.jsonl" \
        "$TMP/corpus.jsonl" "$DATA/jsonl/halves-last.jsonl" "$@" > "$db.summary.json"
}
papers() { # db: every paper in full, in document order
    pdx search --db "$1" --json --limit 1000 "year:1900..2100 OR -zzqqxx" | jq -r ".hits[].id" |
        while read -r id; do pdx show --db "$1" --json "$id"; done
}

test_expect "papers in both halves are merged as one job merges them" '
    halves "$TMP/h1" 1
    halves "$TMP/h2" 2
    jq -e ".shards == 2 and .merged == 4 and .added == 606" "$TMP/h2.summary.json"
    jq -c "del(.db, .shards, .merge_seconds)" "$TMP/h1.summary.json" > "$TMP/hs1"
    jq -c "del(.db, .shards, .merge_seconds)" "$TMP/h2.summary.json" > "$TMP/hs2"
    cmp "$TMP/hs1" "$TMP/hs2"
    papers "$TMP/h1" > "$TMP/hp1"
    papers "$TMP/h2" > "$TMP/hp2"
    [ "$(wc -l < "$TMP/hp1")" = 606 ]
    cmp "$TMP/hp1" "$TMP/hp2"
    pdx show --db "$TMP/h2" --json doi:10.1234/sparse.1 | jq -e ".sources | length == 2"
    pdx search --db "$TMP/h2" --json Introduction | jq -e "[.hits[].id] | map(select(endswith(\"-2\"))) | length == 1"
    pdx check --db "$TMP/h2"
    [ ! -e "$TMP/h2.shard" ] && [ ! -e "$TMP/h2.merging" ] && [ ! -e "$TMP/h2.old" ]'

test_expect "three works of one title across the halves keep distinct ids" '
    halves "$TMP/t1" 1 "$DATA/jsonl/halves-third.jsonl"
    halves "$TMP/t2" 2 "$DATA/jsonl/halves-third.jsonl"
    pdx check --db "$TMP/t2"
    for d in t1 t2; do
        pdx search --db "$TMP/$d" --json --limit 1000 "year:1900..2100" | jq -c "[.hits[].id] | sort" > "$TMP/$d.ids"
    done
    cmp "$TMP/t1.ids" "$TMP/t2.ids"
    [ "$(jq "map(select(startswith(\"t6e41dfeedb787d9\"))) | length" "$TMP/t2.ids")" = 3 ]'

test_expect "inputs that need each other (a listing page) take the pipeline" '
    pdx ingest --json --db "$TMP/l2" --jobs 2 "$TMP/same.jsonl" "$DATA/sample/lab-listing.txt" > "$TMP/l2.json"
    jq -e ".shards == 1 and .added > 1" "$TMP/l2.json"'

test_expect "a database that recorded a file, even one with no paper, takes the pipeline" '
    printf "{not json\n" > "$TMP/bad.jsonl"
    expect_exit 3 pdx ingest --quiet --db "$TMP/b2" "$TMP/bad.jsonl" 2>/dev/null
    pdx ingest --json --db "$TMP/b2" --jobs 2 "$TMP/bad.jsonl" "$TMP/corpus.jsonl" > "$TMP/b2.json"
    jq -e ".shards == 1 and .files_unchanged == 1 and .added == 600" "$TMP/b2.json"'

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
    $run "$TMP/paperdex-copy" ingest --json --db "$ro/db" --jobs 2 "$ro/in.jsonl" > "$TMP/ro.json"
    rc=$?
    set -e
    chmod 755 "$ro"
    [ "$rc" = 0 ]
    jq -e ".shards == 1 and .merge_seconds == 0 and .added == 600 and .papers == 600" "$TMP/ro.json"
    [ ! -e "$ro/db.shard" ]
    pdx check --db "$ro/db"'

test_expect "compact keeps every answer and the database sound" '
    pdx compact --db "$TMP/j2"
    pdx check --db "$TMP/j2"
    answers "$TMP/j2" "$TMP/a3"
    cmp "$TMP/a1" "$TMP/a3"
    [ ! -e "$TMP/j2.old" ] && [ ! -e "$TMP/j2.compacting" ]'

test_expect "compact of a missing database is exit 4" '
    expect_exit 4 pdx compact --db "$TMP/none"'

test_expect "without --jobs, two jobs where two CPUs may be used, else one" '
    taskset -c 0 "$PAPERDEX" ingest --json --db "$TMP/d1" "$TMP/corpus.jsonl" > "$TMP/d1.json"
    jq -e ".shards == 1 and .added == 600" "$TMP/d1.json"
    if [ "$(nproc)" -ge 2 ]; then
        pdx ingest --json --db "$TMP/d2" "$TMP/corpus.jsonl" > "$TMP/d2.json"
        jq -e ".shards == 2 and .added == 600" "$TMP/d2.json"
    fi'

test_expect "--jobs takes 1 or 2" '
    expect_exit 2 pdx ingest --jobs 3 "$TMP/same.jsonl"'

test_done
