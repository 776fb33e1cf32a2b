#!/bin/bash
# End-to-end: a sharded database answers exactly as one database.  One
# generated corpus is ingested as one database and as four shards
# (ingest --shards 4); the shards are searched through their directory
# (the stub XAPIANDB), through a stub file of `auto` lines, and through
# four xapian-tcpsrv servers (serve-shard) on loopback named by `remote
# tcp` lines.  Every answer must be the same, with the default ranking
# (feedback's second pass too): ids, order, scores (to 1e-9), totals,
# facets, author name variants, coauthor counts; and show, export and eval
# over the servers.  abstract: is refused there, naming a shard.  A server
# that is gone is named (exit 4); --allow-partial answers from the others
# and says so.  docs/scale-out.md is the design.
. "$(dirname "$0")/lib.sh"
: "${PDX_GENCORPUS:?PDX_GENCORPUS must name pdx-gencorpus}"
if ! command -v xapian-tcpsrv > /dev/null; then
    if [ "${CI:-}" = true ]; then
        echo "not ok - xapian-tcpsrv is installed (CI=true: tools/install-deps.sh installs xapian-tools)"
        exit 1
    fi
    skip_all "xapian-tcpsrv is not installed (Debian xapian-tools)"
fi

# Servers run in process groups of their own (setsid): xapian-tcpsrv
# forks a child per connection, and killing a shard means killing both.
# Their ids go to a file, as tests run in subshells.
trap 'for _g in $(cat "$TMP/groups" 2> /dev/null); do kill -- "-$_g" 2> /dev/null; done; rm -rf "$TMP"' EXIT
# killed (tools/mutants.sh stops the other scripts once one fails): the
# servers, in sessions of their own, would outlive it
trap 'exit 1' TERM INT HUP

# start_shard NAME DB [--writable]: serves DB on a free loopback port,
# waits until the port accepts a connection (a port another program holds
# makes the server exit: another port is tried), and sets PORT_NAME and
# GROUP_NAME.  Called at the top level.
start_shard() {
    _n=$1
    _db=$2
    shift 2
    for _try in 1 2 3 4 5 6 7 8 9 10; do
        _p=$(( 20000 + (RANDOM * 7 + _try * 131) % 30000 ))
        setsid "$PAPERDEX" serve-shard --db "$_db" --port "$_p" "$@" > "$TMP/$_n.log" 2>&1 &
        _g=$!
        echo "$_g" >> "$TMP/groups"
        _end=$(( $(date +%s) + 60 ))
        until (exec 3<>"/dev/tcp/127.0.0.1/$_p") 2> /dev/null; do
            if ! kill -0 "$_g" 2> /dev/null || [ "$(date +%s)" -gt "$_end" ]; then
                break
            fi
            sleep 0.02
        done
        # accepting, and by our server (not another program on the port)
        if kill -0 "$_g" 2> /dev/null && grep -q "port $_p" "$TMP/$_n.log"; then
            eval "PORT_$_n=$_p GROUP_$_n=$_g"
            return 0
        fi
        kill -- "-$_g" 2> /dev/null
    done
    echo "not ok - setup: serve-shard --db $_db did not start"
    sed 's/^/    /' "$TMP/$_n.log"
    exit 1
}

# stop_shard NAME: kills the server and its connections' children.
stop_shard() {
    eval "_g=\$GROUP_$1"
    kill -- "-$_g"
    wait "$_g" 2> /dev/null || :
}

same() { same_answers "$@"; }

# answers DB OUT: every question the test asks, as JSON lines in OUT.
# answers DB OUT [SEARCH-OPTION...]
answers() {
    run 0 "$2.topics" pdx search --db "$1" --json --facets --limit 20 "${@:3}" --batch "$TMP/topics.txt"
    run 0 "$2.authors" pdx author --db "$1" --json --limit 50 --batch "$TMP/authors.txt"
    : > "$2.co"
    while read -r _name; do
        run 0 "$2.c1" pdx coauthors --db "$1" --json -- "$_name"
        cat "$2.c1" >> "$2.co"
    done < "$TMP/authors.txt"
    run 0 "$2.similar" pdx similar --db "$1" --json --limit 10 g00000007
    run 0 "$2.stats" pdx stats --db "$1" --json
    cat "$2.topics" "$2.authors" "$2.co" "$2.similar" "$2.stats" > "$2"
}

