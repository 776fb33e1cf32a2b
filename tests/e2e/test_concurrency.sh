#!/bin/bash
# End-to-end: two writers, --wait, and reading while an ingest runs.
# The first writer is held deterministically: an ingest reading standard
# input from a FIFO keeps the database lock until the FIFO is closed.
. "$(dirname "$0")/lib.sh"
setup pdx ingest --quiet "$DATA/listing/joins.txt"
mkfifo "$TMP/fifo"
: > "$TMP/nothing.jsonl"
awk 'BEGIN{for(i=0;i<4000;i++) printf "{\"id\":\"g%d\",\"title\":\"Generated paper %d about topic %d\",\"authors\":[\"Ann Writer%d\"],\"abstract\":\"Words about topic %d and method %d.\"}\n",i,i,i%50,i%40,i%50,i%7}' > "$TMP/gen.jsonl"

# wait_locked: waits until another process holds the database's write
# lock, as paperdex itself says it: an ingest of an empty file is told
# "locked" (exit 4).  While the lock is free that ingest reads nothing and
# names the empty file as an input not read (exit 3).
wait_locked() {
    end=$(( $(date +%s) + 60 ))
    while :; do
        set +e
        "$PAPERDEX" ingest --quiet "$TMP/nothing.jsonl" > /dev/null 2> "$TMP/probe.err" 3>&-
        rc=$?
        set -e
        if [ "$rc" = 4 ] && grep -q locked "$TMP/probe.err"; then return 0; fi
        if [ "$rc" != 3 ] || ! grep -q "empty file" "$TMP/probe.err"; then
            cat "$TMP/probe.err"
            fail "an ingest of an empty file exited $rc"
        fi
        [ "$(date +%s)" -le "$end" ] || fail "the first writer never took the lock"
    done
}

test_expect "a second writer is told at once that the database is locked" '
    # --wait: the lock probe below holds the lock for a moment while it is
    # free, and the first writer must not lose that race and give up
    "$PAPERDEX" ingest --quiet --wait 60 - < "$TMP/fifo" > "$TMP/first.out" 2>&1 &
    first=$!
    exec 3> "$TMP/fifo"
    wait_locked
    start=$(date +%s)
    expect_exit 4 pdx ingest --quiet "$DATA/sample" 2> "$TMP/err" 3>&-
    [ $(( $(date +%s) - start )) -le 5 ]
    has_line "$TMP/err" "locked"
    has_line "$TMP/err" "$PAPERDEX_DB"
    # readers are not blocked by the writer
    run 0 "$TMP/s.json" pdx stats --json 3>&-
    json_ok "$TMP/s.json" ".papers == 7"
    run 0 "$TMP/r.json" pdx search --json "depth" 3>&-
    json_ok "$TMP/r.json" ".total >= 1"
    # --wait gives up after its time when the lock stays
    start=$(date +%s)
    expect_exit 4 pdx ingest --quiet --wait 1 "$DATA/sample" 2> "$TMP/err" 3>&-
    [ $(( $(date +%s) - start )) -ge 1 ]
    has_line "$TMP/err" "waiting up to 1s"
    # --wait succeeds once the first writer is done: it says it waits, is
    # still waiting, and ends after the lock is released.  The child must
    # not inherit the FIFO (3>&-), or the first writer would never see its
    # end.
    "$PAPERDEX" ingest --quiet --wait 60 "$DATA/sample" 2> "$TMP/err2" 3>&- &
    second=$!
    wait_line "$TMP/err2" "waiting up to 60s"
    kill -0 $second
    cat "$DATA/jsonl/same-title.jsonl" >&3
    exec 3>&-
    wait $first
    set +e
    wait $second
    rc=$?
    set -e
    [ "$rc" = 0 ] || { cat "$TMP/err2"; fail "ingest --wait 60 exited $rc"; }
    run 0 "$TMP/s.json" pdx stats --json
    json_ok "$TMP/s.json" ".papers == 7 + 2 + 12"'

