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
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "util/buf.h"

#define VERSION "0.1.0"

static const char *const exit_help =
    "Exit codes:\n"
    "  0  done (also when nothing matched)\n"
    "  1  show: no paper with that id\n"
    "  2  usage error or query syntax error\n"
    "  3  bad input: some input could not be read or some entries were skipped\n"
    "     (everything readable was still stored)\n"
    "  4  database error: missing, locked, corrupt, or not a paperdex database\n";

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
    "  eval BEIR_DIR          ranking quality on a test collection (nDCG@10, MAP, ...)\n"
    "\n"
    "Every command takes --help.  The database is --db DIR, else $PAPERDEX_DB,\n"
    "else ./paperdex.db.  --json prints machine-readable output (see README).\n"
    "\n";

typedef struct opts {
    const char *db;
    const char *format;
    const char *field_map;
    bool json, quiet, exact, help, facets;
    unsigned limit, offset, min, batch, wait, jobs;
    const char *batch_file; /* search/author --batch FILE */
    pdx_sort sort;
    const char **args;
    int n_args;
} opts;

static void die_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void die_usage(const char *cmd, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "paperdex %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'paperdex %s --help'.\n", cmd);
    va_end(ap);
    exit(EXIT_USAGE);
}

int cli_exit_code(pdx_status st) {
    switch (st) {
    case PDX_OK: return EXIT_DONE;
    case PDX_EINVAL:
    case PDX_EQUERY: return EXIT_USAGE;
    case PDX_EINPUT:
    case PDX_EIO: return EXIT_INPUT;
    default: return EXIT_DB;
    }
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
    O_JOBS = 1 << 15,
};

static void parse_opts(const char *cmd, unsigned allowed, int argc, char **argv, opts *o) {
    memset(o, 0, sizeof *o);
    o->args = calloc((size_t)argc + 1, sizeof *o->args);
    if (!o->args) {
        fprintf(stderr, "paperdex: out of memory\n");
        exit(EXIT_DB);
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
        /* --name=value or --name value */
        char name[32];
        const char *val = NULL;
        const char *eq = strchr(a, '=');
        size_t nl = eq ? (size_t)(eq - a) : strlen(a);
        if (nl >= sizeof name)
            die_usage(cmd, "unknown option '%s'", a);
        memcpy(name, a, nl);
        name[nl] = '\0';
        if (eq)
            val = eq + 1;
        struct {
            const char *name;
            unsigned flag;
            bool takes_value;
        } table[] = {
            {"--db", O_DB, true},         {"--json", O_JSON, false},    {"--limit", O_LIMIT, true},
            {"-n", O_LIMIT, true},        {"--format", O_FORMAT, true}, {"--quiet", O_QUIET, false},
            {"-q", O_QUIET, false},       {"--exact", O_EXACT, false},  {"--min", O_MIN, true},
            {"--sort", O_SORT, true},     {"--offset", O_OFFSET, true}, {"--batch", O_BATCH, true},
            {"--facets", O_FACETS, false}, {"--wait", O_WAIT, true},
            {"--field-map", O_FIELDMAP, true},
            {"--batch", O_BATCH_FILE, true}, {"--jobs", O_JOBS, true}, {"-j", O_JOBS, true},
        };
        /* a name may mean one thing for one command and another for the
         * next (--batch N for ingest, --batch FILE for search) */
        size_t k = 0;
        for (; k < sizeof table / sizeof *table; k++)
            if (strcmp(table[k].name, name) == 0 && (allowed & table[k].flag))
                break;
        if (k == sizeof table / sizeof *table && (allowed & O_TEXT) && a[1] != '-') {
            o->args[o->n_args++] = a; /* "-word" in a query */
            continue;
        }
        if (k == sizeof table / sizeof *table || !(allowed & table[k].flag))
            die_usage(cmd, "unknown option '%s'", name);
        if (table[k].takes_value && !val) {
            if (i + 1 >= argc)
                die_usage(cmd, "%s needs a value", name);
            val = argv[++i];
        } else if (!table[k].takes_value && val) {
            die_usage(cmd, "%s takes no value", name);
        }
        switch (table[k].flag) {
        case O_DB: o->db = val; break;
        case O_JSON: o->json = true; break;
        case O_LIMIT: o->limit = parse_count(cmd, name, val); break;
        case O_OFFSET: o->offset = parse_count(cmd, name, val); break;
        case O_MIN: o->min = parse_count(cmd, name, val); break;
        case O_BATCH: o->batch = parse_count(cmd, name, val); break;
        case O_WAIT: o->wait = parse_count(cmd, name, val); break;
        case O_BATCH_FILE: o->batch_file = val; break;
        case O_JOBS:
            o->jobs = parse_count(cmd, name, val);
            if (o->jobs < 1 || o->jobs > 2)
                die_usage(cmd, "--jobs is 1 or 2, not '%s'", val);
            break;
        case O_FORMAT: o->format = val; break;
        case O_FIELDMAP: o->field_map = val; break;
        case O_QUIET: o->quiet = true; break;
        case O_EXACT: o->exact = true; break;
        case O_FACETS: o->facets = true; break;
        case O_SORT:
            if (strcmp(val, "relevance") == 0)
                o->sort = PDX_SORT_RELEVANCE;
            else if (strcmp(val, "date") == 0)
                o->sort = PDX_SORT_DATE;
            else
                die_usage(cmd, "--sort is 'relevance' or 'date', not '%s'", val);
            break;
        }
    }
    if (!o->db) {
        const char *env = getenv("PAPERDEX_DB");
        o->db = env && *env ? env : "./paperdex.db";
    }
}

