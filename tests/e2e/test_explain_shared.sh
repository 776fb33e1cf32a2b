#!/bin/bash
# parse --explain on the user's seed pages (../shared/seeds): every line
# explained once, each paper's title and abstract lines labelled as such
# and holding that paper's text, no line left unclassified; a garbage
# line injected into the profile page's paper list is the one line
# reported.  (No seed text goes into the repository: the checks compare
# the page's own lines with what parse makes of them.)
. "$(dirname "$0")/lib.sh"
need_shared seeds
SEEDS="$SHARED/seeds"

test_expect "every line of every seed page is explained once, in order, none unclassified" '
    for f in "$SEEDS"/*; do
        run 0 "$TMP/e.json" pdx parse --explain --json "$f"
        jq -s . "$TMP/e.json" > "$TMP/e.arr"
        n=$(grep -c "" "$f")
        json_ok "$TMP/e.arr" "[.[].line] == [range(1; $n + 1)]"
        json_ok "$TMP/e.arr" "[.[] | select(.kind == \"unclassified\")] == []"
        no_line "$TMP/e.json.err" "not understood"
    done'

# Each title line of a page must hold the title of the paper it is said
# to go to (a listing's title is glued to its authors: the line starts
# with it), and each paper must have a title or abstract line.
test_expect "title lines hold the titles of the papers they go to" '
    for f in "$SEEDS"/*; do
        run 0 "$TMP/e.json" pdx parse --explain --json "$f"
        run 0 "$TMP/p.json" pdx parse --json "$f"
        jq -r "select(.kind == \"title\") | \"\(.line) \(.paper)\"" "$TMP/e.json" > "$TMP/titles"
        while read -r line paper; do
            text=$(sed -n "${line}p" "$f" | tr -d "\r")
            jq -s ".[$paper - 1]" "$TMP/p.json" > "$TMP/one.json"
            title=$(json_get "$TMP/one.json" .title)
            derived=$(json_get "$TMP/one.json" .title_derived)
            text=${text#"${text%%[![:space:]]*}"}
            case "$derived:$text" in
            true:*) ;;
            "false:$title"*) ;;
            *) fail "line $line of $f is not the title of paper $paper: $title" ;;
            esac
        done < "$TMP/titles"
        n=$(jq -s length "$TMP/p.json")
        jq -s "[.[] | select(.kind == \"title\" or .kind == \"abstract\") | .paper] | unique" \
            "$TMP/e.json" > "$TMP/papers.json"
        json_ok "$TMP/papers.json" ". == [range(1; $n + 1)]"
    done'

test_expect "a garbage line injected into the profile page list is reported, and only it" '
    page=$(grep -l "^Publications" "$SEEDS"/* | head -n 1)
    run 0 "$TMP/e.json" pdx parse --explain --json "$page"
    # after the first abstract of the list
    at=$(jq -s "[.[] | select(.kind == \"abstract\") | .line][0]" "$TMP/e.json")
    sed "${at}a asdf qwer zxcv" "$page" > "$TMP/page.txt"
    want=$((at + 1))
    run 0 "$TMP/g.txt" pdx parse "$TMP/page.txt"
    has_line "$TMP/g.txt.err" "^1 line not understood in .*page\.txt:$want; see paperdex parse --explain"
    run 0 "$TMP/g.json" pdx ingest --json --db "$TMP/gdb" "$TMP/page.txt"
    json_ok "$TMP/g.json" ".unclassified_lines == 1 and .unclassified[0].lines == [[$want, $want]]"
    run 0 "$TMP/a.txt" pdx parse "$page"
    run 0 "$TMP/b.txt" pdx parse "$TMP/page.txt"
    has_line "$TMP/a.txt.err" "^6 papers"
    has_line "$TMP/b.txt.err" "^6 papers"'

test_done
