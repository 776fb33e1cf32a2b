#!/bin/bash
# End-to-end: every command that takes a paper id takes it in any form a
# person pastes (show, similar; export and remove have their own scripts):
# a paper read from arXiv and merged with its BibTeX entry is found by its
# arXiv id in every form, its DOI in every form, its BibTeX key and ours.
. "$(dirname "$0")/lib.sh"
# (not `run` at the top: it leaves `set -e` on in this shell)
test_expect "the fixtures are ingested" '
    run 0 "$TMP/ingest.json" pdx ingest --json "$DATA/ids" "$DATA/arxiv/hep-th_9901001.abs"
    json_ok "$TMP/ingest.json" ".added == 4"'

test_expect "the arXiv record and its BibTeX entry are one paper" '
    run 0 "$TMP/p.json" pdx show --json arXiv:0704.0001
    json_ok "$TMP/p.json" ".id == \"arXiv:0704.0001\" and (.sources|length) == 2 and .ids.bibtex == \"okafor2008walks\" and .ids.doi != null"'

test_expect "show finds the merged paper by every form of its ids" '
    for id in 0704.0001 arXiv:0704.0001 arXiv:0704.0001v2 0704.0001v2 \
              https://arxiv.org/abs/0704.0001 https://arxiv.org/pdf/0704.0001v1.pdf \
              10.5555/JCW.2008.31.245 10.5555/jcw.2008.31.245 doi:10.5555/jcw.2008.31.245 \
              https://doi.org/10.5555/JCW.2008.31.245 http://dx.doi.org/10.5555/jcw.2008.31.245 \
              okafor2008walks bib:okafor2008walks; do
        run 0 "$TMP/p.json" pdx show --json "$id"
        json_ok "$TMP/p.json" ".id == \"arXiv:0704.0001\""
    done'

test_expect "an old-style arXiv id is found bare, with arXiv: and as URLs" '
    for id in hep-th/9901001 arXiv:hep-th/9901001v1 https://arxiv.org/abs/hep-th/9901001 \
              https://arxiv.org/pdf/hep-th/9901001v2.pdf; do
        run 0 "$TMP/p.json" pdx show --json "$id"
        json_ok "$TMP/p.json" ".id == \"arXiv:hep-th/9901001\""
    done'

test_expect "show in text prints the DOI, arXiv id, venue, volume and pages" '
    run 0 "$TMP/p.txt" pdx show 0704.0001
    has_line "$TMP/p.txt" "^  doi: +10\.5555/JCW\.2008\.31\.245$"
    has_line "$TMP/p.txt" "^  arxiv: +0704\.0001$"
    has_line "$TMP/p.txt" "^  venue: +Journal of Combinatorial Walks$"
    has_line "$TMP/p.txt" "^  volume: +31$"
    has_line "$TMP/p.txt" "^  number: +4$"
    has_line "$TMP/p.txt" "^  pages: +245-260$"
    has_line "$TMP/p.txt" "^  journal-ref: +J\. Comb\. Walks 31 \(2008\) 245-260$"'

test_expect "show --json has the new citation fields" '
    run 0 "$TMP/p.json" pdx show --json https://doi.org/10.5555/jcw.2008.31.245
    json_ok "$TMP/p.json" ".volume == \"31\" and .number == \"4\" and .pages == \"245-260\" and .journal_ref == \"J. Comb. Walks 31 (2008) 245-260\""'

test_expect "a BibTeX key two papers share lists both on stderr and exits 1" '
    run 1 "$TMP/amb" pdx show survey
    has_line "$TMP/amb.err" "ambiguous"
    has_line "$TMP/amb.err" "bib:survey +A Survey of Tide Pools"
    has_line "$TMP/amb.err" "bib:survey-2 +A Survey of Sand Dune"
    run 1 "$TMP/amb2" pdx similar survey
    has_line "$TMP/amb2.err" "ambiguous"'

test_expect "an unknown id is named on stderr, exit 1" '
    run 1 "$TMP/no" pdx show 0704.9999
    has_line "$TMP/no.err" "no paper with id 0704\.9999"
    run 1 "$TMP/no2" pdx similar doi:10.1/none
    has_line "$TMP/no2.err" "doi:10\.1/none"'

test_expect "similar takes any id form and leaves the paper itself out" '
    run 0 "$TMP/s.json" pdx similar --json https://arxiv.org/abs/0704.0001v2
    json_ok "$TMP/s.json" "all(.hits[]; .id != \"arXiv:0704.0001\")"
    run 0 "$TMP/s2.json" pdx similar --json bib:survey
    json_ok "$TMP/s2.json" "(.hits|length) >= 1 and all(.hits[]; .id != \"bib:survey\")"'

test_done
