#!/bin/bash
# End-to-end: the formats researchers have (arXiv .abs and snapshot JSONL,
# BibTeX, BEIR, CSV/TSV with --field-map), compressed, piped, in
# directories, and one paper met in several of them.
. "$(dirname "$0")/lib.sh"

# One fixture of each format, and the reader it must be detected as.
FIXTURES="arxiv/2101.00001.abs:arxiv arxiv-snapshot.jsonl:jsonl bibtex/macros.bib:bibtex
table/zotero.csv:csv table/wos.tsv:tsv beir-reader/corpus.jsonl:jsonl"

test_expect "each format is detected from its content, also on standard input" '
    for f in $FIXTURES; do
        file=${f%%:*}; fmt=${f##*:}
        set +e
        pdx parse --json "$DATA/$file" > "$TMP/direct.jsonl" 2>/dev/null
        pdx parse --json - < "$DATA/$file" > "$TMP/piped.jsonl" 2>/dev/null
        set -e
        [ -s "$TMP/direct.jsonl" ]
        jq -e --arg f "$fmt" ".format == \$f" "$TMP/direct.jsonl" > /dev/null
        [ "$(jq -c "[.id, .title]" "$TMP/direct.jsonl")" = "$(jq -c "[.id, .title]" "$TMP/piped.jsonl")" ]
    done'

test_expect "gzip-compressed inputs read the same, as files and piped" '
    for f in $FIXTURES; do
        file=${f%%:*}
        gzip -c "$DATA/$file" > "$TMP/$(basename "$file").gz"
        set +e
        pdx parse --json "$DATA/$file" 2>/dev/null | jq -c "[.id, .title, .authors]" > "$TMP/a"
        pdx parse --json "$TMP/$(basename "$file").gz" 2>/dev/null | jq -c "[.id, .title, .authors]" > "$TMP/b"
        gzip -c "$DATA/$file" | pdx parse --json - 2>/dev/null | jq -c "[.id, .title, .authors]" > "$TMP/c"
        set -e
        [ -s "$TMP/a" ] && cmp "$TMP/a" "$TMP/b" && cmp "$TMP/a" "$TMP/c"
    done'

test_expect "a directory is walked; a file of no known shape in it is reported, not fatal" '
    mkdir -p "$TMP/tree/x/y"
    cp "$DATA/arxiv/2101.00001.abs" "$TMP/tree/"
    gzip -c "$DATA/bibtex/macros.bib" > "$TMP/tree/x/refs.bib.gz"
    cp "$DATA/table/wos.tsv" "$TMP/tree/x/y/"
    echo "shopping list: milk" > "$TMP/tree/x/y/notes.txt"
    pdx ingest --db "$TMP/tree.db" --json "$TMP/tree" > "$TMP/s.json" 2> "$TMP/err"
    jq -e ".files == 3 and .files_skipped == 1 and .records == 7 and .skipped == 0" "$TMP/s.json"
    jq -e ".formats == {\"arxiv\": 1, \"bibtex\": 1, \"tsv\": 1}" "$TMP/s.json"
    grep -q "notes.txt: not a known format" "$TMP/err"'

test_expect "one paper in four formats is one paper with every source" '
    pdx ingest --db "$TMP/merge.db" --json "$DATA/merge/paper.abs" "$DATA/merge/refs.bib" \
        "$DATA/merge/list.csv" "$DATA/merge/zotero-export.jsonl" > "$TMP/s.json"
    jq -e ".records == 5 and .added == 1 and .merged == 4 and .skipped == 0 and .papers == 1" "$TMP/s.json"
    pdx show --db "$TMP/merge.db" --json "arXiv:2203.00042" > "$TMP/p.json"
    jq -e "(.sources | length) == 5 and .ids.doi == \"10.9999/merge.2022.1\"" "$TMP/p.json"'

test_expect "a malformed BibTeX entry is reported with file and line, the rest stored, exit 3" '
    expect_exit 3 pdx ingest --db "$TMP/bad.db" --json "$DATA/bibtex/broken.bib" > "$TMP/s.json" 2> "$TMP/err"
    jq -e ".records == 3 and .skipped == 4" "$TMP/s.json"
    grep -q "broken.bib:7: entry never closed" "$TMP/err"
    grep -q "broken.bib:21: BibTeX entry bad:syntax: syntax error" "$TMP/err"
    grep -q "broken.bib:35: entry never closed" "$TMP/err"'

test_expect "--field-map names the columns of a CSV; a bad map is a usage error" '
    expect_exit 3 pdx parse --json "$DATA/table/custom.csv" > /dev/null 2> "$TMP/err"
    grep -q "no title or abstract column" "$TMP/err"
    pdx parse --json --field-map "title=paper_name,authors=writers,year=yr,id=ref" \
        "$DATA/table/custom.csv" > "$TMP/r.jsonl"
    [ "$(jq -s length "$TMP/r.jsonl")" = 2 ]
    jq -s -e ".[0].id == \"R-7\" and .[0].authors == [\"Ana Silva\", \"Bo Li\"]" "$TMP/r.jsonl"
    expect_exit 2 pdx parse --field-map "colour=red" "$DATA/table/custom.csv" 2> "$TMP/err"
    grep -q "bad --field-map" "$TMP/err"'

if [ -n "$SHARED" ] && [ -d "$SHARED/samples/arxiv-abs" ]; then
    test_expect "the sample .abs files give one record per non-empty file" '
        pdx ingest --json "$SHARED/samples/arxiv-abs" > "$TMP/s.json" 2> "$TMP/err"
        # 930 files, one empty; two are byte-identical copies of cs/0006008
        jq -e ".files == 929 and .records == 929 and .skipped == 0" "$TMP/s.json"
        jq -e ".added == 928 and .merged == 1 and .papers == 928" "$TMP/s.json"
        grep -q "math-ph_0509037.abs: empty file" "$TMP/err"'

    test_expect "the sample snapshot JSONL adds no new papers" '
        pdx ingest --json "$SHARED/samples/arxiv.jsonl" > "$TMP/s.json"
        jq -e ".records == 929 and .added == 0 and .merged == 929 and .papers == 928" "$TMP/s.json"'

    test_expect "author finds names written with LaTeX accents, accented or plain" '
        # checked by hand: these three files write the names in LaTeX
        # (Bal-accent-azs, v{S}r-accent-amek, {O-slash}bro)
        for pair in "C. Balázs:arXiv:0704.0001" "C. Balazs:arXiv:0704.0001" \
                    "Rastislav Šrámek:arXiv:0704.0062" "Rastislav Sramek:arXiv:0704.0062" \
                    "Mikkel Øbro:arXiv:0704.0049" "Mikkel Obro:arXiv:0704.0049"; do
            name=${pair%%:arXiv*}; id=${pair#"$name":}
            pdx author --json "$name" | jq -e --arg id "$id" "[.hits[].id] | index(\$id) != null" > /dev/null
        done'

    test_expect "every BibTeX sample ingests, accented names found by plain ASCII" '
        pdx ingest --json "$SHARED/samples/bibtex" > "$TMP/s.json"
        jq -e ".files == 4 and .records == 510 and .skipped == 0" "$TMP/s.json"
        pdx author --json "Ozge Aksin" | jq -e ".hits[0].matched_author == \"Özge Aksın\""
        pdx author --json "Jacques Andre" | jq -e ".total >= 8"
        pdx search --json "Buyukgungor" | jq -e ".hits[0].authors | index(\"Orhan Büyükgüngör\") != null"'
fi

test_done
