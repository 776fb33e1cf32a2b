#!/bin/bash
# End-to-end: the command line's daily use — partial success of an ingest,
# its summary and progress line, colour, and --help kept in step with the
# option parser.
. "$(dirname "$0")/lib.sh"
B="$TMP/in"
mkdir -p "$B"
# no_line FILE PATTERN: no line of FILE matches (`! grep` cannot fail a
# test: set -e ignores a negated command).
no_line() {
    if grep -Eq -- "$2" "$1"; then
        fail "a line matches '$2' in $1: $(grep -E -m1 -- "$2" "$1" | head -c 300)"
        return 1
    fi
}
one='{"title": "A Lone Paper On Careful Summaries", "authors": ["Ada Lone"], "abstract": "One."}'

# `ingest a.jsonl /no/such.txt` stored nothing from a.jsonl (exit 3, 0
# papers), though exit 3 means "everything readable was stored".
test_expect "a missing input does not cost the readable ones: they are stored, exit 3" '
    run 3 "$TMP/s.json" pdx ingest --json --db "$TMP/p1" "$DATA/jsonl/same-title.jsonl" "$B/no-such.txt"
    json_ok "$TMP/s.json" ".papers == 2 and .files_failed == 1"
    json_ok "$TMP/s.json" ".failed_inputs == [{\"path\": \"$B/no-such.txt\", \"error\": \"No such file or directory\"}]"
    run 0 "$TMP/st.json" pdx stats --json --db "$TMP/p1"
    json_ok "$TMP/st.json" ".papers == 2"'

test_expect "the text summary names every input not read, after the counts" '
    run 3 "$TMP/s" pdx ingest --db "$TMP/p2" "$B/no-such.txt" "$DATA/jsonl/same-title.jsonl" "$B/also-gone.bib"
    has_line "$TMP/s.err" "^read 1 file \(jsonl=1\): 3 records, 2 new, 1 merged, 0 skipped, 2 inputs not read; .* holds 2 papers$"
    has_line "$TMP/s.err" "^not read: .*/no-such.txt: No such file or directory$"
    has_line "$TMP/s.err" "^not read: .*/also-gone.bib: No such file or directory$"'

test_expect "an empty file named on the command line is an input not read (exit 3)" '
    : > "$B/empty.jsonl"
    run 3 "$TMP/s.json" pdx ingest --json --db "$TMP/p3" "$B/empty.jsonl" "$DATA/jsonl/same-title.jsonl"
    json_ok "$TMP/s.json" ".papers == 2 and .failed_inputs[0].error == \"empty file; nothing to read\""'

test_expect "an empty file met in a directory is skipped, not a failure (exit 0)" '
    mkdir -p "$B/dir"
    : > "$B/dir/empty.jsonl"
    cp "$DATA/jsonl/same-title.jsonl" "$B/dir/"
    run 0 "$TMP/s.json" pdx ingest --json --db "$TMP/p4" "$B/dir"
    json_ok "$TMP/s.json" ".papers == 2 and .files_skipped == 1 and .files_failed == 0 and .failed_inputs == []"'

test_expect "one record, one paper, one file: the summary says them in the singular" '
    echo "$one" > "$B/one.jsonl"
    run 0 "$TMP/s" pdx ingest --db "$TMP/p5" "$B/one.jsonl"
    has_line "$TMP/s.err" "^read 1 file \(jsonl=1\): 1 record, 1 new, 0 merged, 0 skipped; .* holds 1 paper$"
    run 0 "$TMP/o" pdx parse "$B/one.jsonl"
    has_line "$TMP/o.err" "^1 paper \(1 record\) from 1 file \(jsonl=1\)$"'

test_expect "--quiet hides the progress line, not the summary" '
    run 0 "$TMP/s" pdx ingest --quiet --db "$TMP/p6" "$B/one.jsonl"
    has_line "$TMP/s.err" "^read 1 file .* holds 1 paper$"'

test_expect "the progress line counts records, not papers" '
    awk "BEGIN { for (i = 0; i < 3000; i++) printf \"{\\\"title\\\": \\\"Progress %d\\\"}\\n{\\\"title\\\": \\\"Progress %d\\\"}\\n\", i % 7, i % 7 }" > "$B/dup.jsonl"
    run 0 "$TMP/t" script -qec "\"$PAPERDEX\" ingest --jobs 1 --db \"$TMP/p7\" \"$B/dup.jsonl\"" /dev/null
    has_line "$TMP/t" "6000 records"
    has_line "$TMP/t" "holds 7 papers"
    no_line "$TMP/t" "papers/s"'

