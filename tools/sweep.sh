#!/bin/sh
# sweep.sh — the ranking protocol of docs/ranking.md, in one command.
#
#   sh tools/sweep.sh [EVAL_DIR]      # default ../shared/eval
#
# Indexes each collection of EVAL_DIR (nfcorpus cranfield med lisa adi; a
# missing one is skipped) once with `paperdex ingest`, then runs
# `paperdex eval --db` on it with plain BM25, with each ranking option
# added to plain BM25 alone, and with the default ranking (and the default
# with each feedback choice).  Prints one Markdown table: per collection
# nDCG@10 / MAP / Recall@100, then the mean nDCG@10 over the collections,
# the worst collection's nDCG@10 against plain BM25, and the protocol's
# verdict: a setting passes when it raises the mean nDCG@10 over plain
# BM25 and leaves no collection more than 1% below it.
#
# Environment: PAPERDEX (default build/paperdex; build it Release first:
# cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j2),
# SWEEP_TMP (default a new directory under $TMPDIR or /tmp; removed).
# About two minutes on two shared cores.
set -eu
cd "$(dirname "$0")/.."
dir=${1:-../shared/eval}
pdx=${PAPERDEX:-build/paperdex}
[ -x "$pdx" ] || { echo "sweep.sh: no $pdx; build it first (see the top of this file)" >&2; exit 2; }
tmp=${SWEEP_TMP:-$(mktemp -d "${TMPDIR:-/tmp}/pdx-sweep.XXXXXX")}
trap 'rm -rf "$tmp"' EXIT INT TERM

colls=""
for c in nfcorpus cranfield med lisa adi; do
    [ -f "$dir/$c/corpus.jsonl" ] || { echo "sweep.sh: $dir/$c missing, skipped" >&2; continue; }
    "$pdx" ingest --quiet --db "$tmp/$c.db" "$dir/$c/corpus.jsonl" >/dev/null 2>&1 || true
    colls="$colls $c"
done
[ -n "$colls" ] || { echo "sweep.sh: no collection in $dir" >&2; exit 2; }

plain="--feedback off --title-weight 0 --near-weight 0"
# name|options (the first line is the reference every verdict compares with)
settings="plain BM25 (k1 1.2, b 0.75)|$plain
+ title-only stem 0.25|$plain --title-weight 0.25
+ proximity 0.25 within 10|$plain --near-weight 0.25
+ stopwords kept|$plain --stopwords keep
+ k1 0.9 b 0.4|$plain --k1 0.9 --b 0.4
+ k1 1.5|$plain --k1 1.5
+ ESet feedback (old: 20 stems, weight 1)|$plain --feedback on --fb-method eset --fb-terms 20 --fb-weight 1
+ RM3, Anserini (10 stems, weight 1)|$plain --feedback on --fb-method rm3 --fb-terms 10 --fb-weight 1
+ RM3, 20 stems, weight 1|$plain --feedback on --fb-method rm3 --fb-terms 20 --fb-weight 1
+ RM3, 10 stems, weight 0.5|$plain --feedback on --fb-method rm3 --fb-terms 10 --fb-weight 0.5
+ RM3 (default: 20 stems, weight 0.5)|$plain --feedback on
+ RM3 auto (clarity >= 5)|$plain --feedback auto
old default (title + proximity + ESet)|--fb-method eset --fb-terms 20 --fb-weight 1 --near-weight 0.25
default, feedback off|--feedback off
default, feedback auto|--feedback auto
default, RM3 as Anserini (10 stems, weight 1)|--fb-terms 10 --fb-weight 1
default, RM3 over the whole collection (before: --fb-depth 0)|--fb-depth 0
default, RM3 re-ranking only (whole collection)|--fb-depth 0 --fb-rerank yes
default, re-ranking the top 100 only (no widening)|--fb-widen 0
default, widening by every expansion stem|--fb-widen-terms 0
default + proximity 0.25|--near-weight 0.25
**default** (title-only stem + RM3)|"

printf '| setting |'
for c in $colls; do printf ' %s nDCG@10 / MAP / R@100 |' "$c"; done
printf ' mean nDCG@10 | worst vs plain | protocol |\n|---|'
for c in $colls; do printf -- '---|'; done
printf -- '---|---|---|\n'

echo "$settings" | while IFS='|' read -r name opts; do
    row=""
    for c in $colls; do
        # shellcheck disable=SC2086 # opts is a list of options
        j=$("$pdx" eval --json --db "$tmp/$c.db" $opts "$dir/$c")
        f=$(printf '%s' "$j" | sed 's/.*"ndcg@10":\([0-9.e-]*\).*"map":\([0-9.e-]*\).*"recall@100":\([0-9.e-]*\).*/\1 \2 \3/')
        row="$row $c $f"
    done
    echo "$name|$row"
done | awk -F'|' '
    {
        n = split($2, f, " "); k = 0; sum = 0; worst = 1e9
        cells = ""
        for (i = 1; i <= n; i += 4) {
            k++
            nd = f[i + 1] + 0
            if (NR == 1) base[k] = nd
            d = base[k] > 0 ? (nd / base[k] - 1) * 100 : 0
            if (d < worst) worst = d
            sum += nd
            cells = cells sprintf(" %.4f / %.4f / %.4f |", nd, f[i + 2], f[i + 3])
        }
        mean = sum / k
        if (NR == 1) { bmean = mean; verdict = "reference" }
        else if (mean > bmean && worst >= -1) verdict = "pass"
        else verdict = "fail"
        printf("| %s |%s %.4f (%+.1f%%) | %+.1f%% | %s |\n", $1, cells, mean,
               (mean / bmean - 1) * 100, NR == 1 ? 0 : worst, verdict)
    }'
