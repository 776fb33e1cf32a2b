#!/bin/bash
# End-to-end: paperdex author and coauthors on the bundled sample.
. "$(dirname "$0")/lib.sh"
setup pdx ingest --quiet "$DATA/sample"

test_expect "an author is found with or without accents, in either name order" '
    run 0 "$TMP/a.json" pdx author --json "Jörg Wendel"
    run 0 "$TMP/b.json" pdx author --json "jorg wendel"
    run 0 "$TMP/c.json" pdx author --json "Wendel, Jorg"
    json_ok "$TMP/a.json" ".total == 2 and (.hits|length) == 2"
    for f in a b c; do jq -c "[.hits[].id]|sort" "$TMP/$f.json" > "$TMP/$f.ids"; done
    cmp "$TMP/a.ids" "$TMP/b.ids"
    cmp "$TMP/b.ids" "$TMP/c.ids"'

test_expect "an initial finds the person as a marked variant" '
    run 0 "$TMP/r.json" pdx author --json "A. Okafor"
    json_ok "$TMP/r.json" ".total == 3 and (.hits|length) == 3 and ([.hits[].match] | all(. == \"variant\"))"
    json_ok "$TMP/r.json" "[.hits[].matched_author] | all(. == \"Amara N. Okafor\")"'

test_expect "--exact turns variants off" '
    run 0 "$TMP/a.json" pdx author --json --exact "Amara Okafor"
    run 0 "$TMP/b.json" pdx author --json "Amara Okafor"
    run 0 "$TMP/c.json" pdx author --json --exact "Amara N. Okafor"
    json_ok "$TMP/a.json" ".total == 0 and (.hits|length) == 0"
    json_ok "$TMP/b.json" ".total == 3"
    json_ok "$TMP/c.json" ".total == 3 and ([.hits[].match] | all(. == \"exact\"))"'

test_expect "author --limit and --sort date page and order, the total unchanged" '
    run 0 "$TMP/a.json" pdx author --json "Amara N. Okafor"
    run 0 "$TMP/l.json" pdx author --json --limit 1 "Amara N. Okafor"
    run 0 "$TMP/d.json" pdx author --json --sort date "Amara N. Okafor"
    json_ok "$TMP/l.json" ".total == 3 and (.hits|length) == 1"
    json_ok "$TMP/d.json" ".total == 3 and ([.hits[].date] | . == (sort | reverse))"
    jq -c "[.hits[].id]|sort" "$TMP/a.json" > "$TMP/a.ids"
    jq -c "[.hits[].id]|sort" "$TMP/d.json" > "$TMP/d.ids"
    cmp "$TMP/a.ids" "$TMP/d.ids"'

test_expect "author pages concatenate: --limit 1 with --offset 0, 1, 2 is the whole list" '
    run 0 "$TMP/a.json" pdx author --json "A. Okafor"
    json_ok "$TMP/a.json" ".total == 3 and (.hits|length) == 3"
    jq -c "[.hits[].id]" "$TMP/a.json" > "$TMP/whole"
    for o in 0 1 2 3; do
        run 0 "$TMP/p$o.json" pdx author --json --limit 1 --offset $o "A. Okafor"
        json_ok "$TMP/p$o.json" ".total == 3"
    done
    json_ok "$TMP/p1.json" ".hits[0].rank == 2"
    json_ok "$TMP/p3.json" ".hits == []"
    jq -c "[.hits[].id]" "$TMP/p0.json" "$TMP/p1.json" "$TMP/p2.json" "$TMP/p3.json" | jq -s -c add > "$TMP/pages"
    cmp "$TMP/whole" "$TMP/pages"'

