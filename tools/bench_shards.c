/*
 * bench_shards.c — `pdx-bench shards`: what splitting a database into
 * shards costs at ingest and at query time, on one synthetic corpus, in
 * one run (docs/scale-out.md).
 *
 *   pdx-bench shards [--n N] [--repeat R] [--seed S] [--nq N] [--dir DIR]
 *                    [--paperdex PATH] [--batch B] [--json FILE]
 *                    [--shards-list 1,2,4] [--feedback off|on|auto]
 *
 * Reuses DIR/corpus.jsonl and DIR/queries.tsv when both are there (a
 * given --n must then be their size), else writes them as `run` does.
 * Then, R times, ingests the corpus once per entry of --shards-list, each
 * in a process of its own: `paperdex ingest --jobs 2`, with `--shards K`
 * for K > 1 (1 is a plain database, made by two halves and a merge; K
 * shards by the one-reader one-writer pipeline) into DIR/shards-K.db:
 * wall time, papers/s, peak RSS, size on disk.  Then it serves each shard
 * of the largest K with `paperdex serve-shard` on a free loopback port
 * (xapian-tcpsrv; a stub DIR/remote-K.stub of `remote tcp` lines names
 * them) and, R times, runs the same queries as `run` (topic queries
 * through `search --batch`, names through `author --batch`; warm: all
 * once untimed, then once timed) against the one database, the K local
 * shards (the directory) and the K remote shards: p50 and p99 of each
 * kind.  Every figure is the median over the R runs; ratios are against
 * the one database of the same run.  The servers are stopped on every
 * way out: at the end, on exit (die), on SIGINT/SIGTERM/SIGHUP, and, if
 * this process is killed outright, by the kernel (PR_SET_PDEATHSIG).
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "bench.h"

#define MAX_SERVERS 64
#define INGEST_JOBS "2"

enum { Q_ONE, Q_LOCAL, Q_REMOTE, N_QCONF };
static const char *const qconf_keys[N_QCONF] = {"one", "local", "remote"};
enum { K_TOPIC, K_AUTHOR, K_ALL, N_QKINDS };
static const char *const qkind_names[N_QKINDS] = {"topic", "author", "all"};

typedef struct ingest_figs {
    double wall[MAX_REPEAT], rss[MAX_REPEAT], size[MAX_REPEAT];
    double compact[MAX_REPEAT], csize[MAX_REPEAT]; /* every shard compacted, in turn */
    uint64_t papers; /* the ingest summary's, of the last run */
    double m_wall, m_rss, m_size, m_compact, m_csize;
} ingest_figs;

typedef struct search_figs {
    char *db; /* what --db names (malloc); NULL: this configuration is not run */
    unsigned shards;
    uint64_t papers;                   /* `paperdex stats` through that --db */
    double p[N_QKINDS][2][MAX_REPEAT]; /* p50, p99 of each run */
    double m_p[N_QKINDS][2];
} search_figs;

typedef struct shards_run {
    run_opts *o;
    char *corpus, *queries, *qtopic, *qauthor, *lat, *out;
    size_t n_topic, n_author;
    bool reused; /* the corpus was there: its seed is not known */
    ingest_figs ing[MAX_SHARD_CONFIGS];
    search_figs q[N_QCONF];
} shards_run;

/* The servers' process groups.  Global, as the signal handler and the
 * atexit hook must reach them. */
static pid_t servers[MAX_SERVERS];
static volatile sig_atomic_t n_servers;

int bench_shards_list(run_opts *o, const char *v) {
    o->n_shards = 0;
    while (*v) {
        char *end = NULL;
        errno = 0;
        unsigned long k = strtoul(v, &end, 10);
        if (errno || end == v || k < 1 || k > MAX_SERVERS || o->n_shards == MAX_SHARD_CONFIGS ||
            (o->n_shards && k <= o->shards[o->n_shards - 1]) || (*end && *end != ','))
            return -1;
        o->shards[o->n_shards++] = (unsigned)k;
        v = *end ? end + 1 : end;
        if (*end && !*v)
            return -1;
    }
    return o->n_shards ? 0 : -1;
}

/* ---- the servers ------------------------------------------------------------------ */

static void stop_servers(void) {
    for (int i = 0; i < n_servers; i++) {
        kill(-servers[i], SIGTERM);
        waitpid(servers[i], NULL, 0);
    }
    n_servers = 0;
}

