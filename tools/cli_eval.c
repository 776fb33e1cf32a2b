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
    "                     weightiest stems (3; 0: all)\n"
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
            continue;
        }
        if (strcmp(a, "--json") == 0) {
            json = true;
            continue;
        }
        if (strcmp(a, "--per-query") == 0) {
            show_queries = true;
            continue;
        }
        if (i + 1 >= argc)
            usage("unknown option or missing value: '%s'", a);
        const char *v = argv[++i];
        if (strcmp(a, "--db") == 0)
            o.db = v;
        else if (strcmp(a, "--run") == 0)
            o.run_path = v;
        else if (strcmp(a, "--qrels") == 0)
            o.qrels = v;
        else if (strcmp(a, "--depth") == 0)
            o.depth = (unsigned)num(a, v);
        else if (strcmp(a, "--k1") == 0)
            rk.k1 = num(a, v);
        else if (strcmp(a, "--b") == 0)
            rk.b = num(a, v);
        else if (strcmp(a, "--param") == 0)
            rk.param = num(a, v);
        else if (strcmp(a, "--title-weight") == 0)
            rk.title_weight = num(a, v);
        else if (strcmp(a, "--exact-weight") == 0)
            rk.exact_weight = num(a, v);
        else if (strcmp(a, "--author-weight") == 0)
            rk.author_weight = num(a, v);
        else if (strcmp(a, "--near-weight") == 0)
            rk.near_weight = num(a, v);
        else if (strcmp(a, "--near-window") == 0)
            rk.near_window = (unsigned)num(a, v);
        else if (strcmp(a, "--fb-docs") == 0) {
            rk.fb_docs = (unsigned)num(a, v);
            if (!rk.fb_docs)
                rk.feedback = PDX_FEEDBACK_OFF;
        }
        else if (strcmp(a, "--fb-terms") == 0)
            rk.fb_terms = (unsigned)num(a, v);
        else if (strcmp(a, "--fb-weight") == 0)
            rk.fb_weight = num(a, v);
        else if (strcmp(a, "--fb-min-matches") == 0)
            rk.fb_min_matches = (unsigned)num(a, v);
        else if (strcmp(a, "--fb-depth") == 0)
            rk.fb_depth = (unsigned)num(a, v);
        else if (strcmp(a, "--fb-widen") == 0)
            rk.fb_widen = (unsigned)num(a, v);
        else if (strcmp(a, "--fb-widen-terms") == 0)
            rk.fb_widen_terms = (unsigned)num(a, v);
        else if (strcmp(a, "--fb-max-df") == 0)
            rk.fb_max_df = num(a, v);
        else if (strcmp(a, "--title-wdf") == 0)
            o.title_wdf = (unsigned)num(a, v);
        else if (strcmp(a, "--fb-scheme") == 0) {
            if (strcmp(v, "trad") && strcmp(v, "bo1"))
                usage("--fb-scheme is trad or bo1, not '%s'", v);
            rk.fb_bo1 = strcmp(v, "bo1") == 0;
        } else if (strcmp(a, "--feedback") == 0) {
            if (strcmp(v, "off") && strcmp(v, "on") && strcmp(v, "auto"))
                usage("--feedback is off, on or auto, not '%s'", v);
            rk.feedback = strcmp(v, "off") == 0  ? PDX_FEEDBACK_OFF
                          : strcmp(v, "on") == 0 ? PDX_FEEDBACK_ON
                                                 : PDX_FEEDBACK_AUTO;
        } else if (strcmp(a, "--fb-method") == 0) {
            if (strcmp(v, "rm3") && strcmp(v, "eset"))
                usage("--fb-method is rm3 or eset, not '%s'", v);
            rk.fb_method = strcmp(v, "rm3") == 0 ? PDX_FB_RM3 : PDX_FB_ESET;
        } else if (strcmp(a, "--fb-doc-weight") == 0) {
            if (strcmp(v, "likelihood") && strcmp(v, "score"))
                usage("--fb-doc-weight is likelihood or score, not '%s'", v);
            rk.fb_by_score = strcmp(v, "score") == 0;
        } else if (strcmp(a, "--fb-clarity") == 0) {
            rk.fb_auto_clarity = num(a, v);
        } else if (strcmp(a, "--fb-rerank") == 0) {
            if (strcmp(v, "yes") && strcmp(v, "no"))
                usage("--fb-rerank is yes or no, not '%s'", v);
            rk.fb_rerank = strcmp(v, "yes") == 0;
        } else if (strcmp(a, "--fb-near") == 0) {
            if (strcmp(v, "yes") && strcmp(v, "no"))
                usage("--fb-near is yes or no, not '%s'", v);
            rk.fb_near = strcmp(v, "yes") == 0;
        } else if (strcmp(a, "--stopwords") == 0) {
            if (strcmp(v, "keep") && strcmp(v, "drop"))
                usage("--stopwords is keep or drop, not '%s'", v);
            rk.keep_stopwords = strcmp(v, "keep") == 0;
        } else if (strcmp(a, "--author-text") == 0) {
            if (strcmp(v, "yes") && strcmp(v, "no"))
                usage("--author-text is yes or no, not '%s'", v);
            o.author_text = strcmp(v, "yes") == 0 ? 1 : -1;
        } else if (strcmp(a, "--weighting") == 0) {
            static const char *const names[] = {"bm25", "bm25+", "lm", "pl2", "dph", "inl2"};
            size_t k = 0;
            while (k < 6 && strcmp(names[k], v) != 0)
                k++;
            if (k == 6)
                usage("--weighting is bm25, bm25+, lm, pl2, dph or inl2, not '%s'", v);
            rk.weighting = (pdx_weighting)k;
        } else
            usage("unknown option '%s'", a);
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
    char name[256];
    base_name(dir, name, sizeof name);
    if (json) {
        json_t *j = json_object();
        json_object_set_new(j, "collection", json_string(name));
        json_object_set_new(j, "queries", json_integer((json_int_t)s.queries));
        json_object_set_new(j, "ndcg@10", json_real(s.ndcg10));
        json_object_set_new(j, "map", json_real(s.map));
        json_object_set_new(j, "recall@100", json_real(s.recall100));
        json_object_set_new(j, "p@10", json_real(s.p10));
        json_object_set_new(j, "docs", json_integer((json_int_t)s.docs));
        json_object_set_new(j, "index_seconds", json_real(s.index_seconds));
        json_object_set_new(j, "search_seconds", json_real(s.search_seconds));
        json_dumpf(j, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
        fputc('\n', stdout);
        json_decref(j);
    } else {
        printf("collection  %s (%zu documents, %zu judged queries)\n", name, s.docs, s.queries);
        printf("nDCG@10     %.4f\nMAP         %.4f\nRecall@100  %.4f\nP@10        %.4f\n",
               s.ndcg10, s.map, s.recall100, s.p10);
        printf("time        %.1f s indexing, %.2f s searching (%.1f ms a query)\n",
               s.index_seconds, s.search_seconds,
               s.queries ? 1000 * s.search_seconds / (double)s.queries : 0.0);
    }
    return EXIT_DONE;
}
