#!/bin/bash
# End-to-end: paperdex remove — by any id form, by --source (a file's
# contribution, merged papers kept with the other file's fields), the
# report in text and JSON, unknown and ambiguous ids, and a database that
# still passes check afterwards.
. "$(dirname "$0")/lib.sh"

# fresh NAME: a new database $TMP/NAME with the ids fixtures (4 papers:
# lattice.abs+lattice.bib merged, two "survey" papers, hep-th/9901001)
fresh() {
    run 0 "$TMP/$1.ingest" pdx ingest --json --db "$TMP/$1" "$DATA/ids" "$DATA/arxiv/hep-th_9901001.abs"
    json_ok "$TMP/$1.ingest" ".added == 4"
}

test_expect "remove takes the merged paper out by each form of its ids" '
    n=0
    for id in arXiv:0704.0001 0704.0001v2 https://arxiv.org/pdf/0704.0001v1.pdf \
              https://doi.org/10.5555/jcw.2008.31.245 http://dx.doi.org/10.5555/JCW.2008.31.245 \
              doi:10.5555/JCW.2008.31.245 okafor2008walks bib:okafor2008walks; do
        n=$((n + 1))
        fresh "f$n"
        run 0 "$TMP/r.json" pdx remove --json --db "$TMP/f$n" "$id"
        json_ok "$TMP/r.json" ".removed == [\"arXiv:0704.0001\"] and .updated == [] and .not_found == []"
        run 1 "$TMP/s" pdx show --db "$TMP/f$n" 0704.0001
        run 0 "$TMP/st.json" pdx stats --json --db "$TMP/f$n"
        json_ok "$TMP/st.json" ".papers == 3"
    done'

test_expect "an old-style arXiv id removes its paper" '
    fresh old
    run 0 "$TMP/r.json" pdx remove --json --db "$TMP/old" https://arxiv.org/abs/hep-th/9901001v2
    json_ok "$TMP/r.json" ".removed == [\"arXiv:hep-th/9901001\"]"'

test_expect "several ids in one call, one paper named twice is removed once" '
    fresh many
    run 0 "$TMP/r.json" pdx remove --json --db "$TMP/many" 0704.0001 okafor2008walks hep-th/9901001
    json_ok "$TMP/r.json" ".removed == [\"arXiv:0704.0001\", \"arXiv:hep-th/9901001\"]"
    run 0 "$TMP/st.json" pdx stats --json --db "$TMP/many"
    json_ok "$TMP/st.json" ".papers == 2"
    run 0 "$TMP/c" pdx check --db "$TMP/many"'

test_expect "the text report names each paper and the counts" '
    fresh text
    run 0 "$TMP/r.txt" pdx remove --db "$TMP/text" 0704.0001
    has_line "$TMP/r.txt" "^removed +arXiv:0704\.0001$"
    has_line "$TMP/r.txt" "^1 removed, 0 updated$"'

test_expect "remove --source of a file merged into a paper keeps the paper with the other file" '
    fresh src
    run 0 "$TMP/r.json" pdx remove --json --db "$TMP/src" --source "$DATA/ids/lattice.bib"
    json_ok "$TMP/r.json" ".removed == [] and .updated == [\"arXiv:0704.0001\"]"
    run 0 "$TMP/p.json" pdx show --json --db "$TMP/src" arXiv:0704.0001
    json_ok "$TMP/p.json" "(.sources|length) == 1 and (.sources[0]|test(\"lattice\\\\.abs:\")) and .title == \"Counting Lattice Walks Near a Reflecting Wall\" and .authors == [\"Mira Okafor\", \"Dané Petrov\"] and .ids.arxiv == \"0704.0001\" and .journal_ref != null"
    # what only the .bib gave went with it: key, journal name, volume, pages
    json_ok "$TMP/p.json" ".ids.bibtex == null and .volume == null and .pages == null and .venue == \"J. Comb. Walks 31 (2008) 245-260\" and .ids.doi == \"10.5555/JCW.2008.31.245\""
    run 1 "$TMP/s" pdx show --db "$TMP/src" okafor2008walks
    run 0 "$TMP/st.json" pdx stats --json --db "$TMP/src"
    json_ok "$TMP/st.json" ".papers == 4"
    run 0 "$TMP/c" pdx check --db "$TMP/src"
    has_line "$TMP/c" "no problems found"'

test_expect "when the other file changed since it was read, the merged paper keeps every field" '
    cp "$DATA/ids/lattice.abs" "$DATA/ids/lattice.bib" "$TMP/"
    run 0 "$TMP/i.json" pdx ingest --json --db "$TMP/chg" "$TMP/lattice.abs" "$TMP/lattice.bib"
    touch -d "2001-01-01 00:00" "$TMP/lattice.abs"
    run 0 "$TMP/r.json" pdx remove --json --db "$TMP/chg" --source "$TMP/lattice.bib"
    json_ok "$TMP/r.json" ".updated == [\"arXiv:0704.0001\"]"
    run 0 "$TMP/p.json" pdx show --json --db "$TMP/chg" 0704.0001
    json_ok "$TMP/p.json" "(.sources|length) == 1 and .ids.bibtex == \"okafor2008walks\" and .volume == \"31\""'

