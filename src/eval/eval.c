/*
 * eval.c — `paperdex eval`: ranking quality on a collection in BEIR layout.
 *
 *   DIR/corpus.jsonl    {"_id": "MED-10", "title": "...", "text": "..."}
 *   DIR/queries.jsonl   {"_id": "PLAIN-2", "text": "..."}
 *   DIR/qrels/test.tsv  query-id <TAB> corpus-id <TAB> grade (header line)
 *
 * The corpus goes through the ordinary ingest (so what is measured is what
 * users get), into a temporary database unless one is given.  Every query
 * that has judgements is run with the ranking asked for, retrieving
 * `depth` hits; queries.jsonl may hold other queries (NFCorpus's holds all
 * splits), which are ignored.
 *
 * The figures follow trec_eval exactly, so they can be compared with the
 * peers' published ones: hits are ordered by score as written in the run
 * file (six decimals), ties broken by document id, descending; nDCG@10
 * uses the grade as gain and log2(rank + 1) as discount, its ideal list
 * made of every judged document; MAP, Recall@100 and P@10 count a grade of
 * 1 or more as relevant.  Means are over every judged query, so a query
 * that finds nothing counts as 0 (trec_eval -c).
 *
 * eval sits above the query layer and the ingest, as a driver of both:
 * nothing under src/query/ knows of it.
 *
 * Queries are natural language, not our query syntax: quotes, brackets,
 * colons and leading dashes are blanked and AND/OR/NOT lower-cased before
 * parsing, so "Vitamin D: friend or foe?" is four words, not a field.
 */
#include "eval/eval.h"

#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "db.h"
#include "ingest/ingest.h"
#include "query/query.h"
#include "schema.h"
#include "store.h"
#include "util/map.h"

/* ---- metrics --------------------------------------------------------- */

static int by_grade_desc(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x < y) - (x > y);
}

void pdx_eval__score(pdx_eval__scores *out, const int *gains, size_t n, const int *judged,
                     size_t n_judged) {
    memset(out, 0, sizeof *out);
    size_t n_rel = 0;
    for (size_t i = 0; i < n_judged; i++)
        n_rel += judged[i] > 0;
    if (!n_rel)
        return;
    double dcg = 0, ap = 0;
    size_t rel_so_far = 0;
    for (size_t i = 0; i < n; i++) {
        if (gains[i] <= 0)
            continue;
        if (i < 10)
            dcg += gains[i] / log2((double)i + 2);
        rel_so_far++;
        ap += (double)rel_so_far / (double)(i + 1);
        if (i < 10)
            out->p10 += 1;
        if (i < 100)
            out->recall100 += 1;
    }
    out->map = ap / (double)n_rel;
    out->recall100 /= (double)n_rel;
    out->p10 /= 10;
    /* The ideal list: the best ten grades. */
    int best[10];
    size_t nb = 0;
    int *all = malloc((n_judged ? n_judged : 1) * sizeof *all);
    if (all) {
        memcpy(all, judged, n_judged * sizeof *all);
        qsort(all, n_judged, sizeof *all, by_grade_desc);
        for (size_t i = 0; i < n_judged && nb < 10; i++)
            best[nb++] = all[i];
        free(all);
    }
    double idcg = 0;
    for (size_t i = 0; i < nb; i++)
        if (best[i] > 0)
            idcg += best[i] / log2((double)i + 2);
    out->ndcg10 = idcg > 0 ? dcg / idcg : 0;
}

/* ---- judgements and queries ----------------------------------------- */

typedef struct judged_query {
    char *qid;
    char *text;     /* from queries.jsonl; NULL until found */
    pdx_map grades; /* corpus-id → grade + 1000 (so 0 and negatives fit a size_t) */
    int *all;       /* every grade, for the ideal list */
    size_t n_all, cap_all;
} judged_query;

typedef struct evalrun {
    const pdx_eval_opts *o;
    judged_query *q;
    size_t n_q, cap_q;
    pdx_map by_qid; /* qid → index in q */
    char **ids;     /* docid → paper id */
    size_t n_ids;
    pdx_buf err;
} evalrun;

#define GRADE_BIAS 1000