# as_remote ANSWERS OUT: the answers of `answers` as remote shards give
# them: stats without its author and term counts (over remote shards they
# would stream every term of every server).
as_remote() {
    jq -c ".authors = null | .terms = null" "$1.stats" > "$2.stats" || return 1
    cat "$1.topics" "$1.authors" "$1.co" "$1.similar" "$2.stats" > "$2"
}

# beir ANSWERS DIR: a tiny collection in BEIR layout for eval --db in DIR:
# the topics of ANSWERS (search --json lines), each judging the papers
# they rank 4th (grade 1) and 13th (grade 2).
beir() {
    mkdir -p "$2/qrels" || return 1
    jq -c -s "to_entries[] | {_id: \"t\(.key)\", text: .value.query}" "$1" > "$2/queries.jsonl" ||
        return 1
    jq -r -s "\"query-id\tcorpus-id\tscore\", (to_entries[] | \"t\(.key)\t\(.value.hits[3].id)\t1\",
        \"t\(.key)\t\(.value.hits[12].id)\t2\")" "$1" > "$2/qrels/test.tsv"
}

setup "$PDX_GENCORPUS" --seed 11 --n 1500 -o "$TMP/corpus.jsonl" --queries "$TMP/q.tsv" --nq 60
grep -v "^author" "$TMP/q.tsv" | cut -f2 | head -8 > "$TMP/topics.txt"
grep "^author" "$TMP/q.tsv" | cut -f2 | head -8 > "$TMP/authors.txt"
setup pdx ingest --quiet --db "$TMP/one" "$TMP/corpus.jsonl"
setup pdx ingest --quiet --db "$TMP/four" --shards 4 "$TMP/corpus.jsonl"
setup cp -r "$TMP/four" "$TMP/pristine" # (tests below ingest more into four)
setup answers "$TMP/one" "$TMP/a.one"
setup beir "$TMP/a.one.topics" "$TMP/beir"
for k in 0 1 2 3; do
    start_shard "s$k" "$TMP/four/shard-$k"
done
for k in 0 1 2 3; do
    eval "echo \"remote tcp 127.0.0.1:\$PORT_s$k\""
done > "$TMP/remote.stub"
# a copy whose third shard's server is stopped by the tests
setup cp -r "$TMP/four" "$TMP/gone"
start_shard gone "$TMP/gone/shard-2"
{ echo "remote tcp 127.0.0.1:$PORT_s0"; echo "remote tcp 127.0.0.1:$PORT_s1"
  echo "remote tcp 127.0.0.1:$PORT_gone"; echo "remote tcp 127.0.0.1:$PORT_s3"; } > "$TMP/gone.stub"

test_expect "ingest --shards 4 puts each paper on one of four shards listed by a stub" '
    has_line "$TMP/four/XAPIANDB" "^glass shard-3$"
    lines "$TMP/four/XAPIANDB" 4
    total=0
    for k in 0 1 2 3; do
        run 0 "$TMP/st$k" pdx stats --db "$TMP/four/shard-$k" --json
        json_ok "$TMP/st$k" ".papers > 200 and .papers < 600"
        total=$((total + $(json_get "$TMP/st$k" .papers)))
    done
    [ "$total" -eq 1500 ]
    run 0 "$TMP/st" pdx stats --db "$TMP/four"
    has_line "$TMP/st" "^shards: +4$"'

test_expect "four local shards answer exactly as one database" '
    answers "$TMP/four" "$TMP/a.four"
    json_ok "$TMP/a.four.topics" "(.hits | length) > 0 and (.facets.year | length) > 0"
    json_ok "$TMP/a.four.co" "(.coauthors | length) > 0"
    same "$TMP/a.one" "$TMP/a.four"'

test_expect "a stub file of auto lines opens the same shards" '
    for k in 0 1 2 3; do echo "auto $TMP/four/shard-$k"; done > "$TMP/auto.stub"
    answers "$TMP/auto.stub" "$TMP/a.auto"
    same "$TMP/a.one" "$TMP/a.auto"'

