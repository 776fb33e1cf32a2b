#!/bin/bash
# End-to-end: kill -9 a real ingest at several points.  After each kill
# the database opens, `check` finds nothing wrong and searches work; running
# the same ingest again finishes the job, and the result is the same as an
# ingest that was never interrupted: same papers, same ids, same answers.
. "$(dirname "$0")/lib.sh"

mkdir "$TMP/in"
for f in 1 2 3 4; do
    awk -v f=$f 'BEGIN { for (i = 0; i < 1500; i++) {
        n = f * 10000 + i
        printf "{\"id\": \"r%d\", \"title\": \"Resumable paper %d about topic %d\", \"authors\": [\"Ana Writer%d\", \"Bo Reviewer%d\"], \"abstract\": \"This abstract %d studies topic %d with method %d and data set %d.\", \"year\": %d}\n", n, n, n % 60, n % 50, n % 33, n, n % 60, n % 11, n % 17, 1990 + n % 30 } }' > "$TMP/in/part$f.jsonl"
done
cp "$DATA/sample/lab-listing.txt" "$TMP/in/"

snapshot() {
    db=$1
    pdx stats --db "$db" --json | jq -c "del(.db)"
    pdx search --db "$db" --json --limit 100000 -zzqqxx | jq -c "[.hits[].id] | sort"
    for q in "topic 7 method" "\"data set\"" "author:writer12" "year:2001..2003 topic"; do
        pdx search --db "$db" --json --limit 10 "$q" | jq -c "[.hits[] | [.id, (.score * 1e6 | round)]] | sort_by(-.[1], .[0])"
    done
}

test_expect "an ingest that is never interrupted gives the reference" '
    pdx ingest --quiet --batch 250 --db "$TMP/ref" "$TMP/in"
    snapshot "$TMP/ref" > "$TMP/ref.snap"
    [ "$(head -1 "$TMP/ref.snap" | jq .papers)" = 6009 ]'

test_expect "after each kill -9 the database opens, checks sound and answers" '
    for t in 0.5 1.5 2.5 4; do
        "$PAPERDEX" ingest --quiet --batch 250 --db "$TMP/cut" "$TMP/in" 2>/dev/null &
        pid=$!
        sleep $t
        kill -9 $pid 2>/dev/null || true
        wait $pid 2>/dev/null || true
        [ -d "$TMP/cut" ] || continue
        pdx stats --db "$TMP/cut" --json > /dev/null
        pdx check --db "$TMP/cut" > /dev/null
        pdx search --db "$TMP/cut" --json "topic" > /dev/null
        echo "killed after ${t}s: $(pdx stats --db "$TMP/cut" --json | jq .papers) papers committed" >> "$TMP/kills"
    done
    [ "$(wc -l < "$TMP/kills")" -ge 3 ]
    cat "$TMP/kills"'

test_expect "running the ingest again ends with exactly the reference" '
    pdx ingest --quiet --batch 250 --db "$TMP/cut" "$TMP/in"
    snapshot "$TMP/cut" > "$TMP/cut.snap"
    diff "$TMP/ref.snap" "$TMP/cut.snap"'

test_expect "a further run skips every file, the database unchanged" '
    pdx ingest --json --batch 250 --db "$TMP/cut" "$TMP/in" > "$TMP/again.json"
    jq -e ".files_unchanged == 5 and .records == 0" "$TMP/again.json"
    snapshot "$TMP/cut" | diff "$TMP/ref.snap" -'

# --jobs 2 into a new database reads two halves side by side, the second
# into a shard beside the database, merged at the end.
mkdir "$TMP/in2"
cp "$TMP"/in/part*.jsonl "$TMP/in2/"

test_expect "two halves (--jobs 2): killed, the database opens sound; run again, it ends as one job" '
    pdx ingest --quiet --batch 250 --db "$TMP/ref2" "$TMP/in2"
    snapshot "$TMP/ref2" > "$TMP/ref2.snap"
    for t in 0.3 1 2.5; do
        "$PAPERDEX" ingest --quiet --jobs 2 --batch 250 --db "$TMP/cut2" "$TMP/in2" 2>/dev/null &
        pid=$!
        sleep $t
        kill -9 $pid 2>/dev/null || true
        wait $pid 2>/dev/null || true
        [ -d "$TMP/cut2" ] || continue
        pdx check --db "$TMP/cut2" > /dev/null
        pdx search --db "$TMP/cut2" --json "topic" > /dev/null
        echo "killed after ${t}s: $(pdx stats --db "$TMP/cut2" --json | jq .papers) papers" >> "$TMP/kills2"
    done
    [ "$(wc -l < "$TMP/kills2")" -ge 2 ]
    pdx ingest --quiet --jobs 2 --batch 250 --db "$TMP/cut2" "$TMP/in2"
    [ ! -e "$TMP/cut2.shard" ] && [ ! -e "$TMP/cut2.merging" ]
    snapshot "$TMP/cut2" | diff "$TMP/ref2.snap" -
    pdx ingest --json --jobs 2 --db "$TMP/cut2" "$TMP/in2" | jq -e ".files_unchanged == 4 and .records == 0"'

test_expect "two halves, not killed: the same database as one job, every file remembered" '
    pdx ingest --json --jobs 2 --batch 250 --db "$TMP/whole2" "$TMP/in2" | jq -e ".shards == 2"
    snapshot "$TMP/whole2" | diff "$TMP/ref2.snap" -
    pdx ingest --json --jobs 2 --db "$TMP/whole2" "$TMP/in2" | jq -e ".files_unchanged == 4 and .records == 0"'

test_done
