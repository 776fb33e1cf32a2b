#!/bin/bash
# End-to-end: the formats researchers have (arXiv .abs and snapshot JSONL,
# BibTeX, BEIR, CSV/TSV with --field-map, CSL-JSON, RIS, PubMed's MEDLINE),
# compressed, piped, in
# directories, and one paper met in several of them.
. "$(dirname "$0")/lib.sh"

# One fixture of each format, the reader it must be detected as, and the
# exit code of parse (zotero.csv and the BEIR corpus have broken rows: 3).
FIXTURES="arxiv/2101.00001.abs:arxiv:0 arxiv-snapshot.jsonl:jsonl:0 bibtex/macros.bib:bibtex:0
table/zotero.csv:csv:3 table/wos.tsv:tsv:0 beir-reader/corpus.jsonl:jsonl:3
csljson/zotero.json:csl-json:0 csljson/pandoc.json:csl-json:0 csljson/single.json:csl-json:0
csljson/wrapper.json:csl-json:0 ris/endnote.ris:ris:0 ris/wos.ris:ris:0 ris/pubmed.ris:ris:0
medline/pubmed.nbib:medline:0 medline/messy.nbib:medline:3"

test_expect "each format is detected from its content, also on standard input" '
    for f in $FIXTURES; do
        file=${f%%:*}; code=${f##*:}; fmt=${f#*:}; fmt=${fmt%:*}
        run $code "$TMP/direct.jsonl" pdx parse --json "$DATA/$file"
        run $code "$TMP/piped.jsonl" pdx parse --json - < "$DATA/$file"
        json_ok "$TMP/direct.jsonl" ".format == \"$fmt\" and (.title|type) == \"string\""
        jq -c "[.id, .title]" "$TMP/direct.jsonl" > "$TMP/a"
        jq -c "[.id, .title]" "$TMP/piped.jsonl" > "$TMP/b"
        cmp "$TMP/a" "$TMP/b"
    done'

test_expect "gzip-compressed inputs read the same, as files and piped" '
    for f in $FIXTURES; do
        file=${f%%:*}; code=${f##*:}
        gzip -c "$DATA/$file" > "$TMP/$(basename "$file").gz"
        run $code "$TMP/a.jsonl" pdx parse --json "$DATA/$file"
        run $code "$TMP/b.jsonl" pdx parse --json "$TMP/$(basename "$file").gz"
        run $code "$TMP/c.jsonl" pdx parse --json - < "$TMP/$(basename "$file").gz"
        json_ok "$TMP/a.jsonl" "(.title|type) == \"string\""
        for x in a b c; do jq -c "[.id, .title, .authors]" "$TMP/$x.jsonl" > "$TMP/$x"; done
        cmp "$TMP/a" "$TMP/b"
        cmp "$TMP/a" "$TMP/c"
    done'

test_expect "a directory is walked; a file of no known shape in it is reported, not fatal" '
    mkdir -p "$TMP/tree/x/y"
    cp "$DATA/arxiv/2101.00001.abs" "$TMP/tree/"
    gzip -c "$DATA/bibtex/macros.bib" > "$TMP/tree/x/refs.bib.gz"
    cp "$DATA/table/wos.tsv" "$TMP/tree/x/y/"
    echo "shopping list: milk" > "$TMP/tree/x/y/notes.txt"
    run 0 "$TMP/s.json" pdx ingest --db "$TMP/tree.db" --json "$TMP/tree"
    json_ok "$TMP/s.json" ".files == 3 and .files_skipped == 1 and .records == 7 and .skipped == 0"
    json_ok "$TMP/s.json" ".formats == {\"arxiv\": 1, \"bibtex\": 1, \"tsv\": 1}"
    has_line "$TMP/s.json.err" "notes.txt: not a known format"'

test_expect "one paper in four formats is one paper with every source" '
    run 0 "$TMP/s.json" pdx ingest --db "$TMP/merge.db" --json "$DATA/merge/paper.abs" "$DATA/merge/refs.bib" \
        "$DATA/merge/list.csv" "$DATA/merge/zotero-export.jsonl"
    json_ok "$TMP/s.json" ".records == 5 and .added == 1 and .merged == 4 and .skipped == 0 and .papers == 1"
    run 0 "$TMP/p.json" pdx show --db "$TMP/merge.db" --json "arXiv:2203.00042"
    json_ok "$TMP/p.json" "(.sources | length) == 5 and .ids.doi == \"10.9999/merge.2022.1\""'

test_expect "a malformed BibTeX entry is reported with file and line, the rest stored, exit 3" '
    expect_exit 3 pdx ingest --db "$TMP/bad.db" --json "$DATA/bibtex/broken.bib" > "$TMP/s.json" 2> "$TMP/err"
    json_ok "$TMP/s.json" ".records == 3 and .skipped == 4"
    has_line "$TMP/err" "broken.bib:7: entry never closed"
    has_line "$TMP/err" "broken.bib:21: BibTeX entry bad:syntax: syntax error"
    has_line "$TMP/err" "broken.bib:35: entry never closed"'

test_expect "CSL-JSON and RIS: broken items and records are reported with file and line, the rest stored, exit 3" '
    run 3 "$TMP/c.json" pdx ingest --json --db "$TMP/csl.db" "$DATA/csljson/broken.json" "$DATA/csljson/cut.json"
    json_ok "$TMP/c.json" ".formats == {\"csl-json\": 2} and .records == 3 and .skipped == 4 and .papers == 3"
    has_line "$TMP/c.json.err" "broken\.json:12: invalid JSON at column 37: .:. expected; item skipped"
    has_line "$TMP/c.json.err" "broken\.json:19: invalid JSON: .\}. does not close the bracket open here; the item from line 15 skipped"
    has_line "$TMP/c.json.err" "broken\.json:29: CSL item has neither a title nor an abstract"
    has_line "$TMP/c.json.err" "cut\.json:12: invalid JSON: a string runs past the end of its line; the item from line 8 skipped"
    run 3 "$TMP/r.json" pdx ingest --json --db "$TMP/ris.db" "$DATA/ris/noer.ris" "$DATA/ris/junk.ris"
    json_ok "$TMP/r.json" ".formats == {\"ris\": 2} and .records == 5 and .skipped == 5 and .papers == 5"
    has_line "$TMP/r.json.err" "noer\.ris:1: RIS record has no ER line before the next TY \(line 5\); kept"
    has_line "$TMP/r.json.err" "noer\.ris:11: RIS record has no ER line before the end of the file; kept"
    has_line "$TMP/r.json.err" "junk\.ris:5: control characters"
    run 0 "$TMP/q.json" pdx search --json --db "$TMP/ris.db" "last record cut off"
    json_ok "$TMP/q.json" "[.hits[].title] | index(\"The last record is cut off\") != null"'

test_expect "MEDLINE: text outside records, a record with no title or abstract and junk reported, the rest stored, exit 3" '
    run 3 "$TMP/m.json" pdx ingest --json --db "$TMP/med.db" "$DATA/medline/messy.nbib" "$DATA/medline/pubmed.nbib"
    json_ok "$TMP/m.json" ".formats == {\"medline\": 2} and .records == 6 and .skipped == 3 and .papers == 6"
    has_line "$TMP/m.json.err" "messy\.nbib:1: text outside a MEDLINE record"
    has_line "$TMP/m.json.err" "messy\.nbib:10: MEDLINE record has neither a title \(TI\) nor an abstract \(AB\); skipped"
    has_line "$TMP/m.json.err" "messy\.nbib:15: control characters"
    run 0 "$TMP/q.json" pdx search --json --db "$TMP/med.db" "spindles folding"
    json_ok "$TMP/q.json" ".hits[0].title == \"Sleep spindles in paper-folding experts: a randomised crossover trial\" and .hits[0].date == \"2019-06-21\""
    run 0 "$TMP/a.json" pdx author --json --db "$TMP/med.db" "Z. Lukasiewicz"
    json_ok "$TMP/a.json" ".total == 1"
    run 0 "$TMP/s.json" pdx show --json --db "$TMP/med.db" "pmid:28000001"
    json_ok "$TMP/s.json" ".title == \"Folding strength of wet kraft paper\" and .authors == [\"J. K. Müller-Schmidt\", \"J. Weir Jr\"]"
    run 0 "$TMP/s.json" pdx show --json --db "$TMP/med.db" "pmcid:PMC6543210"
    json_ok "$TMP/s.json" ".pages == \"1123-1130\" and .ids.pmid == \"31415926\""'

test_expect "a JSON array of other objects is read as CSL-JSON and each item reported" '
    run 3 "$TMP/n.jsonl" pdx parse --json "$DATA/csljson/notcsl.json"
    has_line "$TMP/n.jsonl.err" "notcsl\.json:2: CSL item has neither a title nor an abstract; skipped"
    has_line "$TMP/n.jsonl.err" "notcsl\.json:3: CSL item has neither a title nor an abstract; skipped"'

test_expect "the bundled sample exported as CSL-JSON and RIS reads back as the same papers" '
    run 0 "$TMP/s.json" pdx ingest --json --db "$TMP/rt.db" "$DATA/sample"
    for fmt in csl-json ris; do
        run 0 "$TMP/out.$fmt" pdx export --db "$TMP/rt.db" --format $fmt --query "-zzqqxyzzynothing" --limit 100
        run 0 "$TMP/back.json" pdx ingest --json --db "$TMP/rt-$fmt.db" "$TMP/out.$fmt"
        json_ok "$TMP/back.json" ".added == $(json_get "$TMP/s.json" .papers) and .skipped == 0"
        run 0 "$TMP/a.json" pdx export --db "$TMP/rt.db" --format csl-json --query "-zzqqxyzzynothing" --limit 100
        run 0 "$TMP/b.json" pdx export --db "$TMP/rt-$fmt.db" --format csl-json --query "-zzqqxyzzynothing" --limit 100
        jq -S "sort_by(.id)" "$TMP/a.json" > "$TMP/a.s"
        jq -S "sort_by(.id)" "$TMP/b.json" > "$TMP/b.s"
        json_ok "$TMP/a.s" "length > 10 and ([.[].author | length] | add) > 20"
        cmp "$TMP/a.s" "$TMP/b.s"
    done'

test_expect "--field-map names the columns of a CSV; a bad map is a usage error" '
    expect_exit 3 pdx parse --json "$DATA/table/custom.csv" > /dev/null 2> "$TMP/err"
    has_line "$TMP/err" "no title or abstract column"
    run 0 "$TMP/r.jsonl" pdx parse --json --field-map "title=paper_name,authors=writers,year=yr,id=ref" \
        "$DATA/table/custom.csv"
    lines "$TMP/r.jsonl" 2
    head -1 "$TMP/r.jsonl" > "$TMP/r1.json"
    json_ok "$TMP/r1.json" ".id == \"R-7\" and .authors == [\"Ana Silva\", \"Bo Li\"]"
    expect_exit 2 pdx parse --field-map "colour=red" "$DATA/table/custom.csv" 2> "$TMP/err"
    has_line "$TMP/err" "bad --field-map"'

test_done