test_expect "coauthors count shared papers, most frequent first, spellings merged" '
    run 0 "$TMP/c.json" pdx coauthors --json "Oksana Bilyk"
    json_ok "$TMP/c.json" ".papers == 2 and .author != null"
    json_ok "$TMP/c.json" ".coauthors[0].papers == 2 and .coauthors[1].papers == 2"
    json_ok "$TMP/c.json" "[.coauthors[] | select(.name == \"Jörg Wendel\" or .name == \"Jorg Wendel\")] | length == 1"
    json_ok "$TMP/c.json" "[.coauthors[].papers] | . == (sort | reverse)"
    json_ok "$TMP/c.json" "(.coauthors|length) > 2"'

test_expect "--min keeps frequent coauthors only" '
    run 0 "$TMP/c.json" pdx coauthors --json --min 2 "Oksana Bilyk"
    json_ok "$TMP/c.json" "[.coauthors[].papers] | all(. >= 2) and length == 2"
    run 0 "$TMP/d.json" pdx coauthors --json --min 1 "Oksana Bilyk"
    run 0 "$TMP/e.json" pdx coauthors --json "Oksana Bilyk"
    cmp "$TMP/d.json" "$TMP/e.json"
    run 0 "$TMP/f.json" pdx coauthors --json --min 100 "Oksana Bilyk"
    json_ok "$TMP/f.json" ".papers == 2 and .coauthors == []"'

test_expect "coauthors --exact counts only papers with the full spelling" '
    run 0 "$TMP/v.json" pdx coauthors --json "Amara Okafor"
    run 0 "$TMP/x.json" pdx coauthors --json --exact "Amara Okafor"
    run 0 "$TMP/y.json" pdx coauthors --json --exact "Amara N. Okafor"
    json_ok "$TMP/v.json" ".papers == 3 and (.coauthors|length) >= 1"
    json_ok "$TMP/x.json" ".papers == 0 and .coauthors == []"
    json_ok "$TMP/y.json" ".papers == 3"'

test_expect "a name with no letters is a usage error" '
    expect_exit 2 pdx author "..." 2> "$TMP/err"
    has_line "$TMP/err" "no name"
    expect_exit 2 pdx coauthors "..."
    expect_exit 2 pdx coauthors --min x "Oksana Bilyk"
    expect_exit 2 pdx author'

test_expect "text output lists the papers and the coauthors" '
    run 0 "$TMP/a.txt" pdx author "Oksana Bilyk"
    has_line "$TMP/a.txt" "Oksana Bilyk"
    run 0 "$TMP/c.txt" pdx coauthors "Oksana Bilyk"
    has_line "$TMP/c.txt" "Wendel"'

test_expect "less complete spellings join the one person they fit" '
    run 0 "$TMP/i" pdx ingest --quiet --db "$TMP/v" "$DATA/names/variants.jsonl"
    run 0 "$TMP/c.json" pdx coauthors --db "$TMP/v" --json "Mira Kowalczyk"
    json_ok "$TMP/c.json" ".papers == 5"
    json_ok "$TMP/c.json" "[.coauthors[] | select(.name == \"Jonathan Pike\")][0] | .papers == 3 and (.variants|sort) == [\"J. Pike\",\"Jon Pike\",\"Jonathan Pike\"]"
    json_ok "$TMP/c.json" "[.coauthors[] | select(.name == \"David Scott Ferro\")][0].papers == 2"'

test_expect "a spelling that fits two people is kept apart and names both" '
    run 0 "$TMP/c.json" pdx coauthors --db "$TMP/v" --json "Mira Kowalczyk"
    json_ok "$TMP/c.json" "[.coauthors[] | select(.name == \"J. Smith\")][0] | .papers == 1 and (.ambiguous_with|sort) == [\"Jane Smith\",\"John Smith\"]"
    json_ok "$TMP/c.json" "[.coauthors[] | select(.name == \"Jane Smith\")][0].papers == 2"
    run 0 "$TMP/c.txt" pdx coauthors --db "$TMP/v" "Mira Kowalczyk"
    has_line "$TMP/c.txt" "J. Smith  \(could be Jane Smith or John Smith\)"'

test_done
