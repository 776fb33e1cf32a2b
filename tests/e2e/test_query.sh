#!/bin/bash
# End-to-end: the query language — every operator and field prefix on a
# fixture whose answers were worked out by reading it (tests/data/query).
. "$(dirname "$0")/lib.sh"
setup pdx ingest --quiet "$DATA/query/papers.jsonl"

# ids_are QUERY IDS: the hits of QUERY, sorted and comma-separated, are IDS
# (the search's exit status and JSON checked, the total agreeing).
ids_are() {
    run 0 "$TMP/ids.json" pdx search --json --limit 50 "$1"
    json_ok "$TMP/ids.json" ".total == (.hits|length)"
    _ids=$(jq -r "[.hits[].id] | sort | join(\",\")" "$TMP/ids.json")
    [ "$_ids" = "$2" ] || { fail "search '$1' gave '$_ids', expected '$2'"; return 1; }
}
# first_is QUERY ID: the first hit of QUERY is ID.
first_is() {
    run 0 "$TMP/first.json" pdx search --json "$1"
    json_eq "$TMP/first.json" ".hits[0].id" "$2"
}

test_expect "AND keeps papers with both words" '
    ids_are "graph AND neural" "q1,q4,q5"'

test_expect "OR keeps papers with either word" '
    ids_are "title:graph OR title:annealing" "q1,q6"'

test_expect "NOT alone keeps every paper without the word" '
    ids_are "NOT graph" "q3,q6,q7,q8"'

test_expect "NOT and -word exclude from free words" '
    for q in "graph NOT neural" "graph -neural"; do
        run 0 "$TMP/r.json" pdx search --json --limit 50 "$q"
        json_ok "$TMP/r.json" "(.hits|length) >= 1 and ([.hits[].id] | index(\"q1\") == null and index(\"q4\") == null and index(\"q5\") == null)"
        first_is "$q" q2
    done'

test_expect "parentheses group before AND applies" '
    ids_are "(graph OR annealing) AND year:2018..2019" "q1,q6"'

test_expect "AND binds tighter than juxtaposition" '
    ids_are "title:crystal title:graph AND title:neural" "q1,q7"'

test_expect "a phrase needs its words in that order" '
    ids_are "\"message passing\"" "q1,q5"
    ids_are "\"passing message\"" ""'

test_expect "title: looks in titles only" '
    ids_are "title:graph" "q1"
    ids_are "title:revisited" "q6"'

test_expect "title: takes a group" '
    ids_are "title:(sparse OR annealing)" "q2,q6,q8"'

test_expect "abstract: looks in abstracts only, not titles or authors" '
    ids_are "abstract:revisited" ""
    ids_are "abstract:okafor" ""
    ids_are "abstract:graph" "q1,q2,q4,q5"
    ids_are "abstract:\"sparse linear\"" "q2"'

test_expect "author: finds a surname, accents ignored both ways" '
    ids_are "author:okafor" "q2,q3"
    ids_are "author:jorg" "q1,q7"
    ids_are "author:Jörg" "q1,q7"'

test_expect "venue: and category: match their fields" '
    ids_are "venue:invented" "q1,q7"
    ids_are "category:LG" "q1,q5,q8"'

test_expect "year: takes a year, a range, or an open range" '
    ids_are "year:2021" "q3,q4"
    ids_are "year:2018..2019" "q1,q6"
    ids_are "year:..2019" "q1,q6"
    ids_are "year:2022.." "q5,q7,q8"'

test_expect "has:code keeps papers with code" '
    ids_are "has:code" "q1,q4,q8"'

test_expect "a wildcard matches every word with the prefix" '
    ids_are "title:optim*" "q2,q3"
    ids_are "title:hyper* OR title:crys*" "q5,q7"'

