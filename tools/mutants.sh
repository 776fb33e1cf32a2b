#!/bin/bash
# mutants.sh — checks the end-to-end suite itself: runs tests/e2e against
# wrapper scripts around a real paperdex that each break one thing (die on
# an option, ignore an option, print nothing, refuse a kind of input, lie
# in the exit code), and fails, naming them, when a break goes unnoticed
# by every script.
#
#   tools/mutants.sh [PAPERDEX]     (default build/paperdex, a Release build)
#
# First the suite runs against the real binary (through a pass-through
# wrapper): everything must pass.  Then, for each mutant, its scripts run
# two at a time (PDX_MUTANT_JOBS), the scripts named in its table line
# first, then all the others; the mutant is caught at its first failing
# script and the rest are stopped.  PDX_MUTANTS=ERE runs only the mutants
# whose names match.  The e2e contract is kept: $PAPERDEX is the binary
# under test, $PDX_TEST_DATA the fixtures, $PDX_SHARED the shared folder.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
REAL=$(realpath "${1:-build/paperdex}")
[ -x "$REAL" ] || { echo "mutants.sh: no paperdex at $REAL (build it: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release)" >&2; exit 2; }
export PDX_TEST_DATA=${PDX_TEST_DATA:-$ROOT/tests/data}
export PDX_SHARED=${PDX_SHARED:-$(realpath -m "$ROOT/../shared")}
export PDX_GENCORPUS=${PDX_GENCORPUS:-$(dirname "$REAL")/pdx-gencorpus}
export PDX_GENPAGES=${PDX_GENPAGES:-$(dirname "$REAL")/pdx-genpages}
export PDX_FAIL_FAST=1   # a script stops at its first failing test
JOBS=${PDX_MUTANT_JOBS:-2}
ONLY=${PDX_MUTANTS:-}
TIMEOUT=${PDX_MUTANT_TIMEOUT:-900}