static pdx_status fail(evalrun *e, pdx_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static pdx_status fail(evalrun *e, pdx_status st, const char *fmt, ...) {
    pdx_status ms = PDX_OK;
    pdx_buf__clear(&e->err);
    va_list ap;
    va_start(ap, fmt);
    pdx_buf__vprintf(&ms, &e->err, fmt, ap);
    va_end(ap);
    return st;
}

static pdx_status get_query(evalrun *e, const char *qid, size_t n, judged_query **out) {
    size_t i;
    if (pdx_map__get(&e->by_qid, qid, n, &i)) {
        *out = &e->q[i];
        return PDX_OK;
    }
    if (e->n_q == e->cap_q) {
        size_t cap = e->cap_q ? e->cap_q * 2 : 64;
        judged_query *v = realloc(e->q, cap * sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        e->q = v;
        e->cap_q = cap;
    }
    judged_query *jq = &e->q[e->n_q];
    memset(jq, 0, sizeof *jq);
    if (!(jq->qid = pdx_strndup(qid, n)))
        return PDX_ENOMEM;
    pdx_status st = pdx_map__put(&e->by_qid, qid, n, e->n_q);
    if (st) {
        free(jq->qid);
        return st;
    }
    e->n_q++;
    *out = jq;
    return PDX_OK;
}

/* Splits a line at tabs (or runs of spaces) into at most `max` fields. */
static size_t split_fields(char *s, char **f, size_t max) {
    size_t n = 0;
    while (*s && n < max) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        f[n++] = s;
        while (*s && *s != ' ' && *s != '\t')
            s++;
        if (*s)
            *s++ = '\0';
    }
    return n;
}

static void chomp(char *s, ssize_t *n) {
    while (*n > 0 && (s[*n - 1] == '\n' || s[*n - 1] == '\r'))
        s[--*n] = '\0';
}

/* Calls `fn` with each line of `path` (its end removed, 1-based `lineno`)
 * until it returns something other than PDX_OK. */
static pdx_status read_lines(evalrun *e, const char *path,
                             pdx_status (*fn)(evalrun *e, const char *path, size_t lineno,
                                              char *line, size_t n)) {
    FILE *f = fopen(path, "r");
    if (!f)
        return fail(e, PDX_EIO, "%s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    pdx_status st = PDX_OK;
    while (!st && (n = getline(&line, &cap, f)) >= 0) {
        chomp(line, &n);
        st = fn(e, path, ++lineno, line, (size_t)n);
    }
    if (!st && ferror(f))
        st = fail(e, PDX_EIO, "%s: %s", path, strerror(errno));
    free(line);
    fclose(f);
    return st;
}

/* One judgement: "qid docid grade" (BEIR) or "qid iteration docid grade"
 * (TREC); a first line that is none is the header. */
static pdx_status qrels_line(evalrun *e, const char *path, size_t lineno, char *line, size_t n) {
    (void)n;
    char *fld[4];
    size_t nf = split_fields(line, fld, 4);
    if (nf == 0)
        return PDX_OK;
    char *qid = fld[0], *doc = nf == 4 ? fld[2] : fld[1], *grade = nf == 4 ? fld[3] : fld[2];
    char *end = NULL;
    long g = nf >= 3 ? strtol(grade, &end, 10) : 0;
    if (nf < 3 || !end || *end || end == grade) {
        if (lineno == 1)
            return PDX_OK; /* the header: query-id corpus-id score */
        return fail(e, PDX_EINPUT, "%s:%zu: expected query-id, corpus-id and a whole-number grade",
                    path, lineno);
    }
    if (g < -GRADE_BIAS + 1 || g > 1000000)
        g = g < 0 ? -GRADE_BIAS + 1 : 1000000;
    judged_query *jq = NULL;
    pdx_status st = get_query(e, qid, strlen(qid), &jq);
    size_t old;
    if (st || pdx_map__get(&jq->grades, doc, strlen(doc), &old))
        return st; /* a repeated judgement: the first one counts, as in trec_eval */
    if ((st = pdx_map__put(&jq->grades, doc, strlen(doc), (size_t)(g + GRADE_BIAS))))
        return st;
    if (jq->n_all == jq->cap_all) {
        size_t c = jq->cap_all ? jq->cap_all * 2 : 16;
        int *v = realloc(jq->all, c * sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        jq->all = v;
        jq->cap_all = c;
    }
    jq->all[jq->n_all++] = (int)g;
    return PDX_OK;
}

static pdx_status read_qrels(evalrun *e, const char *path) {
    pdx_status st = read_lines(e, path, qrels_line);
    if (!st && !e->n_q)
        st = fail(e, PDX_EINPUT, "%s: no judgements", path);
    return st;
}

/* One query: {"_id": ..., "text": ...}; its text is kept when it is
 * judged. */
static pdx_status query_line(evalrun *e, const char *path, size_t lineno, char *line, size_t n) {
    if (n == 0)
        return PDX_OK;
    json_error_t jerr;
    json_t *o = json_loadb(line, n, 0, &jerr);
    json_t *id = json_object_get(o, "_id"), *text = json_object_get(o, "text");
    char num[32];
    const char *qid = json_is_string(id) ? json_string_value(id) : NULL;
    if (json_is_integer(id)) {
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(id));
        qid = num;
    }
    if (!qid || !json_is_string(text)) {
        json_decref(o);
        return fail(e, PDX_EINPUT, "%s:%zu: expected a JSON object with \"_id\" and \"text\"",
                    path, lineno);
    }
    pdx_status st = PDX_OK;
    size_t i;
    if (pdx_map__get(&e->by_qid, qid, strlen(qid), &i) && !e->q[i].text &&
        !(e->q[i].text = pdx_strndup(json_string_value(text), json_string_length(text))))
        st = PDX_ENOMEM;
    json_decref(o);
    return st;
}

static pdx_status read_queries(evalrun *e, const char *path) {
    pdx_status st = read_lines(e, path, query_line);
    for (size_t i = 0; !st && i < e->n_q; i++)
        if (!e->q[i].text)
            st = fail(e, PDX_EINPUT, "%s: judged query %s is missing", path, e->q[i].qid);
    return st;
}

/* Natural-language text as free words: operator characters blanked. */
static void literal(char *s) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        bool start = i == 0 || s[i - 1] == ' ';
        if (s[i] == '"' || s[i] == '(' || s[i] == ')' || s[i] == ':' || s[i] == '*' ||
            (s[i] == '-' && start) || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
            s[i] = ' ';
        /* AND / OR / NOT as whole words are operators: lower-case them. */
        if (start && s[i] >= 'A' && s[i] <= 'Z') {
            size_t e = i;
            while (e < n && s[e] >= 'A' && s[e] <= 'Z')
                e++;
            if ((e == n || s[e] == ' ') &&
                ((e - i == 3 && (!memcmp(s + i, "AND", 3) || !memcmp(s + i, "NOT", 3))) ||
                 (e - i == 2 && !memcmp(s + i, "OR", 2))))
                for (size_t k = i; k < e; k++)
                    s[k] = (char)(s[k] - 'A' + 'a');
        }
    }
}

/* ---- the index -------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static pdx_status build_index(evalrun *e, const char *corpus, const char *dbpath) {
    pdx_db *db = NULL;
    char *msg = NULL;
    pdx_status st = pdx_db_open(&db, dbpath, PDX_DB_WRITE, &msg);
    if (st) {
        st = fail(e, st, "%s", msg ? msg : pdx_status_str(st));
        free(msg);
        return st;
    }
    pdx_ingest_opts io = {0};
    io.on_diag = e->o->on_diag;
    io.payload = e->o->payload;
    io.batch = 100000;
    pdx_ingest *ing = NULL;
    if (!(st = pdx_ingest_new(&ing, db, &io))) {
        pdx_store_weights w;
        pdx_store__default_weights(&w);
        if (e->o->title_wdf)
            w.title = e->o->title_wdf;
        if (e->o->author_text)
            w.author_text = e->o->author_text > 0;
        pdx_ingest__set_weights(ing, &w);
        st = pdx_ingest_add(ing, corpus);
    }
    if (!st)
        st = pdx_ingest_run(ing, NULL, NULL);
    if (st == PDX_EINPUT)
        st = PDX_OK; /* bad lines were reported through on_diag and skipped */
    if (st)
        st = fail(e, st, "%s", ing ? pdx_ingest_errmsg(ing) : pdx_db_errmsg(db));
    pdx_ingest_free(ing);
    pdx_db_free(db);
    return st;
}

