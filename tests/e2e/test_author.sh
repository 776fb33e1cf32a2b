#!/bin/bash
# End-to-end: paperdex author and coauthors on the bundled sample.
. "$(dirname "$0")/lib.sh"
pdx ingest --quiet "$DATA/sample"

test_expect "an author is found with or without accents, in either name order" '
    a=$(pdx author --json "Jörg Wendel" | jq -c "[.hits[].id]|sort")
    b=$(pdx author --json "jorg wendel" | jq -c "[.hits[].id]|sort")
    c=$(pdx author --json "Wendel, Jorg" | jq -c "[.hits[].id]|sort")
    [ "$a" = "$b" ] && [ "$b" = "$c" ]
    [ "$(pdx author --json "Jörg Wendel" | jq .total)" = 2 ]'

test_expect "an initial finds the person as a marked variant" '
    pdx author --json "A. Okafor" > "$TMP/r.json"
    jq -e ".total == 3 and ([.hits[].match] | all(. == \"variant\"))" "$TMP/r.json"
    jq -e "[.hits[].matched_author] | all(. == \"Amara N. Okafor\")" "$TMP/r.json"'

test_expect "--exact turns variants off" '
    [ "$(pdx author --json --exact "Amara Okafor" | jq .total)" = 0 ]
    [ "$(pdx author --json --exact "Amara N. Okafor" | jq .total)" = 3 ]'

test_expect "coauthors count shared papers, most frequent first, spellings merged" '
    pdx coauthors --json "Oksana Bilyk" > "$TMP/c.json"
    jq -e ".papers == 2" "$TMP/c.json"
    jq -e ".coauthors[0].papers == 2 and .coauthors[1].papers == 2" "$TMP/c.json"
    jq -e "[.coauthors[] | select(.name == \"Jörg Wendel\" or .name == \"Jorg Wendel\")] | length == 1" "$TMP/c.json"
    jq -e "[.coauthors[].papers] | . == (sort | reverse)" "$TMP/c.json"'

test_expect "--min keeps frequent coauthors only" '
    pdx coauthors --json --min 2 "Oksana Bilyk" | jq -e "[.coauthors[].papers] | all(. >= 2) and length == 2"'

test_expect "a name with no letters is a usage error" '
    expect_exit 2 pdx author "..." 2> "$TMP/err"
    grep -q "no name" "$TMP/err"'

test_expect "less complete spellings join the one person they fit" '
    pdx ingest --quiet --db "$TMP/v" "$DATA/names/variants.jsonl"
    pdx coauthors --db "$TMP/v" --json "Mira Kowalczyk" > "$TMP/c.json"
    jq -e ".papers == 5" "$TMP/c.json"
    jq -e "[.coauthors[] | select(.name == \"Jonathan Pike\")][0] | .papers == 3 and (.variants|sort) == [\"J. Pike\",\"Jon Pike\",\"Jonathan Pike\"]" "$TMP/c.json"
    jq -e "[.coauthors[] | select(.name == \"David Scott Ferro\")][0].papers == 2" "$TMP/c.json"'

test_expect "a spelling that fits two people is kept apart and names both" '
    pdx coauthors --db "$TMP/v" --json "Mira Kowalczyk" > "$TMP/c.json"
    jq -e "[.coauthors[] | select(.name == \"J. Smith\")][0] | .papers == 1 and (.ambiguous_with|sort) == [\"Jane Smith\",\"John Smith\"]" "$TMP/c.json"
    jq -e "[.coauthors[] | select(.name == \"Jane Smith\")][0].papers == 2" "$TMP/c.json"
    pdx coauthors --db "$TMP/v" "Mira Kowalczyk" | grep -q "J. Smith  (could be Jane Smith or John Smith)"'

test_done