test_expect "--batch N commits every N papers: readers see them before the input ends" '
    "$PAPERDEX" ingest --quiet --batch 2 --db "$TMP/b" - < "$TMP/fifo" 2> "$TMP/b.err" &
    w=$!
    exec 3> "$TMP/fifo"
    head -2000 "$TMP/gen.jsonl" >&3
    end=$(( $(date +%s) + 15 ))
    while :; do
        if [ -e "$TMP/b/iamglass" ] && pdx stats --db "$TMP/b" --json > "$TMP/s.json" 2>/dev/null 3>&-; then
            [ "$(json_get "$TMP/s.json" .papers)" -lt 2 ] || break
        fi
        [ "$(date +%s)" -le "$end" ] || fail "no batch of 2 committed while the input stays open"
    done
    # whole batches, and not all of what was sent: the input is still open
    json_ok "$TMP/s.json" ".papers % 2 == 0 and .papers < 2000"
    exec 3>&-
    wait $w
    run 0 "$TMP/s.json" pdx stats --db "$TMP/b" --json
    json_ok "$TMP/s.json" ".papers == 2000"'

# watch DB PID MAX: while the ingest PID runs, the committed count never
# falls, each read is MAX or less (or everything), and search never fails
# once the database has been seen.  (Before, a reader may catch the new
# database before its first commit: "not a paperdex one", exit 4.)
watch_ingest() {
    db=$1 ing=$2 max=$3
    last=0
    : > "$TMP/seen"
    while kill -0 $ing 2>/dev/null; do
        [ -e "$db/iamglass" ] || continue
        if [ ! -s "$TMP/seen" ]; then
            run_in "0|4" "$TMP/w.json" pdx stats --db "$db" --json
            if [ "$RUN_CODE" = 4 ]; then has_line "$TMP/w.json.err" "not a paperdex"; continue; fi
        else
            run 0 "$TMP/w.json" pdx stats --db "$db" --json
        fi
        n=$(json_get "$TMP/w.json" .papers)
        [ "$n" -ge "$last" ] || fail "papers went from $last to $n"
        [ "$n" -le "$max" ] || [ "$n" -eq 4000 ] || fail "$n papers seen"
        run 0 "$TMP/ws.json" pdx search --db "$db" --json "topic method"
        json_ok "$TMP/ws.json" ".total >= $n or .total == 4000"
        last=$n
        echo "$n" >> "$TMP/seen"
    done
    wait $ing
}

test_expect "searches during a long ingest see committed batches and never fail" '
    "$PAPERDEX" ingest --quiet --jobs 1 --batch 200 --db "$TMP/big" "$TMP/gen.jsonl" &
    watch_ingest "$TMP/big" $! 4000
    # every count read was a whole number of batches
    no_line "$TMP/seen" "^[0-9]*[13579][0-9][0-9]$|[1-9][0-9]$|^[1-9]$"
    run 0 "$TMP/s.json" pdx stats --db "$TMP/big" --json
    json_ok "$TMP/s.json" ".papers == 4000"'

# Two halves: readers see the first half's commits grow (the second half
# is in the shard), then every paper once the merged database is swapped
# in; no search may fail across the swap.
test_expect "searches during a two-half ingest see the first half, then all, and never fail" '
    "$PAPERDEX" ingest --quiet --jobs 2 --batch 200 --db "$TMP/big2" "$TMP/gen.jsonl" &
    watch_ingest "$TMP/big2" $! 2100
    run 0 "$TMP/s.json" pdx stats --db "$TMP/big2" --json
    json_ok "$TMP/s.json" ".papers == 4000"
    run 0 "$TMP/r.json" pdx search --db "$TMP/big2" --json "topic method"
    json_ok "$TMP/r.json" ".total == 4000"
    echo "counts seen: $(tr "\n" " " < "$TMP/seen")"'

test_done
