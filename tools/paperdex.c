/*
 * paperdex.c — the `paperdex` command: ingest, parse, search, author,
 * coauthors, show, stats.
 *
 * Only this file picks exit codes and prints; the library reports through
 * statuses and messages.  Options may come before or after the positional
 * arguments ("paperdex search sycophancy --json"); "--" ends options.
 */
/* sched_getaffinity(): the CPUs an ingest may use, for its default jobs */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"

#define VERSION "0.1.0"
/* ingest --jobs: writer threads at most (one a shard group) */
#define PDX_JOBS_MAX 64

/* The exit codes, once: each row is a code, what it means, and the
 * commands it is about ("" for all).  A command's --help prints its rows;
 * `paperdex --help` prints them all. */
static const struct exit_row {
    int code;
    const char *meaning;
    const char *cmds; /* space-separated, each name padded by spaces; "" = every command */
} exit_rows[] = {
    {EXIT_DONE, "done (also when nothing matched)", ""},
    {EXIT_NOTFOUND, "no paper with that id, or an id that names several", " show similar "},
    {EXIT_NOTFOUND, "an id names no paper, or several (the others were still written)",
     " export "},
    {EXIT_NOTFOUND, "nothing was removed: no paper with those ids", " remove "},
    {EXIT_USAGE, "usage error",
     " ingest parse coauthors similar show stats check compact rebuild remove serve-shard "},
    {EXIT_USAGE, "usage error or query syntax error (--query)", " export "},
    {EXIT_USAGE, "usage error or query syntax error", " search author "},
    {EXIT_INPUT, "bad input: some input could not be read or some entries were skipped\n"
                 "     (everything readable was still stored)", " ingest parse "},
    {EXIT_INPUT, "the --batch file could not be read to its end", " search author "},
    {EXIT_INPUT, "a source is gone or some of its entries were skipped (the rest was\n"
                 "     rebuilt), or none is recorded (nothing changed)", " rebuild "},
    {EXIT_DB, "database error: missing, locked, damaged, or not a paperdex database",
     " ingest search author coauthors similar show stats compact rebuild export remove "},
    {EXIT_DB, "the database has problems, or is missing or too damaged to check", " check "},
    {EXIT_DB, "not a paperdex database, or xapian-tcpsrv could not be run", " serve-shard "},
};

/* Prints the exit codes of `cmd` (NULL: every row, with its commands). */
/* Seconds on a monotonic clock, for progress and timings. */
static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void print_exits(FILE *out, const char *cmd) {
    char pad[40];
    snprintf(pad, sizeof pad, " %s ", cmd ? cmd : "");
    fputs("Exit codes:\n", out);
    for (size_t i = 0; i < sizeof exit_rows / sizeof *exit_rows; i++) {
        const struct exit_row *r = &exit_rows[i];
        if (cmd && *r->cmds && !strstr(r->cmds, pad))
            continue;
        fprintf(out, "  %d  %s", r->code, r->meaning);
        if (!cmd && *r->cmds)
            fprintf(out, "  (%.*s)", (int)strlen(r->cmds) - 2, r->cmds + 1);
        fputc('\n', out);
    }
}

static const char *const main_help =
    "paperdex — a search engine for scientific papers\n"
    "\n"
    "Usage: paperdex COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Commands:\n"
    "  ingest FILE|DIR|-...   read publication lists into the database\n"
    "  parse FILE...          print the records paperdex reads, without a database\n"
    "  search QUERY           papers about a topic\n"
    "  author NAME            papers of a person (spelling variants included)\n"
    "  coauthors NAME         who a person wrote with, most frequent first\n"
    "  similar ID             papers like this one\n"
    "  show ID                one paper in full\n"
    "  stats                  what the database holds\n"
    "  check                  verify a database and say what is wrong\n"
    "  compact                make the database smaller and faster to search\n"
    "  rebuild                read a (damaged) database's sources again into a new one\n"
    "  eval BEIR_DIR          ranking quality on a test collection (nDCG@10, MAP, ...)\n"
    "  export ID...           papers as BibTeX, RIS or CSL-JSON citations\n"
    "  remove ID...           take papers (or --source FILE, one file's papers) out\n"
    "  serve                  the HTTP JSON API and a web page (read-only)\n"
    "  serve-shard            serve one shard to other machines (xapian-tcpsrv)\n"
    "\n"
    "Every command takes --help.  The database is --db DIR, else $PAPERDEX_DB,\n"
    "else ./paperdex.db.  --json prints machine-readable output (docs/json.md).\n"
    "\n";

typedef struct opts {
    const char *db;
    const char *format;
    const char *field_map;
    bool json, quiet, exact, help, facets;
    bool explain;     /* parse --explain */
    bool exact_count; /* search/author/similar --exact-count */
    bool count_only;  /* --limit 0: no hits, only the total (and facets) */
    unsigned limit, offset, min, batch, wait, jobs;
    unsigned shards;        /* ingest --shards N: N + 1 (0: not given) */
    bool allow_partial;     /* search... --allow-partial */
    unsigned port;          /* serve-shard --port */
    const char *interface;  /* serve-shard --interface */
    bool writable;          /* serve-shard --writable */
    const char *batch_file; /* search/author --batch FILE */
    const char *query;      /* export --query */
    const char *source;     /* remove --source */
    int feedback;           /* search --feedback: a pdx_feedback, or -1 for the default */
    pdx_sort sort;
    const char **args;
    int n_args;
    const char *cmd;   /* the command, for help_cmd() */
    unsigned allowed;  /* its O_* mask */
} opts;

/* Ends the command with `code`.  The fuzzer (tests/fuzz/fuzz_cli.c, built
 * with PDX_CLI_NO_MAIN) runs many commands in one process: there it
 * jumps back to cli_main instead. */
#ifdef PDX_CLI_NO_MAIN
#include <sanitizer/lsan_interface.h>
#include <setjmp.h>
static jmp_buf *cli_jump;
static _Noreturn void cli_exit(int code) {
    if (cli_jump)
        longjmp(*cli_jump, code + 1);
    exit(code);
}
/* what a jump leaves behind (the parsed arguments) is not a leak */
#define CLI_UNLEAK(p) __lsan_ignore_object(p)
#else
static _Noreturn void cli_exit(int code) { exit(code); }
#define CLI_UNLEAK(p) ((void)(p))
#endif

static void die_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void die_usage(const char *cmd, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "paperdex %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'paperdex %s --help'.\n", cmd);
    va_end(ap);
    cli_exit(EXIT_USAGE);
}

static unsigned parse_count(const char *cmd, const char *opt, const char *v) {
    char *end;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (errno || *end || end == v || n > 1000000 || v[0] == '-')
        die_usage(cmd, "%s wants a whole number up to 1000000, not '%s'", opt, v);
    return (unsigned)n;
}

/* Option table: which options each command accepts. */
enum {
    O_DB = 1 << 0, O_JSON = 1 << 1, O_LIMIT = 1 << 2, O_FORMAT = 1 << 3, O_QUIET = 1 << 4,
    O_EXACT = 1 << 5, O_MIN = 1 << 6, O_SORT = 1 << 7, O_OFFSET = 1 << 8, O_BATCH = 1 << 9,
    O_TEXT = 1 << 10, /* the arguments are query text: "-word" excludes a word */
    O_FACETS = 1 << 11, O_WAIT = 1 << 12, O_FIELDMAP = 1 << 13, O_BATCH_FILE = 1 << 14,
    O_JOBS = 1 << 15, O_EXACT_COUNT = 1 << 16, O_FEEDBACK = 1 << 17, O_QUERY = 1 << 18,
    O_SOURCE = 1 << 19, O_OUT_FORMAT = 1 << 20, O_EXPLAIN = 1 << 21, O_SHARDS = 1 << 22,
    O_PARTIAL = 1 << 23, O_PORT = 1 << 24, O_IFACE = 1 << 25, O_WRITABLE = 1 << 26,
};

/* Every option: the parser reads it and --help prints it from this one
 * table, so the two cannot diverge (tests/e2e/test_cli.sh checks).  A name
 * may mean one thing for one command and another for the next (--batch N
 * for ingest, --batch FILE for search): the command's mask picks the row. */