/* docid → paper id, from the unique "Q" terms. */
static pdx_status load_ids(evalrun *e, pdx_db *db) {
    pdx_ixterms *it = NULL;
    pdx_status st = pdx_index__terms(&it, db->ix, PDX_PFX_ID, strlen(PDX_PFX_ID));
    const char *t;
    size_t tn;
    while (!st && pdx_index__terms_next(it, &t, &tn, NULL)) {
        uint32_t *docs = NULL;
        size_t nd = 0;
        if ((st = pdx_index__postings(&docs, &nd, db->ix, t, tn, 1)))
            break;
        if (nd && docs[0] >= e->n_ids) {
            size_t cap = e->n_ids ? e->n_ids : 1024;
            while (cap <= docs[0])
                cap *= 2;
            char **v = realloc(e->ids, cap * sizeof *v);
            if (!v)
                st = PDX_ENOMEM;
            else {
                memset(v + e->n_ids, 0, (cap - e->n_ids) * sizeof *v);
                e->ids = v;
                e->n_ids = cap;
            }
        }
        if (!st && nd && !(e->ids[docs[0]] = pdx_strndup(t + 1, tn - 1)))
            st = PDX_ENOMEM;
        free(docs);
    }
    if (!st)
        st = pdx_index__terms_status(it);
    pdx_index__terms_free(it);
    return st;
}