/* Async-signal-safe: kill the groups, then die of the signal. */
static void on_signal(int sig) {
    for (int i = 0; i < n_servers; i++)
        kill(-servers[i], SIGTERM);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void guard_servers(void) {
    atexit(stop_servers);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* A loopback port nobody holds now (the kernel's pick). */
static unsigned free_port(void) {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t n = sizeof a;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) ||
        getsockname(s, (struct sockaddr *)&a, &n))
        die("a free port: %s%s", strerror(errno), NULL);
    close(s);
    return ntohs(a.sin_port);
}

static bool accepting(unsigned port) {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int s = socket(AF_INET, SOCK_STREAM, 0);
    bool ok = s >= 0 && connect(s, (struct sockaddr *)&a, sizeof a) == 0;
    if (s >= 0)
        close(s);
    return ok;
}

/* Whether the server's log starts "Starting server on host ..., port P":
 * the port answers for our server, not for another program's. */
static bool log_says_port(const char *log, unsigned port) {
    char line[256] = "", want[32];
    FILE *f = fopen(log, "r");
    if (f) {
        if (!fgets(line, sizeof line, f))
            line[0] = '\0';
        fclose(f);
    }
    snprintf(want, sizeof want, " port %u\n", port);
    size_t n = strlen(line), w = strlen(want);
    return strncmp(line, "Starting server", 15) == 0 && n >= w && strcmp(line + n - w, want) == 0;
}

/* Forks `paperdex serve-shard --db DB --port P` in a process group of its
 * own (xapian-tcpsrv forks one child per connection: the group is what
 * to kill), recorded before any signal can come in. */
static pid_t fork_server(const run_opts *o, const char *db, unsigned port, const char *log) {
    char p[16];
    snprintf(p, sizeof p, "%u", port);
    char *argv[] = {(char *)o->paperdex, "serve-shard", "--db", (char *)db, "--port", p, NULL};
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT), sigaddset(&block, SIGTERM), sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &old);
    pid_t parent = getpid(), pid = fork();
    if (pid < 0)
        die("fork: %s%s", strerror(errno), NULL);
    if (pid == 0) {
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        int in = open("/dev/null", O_RDONLY), out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (getppid() != parent || in < 0 || out < 0)
            _exit(126);
        dup2(in, 0), dup2(out, 1), dup2(out, 2);
        sigprocmask(SIG_SETMASK, &old, NULL);
        execv(argv[0], argv);
        _exit(127);
    }
    setpgid(pid, pid); /* (either side may run first) */
    servers[n_servers] = pid;
    n_servers = n_servers + 1;
    sigprocmask(SIG_SETMASK, &old, NULL);
    return pid;
}

/* Serves `db` on a free loopback port and waits until it accepts; a port
 * taken in between makes the server exit, and another is tried. */
static unsigned start_server(const shards_run *sr, const char *db, unsigned k) {
    char name[32];
    snprintf(name, sizeof name, "server-%u.log", k);
    char *log = path_in(sr->o, name);
    for (int attempt = 0; attempt < 10; attempt++) {
        unsigned port = free_port();
        pid_t pid = fork_server(sr->o, db, port, log);
        double end = now() + 60;
        int status;
        while (waitpid(pid, &status, WNOHANG) == 0 && now() < end) {
            if (accepting(port) && log_says_port(log, port)) {
                free(log);
                return port;
            }
            usleep(20000);
        }
        kill(-pid, SIGTERM);
        waitpid(pid, NULL, 0);
        n_servers = n_servers - 1;
    }
    die("serve-shard --db %s did not start (see %s)", db, log);
    return 0;
}

/* Serves each shard of sr->q[Q_LOCAL]'s database; writes the stub that
 * names them, for Q_REMOTE. */
static void serve_shards(shards_run *sr) {
    search_figs *l = &sr->q[Q_LOCAL], *r = &sr->q[Q_REMOTE];
    char name[32];
    snprintf(name, sizeof name, "remote-%u.stub", l->shards);
    r->db = path_in(sr->o, name);
    r->shards = l->shards;
    FILE *stub = fopen(r->db, "w");
    if (!stub)
        die("%s: cannot write", r->db, NULL);
    for (unsigned k = 0; k < l->shards; k++) {
        size_t n = strlen(l->db) + 32;
        char *shard = malloc(n);
        snprintf(shard, n, "%s/shard-%u", l->db, k);
        fprintf(stub, "remote tcp 127.0.0.1:%u\n", start_server(sr, shard, k));
        free(shard);
    }
    if (fclose(stub) != 0)
        die("%s: write error", r->db, NULL);
    fprintf(stderr, "pdx-bench: %u servers on loopback, named by %s\n", r->shards, r->db);
}

