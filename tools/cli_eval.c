/*
 * cli_eval.c — `paperdex eval BEIR_DIR`: measures the ranking on a test
 * collection and prints nDCG@10, MAP, Recall@100 and P@10.
 *
 * Every ranking parameter is an option, so a sweep is a shell loop:
 *
 *   for k1 in 0.9 1.2 1.5; do paperdex eval --json --k1 $k1 DIR; done
 *
 * Options that change how documents are indexed (--title-wdf,
 * --author-text) only apply when eval builds its own temporary index.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

static const char *const eval_help =
    "Usage: paperdex eval [--json] [--db DIR] [--run FILE] [OPTIONS] BEIR_DIR\n"
    "\n"
    "Indexes BEIR_DIR/corpus.jsonl into a temporary database (or searches --db),\n"
    "runs every query of BEIR_DIR/qrels/test.tsv (text from queries.jsonl) and\n"
    "prints nDCG@10 (linear gain), MAP (over the top 1000), Recall@100 and P@10,\n"
    "as trec_eval defines them, averaged over the judged queries.\n"
    "\n"
    "  --json             {\"collection\", \"queries\", \"ndcg@10\", \"map\", \"recall@100\", \"p@10\", ...}\n"
    "  --run FILE         also write a TREC run file (qid Q0 docid rank score tag)\n"
    "  --qrels FILE       judgements other than qrels/test.tsv (e.g. qrels/dev.tsv)\n"
    "  --depth N          hits per query (default 1000)\n"
    "  --per-query        print each query's figures too (with --json: one JSON\n"
    "                     line per query, then the summary)\n"
    "\n"
    "Ranking (defaults: what the protocol of docs/ranking.md chose; tools/sweep.sh\n"
    "re-measures every option):\n"
    "  --weighting W      bm25, bm25+, lm, pl2, dph or inl2\n"
    "  --k1 X  --b X      BM25 parameters\n"
    "  --param X          the other schemes' parameter (BM25+ delta, LM mu, PL2/InL2 c)\n"
    "  --title-weight X   add a word's title-only match, times X\n"
    "  --exact-weight X   add a word's unstemmed form, times X\n"
    "  --author-weight X  add a word's match in author names, times X\n"
    "  --stopwords keep|drop   English function words in free text\n"
    "  --near-weight X  --near-window N   adjacent query words within N words\n"
    "  --feedback off|on|auto   pseudo-relevance feedback (default on); auto:\n"
    "                     only where the relevance model's clarity reaches\n"
    "                     --fb-clarity X nats (default 5)\n"
    "  --fb-method rm3|eset   RM3 (default) or Xapian's ESet\n"
    "  --fb-doc-weight likelihood|score   RM3 weighs the feedback papers by\n"
    "                     their query likelihood (default) or first-pass score\n"
    "  --fb-docs N  --fb-terms N  --fb-weight X   feedback papers (10), stems\n"
    "                     (20), the expansion's weight against the query (0.5)\n"
    "  --fb-min-matches N   no feedback for queries matching fewer papers\n"
    "                     (--fb-docs 0 turns it off)\n"
    "  --fb-depth N       the expansion re-ranks the first pass's top N (100);\n"
    "                     0: it ranks the whole collection\n"
    "  --fb-widen N       with --fb-depth: the expansion's own top N papers (10)\n"
    "                     are re-ranked too, found by its --fb-widen-terms N\n"
    "                     likeliest stems (3; 0: all)\n"
    "  --fb-rerank yes|no   with --fb-depth 0: the expansion only re-ranks the\n"
    "                     query's matches\n"
    "  --fb-scheme trad|bo1   ESet expansion weights\n"
    "  --fb-near yes|no   proximity in feedback's second pass too (--fb-depth 0)\n"
    "  --fb-max-df X      leave out expansion stems in more than this share\n"
    "                     of the papers (0 keeps them all)\n"
    "Indexing (temporary index only):\n"
    "  --title-wdf N      times a title word counts in the whole text\n"
    "  --author-text yes|no   author names in the free text\n"
    "\n"
    "Exit codes: 0 done; 2 usage error; 3 a collection file is missing or\n"
    "malformed; 4 database error.\n";

static void usage(const char *fmt, const char *a) {
    fprintf(stderr, "paperdex eval: ");
    fprintf(stderr, fmt, a);
    fprintf(stderr, "\nTry 'paperdex eval --help'.\n");
    exit(EXIT_USAGE);
}

static double num(const char *opt, const char *v) {
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (errno || *end || end == v || d < 0 || d > 1e6)
        usage("%s wants a number >= 0", opt);
    return d;
}

static void per_query(const char *qid, const char *text, double ndcg, double map, double r100,
                      double p10, void *payload) {
    (void)payload;
    printf("%s\t%.4f\t%.4f\t%.4f\t%.4f\t%s\n", qid, ndcg, map, r100, p10, text);
}

/* With --json, each query is a JSON line before the summary object, so
 * the whole output is JSON Lines (a table there would not parse). */
