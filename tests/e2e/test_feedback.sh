#!/bin/bash
# End-to-end: pseudo-relevance feedback, `search --feedback off|on|auto`
# and the same in eval, on a fixture built for it (tests/data/feedback):
# forty papers; z1-z3 are about zebras (the word, with "stripes",
# "savanna", "herds"); s1 is about the same savanna herds but never says
# "zebra"; the other 36 are three papers each on twelve unrelated topics.
# A "zebra" search finds z1-z3; with feedback (RM3: the top papers'
# stems, those in at most 10% of the papers, i.e. four) it also finds s1,
# below the three that have the word.
. "$(dirname "$0")/lib.sh"
pdx ingest --quiet "$DATA/feedback/papers.jsonl"

test_expect "--feedback off finds only the papers with the word" '
    run 0 "$TMP/off.json" pdx search --json --limit 50 --feedback off zebra
    json_ok "$TMP/off.json" "[.hits[].id] | sort == [\"z1\", \"z2\", \"z3\"]"'

test_expect "--feedback on also finds a paper on the same topic without the word" '
    run 0 "$TMP/on.json" pdx search --json --limit 50 --feedback on zebra
    json_ok "$TMP/on.json" "[.hits[].id] | length == 4 and .[3] == \"s1\""'

test_expect "feedback is on by default" '
    run 0 "$TMP/def.json" pdx search --json --limit 50 zebra
    json_ok "$TMP/def.json" "[.hits[].id] | length == 4 and .[3] == \"s1\""'

test_expect "--feedback auto ranks the papers with the word first" '
    run 0 "$TMP/auto.json" pdx search --json --limit 50 --feedback auto zebra
    json_ok "$TMP/auto.json" "[.hits[].id][0:3] | sort == [\"z1\", \"z2\", \"z3\"]"'

test_expect "--feedback applies to every query of a batch" '
    printf "zebra\nsavanna herds\n" > "$TMP/q"
    run 0 "$TMP/b.json" pdx search --json --limit 50 --feedback off --batch "$TMP/q"
    json_ok "$TMP/b.json" ".hits | length >= 1"
    has_line "$TMP/b.json" "\"query\": *\"zebra\""
    json_ok "$TMP/b.json" "(.query != \"zebra\") or ([.hits[].id] | index(\"s1\") == null)"'

test_expect "a date sort runs without feedback" '
    run 0 "$TMP/d.json" pdx search --json --limit 50 --feedback on --sort date zebra
    json_ok "$TMP/d.json" "[.hits[].id] | sort == [\"z1\", \"z2\", \"z3\"]"'

test_expect "an unknown --feedback value is a usage error" '
    expect_exit 2 pdx search --feedback sometimes zebra
    expect_exit 2 pdx eval --feedback sometimes "$DATA/beir"'

test_expect "search --help states the default" '
    run 0 "$TMP/h" pdx search --help
    has_line "$TMP/h" "--feedback off\|on\|auto"
    has_line "$TMP/h" "default.*on"'

test_expect "eval --feedback off gives the hand-computed figures" '
    run 0 "$TMP/e.json" pdx eval --json --feedback off "$DATA/beir"
    json_ok "$TMP/e.json" "(.\"ndcg@10\" - 0.537716 | fabs) < 0.000001 and .map == 0.5"'

test_expect "eval takes each feedback choice and method" '
    for m in on auto; do
        run 0 "$TMP/e-$m.json" pdx eval --json --feedback $m "$DATA/beir"
        json_ok "$TMP/e-$m.json" ".queries == 3"
    done
    run 0 "$TMP/e-eset.json" pdx eval --json --fb-method eset "$DATA/beir"
    json_ok "$TMP/e-eset.json" ".queries == 3"
    expect_exit 2 pdx eval --fb-method nope "$DATA/beir"'

test_done
