#!/bin/bash
# Pages nobody here has seen: pdx-genpages renders the real records of
# ../shared/samples as listing, profile, stream, labelled-record and
# citation-profile (table rows) pages of other sites
# (cut "(see more)" markers, author layouts, chrome in three languages,
# date formats, several pages of one list, CRLF and tabs), reads them
# back through the readers and compares title, authors, year and
# abstract with what each page showed.  The readers slipped on such
# pages (6 of 8, 7 of 12, 50 of 52 exact) while the user's own pages
# were all exact: they must now hold on the kind, not on four files.
#
# The exact rate looks for the papers shown and cannot see a record that
# is none of them: 381 of 2000 cases had such extra records ("Follow us
# on Mastodon", news headlines, cookie buttons in German and French read
# as papers: 2.7% of the records read).  Extra records are held to 1% of
# the records read: at 98% exact, a paper read wrong already costs up to
# 2%, and a search that lists one record in a hundred that is no paper is
# as far as a user should have to look past; what the readers give now
# (0.3%) leaves room for other seeds, and a reader that lets a kind of
# chrome through again (2.5% and up) fails.  Records made of the site's
# chrome alone are held to 0.1% (1 to 5 in 13,000 now).
. "$(dirname "$0")/lib.sh"
need_shared samples/arxiv.jsonl
: "${PDX_GENPAGES:?PDX_GENPAGES must name pdx-genpages}"
SRC="$SHARED/samples/arxiv.jsonl"

test_expect "at least 98% of the papers on 2000 generated cases are read exactly" '
    run 0 "$TMP/g.json" "$PDX_GENPAGES" --json --seed 1 --cases 2000 --min 0.98 "$SRC"
    json_ok "$TMP/g.json" ".cases == 2000 and .papers > 10000 and .rate >= 0.98"'

test_expect "records that are no paper shown are at most 1% of the records, chrome 0.1%" '
    json_ok "$TMP/g.json" ".records >= .papers - (.papers - .exact) and .extra_rate <= 0.01"
    json_ok "$TMP/g.json" ".extra_records == ([.extra_by_kind[]] | add)"
    json_ok "$TMP/g.json" ".extra_by_kind[\"site chrome\"] <= .records * 0.001"
    json_ok "$TMP/g.json" "[.by_variant[] | .extra_records] | all(. >= 0)"'

test_expect "genpages fails a run whose extra records pass --max-extra" '
    run 0 "$TMP/e.json" "$PDX_GENPAGES" --json --seed 1 --cases 200 --min 0 "$SRC"
    json_ok "$TMP/e.json" ".extra_records > 0"
    expect_exit 1 "$PDX_GENPAGES" --seed 1 --cases 200 --max-extra 0 --min 0 "$SRC"'

test_expect "every page kind and every variant is generated, none under 90% exact" '
    json_ok "$TMP/g.json" ".by_variant | length >= 40"
    json_ok "$TMP/g.json" ".by_variant | has(\"listing\") and has(\"profile\") and has(\"stream\")
        and has(\"marker itself cut\") and has(\"splice, rest on next line\")
        and has(\"footnote marks\") and has(\"cookies (fr)\") and has(\"several pages\")
        and has(\"labelled\") and has(\"table rows\") and has(\"labels de\") and has(\"wrapped values\")
        and has(\"row cells after tabs\") and has(\"row cells on lines\")"
    json_ok "$TMP/g.json" "[.by_variant[] | .papers] | all(. >= 10)"
    json_ok "$TMP/g.json" "[.by_variant[] | (.papers - .failed) / .papers] | all(. >= 0.90)"'

test_expect "another seed gives other pages, read as well" '
    run 0 "$TMP/h.json" "$PDX_GENPAGES" --json --seed 3 --cases 600 --min 0.98 "$SRC"
    json_ok "$TMP/h.json" ".rate >= 0.98 and .extra_rate <= 0.01"'

test_expect "the same pages saved as HTML are read as well as their text" '
    run 0 "$TMP/t.json" "$PDX_GENPAGES" --json --seed 5 --cases 600 --min 0.98 "$SRC"
    run 0 "$TMP/x.json" "$PDX_GENPAGES" --json --html --seed 5 --cases 600 --min 0.98 "$SRC"
    json_ok "$TMP/x.json" ".rate >= 0.98 and .extra_rate <= 0.01 and .by_variant.html.papers == .papers"
    json_ok "$TMP/x.json" ".by_variant | has(\"listing\") and has(\"profile\") and has(\"stream\")
        and has(\"labelled\") and has(\"table rows\")"
    jq .exact "$TMP/t.json" > "$TMP/te"
    json_eq "$TMP/x.json" ".exact" "$(cat "$TMP/te")"'

test_done