/* ---- running --------------------------------------------------------- */

typedef struct ranked {
    const char *id;
    double score; /* as written in the run file */
} ranked;

static int by_trec_order(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return -strcmp(x->id, y->id);
}

static pdx_status run_queries(evalrun *e, pdx_db *db, pdx_eval_summary *sum) {
    const pdx_eval_opts *o = e->o;
    unsigned depth = o->depth ? o->depth : 1000;
    FILE *run = NULL;
    if (o->run_path && !(run = fopen(o->run_path, "w")))
        return fail(e, PDX_EIO, "%s: %s", o->run_path, strerror(errno));
    ranked *list = malloc(depth * sizeof *list);
    int *gains = malloc(depth * sizeof *gains);
    pdx_status st = list && gains ? PDX_OK : PDX_ENOMEM;
    for (size_t qi = 0; !st && qi < e->n_q; qi++) {
        judged_query *jq = &e->q[qi];
        char *text = pdx_strndup(jq->text, strlen(jq->text));
        if (!text) {
            st = PDX_ENOMEM;
            break;
        }
        literal(text);
        pdx_parsed pq = {0};
        pdx_ixmset *m = NULL;
        st = pdx_query__parse(&pq, db, text, o->ranking, NULL);
        if (st == PDX_EQUERY) {
            /* Nothing searchable in it: the query scores 0. */
            st = PDX_OK;
        } else if (!st) {
            st = pdx_query__run(&m, NULL, db, &pq, o->ranking, 0, depth, -1, false);
        }
        free(text);
        size_t n = 0;
        for (size_t i = 0; !st && m && i < pdx_index__mset_size(m); i++) {
            uint32_t did = pdx_index__mset_docid(m, i);
            if (did >= e->n_ids || !e->ids[did])
                continue;
            char s[64];
            snprintf(s, sizeof s, "%.6f", pdx_index__mset_weight(m, i));
            list[n++] = (ranked){e->ids[did], strtod(s, NULL)};
        }
        pdx_index__mset_free(m);
        pdx_parsed__free(&pq);
        if (st)
            break;
        qsort(list, n, sizeof *list, by_trec_order);
        for (size_t i = 0; i < n; i++) {
            size_t g;
            gains[i] = pdx_map__get(&jq->grades, list[i].id, strlen(list[i].id), &g)
                           ? (int)g - GRADE_BIAS
                           : 0;
            if (run)
                fprintf(run, "%s Q0 %s %zu %.6f %s\n", jq->qid, list[i].id, i + 1, list[i].score,
                        o->run_tag ? o->run_tag : "paperdex");
        }
        pdx_eval__scores sc;
        pdx_eval__score(&sc, gains, n, jq->all, jq->n_all);
        sum->ndcg10 += sc.ndcg10;
        sum->map += sc.map;
        sum->recall100 += sc.recall100;
        sum->p10 += sc.p10;
        sum->queries++;
        if (o->on_query)
            o->on_query(jq->qid, jq->text, sc.ndcg10, sc.map, sc.recall100, sc.p10, o->payload);
    }
    if (st == PDX_EQUERY || (st && st != PDX_ENOMEM))
        st = fail(e, st, "%s", pdx_db_errmsg(db));
    if (run && fclose(run) != 0 && !st)
        st = fail(e, PDX_EIO, "%s: %s", o->run_path, strerror(errno));
    free(list);
    free(gains);
    if (!st && sum->queries) {
        sum->ndcg10 /= (double)sum->queries;
        sum->map /= (double)sum->queries;
        sum->recall100 /= (double)sum->queries;
        sum->p10 /= (double)sum->queries;
    }
    return st;
}

/* Reads the judgements (opts->qrels, else DIR/qrels/test.tsv) and the
 * queries (DIR/queries.jsonl) into e; path is scratch space. */
