#!/bin/bash
# End-to-end: PubMed's MEDLINE format made from the user's real records.
# The arXiv sample is parsed, written out as MEDLINE in four variants
# (to_medline.jq: wrap widths, records ended by a blank line or by the next
# PMID, long FAU or short AU names, DP alone or with DEP, tags paperdex
# does not keep), and read back: every title, abstract, date, DOI and
# author must come back, and each record must merge with its arXiv twin.
. "$(dirname "$0")/lib.sh"
need_shared samples/arxiv.jsonl
HERE=$(cd "$(dirname "$0")" && pwd)

run 0 "$TMP/ref.jsonl" pdx parse --json "$SHARED/samples/arxiv.jsonl"
jq -s 'to_entries' "$TMP/ref.jsonl" > "$TMP/entries.json"
jq -r -f "$HERE/to_medline.jq" "$TMP/entries.json" > "$TMP/all.nbib"
# the fields compared: NLM's closing period aside, abstracts as one line,
# surnames for every variant (the AU one keeps only initials)
NORM='[(.title | sub("[.]$"; "")), ((.abstract // "") | gsub("\\s+"; " ") | sub("^ "; "") | sub(" $"; "")),
       .date, .ids.doi, (.authors | map(split(" ") | last))]'

test_expect "every record of the sample comes back from MEDLINE, field by field" '
    json_ok "$TMP/ref.jsonl" "(.title | length) > 0"
    [ "$(grep -c "^PMID- " "$TMP/all.nbib")" = "$(wc -l < "$TMP/ref.jsonl")" ]
    run 0 "$TMP/back.jsonl" pdx parse --json "$TMP/all.nbib"
    json_ok "$TMP/back.jsonl" ".format == \"medline\""
    jq -c "$NORM" "$TMP/ref.jsonl" > "$TMP/a"
    jq -c "$NORM" "$TMP/back.jsonl" > "$TMP/b"
    [ "$(wc -l < "$TMP/a")" -gt 900 ]
    cmp "$TMP/a" "$TMP/b"
    # the long (FAU) variants give the whole names back, accents and all
    jq -c .authors "$TMP/ref.jsonl" | awk "NR % 4 != 2" > "$TMP/fa"
    jq -c .authors "$TMP/back.jsonl" | awk "NR % 4 != 2" > "$TMP/fb"
    cmp "$TMP/fa" "$TMP/fb"'

test_expect "the same file with CRLF line ends, gzip-compressed, reads the same" '
    sed "s/\$/\r/" "$TMP/all.nbib" | gzip -c > "$TMP/crlf.nbib.gz"
    run 0 "$TMP/crlf.jsonl" pdx parse --json "$TMP/crlf.nbib.gz"
    jq -c "$NORM" "$TMP/crlf.jsonl" > "$TMP/c"
    jq -c "$NORM" "$TMP/ref.jsonl" > "$TMP/a"
    cmp "$TMP/a" "$TMP/c"'

test_expect "each MEDLINE record merges with the arXiv record of the same paper" '
    run 0 "$TMP/s1.json" pdx ingest --json --db "$TMP/m.db" "$SHARED/samples/arxiv.jsonl"
    run 0 "$TMP/s2.json" pdx ingest --json --db "$TMP/m.db" "$TMP/all.nbib"
    n=$(json_get "$TMP/s1.json" .papers)
    json_ok "$TMP/s2.json" ".records == $n and .added == 0 and .merged == $n and .skipped == 0 and .papers == $n"
    run 0 "$TMP/p.json" pdx show --json --db "$TMP/m.db" "pmid:90"
    json_ok "$TMP/p.json" ".ids.arxiv == \"0704.0001\" and (.sources | length) == 2"'

test_done