/* ---- ingest ---------------------------------------------------------------------- */

/* The "papers" of a paperdex --json output (an ingest summary, stats). */
static uint64_t read_papers(const char *path) {
    json_error_t err;
    json_t *j = json_load_file(path, JSON_DISABLE_EOF_CHECK, &err);
    json_t *p = json_object_get(j, "papers");
    if (!json_is_integer(p))
        die("%s: no \"papers\" in paperdex's output (%s)", path, err.text);
    uint64_t n = (uint64_t)json_integer_value(p);
    json_decref(j);
    return n;
}

static char *shards_db(const run_opts *o, unsigned k) {
    char name[32];
    snprintf(name, sizeof name, "shards-%u.db", k);
    return path_in(o, name);
}

/* Compacts each of db's k shards (db itself if k is 1) with `paperdex
 * compact`, as docs/scale-out.md does before serving them: the one
 * database comes out of --jobs 2 compacted by its merge, the shards out
 * of the pipeline as written. */
static void compact_one(shards_run *sr, ingest_figs *f, const char *db, unsigned k, unsigned rep) {
    size_t n = strlen(db) + 32;
    char *shard = malloc(n);
    if (!shard)
        die("out of memory%s%s", NULL, NULL);
    f->compact[rep] = 0;
    for (unsigned s = 0; s < k; s++) {
        if (k == 1)
            snprintf(shard, n, "%s", db);
        else
            snprintf(shard, n, "%s/shard-%u", db, s);
        char *argv[] = {(char *)sr->o->paperdex, "compact", "--db", shard, NULL};
        f->compact[rep] += spawn(argv, NULL, NULL).wall;
    }
    f->csize[rep] = size_mb(db);
    fprintf(stderr, " compacted in %.1f s: %.0f MB\n", f->compact[rep], f->csize[rep]);
    free(shard);
}

/* Ingests the corpus as sr->o->shards[i] shards, run `rep`. */
static void ingest_one(shards_run *sr, size_t i, unsigned rep) {
    const run_opts *o = sr->o;
    ingest_figs *f = &sr->ing[i];
    char *db = shards_db(o, o->shards[i]), k[16], batch[16];
    snprintf(k, sizeof k, "%u", o->shards[i]);
    snprintf(batch, sizeof batch, "%u", o->batch);
    char *argv[16];
    int n = 0;
    argv[n++] = (char *)o->paperdex;
    argv[n++] = "ingest";
    argv[n++] = "--json"; /* quiet, and the summary counts the papers */
    argv[n++] = "--db";
    argv[n++] = db;
    argv[n++] = "--jobs";
    argv[n++] = INGEST_JOBS;
    if (o->shards[i] > 1) {
        argv[n++] = "--shards";
        argv[n++] = k;
    }
    if (o->batch) {
        argv[n++] = "--batch";
        argv[n++] = batch;
    }
    argv[n++] = sr->corpus;
    argv[n] = NULL;
    rm_rf(db);
    fprintf(stderr, "pdx-bench: run %u/%u: ingest as %s shard%s...", rep + 1, o->repeat, k,
            o->shards[i] == 1 ? " (one database)" : "s");
    child_run r = spawn(argv, NULL, sr->out);
    f->wall[rep] = r.wall;
    f->rss[rep] = r.rss_mb;
    f->size[rep] = size_mb(db);
    f->papers = read_papers(sr->out);
    fprintf(stderr, " %.1f s, %.0f MB RSS, %.0f MB, %llu papers;", r.wall, r.rss_mb, f->size[rep],
            (unsigned long long)f->papers);
    if (f->papers != o->n)
        fprintf(stderr, "\npdx-bench: warning: %s holds %llu papers, the corpus %llu\n", db,
                (unsigned long long)f->papers, (unsigned long long)o->n);
    compact_one(sr, f, db, o->shards[i], rep);
    free(db);
}

/* ---- queries --------------------------------------------------------------------- */