# The mutants, one a line: NAME  SCRIPTS  KIND  CMD  [ARG [ARG2]]
#   SCRIPTS  the e2e scripts to try first (without test_ and .sh), comma-
#            separated; all the others run after them
#   KIND     die    CMD OPT      exit 134, no output, when OPT (a glob) is given
#            drop   CMD OPT N    remove OPT (and the N arguments after it)
#            empty  CMD          exit 0 and print nothing
#            refuse CMD SUFFIX   exit 3, no output, when an argument ends so
#            silent CMD          run, but print nothing and exit 0
#            code   CMD FROM TO  run; exit TO where it would exit FROM
#            value  CMD OPT V    run with V as the value of OPT
#   CMD      the paperdex command (first argument) it applies to, * for any
MUTANTS='
ingest-empty            ingest,author      empty  ingest
ingest-die-format       ingest             die    ingest --format
ingest-drop-format      ingest,options     drop   ingest --format 1
ingest-drop-field-map   ingest             drop   ingest --field-map 1
ingest-drop-batch       concurrency        drop   ingest --batch 1
ingest-drop-jobs        jobs               drop   ingest --jobs 1
ingest-die-jobs         jobs               die    ingest --jobs
ingest-drop-quiet       ingest             drop   ingest --quiet 0
ingest-drop-json        ingest             drop   ingest --json 0
ingest-drop-wait        concurrency        drop   ingest --wait 1
ingest-drop-db          ingest,options     drop   ingest --db 1
ingest-code-3-0         ingest,bad_input   code   ingest 3 0
ingest-code-4-0         ingest             code   ingest 4 0
shards-drop-shards      shards             drop   ingest --shards 1
jobs-shards-value-jobs  jobs_shards,resume value  ingest --jobs 1
jobs-shards-drop-jobs   jobs_shards        drop   ingest --jobs 1
shards-die-serve-shard  shards             die    serve-shard --port
shards-drop-partial     shards             drop   search --allow-partial 0
shards-stats-code-4-0   shards             code   stats 4 0
shards-value-feedback   shards             value  search --feedback off
refuse-bib              formats            refuse *      .bib
refuse-csv              formats            refuse *      .csv
refuse-tsv              formats            refuse *      .tsv
refuse-gz               formats            refuse *      .gz
refuse-abs              formats            refuse *      .abs
refuse-jsonl            query,formats      refuse *      .jsonl
refuse-txt              search,pages       refuse *      .txt
refuse-html             html               refuse *      .html
refuse-htm              html               refuse *      .htm
refuse-ris              formats,roundtrip  refuse *      .ris
refuse-nbib             formats            refuse *      .nbib
refuse-json             formats,roundtrip  refuse *      .json
parse-value-labelled    labelled           value  parse  --format listing
parse-empty             formats,pages      empty  parse
parse-drop-format       pages,formats      drop   parse --format 1
parse-drop-field-map    formats            drop   parse --field-map 1
parse-drop-json         formats,pages      drop   parse --json 0
parse-die-field-map     formats            die    parse --field-map
parse-drop-explain      explain            drop   parse --explain 0
parse-die-explain       explain,options    die    parse --explain
parse-code-0-3          explain            code   parse 0 3
search-empty            search,query       empty  search
search-die-sort         search,options     die    search --sort
search-drop-sort        search,options     drop   search --sort 1
search-die-limit        search,options     die    search --limit
search-drop-limit       search,options     drop   search --limit 1
search-value-limit      search,options     value  search --limit 10
search-drop-n           search,options     drop   search -n 1
search-drop-offset      search,options     drop   search --offset 1
search-die-facets       search,options     die    search --facets
search-drop-facets      search,query       drop   search --facets 0
search-drop-json        search             drop   search --json 0
search-drop-batch       batch              drop   search --batch 1
search-drop-db          search,options     drop   search --db 1
search-code-2-0         search,query       code   search 2 0
search-code-4-0         search             code   search 4 0
author-empty            author             empty  author
author-drop-exact       author             drop   author --exact 0
author-drop-limit       author,options     drop   author --limit 1
author-die-sort         author,options     die    author --sort
author-drop-batch       batch              drop   author --batch 1
author-drop-sort        author,options     drop   author --sort 1
author-drop-offset      author             drop   author --offset 1
author-drop-json        author             drop   author --json 0
author-die-exact        author             die    author --exact
coauthors-empty         author             empty  coauthors
coauthors-die-min       author,options     die    coauthors --min
coauthors-drop-min      author,options     drop   coauthors --min 1
coauthors-drop-exact    author,options     drop   coauthors --exact 0
coauthors-drop-json     author             drop   coauthors --json 0
similar-empty           show,query         empty  similar
similar-drop-limit      show,options       drop   similar --limit 1
similar-drop-facets     show,options       drop   similar --facets 0
similar-die-facets      show,options       die    similar --facets
similar-drop-offset     show               drop   similar --offset 1
similar-drop-json       show,query         drop   similar --json 0
similar-code-1-0        show,query         code   similar 1 0
show-empty              show,formats       empty  show
show-drop-json          show               drop   show --json 0
show-code-1-0           show               code   show 1 0
stats-empty             show,ingest        empty  stats
stats-drop-json         show,ingest        drop   stats --json 0
check-silent            show,options       silent check
check-code-4-0          show               code   check 4 0
check-drop-json         show               drop   check --json 0
compact-empty           options,jobs       empty  compact
compact-drop-db         jobs,options       drop   compact --db 1
eval-empty              eval               empty  eval
eval-drop-json          eval               drop   eval --json 0
eval-drop-run           eval               drop   eval --run 1
eval-drop-per-query     eval               drop   eval --per-query 0
eval-drop-depth         eval               drop   eval --depth 1
eval-drop-qrels         eval               drop   eval --qrels 1
eval-drop-db            eval               drop   eval --db 1
eval-drop-weighting     eval               drop   eval --weighting 1
eval-drop-k1            eval               drop   eval --k1 1
eval-drop-b             eval               drop   eval --b 1
eval-drop-title-wdf     eval               drop   eval --title-wdf 1
eval-drop-exact-weight  eval               drop   eval --exact-weight 1
eval-drop-fb-max-df     eval               drop   eval --fb-max-df 1
eval-die-run            eval               die    eval --run
search-drop-exact-count  paging,options    drop   search --exact-count 0
search-die-exact-count   paging,options    die    search --exact-count
search-value-limit-0     paging            value  search --limit 0
search-drop-feedback    feedback           drop   search --feedback 1
search-die-feedback     feedback           die    search --feedback
search-value-feedback   feedback           value  search --feedback on
similar-die-offset      show,paging        die    similar --offset
show-code-1-0-ids       ids                code   show 1 0
export-empty            export             empty  export
export-drop-format      export             drop   export --format 1
export-die-format       export             die    export --format
export-drop-query       export             drop   export --query 1
export-drop-limit       export             drop   export --limit 1
export-code-1-0         export,ids         code   export 1 0
export-code-2-0         export             code   export 2 0
remove-empty            remove             empty  remove
remove-silent           remove             silent remove
remove-drop-source      remove             drop   remove --source 1
remove-drop-json        remove             drop   remove --json 0
remove-code-1-0         remove             code   remove 1 0
version-empty           show,options       empty  --version
usage-code-2-0          show,options       code   *      2 0
help-die                show               die    *      --help
dashdash-drop           options            drop   *      -- 0
db-equals-die           options,search     die    *      --db=*
serve-empty             serve              empty  serve
serve-die-listen        serve              die    serve --listen
serve-drop-quiet        serve              drop   serve --quiet 0
serve-drop-cors         serve              drop   serve --cors 1
serve-drop-db           serve              drop   serve --db 1
serve-die-time-limit    serve              die    serve --time-limit
rebuild-empty           rebuild            empty  rebuild
rebuild-silent          rebuild            silent rebuild
rebuild-code-3-0        rebuild            code   rebuild 3 0
rebuild-drop-db         rebuild            drop   rebuild --db 1
export-value-format     export             value  export --format bibtex
'