test_expect "remove --source of a file read alone deletes its papers, and a later ingest reads it again" '
    fresh alone
    run 0 "$TMP/r.json" pdx remove --json --db "$TMP/alone" --source "$DATA/ids/shared-a.bib"
    json_ok "$TMP/r.json" ".removed == [\"bib:survey\"] and .updated == []"
    run 0 "$TMP/st.json" pdx stats --json --db "$TMP/alone"
    json_ok "$TMP/st.json" ".papers == 3"
    run 0 "$TMP/p.json" pdx show --json --db "$TMP/alone" survey
    json_ok "$TMP/p.json" ".title == \"A Survey of Sand Dune Migration Models\""
    run 0 "$TMP/c" pdx check --db "$TMP/alone"
    run 0 "$TMP/again.json" pdx ingest --json --db "$TMP/alone" "$DATA/ids/shared-a.bib"
    json_ok "$TMP/again.json" ".added == 1"'

test_expect "remove --source of a file deleted since it was read still finds its papers" '
    cp "$DATA/ids/shared-b.bib" "$TMP/gone.bib"
    run 0 "$TMP/i.json" pdx ingest --json --db "$TMP/gone" "$TMP/gone.bib"
    rm "$TMP/gone.bib"
    run 0 "$TMP/r.json" pdx remove --json --db "$TMP/gone" --source "$TMP/gone.bib"
    json_ok "$TMP/r.json" ".removed == [\"bib:survey\"]"
    run 0 "$TMP/st.json" pdx stats --json --db "$TMP/gone"
    json_ok "$TMP/st.json" ".papers == 0"'

test_expect "a file the database never read is named on stderr, exit 1" '
    fresh never
    run 1 "$TMP/r.json" pdx remove --json --db "$TMP/never" --source "$DATA/export/papers.jsonl"
    json_ok "$TMP/r.json" ".removed == [] and .not_found == [\"$DATA/export/papers.jsonl\"]"
    has_line "$TMP/r.json.err" "nothing was read from .*papers\.jsonl"'

test_expect "unknown ids are named on stderr; exit 1 only when nothing was removed" '
    fresh unk
    run 1 "$TMP/r.json" pdx remove --json --db "$TMP/unk" 0704.9999 nokey
    json_ok "$TMP/r.json" ".removed == [] and .not_found == [\"0704.9999\", \"nokey\"]"
    has_line "$TMP/r.json.err" "no paper with id 0704\.9999"
    has_line "$TMP/r.json.err" "no paper with id nokey"
    run 0 "$TMP/r2.json" pdx remove --json --db "$TMP/unk" nokey hep-th/9901001
    json_ok "$TMP/r2.json" ".removed == [\"arXiv:hep-th/9901001\"] and .not_found == [\"nokey\"]"
    has_line "$TMP/r2.json.err" "no paper with id nokey"'

test_expect "an ambiguous key removes nothing and lists the candidates" '
    fresh amb
    run 1 "$TMP/r.json" pdx remove --json --db "$TMP/amb" survey
    json_ok "$TMP/r.json" ".removed == [] and .ambiguous == [\"survey\"]"
    has_line "$TMP/r.json.err" "ambiguous"
    has_line "$TMP/r.json.err" "bib:survey +A Survey of Tide Pools"
    has_line "$TMP/r.json.err" "bib:survey-2 +A Survey of Sand Dune"
    run 0 "$TMP/st.json" pdx stats --json --db "$TMP/amb"
    json_ok "$TMP/st.json" ".papers == 4"'

test_expect "usage errors exit 2; a missing database exit 4 and is not created" '
    run 2 "$TMP/e1" pdx remove --db "$TMP/x"
    has_line "$TMP/e1.err" "no paper ids"
    run 2 "$TMP/e2" pdx remove --db "$TMP/x" --source "$DATA/ids/lattice.bib" 0704.0001
    run 2 "$TMP/e3" pdx remove --db "$TMP/x" --source
    run 2 "$TMP/e4" pdx remove --db "$TMP/x" --frob 0704.0001
    run 4 "$TMP/e5" pdx remove --db "$TMP/nodb" 0704.0001
    [ ! -e "$TMP/nodb" ] || fail "remove created a database"
    run 0 "$TMP/h" pdx remove --help
    has_line "$TMP/h" "^Usage: paperdex remove"
    has_line "$TMP/h" "^Example: paperdex remove"'

test_done
