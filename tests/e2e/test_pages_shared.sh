#!/bin/bash
# End-to-end on the user's four seed pages (../shared/seeds): the
# acceptance checks of issue 4.
. "$(dirname "$0")/lib.sh"
need_shared seeds
SEEDS="$SHARED/seeds"
# Lines of the seed pages never go into the repository whole: their
# titles are put together from two parts.
REX="Out-of-Distribution Generalization"" via Risk Extrapolation (REx)"
BH="Bayesian"" Hypernetworks"

test_expect "the four seed pages ingest as one profile, one listing and two streams" '
    run 0 "$TMP/seeds.json" pdx ingest --json "$SEEDS"
    json_ok "$TMP/seeds.json" ".formats == {\"listing\": 1, \"profile\": 1, \"stream\": 2}"
    json_ok "$TMP/seeds.json" ".papers == 71 and .skipped == 0"'

test_expect "search cookies and search Larochelle find nothing" '
    run 0 "$TMP/a.json" pdx search --json cookies
    run 0 "$TMP/b.json" pdx search --json Larochelle
    json_ok "$TMP/a.json" ".total == 0"
    json_ok "$TMP/b.json" ".total == 0"'

test_expect "search distribution finds the risk-extrapolation paper (its abstract was spliced)" '
    run 0 "$TMP/a.json" pdx search --json --limit 100 distribution
    json_ok "$TMP/a.json" "[.hits[].title] | index(\"$REX\") != null"
    run 0 "$TMP/b.json" pdx search --json "\"out-of-distribution (OoD) generalization\""
    json_ok "$TMP/b.json" ".total == 1"'

test_expect "the hypernetworks paper listed four times is one paper" '
    run 0 "$TMP/b.json" pdx search --json --limit 100 "\"Bayesian hypernetworks\""
    json_ok "$TMP/b.json" "[.hits[] | select(.title == \"$BH\")] | length == 1"'

test_expect "author David Scott Krueger lists the profile page papers" '
    run 0 "$TMP/k.json" pdx author --json "David Scott Krueger"
    json_ok "$TMP/k.json" ".total == 6"
    json_ok "$TMP/k.json" "[.hits[].title] | sort == ([
        \"A Closer Look at Memorization\" + \" in Deep Networks\", \"$BH\",
        \"Deep Nets Don'"'"'t Learn\" + \" via Memorization\", \"Neural Autoregressive\" + \" Flows\", \"$REX\",
        \"Toward Trustworthy AI Development: \" + \"Mechanisms for Supporting Verifiable Claims\"] | sort)"'

test_expect "author Theo Ryffel finds the trustworthy-AI paper (Th'eo on the page)" '
    run 0 "$TMP/t.json" pdx author --json "Theo Ryffel"
    json_ok "$TMP/t.json" ".total == 1 and (.hits[0].title | startswith(\"Toward Trustworthy AI Development\"))"'

test_expect "ingesting the seed pages again changes nothing" '
    run 0 "$TMP/a.json" pdx stats --json
    run 0 "$TMP/i" pdx ingest --quiet "$SEEDS"
    run 0 "$TMP/b.json" pdx stats --json
    json_ok "$TMP/a.json" ".papers == 71"
    cmp "$TMP/a.json" "$TMP/b.json"'

test_done