static const struct opt_def {
    const char *name;  /* "--limit" */
    const char *alias; /* "-n", or NULL */
    unsigned flag;
    const char *arg;   /* the value's name in help ("N"), NULL: takes none */
    const char *help;  /* one line or more ("\n" + indent for more) */
} opt_defs[] = {
    {"--db", NULL, O_DB, "DIR", "database directory (default $PAPERDEX_DB, else ./paperdex.db)"},
    {"--json", NULL, O_JSON, NULL, "machine-readable output (the JSON shapes: docs/json.md)"},
    {"--limit", "-n", O_LIMIT, "N",
     "hits to show (default 10; export --query: 50); 0 shows none, only\n"
     "the total (and the facets)"},
    {"--offset", NULL, O_OFFSET, "N",
     "skip the first N hits (the next page); pages put together are one\n"
     "longer list"},
    {"--format", NULL, O_FORMAT, "F", "read every input as F instead of detecting it (below)"},
    {"--format", NULL, O_OUT_FORMAT, "FORMAT", "bibtex (the default), ris or csl-json"},
    {"--quiet", "-q", O_QUIET, NULL, "no progress line (the summary is still printed)"},
    {"--exact", NULL, O_EXACT, NULL, "only papers with NAME's full spelling"},
    {"--min", NULL, O_MIN, "N", "only coauthors of at least N papers"},
    {"--sort", NULL, O_SORT, "relevance|date", "best match first (default), or newest first"},
    {"--batch", NULL, O_BATCH, "N", "commit every N papers (default 2000)"},
    {"--facets", NULL, O_FACETS, NULL, "also count years, categories and authors of all matches"},
    {"--exact-count", NULL, O_EXACT_COUNT, NULL,
     "count every match: past 1000 the total is otherwise an estimate,\n"
     "shown as \"about N\" (JSON: total_exact false); author totals are\n"
     "always exact"},
    {"--feedback", NULL, O_FEEDBACK, "off|on|auto",
     "pseudo-relevance feedback (RM3): a second pass with words of the\n"
     "best hits; auto only where the hits share a clear topic (default:\n"
     "on, chosen by the protocol in docs/ranking.md)"},
    {"--query", NULL, O_QUERY, "QUERY", "export the best hits of a search instead of IDs"},
    {"--source", NULL, O_SOURCE, "FILE", "remove what one input file contributed"},
    {"--explain", NULL, O_EXPLAIN, NULL,
     "print what each line of the inputs was taken as (title, author,\n"
     "abstract, chrome, unclassified, ...), the paper it went to and why,\n"
     "instead of the papers; with --json one object a line"},
    {"--wait", NULL, O_WAIT, "S", "if another ingest holds the database, wait up to S seconds"},
    {"--field-map", NULL, O_FIELDMAP, "MAP",
     "which JSON key or CSV/TSV column feeds which field:\n"
     "title=Title,abstract=Summary,authors=metadata.authors (fields: title\n"
     "abstract authors year date id doi arxiv venue category)"},
    {"--batch", NULL, O_BATCH_FILE, "FILE",
     "one query per line (- for standard input), the database opened\n"
     "once; with --json one result object per line, with took_ms: the\n"
     "time spent inside the search"},
    {"--jobs", "-j", O_JOBS, "N",
     "threads that write (1 to 64; the same papers either way).  Into a\n"
     "sharded database, min(N, shards) writers side by side, each to its\n"
     "own shards, which are kept.  Into one database, 2 or more: into a\n"
     "new one, from JSON Lines, BibTeX, arXiv, CSV or TSV files, read two\n"
     "halves side by side and merge them; else read and normalise on one\n"
     "thread while another writes.  Default: the CPUs the process may use"},
    {"--shards", NULL, O_SHARDS, "N",
     "a sharded database: N (2..1024) databases under --db DIR and a\n"
     "Xapian stub listing them; each paper goes to one shard, and every\n"
     "command takes DIR as one database; a larger N later adds shards\n"
     "(`rebuild` then spreads the papers over them; docs/scale-out.md)"},
    {"--allow-partial", NULL, O_PARTIAL, NULL,
     "a shard that does not answer is left out instead of failing: the\n"
     "results of the others, marked partial (JSON: \"partial\": true)"},
    {"--port", NULL, O_PORT, "N", "the TCP port to serve the shard on"},
    {"--interface", NULL, O_IFACE, "ADDR",
     "listen on this address only (default 127.0.0.1; the protocol has\n"
     "no authentication: serve on a private network)"},
    {"--writable", NULL, O_WRITABLE, NULL, "let a remote ingest write to the shard"},
};
#define N_OPT_DEFS (sizeof opt_defs / sizeof *opt_defs)

/* --feedback's value (pdx_feedback). */
static int feedback_value(const char *cmd, const char *val) {
    if (strcmp(val, "off") == 0)
        return PDX_FEEDBACK_OFF;
    if (strcmp(val, "on") == 0)
        return PDX_FEEDBACK_ON;
    if (strcmp(val, "auto") != 0)
        die_usage(cmd, "--feedback is 'off', 'on' or 'auto', not '%s'", val);
    return PDX_FEEDBACK_AUTO;
}

/* --sort's value. */
static pdx_sort sort_value(const char *cmd, const char *val) {
    if (strcmp(val, "relevance") == 0)
        return PDX_SORT_RELEVANCE;
    if (strcmp(val, "date") != 0)
        die_usage(cmd, "--sort is 'relevance' or 'date', not '%s'", val);
    return PDX_SORT_DATE;
}

/* The option argv[*i] names among those `allowed`, its name (without
 * "=value") in name_out and its value in *val_out, from "--name=value"
 * or the next argument (*i is then moved past it); NULL when it is no
 * option but a "-word" of a query (O_TEXT).  Usage errors exit. */
static const struct opt_def *opt_at(const char **val_out, char name_out[32], const char *cmd,
                                    unsigned allowed, int argc, char **argv, int *i) {
    const char *a = argv[*i];
    const char *eq = strchr(a, '=');
    size_t nl = eq ? (size_t)(eq - a) : strlen(a);
    if (nl >= 32)
        die_usage(cmd, "unknown option '%s'", a);
    memcpy(name_out, a, nl);
    name_out[nl] = '\0';
    *val_out = eq ? eq + 1 : NULL;
    const struct opt_def *d = NULL;
    for (size_t k = 0; k < N_OPT_DEFS && !d; k++)
        if ((allowed & opt_defs[k].flag) &&
            (strcmp(opt_defs[k].name, name_out) == 0 ||
             (opt_defs[k].alias && strcmp(opt_defs[k].alias, name_out) == 0)))
            d = &opt_defs[k];
    if (!d && (allowed & O_TEXT) && a[1] != '-')
        return NULL;
    if (!d)
        die_usage(cmd, "unknown option '%s'", name_out);
    if (d->arg && !*val_out) {
        if (*i + 1 >= argc)
            die_usage(cmd, "%s needs a value", name_out);
        *val_out = argv[++*i];
    } else if (!d->arg && *val_out) {
        die_usage(cmd, "%s takes no value", name_out);
    }
    return d;
}

static void parse_opts(const char *cmd, unsigned allowed, int argc, char **argv, opts *o) {
    memset(o, 0, sizeof *o);
    o->feedback = -1;
    o->cmd = cmd;
    o->allowed = allowed;
    o->args = calloc((size_t)argc + 1, sizeof *o->args);
    CLI_UNLEAK(o->args);
    if (!o->args) {
        fprintf(stderr, "paperdex: out of memory\n");
        cli_exit(EXIT_DB);
    }
    bool only_args = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
            o->args[o->n_args++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_args = true;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            o->help = true;
            continue;
        }
        char name[32];
        const char *val = NULL;
        const struct opt_def *d = opt_at(&val, name, cmd, allowed, argc, argv, &i);
        if (!d) {
            o->args[o->n_args++] = a; /* "-word" in a query */
            continue;
        }
        switch (d->flag) {
        case O_DB: o->db = val; break;
        case O_JSON: o->json = true; break;
        case O_LIMIT:
            o->limit = parse_count(cmd, name, val);
            o->count_only = o->limit == 0; /* the library's limit 0 means 10 */
            break;
        case O_OFFSET: o->offset = parse_count(cmd, name, val); break;
        case O_MIN: o->min = parse_count(cmd, name, val); break;
        case O_BATCH: o->batch = parse_count(cmd, name, val); break;
        case O_WAIT: o->wait = parse_count(cmd, name, val); break;
        case O_BATCH_FILE: o->batch_file = val; break;
        case O_JOBS:
            o->jobs = parse_count(cmd, name, val);
            if (o->jobs < 1 || o->jobs > PDX_JOBS_MAX)
                die_usage(cmd, "--jobs is 1 to %d, not '%s'", PDX_JOBS_MAX, val);
            break;
        case O_FORMAT:
        case O_OUT_FORMAT: o->format = val; break;
        case O_FIELDMAP: o->field_map = val; break;
        case O_SHARDS: o->shards = parse_count(cmd, name, val) + 1; break; /* 0: none */
        case O_PARTIAL: o->allow_partial = true; break;
        case O_PORT:
            o->port = parse_count(cmd, name, val);
            if (o->port < 1 || o->port > 65535)
                die_usage(cmd, "--port is 1 to 65535, not '%s'", val);
            break;
        case O_IFACE: o->interface = val; break;
        case O_WRITABLE: o->writable = true; break;
        case O_QUIET: o->quiet = true; break;
        case O_EXACT: o->exact = true; break;
        case O_FACETS: o->facets = true; break;
        case O_EXPLAIN: o->explain = true; break;
        case O_EXACT_COUNT: o->exact_count = true; break;
        case O_QUERY: o->query = val; break;
        case O_SOURCE: o->source = val; break;
        case O_FEEDBACK: o->feedback = feedback_value(cmd, val); break;
        case O_SORT: o->sort = sort_value(cmd, val); break;
        }
    }
    if (!o->db) {
        const char *env = getenv("PAPERDEX_DB");
        o->db = env && *env ? env : "./paperdex.db";
    }
}

/* A command's --help: "Usage: paperdex CMD [options] ARGS", `text` (what
 * it does), every option its mask accepts, from opt_defs, and its exit
 * codes; then exits 0. */