/* p50 and p99 of each kind in sr->lat ("kind<TAB>ms" lines), as run `rep`. */
static void kind_percentiles(shards_run *sr, search_figs *f, unsigned rep) {
    size_t cap = sr->n_topic + sr->n_author + 1, n[N_QKINDS] = {0};
    double *v[N_QKINDS];
    for (int k = 0; k < N_QKINDS; k++)
        if (!(v[k] = malloc(cap * sizeof(double))))
            die("out of memory%s%s", NULL, NULL);
    FILE *in = fopen(sr->lat, "r");
    if (!in)
        die("%s: cannot read", sr->lat, NULL);
    char kind[32];
    double ms;
    while (fscanf(in, "%31s %lf", kind, &ms) == 2 && n[K_ALL] < cap) {
        int k = strcmp(kind, "author") == 0 ? K_AUTHOR : K_TOPIC;
        v[k][n[k]++] = ms;
        v[K_ALL][n[K_ALL]++] = ms;
    }
    fclose(in);
    for (int k = 0; k < N_QKINDS; k++) {
        qsort(v[k], n[k], sizeof(double), cmp_double);
        f->p[k][0][rep] = pct(v[k], n[k], 50);
        f->p[k][1][rep] = pct(v[k], n[k], 99);
        free(v[k]);
    }
}

/* Runs the topic and author batches through f->db, run `rep`. */
static void search_one(shards_run *sr, search_figs *f, unsigned rep) {
    const run_opts *o = sr->o;
    char *topic[] = {(char *)o->paperdex, "search", "--db", f->db, "--json", "--batch",
                     sr->qtopic, NULL, NULL, NULL};
    if (o->feedback) {
        topic[7] = "--feedback";
        topic[8] = (char *)o->feedback;
    }
    char *author[] = {(char *)o->paperdex, "author", "--db", f->db, "--json", "--batch",
                      sr->qauthor, NULL};
    FILE *lat = fopen(sr->lat, "w");
    if (!lat)
        die("%s: cannot write", sr->lat, NULL);
    spawn(topic, NULL, sr->out);
    paperdex_latencies(sr->out, "topic", sr->n_topic, lat);
    spawn(author, NULL, sr->out);
    paperdex_latencies(sr->out, "author", sr->n_author, lat);
    if (fclose(lat) != 0)
        die("%s: write error", sr->lat, NULL);
    kind_percentiles(sr, f, rep);
}

/* The papers each searched configuration holds, through its own --db. */
static void count_searched(shards_run *sr) {
    for (int c = 0; c < N_QCONF; c++) {
        search_figs *f = &sr->q[c];
        if (!f->db)
            continue;
        char *argv[] = {(char *)sr->o->paperdex, "stats", "--db", f->db, "--json", NULL};
        spawn(argv, NULL, sr->out);
        f->papers = read_papers(sr->out);
    }
}

static const char *qconf_name(const search_figs *f, int c, char *buf, size_t n) {
    if (c == Q_ONE)
        snprintf(buf, n, "one database");
    else
        snprintf(buf, n, "%u %s shards", f->shards, c == Q_LOCAL ? "local" : "remote");
    return buf;
}

static void search_all(shards_run *sr) {
    for (unsigned rep = 0; rep < sr->o->repeat; rep++)
        for (int c = 0; c < N_QCONF; c++) {
            search_figs *f = &sr->q[c];
            char name[64];
            if (!f->db)
                continue;
            fprintf(stderr, "pdx-bench: run %u/%u: queries on %s...", rep + 1, sr->o->repeat,
                    qconf_name(f, c, name, sizeof name));
            search_one(sr, f, rep);
            fprintf(stderr, " topic p50 %.2f ms, p99 %.2f ms\n", f->p[K_TOPIC][0][rep],
                    f->p[K_TOPIC][1][rep]);
        }
}

/* ---- the report ------------------------------------------------------------------- */

static void medians(shards_run *sr) {
    unsigned r = sr->o->repeat;
    for (size_t i = 0; i < sr->o->n_shards; i++) {
        ingest_figs *f = &sr->ing[i];
        f->m_wall = median(f->wall, r);
        f->m_rss = median(f->rss, r);
        f->m_size = median(f->size, r);
        f->m_compact = median(f->compact, r);
        f->m_csize = median(f->csize, r);
    }
    for (int c = 0; c < N_QCONF; c++)
        for (int k = 0; k < N_QKINDS; k++)
            for (int j = 0; j < 2; j++)
                sr->q[c].m_p[k][j] = median(sr->q[c].p[k][j], r);
}

