#!/bin/bash
# End-to-end: paging and totals of search, similar and author.
#
# The bug: `paperdex search --offset 1 neutrino` died of a segfault (exit
# 139) for every query, with --json, --sort date, field queries and
# `similar` alike.  Xapian 1.4.22's MSet::fetch() reads before the start of
# its items when the MSet does not start at rank 0, and the shim fetched
# every page's documents.  Pages are now slices of one list asked for
# from rank 0, so they also fit together exactly.
#
# With it: the total counts the papers the query matches, not those that
# pseudo-relevance feedback's expansion ranks in (they are listed, marked
# "expanded"), and it is the same whatever --limit, --offset and --sort.
. "$(dirname "$0")/lib.sh"
: "${PDX_GENCORPUS:?PDX_GENCORPUS must name pdx-gencorpus}"
# (`run` outside a test would leave `set -e` on for the whole script, and
# the first failing test would then end it: the ingests are tests.)
test_expect "the paging fixture ingests" '
    run 0 "$TMP/ingest.json" pdx ingest --json --quiet "$DATA/paging/papers.jsonl"
    json_ok "$TMP/ingest.json" ".added == 46"'

# pages CMD_ARGS...: runs the command for pages of 4 (offsets 0, 4, 8) and
# once with --limit 12, and checks that the pages put together are the
# long list, rank for rank, and that every run gives the same total.
pages() {
    run 0 "$TMP/p0.json" pdx "$@" --json --limit 4
    run 0 "$TMP/p1.json" pdx "$@" --json --limit 4 --offset 4
    run 0 "$TMP/p2.json" pdx "$@" --json --limit 4 --offset 8
    run 0 "$TMP/all.json" pdx "$@" --json --limit 12
    jq -s '{pages: [.[0:3][].hits[] | [.rank, .id]], whole: [.[3].hits[] | [.rank, .id]],
            totals: [.[].total] | unique}' \
        "$TMP/p0.json" "$TMP/p1.json" "$TMP/p2.json" "$TMP/all.json" >"$TMP/cmp.json"
    json_ok "$TMP/cmp.json" '(.whole | length) >= 9 and .pages == .whole and (.totals | length) == 1'
}

test_expect "--offset 1 no longer crashes: search, --json, --sort date, a field query" '
    run 0 "$TMP/a.out" pdx search --offset 1 neutrino
    has_line "$TMP/a.out" "^  2\. "
    run 0 "$TMP/b.json" pdx search --json --offset 1 neutrino
    json_ok "$TMP/b.json" ".hits[0].rank == 2"
    run 0 "$TMP/c.json" pdx search --json --sort date --offset 1 lattice
    json_ok "$TMP/c.json" ".hits[0].rank == 2 and (.hits | length) == 10"
    run 0 "$TMP/d.json" pdx search --json --offset 1 "title:lattice"
    json_ok "$TMP/d.json" ".hits[0].rank == 2"'

test_expect "--offset 1 no longer crashes: similar and author" '
    run 0 "$TMP/s.json" pdx similar --json --offset 1 lat03
    json_ok "$TMP/s.json" ".hits[0].rank == 2"
    run 0 "$TMP/a.json" pdx author --json --offset 1 "Davide Meloni"
    json_ok "$TMP/a.json" ".hits[0].rank == 2"'

test_expect "search pages put together are the longer page, by relevance" '
    pages search lattice'

test_expect "search pages put together are the longer page, by date (ties on a date)" '
    pages search --sort date lattice'

test_expect "similar pages put together are the longer page" '
    pages similar lat03'

test_expect "author pages put together are the longer page, either sort" '
    pages author "Davide Meloni"
    pages author --sort date "D. Meloni"'

test_expect "the total is the same whatever the limit, offset and sort" '
    run 0 "$TMP/t1.json" pdx search --json --limit 1 neutrino
    run 0 "$TMP/t2.json" pdx search --json --limit 50 neutrino
    run 0 "$TMP/t3.json" pdx search --json --offset 3 --limit 2 neutrino
    run 0 "$TMP/t4.json" pdx search --json --sort date neutrino
    jq -s "[.[].total] | unique" "$TMP/t1.json" "$TMP/t2.json" "$TMP/t3.json" "$TMP/t4.json" >"$TMP/t.json"
    json_ok "$TMP/t.json" ". == [2]"'

test_expect "--limit 0 lists no hits but the total and the facets" '
    run 0 "$TMP/z.json" pdx search --json --facets --limit 0 lattice
    json_ok "$TMP/z.json" "(.hits | length) == 0 and .total == 26 and .total_exact == true"
    json_ok "$TMP/z.json" "(.facets.category | length) == 1 and .facets.category[0].count == 26"
    run 0 "$TMP/z.out" pdx search --limit 0 lattice
    has_line "$TMP/z.out" "^26 papers matching .lattice.\.$"
    run 0 "$TMP/za.json" pdx author --json --limit 0 "Davide Meloni"
    json_ok "$TMP/za.json" "(.hits | length) == 0 and .total >= 10"
    run 0 "$TMP/zs.json" pdx similar --json --limit 0 lat03
    json_ok "$TMP/zs.json" "(.hits | length) == 0 and .total >= 10"'

test_expect "an offset past the last hit tells the total, not \"no papers\"" '
    run 0 "$TMP/o.out" pdx search --offset 100 lattice
    has_line "$TMP/o.out" "^26 papers matching"'

