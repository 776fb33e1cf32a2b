#!/bin/bash
# End-to-end: paperdex export — BibTeX (default), RIS and CSL-JSON, by ids
# in any form or by --query, and BibTeX that reads back as the same papers.
. "$(dirname "$0")/lib.sh"
# (not `run` at the top: it leaves `set -e` on in this shell)
test_expect "the fixtures are ingested" '
    run 0 "$TMP/ingest.json" pdx ingest --json "$DATA/export" "$DATA/ids" "$DATA/arxiv/hep-th_9901001.abs"
    json_ok "$TMP/ingest.json" ".added == 9"'

# every paper but the two that share the key "survey" (their keys must
# change to be unique, so they cannot read back under the same key)
IDS="0704.0001 doi:10.7777/odd.2021.1 arXiv:2201.01234 https://doi.org/10.7777/DRL.2019.4 hep-th/9901001"

test_expect "BibTeX is the default, with type, escaped title and citation fields" '
    run 0 "$TMP/a.bib" pdx export 0704.0001 doi:10.7777/odd.2021.1 2201.01234
    has_line "$TMP/a.bib" "^@article\{okafor2008walks,$"
    has_line "$TMP/a.bib" "^  journal = \{Journal of Combinatorial Walks\},$"
    has_line "$TMP/a.bib" "^  volume = \{31\},$"
    has_line "$TMP/a.bib" "^  number = \{4\},$"
    has_line "$TMP/a.bib" "^  pages = \{245--260\},$"
    has_line "$TMP/a.bib" "^  doi = \{10\.5555/JCW\.2008\.31\.245\},$"
    has_line "$TMP/a.bib" "^  eprint = \{0704\.0001\},$"
    has_line "$TMP/a.bib" "^  archivePrefix = \{arXiv\},$"
    has_line "$TMP/a.bib" "^  primaryClass = \{math\.CO\},$"
    has_line "$TMP/a.bib" "^@inproceedings\{mullerschmidt2021fast,$"
    has_line "$TMP/a.bib" "^  author = \{Müller-Schmidt, Jörn and de la Vega, Ana María\},$"
    has_line "$TMP/a.bib" "^  title = \{Fast \\\\& Cheap: 100\\\\% Recall at \\\\\\\$5 per \\\\#query\\\\_set \\\\textasciitilde\{\} x\\\\textasciicircum\{\}2\},$"
    has_line "$TMP/a.bib" "^  booktitle = \{Proceedings of the Workshop on Odd Titles\},$"
    has_line "$TMP/a.bib" "^@misc\{ek2022ocean,$"
    has_line "$TMP/a.bib" "^  title = \{Ocean Waves Near the \{ICE\} Shelf\},$"'

test_expect "every entry opens and closes, and the braces balance" '
    run 0 "$TMP/all.bib" pdx export $IDS
    [ "$(grep -c "^@" "$TMP/all.bib")" = 5 ] || fail "expected 5 entries"
    [ "$(grep -c "^}$" "$TMP/all.bib")" = 5 ] || fail "expected 5 closing braces"
    opens=$(sed "s/\\\\[{}]//g" "$TMP/all.bib" | tr -cd "{" | wc -c)
    closes=$(sed "s/\\\\[{}]//g" "$TMP/all.bib" | tr -cd "}" | wc -c)
    [ "$opens" = "$closes" ] || fail "unbalanced braces: $opens { and $closes }"'

test_expect "exported BibTeX read back gives the same titles, authors, years and ids" '
    run 0 "$TMP/all.bib" pdx export $IDS
    run 0 "$TMP/back.json" pdx ingest --json --db "$TMP/back" "$TMP/all.bib"
    json_ok "$TMP/back.json" ".added == 5"
    for id in $IDS; do
        run 0 "$TMP/orig.json" pdx show --json "$id"
        run 0 "$TMP/copy.json" pdx show --json --db "$TMP/back" "$id"
        jq -s ".[0] as \$a | .[1] as \$b | \$a.title == \$b.title and \$a.authors == \$b.authors and \$a.authors_truncated == \$b.authors_truncated and \$a.year == \$b.year and \$a.ids.doi == \$b.ids.doi and \$a.ids.arxiv == \$b.ids.arxiv and \$a.volume == \$b.volume and \$a.pages == \$b.pages" "$TMP/orig.json" "$TMP/copy.json" > "$TMP/same"
        has_line "$TMP/same" "^true$"
    done'

test_expect "exported BibTeX ingested into its own database adds no paper" '
    run 0 "$TMP/all.bib" pdx export $IDS
    run 0 "$TMP/before.json" pdx stats --json
    run 0 "$TMP/again.json" pdx ingest --json "$TMP/all.bib"
    run 0 "$TMP/after.json" pdx stats --json
    json_ok "$TMP/again.json" ".added == 0"
    [ "$(json_get "$TMP/before.json" .papers)" = "$(json_get "$TMP/after.json" .papers)" ] || fail "papers changed"'

test_expect "keys repeated within one export get a and b" '
    run 0 "$TMP/k.bib" pdx export bib:survey bib:survey-2
    has_line "$TMP/k.bib" "^@misc\{surveya,$"
    has_line "$TMP/k.bib" "^@misc\{surveyb,$"
    run 0 "$TMP/k2.bib" pdx export --query "learning tides"
    has_line "$TMP/k2.bib" "^@article\{berg2020learninga,$"
    has_line "$TMP/k2.bib" "^@article\{berg2020learningb,$"'

