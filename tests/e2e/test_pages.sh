#!/bin/bash
# End-to-end on pages copied from sites: profile pages and abstract streams
# (the project's fixtures first, then the user's four seed pages), the
# shapes reported by parse and ingest, standard input, and the acceptance
# checks of issue 4.
. "$(dirname "$0")/lib.sh"

test_expect "parse says which shape it read, per record and in its summary" '
    pdx parse --json "$DATA/profile/ruiz.txt" "$DATA/stream/lab-b.txt" > "$TMP/p.json"
    jq -e -s "[.[].format] | unique == [\"profile\", \"stream\"]" "$TMP/p.json"
    pdx parse "$DATA/profile/ruiz.txt" "$DATA/stream/lab-b.txt" > "$TMP/p.txt" 2> "$TMP/p.err"
    grep -q "format: *profile" "$TMP/p.txt"
    grep -q "(profile=1 stream=1)" "$TMP/p.err"'

test_expect "--format overrides the shape found in the content" '
    pdx parse --json --format profile "$DATA/stream/lab-b.txt" | jq -e -s "all(.format == \"profile\")"'

test_expect "a page read from standard input gives the records of the file" '
    pdx parse --json "$DATA/stream/lab-a.txt" "$DATA/stream/lab-b.txt" | jq -S -c "del(.source, .sources)" | sort > "$TMP/files"
    pdx parse --json "$DATA/stream/lab-a.txt" - < "$DATA/stream/lab-b.txt" | jq -S -c "del(.source, .sources)" | sort > "$TMP/stdin"
    cmp "$TMP/files" "$TMP/stdin"'

test_expect "two stream pages of one site lose their shared template in the index" '
    pdx ingest --quiet "$DATA/stream/lab-a.txt" "$DATA/stream/lab-b.txt"
    [ "$(pdx search --json "conservation wing" | jq .total)" = 0 ]
    [ "$(pdx search --json "Spindle Street" | jq .total)" = 0 ]
    [ "$(pdx search --json "third-party cookies" | jq .total)" = 1 ]'

test_expect "ingest counts the shapes it read" '
    pdx ingest --json "$DATA/profile/ruiz.txt" "$DATA/listing/loom-lab.txt" > "$TMP/i.json"
    jq -e ".formats == {\"listing\": 1, \"profile\": 1}" "$TMP/i.json"'

test_expect "a paper on a profile page and a stream is one paper with both sources" '
    pdx search --json "shuttle timing dense cloth" > "$TMP/s.json"
    jq -e ".hits[0].title == \"Shuttle Timing for Dense Cloth\"" "$TMP/s.json"
    jq -e "[.hits[] | select(.title == \"Shuttle Timing for Dense Cloth\")] | length == 1" "$TMP/s.json"
    id=$(jq -r ".hits[0].id" "$TMP/s.json")
    pdx show --json "$id" | jq -e ".sources | length == 2"'

need_shared
SEEDS="$SHARED/seeds"
# Lines of the seed pages never go into the repository whole: their
# titles are put together from two parts.
REX="Out-of-Distribution Generalization"" via Risk Extrapolation (REx)"
BH="Bayesian"" Hypernetworks"
export PAPERDEX_DB="$TMP/seeds.db"

test_expect "the four seed pages ingest as one profile, one listing and two streams" '
    pdx ingest --json "$SEEDS" > "$TMP/seeds.json"
    jq -e ".formats == {\"listing\": 1, \"profile\": 1, \"stream\": 2}" "$TMP/seeds.json"
    jq -e ".papers == 71 and .skipped == 0" "$TMP/seeds.json"'

test_expect "search cookies and search Larochelle find nothing" '
    [ "$(pdx search --json cookies | jq .total)" = 0 ]
    [ "$(pdx search --json Larochelle | jq .total)" = 0 ]'

test_expect "search distribution finds the risk-extrapolation paper (its abstract was spliced)" '
    pdx search --json --limit 100 distribution |
        jq -e --arg t "$REX" "[.hits[].title] | index(\$t) != null"
    [ "$(pdx search --json "\"out-of-distribution (OoD) generalization\"" | jq .total)" = 1 ]'

test_expect "the hypernetworks paper listed four times is one paper" '
    pdx search --json --limit 100 "\"Bayesian hypernetworks\"" > "$TMP/b.json"
    jq -e --arg t "$BH" "[.hits[] | select(.title == \$t)] | length == 1" "$TMP/b.json"'

test_expect "author David Scott Krueger lists the profile page papers" '
    pdx author --json "David Scott Krueger" > "$TMP/k.json"
    jq -e ".total == 6" "$TMP/k.json"
    jq -e --arg rex "$REX" --arg bh "$BH" "[.hits[].title] | sort == [
        \"A Closer Look at Memorization\" + \" in Deep Networks\", \$bh,
        \"Deep Nets Don'"'"'t Learn\" + \" via Memorization\", \"Neural Autoregressive\" + \" Flows\", \$rex,
        \"Toward Trustworthy AI Development: \" + \"Mechanisms for Supporting Verifiable Claims\"]" "$TMP/k.json"'

test_expect "author Theo Ryffel finds the trustworthy-AI paper (Th'eo on the page)" '
    pdx author --json "Theo Ryffel" > "$TMP/t.json"
    jq -e ".total == 1 and (.hits[0].title | startswith(\"Toward Trustworthy AI Development\"))" "$TMP/t.json"'

test_expect "ingesting the seed pages again changes nothing" '
    pdx stats --json > "$TMP/a.json"
    pdx ingest --quiet "$SEEDS"
    pdx stats --json > "$TMP/b.json"
    cmp "$TMP/a.json" "$TMP/b.json"'

test_done