# (feedback on, as by default: the confined second pass must cross to the
# servers; tools/mutants.sh turns it off here)
test_expect "four shards served by xapian-tcpsrv answer exactly as one database" '
    answers "$TMP/remote.stub" "$TMP/a.remote" --feedback on
    json_ok "$TMP/a.remote.topics" "(.hits | length) > 0"
    # stats over remote shards counts papers only (authors and terms would
    # stream every term of every server): the rest as one database
    json_ok "$TMP/a.remote.stats" ".papers == 1500 and .authors == null and .terms == null"
    as_remote "$TMP/a.one" "$TMP/a.one.r"
    same "$TMP/a.one.r" "$TMP/a.remote"
    run 0 "$TMP/rs" pdx stats --db "$TMP/remote.stub"
    has_line "$TMP/rs" "^papers: +1500$"
    has_line "$TMP/rs" "^authors and terms: not counted over remote shards"'

test_expect "show, export and eval over xapian-tcpsrv answer as one database" '
    ids=$(jq -r -s "[.[].hits[2].id][:3][]" "$TMP/a.one.topics")
    for db in one remote; do
        [ "$db" = one ] && d=$TMP/one || d=$TMP/remote.stub
        run 0 "$TMP/sh.$db" pdx show --db "$d" --json g00000007
        run 0 "$TMP/sh.$db.txt" pdx show --db "$d" g00000007
        run 0 "$TMP/ex.$db" pdx export --db "$d" --format bibtex $ids
        run 0 "$TMP/exq.$db" pdx export --db "$d" --format bibtex --query "$(head -1 "$TMP/topics.txt")"
        run 0 "$TMP/ev.$db" pdx eval --db "$d" --json --per-query "$TMP/beir"
    done
    json_eq "$TMP/sh.remote" .id g00000007
    same "$TMP/sh.one" "$TMP/sh.remote"
    cmp "$TMP/sh.one.txt" "$TMP/sh.remote.txt"
    has_line "$TMP/ex.remote" "^@[a-z]+\{"
    cmp "$TMP/ex.one" "$TMP/ex.remote"
    has_line "$TMP/exq.remote" "^@[a-z]+\{"
    cmp "$TMP/exq.one" "$TMP/exq.remote"
    lines "$TMP/ev.remote" 9
    tail -1 "$TMP/ev.remote" > "$TMP/ev.sum"
    json_ok "$TMP/ev.sum" ".queries == 8 and .\"ndcg@10\" > 0"
    jq -c "del(.search_seconds, .db)" "$TMP/ev.one" > "$TMP/ev1"
    jq -c "del(.search_seconds, .db)" "$TMP/ev.remote" > "$TMP/ev2"
    same "$TMP/ev1" "$TMP/ev2"'

test_expect "abstract: runs on local shards and is refused, naming a shard, over xapian-tcpsrv" '
    q="abstract:$(head -1 "$TMP/topics.txt" | cut -d" " -f1)"
    run 0 "$TMP/ab.one" pdx search --db "$TMP/one" --json "$q"
    run 0 "$TMP/ab.four" pdx search --db "$TMP/four" --json "$q"
    json_ok "$TMP/ab.one" "(.hits | length) > 0"
    same "$TMP/ab.one" "$TMP/ab.four"
    run 2 "$TMP/ab.remote" pdx search --db "$TMP/remote.stub" --json "$q"
    has_line "$TMP/ab.remote.err" "abstract: cannot be searched on shard remote tcp 127.0.0.1:$PORT_s0: "
    run 0 "$TMP/ab.remote2" pdx search --db "$TMP/remote.stub" --json "${q#abstract:}"'

test_expect "serve-shard refuses a sharded database and wants a port" '
    run 2 "$TMP/ss" pdx serve-shard --db "$TMP/four" --port 1
    has_line "$TMP/ss.err" "sharded database; serve each of its shards"
    run 2 "$TMP/ss" pdx serve-shard --db "$TMP/four/shard-0"
    has_line "$TMP/ss.err" "--port is required"'

