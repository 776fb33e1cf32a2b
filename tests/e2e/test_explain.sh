#!/bin/bash
# parse --explain: what each line of an input was taken as, the paper it
# went to and why; and the lines nobody understood, named in the summary
# of parse and ingest and in ingest --json.  A page reader used to drop a
# line that fit no entry without a word (issue "Nothing lost silently").
. "$(dirname "$0")/lib.sh"
RUIZ="$DATA/profile/ruiz.txt"
GARBAGE="$DATA/explain/stream-garbage.txt"

# Slurps a stream of JSON objects into one array, for checks on the
# whole stream (json_ok checks each value alone).
slurp() { jq -s . "$1" > "$2"; }

test_expect "every line of a profile page is explained once, in order" '
    run 0 "$TMP/r.json" pdx parse --explain --json "$RUIZ"
    json_ok "$TMP/r.json" "(.file | endswith(\"ruiz.txt\")) and (.line | type == \"number\")
        and (.kind | type == \"string\") and (.reason | length > 0)
        and (.paper == null or (.paper | type == \"number\"))"
    slurp "$TMP/r.json" "$TMP/r.arr"
    n=$(wc -l < "$RUIZ")
    json_ok "$TMP/r.arr" "[.[].line] == [range(1; $n + 1)]"'

test_expect "titles, authors and abstracts of known papers are labelled as such" '
    run 0 "$TMP/r.json" pdx parse --explain --json "$RUIZ"
    slurp "$TMP/r.json" "$TMP/r.arr"
    json_ok "$TMP/r.arr" "(map(select(.line == 29))[0] | .kind == \"title\" and .paper >= 1)
        and ([.[] | select(.line >= 20 and .line <= 28) | .kind] | unique == [\"author\"])
        and (map(select(.line == 30))[0].kind == \"abstract\")
        and (map(select(.line == 30))[0].paper == map(select(.line == 29))[0].paper)
        and (map(select(.line == 47))[0] | .kind == \"chrome\" and .paper == null)"
    # the paper number is the record parse prints in that place
    run 0 "$TMP/p.json" pdx parse --json "$RUIZ"
    k=$(jq -s "map(select(.line == 29))[0].paper" "$TMP/r.json")
    jq -s ".[$k - 1]" "$TMP/p.json" > "$TMP/p1.json"
    json_eq "$TMP/p1.json" .title "Sparse Weaving with Fewer Threads"'

test_expect "the text form: a line per input line under a line naming the file" '
    run 0 "$TMP/t.txt" pdx parse --explain "$RUIZ" "$GARBAGE"
    has_line "$TMP/t.txt" "^== .*/ruiz\.txt ==$"
    has_line "$TMP/t.txt" "^== .*/stream-garbage\.txt ==$"
    has_line "$TMP/t.txt" "^ +29  title +paper [0-9]+ +shaped like a title"
    has_line "$TMP/t.txt" "^ +8  unclassified +- +inside the list"
    n=$(( $(wc -l < "$RUIZ") + $(wc -l < "$GARBAGE") + 2 ))
    lines "$TMP/t.txt" "$n"'

test_expect "a garbage line in a stream is the one line reported, by parse and ingest" '
    run 0 "$TMP/g.txt" pdx parse "$GARBAGE"
    has_line "$TMP/g.txt.err" "^1 line not understood in .*stream-garbage\.txt:8; see paperdex parse --explain .*stream-garbage\.txt$"
    run 0 "$TMP/g.json" pdx parse --explain --json "$GARBAGE"
    slurp "$TMP/g.json" "$TMP/g.arr"
    json_ok "$TMP/g.arr" "[.[] | select(.kind == \"unclassified\") | .line] == [8]"
    run 0 "$TMP/i.json" pdx ingest --json --db "$TMP/gdb" "$GARBAGE"
    json_ok "$TMP/i.json" ".unclassified_lines == 1 and (.unclassified | length) == 1
        and (.unclassified[0].file | endswith(\"stream-garbage.txt\"))
        and .unclassified[0].lines == [[8, 8]] and .unclassified[0].count == 1"'

test_expect "a garbage line injected into a profile page list is reported, and only it" '
    # after the abstract of the third paper (line 33)
    sed "33a asdf qwer zxcv" "$RUIZ" > "$TMP/ruiz-garbage.txt"
    run 0 "$TMP/g.txt" pdx parse "$TMP/ruiz-garbage.txt"
    has_line "$TMP/g.txt.err" "^1 line not understood in .*ruiz-garbage\.txt:34; "
    run 0 "$TMP/i.json" pdx ingest --json --db "$TMP/rdb" "$TMP/ruiz-garbage.txt"
    json_ok "$TMP/i.json" ".unclassified_lines == 1 and .unclassified[0].lines == [[34, 34]]"
    run 0 "$TMP/c.json" pdx parse --explain --json "$RUIZ"
    slurp "$TMP/c.json" "$TMP/c.arr"
    json_ok "$TMP/c.arr" "[.[] | select(.kind == \"unclassified\")] == []"'

test_expect "a clean page has no unclassified lines, in the summary nor in ingest --json" '
    run 0 "$TMP/c.txt" pdx parse "$RUIZ"
    no_line "$TMP/c.txt.err" "not understood"
    run 0 "$TMP/c.json" pdx ingest --json --db "$TMP/cdb" "$RUIZ"
    json_ok "$TMP/c.json" ".unclassified == [] and .unclassified_lines == 0"'

test_expect "parse --json keeps its records on stdout and names the lines on stderr" '
    run 0 "$TMP/j.json" pdx parse --json "$GARBAGE"
    json_ok "$TMP/j.json" ".id and .title != null"
    has_line "$TMP/j.json.err" "^1 line not understood in .*stream-garbage\.txt:8;"'

test_expect "papers are unchanged by --explain: the same summary, every paper explained" '
    for f in "$RUIZ" "$GARBAGE" "$DATA/stream/versions.txt" "$DATA/listing/see-more.txt"; do
        run 0 "$TMP/a.txt" pdx parse "$f"
        run 0 "$TMP/b.txt" pdx parse --explain "$f"
        cmp "$TMP/a.txt.err" "$TMP/b.txt.err"
        run 0 "$TMP/a.json" pdx parse --json "$f"
        run 0 "$TMP/b.json" pdx parse --explain --json "$f"
        n=$(jq -s length "$TMP/a.json")
        slurp "$TMP/b.json" "$TMP/b.arr"
        json_ok "$TMP/b.arr" "[.[].paper | select(. != null)] | unique == [range(1; $n + 1)]"
    done'

test_expect "structured inputs are explained record by record" '
    run 3 "$TMP/m.json" pdx parse --explain --json "$DATA/jsonl/mixed.jsonl"
    slurp "$TMP/m.json" "$TMP/m.arr"
    json_ok "$TMP/m.arr" "(map(select(.line == 1))[0] | .kind == \"record\" and .paper == 1)
        and (map(select(.line == 2))[0].kind == \"skipped\")
        and (map(select(.line == 5))[0] | .kind == \"record\" and .paper == 2)
        and ([.[].line] == [range(1; length + 1)])"
    no_line "$TMP/m.json.err" "not understood"'

test_expect "only parse takes --explain" '
    expect_exit 2 pdx ingest --explain "$RUIZ"
    run 2 "$TMP/e.txt" pdx search --explain loom
    has_line "$TMP/e.txt.err" "unknown option .--explain."'

test_done
