#!/bin/bash
# End-to-end: paperdex ingest — summaries, merging, idempotence, errors,
# the progress line, --format and --field-map.
. "$(dirname "$0")/lib.sh"

test_expect "ingesting the sample stores every paper once" '
    run 0 "$TMP/sum.json" pdx ingest --json "$DATA/sample"
    json_ok "$TMP/sum.json" ".papers == 12 and .records == 13 and .merged == 1 and .added == 12"
    json_ok "$TMP/sum.json" ".formats.listing == 1 and .formats.jsonl == 1 and .files == 2 and .skipped == 0"'

test_expect "ingesting the same files again changes nothing" '
    run 0 "$TMP/a.json" pdx stats --json
    run 0 "$TMP/i.json" pdx ingest --json "$DATA/sample"
    json_ok "$TMP/i.json" ".files_unchanged == 2 and .records == 0 and .papers == 12"
    run 0 "$TMP/b.json" pdx stats --json
    cmp "$TMP/a.json" "$TMP/b.json"'

test_expect "the summary says which shape was read and how many papers the database holds" '
    run 0 "$TMP/o" pdx ingest "$DATA/listing/joins.txt"
    has_line "$TMP/o.err" "listing=1"
    has_line "$TMP/o.err" "holds 19 papers"'

# The progress line is drawn on a terminal only: script(1) gives one.
# --quiet hides the progress line only: the summary is the answer.
test_expect "the progress line shows on a terminal without --quiet, not with it" '
    command -v script > /dev/null || fail "script(1) (util-linux) is needed"
    run 0 "$TMP/p" script -qec "\"$PAPERDEX\" ingest --db \"$TMP/p.db\" --batch 2 \"$DATA/query/papers.jsonl\"" /dev/null
    has_line "$TMP/p" "\(100%\) +8 records +[0-9]+ records/s"
    has_line "$TMP/p" "holds 8 papers"
    run 0 "$TMP/q" script -qec "\"$PAPERDEX\" ingest --quiet --db \"$TMP/q.db\" \"$DATA/query/papers.jsonl\"" /dev/null
    no_line "$TMP/q" "records/s"
    has_line "$TMP/q" "holds 8 papers"
    run 0 "$TMP/s.json" pdx stats --json --db "$TMP/q.db"
    json_ok "$TMP/s.json" ".papers == 8"'

test_expect "standard input can be ingested" '
    head -1 "$DATA/jsonl/mixed.jsonl" > "$TMP/one.jsonl"
    run 0 "$TMP/s.json" pdx ingest --quiet --json - < "$TMP/one.jsonl"
    json_ok "$TMP/s.json" ".added == 1"'

test_expect "--format forces a reader; an unknown one is a usage error" '
    run 0 "$TMP/s.json" pdx ingest --json --db "$TMP/f.db" --format jsonl "$DATA/query/papers.jsonl"
    json_ok "$TMP/s.json" ".formats == {\"jsonl\": 1} and .papers == 8"
    run 0 "$TMP/t.json" pdx ingest --json --db "$TMP/g.db" --format bibtex "$DATA/query/papers.jsonl"
    json_ok "$TMP/t.json" ".formats == {\"bibtex\": 1} and .added == 0"
    expect_exit 2 pdx ingest --db "$TMP/h.db" --format nosuch "$DATA/query/papers.jsonl"'

test_expect "--field-map feeds the named columns; a bad map is a usage error" '
    run 0 "$TMP/s.json" pdx ingest --json --db "$TMP/m.db" --field-map "title=paper_name,authors=writers,year=yr,id=ref" "$DATA/table/custom.csv"
    json_ok "$TMP/s.json" ".papers == 2 and .skipped == 0"
    run 0 "$TMP/p.json" pdx show --db "$TMP/m.db" --json R-7
    json_ok "$TMP/p.json" ".authors == [\"Ana Silva\", \"Bo Li\"]"
    expect_exit 3 pdx ingest --json --db "$TMP/n.db" "$DATA/table/custom.csv" > "$TMP/n.json" 2> "$TMP/n.err"
    expect_exit 2 pdx ingest --db "$TMP/n.db" --field-map "colour=red" "$DATA/table/custom.csv"'

test_expect "a bad line is reported with file and line, the rest is stored, exit 3" '
    expect_exit 3 pdx ingest --quiet --json "$DATA/jsonl/mixed.jsonl" > "$TMP/s.json" 2> "$TMP/err"
    has_line "$TMP/err" "mixed.jsonl:2: invalid JSON"
    has_line "$TMP/err" "mixed.jsonl:8:"
    json_ok "$TMP/s.json" ".skipped == 4"
    run 0 "$TMP/p.json" pdx show --json "doi:10.1234/EXAMPLE.5"
    json_ok "$TMP/p.json" ".title == \"No Abstract, Still a Paper\""'

test_expect "a missing input is an input error that names it" '
    expect_exit 3 pdx ingest "$TMP/no-such-file.txt" 2> "$TMP/err"
    has_line "$TMP/err" "no-such-file.txt"'

test_expect "a file of no known shape named on the command line fails with exit 3" '
    printf "just some words\nand more\n" > "$TMP/notes.txt"
    expect_exit 3 pdx ingest "$TMP/notes.txt" 2> "$TMP/err"
    has_line "$TMP/err" "not a known format"'

test_expect "a directory that is not a paperdex database is refused and untouched" '
    mkdir "$TMP/other"
    echo keep > "$TMP/other/file"
    expect_exit 4 pdx ingest --db "$TMP/other" "$DATA/sample" 2> "$TMP/err"
    has_line "$TMP/err" "not a paperdex database"
    [ "$(ls "$TMP/other")" = file ]'

test_expect "an unknown option or a bad count is a usage error" '
    expect_exit 2 pdx ingest --frobnicate "$DATA/sample" 2> "$TMP/err"
    has_line "$TMP/err" "unknown option"
    expect_exit 2 pdx ingest --batch x "$DATA/sample"
    expect_exit 2 pdx ingest --jobs 0 "$DATA/sample"
    expect_exit 2 pdx ingest --wait x "$DATA/sample"'

test_done