test_expect "British and American spellings find each other and are both marked" '
    ids_are "title:optimisation" "q2,q3"
    run 0 "$TMP/r.json" pdx search --json optimisation
    json_ok "$TMP/r.json" "[.hits[].snippet] | any(contains(\"**Optimization**\"))"
    json_ok "$TMP/r.json" "[.hits[].snippet] | any(contains(\"**optimisation**\"))"'

test_expect "case and accents are ignored in free text" '
    first_is "HYPERGRAPHS" q5
    run 0 "$TMP/r.json" pdx search --json "Jörg"
    json_eq "$TMP/r.json" "[.hits[:2][].id] | sort | join(\",\")" "q1,q7"'

test_expect "a misspelt word gets a suggestion from the vocabulary" '
    run 0 "$TMP/a.json" pdx search --json "nueral fields"
    json_ok "$TMP/a.json" ".suggestion == \"neural fields\""
    run 0 "$TMP/b.json" pdx search --json "neural fields"
    json_ok "$TMP/b.json" ".suggestion == null and .total >= 1"
    run 0 "$TMP/c.txt" pdx search "grapg"
    has_line "$TMP/c.txt" "Did you mean: graph"'

test_expect "facets count years, categories and authors of all matches" '
    run 0 "$TMP/f.json" pdx search --json --facets "year:2021..2023"
    json_ok "$TMP/f.json" ".facets.year == [{\"value\":2023,\"count\":2},{\"value\":2021,\"count\":2},{\"value\":2022,\"count\":1}]
           or .facets.year == [{\"value\":2021,\"count\":2},{\"value\":2023,\"count\":2},{\"value\":2022,\"count\":1}]" "$TMP/f.json"
    json_ok "$TMP/f.json" ".facets.category[0] == {\"value\":\"lg\",\"count\":2}"
    json_ok "$TMP/f.json" "[.facets.author[] | select(.value == \"Alba Quintero\")] == [{\"value\":\"Alba Quintero\",\"count\":1}]"'

# q4 and q5 are the only papers that share both "neural" and "graph" with
# q1; q7 shares only "molecules", the others less.
test_expect "similar ranks the papers sharing the most telling words first, not itself" '
    run 0 "$TMP/s.json" pdx similar --json q1
    json_ok "$TMP/s.json" "[.hits[].id] | index(\"q1\") == null"
    json_ok "$TMP/s.json" "[.hits[:2][].id] | sort == [\"q4\",\"q5\"]"
    expect_exit 1 pdx similar nope
    expect_exit 1 pdx similar --json nope > "$TMP/o"'

test_expect "syntax errors are exit 2 and say where and why" '
    expect_exit 2 pdx search "graph AND" 2> "$TMP/e"
    has_line "$TMP/e" "column 7: AND needs a word on each side" "$TMP/e"
    expect_exit 2 pdx search "(graph" 2> "$TMP/e"
    has_line "$TMP/e" "column 1: the bracket opened here is never closed" "$TMP/e"
    expect_exit 2 pdx search "graph)" 2> "$TMP/e"
    has_line "$TMP/e" "column 6: this .). closes no bracket" "$TMP/e"
    expect_exit 2 pdx search "title:" 2> "$TMP/e"
    has_line "$TMP/e" "title: needs a value" "$TMP/e"
    expect_exit 2 pdx search "x OR" 2> "$TMP/e"
    has_line "$TMP/e" "OR needs a word" "$TMP/e"
    expect_exit 2 pdx search "*" 2> "$TMP/e"; grep -q "before the \*" "$TMP/e"'

test_expect "filters alone rank nothing: papers come in index order" '
    run 0 "$TMP/r.json" pdx search --json "year:2018..2021"
    json_eq "$TMP/r.json" "[.hits[].id] | join(\",\")" "q1,q2,q3,q4,q6"'

test_expect "lower-case and, or, not are words, not operators" '
    run 0 "$TMP/r.json" pdx search --json "graph and not"
    json_ok "$TMP/r.json" ".hits | length > 0"'

test_done
