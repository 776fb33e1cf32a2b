#!/bin/bash
# End-to-end: paging and totals of search, similar and author.
#
# The bug: `paperdex search --offset 1 neutrino` died of a segfault (exit
# 139) for every query, with --json, --sort date, field queries and
# `similar` alike.  Xapian 1.4.22's MSet::fetch() reads before the start of
# its items when the MSet does not start at rank 0, and the shim fetched
# every page's documents.  Pages are now slices of one list asked for
# from rank 0, so they also fit together exactly.
. "$(dirname "$0")/lib.sh"
# (`run` outside a test would leave `set -e` on for the whole script, and
# the first failing test would then end it: the ingests are tests.)
test_expect "the paging fixture ingests" '
    run 0 "$TMP/ingest.json" pdx ingest --json --quiet "$DATA/paging/papers.jsonl"
    json_ok "$TMP/ingest.json" ".added == 46"'

# pages CMD_ARGS...: runs the command for pages of 4 (offsets 0, 4, 8) and
# once with --limit 12, and checks that the pages put together are the
# long list, rank for rank.
pages() {
    run 0 "$TMP/p0.json" pdx "$@" --json --limit 4
    run 0 "$TMP/p1.json" pdx "$@" --json --limit 4 --offset 4
    run 0 "$TMP/p2.json" pdx "$@" --json --limit 4 --offset 8
    run 0 "$TMP/all.json" pdx "$@" --json --limit 12
    jq -s '{pages: [.[0:3][].hits[] | [.rank, .id]], whole: [.[3].hits[] | [.rank, .id]],
}' \
        "$TMP/p0.json" "$TMP/p1.json" "$TMP/p2.json" "$TMP/all.json" >"$TMP/cmp.json"
    json_ok "$TMP/cmp.json" '(.whole | length) >= 9 and .pages == .whole'
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

test_done
