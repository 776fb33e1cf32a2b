/*
 * bench.c — `pdx-bench`: paperdex against its peers, on one synthetic
 * corpus, in one run.
 *
 *   pdx-bench run [--n N] [--repeat R] [--seed S] [--dir DIR] [--nq N]
 *                 [--paperdex PATH] [--batch B] [--json FILE]
 *
 * writes the corpus and its queries (corpus.h), then, R times, ingests it
 * with paperdex (--jobs 1 and --jobs 2), SQLite FTS5 (porter unicode61
 * remove_diacritics 2; one transaction) and a minimal Xapian loader
 * (index/pdx_peer.h: TermGenerator, one commit), each in a process of its
 * own so that its wall time and peak RSS are its own; compacts each index
 * the way that engine compacts (paperdex compact; FTS5 'optimize' +
 * VACUUM; Xapian's compactor); and runs the same queries against each,
 * warm (every query once untimed, then once timed), top ten by relevance.
 * The figures are the medians over the R runs; the report is a table on
 * standard output and, with --json, a JSON object.
 *
 *   pdx-bench queries [--dir DIR] [--repeat R] [--paperdex PATH] [--json FILE]
 *                     [--feedback off|on|auto]
 *
 * runs only the queries again, R times, on the indexes a run left in DIR
 * (paperdex-j1.db, fts5.sqlite, xapian-min.db; queries.tsv, corpus.jsonl).
 *
 *   pdx-bench shards [--n N] [--repeat R] [--dir DIR] [--paperdex PATH] [--json FILE]
 *                    [--shards-list 1,2,4] [--seed S] [--nq N] [--batch B]
 *                    [--feedback off|on|auto]
 *
 * ingests the corpus (DIR's, when there) as 1, 2 and 4 shards, then runs
 * the same queries on one database, 4 local shards and 4 shards served by
 * 4 `paperdex serve-shard` on loopback: tools/bench_shards.c.
 *
 * The other subcommands are the peers' halves, run as child processes by
 * `run` (and usable alone):
 *
 *   pdx-bench load-fts5 DB CORPUS      pdx-bench load-xapian DIR CORPUS
 *   pdx-bench compact-fts5 DB          pdx-bench compact-xapian SRC DST
 *   pdx-bench search-fts5 DB QUERIES OUT
 *   pdx-bench search-xapian DIR QUERIES OUT
 *
 * A search subcommand writes one line per query of its timed pass:
 * "kind<TAB>milliseconds".
 *
 * Query translation (the same question in each engine's language):
 *   word/words  paperdex: the words (ranked OR); FTS5: "a" OR "b";
 *               Xapian: a b (QueryParser, default OR)
 *   phrase      "a b" in all three
 *   author      paperdex: `paperdex author NAME` (names and their variants);
 *               FTS5: authors : "NAME"; Xapian: author:"NAME"
 */
/* wait4(), for each child's own peak RSS, is not POSIX. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "bench.h"
#include "corpus.h"
#include "pdx_index.h"
#include "pdx_peer.h"

double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void die(const char *fmt, const char *a, const char *b) {
    fprintf(stderr, "pdx-bench: ");
    fprintf(stderr, fmt, a ? a : "", b ? b : "");
    fputc('\n', stderr);
    exit(1);
}

/* ---- the corpus, as the peers read it ------------------------------------------ */

typedef struct rec {
    const char *title, *abstract;
    char *authors; /* "A, B, C" (malloc) */
} rec;

/* Reads one JSONL record's text fields (borrowed from `j`). */
static int read_rec(json_t *j, rec *r) {
    r->title = json_string_value(json_object_get(j, "title"));
    r->abstract = json_string_value(json_object_get(j, "abstract"));
    json_t *a = json_object_get(j, "authors");
    size_t n = 1, i;
    json_t *v;
    json_array_foreach(a, i, v) n += json_string_length(v) + 2;
    r->authors = malloc(n);
    if (!r->authors)
        return -1;
    r->authors[0] = '\0';
    size_t at = 0;
    json_array_foreach(a, i, v) {
        at += (size_t)sprintf(r->authors + at, "%s%s", i ? ", " : "", json_string_value(v));
    }
    if (!r->title)
        r->title = "";
    if (!r->abstract)
        r->abstract = "";
    return 0;
}

typedef int (*rec_fn)(const rec *r, const char *line, size_t n, void *payload);

static unsigned long each_record(const char *path, rec_fn fn, void *payload) {
    FILE *f = fopen(path, "r");
    if (!f)
        die("%s: cannot open", path, NULL);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long count = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        json_t *j = json_loadb(line, (size_t)n, 0, NULL);
        rec r = {0};
        if (!j || read_rec(j, &r))
            die("%s: a line is not a paper", path, NULL);
        if (fn(&r, line, (size_t)(n && line[n - 1] == '\n' ? n - 1 : n), payload))
            die("%s: indexing failed", path, NULL);
        free(r.authors);
        json_decref(j);
        count++;
    }
    free(line);
    fclose(f);
    return count;
}

/* ---- SQLite FTS5 ------------------------------------------------------------------ */

static void sql(sqlite3 *db, const char *s) {
    char *err = NULL;
    if (sqlite3_exec(db, s, NULL, NULL, &err) != SQLITE_OK)
        die("sqlite: %s: %s", s, err);
}

