#!/bin/bash
# End-to-end: every command with every documented option (paperdex CMD
# --help, README), at edge values: --limit 0/1/huge, --offset 0/1/past
# the end, empty and unbalanced queries, unknown ids, bad values.  Each
# call must end with an exit code from the documented set (0 done, 1 not
# found, 2 usage/query syntax, 3 bad input, 4 database; never a crash),
# and whatever --json prints must parse.  Invariants: the total of a
# search does not depend on --limit, --offset or --sort.
. "$(dirname "$0")/lib.sh"
setup pdx ingest --quiet "$DATA/sample" "$DATA/listing/joins.txt"
ID=rl-02            # a paper of the sample (tests/data/sample)
NAME="Oksana Bilyk" # one of its authors' coauthors

# try CODES ARGS...: runs paperdex ARGS; its exit code is one of CODES
# ("0|2"); with --json, an answer of 0 must be JSON that parses (parse may
# find no record: nothing), and any other answer prints nothing or JSON.
n=0
try() {
    codes=$1
    shift
    n=$((n + 1))
    run_in "$codes" "$TMP/try$n" pdx "$@"
    case " $* " in
    *" --json "*)
        if [ -s "$TMP/try$n" ] || { [ "$RUN_CODE" = 0 ] && [ "$1" != parse ]; }; then
            json_ok "$TMP/try$n" "true"
        fi ;;
    esac
}

test_expect "search: each option at edge values ends in a documented way" '
    for q in depth "year:2018..2024" zzyzx "\"event cameras\""; do
        try 0 search --json "$q"
        try 0 search "$q"
        for l in 1 5 10 100000; do
            try 0 search --json --limit $l "$q"
            try 0 search --json -n $l "$q"
        done
        try "0|2" search --json --limit 0 "$q"
        for s in relevance date; do
            try 0 search --json --sort $s "$q"
            try 0 search --json --sort $s --facets "$q"
            try 0 search --sort $s --facets "$q"
        done
        try 0 search --json --offset 0 "$q"
    done
    for q in "" " " "(" ")" "\"" "AND" "OR x" "x AND" "title:" "*" "-" "--" "year:" "year:abc" "year:2020..2010" \
             "has:" "has:nothing" "category:" "((((((((((x))))))))))" "NOT" "a NOT" "author:\"\"" "é" "\\"; do
        try "0|2" search --json "$q"
        try "0|2" search "$q"
    done
    try 2 search --json
    try 2 search --sort nosuch x
    try 2 search --limit -1 x
    try 2 search --limit abc x
    try 2 search --offset -1 x
    try 2 search --limit
    try 2 search --nosuch x
    try 4 search --db "$TMP/none" --json x'

# A search'"'"'s total counts what the query matches, whatever the page: the
# fixture is far below the 1,000 matches past which it may be an estimate,
# so it is exact ("total_exact": true) on every page.
test_expect "search: the total does not depend on --limit, --sort or --facets" '
    for q in depth "year:2018..2024" zzyzx graph "title:nerf"; do
        run 0 "$TMP/all.json" pdx search --json --limit 100000 "$q"
        json_ok "$TMP/all.json" "(.hits|length) == .total and ([.hits[].rank] == [range(1; .total + 1)])"
        t=$(json_get "$TMP/all.json" .total)
        for args in "--limit 100000 --sort date" "--limit 100000 --sort relevance" "--limit 100000 --facets" \
                    "--limit 100000 --offset 0" "-n 100000" "--limit $((t + 1))" "--limit $((t + 1)) --sort date"; do
            run 0 "$TMP/v.json" pdx search --json $args "$q"
            json_ok "$TMP/v.json" ".total == $t and (.hits|length) == $t"
        done
        for l in 1 2 5; do
            run 0 "$TMP/v.json" pdx search --json --limit $l "$q"
            json_ok "$TMP/v.json" "(.hits|length) == ([$l, $t] | min) and .total == $t and .total_exact == true"
            run 0 "$TMP/w.json" pdx search --json --limit $l --sort date "$q"
            json_ok "$TMP/w.json" "(.hits|length) == ([$l, $t] | min) and .total == $t and .total_exact == true"
        done
        run 0 "$TMP/f.json" pdx search --json --facets --limit 1 "$q"
        json_ok "$TMP/f.json" ".total == $t"
    done'

# A regression test: any --offset > 0 crashed search and similar (a
# Xapian 1.4.22 bug in MSet::fetch, worked around in the shim).
test_expect "search: --offset 1, 5 and past the end keep the total and page the hits" '
    for q in depth "year:2018..2024" zzyzx; do
        run 0 "$TMP/all.json" pdx search --json --limit 100000 "$q"
        t=$(json_get "$TMP/all.json" .total)
        for o in 1 5 1000; do
            for s in relevance date; do
                run 0 "$TMP/o.json" pdx search --json --sort $s --offset $o --limit 100000 "$q"
                json_ok "$TMP/o.json" ".total == $t and (.hits|length) == ([0, $t - $o] | max)"
            done
        done
    done'

