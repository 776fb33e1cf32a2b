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
FIG='(."ndcg@10" - 0.537716 | fabs) < 0.000001 and .map == 0.5 and ."recall@100" == 0.5 and ."p@10" == 0.1'

test_expect "eval prints the hand-computed figures as JSON" '
    run 0 "$TMP/e.json" pdx eval --json "$DATA/beir"
    json_ok "$TMP/e.json" ".collection == \"beir\" and .queries == 3 and .docs == 4"
    json_ok "$TMP/e.json" "$FIG"'

test_expect "eval prints the figures as text too" '
    run 0 "$TMP/e.txt" pdx eval "$DATA/beir"
    has_line "$TMP/e.txt" "0\.53[78]"'

test_expect "without feedback the figures are the same" '
    run 0 "$TMP/e.json" pdx eval --json --fb-docs 0 "$DATA/beir"
    json_ok "$TMP/e.json" "$FIG"'

test_expect "--run writes a TREC run in rank order" '
    run 0 "$TMP/o" pdx eval --run "$TMP/run" "$DATA/beir"
    [ "$(cut -d" " -f1-4 "$TMP/run" | tr "\n" "|")" = "q1 Q0 d1 1|q1 Q0 d3 2|q2 Q0 d4 1|" ]'

test_expect "--depth 1 keeps one hit a query" '
    run 0 "$TMP/o" pdx eval --depth 1 --run "$TMP/run1" "$DATA/beir"
    [ "$(cut -d" " -f1-4 "$TMP/run1" | tr "\n" "|")" = "q1 Q0 d1 1|q2 Q0 d4 1|" ]'

test_expect "--per-query prints each judged query" '
    run 0 "$TMP/pq" pdx eval --per-query "$DATA/beir"
    has_line "$TMP/pq" "^q2	0.6131	0.5000	0.5000	0.1000	Penguin$"
    has_line "$TMP/pq" "^q1	1.0000	"
    no_line "$TMP/pq" "^q9"'

# Regression: with --json, --per-query printed its tab-separated table
# before the JSON summary, so the output did not parse.
test_expect "--per-query with --json is JSON Lines: each query, then the summary" '
    run 0 "$TMP/pqj" pdx eval --json --per-query "$DATA/beir"
    json_ok "$TMP/pqj" "has(\"qid\") or has(\"collection\")"
    jq -c "select(.qid == \"q2\")" "$TMP/pqj" > "$TMP/q2"
    json_ok "$TMP/q2" ".query == \"Penguin\" and .\"ndcg@10\" > 0.613 and .\"ndcg@10\" < 0.614 and .map == 0.5"
    jq -c "select(has(\"collection\"))" "$TMP/pqj" > "$TMP/sum"
    lines "$TMP/sum" 1
    json_ok "$TMP/sum" ".queries >= 2"'

test_expect "--qrels takes other judgements" '
    printf "query-id\tcorpus-id\tscore\nq1\td3\t1\n" > "$TMP/qrels.tsv"
    run 0 "$TMP/e.json" pdx eval --json --qrels "$TMP/qrels.tsv" "$DATA/beir"
    json_ok "$TMP/e.json" ".queries == 1 and .map == 0.5 and .\"recall@100\" == 1"'

test_expect "--db searches a database built beforehand" '
    run 0 "$TMP/i" pdx ingest --quiet --db "$TMP/b.db" "$DATA/beir/corpus.jsonl"
    run 0 "$TMP/e.json" pdx eval --json --db "$TMP/b.db" "$DATA/beir"
    json_ok "$TMP/e.json" ".queries == 3 and .\"ndcg@10\" > 0.3"
    expect_exit 4 pdx eval --json --db "$TMP/none.db" "$DATA/beir" > "$TMP/o" 2> "$TMP/err"'

# Each ranking flag must reach the ranking: a setting far from the default
# changes the figures or the run, and a bad value is a usage error.
test_expect "every ranking and indexing flag is taken, and a bad value refused" '
    for f in "--weighting bm25" "--weighting bm25+" "--weighting lm" "--weighting pl2" "--weighting dph" "--weighting inl2" \
             "--k1 0.1" "--b 0.1" "--param 2" "--title-weight 3" "--exact-weight 2" "--author-weight 2" \
             "--stopwords keep" "--stopwords drop" "--near-weight 1" "--near-window 3" "--fb-docs 2" "--fb-terms 3" \
             "--fb-weight 0.5" "--fb-min-matches 1" "--fb-scheme trad" "--fb-scheme bo1" "--fb-near yes" "--fb-near no" \
             "--fb-max-df 0.5" "--title-wdf 1" "--author-text yes" "--author-text no" \
             "--fb-depth 0" "--fb-depth 1" "--fb-widen 0" "--fb-widen-terms 0"; do
        run 0 "$TMP/e.json" pdx eval --json $f "$DATA/beir"
        json_ok "$TMP/e.json" ".queries == 3 and (.\"ndcg@10\" | type) == \"number\""
    done
    for f in "--weighting nope" "--k1 x" "--b x" "--param x" "--title-weight x" "--stopwords maybe" \
             "--fb-scheme x" "--fb-near maybe" "--author-text maybe" "--depth x" "--fb-docs x" \
             "--fb-depth x" "--fb-widen x" "--fb-widen-terms x"; do
        expect_exit 2 pdx eval $f "$DATA/beir" > "$TMP/o" 2> "$TMP/err"
    done'

# On this tiny collection only these settings move a score; each must.
test_expect "--weighting, --k1, --b, --exact-weight, --title-wdf, --fb-max-df change the scores" '
    run 0 "$TMP/o" pdx eval --run "$TMP/def.run" "$DATA/beir"
    for f in "--weighting lm" "--weighting pl2" "--k1 0.1" "--b 0.1" "--exact-weight 2" "--title-wdf 1" "--fb-max-df 0.5"; do
        run 0 "$TMP/o" pdx eval --run "$TMP/x.run" $f "$DATA/beir"
        [ -s "$TMP/x.run" ]
        if cmp -s "$TMP/def.run" "$TMP/x.run"; then fail "$f changed no score"; fi
    done'

test_expect "a collection without qrels is exit 3 and names the file" '
    mkdir -p "$TMP/empty"
    expect_exit 3 pdx eval "$TMP/empty" 2> "$TMP/err"
    has_line "$TMP/err" "$TMP/empty/qrels/test.tsv"
    expect_exit 2 pdx eval'

test_done