static pdx_status read_inputs(evalrun *e, pdx_buf *path, const char *dir) {
    pdx_status st = PDX_OK;
    if (e->o->qrels) {
        pdx_buf__adds(&st, path, e->o->qrels);
    } else {
        pdx_buf__adds(&st, path, dir);
        pdx_buf__adds(&st, path, "/qrels/test.tsv");
    }
    if (!st)
        st = read_qrels(e, path->p);
    pdx_buf__clear(path);
    pdx_buf__adds(&st, path, dir);
    pdx_buf__adds(&st, path, "/queries.jsonl");
    if (!st)
        st = read_queries(e, path->p);
    return st;
}

/* With no --db: indexes DIR/corpus.jsonl into a new directory under
 * $TMPDIR (its name left in tmpdir, for the caller to remove on every
 * path), and leaves the database's path in path. *seconds is the time
 * the index took, reported apart from the queries'. */
static pdx_status temp_index(evalrun *e, pdx_buf *path, pdx_buf *tmpdir, const char *dir,
                             double *seconds) {
    pdx_status st = PDX_OK;
    const char *t = getenv("TMPDIR");
    pdx_buf__adds(&st, tmpdir, t && *t ? t : "/tmp");
    pdx_buf__adds(&st, tmpdir, "/paperdex-eval-XXXXXX");
    if (!st && !mkdtemp(tmpdir->p)) {
        st = fail(e, PDX_EIO, "%s: %s", tmpdir->p, strerror(errno));
        pdx_buf__clear(tmpdir);
    }
    pdx_buf__clear(path);
    pdx_buf__adds(&st, path, tmpdir->p);
    pdx_buf__adds(&st, path, "/db");
    char *db_in_tmp = st ? NULL : pdx_strndup(path->p, path->n);
    pdx_buf__clear(path);
    pdx_buf__adds(&st, path, dir);
    pdx_buf__adds(&st, path, "/corpus.jsonl");
    double t0 = pdx_now();
    if (!st && !db_in_tmp)
        st = PDX_ENOMEM;
    if (!st)
        st = build_index(e, path->p, db_in_tmp);
    *seconds = pdx_now() - t0;
    pdx_buf__clear(path);
    pdx_buf__adds(&st, path, db_in_tmp ? db_in_tmp : "");
    free(db_in_tmp);
    return st;
}

/* Frees what reading the judgements and queries and loading ids kept. */
static void evalrun_free(evalrun *e) {
    for (size_t i = 0; i < e->n_q; i++) {
        free(e->q[i].qid);
        free(e->q[i].text);
        free(e->q[i].all);
        pdx_map__free(&e->q[i].grades);
    }
    free(e->q);
    pdx_map__free(&e->by_qid);
    for (size_t i = 0; i < e->n_ids; i++)
        free(e->ids[i]);
    free(e->ids);
    pdx_buf__free(&e->err);
}

pdx_status pdx_eval_beir(pdx_eval_summary *out, const char *dir, const pdx_eval_opts *opts,
                         char **errmsg) {
    memset(out, 0, sizeof *out);
    if (errmsg)
        *errmsg = NULL;
    pdx_eval_opts zero = {0};
    evalrun e = {0};
    e.o = opts ? opts : &zero;
    pdx_buf path = PDX_BUF_INIT, tmpdir = PDX_BUF_INIT;
    pdx_db *db = NULL;
    pdx_status st = read_inputs(&e, &path, dir);
    const char *dbpath = e.o->db;
    if (!st && !dbpath) {
        st = temp_index(&e, &path, &tmpdir, dir, &out->index_seconds);
        dbpath = path.p;
    }
    if (!st) {
        char *msg = NULL;
        if ((st = pdx_db_open(&db, dbpath, PDX_DB_READ, &msg)))
            st = fail(&e, st, "%s", msg ? msg : pdx_status_str(st));
        free(msg);
    }
    if (!st && (st = load_ids(&e, db)))
        st = fail(&e, st, "%s", pdx_db_errmsg(db));
    if (!st) {
        uint64_t docs = 0;
        pdx_index__doccount(&docs, db->ix);
        out->docs = (size_t)docs;
        double t0 = pdx_now();
        st = run_queries(&e, db, out);
        out->search_seconds = pdx_now() - t0;
    }
    pdx_db_free(db);
    if (tmpdir.n)
        nftw(tmpdir.p, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (st && errmsg)
        *errmsg = pdx_strndup(pdx_buf__str(&e.err), e.err.n);
    evalrun_free(&e);
    pdx_buf__free(&path);
    pdx_buf__free(&tmpdir);
    if (st) {
        pdx_eval_summary z = {0};
        *out = z;
    }
    return st;
}