test_expect "re-ingesting leaves every paper on the shard it is on" '
    cp "$TMP/corpus.jsonl" "$TMP/again.jsonl" # (an unchanged file is not read again)
    run 0 "$TMP/again.json" pdx ingest --json --db "$TMP/four" "$TMP/again.jsonl"
    json_ok "$TMP/again.json" ".records == 1500 and .merged == 1500 and .added == 0"
    for k in 0 1 2 3; do
        run 0 "$TMP/st$k.again" pdx stats --db "$TMP/four/shard-$k" --json
        json_eq "$TMP/st$k.again" .papers "$(json_get "$TMP/st$k" .papers)"
    done'

test_expect "one paper read under two ids in two ingests stays one record" '
    printf "%s\n" "{\"arxiv\": \"2101.00001\", \"title\": \"Routing Merged Records Across Many Shards\", \"authors\": [\"Ada Lovelace\", \"Alan Turing\"], \"year\": 2021}" > "$TMP/m1.jsonl"
    printf "%s\n" "{\"doi\": \"10.1000/shard.1\", \"title\": \"Routing merged records across many shards\", \"authors\": [\"A. Lovelace\", \"A. Turing\"], \"year\": 2021}" > "$TMP/m2.jsonl"
    for db in one4 many; do
        [ "$db" = many ] && sh=--shards=4 || sh=
        run 0 "$TMP/$db.1" pdx ingest --quiet --db "$TMP/$db" $sh "$TMP/m1.jsonl" "$TMP/corpus.jsonl"
        run 0 "$TMP/$db.2" pdx ingest --json --db "$TMP/$db" "$TMP/m2.jsonl"
        json_ok "$TMP/$db.2" ".merged == 1 and .added == 0"
        run 0 "$TMP/$db.a" pdx show --db "$TMP/$db" --json arXiv:2101.00001
        run 0 "$TMP/$db.b" pdx show --db "$TMP/$db" --json 10.1000/shard.1
        json_eq "$TMP/$db.b" .id "$(json_get "$TMP/$db.a" .id)"
        run 0 "$TMP/$db.check" pdx check --db "$TMP/$db"
    done
    same "$TMP/one4.b" "$TMP/many.b"'

test_expect "a shard whose server is gone is named, and the command fails" '
    run 0 "$TMP/g0" pdx stats --db "$TMP/gone.stub" --json
    stop_shard gone
    for cmd in "search bocrual" "author Ada" "coauthors Ada" "stats" "similar g00000007"; do
        run 4 "$TMP/g1" pdx $cmd --db "$TMP/gone.stub"
        has_line "$TMP/g1.err" "shard remote tcp 127.0.0.1:$PORT_gone is unreachable"
    done'

test_expect "--allow-partial answers from the other shards, marked partial" '
    run 0 "$TMP/p.json" pdx search --db "$TMP/gone.stub" --allow-partial --json --facets "$(head -1 "$TMP/topics.txt")"
    json_ok "$TMP/p.json" ".partial == true and .missing_shards == [\"remote tcp 127.0.0.1:$PORT_gone\"]"
    json_ok "$TMP/p.json" "(.hits | length) > 0"
    has_line "$TMP/p.json.err" "warning: shard remote tcp 127.0.0.1:$PORT_gone did not answer"
    run 0 "$TMP/p.txt" pdx search --db "$TMP/gone.stub" --allow-partial "$(head -1 "$TMP/topics.txt")"
    has_line "$TMP/p.txt" "^partial: shard remote tcp 127.0.0.1:$PORT_gone did not answer"
    run 0 "$TMP/ps.json" pdx stats --db "$TMP/gone.stub" --allow-partial --json
    json_eq "$TMP/ps.json" .papers $((1500 - $(json_get "$TMP/st2" .papers)))
    json_eq "$TMP/ps.json" .partial true
    run 0 "$TMP/full.json" pdx search --db "$TMP/four" --json "$(head -1 "$TMP/topics.txt")"
    no_line "$TMP/full.json" "partial"'

