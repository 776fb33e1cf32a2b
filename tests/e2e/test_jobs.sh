#!/bin/sh
# End-to-end: ingest --jobs 2 builds the same database as --jobs 1 (same
# papers, ids, merges, document order, answers), and compact changes no
# answer.  The corpus comes from the benchmark's generator, with repeats
# and same-title records so that merging happens across batches.
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
    jq -e ".records == 643 and .merged >= 40" "$TMP/j1.summary.json"
    jq -c "del(.db)" "$TMP/j1.summary.json" > "$TMP/s1"
    jq -c "del(.db)" "$TMP/j2.summary.json" > "$TMP/s2"
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
    jq -e "select(.total > 0)" "$TMP/a1" | grep -q hits
    cmp "$TMP/a1" "$TMP/a2"'

test_expect "the papers are in the same document order" '
    pdx search --db "$TMP/j1" --json --limit 1000 "year:1900..2100" | jq -r ".hits[].id" > "$TMP/o1"
    pdx search --db "$TMP/j2" --json --limit 1000 "year:1900..2100" | jq -r ".hits[].id" > "$TMP/o2"
    [ "$(wc -l < "$TMP/o1")" = 600 ]
    cmp "$TMP/o1" "$TMP/o2"'

test_expect "with two jobs, the files read are remembered as with one" '
    pdx ingest --json --db "$TMP/j2" --jobs 2 "$TMP/corpus.jsonl" "$TMP/again.jsonl" \
        "$TMP/same.jsonl" > "$TMP/again2.json"
    jq -e ".files_unchanged == 3 and .records == 0" "$TMP/again2.json"
    answers "$TMP/j2" "$TMP/a4"
    cmp "$TMP/a1" "$TMP/a4"'

test_expect "a changed file is taken back and read again, with two jobs too" '
    head -100 "$TMP/corpus.jsonl" > "$TMP/part.jsonl"
    pdx ingest --quiet --db "$TMP/p1" --jobs 1 "$TMP/part.jsonl"
    pdx ingest --quiet --db "$TMP/p2" --jobs 2 "$TMP/part.jsonl"
    head -60 "$TMP/corpus.jsonl" > "$TMP/part.jsonl"
    pdx ingest --json --db "$TMP/p1" --jobs 1 "$TMP/part.jsonl" | jq -c "del(.db)" > "$TMP/c1"
    pdx ingest --json --db "$TMP/p2" --jobs 2 "$TMP/part.jsonl" | jq -c "del(.db)" > "$TMP/c2"
    cmp "$TMP/c1" "$TMP/c2"
    [ "$(pdx stats --db "$TMP/p2" --json | jq .papers)" = 60 ]'

test_expect "compact keeps every answer and the database sound" '
    pdx compact --db "$TMP/j2"
    pdx check --db "$TMP/j2"
    answers "$TMP/j2" "$TMP/a3"
    cmp "$TMP/a1" "$TMP/a3"
    [ ! -e "$TMP/j2.old" ] && [ ! -e "$TMP/j2.compacting" ]'

test_expect "compact of a missing database is exit 4" '
    expect_exit 4 pdx compact --db "$TMP/none"'

test_expect "--jobs takes 1 or 2" '
    expect_exit 2 pdx ingest --jobs 3 "$TMP/same.jsonl"'

test_done
