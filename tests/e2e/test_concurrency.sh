#!/bin/bash
# End-to-end: two writers, --wait, and reading while an ingest runs.
# The first writer is held deterministically: an ingest reading standard
# input from a FIFO keeps the database lock until the FIFO is closed.
. "$(dirname "$0")/lib.sh"
pdx ingest --quiet "$DATA/listing/joins.txt"
mkfifo "$TMP/fifo"

test_expect "a second writer is told at once that the database is locked" '
    pdx ingest --quiet - < "$TMP/fifo" > "$TMP/first.out" 2>&1 &
    first=$!
    exec 3> "$TMP/fifo"
    sleep 1
    start=$(date +%s)
    expect_exit 4 pdx ingest --quiet "$DATA/sample" 2> "$TMP/err" 3>&-
    [ $(( $(date +%s) - start )) -le 5 ]
    grep -q "locked" "$TMP/err"
    grep -q "$PAPERDEX_DB" "$TMP/err"
    # readers are not blocked by the writer
    pdx stats --json | jq -e ".papers == 7"
    pdx search --json "depth" | jq -e ".total >= 1"
    # --wait gives up after its time when the lock stays
    expect_exit 4 pdx ingest --quiet --wait 1 "$DATA/sample" 2> "$TMP/err" 3>&-
    grep -q "waiting up to 1s" "$TMP/err"
    # --wait succeeds once the first writer is done.  The child must not
    # inherit the FIFO, or the first writer would never see its end: 3>&-
    # on the binary itself, because dash keeps a saved copy of fd 3 in the
    # subshell of a backgrounded shell function.
    "$PAPERDEX" ingest --quiet --wait 60 "$DATA/sample" 2> "$TMP/err2" 3>&- &
    second=$!
    sleep 1
    cat "$DATA/jsonl/same-title.jsonl" >&3
    exec 3>&-
    wait $first
    wait $second || { cat "$TMP/err2"; exit 1; }
    pdx stats --json | jq -e ".papers == 7 + 2 + 12"'

test_expect "searches during a long ingest see committed batches and never fail" '
    awk "BEGIN{for(i=0;i<4000;i++) printf \"{\\\"id\\\":\\\"g%d\\\",\\\"title\\\":\\\"Generated paper %d about topic %d\\\",\\\"authors\\\":[\\\"Ann Writer%d\\\"],\\\"abstract\\\":\\\"Words about topic %d and method %d.\\\"}\\n\",i,i,i%50,i%40,i%50,i%7}" > "$TMP/gen.jsonl"
    pdx ingest --quiet --jobs 1 --batch 200 --db "$TMP/big" "$TMP/gen.jsonl" &
    ing=$!
    last=0
    while kill -0 $ing 2>/dev/null; do
        if [ -d "$TMP/big" ] && n=$(pdx stats --db "$TMP/big" --json 2>/dev/null | jq .papers); then
            [ "$n" -ge "$last" ]
            [ $((n % 200)) -eq 0 ] || [ "$n" -eq 4000 ]
            pdx search --db "$TMP/big" --json "topic method" > /dev/null
            last=$n
        fi
        sleep 0.3
    done
    wait $ing
    pdx stats --db "$TMP/big" --json | jq -e ".papers == 4000"'

# Two halves: readers see the first half's commits grow (the second half
# is in the shard), then every paper once the merged database is swapped
# in; no search may fail across the swap.
test_expect "searches during a two-half ingest see the first half, then all, and never fail" '
    pdx ingest --quiet --jobs 2 --batch 200 --db "$TMP/big2" "$TMP/gen.jsonl" &
    ing=$!
    last=0
    seen=""
    while kill -0 $ing 2>/dev/null; do
        if [ -d "$TMP/big2" ] && n=$(pdx stats --db "$TMP/big2" --json 2>/dev/null | jq .papers); then
            [ "$n" -ge "$last" ]
            [ "$n" -le 2100 ] || [ "$n" -eq 4000 ]
            pdx search --db "$TMP/big2" --json "topic method" > /dev/null
            last=$n
            seen="$seen $n"
        fi
        sleep 0.1
    done
    wait $ing
    pdx stats --db "$TMP/big2" --json | jq -e ".papers == 4000"
    pdx search --db "$TMP/big2" --json "topic method" | jq -e ".total == 4000"
    echo "counts seen:$seen"'

test_done