static int fts5_add(const rec *r, const char *line, size_t n, void *payload) {
    (void)line, (void)n;
    sqlite3_stmt *st = payload;
    sqlite3_bind_text(st, 1, r->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->abstract, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r->authors, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int load_fts5(const char *dbpath, const char *corpus) {
    sqlite3 *db = NULL;
    unlink(dbpath);
    if (sqlite3_open(dbpath, &db) != SQLITE_OK)
        die("%s: %s", dbpath, sqlite3_errmsg(db));
    sql(db, "CREATE VIRTUAL TABLE papers USING fts5(title, abstract, authors, "
            "tokenize='porter unicode61 remove_diacritics 2')");
    sql(db, "BEGIN");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO papers(title, abstract, authors) VALUES (?1, ?2, ?3)",
                           -1, &st, NULL) != SQLITE_OK)
        die("sqlite: %s%s", sqlite3_errmsg(db), NULL);
    unsigned long n = each_record(corpus, fts5_add, st);
    sqlite3_finalize(st);
    sql(db, "COMMIT");
    sqlite3_close(db);
    printf("%lu\n", n);
    return 0;
}

static int compact_fts5(const char *dbpath) {
    sqlite3 *db = NULL;
    if (sqlite3_open(dbpath, &db) != SQLITE_OK)
        die("%s: %s", dbpath, sqlite3_errmsg(db));
    sql(db, "INSERT INTO papers(papers) VALUES('optimize')");
    sql(db, "VACUUM");
    sqlite3_close(db);
    return 0;
}

/* ---- queries ------------------------------------------------------------------------ */

typedef struct query {
    char kind[8];
    char *text;
} query;

static query *read_queries(const char *path, size_t *n_out) {
    FILE *f = fopen(path, "r");
    if (!f)
        die("%s: cannot open", path, NULL);
    query *v = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab || tab - line >= 8)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            v = realloc(v, cap * sizeof *v);
            if (!v)
                die("out of memory%s%s", NULL, NULL);
        }
        memcpy(v[n].kind, line, (size_t)(tab - line));
        v[n].kind[tab - line] = '\0';
        v[n].text = strdup(tab + 1);
        n++;
    }
    free(line);
    fclose(f);
    *n_out = n;
    return v;
}

static void free_queries(query *v, size_t n) {
    for (size_t i = 0; i < n; i++)
        free(v[i].text);
    free(v);
}

/* Appends `s` in double quotes, FTS5's way (a quote doubled). */
static size_t fts5_quote(char *out, const char *s, size_t n) {
    size_t k = 0;
    out[k++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            out[k++] = '"';
        out[k++] = s[i];
    }
    out[k++] = '"';
    return k;
}

/* The query in FTS5's language (see the top of the file). */
static char *fts5_query(const query *q) {
    size_t n = strlen(q->text);
    char *out = malloc(4 * n + 64);
    size_t k = 0;
    if (strcmp(q->kind, "author") == 0) {
        k += (size_t)sprintf(out, "authors : ");
        k += fts5_quote(out + k, q->text, n);
    } else if (strcmp(q->kind, "phrase") == 0) {
        k += fts5_quote(out, q->text, n);
    } else {
        for (const char *p = q->text; *p;) {
            size_t w = strcspn(p, " ");
            if (w) {
                if (k)
                    k += (size_t)sprintf(out + k, " OR ");
                k += fts5_quote(out + k, p, w);
            }
            p += w;
            p += strspn(p, " ");
        }
    }
    out[k] = '\0';
    return out;
}

static char *xapian_query(const query *q) {
    size_t n = strlen(q->text);
    char *out = malloc(n + 32);
    if (strcmp(q->kind, "author") == 0)
        sprintf(out, "author:\"%s\"", q->text);
    else if (strcmp(q->kind, "phrase") == 0)
        sprintf(out, "\"%s\"", q->text);
    else
        strcpy(out, q->text);
    return out;
}

/* Reading the hits' columns is part of the work measured, as the other
 * engines read their hits' stored data; the sum keeps it from being
 * optimised away. */
static volatile size_t fts5_read_bytes;

static int search_fts5(const char *dbpath, const char *qpath, const char *outpath) {
    size_t nq = 0;
    query *qs = read_queries(qpath, &nq);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die("%s: %s", dbpath, sqlite3_errmsg(db));
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT rowid, title, authors FROM papers WHERE papers MATCH ?1 "
                           "ORDER BY rank LIMIT 10",
                           -1, &st, NULL) != SQLITE_OK)
        die("sqlite: %s%s", sqlite3_errmsg(db), NULL);
    FILE *out = fopen(outpath, "w");
    if (!out)
        die("%s: cannot write", outpath, NULL);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < nq; i++) {
            char *text = fts5_query(&qs[i]);
            double t0 = now();
            sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
            size_t bytes = 0;
            int rc;
            while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                bytes += (size_t)sqlite3_column_bytes(st, 1) + (size_t)sqlite3_column_bytes(st, 2);
            fts5_read_bytes += bytes;
            sqlite3_reset(st);
            double ms = (now() - t0) * 1000;
            if (rc != SQLITE_DONE)
                fprintf(stderr, "pdx-bench: fts5: %s: %s\n", text, sqlite3_errmsg(db));
            if (pass == 1)
                fprintf(out, "%s\t%.4f\n", qs[i].kind, ms);
            free(text);
        }
    fclose(out);
    sqlite3_finalize(st);
    sqlite3_close(db);
    free_queries(qs, nq);
    return 0;
}

