#!/bin/bash
# End-to-end on the user's own listing page (../shared/seeds): the
# foundation's acceptance checks.
. "$(dirname "$0")/lib.sh"
need_shared
SEED="$SHARED/seeds/001_7b57e512285d5935.txt"

test_expect "the listing page ingests and sycophancy ranks the sycophancy paper first" '
    pdx ingest --quiet "$SEED"
    pdx search --json sycophancy | jq -e ".hits[0].title == \"Towards Understanding Sycophancy in Language Models\""'

test_expect "coauthors of Ricky T. Q. Chen are counted from the page" '
    pdx coauthors --json "Ricky T. Q. Chen" > "$TMP/c.json"
    jq -e ".papers == 10" "$TMP/c.json"
    jq -e ".coauthors[0] | .name == \"David Duvenaud\" and .papers == 3 and .variants == [\"David Duvenaud\"] and .ambiguous_with == []" "$TMP/c.json"
    jq -e ".coauthors[1].name == \"Xuechen Li\" and .coauthors[1].papers == 3" "$TMP/c.json"
    jq -e "[.coauthors[] | select(.name == \"Ricky T. Q. Chen\")] | length == 0" "$TMP/c.json"'

test_expect "ingesting the page twice leaves stats unchanged" '
    pdx stats --json > "$TMP/a.json"
    pdx ingest --quiet "$SEED"
    pdx stats --json > "$TMP/b.json"
    cmp "$TMP/a.json" "$TMP/b.json"'

test_expect "Jörn-Henrik Jacobsen is found under three spellings" '
    for n in "Jorn-Henrik Jacobsen" "Jörn-Henrik Jacobsen" "jorn henrik jacobsen"; do
        [ "$(pdx author --json "$n" | jq .total)" = 2 ]
    done'

test_expect "Jonathan Lorraine: exact spellings first, then Jon Lorraine as a variant" '
    pdx author --json --limit 20 "Jonathan Lorraine" > "$TMP/r.json"
    jq -e "[.hits[].match] == [\"exact\",\"exact\",\"exact\",\"exact\",\"exact\",\"variant\"]" "$TMP/r.json"
    jq -e ".hits[5].matched_author == \"Jon Lorraine\"" "$TMP/r.json"
    [ "$(pdx author --json --limit 20 "J. Lorraine" | jq .total)" = 6 ]'

test_done