test_expect "RIS has TY..ER records of tag lines, no CR" '
    run 0 "$TMP/a.ris" pdx export --format ris $IDS
    [ "$(grep -c "^TY  - " "$TMP/a.ris")" = 5 ] || fail "expected 5 records"
    [ "$(grep -c "^ER  - $" "$TMP/a.ris")" = 5 ] || fail "expected 5 ER lines"
    if grep -q "$(printf "\r")" "$TMP/a.ris"; then fail "CR in RIS"; fi
    if grep -Ev "^([A-Z][A-Z0-9]  - .*)?$" "$TMP/a.ris" > "$TMP/bad"; then fail "not a tag line: $(head -3 "$TMP/bad")"; fi
    has_line "$TMP/a.ris" "^TY  - JOUR$"
    has_line "$TMP/a.ris" "^TY  - CONF$"
    has_line "$TMP/a.ris" "^TY  - GEN$"
    has_line "$TMP/a.ris" "^AU  - Okafor, Mira$"
    has_line "$TMP/a.ris" "^AU  - Haddad, Rami, Jr\.$"
    has_line "$TMP/a.ris" "^T2  - Journal of Combinatorial Walks$"
    has_line "$TMP/a.ris" "^PY  - 2007$"
    has_line "$TMP/a.ris" "^DA  - 2007/04/02/$"
    has_line "$TMP/a.ris" "^VL  - 31$"
    has_line "$TMP/a.ris" "^IS  - 4$"
    has_line "$TMP/a.ris" "^SP  - 245$"
    has_line "$TMP/a.ris" "^EP  - 260$"
    has_line "$TMP/a.ris" "^DO  - 10\.5555/JCW\.2008\.31\.245$"
    has_line "$TMP/a.ris" "^UR  - https://arxiv\.org/abs/0704\.0001$"
    has_line "$TMP/a.ris" "^AB  - We count walks"'

test_expect "CSL-JSON is one array of items citeproc reads" '
    run 0 "$TMP/a.json" pdx export --format csl-json $IDS
    json_ok "$TMP/a.json" "type == \"array\" and length == 5"
    json_ok "$TMP/a.json" "all(.[]; (.id|type) == \"string\" and (.type|IN(\"article-journal\",\"paper-conference\",\"article\")) and (.title|length) > 0 and all(.author[]; has(\"family\") or has(\"literal\")) and (.issued[\"date-parts\"][0][0]|type) == \"number\")"
    json_ok "$TMP/a.json" "[.[].id] | unique | length == 5"
    json_ok "$TMP/a.json" ".[] | select(.id == \"foobarcollaboration1999strings\") | .author[0] == {literal: \"FOOBAR Collaboration\"}"
    json_ok "$TMP/a.json" ".[] | select(.id == \"okafor2008walks\") | .type == \"article-journal\" and .[\"container-title\"] == \"Journal of Combinatorial Walks\" and .volume == \"31\" and .issue == \"4\" and .page == \"245-260\" and .DOI == \"10.5555/JCW.2008.31.245\" and .URL == \"https://arxiv.org/abs/0704.0001\" and .issued[\"date-parts\"] == [[2007,4,2]] and .author[0] == {family: \"Okafor\", given: \"Mira\"} and (.abstract|length) > 0"
    json_ok "$TMP/a.json" ".[] | select(.id == \"haddad2019sand\") | .author[0] == {family: \"Haddad\", given: \"Rami\", suffix: \"Jr.\"} and .author[1].family == \"van der Waals\""
    json_ok "$TMP/a.json" ".[] | select(.id == \"ek2022ocean\") | .type == \"article\" and .number == \"arXiv:2201.01234\""'

test_expect "--query exports the best hits, --limit caps them" '
    run 0 "$TMP/q.json" pdx export --format csl-json --query "tides OR dunes" --limit 2
    json_ok "$TMP/q.json" "length == 2"
    run 0 "$TMP/q2.json" pdx export --format=csl-json --query=tides
    json_ok "$TMP/q2.json" "length == 3"
    run 0 "$TMP/q3.json" pdx export --format csl-json --query "nosuchwordanywhere"
    json_ok "$TMP/q3.json" ". == []"'

test_expect "the same paper named twice is exported once" '
    run 0 "$TMP/d.json" pdx export --format csl-json 0704.0001 okafor2008walks https://arxiv.org/pdf/0704.0001v1.pdf
    json_ok "$TMP/d.json" "length == 1"'

test_expect "an unknown or ambiguous id is named on stderr, exit 1, the rest still written" '
    run 1 "$TMP/u.bib" pdx export 0704.0001 0704.9999
    has_line "$TMP/u.bib.err" "no paper with id 0704\.9999"
    has_line "$TMP/u.bib" "^@article\{okafor2008walks,$"
    run 1 "$TMP/amb.bib" pdx export survey
    has_line "$TMP/amb.bib.err" "ambiguous"
    has_line "$TMP/amb.bib.err" "bib:survey-2 +A Survey of Sand Dune"'

test_expect "usage errors exit 2: bad --format, no ids, ids with --query, --limit alone" '
    run 2 "$TMP/e1" pdx export --format endnote 0704.0001
    has_line "$TMP/e1.err" "bibtex, ris or csl-json"
    run 2 "$TMP/e2" pdx export
    has_line "$TMP/e2.err" "no paper ids"
    run 2 "$TMP/e3" pdx export --query tides 0704.0001
    run 2 "$TMP/e4" pdx export --limit 3 0704.0001
    run 2 "$TMP/e5" pdx export --query
    run 0 "$TMP/h" pdx export --help
    has_line "$TMP/h" "^Usage: paperdex export"
    has_line "$TMP/h" "^Example: paperdex export"'

test_expect "export of a missing database is exit 4" '
    run 4 "$TMP/m" pdx export --db "$TMP/none" 0704.0001'

test_done