/* ---- the minimal Xapian peer ------------------------------------------------------- */

static int xapian_add(const rec *r, const char *line, size_t n, void *payload) {
    return pdx_peer_add(payload, r->title, r->abstract, r->authors, line, n) ? -1 : 0;
}

static int load_xapian(const char *dir, const char *corpus) {
    pdx_peer *p = NULL;
    char *err = NULL;
    if (pdx_peer_open(&p, dir, true, &err))
        die("%s%s", err, NULL);
    unsigned long n = each_record(corpus, xapian_add, p);
    if (pdx_peer_commit(p))
        die("%s%s", pdx_peer_errmsg(p), NULL);
    pdx_peer_close(p);
    printf("%lu\n", n);
    return 0;
}

static int search_xapian(const char *dir, const char *qpath, const char *outpath) {
    size_t nq = 0;
    query *qs = read_queries(qpath, &nq);
    pdx_peer *p = NULL;
    char *err = NULL;
    if (pdx_peer_open(&p, dir, false, &err))
        die("%s%s", err, NULL);
    FILE *out = fopen(outpath, "w");
    if (!out)
        die("%s: cannot write", outpath, NULL);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < nq; i++) {
            char *text = xapian_query(&qs[i]);
            unsigned hits = 0;
            double t0 = now();
            if (pdx_peer_search(p, text, 10, &hits))
                fprintf(stderr, "pdx-bench: xapian: %s: %s\n", text, pdx_peer_errmsg(p));
            double ms = (now() - t0) * 1000;
            if (pass == 1)
                fprintf(out, "%s\t%.4f\n", qs[i].kind, ms);
            free(text);
        }
    fclose(out);
    pdx_peer_close(p);
    free_queries(qs, nq);
    return 0;
}

static int compact_xapian(const char *src, const char *dst) {
    char *err = NULL;
    if (pdx_index__compact(src, dst, &err))
        die("%s%s", err, NULL);
    return 0;
}

/* ---- running children ----------------------------------------------------------------- */

/* Runs argv with stdout to `out_path` (or /dev/null) and stdin from
 * `in_path` (or /dev/null). */
child_run spawn(char *const argv[], const char *in_path, const char *out_path) {
    child_run r = {0, 0, -1};
    fflush(stdout);
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s%s", strerror(errno), NULL);
    if (pid == 0) {
        /* a benchmark killed mid-step takes its step with it */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        int in = open(in_path ? in_path : "/dev/null", O_RDONLY);
        int out = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0)
            _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        execv(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0)
        die("wait: %s%s", strerror(errno), NULL);
    r.wall = now() - t0;
    r.rss_mb = ru.ru_maxrss / 1024.0;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (r.status != 0 && !(r.status == 3 && strstr(argv[0], "paperdex"))) {
        fprintf(stderr, "pdx-bench: %s %s failed (exit %d)\n", argv[0], argv[1] ? argv[1] : "",
                r.status);
        exit(1);
    }
    return r;
}

static uint64_t du_total;
static int du_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)path, (void)ftw;
    if (flag == FTW_F)
        du_total += (uint64_t)sb->st_size;
    return 0;
}

