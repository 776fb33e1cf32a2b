#!/bin/bash
# End-to-end on the user's own listing page (../shared/seeds): the
# foundation's acceptance checks.
. "$(dirname "$0")/lib.sh"
need_shared seeds/001_7b57e512285d5935.txt
SEED="$SHARED/seeds/001_7b57e512285d5935.txt"

test_expect "the listing page ingests and sycophancy ranks the sycophancy paper first" '
    run 0 "$TMP/i" pdx ingest --quiet "$SEED"
    run 0 "$TMP/s.json" pdx search --json sycophancy
    json_ok "$TMP/s.json" ".hits[0].title == \"Towards Understanding Sycophancy in Language Models\""'

test_expect "coauthors of Ricky T. Q. Chen are counted from the page" '
    run 0 "$TMP/c.json" pdx coauthors --json "Ricky T. Q. Chen"
    json_ok "$TMP/c.json" ".papers == 10"
    json_ok "$TMP/c.json" ".coauthors[0] | .name == \"David Duvenaud\" and .papers == 3 and .variants == [\"David Duvenaud\"] and .ambiguous_with == []"
    json_ok "$TMP/c.json" ".coauthors[1].name == \"Xuechen Li\" and .coauthors[1].papers == 3"
    json_ok "$TMP/c.json" "[.coauthors[] | select(.name == \"Ricky T. Q. Chen\")] | length == 0"'

test_expect "ingesting the page twice leaves stats unchanged" '
    run 0 "$TMP/a.json" pdx stats --json
    run 0 "$TMP/i" pdx ingest --quiet "$SEED"
    run 0 "$TMP/b.json" pdx stats --json
    json_ok "$TMP/a.json" ".papers > 10"
    cmp "$TMP/a.json" "$TMP/b.json"'

test_expect "Jörn-Henrik Jacobsen is found under three spellings" '
    for n in "Jorn-Henrik Jacobsen" "Jörn-Henrik Jacobsen" "jorn henrik jacobsen"; do
        run 0 "$TMP/a.json" pdx author --json "$n"
        json_ok "$TMP/a.json" ".total == 2 and (.hits|length) == 2"
    done'

test_expect "Jonathan Lorraine: exact spellings first, then Jon Lorraine as a variant" '
    run 0 "$TMP/r.json" pdx author --json --limit 20 "Jonathan Lorraine"
    json_ok "$TMP/r.json" "[.hits[].match] == [\"exact\",\"exact\",\"exact\",\"exact\",\"exact\",\"variant\"]"
    json_ok "$TMP/r.json" ".hits[5].matched_author == \"Jon Lorraine\""
    run 0 "$TMP/j.json" pdx author --json --limit 20 "J. Lorraine"
    json_ok "$TMP/j.json" ".total == 6"
    run 0 "$TMP/e.json" pdx author --json --limit 20 --exact "Jonathan Lorraine"
    json_ok "$TMP/e.json" ".total == 5 and ([.hits[].match] | all(. == \"exact\"))"'

test_done
