#!/bin/bash
# End-to-end on pages copied from sites: profile pages and abstract streams
# (the project's fixtures), the shapes reported by parse and ingest, and
# standard input.  The user's seed pages: test_pages_shared.sh.
. "$(dirname "$0")/lib.sh"

test_expect "parse says which shape it read, per record and in its summary" '
    run 0 "$TMP/p.json" pdx parse --json "$DATA/profile/ruiz.txt" "$DATA/stream/lab-b.txt"
    jq -s -c "[.[].format] | unique" "$TMP/p.json" > "$TMP/f"
    [ "$(cat "$TMP/f")" = "[\"profile\",\"stream\"]" ]
    run 0 "$TMP/p.txt" pdx parse "$DATA/profile/ruiz.txt" "$DATA/stream/lab-b.txt"
    has_line "$TMP/p.txt" "format: *profile"
    has_line "$TMP/p.txt.err" "\(profile=1 stream=1\)"'

test_expect "--format overrides the shape found in the content" '
    run 0 "$TMP/p.json" pdx parse --json --format profile "$DATA/stream/lab-b.txt"
    json_ok "$TMP/p.json" ".format == \"profile\""'

test_expect "a page read from standard input gives the records of the file" '
    run 0 "$TMP/a.json" pdx parse --json "$DATA/stream/lab-a.txt" "$DATA/stream/lab-b.txt"
    run 0 "$TMP/b.json" pdx parse --json "$DATA/stream/lab-a.txt" - < "$DATA/stream/lab-b.txt"
    json_ok "$TMP/a.json" ".format == \"stream\""
    jq -S -c "del(.source, .sources)" "$TMP/a.json" | sort > "$TMP/files"
    jq -S -c "del(.source, .sources)" "$TMP/b.json" | sort > "$TMP/stdin"
    cmp "$TMP/files" "$TMP/stdin"'

test_expect "two stream pages of one site lose their shared template in the index" '
    run 0 "$TMP/i" pdx ingest --quiet "$DATA/stream/lab-a.txt" "$DATA/stream/lab-b.txt"
    run 0 "$TMP/a.json" pdx search --json "conservation wing"
    run 0 "$TMP/b.json" pdx search --json "Spindle Street"
    run 0 "$TMP/c.json" pdx search --json "third-party cookies"
    json_ok "$TMP/a.json" ".total == 0"
    json_ok "$TMP/b.json" ".total == 0"
    json_ok "$TMP/c.json" ".total == 1"'

test_expect "ingest counts the shapes it read" '
    run 0 "$TMP/i.json" pdx ingest --json "$DATA/profile/ruiz.txt" "$DATA/listing/loom-lab.txt"
    json_ok "$TMP/i.json" ".formats == {\"listing\": 1, \"profile\": 1}"'

test_expect "a paper on a profile page and a stream is one paper with both sources" '
    run 0 "$TMP/s.json" pdx search --json "shuttle timing dense cloth"
    json_ok "$TMP/s.json" ".hits[0].title == \"Shuttle Timing for Dense Cloth\""
    json_ok "$TMP/s.json" "[.hits[] | select(.title == \"Shuttle Timing for Dense Cloth\")] | length == 1"
    id=$(json_get "$TMP/s.json" ".hits[0].id")
    run 0 "$TMP/p.json" pdx show --json "$id"
    json_ok "$TMP/p.json" ".sources | length == 2"'

test_done
