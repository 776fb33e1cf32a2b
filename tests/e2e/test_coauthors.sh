#!/bin/bash
# End-to-end: paperdex coauthors on tests/data/query, whose eight papers
# were written for hand-checked answers: Ben Okafor wrote q2 alone and q3
# with Chiara Bellandi; Jörg Halvorsen (q1, with Alba Quintero) is also
# written "Jorg Halvorsen" (q7, alone).
. "$(dirname "$0")/lib.sh"
setup pdx ingest --quiet "$DATA/query/papers.jsonl"

test_expect "coauthors counts the papers shared with each coauthor" '
    run 0 "$TMP/b.json" pdx coauthors --json "Ben Okafor"
    json_ok "$TMP/b.json" ".author == \"Ben Okafor\" and .papers == 2"
    json_ok "$TMP/b.json" "[.coauthors[] | [.name, .papers]] == [[\"Chiara Bellandi\", 1]]"
    run 0 "$TMP/b.txt" pdx coauthors "Ben Okafor"
    has_line "$TMP/b.txt" "^Ben Okafor: 2 papers, 1 coauthor$"
    has_line "$TMP/b.txt" "^ +1 +Chiara Bellandi$"'

test_expect "a name without its accents finds the papers of both spellings" '
    run 0 "$TMP/j.json" pdx coauthors --json "Jorg Halvorsen"
    json_ok "$TMP/j.json" ".papers == 2 and [.coauthors[].name] == [\"Alba Quintero\"]"
    run 0 "$TMP/a.json" pdx coauthors --json "alba quintero"
    json_ok "$TMP/a.json" ".author == \"Alba Quintero\" and .papers == 2"
    json_ok "$TMP/a.json" "[.coauthors[].name] == [\"Jörg Halvorsen\"]"'

test_expect "--min leaves out coauthors of fewer shared papers" '
    run 0 "$TMP/m.json" pdx coauthors --json --min 2 "Ben Okafor"
    json_ok "$TMP/m.json" ".papers == 2 and .coauthors == []"
    run 0 "$TMP/m1.json" pdx coauthors --json --min 1 "Ben Okafor"
    json_ok "$TMP/m1.json" "(.coauthors | length) == 1"'

test_expect "someone with no papers has no coauthors, exit 0" '
    run 0 "$TMP/n.json" pdx coauthors --json "Nobody Here"
    json_ok "$TMP/n.json" ".papers == 0 and .coauthors == []"
    run 0 "$TMP/n.txt" pdx coauthors "Eun-ji Park"
    has_line "$TMP/n.txt" "^Eun-ji Park: 1 paper"'

test_expect "no name is a usage error, a missing database exit 4" '
    run 2 "$TMP/u" pdx coauthors
    has_line "$TMP/u.err" "no name given"
    run 2 "$TMP/v" pdx coauthors --min nope "Ben Okafor"
    run 4 "$TMP/d" pdx coauthors --db "$TMP/none" "Ben Okafor"
    has_line "$TMP/d.err" "no paperdex database at .*/none"'

test_done