test_expect "papers only feedback ranks in are marked expanded and not counted" '
    run 0 "$TMP/e.json" pdx search --json --facets zygomorphy
    json_ok "$TMP/e.json" ".total == 2 and .total_exact == true"
    json_ok "$TMP/e.json" "[.hits[] | select(.expanded | not) | .id] | sort == [\"zyg1\", \"zyg2\"]"
    json_ok "$TMP/e.json" "[.hits[] | select(.expanded) | .id] | length >= 1"
    json_ok "$TMP/e.json" ".facets.category == [{\"value\": \"bio\", \"count\": 2}]"
    run 0 "$TMP/e.out" pdx search zygomorphy
    has_line "$TMP/e.out" "^2 of 2 papers matching .zygomorphy., and [0-9]+ related paper"'

test_expect "hits that match the query are not marked expanded" '
    run 0 "$TMP/m.json" pdx search --json --limit 50 lattice
    json_ok "$TMP/m.json" "(.hits | length) >= 26 and ([.hits[0:26][] | .expanded] | all(. == false))"
    run 0 "$TMP/ma.json" pdx author --json "Davide Meloni"
    json_ok "$TMP/ma.json" "[.hits[] | has(\"expanded\")] | all(. == false)"'

# A corpus with more matches than the count looks at, for the estimate.
test_expect "a generated corpus of 1300 papers ingests" '
    run 0 "$TMP/gen.out" "$PDX_GENCORPUS" --seed 3 --n 1300 -o "$TMP/gen.jsonl"
    run 0 "$TMP/gen-ingest.json" pdx ingest --db "$TMP/big" --json --quiet "$TMP/gen.jsonl"
    json_ok "$TMP/gen-ingest.json" ".added == 1300"'

test_expect "an estimated total says so, and --exact-count counts" '
    run 0 "$TMP/x.json" pdx search --db "$TMP/big" --json --limit 1 we
    json_ok "$TMP/x.json" ".total_exact == false and .total > 1000"
    run 0 "$TMP/x.out" pdx search --db "$TMP/big" --limit 1 we
    has_line "$TMP/x.out" "^1 of about [0-9]+ papers matching"
    run 0 "$TMP/y.json" pdx search --db "$TMP/big" --json --limit 1 --exact-count we
    json_ok "$TMP/y.json" ".total_exact == true and .total > 1000"
    run 0 "$TMP/y.out" pdx search --db "$TMP/big" --limit 1 --exact-count we
    has_line "$TMP/y.out" "^1 of [0-9]+ papers matching"'

test_expect "--exact-count is accepted by similar and author too" '
    run 0 "$TMP/xs.json" pdx similar --json --exact-count lat03
    json_ok "$TMP/xs.json" ".total_exact == true"
    run 0 "$TMP/xa.json" pdx author --json --exact-count "D. Meloni"
    json_ok "$TMP/xa.json" ".total_exact == true"'

test_expect "a blank query is exit 2 for search and author alike" '
    run 2 "$TMP/b1.out" pdx search ""
    has_line "$TMP/b1.out.err" "empty query"
    run 2 "$TMP/b2.out" pdx search --json "  "
    has_line "$TMP/b2.out.err" "empty query"
    run 2 "$TMP/b3.out" pdx author ""
    has_line "$TMP/b3.out.err" "empty query"'

test_expect "an unknown field is exit 2 naming the nearest one; Title: is title:" '
    run 2 "$TMP/f1.out" pdx search "autor:duvenaud"
    has_line "$TMP/f1.out.err" "no field .autor.; did you mean .author.\?"
    run 2 "$TMP/f2.out" pdx search "foo:bar"
    has_line "$TMP/f2.out.err" "no field .foo.; the fields are title, author"
    run 0 "$TMP/f3.json" pdx search --json "Title:zygomorphy"
    run 0 "$TMP/f4.json" pdx search --json "title:zygomorphy"
    jq -s "[.[].total] | unique" "$TMP/f3.json" "$TMP/f4.json" >"$TMP/f.json"
    json_ok "$TMP/f.json" ". == [2]"
    run 0 "$TMP/f5.json" pdx search --json "arXiv:1234.5678"
    json_ok "$TMP/f5.json" ".total == 0"
    run 0 "$TMP/f6.out" pdx search --help
    has_line "$TMP/f6.out" "field names ignore case"'

test_expect "the author facet counts people: D. Meloni is Davide Meloni, as author finds" '
    run 0 "$TMP/af.json" pdx search --json --facets --limit 0 lattice
    json_ok "$TMP/af.json" "[.facets.author[] | select(.value == \"Davide Meloni\") | .count] == [18]"
    json_ok "$TMP/af.json" "[.facets.author[] | select(.value == \"D. Meloni\")] == []"
    run 0 "$TMP/aa.json" pdx author --json --limit 0 "Davide Meloni"
    run 0 "$TMP/ab.json" pdx search --json --facets --limit 0 "author:meloni"
    jq -s "[.[0].total, (.[1].facets.author[] | select(.value == \"Davide Meloni\") | .count)]" \
        "$TMP/aa.json" "$TMP/ab.json" >"$TMP/ac.json"
    json_ok "$TMP/ac.json" ".[0] == .[1] and .[0] == 20"'

test_done