static void print_table(const shards_run *sr, FILE *out) {
    const run_opts *o = sr->o;
    fprintf(out, "\npaperdex shards benchmark: %llu papers", (unsigned long long)o->n);
    if (!sr->reused)
        fprintf(out, " (seed %llu)", (unsigned long long)o->seed);
    fprintf(out, ", %zu topic and %zu author queries, %u run%s, medians\n\n"
                 "| ingest --jobs 2 | s | papers/s | × one database's papers/s | peak RSS MB |"
                 " MB as written | compact s | compacted MB |\n|---|---|---|---|---|---|---|---|\n",
            sr->n_topic, sr->n_author, o->repeat, o->repeat == 1 ? "" : "s");
    const ingest_figs *one = o->shards[0] == 1 ? &sr->ing[0] : NULL;
    for (size_t i = 0; i < o->n_shards; i++) {
        const ingest_figs *f = &sr->ing[i];
        fprintf(out, "| %u shard%s | %.1f | %.0f | %.2f | %.0f | %.0f | %.1f | %.0f |\n",
                o->shards[i], o->shards[i] == 1 ? " (one database)" : "s", f->m_wall,
                o->n / f->m_wall, one ? one->m_wall / f->m_wall : NAN, f->m_rss, f->m_size,
                f->m_compact, f->m_csize);
    }
    fprintf(out, "\n| queries, ms | topic p50 | topic p99 | author p50 | author p99 | all p50 |"
                 " all p99 |\n|---|---|---|---|---|---|---|\n");
    for (int c = 0; c < N_QCONF; c++) {
        const search_figs *f = &sr->q[c];
        char name[64];
        if (!f->db)
            continue;
        fprintf(out, "| %s |", qconf_name(f, c, name, sizeof name));
        for (int k = 0; k < N_QKINDS; k++)
            fprintf(out, " %.2f | %.2f |", f->m_p[k][0], f->m_p[k][1]);
        fputc('\n', out);
    }
    if (!sr->q[Q_ONE].db)
        return;
    fprintf(out, "\n| × one database (same run) | topic p50 | topic p99 | author p50 |"
                 " author p99 |\n|---|---|---|---|---|\n");
    for (int c = Q_LOCAL; c < N_QCONF; c++) {
        const search_figs *f = &sr->q[c], *b = &sr->q[Q_ONE];
        char name[64];
        if (!f->db)
            continue;
        fprintf(out, "| %s |", qconf_name(f, c, name, sizeof name));
        for (int k = K_TOPIC; k <= K_AUTHOR; k++)
            fprintf(out, " %.2f | %.2f |", f->m_p[k][0] / b->m_p[k][0],
                    f->m_p[k][1] / b->m_p[k][1]);
        fputc('\n', out);
    }
}

/* A JSON number, or null where there is none (no queries of a kind). */
static json_t *num(double x) { return isfinite(x) ? json_real(x) : json_null(); }

static json_t *search_json(const search_figs *f) {
    json_t *lat = json_object();
    for (int k = 0; k < N_QKINDS; k++)
        json_object_set_new(lat, qkind_names[k], json_pack("{s:o, s:o}", "p50", num(f->m_p[k][0]),
                                                           "p99", num(f->m_p[k][1])));
    return json_pack("{s:i, s:s, s:I, s:o}", "shards", (int)f->shards, "db", f->db, "papers",
                     (json_int_t)f->papers, "latency_ms", lat);
}

static json_t *report_json(const shards_run *sr) {
    const run_opts *o = sr->o;
    json_t *ingest = json_array(), *search = json_object(), *ratios = json_object();
    for (size_t i = 0; i < o->n_shards; i++) {
        const ingest_figs *f = &sr->ing[i];
        json_t *one = json_pack("{s:i, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "shards",
                                (int)o->shards[i], "papers", (json_int_t)f->papers, "ingest_s",
                                num(f->m_wall), "papers_per_s", num(o->n / f->m_wall),
                                "peak_rss_mb", num(f->m_rss), "size_mb", num(f->m_size),
                                "compact_s", num(f->m_compact), "compacted_mb", num(f->m_csize));
        json_array_append_new(ingest, one);
    }
    const search_figs *b = &sr->q[Q_ONE];
    for (int c = 0; c < N_QCONF; c++) {
        const search_figs *f = &sr->q[c];
        if (!f->db)
            continue;
        json_object_set_new(search, qconf_keys[c], search_json(f));
        if (c == Q_ONE || !b->db)
            continue;
        json_t *r = json_object();
        for (int k = 0; k < N_QKINDS; k++)
            for (int j = 0; j < 2; j++) {
                char key[32];
                snprintf(key, sizeof key, "%s_p%s", qkind_names[k], j ? "99" : "50");
                json_object_set_new(r, key, num(f->m_p[k][j] / b->m_p[k][j]));
            }
        json_object_set_new(ratios, qconf_keys[c], r);
    }
    json_t *seed = sr->reused ? json_null() : json_integer((json_int_t)o->seed);
    return json_pack("{s:I, s:o, s:I, s:I, s:I, s:i, s:i, s:s, s:o, s:o, s:o}", "papers",
                     (json_int_t)o->n, "seed", seed, "queries",
                     (json_int_t)(sr->n_topic + sr->n_author), "topic_queries",
                     (json_int_t)sr->n_topic, "author_queries", (json_int_t)sr->n_author, "repeat",
                     (int)o->repeat, "jobs", atoi(INGEST_JOBS), "feedback",
                     o->feedback ? o->feedback : "default", "ingest", ingest, "search", search,
                     "ratios", ratios);
}