W=$(mktemp -d "${TMPDIR:-/tmp}/pdx-mutants-XXXXXX")
chmod 755 "$W"
trap 'rm -rf "$W"' EXIT
trap 'exit 1' TERM INT

# wrapper NAME KIND CMD [ARG [ARG2]]: writes the mutant's wrapper $W/NAME,
# a self-contained script (test_jobs.sh copies $PAPERDEX and runs the copy
# as another user).
wrapper() {
    {
        printf '#!/bin/bash\n'
        printf 'real=%q kind=%q cmd=%q a1=%q a2=%q\n' "$REAL" "$2" "$3" "${4:-}" "${5:-}"
        cat <<'EOF'
if [ "$cmd" = "*" ] || [ "${1:-}" = "$cmd" ]; then
    case $kind in
    none) ;;
    die)
        # (unquoted: ARG may be a glob, --db=*)
        for a in "$@"; do case $a in $a1|$a1=*) exit 134 ;; esac; done ;;
    drop)
        args=() skip=0
        for a in "$@"; do
            if [ "$skip" -gt 0 ]; then skip=$((skip - 1)); continue; fi
            case $a in
            "$a1") skip=$a2; continue ;;
            "$a1"=*) continue ;;
            esac
            args+=("$a")
        done
        set -- "${args[@]}" ;;
    empty) exit 0 ;;
    refuse)
        for a in "$@"; do case $a in *"$a1") exit 3 ;; esac; done ;;
    silent) "$real" "$@" > /dev/null 2>&1; exit 0 ;;
    code)
        "$real" "$@"
        rc=$?
        [ "$rc" = "$a1" ] && exit "$a2"
        exit "$rc" ;;
    value)
        args=() next=0
        for a in "$@"; do
            if [ "$next" = 1 ]; then args+=("$a2"); next=0; continue; fi
            case $a in
            "$a1") next=1 ;;
            "$a1"=*) a="$a1=$a2" ;;
            esac
            args+=("$a")
        done
        set -- "${args[@]}" ;;
    esac