static void help_cmd(const opts *o, const char *args, const char *text) {
    printf("Usage: paperdex %s [options] %s\n\n%s\nOptions:\n", o->cmd, args, text);
    for (size_t k = 0; k < N_OPT_DEFS; k++) {
        const struct opt_def *d = &opt_defs[k];
        if (!(o->allowed & d->flag))
            continue;
        char left[48];
        snprintf(left, sizeof left, "%s%s%s%s%s", d->alias ? d->alias : "", d->alias ? ", " : "",
                 d->name, d->arg ? " " : "", d->arg ? d->arg : "");
        printf("  %-22s ", left);
        for (const char *h = d->help; *h; h++) {
            fputc(*h, stdout);
            if (*h == '\n')
                printf("%25s", "");
        }
        fputc('\n', stdout);
    }
    printf("  %-22s %s\n\n", "-h, --help", "this help");
    print_exits(stdout, o->cmd);
    cli_exit(EXIT_DONE);
}

/* The help of a command that writes its own usage and option lines; new
 * commands use help_cmd(), which lists the options from opt_defs. */
__attribute__((unused)) static void help(const char *text) {
    fputs(text, stdout);
    fputc('\n', stdout);
    print_exits(stdout, NULL);
    cli_exit(EXIT_DONE);
}

/* Joins the positional arguments with spaces ("paperdex search neural ode"). */
static char *join_args(const opts *o) {
    size_t n = 1;
    for (int i = 0; i < o->n_args; i++)
        n += strlen(o->args[i]) + 1;
    char *s = calloc(n, 1);
    if (!s)
        return NULL;
    for (int i = 0; i < o->n_args; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, o->args[i]);
    }
    return s;
}

/* Opens the database; a writer locked out by another ingest retries for
 * up to `wait` seconds before giving up. */
static pdx_db *open_db_wait(const char *cmd, const char *path, unsigned flags, unsigned wait) {
    pdx_db *db = NULL;
    char *err = NULL;
    pdx_status st = pdx_db_open(&db, path, flags, &err);
    double deadline = now() + wait;
    bool told = false;
    while (st == PDX_ELOCKED && now() < deadline) {
        if (!told) {
            fprintf(stderr, "paperdex %s: %s; waiting up to %us\n", cmd, err, wait);
            told = true;
        }
        free(err);
        err = NULL;
        struct timespec ts = {0, 200 * 1000 * 1000};
        nanosleep(&ts, NULL);
        st = pdx_db_open(&db, path, flags, &err);
    }
    if (st) {
        fprintf(stderr, "paperdex %s: %s\n", cmd, err ? err : pdx_status_str(st));
        free(err);
        cli_exit(cli_exit_code(st) == EXIT_USAGE ? EXIT_USAGE : EXIT_DB);
    }
    return db;
}

static pdx_db *open_db(const char *cmd, const char *path, unsigned flags) {
    return open_db_wait(cmd, path, flags, 0);
}

static int fail_db(const char *cmd, pdx_db *db, pdx_status st) {
    const char *m = pdx_db_errmsg(db);
    fprintf(stderr, "paperdex %s: %s\n", cmd, *m ? m : pdx_status_str(st));
    pdx_db_free(db);
    return cli_exit_code(st);
}

/* The exit code of a look-up by id that failed with `st`: EXIT_NOTFOUND
 * (said) for an unknown id, else fail_db's, which frees *db and sets it
 * to NULL. */
static int lookup_failed(const char *cmd, pdx_db **db, pdx_status st) {
    if (st == PDX_ENOTFOUND) {
        fprintf(stderr, "paperdex %s: %s\n", cmd, pdx_db_errmsg(*db));
        return EXIT_NOTFOUND;
    }
    int code = fail_db(cmd, *db, st);
    *db = NULL;
    return code;
}

/* The open flags of a reading command: --allow-partial leaves out a shard
 * that does not answer. */
static unsigned read_flags(const opts *o) { return o->allow_partial ? PDX_DB_PARTIAL : PDX_DB_READ; }

/* After a read with --allow-partial: names each shard left out on
 * standard error, marks JSON output partial (cli_json_partial), and
 * returns whether any was. */
static bool note_partial(const char *cmd, pdx_db *db) {
    bool any = false, lost = false;
    const char *name;
    for (size_t i = 0; db && (name = pdx_db_shard(db, i, &lost)); i++)
        if (lost) {
            fprintf(stderr, "paperdex %s: warning: shard %s did not answer; its papers are "
                            "missing (partial results)\n", cmd, name);
            any = true;
        }
    cli_json_partial(any ? db : NULL);
    return any;
}

/* The text form's mark of partial results, after them. */
static void text_partial(FILE *out, pdx_db *db) {
    bool lost = false;
    const char *name;
    for (size_t i = 0; (name = pdx_db_shard(db, i, &lost)); i++)
        if (lost)
            fprintf(out, "partial: shard %s did not answer; its papers are missing\n", name);
}

/* ---- ingest and parse ---------------------------------------------------------- */

typedef struct run_ctx {
    const char *cmd;
    bool progress;
    bool json_lines;  /* parse --json */
    bool color;
    unsigned long diags;
    double t0, last;
    const char *clear; /* back to the start of the progress line, erased */
    const char *noted_file; /* parse --explain: the file whose lines are being printed */
} run_ctx;

/* The CPUs this process may run on (taskset, cpusets), else those online:
 * two jobs on one allowed CPU would only take turns. */
static long usable_cpus(void) {
#ifdef CPU_COUNT
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return CPU_COUNT(&set);
#endif
    return sysconf(_SC_NPROCESSORS_ONLN);
}

static void on_diag(const char *where, const char *msg, void *payload) {
    run_ctx *c = payload;
    /* A binary file could make thousands of messages: show the first 200. */
    if (++c->diags <= 200) {
        if (c->progress)
            fputs(c->clear, stderr);
        fprintf(stderr, "paperdex %s: %s: %s\n", c->cmd, where, msg);
    } else if (c->diags == 201) {
        fprintf(stderr, "paperdex %s: (further problems are counted, not shown)\n", c->cmd);
    }
}

static void on_progress(uint64_t done, uint64_t total, uint64_t records, void *payload) {
    run_ctx *c = payload;
    if (!c->progress)
        return;
    double t = now();
    if (t - c->last < 0.2 && done < total)
        return;
    c->last = t;
    double el = t - c->t0 > 1e-3 ? t - c->t0 : 1e-3;
    fprintf(stderr, "%s%.1f MB", c->clear, done / 1e6);
    if (total)
        fprintf(stderr, " of %.1f MB (%.0f%%)", total / 1e6, 100.0 * done / total);
    /* records, not papers: merging is only known once they are stored */
    fprintf(stderr, "  %llu record%s  %.0f records/s  %.1f MB/s", (unsigned long long)records,
            records == 1 ? "" : "s", records / el, done / 1e6 / el);
    /* No estimate from the first moments (start-up, the page cache, the
     * first commit make it wrong by far): from 2 s or 5% read on. */
    if (total && done > 0 && done < total && (el >= 2.0 || done * 20 >= total))
        fprintf(stderr, "  ETA %.0fs", el * (double)(total - done) / (double)done);
    fflush(stderr);
}

static void on_phase(const char *what, void *payload) {
    run_ctx *c = payload;
    if (!c->progress)
        return;
    fprintf(stderr, "%s%s...", c->clear, what);
    fflush(stderr);
}

static int print_record(const pdx_paper *p, void *payload) {
    run_ctx *c = payload;
    if (c->json_lines)
        cli_json_paper(stdout, p);
    else
        cli_text_paper(stdout, p, c->color);
    return 0;
}

/* parse --explain: one line's note, as text under a "== FILE ==" line
 * per file, or as one JSON object a line. */
static void print_note(const pdx_line_note *n, void *payload) {
    run_ctx *c = payload;
    if (c->json_lines) {
        cli_json_note(stdout, n);
        return;
    }
    if (!c->noted_file || strcmp(c->noted_file, n->file) != 0) {
        printf("== %s ==\n", n->file);
        c->noted_file = n->file;
    }
    char paper[32] = "-";
    if (n->paper)
        snprintf(paper, sizeof paper, "paper %zu", n->paper);
    printf("%6zu  %-12s  %-10s  %s\n", n->line, pdx_line_role_name(n->role), paper, n->reason);
}

/* "1 record", "2 records" */
static void count(FILE *out, uint64_t n, const char *one, const char *many) {
    fprintf(out, "%llu %s", (unsigned long long)n, n == 1 ? one : many);
}

/* One line per input with lines that were neither chrome nor part of a
 * paper: "3 lines not understood in FILE:12-14; see paperdex parse
 * --explain FILE".  They do not fail the run (README: the exit code says
 * whether the inputs could be read; a stray line on a page is read, the
 * reader just found no use for it), so they must be seen here. */
static void print_unclassified(FILE *out, const pdx_ingest *ing) {
    for (size_t i = 0; i < pdx_ingest_unclassified_count(ing); i++) {
        const size_t *runs = NULL;
        size_t n_runs = 0, lines = 0;
        const char *path = pdx_ingest_unclassified(ing, i, &runs, &n_runs, &lines);
        fprintf(out, "%zu line%s not understood in %s:", lines, lines == 1 ? "" : "s", path);
        for (size_t k = 0; k < n_runs && k < 8; k++) {
            fprintf(out, k ? ",%zu" : "%zu", runs[2 * k]);
            if (runs[2 * k + 1] != runs[2 * k])
                fprintf(out, "-%zu", runs[2 * k + 1]);
        }
        fprintf(out, "%s; see paperdex parse --explain %s\n", n_runs > 8 ? ",..." : "", path);
    }
}

/* The summary of an ingest or parse for people, on one line, then one
 * line per input that failed (the messages above may have scrolled away). */
