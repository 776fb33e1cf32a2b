#!/bin/bash
# End-to-end: the query language — every operator and field prefix on a
# fixture whose answers were worked out by reading it (tests/data/query).
. "$(dirname "$0")/lib.sh"
pdx ingest --quiet "$DATA/query/papers.jsonl"

# ids of the hits, sorted, comma-separated
ids() { pdx search --json --limit 50 "$1" | jq -r '[.hits[].id] | sort | join(",")'; }
first() { pdx search --json "$1" | jq -r '.hits[0].id'; }

test_expect "AND keeps papers with both words" '
    [ "$(ids "graph AND neural")" = "q1,q4,q5" ]'

test_expect "OR keeps papers with either word" '
    [ "$(ids "title:graph OR title:annealing")" = "q1,q6" ]'

test_expect "NOT alone keeps every paper without the word" '
    [ "$(ids "NOT graph")" = "q3,q6,q7,q8" ]'

test_expect "NOT and -word exclude from free words" '
    for q in "graph NOT neural" "graph -neural"; do
        r=$(ids "$q")
        case ",$r," in *,q1,*|*,q4,*|*,q5,*) echo "$q: $r"; exit 1;; esac
        [ "$(first "$q")" = q2 ]
    done'

test_expect "parentheses group before AND applies" '
    [ "$(ids "(graph OR annealing) AND year:2018..2019")" = "q1,q6" ]'

test_expect "AND binds tighter than juxtaposition" '
    [ "$(ids "title:crystal title:graph AND title:neural")" = "q1,q7" ]'

test_expect "a phrase needs its words in that order" '
    [ "$(ids "\"message passing\"")" = "q1,q5" ]
    [ "$(ids "\"passing message\"")" = "" ]'

test_expect "title: looks in titles only" '
    [ "$(ids "title:graph")" = "q1" ]
    [ "$(ids "title:revisited")" = "q6" ]'

test_expect "title: takes a group" '
    [ "$(ids "title:(sparse OR annealing)")" = "q2,q6,q8" ]'

test_expect "abstract: looks in abstracts only, not titles or authors" '
    [ "$(ids "abstract:revisited")" = "" ]
    [ "$(ids "abstract:okafor")" = "" ]
    [ "$(ids "abstract:graph")" = "q1,q2,q4,q5" ]
    [ "$(ids "abstract:\"sparse linear\"")" = "q2" ]'

test_expect "author: finds a surname, accents ignored both ways" '
    [ "$(ids "author:okafor")" = "q2,q3" ]
    [ "$(ids "author:jorg")" = "q1,q7" ]
    [ "$(ids "author:Jörg")" = "q1,q7" ]'

test_expect "venue: and category: match their fields" '
    [ "$(ids "venue:invented")" = "q1,q7" ]
    [ "$(ids "category:LG")" = "q1,q5,q8" ]'

test_expect "year: takes a year, a range, or an open range" '
    [ "$(ids "year:2021")" = "q3,q4" ]
    [ "$(ids "year:2018..2019")" = "q1,q6" ]
    [ "$(ids "year:..2019")" = "q1,q6" ]
    [ "$(ids "year:2022..")" = "q5,q7,q8" ]'

test_expect "has:code keeps papers with code" '
    [ "$(ids "has:code")" = "q1,q4,q8" ]'

test_expect "a wildcard matches every word with the prefix" '
    [ "$(ids "title:optim*")" = "q2,q3" ]
    [ "$(ids "title:hyper* OR title:crys*")" = "q5,q7" ]'

test_expect "British and American spellings find each other and are both marked" '
    pdx search --json "title:optimisation" | jq -e "[.hits[].id] | sort == [\"q2\",\"q3\"]"
    pdx search --json optimisation > "$TMP/r.json"
    jq -e "[.hits[].snippet] | any(contains(\"**Optimization**\"))" "$TMP/r.json"
    jq -e "[.hits[].snippet] | any(contains(\"**optimisation**\"))" "$TMP/r.json"'

test_expect "case and accents are ignored in free text" '
    [ "$(first "HYPERGRAPHS")" = q5 ]
    [ "$(pdx search --json "Jörg" | jq -r "[.hits[:2][].id] | sort | join(\",\")")" = "q1,q7" ]'

test_expect "a misspelt word gets a suggestion from the vocabulary" '
    pdx search --json "nueral fields" | jq -e ".suggestion == \"neural fields\""
    pdx search --json "neural fields" | jq -e ".suggestion == null"
    pdx search "grapg" | grep -q "Did you mean: graph"'

test_expect "facets count years, categories and authors of all matches" '
    pdx search --json --facets "year:2021..2023" > "$TMP/f.json"
    jq -e ".facets.year == [{\"value\":2023,\"count\":2},{\"value\":2021,\"count\":2},{\"value\":2022,\"count\":1}]
           or .facets.year == [{\"value\":2021,\"count\":2},{\"value\":2023,\"count\":2},{\"value\":2022,\"count\":1}]" "$TMP/f.json"
    jq -e ".facets.category[0] == {\"value\":\"lg\",\"count\":2}" "$TMP/f.json"
    jq -e "[.facets.author[] | select(.value == \"Alba Quintero\")] == [{\"value\":\"Alba Quintero\",\"count\":1}]" "$TMP/f.json"'

# q4 and q5 are the only papers that share both "neural" and "graph" with
# q1; q7 shares only "molecules", the others less.
test_expect "similar ranks the papers sharing the most telling words first, not itself" '
    pdx similar --json q1 > "$TMP/s.json"
    jq -e "[.hits[].id] | index(\"q1\") == null" "$TMP/s.json"
    jq -e "[.hits[:2][].id] | sort == [\"q4\",\"q5\"]" "$TMP/s.json"
    expect_exit 1 pdx similar nope'

test_expect "syntax errors are exit 2 and say where and why" '
    expect_exit 2 pdx search "graph AND" 2> "$TMP/e"; grep -q "column 7: AND needs a word on each side" "$TMP/e"
    expect_exit 2 pdx search "(graph" 2> "$TMP/e"; grep -q "column 1: the bracket opened here is never closed" "$TMP/e"
    expect_exit 2 pdx search "graph)" 2> "$TMP/e"; grep -q "column 6: this .). closes no bracket" "$TMP/e"
    expect_exit 2 pdx search "title:" 2> "$TMP/e"; grep -q "title: needs a value" "$TMP/e"
    expect_exit 2 pdx search "x OR" 2> "$TMP/e"; grep -q "OR needs a word" "$TMP/e"
    expect_exit 2 pdx search "*" 2> "$TMP/e"; grep -q "before the \*" "$TMP/e"'

test_expect "filters alone rank nothing: papers come in index order" '
    [ "$(pdx search --json "year:2018..2021" | jq -r "[.hits[].id] | join(\",\")")" = "q1,q2,q3,q4,q6" ]'

test_expect "lower-case and, or, not are words, not operators" '
    pdx search --json "graph and not" | jq -e ".hits | length > 0"'

test_done