test_expect "author: each option at edge values ends in a documented way" '
    for a in "Amara N. Okafor" "A. Okafor" "Okafor, Amara" "Nobody Here" "Jörg Wendel"; do
        for o in "" "--exact" "--limit 1" "--limit 100000" "--sort date" "--sort relevance" "--offset 0" "-n 1"; do
            try 0 author --json $o "$a"
            try 0 author $o "$a"
        done
        try "0|2" author --json --limit 0 "$a"
    done
    for a in "" "..." "," "-" "x" "é"; do
        try "0|2" author --json "$a"
    done
    try 2 author
    try 2 author --sort nosuch x
    try 2 author --limit x "A. Okafor"
    try 4 author --db "$TMP/none" x'

test_expect "author: the total does not depend on --limit or --sort" '
    run 0 "$TMP/a.json" pdx author --json "A. Okafor"
    t=$(json_get "$TMP/a.json" .total)
    [ "$t" -ge 2 ]
    for args in "--limit 1" "--sort date" "--sort date --limit 1" "--limit 100000"; do
        run 0 "$TMP/v.json" pdx author --json $args "A. Okafor"
        json_ok "$TMP/v.json" ".total == $t"
    done
    run 0 "$TMP/l.json" pdx author --json --limit 1 "A. Okafor"
    json_ok "$TMP/l.json" "(.hits|length) == 1"'

test_expect "coauthors: each option at edge values ends in a documented way" '
    for a in "$NAME" "Nobody Here" "A. Okafor"; do
        for o in "" "--exact" "--min 0" "--min 1" "--min 2" "--min 100000" "--exact --min 2"; do
            try 0 coauthors --json $o "$a"
            try 0 coauthors $o "$a"
        done
    done
    run 0 "$TMP/m.json" pdx coauthors --json --min 2 "$NAME"
    json_ok "$TMP/m.json" "all(.coauthors[]; .papers >= 2)"
    try 2 coauthors --min x "$NAME"
    try 2 coauthors --min -1 "$NAME"
    try 2 coauthors
    try "0|2" coauthors --json ""
    try 4 coauthors --db "$TMP/none" "$NAME"'

test_expect "similar: each option at edge values ends in a documented way" '
    for o in "" "--limit 1" "--limit 100000" "--facets" "--facets --limit 1" "--offset 0" "-n 2"; do
        try 0 similar --json $o "$ID"
        try 0 similar $o "$ID"
    done
    run 0 "$TMP/s.json" pdx similar --json --limit 100000 "$ID"
    t=$(json_get "$TMP/s.json" .total)
    json_ok "$TMP/s.json" "(.hits|length) == $t"
    for o in "--limit 100000 --facets" "--facets --limit 1" "-n 100000"; do
        run 0 "$TMP/v.json" pdx similar --json $o "$ID"
        json_ok "$TMP/v.json" ".total == $t and .query == \"$ID\""
    done
    run 0 "$TMP/v.json" pdx similar --json --limit 1 "$ID"
    json_ok "$TMP/v.json" "(.hits|length) == 1 and .total >= 1"
    try 1 similar --json no-such-id
    try 1 similar no-such-id
    try "1|2" similar ""
    try 2 similar
    try 2 similar --limit x "$ID"
    try 4 similar --db "$TMP/none" "$ID"'

test_expect "show: any id form, unknown ids, bad use" '
    try 0 show --json "$ID"
    try 0 show "$ID"
    run 0 "$TMP/s.json" pdx show --json "$ID"
    json_ok "$TMP/s.json" ".id == \"$ID\""
    for id in no-such-id "" " " "doi:" "arXiv:" "arXiv:0000.00000" "doi:10.0/none" "http://arxiv.org/abs/0000.00000" "é" \
              "pmid:" "pmid:99999999" "PMID: x" "PMC" "PMC99999999" "https://pubmed.ncbi.nlm.nih.gov/" "wos:" "isbn:" "12345"; do
        try "1|2" show --json "$id"
    done
    try 2 show
    try 2 show --nosuch "$ID"
    try 4 show --db "$TMP/none" "$ID"'

test_expect "stats, check, compact: with and without --json, on a missing database" '
    try 0 stats --json
    try 0 stats
    try 0 check --json
    try 0 check
    cp -r "$PAPERDEX_DB" "$TMP/copy"
    try 0 compact --db "$TMP/copy"
    try 0 check --json --db "$TMP/copy"
    for c in stats check compact; do
        try 4 $c --db "$TMP/none"
        try 2 $c --nosuch
        try 2 $c extra-argument
    done
    try 4 check --json --db "$TMP/none"
    try 4 stats --json --db "$TMP/none"'