/* Bytes of the files under `path` (a file or a directory). */
double size_mb(const char *path) {
    du_total = 0;
    nftw(path, du_one, 16, FTW_PHYS);
    return du_total / 1e6;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

void rm_rf(const char *path) {
    struct stat sb;
    if (lstat(path, &sb) == 0)
        nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- figures ------------------------------------------------------------------------------ */

int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double median(double *v, size_t n) {
    if (!n)
        return NAN;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Nearest-rank percentile of a sorted array. */
double pct(const double *sorted, size_t n, double p) {
    if (!n)
        return NAN;
    size_t k = (size_t)ceil(p / 100.0 * (double)n);
    return sorted[k ? k - 1 : 0];
}

/* "topic" is every query but the author names: what `search --batch` runs */
#define N_KINDS 6 /* all, word, words, phrase, author, topic */
static const char *const kind_names[N_KINDS] = {"all", "word", "words", "phrase", "author",
                                                "topic"};

enum { E_PDX1, E_PDX2, E_FTS5, E_XAPIAN, N_ENGINES };
static const char *const engine_names[N_ENGINES] = {"paperdex --jobs 1", "paperdex --jobs 2",
                                                    "SQLite FTS5", "Xapian (minimal)"};
static const char *const engine_keys[N_ENGINES] = {"paperdex_j1", "paperdex_j2", "fts5",
                                                   "xapian_min"};

typedef struct figures {
    double ingest_s[MAX_REPEAT], rss_mb[MAX_REPEAT], raw_mb[MAX_REPEAT];
    double compact_s[MAX_REPEAT], size_mb[MAX_REPEAT];
    double merge_s[MAX_REPEAT]; /* paperdex's merge_seconds (two halves) */
    double p[N_KINDS][3][MAX_REPEAT]; /* p50, p95, p99 per kind per repeat */
    unsigned long docs;
    bool searched;
    /* medians */
    double m_ingest, m_rss, m_raw, m_compact, m_size, m_merge, m_p[N_KINDS][3];
} figures;

/* Reads "kind<TAB>ms" lines and stores the percentiles of run `rep`. */
static void latencies(figures *f, size_t rep, const char *path) {
    FILE *in = fopen(path, "r");
    if (!in)
        die("%s: cannot read", path, NULL);
    double *v[N_KINDS];
    size_t n[N_KINDS] = {0}, cap = 1 << 16;
    for (int k = 0; k < N_KINDS; k++)
        v[k] = malloc(cap * sizeof(double));
    char kind[32];
    double ms;
    while (fscanf(in, "%31s %lf", kind, &ms) == 2) {
        for (int k = 1; k < N_KINDS - 1; k++)
            if (strcmp(kind, kind_names[k]) == 0 && n[k] < cap)
                v[k][n[k]++] = ms;
        if (strcmp(kind, "author") != 0 && n[N_KINDS - 1] < cap)
            v[N_KINDS - 1][n[N_KINDS - 1]++] = ms;
        if (n[0] < cap)
            v[0][n[0]++] = ms;
    }
    fclose(in);
    for (int k = 0; k < N_KINDS; k++) {
        qsort(v[k], n[k], sizeof(double), cmp_double);
        f->p[k][0][rep] = pct(v[k], n[k], 50);
        f->p[k][1][rep] = pct(v[k], n[k], 95);
        f->p[k][2][rep] = pct(v[k], n[k], 99);
        free(v[k]);
    }
}

/* paperdex --json batch output → "kind<TAB>ms" of the timed (second) half. */
void paperdex_latencies(const char *json_path, const char *kind, size_t n_queries,
                               FILE *out) {
    FILE *in = fopen(json_path, "r");
    if (!in)
        die("%s: cannot read", json_path, NULL);
    char *line = NULL;
    size_t cap = 0, i = 0;
    while (getline(&line, &cap, in) > 0) {
        const char *t = strstr(line, "\"took_ms\":");
        if (t && i++ >= n_queries)
            fprintf(out, "%s\t%.4f\n", kind, strtod(t + 10, NULL));
    }
    free(line);
    fclose(in);
}

/* ---- run --------------------------------------------------------------------------------- */

char *path_in(const run_opts *o, const char *name) {
    size_t n = strlen(o->dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", o->dir, name);
    return p;
}

void write_corpus(const run_opts *o, const char *corpus, const char *queries) {
    FILE *f = fopen(corpus, "w");
    if (!f)
        die("%s: cannot write", corpus, NULL);
    pdx_corpus *c = pdx_corpus_new(o->seed, o->n);
    if (!c)
        die("out of memory%s%s", NULL, NULL);
    while (pdx_corpus_next_jsonl(c, f))
        ;
    if (fclose(f) != 0)
        die("%s: write error", corpus, NULL);
    FILE *q = fopen(queries, "w");
    if (!q || !pdx_corpus_queries(c, q, (size_t)o->nq) || fclose(q) != 0)
        die("%s: write error", queries, NULL);
    pdx_corpus_free(c);
}

/* Splits the queries for paperdex: topic queries (phrases quoted) and
 * author names, each file holding its queries twice (warm-up, timed). */
void paperdex_query_files(const char *queries, const char *topic, const char *author,
                                 size_t *n_topic, size_t *n_author) {
    size_t nq = 0;
    query *qs = read_queries(queries, &nq);
    FILE *t = fopen(topic, "w"), *a = fopen(author, "w");
    if (!t || !a)
        die("%s: cannot write", topic, NULL);
    *n_topic = *n_author = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < nq; i++) {
            if (strcmp(qs[i].kind, "author") == 0) {
                fprintf(a, "%s\n", qs[i].text);
                *n_author += !pass;
            } else if (strcmp(qs[i].kind, "phrase") == 0) {
                fprintf(t, "\"%s\"\n", qs[i].text);
                *n_topic += !pass;
            } else {
                fprintf(t, "%s\n", qs[i].text);
                *n_topic += !pass;
            }
        }
    fclose(t);
    fclose(a);
    free_queries(qs, nq);
}

uint64_t count_lines(const char *path) {
    FILE *c = fopen(path, "r");
    uint64_t n = 0;
    for (int ch; c && (ch = getc(c)) != EOF;)
        n += ch == '\n';
    if (c)
        fclose(c);
    return n;
}

static unsigned long read_count(const char *path) {
    FILE *f = fopen(path, "r");
    unsigned long n = 0;
    if (f) {
        if (fscanf(f, "%lu", &n) != 1)
            n = 0;
        fclose(f);
    }
    return n;
}

/* The "merge_seconds" of an ingest's --json summary in `path`, or 0. */
static double read_merge(const char *path) {
    char buf[4096];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    const char *t = strstr(buf, "\"merge_seconds\":");
    return t ? strtod(t + strlen("\"merge_seconds\":"), NULL) : 0;
}

static void print_report(const run_opts *o, figures *fg, FILE *out) {
    if (o->queries_only) {
        fprintf(out, "\npaperdex benchmark, queries only: %llu papers in %s, %llu queries, %u run%s,"
                     " medians\n\n| engine | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|\n",
                (unsigned long long)o->n, o->dir, (unsigned long long)o->nq, o->repeat,
                o->repeat == 1 ? "" : "s");
        for (int e = 0; e < N_ENGINES; e++)
            if (fg[e].searched)
                fprintf(out, "| %s | %.2f | %.2f | %.2f |\n", engine_names[e], fg[e].m_p[0][0],
                        fg[e].m_p[0][1], fg[e].m_p[0][2]);
    } else {
        fprintf(out, "\npaperdex benchmark: %llu papers (seed %llu), %llu queries, %u run%s, medians\n\n",
                (unsigned long long)o->n, (unsigned long long)o->seed, (unsigned long long)o->nq,
                o->repeat, o->repeat == 1 ? "" : "s");
        fprintf(out, "| engine | ingest s | docs/s | peak RSS MB | index MB | compact s | compacted MB |"
                     " p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|---|---|---|---|\n");
    }
    for (int e = 0; e < N_ENGINES && !o->queries_only; e++) {
        figures *f = &fg[e];
        fprintf(out, "| %s | %.1f | %.0f | %.0f | %.0f | %.1f | %.0f |", engine_names[e],
                f->m_ingest, o->n / f->m_ingest, f->m_rss, f->m_raw, f->m_compact, f->m_size);
        if (f->searched)
            fprintf(out, " %.2f | %.2f | %.2f |\n", f->m_p[0][0], f->m_p[0][1], f->m_p[0][2]);
        else
            fprintf(out, " (same papers as --jobs 1) | | |\n");
    }
    if (!o->queries_only && fg[E_PDX2].m_merge > 0)
        fprintf(out, "\npaperdex --jobs 2: the merge of the two halves took %.1f s of its %.1f s.\n",
                fg[E_PDX2].m_merge, fg[E_PDX2].m_ingest);
    fprintf(out, "\nLatency by query kind, p50 / p99 ms:\n\n| engine |");
    for (int k = 1; k < N_KINDS; k++)
        fprintf(out, " %s |", kind_names[k]);
    fprintf(out, "\n|---|---|---|---|---|---|\n");
    for (int e = 0; e < N_ENGINES; e++) {
        if (!fg[e].searched)
            continue;
        fprintf(out, "| %s |", engine_names[e]);
        for (int k = 1; k < N_KINDS; k++)
            fprintf(out, " %.2f / %.2f |", fg[e].m_p[k][0], fg[e].m_p[k][2]);
        fputc('\n', out);
    }
    fprintf(out, "\nRatios (paperdex / peer): docs/s above 1 is faster; size and latency"
                 " below 1 is smaller / faster.\n\n| paperdex vs | docs/s j1 | docs/s j2 |"
                 " compacted size | p50 | p99 | speed-up at p99 (peer p99 / paperdex p99) |\n"
                 "|---|---|---|---|---|---|---|\n");
    for (int e = E_FTS5; e < N_ENGINES && o->queries_only; e++) {
        figures *p = &fg[E_PDX1], *q = &fg[e];
        fprintf(out, "| %s | | | | %.2f | %.2f | %.2f |\n", engine_names[e],
                p->m_p[0][0] / q->m_p[0][0], p->m_p[0][2] / q->m_p[0][2],
                q->m_p[0][2] / p->m_p[0][2]);
    }
    for (int e = E_FTS5; e < N_ENGINES && !o->queries_only; e++) {
        figures *p = &fg[E_PDX1], *q = &fg[e];
        fprintf(out, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", engine_names[e],
                q->m_ingest / p->m_ingest, q->m_ingest / fg[E_PDX2].m_ingest, p->m_size / q->m_size,
                p->m_p[0][0] / q->m_p[0][0], p->m_p[0][2] / q->m_p[0][2],
                q->m_p[0][2] / p->m_p[0][2]);
    }
}

static void print_json(const run_opts *o, figures *fg, FILE *out) {
    fprintf(out, "{\"papers\": %llu, ", (unsigned long long)o->n);
    if (!o->queries_only) /* else the corpus is whatever the run wrote */
        fprintf(out, "\"seed\": %llu, ", (unsigned long long)o->seed);
    fprintf(out, "\"queries\": %llu, \"repeat\": %u, \"queries_only\": %s, \"engines\": {",
            (unsigned long long)o->nq, o->repeat, o->queries_only ? "true" : "false");
    for (int e = 0; e < N_ENGINES; e++) {
        figures *f = &fg[e];
        fprintf(out, "%s\"%s\": {\"name\": \"%s\"", e ? ", " : "", engine_keys[e], engine_names[e]);
        if (!o->queries_only)
            fprintf(out, ", \"docs\": %lu, \"ingest_s\": %.3f, \"docs_per_s\": %.1f, "
                         "\"peak_rss_mb\": %.1f, \"index_mb\": %.2f, \"compact_s\": %.3f, "
                         "\"compacted_mb\": %.2f",
                    f->docs, f->m_ingest, o->n / f->m_ingest, f->m_rss, f->m_raw, f->m_compact,
                    f->m_size);
        if (!o->queries_only && (e == E_PDX1 || e == E_PDX2))
            fprintf(out, ", \"merge_s\": %.3f", f->m_merge);
        if (f->searched) {
            fprintf(out, ", \"latency_ms\": {");
            for (int k = 0; k < N_KINDS; k++)
                fprintf(out, "%s\"%s\": {\"p50\": %.4f, \"p95\": %.4f, \"p99\": %.4f}", k ? ", " : "",
                        kind_names[k], f->m_p[k][0], f->m_p[k][1], f->m_p[k][2]);
            fputc('}', out);
        }
        fputc('}', out);
    }
    fprintf(out, "}, \"ratios\": {");
    for (int e = E_FTS5; e < N_ENGINES; e++) {
        figures *p = &fg[E_PDX1], *q = &fg[e];
        fprintf(out, "%s\"%s\": {", e > E_FTS5 ? ", " : "", engine_keys[e]);
        if (!o->queries_only)
            fprintf(out, "\"docs_per_s_j1\": %.3f, \"docs_per_s_j2\": %.3f, \"compacted_size\": %.3f, ",
                    q->m_ingest / p->m_ingest, q->m_ingest / fg[E_PDX2].m_ingest,
                    p->m_size / q->m_size);
        fprintf(out, "\"p50\": %.3f, \"p99\": %.3f", p->m_p[0][0] / q->m_p[0][0],
                p->m_p[0][2] / q->m_p[0][2]);
        for (int k = 1; k < N_KINDS; k++)
            fprintf(out, ", \"p50_%s\": %.3f, \"p99_%s\": %.3f", kind_names[k],
                    p->m_p[k][0] / q->m_p[k][0], kind_names[k], p->m_p[k][2] / q->m_p[k][2]);
        fputc('}', out);
    }
    fprintf(out, "}}\n");
}

/* Runs the queries against engine `e`'s index `db` (warm: every query
 * untimed, then timed) and stores the percentiles as run `rep`. */
static void search_engine(const run_opts *o, figures *f, int e, unsigned rep, const char *db,
                          const char *queries, const char *qtopic, const char *qauthor,
                          size_t n_topic, size_t n_author) {
    char *lat = path_in(o, "latency.tsv"), *out = path_in(o, "out.txt");
    f->searched = true;
    if (e == E_PDX1) {
        FILE *l = fopen(lat, "w");
        char *json = path_in(o, "paperdex-out.jsonl");
        char *argv[] = {(char *)o->paperdex, "search", "--db", (char *)db, "--json", "--batch",
                        (char *)qtopic, NULL, NULL, NULL};
        if (o->feedback) {
            argv[7] = "--feedback";
            argv[8] = (char *)o->feedback;
        }
        spawn(argv, NULL, json);
        paperdex_latencies(json, "topic", n_topic, l);
        char *argv2[] = {(char *)o->paperdex, "author", "--db", (char *)db, "--json",
                         "--batch", (char *)qauthor, NULL};
        spawn(argv2, NULL, json);
        paperdex_latencies(json, "author", n_author, l);
        fclose(l);
        free(json);
        /* The topic lines carry no kind: put the kinds back from the
         * query file, in order. */
        size_t nq = 0;
        query *qs = read_queries(queries, &nq);
        FILE *in = fopen(lat, "r"), *fixed = fopen(out, "w");
        char kind[32];
        double ms;
        size_t ti = 0;
        while (fscanf(in, "%31s %lf", kind, &ms) == 2) {
            if (strcmp(kind, "topic") == 0) {
                while (ti < nq && strcmp(qs[ti].kind, "author") == 0)
                    ti++;
                fprintf(fixed, "%s\t%.4f\n", ti < nq ? qs[ti].kind : "word", ms);
                ti++;
            } else {
                fprintf(fixed, "author\t%.4f\n", ms);
            }
        }
        fclose(in);
        fclose(fixed);
        free_queries(qs, nq);
        latencies(f, rep, out);
    } else {
        char *argv[] = {(char *)o->self, e == E_FTS5 ? "search-fts5" : "search-xapian", (char *)db,
                        (char *)queries, lat, NULL};
        spawn(argv, NULL, NULL);
        latencies(f, rep, lat);
    }
    free(lat);
    free(out);
}

/* The medians over the runs, as a table and (--json) a JSON object. */
static void report(const run_opts *o, figures *fg) {
    for (int e = 0; e < N_ENGINES; e++) {
        figures *f = &fg[e];
        f->m_ingest = median(f->ingest_s, o->repeat);
        f->m_rss = median(f->rss_mb, o->repeat);
        f->m_raw = median(f->raw_mb, o->repeat);
        f->m_compact = median(f->compact_s, o->repeat);
        f->m_size = median(f->size_mb, o->repeat);
        f->m_merge = median(f->merge_s, o->repeat);
        for (int k = 0; k < N_KINDS; k++)
            for (int j = 0; j < 3; j++)
                f->m_p[k][j] = median(f->p[k][j], o->repeat);
    }
    print_report(o, fg, stdout);
    if (o->json) {
        FILE *j = strcmp(o->json, "-") == 0 ? stdout : fopen(o->json, "w");
        if (!j)
            die("%s: cannot write", o->json, NULL);
        print_json(o, fg, j);
        if (j != stdout)
            fclose(j);
    }
}

/* `pdx-bench queries`: the query half of `run` again, on the indexes a run
 * left in DIR, R times, the three searchers in turn — for a change to the
 * query path, or a corpus too large to ingest again. */
static int queries_only(run_opts *o) {
    char *corpus = path_in(o, "corpus.jsonl"), *queries = path_in(o, "queries.tsv");
    char *qtopic = path_in(o, "q-paperdex-topic.txt"), *qauthor = path_in(o, "q-paperdex-author.txt");
    char *dbs[N_ENGINES] = {path_in(o, "paperdex-j1.db"), NULL, path_in(o, "fts5.sqlite"),
                            path_in(o, "xapian-min.db")};
    for (int e = 0; e < N_ENGINES; e++)
        if (dbs[e] && access(dbs[e], R_OK) != 0)
            die("%s: %s (run `pdx-bench run --dir` first)", dbs[e], strerror(errno));
    size_t n_topic = 0, n_author = 0;
    paperdex_query_files(queries, qtopic, qauthor, &n_topic, &n_author);
    o->nq = n_topic + n_author;
    /* the papers, for the report: the corpus's lines */
    o->n = count_lines(corpus);
    static figures fg[N_ENGINES];
    memset(fg, 0, sizeof fg);
    for (unsigned rep = 0; rep < o->repeat; rep++)
        for (int e = 0; e < N_ENGINES; e++) {
            if (!dbs[e])
                continue;
            fprintf(stderr, "pdx-bench: run %u/%u: %s queries...", rep + 1, o->repeat,
                    engine_names[e]);
            search_engine(o, &fg[e], e, rep, dbs[e], queries, qtopic, qauthor, n_topic, n_author);
            fprintf(stderr, " p50 %.2f ms, p99 %.2f ms\n", fg[e].p[0][0][rep], fg[e].p[0][2][rep]);
        }
    report(o, fg);
    free(corpus), free(queries), free(qtopic), free(qauthor);
    for (int e = 0; e < N_ENGINES; e++)
        free(dbs[e]);
    return 0;
}

/* Run `rep`'s ingest of corpus into db by engine e, its output in `out`:
 * paperdex through its CLI (--jobs 1 or 2), the others through this
 * program's loaders. Fills f's papers and merge time; returns the child's
 * wall time and peak RSS. */
static child_run ingest_engine(run_opts *o, figures *f, int e, unsigned rep, char *db,
                               char *corpus, char *out) {
    child_run r;
    char batch[32];
    snprintf(batch, sizeof batch, "%u", o->batch);
    if (e == E_PDX1 || e == E_PDX2) {
        char *argv[16];
        int k = 0;
        argv[k++] = (char *)o->paperdex;
        argv[k++] = "ingest";
        argv[k++] = "--json"; /* quiet, and the summary tells the merge's time */
        argv[k++] = "--db";
        argv[k++] = db;
        argv[k++] = "--jobs";
        argv[k++] = e == E_PDX1 ? "1" : "2";
        if (o->batch) {
            argv[k++] = "--batch";
            argv[k++] = batch;
        }
        argv[k++] = corpus;
        argv[k] = NULL;
        r = spawn(argv, NULL, out);
        f->docs = o->n;
        f->merge_s[rep] = read_merge(out);
    } else {
        char *argv[] = {o->self, e == E_FTS5 ? "load-fts5" : "load-xapian", db, corpus, NULL};
        r = spawn(argv, NULL, out);
        f->docs = read_count(out);
    }
    return r;
}

/* Compacts db as engine e does it best (tmp: Xapian's compact writes a
 * copy, then renamed over db); returns the child's wall time. */
static child_run compact_engine(run_opts *o, int e, char *db, char *tmp) {
    child_run r;
    rm_rf(tmp);
    if (e == E_FTS5) {
        char *argv[] = {o->self, "compact-fts5", db, NULL};
        r = spawn(argv, NULL, NULL);
    } else if (e == E_XAPIAN) {
        char *argv[] = {o->self, "compact-xapian", db, tmp, NULL};
        r = spawn(argv, NULL, NULL);
        rm_rf(db);
        rename(tmp, db);
    } else {
        char *argv[] = {(char *)o->paperdex, "compact", "--db", db, NULL};
        r = spawn(argv, NULL, NULL);
    }
    return r;
}

static int run(run_opts *o) {
    mkdir(o->dir, 0755);
    char *corpus = path_in(o, "corpus.jsonl"), *queries = path_in(o, "queries.tsv");
    char *qtopic = path_in(o, "q-paperdex-topic.txt"), *qauthor = path_in(o, "q-paperdex-author.txt");
    char *out = path_in(o, "out.txt");
    char *dbs[N_ENGINES] = {path_in(o, "paperdex-j1.db"), path_in(o, "paperdex-j2.db"),
                            path_in(o, "fts5.sqlite"), path_in(o, "xapian-min.db")};
    char *tmp = path_in(o, "compacted.tmp");
    fprintf(stderr, "pdx-bench: writing %llu papers and %llu queries to %s\n",
            (unsigned long long)o->n, (unsigned long long)o->nq, o->dir);
    write_corpus(o, corpus, queries);
    size_t n_topic = 0, n_author = 0;
    paperdex_query_files(queries, qtopic, qauthor, &n_topic, &n_author);
    fprintf(stderr, "pdx-bench: corpus %.0f MB\n", size_mb(corpus));
    static figures fg[N_ENGINES];
    memset(fg, 0, sizeof fg);
    for (unsigned rep = 0; rep < o->repeat; rep++) {
        for (int e = 0; e < N_ENGINES; e++) {
            figures *f = &fg[e];
            rm_rf(dbs[e]);
            fprintf(stderr, "pdx-bench: run %u/%u: %s ingest...", rep + 1, o->repeat, engine_names[e]);
            child_run r = ingest_engine(o, f, e, rep, dbs[e], corpus, out);
            f->ingest_s[rep] = r.wall;
            f->rss_mb[rep] = r.rss_mb;
            f->raw_mb[rep] = size_mb(dbs[e]);
            fprintf(stderr, " %.1f s, %.0f MB; compact...", r.wall, f->raw_mb[rep]);
            r = compact_engine(o, e, dbs[e], tmp);
            f->compact_s[rep] = r.wall;
            f->size_mb[rep] = size_mb(dbs[e]);
            fprintf(stderr, " %.1f s, %.0f MB; queries...", r.wall, f->size_mb[rep]);
            if (e == E_PDX2) {
                fputc('\n', stderr);
                continue; /* the same papers and answers as --jobs 1 (tests/e2e/test_jobs.sh) */
            }
            search_engine(o, f, e, rep, dbs[e], queries, qtopic, qauthor, n_topic, n_author);
            fprintf(stderr, " p50 %.2f ms, p99 %.2f ms\n", f->p[0][0][rep], f->p[0][2][rep]);
        }
    }
    report(o, fg);
    free(corpus), free(queries), free(qtopic), free(qauthor), free(out), free(tmp);
    for (int e = 0; e < N_ENGINES; e++)
        free(dbs[e]);
    return 0;
}

static int usage(void) {
    fputs("Usage: pdx-bench run [--n N] [--repeat R] [--seed S] [--nq N] [--dir DIR]\n"
          "                     [--paperdex PATH] [--batch B] [--json FILE]\n"
          "       pdx-bench queries [--dir DIR] [--repeat R] [--paperdex PATH] [--json FILE]\n"
          "                         [--feedback off|on|auto]\n"
          "       pdx-bench shards [--n N] [--repeat R] [--seed S] [--nq N] [--dir DIR]\n"
          "                        [--paperdex PATH] [--batch B] [--json FILE]\n"
          "                        [--shards-list 1,2,4] [--feedback off|on|auto]\n"
          "       pdx-bench load-fts5|load-xapian DB CORPUS\n"
          "       pdx-bench compact-fts5 DB | compact-xapian SRC DST\n"
          "       pdx-bench search-fts5|search-xapian DB QUERIES OUT\n",
          stderr);
    return 2;
}

int main(int argc, char **argv) {
    if (argc < 2)
        return usage();
    const char *cmd = argv[1];
    if (strcmp(cmd, "load-fts5") == 0 && argc == 4)
        return load_fts5(argv[2], argv[3]);
    if (strcmp(cmd, "load-xapian") == 0 && argc == 4)
        return load_xapian(argv[2], argv[3]);
    if (strcmp(cmd, "compact-fts5") == 0 && argc == 3)
        return compact_fts5(argv[2]);
    if (strcmp(cmd, "compact-xapian") == 0 && argc == 4)
        return compact_xapian(argv[2], argv[3]);
    if (strcmp(cmd, "search-fts5") == 0 && argc == 5)
        return search_fts5(argv[2], argv[3], argv[4]);
    if (strcmp(cmd, "search-xapian") == 0 && argc == 5)
        return search_xapian(argv[2], argv[3], argv[4]);
    bool queries = strcmp(cmd, "queries") == 0, shards = strcmp(cmd, "shards") == 0;
    if (strcmp(cmd, "run") != 0 && !queries && !shards)
        return usage();
    run_opts o = {200000, 1, 1000, 3, 0, queries, "bench-run", NULL, NULL, NULL, "", false,
                  {1, 2, 4}, 3};
    /* every option takes a value: step over both */
    for (int i = 2; i < argc; i += 2) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            return usage();
        uint64_t x = 0;
        if (strcmp(a, "--n") == 0 && pdx_corpus_parse_size(&x, v))
            o.n = x, o.n_given = true;
        else if (strcmp(a, "--seed") == 0 && pdx_corpus_parse_size(&x, v))
            o.seed = x;
        else if (strcmp(a, "--nq") == 0 && pdx_corpus_parse_size(&x, v))
            o.nq = x;
        else if (strcmp(a, "--repeat") == 0 && pdx_corpus_parse_size(&x, v) && x >= 1 && x <= MAX_REPEAT)
            o.repeat = (unsigned)x;
        else if (strcmp(a, "--batch") == 0 && pdx_corpus_parse_size(&x, v))
            o.batch = (unsigned)x;
        else if (strcmp(a, "--dir") == 0)
            o.dir = v;
        else if (strcmp(a, "--paperdex") == 0)
            o.paperdex = v;
        else if (strcmp(a, "--feedback") == 0 &&
                 (!strcmp(v, "off") || !strcmp(v, "on") || !strcmp(v, "auto")))
            o.feedback = v;
        else if (strcmp(a, "--json") == 0)
            o.json = v;
        else if (strcmp(a, "--shards-list") == 0 && shards && bench_shards_list(&o, v) == 0)
            ;
        else
            return usage();
    }
    /* The children are this program and paperdex, found beside it. */
    ssize_t n = readlink("/proc/self/exe", o.self, sizeof o.self - 1);
    if (n <= 0)
        die("cannot find this program%s%s", NULL, NULL);
    o.self[n] = '\0';
    static char pdx[4096 + 16];
    if (!o.paperdex) {
        snprintf(pdx, sizeof pdx, "%s", o.self);
        char *slash = strrchr(pdx, '/');
        strcpy(slash + 1, "paperdex");
        o.paperdex = pdx;
    }
    if (shards)
        return bench_shards(&o);
    return queries ? queries_only(&o) : run(&o);
}