static void help(const char *text) {
    fputs(text, stdout);
    fputc('\n', stdout);
    fputs(exit_help, stdout);
    exit(EXIT_DONE);
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
    double deadline = pdx_now() + wait;
    bool told = false;
    while (st == PDX_ELOCKED && pdx_now() < deadline) {
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
        exit(cli_exit_code(st) == EXIT_USAGE ? EXIT_USAGE : EXIT_DB);
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

/* ---- ingest and parse ---------------------------------------------------------- */

typedef struct run_ctx {
    const char *cmd;
    bool progress;
    bool json_lines;  /* parse --json */
    bool color;
    unsigned long diags;
    double t0, last;
    const char *clear; /* back to the start of the progress line, erased */
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
    double t = pdx_now();
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

/* "1 record", "2 records" */
static void count(FILE *out, uint64_t n, const char *one, const char *many) {
    fprintf(out, "%llu %s", (unsigned long long)n, n == 1 ? one : many);
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
}

static int cmd_ingest(int argc, char **argv, bool parse_only) {
    const char *cmd = parse_only ? "parse" : "ingest";
    opts o;
    parse_opts(cmd,
               parse_only ? (O_JSON | O_FORMAT | O_QUIET | O_FIELDMAP)
                          : (O_DB | O_JSON | O_FORMAT | O_QUIET | O_BATCH | O_WAIT | O_FIELDMAP |
                             O_JOBS),
               argc, argv, &o);
    if (o.help) {
        char text[4096];
        size_t at = (size_t)snprintf(text, sizeof text, "%s",
            parse_only
                ? "Usage: paperdex parse [--format F] [--field-map MAP] [--json] FILE|DIR|-...\n\n"
                  "Reads the inputs as `ingest` would and prints every record, merged as the\n"
                  "database would merge them, without touching a database.  With --json, one\n"
                  "JSON object per line (id, title, authors, authors_truncated, abstract,\n"
                  "abstract_truncated, date, year, category, code, affiliations, venue, source,\n"
                  "format, ...).\n\n"
                  "  --field-map MAP  which JSON key or CSV/TSV column feeds which field:\n"
                  "                   title=Title,abstract=Summary,authors=metadata.authors\n"
                  "                   (title abstract authors year date id doi arxiv venue category)\n\n"
                  "Formats (detected from the content unless --format):\n"
                : "Usage: paperdex ingest [--db DIR] [--format F] [--field-map MAP] [--batch N]\n"
                  "                       [--jobs N] [--quiet] [--json] FILE|DIR|-...\n\n"
                  "Reads publication lists into the database, creating it when missing.\n"
                  "Directories are read recursively; .gz files are decompressed; - is standard\n"
                  "input.  A paper met again (same id, DOI, arXiv id or normalised title) is\n"
                  "merged with the stored one, so ingesting a file twice changes nothing.\n"
                  "Bad lines are reported with file and line, skipped, and the rest is read.\n\n"
                  "  --db DIR      database directory (default $PAPERDEX_DB, else ./paperdex.db)\n"
                  "  --format F    read every input as F instead of detecting it\n"
                  "  --field-map MAP  which JSON key or CSV/TSV column feeds which field:\n"
                  "                title=Title,abstract=Summary,authors=metadata.authors (fields:\n"
                  "                title abstract authors year date id doi arxiv venue category)\n"
                  "  --batch N     commit every N papers (default 2000)\n"
                  "  --jobs N      1, or 2: into a new database, from JSON Lines, BibTeX, arXiv,\n"
                  "                CSV or TSV files, read two halves of the inputs side by\n"
                  "                side and merge them; else read and normalise on one thread\n"
                  "                while another writes (the same papers either way).\n"
                  "                Default: 2 where the process may use two CPUs or more, else 1\n"
                  "  --wait S      if another ingest holds the database, wait up to S seconds\n"
                  "  --quiet       no progress line\n"
                  "  --json        print the summary as JSON\n\nFormats:\n");
        for (size_t i = 0; pdx_format_name(i) && at < sizeof text; i++)
            at += (size_t)snprintf(text + at, sizeof text - at, "  %-9s %s\n", pdx_format_name(i),
                                   pdx_format_description(i));
        help(text);
    }
    if (o.n_args == 0)
        die_usage(cmd, "no input given (a file, a directory, or - for standard input)");
    if (o.format) {
        bool known = false;
        for (size_t i = 0; pdx_format_name(i); i++)
            known |= strcmp(pdx_format_name(i), o.format) == 0;
        if (!known)
            die_usage(cmd, "unknown format '%s'", o.format);
    }
    run_ctx rc = {cmd, !o.quiet && !o.json && !parse_only && isatty(STDERR_FILENO), o.json,
                  cli_color(stdout), 0, pdx_now(), 0,
                  /* TERM=dumb: no erase escape; spaces cover the old line */
                  cli_ansi() ? "\r\033[K" : "\r                                                                              \r"};
    pdx_db *db = parse_only ? NULL : open_db_wait(cmd, o.db, PDX_DB_WRITE, o.wait);
    pdx_ingest_opts io = {0};
    io.format = o.format;
    io.field_map = o.field_map;
    /* Both cores by default where there are two: the same papers either
     * way (tests/e2e/test_jobs.sh), about 1.8 times as fast into a new
     * database. */
    io.jobs = o.jobs ? o.jobs : !parse_only && usable_cpus() >= 2 ? 2 : 1;
    io.batch = o.batch;
    io.on_diag = on_diag;
    io.on_progress = on_progress;
    io.on_phase = on_phase;
    io.payload = &rc;
    pdx_ingest *ing = NULL;
    pdx_status st = pdx_ingest_new(&ing, db, &io);
    if (st == PDX_EINVAL && o.field_map) {
        pdx_db_free(db);
        free(o.args);
        die_usage(cmd, "bad --field-map '%s': want NAME=FIELD[,NAME=FIELD...] with NAME one of "
                       "title, abstract, authors, year, date, id, doi, arxiv, venue, category",
                  o.field_map);
    }
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
    st = pdx_ingest_run(ing, parse_only ? print_record : NULL, &rc);
    if (rc.progress)
        fputs(rc.clear, stderr);
    const pdx_ingest_summary *sum = pdx_ingest_summary_get(ing);
    int code = st ? cli_exit_code(st) : EXIT_DONE;
    if (st && code != EXIT_INPUT)
        fprintf(stderr, "paperdex %s: %s\n", cmd, pdx_ingest_errmsg(ing));
    if (!code && (sum->skipped || sum->files_failed))
        code = EXIT_INPUT;
    pdx_stats after = {0};
    bool have_after = db && pdx_db_stats(&after, db) == PDX_OK;
    /* --quiet hides the progress line only: the summary is the answer */
    if (o.json && !parse_only)
        cli_json_summary(stdout, sum, have_after ? &after : NULL, o.db, ing);
    else if (!o.json)
        print_summary(stderr, ing, parse_only, code, have_after ? &after : NULL, o.db);
    pdx_ingest_free(ing);
    pdx_db_free(db);
    free(o.args);
    return code;
}

/* ---- search, author ------------------------------------------------------------- */

/* `search --batch FILE` / `author --batch FILE`: the database is opened once
 * and every line of FILE (- for standard input) is a query; blank lines are
 * skipped.  A query that fails (a syntax error) gets its message and the
 * rest still run; the exit code is then that of the first failure. */
static int search_batch(const char *cmd, const opts *o, bool author) {
    FILE *in = strcmp(o->batch_file, "-") == 0 ? stdin : fopen(o->batch_file, "r");
    if (!in)
        die_usage(cmd, "cannot read %s: %s", o->batch_file, strerror(errno));
    pdx_db *db = open_db(cmd, o->db, PDX_DB_READ);
    bool color = !o->json && cli_color(stdout);
    pdx_search_opts so = {o->limit, o->offset, o->sort, color ? "\033[1m" : "**",
                          color ? "\033[0m" : "**", NULL, o->facets};
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
        double t0 = pdx_now();
        pdx_status st = author ? pdx_author_search(&r, db, line, o->exact ? PDX_AUTHOR_EXACT : 0, &so)
                               : pdx_search(&r, db, line, &so);
        double took_ms = (pdx_now() - t0) * 1000.0;
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
               O_DB | O_JSON | O_LIMIT | O_OFFSET | O_SORT | O_BATCH_FILE |
                   (author ? O_EXACT : O_TEXT | O_FACETS),
               argc, argv, &o);
    if (o.help)
        help(author
                 ? "Usage: paperdex author [--db DIR] [--json] [--limit N] [--offset N]\n"
                   "                       [--sort relevance|date] [--exact] NAME\n"
                   "       paperdex author [options] --batch FILE\n\n"
                   "Lists the papers of a person.  NAME may be 'Given Surname' or\n"
                   "'Surname, Given', with or without accents, hyphens or initials.  Papers\n"
                   "with the full name come first; then variants (initials, shorter given\n"
                   "names), each marked with the spelling that matched.  --exact lists only\n"
                   "full-name matches.  --batch FILE takes one name per line (- for\n"
                   "standard input) and answers each; with --json one object per line, with\n"
                   "took_ms, the time spent inside the search.\n"
                 : "Usage: paperdex search [--db DIR] [--json] [--limit N] [--offset N]\n"
                   "                       [--sort relevance|date] [--facets] QUERY\n"
                   "       paperdex search [options] --batch FILE\n\n"
                   "Ranks papers by how well they match QUERY (BM25 over titles, abstracts and\n"
                   "author names, with pseudo-relevance feedback; case, accents and word\n"
                   "endings ignored).\n\n"
                   "  word word         either word, papers with more of them first\n"
                   "  a AND b   a OR b   NOT a   ( ... )    boolean operators (in capitals)\n"
                   "  \"a phrase\"        the words in this order\n"
                   "  -word             papers without the word\n"
                   "  optim*            words starting with optim\n"
                   "  title:w author:w venue:w abstract:w    the word in that field;\n"
                   "                    title:\"a phrase\"  title:(a OR b)\n"
                   "  category:LG  year:2019  year:2019..2021  has:code    filters\n\n"
                   "  --limit N     hits to show (default 10)\n"
                   "  --sort date   newest first instead of best match first\n"
                   "  --facets      also count years, categories and authors of all matches\n"
                   "  --batch FILE  one query per line (- for standard input), the database\n"
                   "                opened once; with --json one result object per line,\n"
                   "                with took_ms: the time spent inside the search\n");
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
    pdx_db *db = open_db(cmd, o.db, PDX_DB_READ);
    bool color = !o.json && cli_color(stdout);
    pdx_search_opts so = {o.limit, o.offset, o.sort, color ? "\033[1m" : "**", color ? "\033[0m" : "**", NULL,
                          o.facets};
    pdx_results *r = NULL;
    pdx_status st = author ? pdx_author_search(&r, db, q, o.exact ? PDX_AUTHOR_EXACT : 0, &so)
                           : pdx_search(&r, db, q, &so);
    int code = EXIT_DONE;
    if (st) {
        code = fail_db(cmd, db, st);
        db = NULL;
    } else if (o.json) {
        cli_json_results_ex(stdout, q, r, author, o.facets);
    } else {
        cli_text_results(stdout, q, r, author, color);
        if (o.facets)
            cli_text_facets(stdout, r);
    }
    pdx_results_free(r);
    pdx_db_free(db);
    free(q);
    free(o.args);
    return code;
}

static int cmd_coauthors(int argc, char **argv) {
    opts o;
    parse_opts("coauthors", O_DB | O_JSON | O_MIN | O_EXACT, argc, argv, &o);
    if (o.help)
        help("Usage: paperdex coauthors [--db DIR] [--json] [--min N] [--exact] NAME\n\n"
             "Counts, over the papers of NAME (as `paperdex author` finds them), every other\n"
             "author, one count per shared paper, most frequent first.  Spellings of one\n"
             "person (accents, hyphens, case) are merged under the most used one; the\n"
             "others are listed, so a merge is never silent.\n\n"
             "  --min N    only coauthors of at least N papers\n"
             "  --exact    only papers with NAME's full spelling\n");
    if (o.n_args == 0)
        die_usage("coauthors", "no name given");
    char *q = join_args(&o);
    pdx_db *db = open_db("coauthors", o.db, PDX_DB_READ);
    pdx_coauthors *c = NULL;
    pdx_status st = pdx_coauthors_find(&c, db, q, o.exact ? PDX_AUTHOR_EXACT : 0, o.min);
    int code = EXIT_DONE;
    if (st) {
        code = fail_db("coauthors", db, st);
        db = NULL;
    } else if (o.json) {
        cli_json_coauthors(stdout, c);
    } else {
        cli_text_coauthors(stdout, c);
    }
    pdx_coauthors_free(c);
    pdx_db_free(db);
    free(q);
    free(o.args);
    return code;
}

static int cmd_similar(int argc, char **argv) {
    opts o;
    parse_opts("similar", O_DB | O_JSON | O_LIMIT | O_OFFSET | O_FACETS, argc, argv, &o);
    if (o.help)
        help("Usage: paperdex similar [--db DIR] [--json] [--limit N] [--offset N] [--facets] ID\n\n"
             "Lists papers like paper ID: the words that best set it apart from the\n"
             "other papers, searched for as a ranked query.  The JSON is search's.\n");
    if (o.n_args != 1)
        die_usage("similar", "give exactly one paper id");
    pdx_db *db = open_db("similar", o.db, PDX_DB_READ);
    bool color = !o.json && cli_color(stdout);
    pdx_search_opts so = {o.limit, o.offset, PDX_SORT_RELEVANCE, color ? "\033[1m" : "**",
                          color ? "\033[0m" : "**", NULL, o.facets};
    pdx_results *r = NULL;
    pdx_status st = pdx_similar(&r, db, o.args[0], &so);
    int code = EXIT_DONE;
    if (st == PDX_ENOTFOUND) {
        fprintf(stderr, "paperdex similar: %s\n", pdx_db_errmsg(db));
        code = EXIT_NOTFOUND;
    } else if (st) {
        code = fail_db("similar", db, st);
        db = NULL;
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
        help("Usage: paperdex show [--db DIR] [--json] ID\n\n"
             "Prints one paper in full: every field, every source it was read from.\n"
             "IDs are shown by search, author and parse.\n");
    if (o.n_args != 1)
        die_usage("show", "give exactly one paper id");
    pdx_db *db = open_db("show", o.db, PDX_DB_READ);
    pdx_paper *p = NULL;
    pdx_status st = pdx_db_get(&p, db, o.args[0]);
    int code = EXIT_DONE;
    if (st == PDX_ENOTFOUND) {
        fprintf(stderr, "paperdex show: %s\n", pdx_db_errmsg(db));
        code = EXIT_NOTFOUND;
    } else if (st) {
        code = fail_db("show", db, st);
        db = NULL;
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
    parse_opts("stats", O_DB | O_JSON, argc, argv, &o);
    if (o.help)
        help("Usage: paperdex stats [--db DIR] [--json]\n\n"
             "Prints how many papers, distinct authors and index terms the database holds.\n");
    if (o.n_args)
        die_usage("stats", "takes no arguments");
    pdx_db *db = open_db("stats", o.db, PDX_DB_READ);
    pdx_stats s;
    pdx_status st = pdx_db_stats(&s, db);
    int code = EXIT_DONE;
    if (st) {
        code = fail_db("stats", db, st);
        db = NULL;
    } else if (o.json) {
        cli_json_stats(stdout, &s, o.db);
    } else {
        cli_text_stats(stdout, &s, o.db);
    }
    pdx_db_free(db);
    free(o.args);
    return code;
}

static int cmd_check(int argc, char **argv) {
    opts o;
    parse_opts("check", O_DB | O_JSON, argc, argv, &o);
    if (o.help)
        help("Usage: paperdex check [--db DIR] [--json]\n\n"
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
        help("Usage: paperdex compact [--db DIR]\n\n"
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

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(main_help, stderr);
        fputs(exit_help, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(main_help, stdout);
        fputs(exit_help, stdout);
        return EXIT_DONE;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("paperdex %s\n", VERSION);
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
    if (strcmp(cmd, "similar") == 0)
        return cmd_similar(argc, argv);
    if (strcmp(cmd, "eval") == 0)
        return cmd_eval(argc, argv);
    fprintf(stderr, "paperdex: unknown command '%s'\n\n%s", cmd, main_help);
    return EXIT_USAGE;
}