test_expect "similar names the paper by its title, not its id" '
    run 0 "$TMP/s" pdx ingest --quiet --db "$TMP/p8" "$DATA/sample"
    run 0 "$TMP/h.json" pdx search --json --db "$TMP/p8" "graph neural power grid"
    id=$(json_get "$TMP/h.json" ".hits[0].id")
    title=$(json_get "$TMP/h.json" ".hits[0].title")
    run 0 "$TMP/sim" pdx similar --db "$TMP/p8" "$id"
    has_line "$TMP/sim" "papers? similar to .$title.\.$"'

test_expect "TERM=dumb and NO_COLOR turn bold off on a terminal; a plain terminal has it" '
    run 0 "$TMP/t" env -u NO_COLOR TERM=xterm script -qec "\"$PAPERDEX\" search --db \"$TMP/p8\" neural" /dev/null
    has_line "$TMP/t" "$(printf "\033")\[1m"
    run 0 "$TMP/t" env -u NO_COLOR TERM=dumb script -qec "\"$PAPERDEX\" search --db \"$TMP/p8\" neural" /dev/null
    no_line "$TMP/t" "$(printf "\033")"
    run 0 "$TMP/t" env NO_COLOR=1 TERM=xterm script -qec "\"$PAPERDEX\" search --db \"$TMP/p8\" neural" /dev/null
    no_line "$TMP/t" "$(printf "\033")"'

# The commands' --help printed one exit-code block for all (show's code 1
# under search), and search --help left out --offset, --json and --db.
# Every option the parser accepts is in the command's --help, and every
# option in it is accepted; the names come from the option table in
# tools/paperdex.c and from the help texts.
SRC_DIR="$DATA/../.."
COMMANDS="ingest parse search author coauthors similar show stats check compact rebuild export remove serve-shard"

# A value each kind of option takes (its placeholder in --help).
value_for() {
    case $1 in
    N) echo 1 ;; S) echo 0 ;; DIR) echo "$TMP/help-db" ;; F) echo jsonl ;;
    MAP) echo title=t ;; FILE) echo /dev/null ;; "relevance|date") echo date ;;
    "off|on|auto") echo off ;; QUERY) echo x ;; FORMAT) echo ris ;;
    *) echo "?" ;;
    esac
}

test_expect "every command's --help lists exactly the options its parser accepts" '
    grep -o "^    {\"--[a-z-]*\", [^,]*" "$SRC_DIR/tools/paperdex.c" | grep -o "\"-[-a-z]*\"" | tr -d "\"" | sort -u > "$TMP/all-opts"
    [ "$(wc -l < "$TMP/all-opts")" -ge 14 ]
    for c in $COMMANDS; do
        run 0 "$TMP/h" pdx $c --help
        has_line "$TMP/h" "^Usage: paperdex $c "
        has_line "$TMP/h" "^  -h, --help"
        # the option lines: "  [-x, ]--name [ARG]  text"
        sed -n "/^Options:/,/^Exit codes:/p" "$TMP/h" | grep -E "^  (-[a-z], )?--[a-z-]+" > "$TMP/lines"
        : > "$TMP/listed"
        while read -r line; do
            set -- $line
            if [ "${1%,}" != "$1" ]; then alias=${1%,}; shift; else alias=""; fi
            name=$1
            arg=""
            case ${2:-} in [A-Z]* | relevance* | off*) arg=$2 ;; esac
            [ "$name" = --help ] && continue
            printf "%s\n" "$name" >> "$TMP/listed"
            [ -z "$alias" ] || printf "%s\n" "$alias" >> "$TMP/listed"
            for o in $name $alias; do
                if [ -n "$arg" ]; then
                    run 0 "$TMP/acc" pdx $c "$o" "$(value_for "$arg")" --help
                else
                    run 0 "$TMP/acc" pdx $c "$o" --help
                fi
            done
        done < "$TMP/lines"
        sort -u -o "$TMP/listed" "$TMP/listed"
        # every option not listed is refused by the parser (search reads
        # "-x" as a word to exclude: only its long options are refused)
        for o in $(comm -23 "$TMP/all-opts" "$TMP/listed"); do
            [ "$c" = search ] && [ "${o#--}" = "$o" ] && continue
            run 2 "$TMP/rej" pdx $c "$o" x --help
            has_line "$TMP/rej.err" "unknown option"
        done
    done'

test_expect "each --help shows only its command's exit codes" '
    run 0 "$TMP/h" pdx search --help
    has_line "$TMP/h" "^  2  usage error or query syntax error$"
    no_line "$TMP/h" "no paper with that id"
    run 0 "$TMP/h" pdx show --help
    has_line "$TMP/h" "^  1  no paper with that id, or an id that names several$"
    no_line "$TMP/h" "query syntax"
    run 0 "$TMP/h" pdx parse --help
    no_line "$TMP/h" "^  4 "
    run 0 "$TMP/h" pdx --help
    has_line "$TMP/h" "^  1  no paper with that id, or an id that names several  \(show similar\)$"'

test_done
