#!/bin/bash
# End-to-end: paperdex eval on a tiny collection in BEIR layout whose
# figures were computed by hand (tests/data/beir):
#   q1 "zebra?"  → d1 (shorter, so first), d3; judged d1:2 d3:1
#                  nDCG@10 1, AP 1, R@100 1, P@10 2/10
#   q2 "Penguin" → d4; judged d4:1 d2:1 (d2 cannot be found)
#                  nDCG@10 = 1 / (1 + 1/log2 3) = 0.613147, AP 1/2, R@100 1/2, P@10 1/10
#   q3 "walrus"  → nothing; judged d2:1: all 0
#   q9 is in queries.jsonl but not judged: not run
#   means: nDCG@10 0.537716, MAP 0.5, R@100 0.5, P@10 0.1
. "$(dirname "$0")/lib.sh"

test_expect "eval prints the hand-computed figures as JSON" '
    pdx eval --json "$DATA/beir" > "$TMP/e.json"
    jq -e ".collection == \"beir\" and .queries == 3" "$TMP/e.json"
    jq -e "(.\"ndcg@10\" - 0.537716 | fabs) < 0.000001 and .map == 0.5 and .\"recall@100\" == 0.5
           and .\"p@10\" == 0.1" "$TMP/e.json"'

test_expect "without feedback the figures are the same" '
    pdx eval --json --fb-docs 0 "$DATA/beir" | jq -e "(.\"ndcg@10\" - 0.537716 | fabs) < 0.000001"'

test_expect "--run writes a TREC run in rank order" '
    pdx eval --run "$TMP/run" "$DATA/beir" > /dev/null
    [ "$(cut -d" " -f1-4 "$TMP/run" | tr "\n" "|")" = "q1 Q0 d1 1|q1 Q0 d3 2|q2 Q0 d4 1|" ]'

test_expect "--per-query prints each judged query" '
    pdx eval --per-query "$DATA/beir" > "$TMP/pq"
    grep -q "^q2	0.6131	0.5000	0.5000	0.1000	Penguin$" "$TMP/pq"
    ! grep -q "^q9" "$TMP/pq"'

test_expect "a collection without qrels is exit 3 and names the file" '
    mkdir -p "$TMP/empty"
    expect_exit 3 pdx eval "$TMP/empty" 2> "$TMP/err"
    grep -q "$TMP/empty/qrels/test.tsv" "$TMP/err"'

test_expect "a bad option is a usage error" '
    expect_exit 2 pdx eval --k1 x "$DATA/beir"
    expect_exit 2 pdx eval --weighting nope "$DATA/beir"'

test_done
