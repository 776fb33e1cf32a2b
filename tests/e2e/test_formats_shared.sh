#!/bin/bash
# End-to-end: the user's sample files (../shared/samples): arXiv .abs
# files, the snapshot JSON Lines and BibTeX, ingested into one database.
. "$(dirname "$0")/lib.sh"
need_shared samples/arxiv-abs samples/arxiv.jsonl samples/bibtex

test_expect "the sample .abs files give one record per non-empty file" '
    run 0 "$TMP/s.json" pdx ingest --json "$SHARED/samples/arxiv-abs"
    # 930 files, one empty; two are byte-identical copies of cs/0006008
    json_ok "$TMP/s.json" ".files == 929 and .records == 929 and .skipped == 0"
    json_ok "$TMP/s.json" ".added == 928 and .merged == 1 and .papers == 928"
    has_line "$TMP/s.json.err" "math-ph_0509037.abs: empty file"'

test_expect "the sample snapshot JSONL adds no new papers" '
    run 0 "$TMP/s.json" pdx ingest --json "$SHARED/samples/arxiv.jsonl"
    json_ok "$TMP/s.json" ".records == 929 and .added == 0 and .merged == 929 and .papers == 928"'

test_expect "author finds names written with LaTeX accents, accented or plain" '
    # checked by hand: these three files write the names in LaTeX
    # (Bal-accent-azs, v{S}r-accent-amek, {O-slash}bro)
    for pair in "C. Balázs:arXiv:0704.0001" "C. Balazs:arXiv:0704.0001" \
                "Rastislav Šrámek:arXiv:0704.0062" "Rastislav Sramek:arXiv:0704.0062" \
                "Mikkel Øbro:arXiv:0704.0049" "Mikkel Obro:arXiv:0704.0049"; do
        name=${pair%%:arXiv*}; id=${pair#"$name":}
        run 0 "$TMP/a.json" pdx author --json "$name"
        json_ok "$TMP/a.json" "[.hits[].id] | index(\"$id\") != null"
    done'

test_expect "every BibTeX sample ingests, accented names found by plain ASCII" '
    run 0 "$TMP/s.json" pdx ingest --json "$SHARED/samples/bibtex"
    json_ok "$TMP/s.json" ".files == 4 and .records == 510 and .skipped == 0"
    run 0 "$TMP/a.json" pdx author --json "Ozge Aksin"
    json_ok "$TMP/a.json" ".hits[0].matched_author == \"Özge Aksın\""
    run 0 "$TMP/b.json" pdx author --json "Jacques Andre"
    json_ok "$TMP/b.json" ".total >= 8"
    run 0 "$TMP/c.json" pdx search --json "Buyukgungor"
    json_ok "$TMP/c.json" ".hits[0].authors | index(\"Orhan Büyükgüngör\") != null"'

test_done
