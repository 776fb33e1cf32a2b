#!/bin/bash
# End-to-end: ingest --jobs N into a sharded database writes its shards
# side by side, one writer a group of shards, and keeps them: the same
# papers, ids, merges, totals and answers as one writer into one database
# (docs/scale-out.md, "--jobs").  Records of one work under different
# title keys (a DOI met with and without a subtitle), in files far apart,
# must meet on one writer; so must a record and a paper stored by an
# earlier ingest.  Re-ingesting changes nothing; compact makes one
# database that answers the same.
. "$(dirname "$0")/lib.sh"
: "${PDX_GENCORPUS:?PDX_GENCORPUS must name pdx-gencorpus}"
setup "$PDX_GENCORPUS" --seed 5 --n 500 -o "$TMP/corpus.jsonl" --queries "$TMP/q.tsv" --nq 40
grep -v "^author" "$TMP/q.tsv" | cut -f2 | head -8 > "$TMP/topics.txt"
grep "^author" "$TMP/q.tsv" | cut -f2 | head -6 > "$TMP/authors.txt"
# eight works read twice, the second time retitled (as a preprint may be)
# and with more: the same DOI, another title key, so another route
for i in 1 2 3 4 5 6 7 8; do
    printf '{"doi": "10.1000/jobs.%d", "title": "Parallel writers keep record %d whole", "authors": ["Ada Lovelace"], "year": 2021}\n' $i $i
done > "$TMP/p1.jsonl"
for i in 1 2 3 4 5 6 7 8; do
    printf '{"doi": "10.1000/jobs.%d", "title": "Retitled in review: how %d threads keep merged records whole", "authors": ["A. Lovelace", "Alan Turing"], "year": 2021, "abstract": "Records of one work written by many threads stay one record, number %d."}\n' $i $i $i
done > "$TMP/p2.jsonl"
FIRST=("$DATA/jsonl/halves-first.jsonl" "$TMP/p1.jsonl" "$TMP/corpus.jsonl")
LAST=("$DATA/jsonl/halves-last.jsonl" "$TMP/p2.jsonl")

ingest() { # db [option...]: every file in one ingest
    _db=$1
    shift
    run 0 "$_db.summary.json" pdx ingest --json --batch 64 --db "$_db" "$@" "${FIRST[@]}" "${LAST[@]}"
}
summary() { # file out: the summary without what differs by design
    jq -c "del(.db, .shards, .writers, .merge_seconds)" "$1" > "$2"
}
answers() { # db out [search option...]
    run 0 "$2.topics" pdx search --db "$1" --json --facets --limit 20 "${@:3}" --batch "$TMP/topics.txt"
    run 0 "$2.authors" pdx author --db "$1" --json --limit 50 --batch "$TMP/authors.txt"
    run 0 "$2.stats" pdx stats --db "$1" --json
    run 0 "$2.all" pdx search --db "$1" --json --limit 2000 "year:1900..2100 OR -zzqqxx"
    json_ok "$2.all" ".total == (.hits | length)"
    jq -c "[.hits[].id] | sort" "$2.all" > "$2.ids"
    cat "$2.topics" "$2.authors" "$2.stats" "$2.ids" > "$2"
}
same() { same_answers "$@"; }
shard_ids() { # db out: the ids on each of four shards, but for ids
    # renamed "ID-N" (two works derived one id): the second stays with the
    # writer of the first, on a shard of its group
    : > "$2"
    for _k in 0 1 2 3; do
        run 0 "$2.$_k" pdx search --db "$1/shard-$_k" --json --limit 2000 "year:1900..2100 OR -zzqqxx"
        json_ok "$2.$_k" ".total == (.hits | length) and .total > 50"
        jq -c "[.hits[].id | select(test(\"-[0-9]+$\") | not)] | sort" "$2.$_k" >> "$2"
    done
}

setup pdx ingest --quiet --batch 64 --db "$TMP/one" --jobs 1 "${FIRST[@]}" "${LAST[@]}"
setup answers "$TMP/one" "$TMP/a.one"
setup answers "$TMP/one" "$TMP/n.one" --feedback off

test_expect "--jobs N writes a sharded database with min(N, shards) writers, as one writer would" '
    ingest "$TMP/s41" --shards 4 --jobs 1
    ingest "$TMP/s42" --shards 4 --jobs 2
    ingest "$TMP/s44" --shards 4 --jobs 4
    json_ok "$TMP/s41.summary.json" ".writers == 1 and .merge_seconds == 0"
    json_ok "$TMP/s42.summary.json" ".writers == 2 and .merge_seconds == 0 and .merged >= 12"
    json_ok "$TMP/s44.summary.json" ".writers == 4 and .papers == $(json_get "$TMP/a.one.stats" .papers)"
    summary "$TMP/s41.summary.json" "$TMP/x41"
    for j in 2 4; do
        summary "$TMP/s4$j.summary.json" "$TMP/x4$j"
        cmp "$TMP/x41" "$TMP/x4$j"
    done
    # each new paper on the shard one writer puts it on
    shard_ids "$TMP/s41" "$TMP/c41"
    shard_ids "$TMP/s42" "$TMP/c42"
    shard_ids "$TMP/s44" "$TMP/c44"
    cmp "$TMP/c41" "$TMP/c42"
    cmp "$TMP/c41" "$TMP/c44"
    for d in s42 s44; do run 0 "$TMP/ck" pdx check --db "$TMP/$d"; done'

