#!/bin/bash
# End-to-end: export and read back.  The bundled sample and the user's
# arXiv and BibTeX samples are ingested, exported as CSL-JSON and as RIS,
# and each export is ingested into a fresh database; exporting that again
# must give the same papers with the same fields (title, authors, date,
# abstract, venue, volume, issue, pages, DOI, arXiv id, key, type).
#
# Compared on export's CSL-JSON, normalised in two ways only, both about
# what the formats can say rather than what the readers do:
#   - each author is compared as the sorted words of its name parts: a
#     BibTeX name such as "Thomas E. {Weir, Jr.}" is exported as family
#     "Thomas E. Weir", given "Jr.", which reads back as a name with the
#     same words in the order CSL and RIS give them;
#   - a page range open at its end ("9-") is its first page: RIS's SP/EP
#     have no way to say "and following".
. "$(dirname "$0")/lib.sh"
need_shared samples/arxiv-abs samples/bibtex

# every paper: no query term matches the never-used word
ALL=(--query "-zzqqxyzzynothing" --limit 1000000)
cat > "$TMP/norm.jq" <<'EOF'
[.[] | {id, type, title, issued, abstract, DOI, URL, number, volume, issue,
        venue: .["container-title"],
        page: (if .page then .page | sub("-$"; "") else null end),
        authors: [(.author // [])[] | [.literal, .given, .family, .suffix]
                  | map(select(.) | splits(" +")) | sort]}]
| sort_by(.id, .title)
EOF

test_expect "the sample and the shared arXiv and BibTeX samples are ingested and exported" '
    run 0 "$TMP/in.json" pdx ingest --json --db "$TMP/orig" "$DATA/sample" \
        "$SHARED/samples/arxiv-abs" "$SHARED/samples/bibtex"
    json_ok "$TMP/in.json" ".skipped == 0 and .papers > 1400"
    run 0 "$TMP/orig.csl.json" pdx export --db "$TMP/orig" --format csl-json "${ALL[@]}"
    run 0 "$TMP/orig.ris" pdx export --db "$TMP/orig" --format ris "${ALL[@]}"
    run 0 "$TMP/stats.json" pdx stats --json --db "$TMP/orig"
    json_ok "$TMP/orig.csl.json" "length == $(json_get "$TMP/stats.json" .papers)"'

N=$(jq length "$TMP/orig.csl.json" 2>/dev/null || echo 0)

for fmt in csl-json ris; do
    case $fmt in csl-json) file="$TMP/orig.csl.json" ;; ris) file="$TMP/orig.ris" ;; esac

    test_expect "the $fmt export reads back as $N papers, none skipped or merged" '
        run 0 "$TMP/$fmt.in.json" pdx ingest --json --db "$TMP/$fmt.db" "$file"
        json_ok "$TMP/$fmt.in.json" ".formats == {\"$fmt\": 1} and .records == $N and .added == $N and .merged == 0 and .skipped == 0"'

    test_expect "the $fmt export read back exports the same papers and fields" '
        run 0 "$TMP/$fmt.back.json" pdx export --db "$TMP/$fmt.db" --format csl-json "${ALL[@]}"
        jq -S -f "$TMP/norm.jq" "$TMP/orig.csl.json" > "$TMP/a.json"
        jq -S -f "$TMP/norm.jq" "$TMP/$fmt.back.json" > "$TMP/b.json"
        json_ok "$TMP/a.json" "length == $N and ([.[] | select(.abstract)] | length) > 900"
        if ! diff "$TMP/a.json" "$TMP/b.json" > "$TMP/diff"; then fail "differs: $(head -40 "$TMP/diff")"; fi'

    test_expect "papers read back from $fmt show the same title, authors, year, abstract and ids" '
        # arXiv papers whose names were written in LaTeX, a BibTeX one
        # with accents ("Özge Aksın"); ids both databases know
        for id in arXiv:0704.0001 arXiv:0704.0049 bib:aksin; do
            run 0 "$TMP/o.json" pdx show --json --db "$TMP/orig" "$id"
            run 0 "$TMP/c.json" pdx show --json --db "$TMP/$fmt.db" "$id"
            jq -s ".[0] as \$a | .[1] as \$b | \$a.title == \$b.title and \$a.authors == \$b.authors and \$a.year == \$b.year and \$a.date == \$b.date and \$a.abstract == \$b.abstract and \$a.ids.doi == \$b.ids.doi and \$a.ids.arxiv == \$b.ids.arxiv and \$a.venue == \$b.venue" "$TMP/o.json" "$TMP/c.json" > "$TMP/same"
            has_line "$TMP/same" "^true$"
        done'
done

test_done