fi
exec "$real" "$@"
EOF
    } > "$W/$1"
    chmod 755 "$W/$1"
}

ALL=$(cd tests/e2e && ls test_*.sh | sed 's/^test_//; s/\.sh$//')

# order HINTS: the hinted scripts, then every other one
order() {
    tr ',' '\n' <<< "$1"
    for s in $ALL; do
        case ",$1," in *",$s,"*) ;; *) echo "$s" ;; esac
    done
}

# try_mutant NAME HINTS: runs the scripts against $W/NAME, JOBS at a time;
# prints the first script that failed (or nothing) and stops the others.
try_mutant() {
    name=$1
    declare -gA pids=()
    # stopped (or done), the scripts still running go too
    trap 'for p in "${!pids[@]}"; do kill -- -"$p" 2>/dev/null; done' EXIT
    trap 'exit 1' TERM INT
    caught=""
    mkdir -p "$W/log/$name"
    for s in $(order "$2") ""; do
        while [ "${#pids[@]}" -ge "$JOBS" ] || { [ -z "$s" ] && [ "${#pids[@]}" -gt 0 ]; }; do
            wait -n -p done_pid "${!pids[@]}"
            rc=$?
            done_s=${pids[$done_pid]}
            unset "pids[$done_pid]"
            if [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
                caught=$done_s
                break 2
            fi
        done
        [ -n "$s" ] || break
        PAPERDEX="$W/$name" setsid timeout "$TIMEOUT" bash "tests/e2e/test_$s.sh" \
            > "$W/log/$name/$s.log" 2>&1 < /dev/null &
        pids[$!]=$s
    done
    for p in "${!pids[@]}"; do kill -- -"$p" 2>/dev/null; done
    for p in "${!pids[@]}"; do wait "$p" 2>/dev/null; done
    echo "$caught"
}

start=$(date +%s)
wrapper real none '*'
if [ "${PDX_MUTANT_SKIP_REAL:-}" = 1 ]; then
    echo "mutants.sh: not checking the real paperdex first (PDX_MUTANT_SKIP_REAL=1)"
else
    echo "mutants.sh: the suite against $REAL (pass-through wrapper) ..."
    failed=$(try_mutant real "")
    if [ -n "$failed" ]; then
        echo "mutants.sh: the real paperdex fails test_$failed.sh; no mutant can be judged:" >&2
        cat "$W/log/real/$failed.log" >&2
        exit 1
    fi
    echo "mutants.sh: the real paperdex passes every script ($(( $(date +%s) - start )) s)"
fi

total=0 caught_n=0 missed=""
while read -r name hints kind cmd a1 a2; do
    [ -n "$name" ] || continue
    if [ -n "$ONLY" ] && ! [[ $name =~ $ONLY ]]; then continue; fi
    total=$((total + 1))
    t0=$(date +%s)
    wrapper "$name" "$kind" "$cmd" "$a1" "$a2"
    by=$(try_mutant "$name" "$hints")
    if [ -n "$by" ]; then
        caught_n=$((caught_n + 1))
        printf 'caught  %-22s by test_%s.sh (%ss)\n' "$name" "$by" "$(( $(date +%s) - t0 ))"
    else
        missed="$missed $name"
        printf 'MISSED  %-22s %s %s %s %s: every script passed (%ss)\n' "$name" "$kind" "$cmd" "$a1" "$a2" \
            "$(( $(date +%s) - t0 ))"
    fi
done <<< "$MUTANTS"

echo "mutants.sh: $total mutants, $caught_n caught, $((total - caught_n)) missed, $(( $(date +%s) - start )) s"
if [ -n "$missed" ]; then
    echo "mutants.sh: unnoticed by the suite:$missed" >&2
    exit 1
fi