test_expect "a shard that dies between two queries of one session is named" '
    for mode in strict partial; do
        start_shard mid "$TMP/gone/shard-2"
        sed "s/:$PORT_gone\$/:$PORT_mid/" "$TMP/gone.stub" > "$TMP/mid.stub"
        mkfifo "$TMP/fifo.$mode"
        [ "$mode" = partial ] && flag=--allow-partial || flag=
        pdx search --db "$TMP/mid.stub" $flag --json --batch "$TMP/fifo.$mode" > "$TMP/mid.$mode" 2> "$TMP/mid.$mode.err" &
        reader=$!
        exec 7> "$TMP/fifo.$mode"
        head -1 "$TMP/topics.txt" >&7
        wait_line "$TMP/mid.$mode" "hits" 60
        stop_shard mid
        head -1 "$TMP/topics.txt" >&7
        exec 7>&-
        code=0
        wait "$reader" || code=$?
        if [ "$mode" = strict ]; then
            [ "$code" -eq 4 ] || fail "exit $code, expected 4"
            # (--batch --json gives each query error in its result line)
            has_line "$TMP/mid.$mode" "shard remote tcp 127.0.0.1:$PORT_mid( of [^ ]+)? (is unreachable|stopped answering)"
        else
            [ "$code" -eq 0 ] || fail "exit $code, expected 0"
            lines "$TMP/mid.$mode" 2
            json_ok "$TMP/mid.$mode" "(.hits | length) > 0"
            tail -1 "$TMP/mid.$mode" > "$TMP/mid.last"
            json_eq "$TMP/mid.last" .partial true
        fi
    done'

test_expect "ingest into writable remote shards stores what a local ingest does" '
    head -700 "$TMP/corpus.jsonl" > "$TMP/first.jsonl"
    tail -n +701 "$TMP/corpus.jsonl" > "$TMP/rest.jsonl"
    run 0 "$TMP/w0" pdx ingest --quiet --db "$TMP/two" --shards 2 "$TMP/first.jsonl"
    cp -r "$TMP/two" "$TMP/rtwo"
    start_shard w0 "$TMP/rtwo/shard-0" --writable
    start_shard w1 "$TMP/rtwo/shard-1" --writable
    printf "remote tcp 127.0.0.1:%s\nremote tcp 127.0.0.1:%s\n" "$PORT_w0" "$PORT_w1" > "$TMP/rw.stub"
    run 0 "$TMP/w1.json" pdx ingest --json --db "$TMP/rw.stub" "$TMP/rest.jsonl"
    run 0 "$TMP/w2.json" pdx ingest --json --db "$TMP/two" "$TMP/rest.jsonl"
    json_ok "$TMP/w1.json" ".added == 800"
    jq -c "del(.db)" "$TMP/w1.json" > "$TMP/w1"
    jq -c "del(.db)" "$TMP/w2.json" > "$TMP/w2"
    cmp "$TMP/w1" "$TMP/w2"
    answers "$TMP/rw.stub" "$TMP/a.rw"
    answers "$TMP/two" "$TMP/a.two"
    as_remote "$TMP/a.two" "$TMP/a.two.r"
    same "$TMP/a.two.r" "$TMP/a.rw"'

test_expect "ingest --shards refuses a plain database and another shard count" '
    run 4 "$TMP/r1" pdx ingest --db "$TMP/one" --shards 2 "$TMP/m1.jsonl"
    has_line "$TMP/r1.err" "not an empty directory"
    run 2 "$TMP/r2" pdx ingest --db "$TMP/four" --shards 2 "$TMP/m1.jsonl"
    has_line "$TMP/r2.err" "has 4 shards, not 2"
    run 2 "$TMP/r3" pdx ingest --db "$TMP/x" --shards 1 "$TMP/m1.jsonl"'

test_expect "compact merges the shards into one database that answers the same" '
    mv "$TMP/pristine" "$TMP/merged"
    run 0 "$TMP/c" pdx compact --db "$TMP/merged"
    [ -f "$TMP/merged/iamglass" ]
    [ ! -e "$TMP/merged/XAPIANDB" ]
    answers "$TMP/merged" "$TMP/a.merged"
    same "$TMP/a.one" "$TMP/a.merged"
    run 0 "$TMP/ck" pdx check --db "$TMP/four"'

test_done
