#!/bin/bash
# End-to-end: labelled records (arXiv listing pages, catalogues in three
# languages, search results) ingested as text and as saved HTML, the
# papers exact and found by arXiv id and DOI; a citation profile's table
# rows keep each year with its paper in HTML and in text; a record with
# no title is reported FILE:LINE, exit 3, the others stored.
. "$(dirname "$0")/lib.sh"
L="$DATA/labelled"
H="$DATA/html"

# papers FILE.jsonl OUT: title, authors, year and abstract of each, sorted.
papers() { jq -c '[.title, .authors, .year, .abstract]' "$1" | sort > "$2"; }

test_expect "labelled pages ingest as labelled records, found by arXiv id and DOI" '
    run 0 "$TMP/i.json" pdx ingest --db "$TMP/l.db" --json "$L/arxiv-listing.txt" "$L/catalogue.txt" \
        "$L/catalogue-de-fr.txt" "$L/search-results.txt"
    json_ok "$TMP/i.json" ".records == 11 and .papers == 11 and .skipped == 0 and .formats == {\"labelled\": 4}"
    for id in arXiv:2904.00101 2904.00101 https://arxiv.org/abs/2904.00101v1; do
        run 0 "$TMP/s.json" pdx show --db "$TMP/l.db" --json "$id"
        json_eq "$TMP/s.json" ".title" "Sparse Weaving with Fewer Threads"
    done
    json_eq "$TMP/s.json" ".authors | join(\"|\")" "Ana Ruiz|Bo Chen|Carla Diaz"
    json_ok "$TMP/s.json" ".year == 2029 and .category == \"cs.LG\" and (.abstract | endswith(\"weaves a third faster.\"))"
    run 0 "$TMP/s.json" pdx show --db "$TMP/l.db" --json arXiv:2904.00157
    json_eq "$TMP/s.json" ".title" "Warp Tension in Hand Looms. II. Drift over a Day of Weaving in Humid Workshops"
    run 0 "$TMP/s.json" pdx show --db "$TMP/l.db" --json doi:10.5555/loom.2021.17
    json_ok "$TMP/s.json" ".title == \"Open Standards for Shared Loom Archives\" and .year == 2021
        and .venue == \"Journal of Loom Science\""
    run 0 "$TMP/s.json" pdx show --db "$TMP/l.db" --json arXiv:2812.04321
    json_eq "$TMP/s.json" ".title" "Dense Looms Forget Quickly"
    run 0 "$TMP/a.json" pdx author --db "$TMP/l.db" --json "Élodie Martin"
    json_ok "$TMP/a.json" ".total == 1 and .hits[0].year == 2023"'

test_expect "no record is made of headings, footers or page stamps" '
    run 0 "$TMP/p.jsonl" pdx parse --json "$L/arxiv-listing.txt" "$L/catalogue.txt"
    lines "$TMP/p.jsonl" 7
    json_ok "$TMP/p.jsonl" "(.title | test(\"updated|submissions|showing|Library|Contact\")) | not"'

test_expect "the saved HTML of a listing page gives the papers of its text" '
    run 0 "$TMP/h.jsonl" pdx parse --json "$H/arxiv-listing.html"
    json_ok "$TMP/h.jsonl" ".format == \"html\""
    lines "$TMP/h.jsonl" 3
    jq -s "map(select(.title == \"Sparse Weaving with Fewer Threads\"))[0]" "$TMP/h.jsonl" > "$TMP/w.json"
    json_ok "$TMP/w.json" ".ids.arxiv == \"2904.00101\" and .year == 2029 and .source == \"$H/arxiv-listing.html:14\""
    json_eq "$TMP/w.json" ".authors | join(\"|\")" "Ana Ruiz|Bo Chen|Carla Diaz"
    # the text page as a saved page holds it: one div a line
    { printf "<!DOCTYPE html>\n<html><body>\n"
      sed -e "s/&/\&amp;/g" -e "s/</\&lt;/g" -e "s/^.*$/<div>&<\/div>/" "$L/catalogue-de-fr.txt"
      printf "</body></html>\n"; } > "$TMP/c.html"
    run 0 "$TMP/t.jsonl" pdx parse --json "$L/catalogue-de-fr.txt"
    run 0 "$TMP/x.jsonl" pdx parse --json "$TMP/c.html"
    json_ok "$TMP/x.jsonl" ".format == \"html\""
    papers "$TMP/t.jsonl" "$TMP/t"
    papers "$TMP/x.jsonl" "$TMP/x"
    lines "$TMP/t" 2
    cmp "$TMP/t" "$TMP/x"'

test_expect "a citation profile keeps each year with its paper, as HTML and as copied text" '
    for f in "$H/scholar.html" "$DATA/profile/scholar.txt" "$DATA/profile/scholar-cells.txt"; do
        run 0 "$TMP/g.jsonl" pdx parse --json "$f"
        lines "$TMP/g.jsonl" 4
        jq -c "[.title, .year]" "$TMP/g.jsonl" > "$TMP/g"
        has_line "$TMP/g" "^\[\"Sparse Weaving with Fewer Threads\",2019\]$"
        has_line "$TMP/g" "^\[\"Warp Tension in Hand Looms: A Field Study\",2021\]$"
        has_line "$TMP/g" "^\[\"Loom Memory Revisited\",2023\]$"
        has_line "$TMP/g" "^\[\"Shuttle Timing for Dense Cloth\",2024\]$"
        no_line "$TMP/g" "updated"
    done'

test_expect "a record with no title is reported at its line, the others stored, exit 3" '
    run 3 "$TMP/i.json" pdx ingest --db "$TMP/n.db" --json "$L/no-title.txt"
    has_line "$TMP/i.json.err" "no-title.txt:5: a labelled record with no title \(authors: Bo Chen, Ana Ruiz\)"
    json_ok "$TMP/i.json" ".papers == 2 and .skipped == 1"
    run 0 "$TMP/s.json" pdx search --db "$TMP/n.db" --json "selvedge"
    json_ok "$TMP/s.json" ".hits[0].title == \"Selvedge Repair by Hand\" and .hits[0].year == 2021"'

test_expect "--format labelled reads a file with one record, and arXiv .abs files stay arxiv" '
    printf "Title: Weft Density and Cloth Strength\nAuthors: Carla Diaz\nYear: 2019\n" > "$TMP/one.txt"
    run 0 "$TMP/o.jsonl" pdx parse --json --format labelled "$TMP/one.txt"
    json_ok "$TMP/o.jsonl" ".format == \"labelled\" and .year == 2019 and .authors == [\"Carla Diaz\"]"
    printf "\\\\\\\\\narXiv:2901.00001\nTitle: Sparse Looms\nAuthors: Ana Ruiz\n\\\\\\\\\n  We weave.\n\\\\\\\\\n" > "$TMP/x.abs"
    run 0 "$TMP/a.jsonl" pdx parse --json "$TMP/x.abs"
    json_ok "$TMP/a.jsonl" ".format == \"arxiv\" and .title == \"Sparse Looms\""'

test_done
