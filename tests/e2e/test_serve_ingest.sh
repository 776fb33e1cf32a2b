#!/bin/bash
# End-to-end: paperdex serve while an ingest writes to its database:
# every search answers, totals only grow, the commits become visible one
# by one (not only at the end), and the last total is the whole corpus.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
: "${PDX_GENCORPUS:?PDX_GENCORPUS must name pdx-gencorpus}"
setup "$PDX_GENCORPUS" --seed 11 --n 3000 -o "$TMP/corpus.jsonl"
setup pdx ingest --quiet --db "$TMP/db" "$DATA/serve/papers.jsonl"
serve_start ing --db "$TMP/db" --quiet

test_expect "searches keep answering during an ingest and see each commit" '
    ( pdx ingest --quiet --batch 200 --db "$TMP/db" "$TMP/corpus.jsonl" > "$TMP/ingest.out" 2>&1
      echo $? > "$TMP/ingest.rc" ) &
    seen=0
    last=0
    totals=""
    for i in $(seq 3000); do
        if [ -e "$TMP/ingest.rc" ]; then break; fi
        http 200 "$TMP/s.json" "/api/search?year=1000..3000&limit=0&exact_count=1"
        t=$(json_get "$TMP/s.json" ".total")
        [ "$t" -ge "$last" ] || { fail "the total went down: $t after $last"; exit 1; }
        [ "$t" = "$last" ] || totals="$totals $t"
        last=$t
        seen=$((seen + 1))
    done
    wait
    has_line "$TMP/ingest.rc" "^0$"
    http 200 "$TMP/st.json" /api/stats
    json_ok "$TMP/st.json" ".papers == 3012"
    echo "# $seen searches during the ingest; totals seen:$totals" >&2
    [ "$(echo $totals | wc -w)" -ge 2 ] || { fail "fewer than two commits seen: $totals"; exit 1; }'

serve_stop ing
test_expect "the server stops cleanly" '
    has_line "$TMP/ing.rc" "^0$"'

test_done
