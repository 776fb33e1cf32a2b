/*
 * bench.h — what pdx-bench's modes share: tools/bench.c (run, queries and
 * the peers' halves) defines these; tools/bench_shards.c (shards) uses them.
 * Every failure here ends the program (die): a benchmark that cannot do a
 * step has nothing to report.
 */
#ifndef PDX_BENCH_H
#define PDX_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define MAX_REPEAT 15
#define MAX_SHARD_CONFIGS 8 /* --shards-list */

/* One child process's run, as spawn() measured it. */
typedef struct child_run {
    double wall;   /* seconds */
    double rss_mb; /* peak resident set */
    int status;
} child_run;

/* The options of `run`, `queries` and `shards` (main parses them). */
typedef struct run_opts {
    uint64_t n, seed, nq;
    unsigned repeat, batch;
    bool queries_only; /* `pdx-bench queries`: no corpus written, nothing ingested */
    const char *dir, *paperdex, *json;
    const char *feedback; /* paperdex search --feedback, or NULL for its default */
    char self[4096];
    bool n_given;                        /* --n was given (shards: must match a reused corpus) */
    unsigned shards[MAX_SHARD_CONFIGS];  /* shards: --shards-list, ascending */
    size_t n_shards;
} run_opts;

/* Seconds on the monotonic clock. */
double now(void);

/* Prints "pdx-bench: " and fmt (two %s: a and b, NULL as "") and exits 1. */
void die(const char *fmt, const char *a, const char *b);

/* Runs argv (argv[0] a path) with stdin from `in_path` and stdout to
 * `out_path` (NULL: /dev/null) and waits: its wall time and its own peak
 * RSS.  Exits the program if it fails (paperdex's exit 3, some input
 * skipped, excepted).  The child gets SIGTERM if this program dies first. */
child_run spawn(char *const argv[], const char *in_path, const char *out_path);

/* Megabytes (1e6) of the files under `path`, a file or a directory. */
double size_mb(const char *path);

/* Removes `path` and everything under it, if it is there. */
void rm_rf(const char *path);

/* qsort's order for doubles. */
int cmp_double(const void *a, const void *b);

/* The median of v[0..n) (sorts v); NAN if n is 0. */
double median(double *v, size_t n);

/* The nearest-rank percentile `p` (0-100) of sorted[0..n); NAN if n is 0. */
double pct(const double *sorted, size_t n, double p);

/* The lines of a file (0 if it cannot be read). */
uint64_t count_lines(const char *path);

/* "DIR/name" for o->dir (malloc: the caller frees). */
char *path_in(const run_opts *o, const char *name);

/* Writes o->n papers of seed o->seed as JSON Lines to `corpus` and o->nq
 * queries ("kind<TAB>text") to `queries` (tools/corpus.h). */
void write_corpus(const run_opts *o, const char *corpus, const char *queries);

/* Splits `queries` for paperdex's --batch: the topic queries (phrases
 * quoted) into `topic`, the author names into `author`, each file holding
 * its queries twice (a warm-up pass, then the timed one); their counts. */
void paperdex_query_files(const char *queries, const char *topic, const char *author,
                          size_t *n_topic, size_t *n_author);

/* Appends "kind<TAB>ms" to `out` for each query of the timed (second)
 * half of a paperdex --json --batch output in `json_path`. */
void paperdex_latencies(const char *json_path, const char *kind, size_t n_queries, FILE *out);

/* `pdx-bench shards` (tools/bench_shards.c): ingest as 1, 2, 4... shards;
 * queries on one database, local shards and remote shards. */
int bench_shards(run_opts *o);

/* Parses --shards-list "1,2,4" into o->shards (ascending, distinct, each
 * 1..64); -1 if it is not such a list. */
int bench_shards_list(run_opts *o, const char *v);

#endif