test_expect "ingest and parse: each option at edge values ends in a documented way" '
    for f in listing profile stream jsonl arxiv bibtex csv tsv html csl-json ris medline labelled; do
        try "0|3" parse --json --format $f "$DATA/listing/joins.txt"
    done
    try 0 parse --json "$DATA/listing/joins.txt"
    try 0 parse "$DATA/listing/joins.txt"
    try 3 parse --json "$TMP/none.txt"
    try 2 parse
    try 2 parse --format nosuch "$DATA/listing/joins.txt"
    try 2 parse --field-map "nosuch=x" "$DATA/table/custom.csv"
    try "2|3" parse --field-map "" "$DATA/table/custom.csv"
    try 0 parse --json --field-map "title=paper_name" "$DATA/table/custom.csv"
    for f in "$DATA/listing/joins.txt" "$DATA/explain/stream-garbage.txt" "$DATA/table/wos.tsv"; do
        try 0 parse --explain "$f"
        try 0 parse --explain --json "$f"
    done
    try "0|3" parse --explain --json --format stream "$DATA/listing/joins.txt"
    try 3 parse --explain --json "$TMP/none.txt"
    try 2 parse --explain
    try 2 parse --explain=yes "$DATA/listing/joins.txt"
    try 2 ingest --explain "$DATA/sample"
    for b in 1 2 100000; do try 0 ingest --json --db "$TMP/b$b" --batch $b "$DATA/sample"; done
    for j in 1 2 64; do try 0 ingest --json --db "$TMP/j$j" --jobs $j "$DATA/sample"; done
    try 0 ingest --json --db "$TMP/js" --shards 3 --jobs 2 "$DATA/sample"
    try 0 ingest --json --db "$TMP/w" --wait 0 "$DATA/sample"
    try 0 ingest --quiet --db "$TMP/q" "$DATA/sample"
    try 0 ingest --json --db "$TMP/f" --format jsonl "$DATA/query/papers.jsonl"
    try 0 ingest --json --db "$TMP/fc" --format csl-json "$DATA/csljson/pandoc.json"
    try 0 ingest --json --db "$TMP/fr" --format ris "$DATA/ris/wos.ris"
    try 3 parse --json --format ris "$DATA/csljson/pandoc.json"
    try 0 ingest --json --db "$TMP/fp" --format medline "$DATA/medline/pubmed.nbib"
    try 3 parse --json --format medline "$DATA/csljson/pandoc.json"
    try 0 ingest --json --db "$TMP/m" --field-map "title=paper_name,authors=writers" "$DATA/table/custom.csv"
    try "2|3" ingest --db "$TMP/e"
    try "0|2" ingest --batch 0 "$DATA/sample"
    try 2 ingest --batch x "$DATA/sample"
    for j in 0 65 x; do try 2 ingest --jobs $j "$DATA/sample"; done
    for k in 2 1024; do try 0 ingest --json --db "$TMP/s$k" --shards $k "$DATA/sample"; done
    try 0 ingest --json --db "$TMP/s2" --shards 2 "$DATA/sample"
    for k in 0 1 1025 x; do try 2 ingest --db "$TMP/sx" --shards $k "$DATA/sample"; done
    try 0 ingest --db "$TMP/s2" --shards 3 "$DATA/sample"   # adds a shard
    try 2 ingest --db "$TMP/s2" --shards 2 "$DATA/sample"   # none taken away
    try 4 ingest --db "$TMP/w" --shards 2 "$DATA/sample"
    for c in "search depth" "author Okafor" "coauthors Okafor" "similar nosuch" stats; do
        run_in "0|1" "$TMP/ap" pdx $c --allow-partial --json --db "$TMP/s2"
    done
    try 4 search --allow-partial --db "$TMP/none" depth
    try 2 serve-shard
    try 2 serve-shard --port 0
    try 2 serve-shard --port 65536
    try 2 serve-shard --port x
    try 2 serve-shard --port 1 extra
    try 2 serve-shard --db "$TMP/s2" --port 1 --interface 127.0.0.1 --writable
    try 4 serve-shard --db "$TMP/none" --port 1
    run 0 "$TMP/sh" pdx serve-shard --help
    try 2 ingest --format nosuch "$DATA/sample"
    try 3 ingest --json --db "$TMP/n" "$TMP/none.txt"
    try 4 ingest --db "$DATA/sample" "$DATA/query/papers.jsonl"'