test_expect "the shards answer as one database: ids, totals, hits, feedback on and off" '
    for d in s42 s44; do
        answers "$TMP/$d" "$TMP/a.$d"
        answers "$TMP/$d" "$TMP/n.$d" --feedback off
        same "$TMP/a.one" "$TMP/a.$d"
        same "$TMP/n.one" "$TMP/n.$d"
        cmp "$TMP/a.one.ids" "$TMP/a.$d.ids"
        for i in 1 2 3 4 5 6 7 8; do
            run 0 "$TMP/p.json" pdx show --db "$TMP/$d" --json "doi:10.1000/jobs.$i"
            json_ok "$TMP/p.json" "(.sources | length) == 2 and (.authors | length) == 2"
        done
    done
    json_ok "$TMP/a.one.stats" ".papers >= 500"'

test_expect "re-ingesting with --jobs changes nothing" '
    run 0 "$TMP/r.json" pdx ingest --json --db "$TMP/s42" --jobs 2 "${FIRST[@]}" "${LAST[@]}"
    json_ok "$TMP/r.json" ".files_unchanged == 5 and .records == 0 and .writers == 2"
    cp "$TMP/corpus.jsonl" "$TMP/again.jsonl"
    cp "$TMP/p2.jsonl" "$TMP/p2again.jsonl"
    # the same records from other files: every one merges where it is
    cp -r "$TMP/one" "$TMP/one2"
    for d in one2 s42; do
        run 0 "$TMP/r.$d.json" pdx ingest --json --db "$TMP/$d" --jobs 2 "$TMP/again.jsonl" "$TMP/p2again.jsonl"
        json_ok "$TMP/r.$d.json" ".records == 508 and .merged == 508 and .added == 0"
        answers "$TMP/$d" "$TMP/n.$d.again" --feedback off
    done
    same "$TMP/n.one2.again" "$TMP/n.s42.again"
    shard_ids "$TMP/s42" "$TMP/c42.again"
    cmp "$TMP/c41" "$TMP/c42.again"'

test_expect "into a database that holds papers, --jobs merges with them on any shard" '
    run 0 "$TMP/e0.1" pdx ingest --quiet --batch 64 --db "$TMP/e0" --jobs 1 "${FIRST[@]}"
    run 0 "$TMP/e2.1" pdx ingest --quiet --batch 64 --db "$TMP/e2" --shards 4 --jobs 1 "${FIRST[@]}"
    run 0 "$TMP/e0.json" pdx ingest --json --batch 64 --db "$TMP/e0" --jobs 1 "${LAST[@]}"
    run 0 "$TMP/e2.json" pdx ingest --json --batch 64 --db "$TMP/e2" --jobs 2 "${LAST[@]}"
    json_ok "$TMP/e2.json" ".writers == 2 and .merged >= 12"
    summary "$TMP/e0.json" "$TMP/y0"
    summary "$TMP/e2.json" "$TMP/y2"
    cmp "$TMP/y0" "$TMP/y2"
    answers "$TMP/e0" "$TMP/n.e0" --feedback off
    answers "$TMP/e2" "$TMP/n.e2" --feedback off
    same "$TMP/n.e0" "$TMP/n.e2"
    same "$TMP/n.one" "$TMP/n.e2"
    run 0 "$TMP/ck" pdx check --db "$TMP/e2"'

test_expect "one database stays one: --jobs 4 reads two halves and merges them" '
    ingest "$TMP/p4" --jobs 4
    json_ok "$TMP/p4.summary.json" ".shards == 2 and .writers == 2"
    [ -f "$TMP/p4/iamglass" ]
    [ ! -e "$TMP/p4/XAPIANDB" ]
    answers "$TMP/p4" "$TMP/n.p4" --feedback off
    same "$TMP/n.one" "$TMP/n.p4"'

test_expect "compact merges the kept shards into one database that answers the same" '
    run 0 "$TMP/c" pdx compact --db "$TMP/s44"
    [ -f "$TMP/s44/iamglass" ]
    [ ! -e "$TMP/s44/XAPIANDB" ]
    answers "$TMP/s44" "$TMP/a.s44c"
    same "$TMP/a.one" "$TMP/a.s44c"
    run 0 "$TMP/ck" pdx check --db "$TMP/s44"'

test_done