static void print_summary(FILE *out, const pdx_ingest *ing, bool parse_only, int code,
                          const pdx_stats *after, const char *db) {
    const pdx_ingest_summary *sum = pdx_ingest_summary_get(ing);
    const char *formats = *sum->formats ? sum->formats
                          : sum->files_unchanged ? "none new" : "no known format";
    if (parse_only) {
        count(out, sum->added, "paper", "papers");
        fputs(" (", out);
        count(out, sum->records, "record", "records");
        fputs(") from ", out);
        count(out, sum->files, "file", "files");
        fprintf(out, " (%s)", formats);
    } else {
        fprintf(out, "%s ", code == EXIT_DB ? "stopped after" : "read");
        count(out, sum->files, "file", "files");
        fprintf(out, " (%s): ", formats);
        count(out, sum->records, "record", "records");
        fprintf(out, ", %llu new, %llu merged, %llu skipped", (unsigned long long)sum->added,
                (unsigned long long)sum->merged, (unsigned long long)sum->skipped);
    }
    if (sum->files_failed) {
        fputs(", ", out);
        count(out, sum->files_failed, "input", "inputs");
        fputs(" not read", out);
    }
    if (sum->files_skipped) {
        fputs(", ", out);
        count(out, sum->files_skipped, "file", "files");
        fputs(" skipped in directories (empty or of no known format)", out);
    }
    if (sum->files_unchanged) {
        fputs(", ", out);
        count(out, sum->files_unchanged, "file", "files");
        fputs(" unchanged since the last ingest", out);
    }
    if (sum->replaced) {
        fputs(", ", out);
        count(out, sum->replaced, "paper", "papers");
        fputs(" of changed files replaced", out);
    }
    if (after) {
        fprintf(out, "; %s holds ", db);
        count(out, after->papers, "paper", "papers");
    }
    fputc('\n', out);
    for (size_t i = 0; i < pdx_ingest_failed_count(ing); i++) {
        const char *why = NULL;
        const char *path = pdx_ingest_failed(ing, i, &why);
        fprintf(out, "not read: %s: %s\n", path, why);
    }
    print_unclassified(out, ing);
}

/* `ingest --help` and `parse --help`: the text, then the formats. */
static void ingest_help(const opts *o, bool parse_only) {
    char text[4096];
    size_t at = (size_t)snprintf(text, sizeof text, "%s",
        parse_only
            ? "Reads the inputs as `ingest` would and prints every record, merged as the\n"
              "database would merge them, without touching a database.  With --json, one\n"
              "JSON object per line (id, title, authors, authors_truncated, abstract,\n"
              "abstract_truncated, date, year, category, code, affiliations, venue, source,\n"
              "format, ...).\n\n"
              "Formats (detected from the content unless --format):\n"
            : "Reads publication lists into the database, creating it when missing.\n"
              "Directories are read recursively; .gz files are decompressed; - is standard\n"
              "input.  A paper met again (same id, DOI, arXiv id or normalised title) is\n"
              "merged with the stored one, so ingesting a file twice changes nothing.\n"
              "Bad lines are reported with file and line, skipped, and the rest is read;\n"
              "every readable input is stored even when others cannot be read, and the\n"
              "summary names those (an empty file named here is one of them).  A damaged\n"
              "database is refused before anything is written (see `paperdex rebuild`).\n\n"
              "Formats (detected from the content unless --format):\n");
    for (size_t i = 0; pdx_format_name(i) && at < sizeof text; i++)
        at += (size_t)snprintf(text + at, sizeof text - at, "  %-9s %s\n", pdx_format_name(i),
                               pdx_format_description(i));
    help_cmd(o, "FILE|DIR|-...", text);
}

/* Refuses a --format no reader has. */
static void check_format(const char *cmd, const opts *o) {
    bool known = false;
    for (size_t i = 0; pdx_format_name(i); i++)
        known |= strcmp(pdx_format_name(i), o->format) == 0;
    if (!known)
        die_usage(cmd, "unknown format '%s'", o->format);
}

/* The ingest options checked with no database first: a usage error must
 * not leave a new, empty database behind. */
static pdx_status check_ingest_opts(const char *cmd, opts *o, const pdx_ingest_opts *io) {
    pdx_ingest *ing = NULL;
    pdx_status st = pdx_ingest_new(&ing, NULL, io);
    pdx_ingest_free(ing);
    if (st == PDX_EINVAL && o->field_map) {
        free(o->args);
        die_usage(cmd, "bad --field-map '%s': want NAME=FIELD[,NAME=FIELD...] with NAME one of "
                       "title, abstract, authors, year, date, id, doi, arxiv, venue, category",
                  o->field_map);
    }
    return st;
}

/* Tells how an ingest that ended with `st` went (the summary, the error)
 * and returns its exit code. */
static int ingest_report(const char *cmd, const opts *o, pdx_ingest *ing, pdx_db *db,
                         pdx_status st, bool parse_only) {
    const pdx_ingest_summary *sum = pdx_ingest_summary_get(ing);
    int code = st ? cli_exit_code(st) : EXIT_DONE;
    if (st && code != EXIT_INPUT)
        fprintf(stderr, "paperdex %s: %s\n", cmd, pdx_ingest_errmsg(ing));
    if (!code && (sum->skipped || sum->files_failed))
        code = EXIT_INPUT;
    pdx_stats after = {0};
    bool have_after = db && pdx_db_stats(&after, db) == PDX_OK;
    /* --quiet hides the progress line only: the summary is the answer */
    if (o->json && !parse_only)
        cli_json_summary(stdout, sum, have_after ? &after : NULL, o->db, ing);
    else if (!o->json)
        print_summary(stderr, ing, parse_only, code, have_after ? &after : NULL, o->db);
    else
        print_unclassified(stderr, ing); /* parse --json: stdout holds the records only */
    return code;
}

static int cmd_ingest(int argc, char **argv, bool parse_only) {
    const char *cmd = parse_only ? "parse" : "ingest";
    opts o;
    parse_opts(cmd,
               parse_only ? (O_JSON | O_FORMAT | O_QUIET | O_FIELDMAP | O_EXPLAIN)
                          : (O_DB | O_JSON | O_FORMAT | O_QUIET | O_BATCH | O_WAIT | O_FIELDMAP |
                             O_JOBS | O_SHARDS),
               argc, argv, &o);
    if (o.help)
        ingest_help(&o, parse_only);
    if (o.n_args == 0)
        die_usage(cmd, "no input given (a file, a directory, or - for standard input)");
    if (o.shards && (o.shards - 1 < 2 || o.shards - 1 > 1024))
        die_usage(cmd, "--shards is 2 to 1024, not %u", o.shards - 1);
    if (o.format)
        check_format(cmd, &o);
    run_ctx rc = {cmd, !o.quiet && !o.json && !parse_only && isatty(STDERR_FILENO), o.json,
                  cli_color(stdout), 0, now(), 0,
                  /* TERM=dumb: no erase escape; spaces cover the old line */
                  cli_ansi() ? "\r\033[K" : "\r                                                                              \r",
                  NULL};
    pdx_ingest_opts io = {.format = o.format, .field_map = o.field_map, .batch = o.batch,
                          .on_diag = on_diag, .on_progress = on_progress, .on_phase = on_phase,
                          .on_explain = o.explain ? print_note : NULL, .payload = &rc};
    /* Every CPU by default: the same papers either way (tests/e2e/
     * test_jobs.sh, test_jobs_shards.sh); one database uses two at most,
     * a sharded one a writer per shard group (docs/scale-out.md). */
    long cpus = parse_only ? 1 : usable_cpus();
    io.jobs = o.jobs ? o.jobs : cpus > PDX_JOBS_MAX ? PDX_JOBS_MAX : cpus > 1 ? (unsigned)cpus : 1;
    pdx_status st = check_ingest_opts(cmd, &o, &io);
    pdx_ingest *ing = NULL;
    pdx_db *db = NULL;
    char *serr = NULL;
    if (!st && o.shards && (st = pdx_db_create_shards(o.db, o.shards - 1, &serr))) {
        fprintf(stderr, "paperdex %s: %s\n", cmd, serr ? serr : pdx_status_str(st));
        free(serr);
        free(o.args);
        return cli_exit_code(st) == EXIT_USAGE ? EXIT_USAGE : EXIT_DB;
    }
    if (!st && !parse_only)
        db = open_db_wait(cmd, o.db, PDX_DB_WRITE, o.wait);
    if (!st)
        st = pdx_ingest_new(&ing, db, &io);
    if (st) {
        free(o.args);
        return fail_db(cmd, db, st);
    }
    for (int i = 0; i < o.n_args && !st; i++)
        if ((st = pdx_ingest_add(ing, o.args[i])))
            fprintf(stderr, "paperdex %s: %s\n", cmd, pdx_status_str(st));
    if (st) {
        pdx_ingest_free(ing);
        pdx_db_free(db);
        free(o.args);
        return cli_exit_code(st);
    }
    st = pdx_ingest_run(ing, parse_only && !o.explain ? print_record : NULL, &rc);
    if (rc.progress)
        fputs(rc.clear, stderr);
    int code = ingest_report(cmd, &o, ing, db, st, parse_only);
    pdx_ingest_free(ing);
    pdx_db_free(db);
    free(o.args);
    return code;
}

/* ---- search, author ------------------------------------------------------------- */