static void report(shards_run *sr) {
    medians(sr);
    print_table(sr, stdout);
    if (!sr->o->json)
        return;
    json_t *j = report_json(sr);
    bool to_stdout = strcmp(sr->o->json, "-") == 0;
    fflush(stdout);
    int err = !j || (to_stdout ? json_dumpf(j, stdout, JSON_INDENT(2))
                               : json_dump_file(j, sr->o->json, JSON_INDENT(2)));
    if (err)
        die("%s: cannot write the JSON report", sr->o->json, NULL);
    if (to_stdout)
        putchar('\n');
    json_decref(j);
}

/* ---- the run ---------------------------------------------------------------------- */

/* The corpus and queries in DIR, reused or written, and paperdex's query files. */
static void prepare(shards_run *sr) {
    run_opts *o = sr->o;
    mkdir(o->dir, 0755);
    sr->corpus = path_in(o, "corpus.jsonl"), sr->queries = path_in(o, "queries.tsv");
    sr->qtopic = path_in(o, "q-paperdex-topic.txt");
    sr->qauthor = path_in(o, "q-paperdex-author.txt");
    sr->lat = path_in(o, "latency.tsv"), sr->out = path_in(o, "out.txt");
    if (access(sr->corpus, R_OK) == 0 && access(sr->queries, R_OK) == 0) {
        uint64_t n = count_lines(sr->corpus);
        char held[32];
        snprintf(held, sizeof held, "%llu", (unsigned long long)n);
        if (o->n_given && n != o->n)
            die("%s holds %s papers, not --n's: remove it or use another --dir", sr->corpus, held);
        o->n = n;
        sr->reused = true;
        fprintf(stderr, "pdx-bench: reusing %s (%s papers) and its queries\n", sr->corpus, held);
    } else {
        fprintf(stderr, "pdx-bench: writing %llu papers and %llu queries to %s\n",
                (unsigned long long)o->n, (unsigned long long)o->nq, o->dir);
        write_corpus(o, sr->corpus, sr->queries);
    }
    paperdex_query_files(sr->queries, sr->qtopic, sr->qauthor, &sr->n_topic, &sr->n_author);
    fprintf(stderr, "pdx-bench: corpus %.0f MB\n", size_mb(sr->corpus));
}

int bench_shards(run_opts *o) {
    static shards_run sr;
    memset(&sr, 0, sizeof sr);
    sr.o = o;
    prepare(&sr);
    for (unsigned rep = 0; rep < o->repeat; rep++)
        for (size_t i = 0; i < o->n_shards; i++)
            ingest_one(&sr, i, rep);
    unsigned most = o->shards[o->n_shards - 1];
    if (o->shards[0] == 1)
        sr.q[Q_ONE].db = shards_db(o, 1), sr.q[Q_ONE].shards = 1;
    if (most > 1) {
        sr.q[Q_LOCAL].db = shards_db(o, most), sr.q[Q_LOCAL].shards = most;
        guard_servers();
        serve_shards(&sr);
    }
    count_searched(&sr);
    search_all(&sr);
    stop_servers();
    report(&sr);
    free(sr.corpus), free(sr.queries), free(sr.qtopic), free(sr.qauthor);
    free(sr.lat), free(sr.out);
    for (int c = 0; c < N_QCONF; c++)
        free(sr.q[c].db);
    return 0;
}