test_expect "eval: each option at edge values ends in a documented way" '
    try 0 eval --json "$DATA/beir"
    try 0 eval "$DATA/beir"
    for o in "--depth 1" "--depth 100000" "--fb-docs 0" "--weighting lm" "--k1 0" "--b 1" \
             "--near-window 1" "--fb-terms 0" "--fb-max-df 0" "--title-wdf 0" "--stopwords keep" \
             "--fb-depth 0" "--fb-widen 0" "--fb-widen-terms 1"; do
        try 0 eval --json $o "$DATA/beir"
    done
    try 0 eval --per-query "$DATA/beir"
    try 0 eval --json --run "$TMP/run" "$DATA/beir"
    [ -s "$TMP/run" ]
    try "2|3" eval --json --qrels "$TMP/none.tsv" "$DATA/beir"
    try 3 eval --json "$TMP"
    try 2 eval
    try 2 eval --depth x "$DATA/beir"
    try 2 eval --nosuch "$DATA/beir"'

test_expect "search and similar: --exact-count and --feedback at every value" '
    for q in depth zzyzx "year:2018..2024"; do
        try 0 search --json --exact-count "$q"
        run 0 "$TMP/ec" pdx search --json --exact-count "$q"
        json_ok "$TMP/ec" ".total_exact == true"
        for f in off on auto; do
            try 0 search --json --feedback $f "$q"
            try 0 search --feedback $f --limit 0 "$q"
            run 0 "$TMP/fb.json" pdx search --json --feedback $f --limit 100000 "$q"
            run 0 "$TMP/o" pdx search --json --feedback off --limit 100000 "$q"
            # feedback may add related papers, never change what matches
            json_eq "$TMP/fb.json" .total "$(json_get "$TMP/o" .total)"
        done
    done
    try 2 search --feedback sometimes x
    try 2 search --feedback
    try 0 similar --json --exact-count "$ID"
    try 0 author --json --exact-count "$NAME"'

test_expect "export: each option at edge values ends in a documented way" '
    for f in bibtex ris csl-json; do
        try 0 export --format $f "$ID"
        try 0 export --format $f --query depth
        try 0 export --format $f --query depth --limit 1
        try 0 export --format $f --query zzyzx
        try 1 export --format $f no-such-id
        try 1 export --format $f "$ID" no-such-id
    done
    try 0 export -n 100000 --query depth
    try 2 export --query "(" 
    try 2 export --format nosuch "$ID"
    try 2 export --format
    try 2 export
    try 2 export --query ""
    try 2 export --limit 2 "$ID"
    try 2 export --query depth "$ID"
    try 4 export --db "$TMP/none" "$ID"'

test_expect "remove and rebuild: each option ends in a documented way" '
    export PAPERDEX_DB="$TMP/rm"
    run 0 "$TMP/i" pdx ingest --quiet "$DATA/sample"
    try 1 remove --json no-such-id
    try 1 remove no-such-id
    try 1 remove --json --source "$TMP/never-read.txt"
    try 0 remove --json "$ID"
    try 1 remove --json "$ID"
    try 0 remove --source "$DATA/sample/lab-listing.txt"
    try 2 remove
    try 2 remove --source
    try 2 remove --source x "$ID"
    try 4 remove --db "$TMP/none" "$ID"
    try 0 rebuild --json
    try 0 rebuild --quiet
    try 0 rebuild
    try 2 rebuild extra-argument
    try 4 rebuild --db "$TMP/none"
    run 0 "$TMP/c" pdx check'

test_expect "serve: every option is taken, a bad value refused" '
    for o in "--listen 127.0.0.1:0" "--threads 1" "--max-connections 1" "--timeout 1" \
             "--time-limit 1" "--cors https://example.org" "--quiet" "--db $TMP/none"; do
        run 0 "$TMP/h" pdx serve $o --help
    done
    for o in "--listen x" "--threads 0" "--max-connections 0" "--timeout 0" "--time-limit 0" \
             "--cors" "--nosuch"; do
        try 2 serve $o
    done'

test_expect "global: --version, --help, --, --db=DIR, unknown commands" '
    run 0 "$TMP/v" pdx --version
    has_line "$TMP/v" "^paperdex [0-9]"
    try "0|2" --help
    try 2
    try 2 nosuch
    try 2 -x
    run 0 "$TMP/d.json" pdx stats --json --db="$PAPERDEX_DB"
    json_ok "$TMP/d.json" ".papers == 19"
    run 0 "$TMP/g.json" pdx search --json -- --limit depth
    json_ok "$TMP/g.json" ".query == \"--limit depth\""
    expect_exit 2 pdx search --json --limit depth > "$TMP/h.json" 2>&1
    run 0 "$TMP/e.json" pdx search --json -- -zzyzx depth
    json_ok "$TMP/e.json" ".query == \"-zzyzx depth\" and .total == 2"
    run 0 "$TMP/f.json" pdx author --json -- "A. Okafor"
    json_ok "$TMP/f.json" ".total == 3"'

test_done