static void per_query_json(const char *qid, const char *text, double ndcg, double map,
                           double r100, double p10, void *payload) {
    (void)payload;
    json_t *j = json_pack("{s:s, s:s, s:f, s:f, s:f, s:f}", "qid", qid, "query", text, "ndcg@10",
                          ndcg, "map", map, "recall@100", r100, "p@10", p10);
    if (j)
        json_dumpf(j, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    fputc('\n', stdout);
    json_decref(j);
}

static void on_diag(const char *where, const char *msg, void *payload) {
    unsigned long *n = payload;
    if (++*n <= 20)
        fprintf(stderr, "paperdex eval: %s: %s\n", where, msg);
}

/* The collection's name: the last component of the directory. */
static const char *base_name(const char *dir, char *buf, size_t cap) {
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    size_t a = n;
    while (a > 0 && dir[a - 1] != '/')
        a--;
    snprintf(buf, cap, "%.*s", (int)(n - a), dir + a);
    return buf;
}

/* The options whose value is a number, and the field each sets: of the
 * ranking, or (EVAL) of the evaluation's options; WHOLE ones are
 * unsigned, the others double. */
enum { RANK = 0, EVAL = 1, WHOLE = 2 };
static const struct num_opt {
    const char *name;
    unsigned where;
    size_t off;
} num_opts[] = {
    {"--depth", EVAL | WHOLE, offsetof(pdx_eval_opts, depth)},
    {"--title-wdf", EVAL | WHOLE, offsetof(pdx_eval_opts, title_wdf)},
    {"--k1", RANK, offsetof(pdx_ranking, k1)},
    {"--b", RANK, offsetof(pdx_ranking, b)},
    {"--param", RANK, offsetof(pdx_ranking, param)},
    {"--title-weight", RANK, offsetof(pdx_ranking, title_weight)},
    {"--exact-weight", RANK, offsetof(pdx_ranking, exact_weight)},
    {"--author-weight", RANK, offsetof(pdx_ranking, author_weight)},
    {"--near-weight", RANK, offsetof(pdx_ranking, near_weight)},
    {"--near-window", RANK | WHOLE, offsetof(pdx_ranking, near_window)},
    {"--fb-docs", RANK | WHOLE, offsetof(pdx_ranking, fb_docs)},
    {"--fb-terms", RANK | WHOLE, offsetof(pdx_ranking, fb_terms)},
    {"--fb-weight", RANK, offsetof(pdx_ranking, fb_weight)},
    {"--fb-min-matches", RANK | WHOLE, offsetof(pdx_ranking, fb_min_matches)},
    {"--fb-max-df", RANK, offsetof(pdx_ranking, fb_max_df)},
    {"--fb-depth", RANK | WHOLE, offsetof(pdx_ranking, fb_depth)},
    {"--fb-widen", RANK | WHOLE, offsetof(pdx_ranking, fb_widen)},
    {"--fb-widen-terms", RANK | WHOLE, offsetof(pdx_ranking, fb_widen_terms)},
    {"--fb-clarity", RANK, offsetof(pdx_ranking, fb_auto_clarity)},
};

/* Sets number option `a` to `v`; false when `a` is none. */
static bool number_opt(const char *a, const char *v, pdx_ranking *rk, pdx_eval_opts *o) {
    for (size_t i = 0; i < sizeof num_opts / sizeof *num_opts; i++) {
        const struct num_opt *n = &num_opts[i];
        if (strcmp(a, n->name) != 0)
            continue;
        char *base = (n->where & EVAL) ? (char *)o : (char *)rk;
        double d = num(a, v);
        if (n->where & WHOLE)
            *(unsigned *)(base + n->off) = (unsigned)d;
        else
            *(double *)(base + n->off) = d;
        return true;
    }
    return false;
}

/* The index of `v` among `names` (NULL-terminated); a usage error naming
 * them all when it is none of them. */
static int pick(const char *opt, const char *v, const char *const *names) {
    size_t n = 0;
    while (names[n])
        n++;
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], v) == 0)
            return (int)i;
    char msg[256];
    int at = snprintf(msg, sizeof msg, "%s is ", opt);
    for (size_t i = 0; i < n && at > 0 && (size_t)at < sizeof msg; i++)
        at += snprintf(msg + at, sizeof msg - (size_t)at, "%s%s", names[i],
                       i + 2 < n ? ", " : i + 1 < n ? " or " : "");
    if (at > 0 && (size_t)at < sizeof msg)
        snprintf(msg + at, sizeof msg - (size_t)at, ", not '%s'", v);
    usage("%s", msg);
    return -1;
}