/* The search options a command's flags ask for. */
static pdx_search_opts search_opts(const opts *o, bool color) {
    return (pdx_search_opts){.limit = o->limit, .offset = o->offset, .sort = o->sort,
                             .hl_start = color ? "\033[1m" : "**",
                             .hl_end = color ? "\033[0m" : "**", .facets = o->facets,
                             .exact_count = o->exact_count, .count_only = o->count_only};
}

/* `search --batch FILE` / `author --batch FILE`: the database is opened once
 * and every line of FILE (- for standard input) is a query; blank lines are
 * skipped.  A query that fails (a syntax error) gets its message and the
 * rest still run; the exit code is then that of the first failure. */
static int search_batch(const char *cmd, const opts *o, bool author) {
    FILE *in = strcmp(o->batch_file, "-") == 0 ? stdin : fopen(o->batch_file, "r");
    if (!in)
        die_usage(cmd, "cannot read %s: %s", o->batch_file, strerror(errno));
    pdx_db *db = open_db(cmd, o->db, read_flags(o));
    bool color = !o->json && cli_color(stdout);
    pdx_search_opts so = search_opts(o, color);
    pdx_ranking rk;
    if (o->feedback >= 0) {
        pdx_ranking_default(&rk);
        rk.feedback = (pdx_feedback)o->feedback;
        so.ranking = &rk;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int code = EXIT_DONE;
    while ((n = getline(&line, &cap, in)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (strspn(line, " \t") == (size_t)n)
            continue;
        pdx_results *r = NULL;
        double t0 = now();
        pdx_status st = author ? pdx_author_search(&r, db, line, o->exact ? PDX_AUTHOR_EXACT : 0, &so)
                               : pdx_search(&r, db, line, &so);
        double took_ms = (now() - t0) * 1000.0;
        bool partial = note_partial(cmd, db);
        if (st) {
            int c = cli_exit_code(st);
            if (code == EXIT_DONE)
                code = c;
            if (o->json)
                cli_json_batch_result(stdout, line, NULL, author, false, took_ms, pdx_db_errmsg(db));
            else
                fprintf(stderr, "paperdex %s: %s: %s\n", cmd, line, pdx_db_errmsg(db));
            if (c == EXIT_DB) {
                pdx_results_free(r);
                break;
            }
        } else if (o->json) {
            cli_json_batch_result(stdout, line, r, author, o->facets, took_ms, NULL);
        } else {
            printf("%s %s  (%.2f ms)\n\n", author ? "Author:" : "Query:", line, took_ms);
            cli_text_results(stdout, line, r, author, color);
            if (o->facets)
                cli_text_facets(stdout, r);
            if (partial)
                text_partial(stdout, db);
        }
        pdx_results_free(r);
    }
    if (ferror(in) && code == EXIT_DONE) {
        fprintf(stderr, "paperdex %s: error reading %s\n", cmd, o->batch_file);
        code = EXIT_INPUT;
    }
    free(line);
    if (in != stdin)
        fclose(in);
    pdx_db_free(db);
    return code;
}

static int cmd_search(int argc, char **argv, bool author) {
    const char *cmd = author ? "author" : "search";
    opts o;
    parse_opts(cmd,
               O_DB | O_JSON | O_LIMIT | O_OFFSET | O_SORT | O_BATCH_FILE | O_EXACT_COUNT |
                   O_PARTIAL | (author ? O_EXACT : O_TEXT | O_FACETS | O_FEEDBACK),
               argc, argv, &o);
    if (o.help)
        help_cmd(&o, author ? "NAME   or   paperdex author [options] --batch FILE"
                            : "QUERY   or   paperdex search [options] --batch FILE",
                 author
                 ? "Lists the papers of a person.  NAME may be 'Given Surname' or\n"
                   "'Surname, Given', with or without accents, hyphens or initials.  Papers\n"
                   "with the full name come first; then variants (initials, shorter given\n"
                   "names), each marked with the spelling that matched.  --exact lists only\n"
                   "full-name matches.  --batch FILE takes one name per line and answers\n"
                   "each.\n"
                 : "Ranks papers by how well they match QUERY (BM25 over titles, abstracts and\n"
                   "author names, with pseudo-relevance feedback; case, accents and word\n"
                   "endings ignored).  Papers that feedback ranks in without matching QUERY\n"
                   "are marked [related: no query word] and not counted in the total.\n\n"
                   "  word word         either word, papers with more of them first\n"
                   "  a AND b   a OR b   NOT a   ( ... )    boolean operators (in capitals)\n"
                   "  \"a phrase\"        the words in this order\n"
                   "  -word             papers without the word\n"
                   "  optim*            words starting with optim\n"
                   "  title:w author:w venue:w abstract:w    the word in that field;\n"
                   "                    title:\"a phrase\"  title:(a OR b)\n"
                   "  category:LG  year:2019  year:2019..2021  has:code    filters\n"
                   "                    field names ignore case (Title: is title:); any other\n"
                   "                    name:value is an error naming the nearest field, but\n"
                   "                    arXiv:1234.5678, doi:..., URLs and 'Note: x' are text\n");
    if (o.batch_file) {
        if (o.n_args)
            die_usage(cmd, "--batch reads the queries from a file; give no query as well");
        int code = search_batch(cmd, &o, author);
        free(o.args);
        return code;
    }
    if (o.n_args == 0)
        die_usage(cmd, author ? "no name given" : "no query given");
    char *q = join_args(&o);
    pdx_db *db = open_db(cmd, o.db, read_flags(&o));
    bool color = !o.json && cli_color(stdout);
    pdx_search_opts so = search_opts(&o, color);
    pdx_ranking rk;
    if (o.feedback >= 0) {
        pdx_ranking_default(&rk);
        rk.feedback = (pdx_feedback)o.feedback;
        so.ranking = &rk;
    }
    pdx_results *r = NULL;
    pdx_status st = author ? pdx_author_search(&r, db, q, o.exact ? PDX_AUTHOR_EXACT : 0, &so)
                           : pdx_search(&r, db, q, &so);
    int code = EXIT_DONE;
    bool partial = note_partial(cmd, db);
    if (st) {
        code = fail_db(cmd, db, st);
        db = NULL;
    } else if (o.json) {
        cli_json_results_ex(stdout, q, r, author, o.facets);
    } else {
        cli_text_results(stdout, q, r, author, color);
        if (o.facets)
            cli_text_facets(stdout, r);
        if (partial)
            text_partial(stdout, db);
    }
    pdx_results_free(r);
    pdx_db_free(db);
    free(q);
    free(o.args);
    return code;
}

static int cmd_coauthors(int argc, char **argv) {
    opts o;
    parse_opts("coauthors", O_DB | O_JSON | O_MIN | O_EXACT | O_PARTIAL, argc, argv, &o);
    if (o.help)
        help_cmd(&o, "NAME",
                 "Counts, over the papers of NAME (as `paperdex author` finds them), every other\n"
                 "author, one count per shared paper, most frequent first.  Spellings of one\n"
                 "person (accents, hyphens, case) are merged under the most used one; the\n"
                 "others are listed, so a merge is never silent.\n");
    if (o.n_args == 0)
        die_usage("coauthors", "no name given");
    char *q = join_args(&o);
    pdx_db *db = open_db("coauthors", o.db, read_flags(&o));
    pdx_coauthors *c = NULL;
    pdx_status st = pdx_coauthors_find(&c, db, q, o.exact ? PDX_AUTHOR_EXACT : 0, o.min);
    int code = EXIT_DONE;
    bool partial = note_partial("coauthors", db);
    if (st) {
        code = fail_db("coauthors", db, st);
        db = NULL;
    } else if (o.json) {
        cli_json_coauthors(stdout, c);
    } else {
        cli_text_coauthors(stdout, c);
        if (partial)
            text_partial(stdout, db);
    }
    pdx_coauthors_free(c);
    pdx_db_free(db);
    free(q);
    free(o.args);
    return code;
}

static int cmd_similar(int argc, char **argv) {
    opts o;
    parse_opts("similar", O_DB | O_JSON | O_LIMIT | O_OFFSET | O_FACETS | O_EXACT_COUNT | O_PARTIAL,
               argc, argv, &o);
    if (o.help)
        help_cmd(&o, "ID",
                 "Lists papers like paper ID: the words that best set it apart from the\n"
                 "other papers, searched for as a ranked query.  The JSON is search's.\n");
    if (o.n_args != 1)
        die_usage("similar", "give exactly one paper id");
    pdx_db *db = open_db("similar", o.db, read_flags(&o));
    bool color = !o.json && cli_color(stdout);
    pdx_search_opts so = search_opts(&o, color);
    so.sort = PDX_SORT_RELEVANCE;
    pdx_results *r = NULL;
    pdx_status st = pdx_similar(&r, db, o.args[0], &so);
    int code = EXIT_DONE;
    bool partial = note_partial("similar", db);
    if (st) {
        code = lookup_failed("similar", &db, st);
    } else if (o.json) {
        cli_json_results_ex(stdout, o.args[0], r, false, o.facets);
    } else {
        /* named by its title: the id says nothing to a person */
        pdx_paper *p = NULL;
        bool titled = pdx_db_get(&p, db, o.args[0]) == PDX_OK && *pdx_paper_title(p);
        cli_text_similar(stdout, titled ? pdx_paper_title(p) : o.args[0], r, color);
        pdx_paper_free(p);
        if (o.facets)
            cli_text_facets(stdout, r);
        if (partial)
            text_partial(stdout, db);
    }
    pdx_results_free(r);
    pdx_db_free(db);
    free(o.args);
    return code;
}

/* ---- show, stats ----------------------------------------------------------------- */

static int cmd_show(int argc, char **argv) {
    opts o;
    parse_opts("show", O_DB | O_JSON, argc, argv, &o);
    if (o.help)
        help_cmd(&o, "ID",
                 "Prints one paper in full: every field, every source it was read from.\n"
                 "IDs are shown by search, author and parse.\n\n"
                 "ID may be any id of the paper as pasted: ours, an arXiv id (0704.0001,\n"
                 "arXiv:0704.0001v2, hep-th/9901001, an arxiv.org abs or pdf URL), a DOI\n"
                 "(bare, doi:..., a doi.org URL; any case), a PubMed id (pmid:31415926, a\n"
                 "pubmed URL, PMC6543210, a PMC URL), wos:ID, isbn:ID or a BibTeX key.  An\n"
                 "id that names several papers lists them and exits 1.\n\n"
                 "Example: paperdex show https://arxiv.org/abs/0704.0001v2\n");
    if (o.n_args != 1)
        die_usage("show", "give exactly one paper id");
    pdx_db *db = open_db("show", o.db, PDX_DB_READ);
    pdx_paper *p = NULL;
    pdx_status st = pdx_db_get(&p, db, o.args[0]);
    int code = EXIT_DONE;
    if (st) {
        code = lookup_failed("show", &db, st);
    } else if (o.json) {
        cli_json_paper(stdout, p);
    } else {
        cli_text_paper(stdout, p, cli_color(stdout));
    }
    pdx_paper_free(p);
    pdx_db_free(db);
    free(o.args);
    return code;
}

static int cmd_stats(int argc, char **argv) {
    opts o;
    parse_opts("stats", O_DB | O_JSON | O_PARTIAL, argc, argv, &o);
    if (o.help)
        help_cmd(&o, "",
                 "Prints how many papers, distinct authors and index terms the database holds\n"
                 "(papers only when a shard is remote: the other counts would stream every\n"
                 "term of every server).\n");
    if (o.n_args)
        die_usage("stats", "takes no arguments");
    pdx_db *db = open_db("stats", o.db, read_flags(&o));
    pdx_stats s;
    pdx_status st = pdx_db_stats(&s, db);
    int code = EXIT_DONE;
    bool partial = note_partial("stats", db);
    if (st) {
        code = fail_db("stats", db, st);
        db = NULL;
    } else if (o.json) {
        cli_json_stats(stdout, &s, o.db);
    } else {
        cli_text_stats(stdout, &s, o.db);
        if (pdx_db_shard_count(db))
            printf("shards:   %zu\n", pdx_db_shard_count(db));
        if (partial)
            text_partial(stdout, db);
    }
    pdx_db_free(db);
    free(o.args);
    return code;
}

static int cmd_check(int argc, char **argv) {
    opts o;
    parse_opts("check", O_DB | O_JSON, argc, argv, &o);
    if (o.help)
        help_cmd(&o, "",
                 "Verifies a database: Xapian's own consistency check of every index table,\n"
                 "then paperdex's records (each paper has one id, a readable record, and the\n"
                 "record's id matches).  Says what is wrong in words; exit 0 when sound, 4 when\n"
                 "not.  Run it while no ingest is writing.\n");
    if (o.n_args)
        die_usage("check", "takes no arguments");
    char *report = NULL;
    size_t problems = 0;
    pdx_status st = pdx_db_check(&report, &problems, o.db);
    int code = EXIT_DONE;
    if (st) {
        fprintf(stderr, "paperdex check: %s\n", report && *report ? report : pdx_status_str(st));
        code = cli_exit_code(st) == EXIT_USAGE ? EXIT_USAGE : EXIT_DB;
    } else if (o.json) {
        cli_json_check(stdout, o.db, problems, report);
        code = problems ? EXIT_DB : EXIT_DONE;
    } else if (problems) {
        printf("%s: %zu problem%s found:\n%s", o.db, problems, problems == 1 ? "" : "s", report);
        code = EXIT_DB;
    } else {
        printf("%s: no problems found\n", o.db);
    }
    free(report);
    free(o.args);
    return code;
}

static int cmd_compact(int argc, char **argv) {
    opts o;
    parse_opts("compact", O_DB, argc, argv, &o);
    if (o.help)
        help_cmd(&o, "",
                 "Rewrites the database with Xapian's compactor (blocks packed full): smaller\n"
                 "and faster to search.  Worth running after a large ingest.  Needs room for a\n"
                 "second copy while it runs; searches keep working.\n");
    if (o.n_args)
        die_usage("compact", "takes no arguments");
    char *err = NULL;
    pdx_status st = pdx_db_compact(o.db, &err);
    free(o.args);
    if (st) {
        fprintf(stderr, "paperdex compact: %s\n", err ? err : pdx_status_str(st));
        free(err);
        return cli_exit_code(st) == EXIT_USAGE ? EXIT_USAGE : EXIT_DB;
    }
    return EXIT_DONE;
}

/* ---- rebuild ----------------------------------------------------------------- */

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

/* Ingests the sources into `db` in the order first read, so that merged
 * papers keep the id their first record gave them; one ingest per run of
 * sources of one reader (a page's knowledge of the others stays within a
 * run).  Sources that are gone are left out.  *out sums the runs' counts,
 * *failed_out their failed files.  EXIT_DONE, or EXIT_DB (said). */
static int rebuild_runs(pdx_ingest_summary *out, uint64_t *failed_out, pdx_db *db,
                        const pdx_source *src, size_t n_src, run_ctx *rc) {
    int code = EXIT_DONE;
    struct stat sb;
    for (size_t i = 0; i < n_src && code != EXIT_DB;) {
        size_t end = i + 1;
        while (end < n_src && strcmp(src[end].reader, src[i].reader) == 0)
            end++;
        pdx_ingest_opts io = {0};
        io.format = src[i].reader;
        io.jobs = usable_cpus() >= 2 ? 2 : 1;
        io.on_diag = on_diag;
        io.on_progress = on_progress;
        io.payload = rc;
        pdx_ingest *ing = NULL;
        pdx_status st = pdx_ingest_new(&ing, db, &io);
        for (size_t j = i; j < end && !st; j++)
            if (stat(src[j].path, &sb) == 0)
                st = pdx_ingest_add(ing, src[j].path);
        if (!st)
            st = pdx_ingest_run(ing, NULL, NULL);
        if (rc->progress)
            fputs(rc->clear, stderr);
        if (st && cli_exit_code(st) != EXIT_INPUT) {
            fprintf(stderr, "paperdex rebuild: %s\n",
                    ing && *pdx_ingest_errmsg(ing) ? pdx_ingest_errmsg(ing) : pdx_status_str(st));
            code = EXIT_DB;
        }
        if (ing) {
            const pdx_ingest_summary *s = pdx_ingest_summary_get(ing);
            out->files += s->files;
            out->records += s->records;
            out->added += s->added;
            out->merged += s->merged;
            out->skipped += s->skipped;
            *failed_out += s->files_failed;
        }
        pdx_ingest_free(ing);
        i = end;
    }
    return code;
}

/* The number of sources that are gone, each named on stderr. */
static size_t sources_gone(const pdx_source *src, size_t n_src) {
    size_t gone = 0;
    struct stat sb;
    for (size_t i = 0; i < n_src; i++)
        if (stat(src[i].path, &sb) != 0) {
            fprintf(stderr, "paperdex rebuild: source gone: %s: %s\n", src[i].path, strerror(errno));
            gone++;
        }
    return gone;
}

/* What a rebuild did: a JSON object on stdout, or a line on stderr. */
static void rebuild_report(const opts *o, size_t n_src, size_t gone, const pdx_ingest_summary *all,
                           const pdx_stats *after) {
    if (o->json) {
        json_t *j = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "db", o->db, "sources",
                              (json_int_t)n_src, "gone", (json_int_t)gone, "files",
                              (json_int_t)all->files, "records", (json_int_t)all->records,
                              "skipped", (json_int_t)all->skipped, "papers",
                              (json_int_t)after->papers);
        if (j && json_dumpf(j, stdout, JSON_COMPACT) == 0)
            fputc('\n', stdout);
        json_decref(j);
    } else {
        fprintf(stderr, "rebuilt %s from ", o->db);
        count(stderr, all->files, "file", "files");
        fputs(": ", stderr);
        count(stderr, all->records, "record", "records");
        fprintf(stderr, ", %llu skipped", (unsigned long long)all->skipped);
        if (gone) {
            fputs(", ", stderr);
            count(stderr, gone, "source gone", "sources gone");
        }
        fputs("; it holds ", stderr);
        count(stderr, after->papers, "paper", "papers");
        fputc('\n', stderr);
    }
}

/* The shards `db`'s stub lists (db/XAPIANDB, or db itself when it is a
 * file): *local and *remote counted, *is_file when db is the stub; all 0
 * for a plain database.  Read here, not opened: a rebuild's database may
 * be too damaged to open. */
static void stub_shards(const char *db, unsigned *local, unsigned *remote, bool *is_file) {
    *local = *remote = 0;
    struct stat sb;
    *is_file = stat(db, &sb) == 0 && S_ISREG(sb.st_mode);
    size_t n = strlen(db) + sizeof "/XAPIANDB";
    char *path = malloc(n);
    if (!path)
        return;
    snprintf(path, n, *is_file ? "%s" : "%s/XAPIANDB", db);
    FILE *fp = fopen(path, "r");
    char line[4096];
    while (fp && fgets(line, sizeof line, fp)) {
        char kind[16] = "";
        if (sscanf(line, "%15s", kind) != 1 || kind[0] == '#')
            continue;
        if (strcmp(kind, "remote") == 0)
            (*remote)++;
        else
            (*local)++;
    }
    if (fp)
        fclose(fp);
    free(path);
}

/* Whether `db` can be rebuilt in place, said when not: a sharded database
 * is rebuilt as as many local shards (*local, 0 for a plain database);
 * remote shards and a stub file (not the shards' directory) cannot be put
 * in place. */
static bool rebuildable(const char *db, unsigned *local) {
    unsigned remote = 0;
    bool stub_is_file = false;
    stub_shards(db, local, &remote, &stub_is_file);
    if (!remote && !stub_is_file)
        return true;
    fprintf(stderr, "paperdex rebuild: %s %s; rebuild wants the directory of a database or of "
                    "its local shards (see docs/scale-out.md)\n", db,
            remote ? "lists remote shards, which are rebuilt where they are served"
                   : "is a stub file");
    return false;
}

/* "<db>.rebuilding", emptied of a rebuild killed before, and made a
 * database of `shards` local shards when that is not 0 (else the ingest
 * makes it one plain database); NULL when it cannot be (said, but for
 * memory). */
static char *rebuild_dir(const char *db, unsigned shards) {
    size_t n = strlen(db) + sizeof ".rebuilding";
    char *tmp = malloc(n);
    if (!tmp)
        return NULL;
    snprintf(tmp, n, "%s.rebuilding", db);
    struct stat sb;
    if (lstat(tmp, &sb) == 0) /* a rebuild killed before: start afresh */
        nftw(tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    char *err = NULL;
    pdx_status st = shards ? pdx_db_create_shards(tmp, shards, &err) : PDX_OK;
    if (!st)
        return tmp;
    fprintf(stderr, "paperdex rebuild: %s: %s\n", db, err ? err : pdx_status_str(st));
    free(err);
    free(tmp);
    return NULL;
}

/* `paperdex rebuild`: the sources the database recorded are read again,
 * in the order first read (each forced to the reader that read it),
 * into "<db>.rebuilding" beside it, which takes the database's place only
 * when every ingest finished.  The old database stays until that rename. */
static int cmd_rebuild(int argc, char **argv) {
    opts o;
    parse_opts("rebuild", O_DB | O_JSON | O_QUIET, argc, argv, &o);
    if (o.help)
        help_cmd(&o, "",
                 "Reads again the files the database was ingested from (it records them),\n"
                 "each with the reader that read it, into a new database beside it\n"
                 "(DIR.rebuilding), and puts that in the place of the old one only when\n"
                 "done; the old one is kept until then.  For a damaged database (exit 4\n"
                 "and \"is damaged\" from other commands).  Sources that are gone are\n"
                 "named and left out (exit 3); standard input is not recorded, nor\n"
                 "--field-map.  A sharded database (the shards' directory) comes back as\n"
                 "as many local shards; remote shards are rebuilt where they are served\n"
                 "(exit 2 here).  Run it while no ingest is writing.\n");
    if (o.n_args)
        die_usage("rebuild", "takes no arguments");
    unsigned local = 0;
    if (!rebuildable(o.db, &local)) {
        free(o.args);
        return EXIT_USAGE;
    }
    pdx_source *src = NULL;
    size_t n_src = 0;
    char *err = NULL;
    pdx_status st = pdx_db_sources(&src, &n_src, o.db, &err);
    if (st) {
        fprintf(stderr, "paperdex rebuild: %s\n", err ? err : pdx_status_str(st));
        free(err);
        free(o.args);
        return EXIT_DB;
    }
    if (n_src == 0) {
        /* a database filled from standard input only: a rebuild would
         * put an empty one in its place */
        fprintf(stderr, "paperdex rebuild: %s records no source files (standard input is not "
                        "recorded); nothing to rebuild from, left as it was\n", o.db);
        free(o.args);
        return EXIT_INPUT;
    }
    char *tmp = rebuild_dir(o.db, local > 1 ? local : 0);
    if (!tmp) {
        pdx_sources_free(src, n_src);
        free(o.args);
        return EXIT_DB;
    }
    int code = EXIT_DONE;
    size_t gone = sources_gone(src, n_src);
    pdx_db *db = open_db("rebuild", tmp, PDX_DB_WRITE);
    run_ctx rc = {"rebuild", !o.quiet && !o.json && isatty(STDERR_FILENO), false, false, 0,
                  now(), 0, cli_ansi() ? "\r\033[K" : "\r", NULL};
    pdx_ingest_summary all = {0};
    uint64_t failed = 0;
    if (code != EXIT_DB)
        code = rebuild_runs(&all, &failed, db, src, n_src, &rc);
    pdx_stats after = {0};
    if (code != EXIT_DB && (st = pdx_db_stats(&after, db))) {
        fprintf(stderr, "paperdex rebuild: %s\n", pdx_db_errmsg(db));
        code = EXIT_DB;
    }
    pdx_db_free(db); /* commits and lets go of the new database */
    if (code != EXIT_DB && (st = pdx_db_replace(o.db, tmp, &err))) {
        fprintf(stderr, "paperdex rebuild: %s\n", err ? err : pdx_status_str(st));
        free(err);
        code = EXIT_DB;
    }
    if (code == EXIT_DB) {
        fprintf(stderr, "paperdex rebuild: %s is left as it was\n", o.db);
        nftw(tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    } else if (gone || failed || all.skipped) {
        code = EXIT_INPUT;
    }
    if (code != EXIT_DB)
        rebuild_report(&o, n_src, gone, &all, &after);
    pdx_sources_free(src, n_src);
    free(tmp);
    free(o.args);
    return code;
}

/* The command line, whole: `main` below, and the fuzzer. */
static int dispatch(int argc, char **argv);

/* ---- export, remove ------------------------------------------------------------ */

/* Looks each id up; the papers found (each once) go to v, ids that name
 * none or several are told on stderr.  Returns how many ids failed. */
static size_t find_papers(const char *cmd, pdx_db *db, const opts *o, pdx_paper ***v, size_t *n,
                          pdx_status *st) {
    size_t failed = 0;
    *v = NULL;
    *n = 0;
    *st = PDX_OK;
    for (int i = 0; i < o->n_args && !*st; i++) {
        pdx_paper **found = NULL;
        size_t k = 0;
        if ((*st = pdx_db_find_id(&found, &k, db, o->args[i])))
            break;
        if (k == 0) {
            fprintf(stderr, "paperdex %s: no paper with id %s\n", cmd, o->args[i]);
            failed++;
        } else if (k > 1) {
            fprintf(stderr, "paperdex %s: id %s is ambiguous: %zu papers have it:\n", cmd,
                    o->args[i], k);
            for (size_t j = 0; j < k; j++)
                fprintf(stderr, "  %s  %s\n", pdx_paper_id(found[j]), pdx_paper_title(found[j]));
            failed++;
        } else {
            bool seen = false;
            for (size_t j = 0; j < *n && !seen; j++)
                seen = strcmp(pdx_paper_id((*v)[j]), pdx_paper_id(found[0])) == 0;
            pdx_paper **grown = seen ? *v : realloc(*v, (*n + 1) * sizeof **v);
            if (!grown) {
                *st = PDX_ENOMEM;
            } else if (!seen) {
                *v = grown;
                (*v)[(*n)++] = found[0];
                found[0] = NULL;
            }
        }
        pdx_papers_free(found, k);
    }
    return failed;
}

static int cmd_export(int argc, char **argv) {
    opts o;
    parse_opts("export", O_DB | O_OUT_FORMAT | O_LIMIT | O_QUERY, argc, argv, &o);
    if (o.help)
        help_cmd(&o, "ID...   or   paperdex export [options] --query QUERY",
                 "Writes papers as citations on standard output: BibTeX (the default, UTF-8,\n"
                 "LaTeX specials escaped), RIS, or CSL-JSON (an array of items, as citeproc\n"
                 "and Zotero read); --format F picks one (bibtex, ris or csl-json).  IDs take\n"
                 "any form show takes (arXiv ids, DOIs, PubMed ids, BibTeX keys, ours); --query\n"
                 "exports the best N hits of a search (N: --limit, default 50).  Keys are the\n"
                 "record's BibTeX key, else surname+year+title word, made unique with a/b\n"
                 "suffixes.  An id that names no paper, or several, is told on stderr; the\n"
                 "others are still written, and the exit code is 1.\n\n"
                 "Example: paperdex export --format ris 0704.0001 doi:10.1103/PhysRevD.76.013009\n");
    pdx_export_format fmt = PDX_EXPORT_BIBTEX;
    if (o.format && pdx_export_format_parse(&fmt, o.format))
        die_usage("export", "--format is bibtex, ris or csl-json, not '%s'", o.format);
    if (o.query && o.n_args)
        die_usage("export", "give IDs or --query, not both");
    if (!o.query && !o.n_args)
        die_usage("export", "no paper ids given (or --query QUERY)");
    if (o.query && !*o.query)
        die_usage("export", "--query is empty");
    if (o.limit && !o.query)
        die_usage("export", "--limit goes with --query");
    pdx_db *db = open_db("export", o.db, PDX_DB_READ);
    pdx_paper **v = NULL;
    size_t n = 0, failed = 0;
    pdx_results *r = NULL;
    const pdx_paper **list = NULL;
    pdx_status st = PDX_OK;
    if (o.query) {
        pdx_search_opts so = {.limit = o.limit ? o.limit : 50, .sort = PDX_SORT_RELEVANCE};
        st = pdx_search(&r, db, o.query, &so);
        n = st ? 0 : pdx_results_count(r);
    } else {
        failed = find_papers("export", db, &o, &v, &n, &st);
    }
    list = calloc(n ? n : 1, sizeof *list);
    if (!st && !list)
        st = PDX_ENOMEM;
    for (size_t i = 0; !st && i < n; i++)
        list[i] = r ? pdx_results_paper(r, i) : v[i];
    char *text = NULL;
    if (!st)
        st = pdx_export(&text, list, n, fmt);
    int code = failed ? EXIT_NOTFOUND : EXIT_DONE;
    if (st) {
        code = fail_db("export", db, st);
        db = NULL;
    } else {
        fputs(text, stdout);
    }
    free(text);
    free(list);
    pdx_papers_free(v, r ? 0 : n);
    pdx_results_free(r);
    pdx_db_free(db);
    free(o.args);
    return code;
}

static int cmd_remove(int argc, char **argv) {
    opts o;
    parse_opts("remove", O_DB | O_JSON | O_SOURCE, argc, argv, &o);
    if (o.help)
        help_cmd(&o, "ID...   or   paperdex remove [options] --source FILE",
                 "Removes papers from the database, in one commit, and says which.  IDs take\n"
                 "any form show takes (arXiv ids, DOIs, PubMed ids, BibTeX keys, ours).  With\n"
                 "--source, takes back what FILE contributed, as a re-ingest of a changed\n"
                 "file does: papers read only from FILE are removed; papers merged with\n"
                 "other files stay (\"updated\"), made again from those files (when one has\n"
                 "changed since it was ingested, the paper keeps all its fields); and FILE\n"
                 "counts as never read, so ingesting it again reads it afresh.  An id that\n"
                 "names no paper, or several, is told on stderr; exit 1 when nothing was\n"
                 "removed.  --json prints {\"removed\": [ids], \"updated\": [ids],\n"
                 "\"not_found\": [...], \"ambiguous\": [...]}.\n\n"
                 "Example: paperdex remove arXiv:0704.0001 10.1103/PhysRevD.76.013009\n");
    const char *source = o.source;
    if (source && o.n_args)
        die_usage("remove", "give IDs or --source, not both");
    if (!source && !o.n_args)
        die_usage("remove", "no paper ids given (or --source FILE)");
    if (source && !*source)
        die_usage("remove", "--source is empty");
    /* a writer would create a missing database: make sure there is one */
    pdx_db_free(open_db("remove", o.db, PDX_DB_READ));
    pdx_db *db = open_db("remove", o.db, PDX_DB_WRITE);
    pdx_removal *r = NULL;
    pdx_status st = source ? pdx_db_remove_source(&r, db, source)
                           : pdx_db_remove(&r, db, o.args, (size_t)o.n_args);
    if (st) {
        free(o.args);
        return fail_db("remove", db, st);
    }
    for (size_t i = 0; i < r->n_not_found; i++)
        fprintf(stderr, "paperdex remove: %s %s\n",
                source ? "nothing was read from" : "no paper with id", r->not_found[i]);
    for (size_t i = 0; i < r->n_ambiguous; i++) {
        /* the candidates, so the user can pick one by its own id */
        pdx_paper **v = NULL;
        size_t k = 0;
        fprintf(stderr, "paperdex remove: id %s is ambiguous; nothing removed for it:\n",
                r->ambiguous[i]);
        if (pdx_db_find_id(&v, &k, db, r->ambiguous[i]) == PDX_OK)
            for (size_t j = 0; j < k; j++)
                fprintf(stderr, "  %s  %s\n", pdx_paper_id(v[j]), pdx_paper_title(v[j]));
        pdx_papers_free(v, k);
    }
    if (o.json)
        cli_json_removal(stdout, r);
    else
        cli_text_removal(stdout, r);
    int code = r->n_removed || r->n_updated ? EXIT_DONE : EXIT_NOTFOUND;
    pdx_removal_free(r);
    pdx_db_free(db);
    free(o.args);
    return code;
}

int cli_main(int argc, char **argv) {
#ifdef PDX_CLI_NO_MAIN
    jmp_buf here;
    int code = setjmp(here);
    if (code) {
        cli_jump = NULL;
        return code - 1; /* cli_exit() */
    }
    cli_jump = &here;
    code = dispatch(argc, argv);
    cli_jump = NULL;
    return code;
#else
    return dispatch(argc, argv);
#endif
}

#ifndef PDX_CLI_NO_MAIN
int main(int argc, char **argv) { return cli_main(argc, argv); }
#endif

#ifndef PDX_CLI_NO_MAIN
/* `serve-shard`: hands one shard to Xapian's own server, xapian-tcpsrv
 * (Debian xapian-tools), with the flags paperdex's remote stubs expect;
 * the process becomes the server (exec), so a supervisor's signals and
 * exit status are the server's. */
static int cmd_serve_shard(int argc, char **argv) {
    opts o;
    parse_opts("serve-shard", O_DB | O_PORT | O_IFACE | O_WRITABLE, argc, argv, &o);
    if (o.help)
        help_cmd(&o, "--port P",
                 "Serves the database --db (one shard of a sharded database, or any\n"
                 "paperdex database) to other machines through xapian-tcpsrv, Xapian's\n"
                 "remote backend: a stub line 'remote tcp HOST:P' then searches it from\n"
                 "anywhere (docs/scale-out.md).  Runs until killed.  Checks first that\n"
                 "--db is a paperdex database that is not itself a stub.\n");
    if (o.n_args)
        die_usage("serve-shard", "takes no arguments");
    if (!o.port)
        die_usage("serve-shard", "--port is required");
    pdx_db *db = open_db("serve-shard", o.db, PDX_DB_READ);
    size_t shards = pdx_db_shard_count(db);
    pdx_db_free(db);
    if (shards) {
        fprintf(stderr, "paperdex serve-shard: %s is a sharded database; serve each of its "
                        "shards (%s/shard-K) on a port of its own\n", o.db, o.db);
        free(o.args);
        return EXIT_USAGE;
    }
    char port[16];
    snprintf(port, sizeof port, "%u", o.port);
    const char *args[10];
    int n = 0;
    args[n++] = "xapian-tcpsrv";
    args[n++] = "--port";
    args[n++] = port;
    args[n++] = "--interface";
    args[n++] = o.interface ? o.interface : "127.0.0.1";
    if (o.writable)
        args[n++] = "--writable";
    args[n++] = "--";
    args[n++] = o.db;
    args[n] = NULL;
    fflush(stdout);
    execvp(args[0], (char *const *)args);
    fprintf(stderr, "paperdex serve-shard: cannot run xapian-tcpsrv: %s (Debian: apt-get install "
                    "xapian-tools)\n", strerror(errno));
    free(o.args);
    return EXIT_DB;
}
#endif

static int dispatch(int argc, char **argv) {
    if (argc < 2) {
        fputs(main_help, stderr);
        print_exits(stderr, NULL);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(main_help, stdout);
        print_exits(stdout, NULL);
        return EXIT_DONE;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("paperdex %s (Xapian %s)\n", VERSION, pdx_xapian_version());
        return EXIT_DONE;
    }
    argc -= 2;
    argv += 2;
    if (strcmp(cmd, "ingest") == 0)
        return cmd_ingest(argc, argv, false);
    if (strcmp(cmd, "parse") == 0)
        return cmd_ingest(argc, argv, true);
    if (strcmp(cmd, "search") == 0)
        return cmd_search(argc, argv, false);
    if (strcmp(cmd, "author") == 0)
        return cmd_search(argc, argv, true);
    if (strcmp(cmd, "coauthors") == 0)
        return cmd_coauthors(argc, argv);
    if (strcmp(cmd, "show") == 0)
        return cmd_show(argc, argv);
    if (strcmp(cmd, "stats") == 0)
        return cmd_stats(argc, argv);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc, argv);
    if (strcmp(cmd, "compact") == 0)
        return cmd_compact(argc, argv);
    if (strcmp(cmd, "rebuild") == 0)
        return cmd_rebuild(argc, argv);
    if (strcmp(cmd, "similar") == 0)
        return cmd_similar(argc, argv);
    if (strcmp(cmd, "eval") == 0)
        return cmd_eval(argc, argv);
    if (strcmp(cmd, "export") == 0)
        return cmd_export(argc, argv);
    if (strcmp(cmd, "remove") == 0)
        return cmd_remove(argc, argv);
#ifndef PDX_CLI_NO_MAIN
    /* not in the fuzzer (tests/fuzz/fuzz_cli.c): a server would never
     * return, and it has its own tests */
    if (strcmp(cmd, "serve") == 0)
        return cmd_serve(argc, argv);
    if (strcmp(cmd, "serve-shard") == 0)
        return cmd_serve_shard(argc, argv);
#endif
    fprintf(stderr, "paperdex: unknown command '%s'\n\n%s", cmd, main_help);
    return EXIT_USAGE;
}