/* Sets choice option `a` to `v`; false when `a` is none. */
static bool choice_opt(const char *a, const char *v, pdx_ranking *rk, pdx_eval_opts *o) {
    static const char *const yes_no[] = {"yes", "no", NULL};
    static const char *const feedback[] = {"off", "on", "auto", NULL}; /* pdx_feedback order */
    static const char *const weighting[] = {"bm25", "bm25+", "lm", "pl2", "dph", "inl2",
                                            NULL}; /* pdx_weighting order */
    if (strcmp(a, "--fb-scheme") == 0)
        rk->fb_bo1 = pick(a, v, (const char *const[]){"trad", "bo1", NULL}) == 1;
    else if (strcmp(a, "--feedback") == 0)
        rk->feedback = (pdx_feedback)pick(a, v, feedback);
    else if (strcmp(a, "--fb-method") == 0)
        rk->fb_method = pick(a, v, (const char *const[]){"rm3", "eset", NULL}) ? PDX_FB_ESET
                                                                                : PDX_FB_RM3;
    else if (strcmp(a, "--fb-doc-weight") == 0)
        rk->fb_by_score = pick(a, v, (const char *const[]){"likelihood", "score", NULL}) == 1;
    else if (strcmp(a, "--fb-rerank") == 0)
        rk->fb_rerank = pick(a, v, yes_no) == 0;
    else if (strcmp(a, "--fb-near") == 0)
        rk->fb_near = pick(a, v, yes_no) == 0;
    else if (strcmp(a, "--stopwords") == 0)
        rk->keep_stopwords = pick(a, v, (const char *const[]){"keep", "drop", NULL}) == 0;
    else if (strcmp(a, "--author-text") == 0)
        o->author_text = pick(a, v, yes_no) == 0 ? 1 : -1;
    else if (strcmp(a, "--weighting") == 0)
        rk->weighting = (pdx_weighting)pick(a, v, weighting);
    else
        return false;
    return true;
}

/* The summary: one JSON object, or a table for people. */
static void print_summary(const pdx_eval_summary *s, const char *dir, bool json) {
    char name[256];
    base_name(dir, name, sizeof name);
    if (!json) {
        printf("collection  %s (%zu documents, %zu judged queries)\n", name, s->docs, s->queries);
        printf("nDCG@10     %.4f\nMAP         %.4f\nRecall@100  %.4f\nP@10        %.4f\n",
               s->ndcg10, s->map, s->recall100, s->p10);
        printf("time        %.1f s indexing, %.2f s searching (%.1f ms a query)\n",
               s->index_seconds, s->search_seconds,
               s->queries ? 1000 * s->search_seconds / (double)s->queries : 0.0);
        return;
    }
    json_t *j = json_object();
    json_object_set_new(j, "collection", json_string(name));
    json_object_set_new(j, "queries", json_integer((json_int_t)s->queries));
    json_object_set_new(j, "ndcg@10", json_real(s->ndcg10));
    json_object_set_new(j, "map", json_real(s->map));
    json_object_set_new(j, "recall@100", json_real(s->recall100));
    json_object_set_new(j, "p@10", json_real(s->p10));
    json_object_set_new(j, "docs", json_integer((json_int_t)s->docs));
    json_object_set_new(j, "index_seconds", json_real(s->index_seconds));
    json_object_set_new(j, "search_seconds", json_real(s->search_seconds));
    json_dumpf(j, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    fputc('\n', stdout);
    json_decref(j);
}

int cmd_eval(int argc, char **argv) {
    pdx_ranking rk;
    pdx_ranking_default(&rk);
    pdx_eval_opts o = {0};
    o.ranking = &rk;
    bool json = false, show_queries = false;
    const char *dir = NULL;
    unsigned long diags = 0;
    o.on_diag = on_diag;
    o.payload = &diags;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(eval_help, stdout);
            return EXIT_DONE;
        }
        if (a[0] != '-') {
            if (dir)
                usage("give one collection directory, not also '%s'", a);
            dir = a;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--per-query") == 0) {
            show_queries = true;
        } else if (i + 1 >= argc) {
            usage("unknown option or missing value: '%s'", a);
        } else {
            const char *v = argv[++i];
            if (strcmp(a, "--db") == 0)
                o.db = v;
            else if (strcmp(a, "--run") == 0)
                o.run_path = v;
            else if (strcmp(a, "--qrels") == 0)
                o.qrels = v;
            else if (!number_opt(a, v, &rk, &o) && !choice_opt(a, v, &rk, &o))
                usage("unknown option '%s'", a);
            if (strcmp(a, "--fb-docs") == 0 && !rk.fb_docs)
                rk.feedback = PDX_FEEDBACK_OFF;
        }
    }
    if (!dir)
        usage("%s", "no collection directory given (it holds corpus.jsonl, queries.jsonl, qrels/)");
    if (show_queries && json) {
        o.on_query = per_query_json;
    } else if (show_queries) {
        o.on_query = per_query;
        printf("qid\tndcg@10\tmap\trecall@100\tp@10\tquery\n");
    }
    pdx_eval_summary s;
    char *err = NULL;
    pdx_status st = pdx_eval_beir(&s, dir, &o, &err);
    if (st) {
        fprintf(stderr, "paperdex eval: %s\n", err && *err ? err : pdx_status_str(st));
        free(err);
        return cli_exit_code(st);
    }
    print_summary(&s, dir, json);
    return EXIT_DONE;
}
