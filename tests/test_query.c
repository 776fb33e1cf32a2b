/*
 * test_query.c — the query parser through pdx_search on the fixture
 * tests/data/query/papers.jsonl: operator precedence, syntax errors with
 * their column, and hostile queries that must give a status, not a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdx_index.h"
#include "query/query.h"
#include "testutil.h"
#include "text/text.h"

typedef struct fixture {
    char *dir;
    pdx_db *db;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    char path[4200];
    snprintf(path, sizeof path, "%s/db", f->dir);
    if (t_ingest(path, t_path("query/papers.jsonl"), NULL) != PDX_OK)
        return -1;
    if (pdx_db_open(&f->db, path, PDX_DB_READ, NULL) != PDX_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    pdx_db_free(f->db);
    t_rmrf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* The ids of the hits of `q`, sorted, joined by commas. */
static const char *ids(pdx_db *db, const char *q) {
    static char buf[256];
    pdx_search_opts o = {0};
    o.limit = 50;
    pdx_results *r = NULL;
    assert_int_equal(pdx_search(&r, db, q, &o), PDX_OK);
    const char *v[50];
    size_t n = pdx_results_count(r);
    for (size_t i = 0; i < n; i++)
        v[i] = pdx_paper_id(pdx_results_paper(r, i));
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
            const char *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(buf, ",");
        strcat(buf, v[i]);
    }
    pdx_results_free(r);
    return buf;
}

static void expect_error(pdx_db *db, const char *q, const char *msg) {
    pdx_results *r = (pdx_results *)1;
    assert_int_equal(pdx_search(&r, db, q, NULL), PDX_EQUERY);
    assert_null(r);
    if (!strstr(pdx_db_errmsg(db), msg))
        fail_msg("query '%s': message '%s' lacks '%s'", q, pdx_db_errmsg(db), msg);
}

static void test_and_binds_tighter_than_or_and_juxtaposition(void **state) {
    fixture *f = *state;
    /* title:crystal OR (title:graph AND title:neural): q7 and q1 */
    assert_string_equal(ids(f->db, "title:crystal title:graph AND title:neural"), "q1,q7");
    assert_string_equal(ids(f->db, "title:crystal OR title:graph AND title:neural"), "q1,q7");
    /* (crystal OR graph) AND neural: only q1 */
    assert_string_equal(ids(f->db, "(title:crystal OR title:graph) AND title:neural"), "q1");
}

static void test_not_binds_to_the_next_item_only(void **state) {
    fixture *f = *state;
    /* papers with sparse in the title, minus those with attention */
    assert_string_equal(ids(f->db, "title:sparse AND NOT title:attention"), "q2");
    assert_string_equal(ids(f->db, "title:sparse -title:attention"), "q2");
    /* NOT NOT: only papers with the word */
    assert_string_equal(ids(f->db, "NOT NOT title:graph"), "q1");
    /* a negated group */
    assert_string_equal(ids(f->db, "has:code -(title:neural OR title:graph)"), "q8");
}

static void test_filters_restrict_and_never_rank(void **state) {
    fixture *f = *state;
    assert_string_equal(ids(f->db, "year:2023 category:CM"), "q7");
    assert_string_equal(ids(f->db, "year:2023 OR has:code"), "q1,q4,q7,q8");
}

/* Feedback's second pass ranks without the proximity pairs (they made it
 * seconds long on common words at a million papers, for no measured
 * gain); the first pass keeps them, and --fb-near puts them back. */
static bool has_near(const pdx_ixquery *q) {
    char *d = pdx_index__q_describe(q);
    assert_non_null(d);
    bool near = strstr(d, "NEAR") != NULL;
    free(d);
    return near;
}

static void test_feedback_second_pass_drops_proximity_unless_asked(void **state) {
    fixture *f = *state;
    pdx_ranking rk;
    pdx_ranking_default(&rk);
    rk.near_weight = 0.25; /* off by default; the pairs are what is checked */
    assert_true(rk.fb_docs > 0 && !rk.fb_near);
    pdx_parsed pq;
    assert_int_equal(pdx_query__parse(&pq, f->db, "sparse attention", &rk, NULL), PDX_OK);
    assert_true(has_near(pq.q));
    assert_non_null(pq.plain);
    assert_false(has_near(pq.plain->q));
    assert_null(pq.plain->plain);
    assert_int_equal(pq.plain->n_content, pq.n_content);
    pdx_parsed__free(&pq);
    rk.fb_near = true;
    assert_int_equal(pdx_query__parse(&pq, f->db, "sparse attention", &rk, NULL), PDX_OK);
    assert_null(pq.plain);
    pdx_parsed__free(&pq);
    rk.fb_near = false;
    rk.fb_docs = 0;
    assert_int_equal(pdx_query__parse(&pq, f->db, "sparse attention", &rk, NULL), PDX_OK);
    assert_null(pq.plain);
    pdx_parsed__free(&pq);
}

/* The stems of an expansion query, as a pdx_index__q_describe() lists
 * them ("Zgraph", ...), each checked against `limit` documents: returns how
 * many there are and how many are in more documents than that. */
static size_t expansion_stems(pdx_db *db, const pdx_ixquery *q, uint64_t limit, size_t *over) {
    char *d = pdx_index__q_describe(q);
    assert_non_null(d);
    size_t n = 0;
    *over = 0;
    for (const char *p = d; (p = strchr(p, 'Z')) != NULL;) {
        const char *e = ++p;
        while (*e >= 'a' && *e <= 'z')
            e++;
        if (e > p) {
            uint64_t df = 0;
            assert_int_equal(pdx_index__termfreq(&df, db->ix, p - 1, (size_t)(e - p) + 1), PDX_OK);
            assert_true(df > 0);
            n++;
            *over += df > limit;
        }
        p = e;
    }
    free(d);
    return n;
}

/* The factor `term` is scaled by in the expansion query `q` (0 if absent). */
static double scale_of(const pdx_ixquery *q, const char *term) {
    char *d = pdx_index__q_describe(q);
    assert_non_null(d);
    char pat[64];
    snprintf(pat, sizeof pat, " * %s ", term);
    const char *hit = strstr(d, pat), *p = hit;
    while (p && p > d && p[-1] != ' ' && p[-1] != '(')
        p--;
    double v = p ? strtod(p, NULL) : 0;
    free(d);
    return v;
}

/* Feedback leaves out the stems in more than fb_max_df of the papers. Four
 * of the eight fixture papers mention graphs; taken as relevant, they make
 * "graph" the best expansion stem, which a cap of a quarter drops. */
static void test_expansion_drops_stems_common_past_the_cap(void **state) {
    fixture *f = *state;
    uint64_t total = 0;
    assert_int_equal(pdx_index__doccount(&total, f->db->ix), PDX_OK);
    uint32_t *ids = NULL;
    size_t n = 0;
    assert_int_equal(pdx_index__postings(&ids, &n, f->db->ix, "Zgraph", 6, 100), PDX_OK);
    assert_int_equal(n, 4);
    assert_int_equal(total, 8);
    pdx_ixquery *all = NULL, *capped = NULL;
    size_t n_all = 0, n_capped = 0, over = 0;
    assert_int_equal(pdx_index__expand(&all, &n_all, f->db->ix, NULL, ids, n, 50, 0, "Z", 1,
                                       PDX_IXE_TRAD),
                     PDX_OK);
    assert_int_equal(pdx_index__expand(&capped, &n_capped, f->db->ix, NULL, ids, n, 50, 0.25, "Z",
                                       1, PDX_IXE_TRAD),
                     PDX_OK);
    assert_int_equal(expansion_stems(f->db, all, 2, &over), n_all);
    assert_true(over > 0); /* "graph" at least */
    assert_int_equal(expansion_stems(f->db, capped, 2, &over), n_capped);
    assert_int_equal(over, 0);
    assert_true(n_capped > 0 && n_capped < n_all);
    /* The stems kept weigh what they did: the dropped ones' share is not
     * handed on (on a page of fifty papers that tipped the order of the
     * two sycophancy papers in tests/e2e/test_seeds.sh). */
    assert_true(scale_of(capped, "Zpass") > 0);
    assert_true(scale_of(capped, "Zpass") == scale_of(all, "Zpass"));
    pdx_index__q_free(all);
    pdx_index__q_free(capped);
    free(ids);
}

/* The sum of the scales of the stems of an expansion query ("0.25 * Zx"). */
static double sum_of_scales(const pdx_ixquery *q) {
    char *d = pdx_index__q_describe(q);
    assert_non_null(d);
    double sum = 0;
    for (const char *hit = d; (hit = strstr(hit, " * Z")) != NULL; hit += 4) {
        const char *p = hit;
        while (p > d && p[-1] != ' ' && p[-1] != '(')
            p--;
        sum += strtod(p, NULL);
    }
    free(d);
    return sum;
}

/* RM3 on the four graph papers: at most fb_terms stems, none in more than
 * fb_max_df of the papers (a quarter: two), probabilities summing to 1;
 * with no feedback document there is no expansion. */
static void test_rm3_expansion_is_a_distribution_over_rare_stems(void **state) {
    fixture *f = *state;
    uint32_t *ids = NULL;
    size_t n = 0;
    assert_int_equal(pdx_index__postings(&ids, &n, f->db->ix, "Zgraph", 6, 100), PDX_OK);
    assert_int_equal(n, 4);
    pdx_ranking rk;
    pdx_ranking_default(&rk);
    assert_int_equal(rk.fb_method, PDX_FB_RM3);
    rk.fb_max_df = 0.25;
    rk.fb_terms = 5;
    pdx_parsed pq;
    assert_int_equal(pdx_query__parse(&pq, f->db, "graph", &rk, NULL), PDX_OK);
    pdx_ixquery *exp = NULL;
    size_t n_terms = 0, over = 0;
    double clarity = -1;
    assert_int_equal(pdx_feedback__rm3(&exp, &n_terms, &clarity, f->db, pq.q, ids, NULL, n, &rk),
                     PDX_OK);
    assert_non_null(exp);
    assert_true(n_terms > 0 && n_terms <= 5);
    assert_int_equal(expansion_stems(f->db, exp, 2, &over), n_terms);
    assert_int_equal(over, 0);
    assert_true(scale_of(exp, "Zgraph") == 0); /* in four papers of eight */
    double sum = sum_of_scales(exp);
    assert_true(sum > 0.999 && sum < 1.001);
    assert_true(clarity == 0); /* measured for auto only */
    pdx_index__q_free(exp);
    rk.feedback = PDX_FEEDBACK_AUTO;
    assert_int_equal(pdx_feedback__rm3(&exp, &n_terms, &clarity, f->db, pq.q, ids, NULL, n, &rk),
                     PDX_OK);
    assert_true(clarity > 0);
    pdx_index__q_free(exp);
    assert_int_equal(pdx_feedback__rm3(&exp, &n_terms, &clarity, f->db, pq.q, ids, NULL, 0, &rk),
                     PDX_OK);
    assert_null(exp);
    assert_int_equal(n_terms, 0);
    pdx_parsed__free(&pq);
    free(ids);
}

/* RM3 keeps the fb_terms likeliest of the stems that qualify: asked for
 * three, it keeps three that weigh at least as much, in the model of every
 * qualifying stem, as any it leaves out. */
static void test_rm3_keeps_the_likeliest_stems(void **state) {
    fixture *f = *state;
    uint32_t *ids = NULL;
    size_t n = 0;
    assert_int_equal(pdx_index__postings(&ids, &n, f->db->ix, "Zgraph", 6, 100), PDX_OK);
    pdx_ranking rk;
    pdx_ranking_default(&rk);
    rk.fb_max_df = 0.25;
    pdx_parsed pq;
    assert_int_equal(pdx_query__parse(&pq, f->db, "graph", &rk, NULL), PDX_OK);
    pdx_ixquery *all = NULL, *three = NULL;
    size_t n_all = 0, n_three = 0;
    double clarity = 0;
    rk.fb_terms = 200;
    assert_int_equal(pdx_feedback__rm3(&all, &n_all, &clarity, f->db, pq.q, ids, NULL, n, &rk),
                     PDX_OK);
    rk.fb_terms = 3;
    assert_int_equal(
        pdx_feedback__rm3(&three, &n_three, &clarity, f->db, pq.q, ids, NULL, n, &rk), PDX_OK);
    assert_true(n_all > 6);
    assert_int_equal(n_three, 3);
    char *d = pdx_index__q_describe(all), *d3 = pdx_index__q_describe(three);
    assert_non_null(d);
    assert_non_null(d3);
    double least_kept = 1, most_left = 0;
    size_t kept = 0;
    for (const char *p = d; (p = strchr(p, 'Z')) != NULL;) {
        const char *e = p + 1;
        while (*e >= 'a' && *e <= 'z')
            e++;
        char term[64];
        snprintf(term, sizeof term, "%.*s", (int)(e - p), p);
        double w = scale_of(all, term);
        size_t tn = strlen(term);
        bool in_three = false;
        for (const char *h = d3; !in_three && (h = strstr(h, term)) != NULL; h += tn)
            in_three = h[-1] == ' ' && (h[tn] == ' ' || h[tn] == ')');
        if (in_three) {
            kept++;
            least_kept = w < least_kept ? w : least_kept;
        } else {
            most_left = w > most_left ? w : most_left;
        }
        p = e;
    }
    assert_int_equal(kept, 3);
    assert_true(most_left > 0 && most_left <= least_kept);
    free(d);
    free(d3);
    pdx_index__q_free(all);
    pdx_index__q_free(three);
    pdx_parsed__free(&pq);
    free(ids);
}

/* --feedback off is one pass: the same hits, in the same order, with the
 * same scores, as a ranking without feedback documents. */
static void test_feedback_off_is_the_query_as_written(void **state) {
    fixture *f = *state;
    pdx_ranking off, none;
    pdx_ranking_default(&off);
    off.feedback = PDX_FEEDBACK_OFF;
    pdx_ranking_default(&none);
    none.fb_docs = 0;
    pdx_parsed pq;
    assert_int_equal(pdx_query__parse(&pq, f->db, "graph optimisation", &off, NULL), PDX_OK);
    pdx_ixmset *a = NULL, *b = NULL;
    assert_int_equal(pdx_query__run(&a, NULL, f->db, &pq, &off, 0, 10, -1, false), PDX_OK);
    assert_int_equal(pdx_query__run(&b, NULL, f->db, &pq, &none, 0, 10, -1, false), PDX_OK);
    assert_true(pdx_index__mset_size(a) > 0);
    assert_int_equal(pdx_index__mset_size(a), pdx_index__mset_size(b));
    for (size_t i = 0; i < pdx_index__mset_size(a); i++) {
        assert_int_equal(pdx_index__mset_docid(a, i), pdx_index__mset_docid(b, i));
        assert_true(pdx_index__mset_weight(a, i) == pdx_index__mset_weight(b, i));
    }
    pdx_index__mset_free(a);
    pdx_index__mset_free(b);
    pdx_parsed__free(&pq);
}

/* Feedback re-ranks the first pass's top fb_depth hits, the rest following
 * in first-pass order: a page within the top (the second pass confined to
 * it) ranks as the longer run that goes past it does, and the hits past
 * the top are the first pass's, weights and all.  Four papers mention
 * graphs; the top is two. */
static void test_feedback_reranks_the_top_as_the_whole_run_would(void **state) {
    fixture *f = *state;
    pdx_ranking rk, off;
    pdx_ranking_default(&rk);
    assert_true(rk.fb_depth >= rk.fb_docs);
    rk.fb_max_df = 0; /* eight papers: every stem is past a tenth */
    rk.fb_docs = 2;
    rk.fb_depth = 2;
    rk.fb_widen = 0;
    off = rk;
    off.feedback = PDX_FEEDBACK_OFF;
    pdx_parsed pq;
    assert_int_equal(pdx_query__parse(&pq, f->db, "graph", &rk, NULL), PDX_OK);
    pdx_ixmset *top = NULL, *whole = NULL, *page2 = NULL, *first = NULL;
    assert_int_equal(pdx_query__run(&top, NULL, f->db, &pq, &rk, 0, 2, -1, false), PDX_OK);
    assert_int_equal(pdx_query__run(&whole, NULL, f->db, &pq, &rk, 0, 10, -1, false), PDX_OK);
    assert_int_equal(pdx_query__run(&page2, NULL, f->db, &pq, &rk, 2, 2, -1, false), PDX_OK);
    assert_int_equal(pdx_query__run(&first, NULL, f->db, &pq, &off, 0, 10, -1, false), PDX_OK);
    assert_int_equal(pdx_index__mset_size(top), 2);
    assert_int_equal(pdx_index__mset_size(whole), 4); /* no paper without the word */
    assert_int_equal(pdx_index__mset_size(page2), 2);
    assert_int_equal(pdx_index__mset_size(first), 4);
    bool moved = false;
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(pdx_index__mset_docid(top, i), pdx_index__mset_docid(whole, i));
        assert_true(pdx_index__mset_weight(top, i) == pdx_index__mset_weight(whole, i));
        /* the expansion adds weight to the top */
        assert_true(pdx_index__mset_weight(whole, i) > pdx_index__mset_weight(first, 1));
        moved |= pdx_index__mset_weight(whole, i) != pdx_index__mset_weight(first, i);
    }
    assert_true(moved);
    for (size_t i = 2; i < 4; i++) {
        assert_int_equal(pdx_index__mset_docid(whole, i), pdx_index__mset_docid(first, i));
        assert_true(pdx_index__mset_weight(whole, i) == pdx_index__mset_weight(first, i));
        assert_int_equal(pdx_index__mset_docid(page2, i - 2), pdx_index__mset_docid(whole, i));
    }
    pdx_index__mset_free(top);
    pdx_index__mset_free(whole);
    pdx_index__mset_free(page2);
    /* with the expansion's own top re-ranked too, papers without the word
     * join the list, and pages of it still fit together */
    rk.fb_widen = 4;
    rk.fb_widen_terms = 0; /* every stem: the three weightiest are the graph papers' */
    assert_int_equal(pdx_query__run(&whole, NULL, f->db, &pq, &rk, 0, 10, -1, false), PDX_OK);
    assert_true(pdx_index__mset_size(whole) > 4);
    for (unsigned at = 0; at < pdx_index__mset_size(whole); at += 2) {
        assert_int_equal(pdx_query__run(&page2, NULL, f->db, &pq, &rk, at, 2, -1, false), PDX_OK);
        for (size_t i = 0; i < pdx_index__mset_size(page2); i++) {
            assert_int_equal(pdx_index__mset_docid(page2, i), pdx_index__mset_docid(whole, at + i));
            assert_true(pdx_index__mset_weight(page2, i) == pdx_index__mset_weight(whole, at + i));
        }
        pdx_index__mset_free(page2);
    }
    pdx_index__mset_free(whole);
    pdx_index__mset_free(first);
    pdx_parsed__free(&pq);
}

/* The expansion may rank in papers the query does not match when it runs
 * over the whole collection (fb_depth 0) or adds its own top (fb_widen);
 * they are listed as expanded and not counted.  Re-ranking only the first
 * pass's top adds none. */
static void test_only_a_whole_collection_expansion_lists_expanded_papers(void **state) {
    fixture *f = *state;
    pdx_ranking rk;
    pdx_ranking_default(&rk);
    rk.fb_max_df = 0;
    pdx_search_opts o = {0};
    o.ranking = &rk;
    for (int depth = 0; depth < 3; depth++) {
        rk.fb_depth = depth ? 100 : 0;
        rk.fb_widen = depth == 2 ? 10 : 0;
        rk.fb_widen_terms = 0;
        pdx_results *r = NULL;
        assert_int_equal(pdx_search(&r, f->db, "graph", &o), PDX_OK);
        assert_int_equal(pdx_results_total(r), 4);
        size_t expanded = 0;
        for (size_t i = 0; i < pdx_results_count(r); i++)
            expanded += pdx_results_expanded(r, i);
        assert_int_equal(pdx_results_count(r) - expanded, 4);
        if (depth == 1)
            assert_int_equal(expanded, 0);
        else
            assert_true(expanded > 0);
        pdx_results_free(r);
    }
}

static void test_syntax_errors_give_the_column_and_the_reason(void **state) {
    fixture *f = *state;
    expect_error(f->db, "graph AND", "column 7: AND needs a word on each side");
    expect_error(f->db, "OR graph", "column 1: OR needs a word on each side");
    expect_error(f->db, "a (b (c)", "column 3: the bracket opened here is never closed");
    expect_error(f->db, "a b)", "column 4: this ')' closes no bracket");
    expect_error(f->db, "say \"hello", "column 5: the quote opened here is never closed");
    expect_error(f->db, "ab\"cd\"", "column 3: a quote must start a phrase");
    expect_error(f->db, "year:20x1", "year: wants a year or a range");
    expect_error(f->db, "category:", "category: needs a value");
}

static void test_hostile_queries_get_a_status_not_a_crash(void **state) {
    fixture *f = *state;
    char deep[200];
    memset(deep, '(', 100);
    memset(deep + 100, ')', 99);
    deep[199] = '\0';
    expect_error(f->db, deep, "nested too deeply");
    char nots[400] = "";
    for (int i = 0; i < 60; i++)
        strcat(nots, "NOT ");
    strcat(nots, "graph");
    expect_error(f->db, nots, "too many NOTs");
    expect_error(f->db, "caf\xc3", "not valid UTF-8");
    char *big = malloc(5000);
    memset(big, 'a', 4999);
    big[4999] = '\0';
    expect_error(f->db, big, "longer than 4096");
    free(big);
    /* punctuation only, an empty group: nothing, and no error (a blank
     * query is one: test_a_blank_query_is_an_error_like_a_blank_name) */
    assert_string_equal(ids(f->db, "!!! ()"), "");
}

static void test_a_wildcard_expands_within_its_bound_or_says_so(void **state) {
    fixture *f = *state;
    /* title words starting with s: solvers, sparse, survey, shape,
     * schedules, structures */
    assert_string_equal(ids(f->db, "title:s*"), "q2,q3,q4,q6,q7,q8");
    assert_string_equal(ids(f->db, "title:zz*"), "");
    /* 250 words starting with "zq" are more than PDX_WILDCARD_MAX (200) */
    char *dir = t_tmpdir();
    char path[4200], db_path[4200];
    snprintf(path, sizeof path, "%s/many.jsonl", dir);
    snprintf(db_path, sizeof db_path, "%s/db", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("{\"id\": \"m1\", \"title\": \"Many words\", \"abstract\": \"", fp);
    for (int i = 0; i < 250; i++)
        fprintf(fp, "zq%c%c ", 'a' + i / 26, 'a' + i % 26);
    fputs("\"}\n", fp);
    fclose(fp);
    assert_int_equal(t_ingest(db_path, path, NULL), PDX_OK);
    pdx_db *db = NULL;
    assert_int_equal(pdx_db_open(&db, db_path, PDX_DB_READ, NULL), PDX_OK);
    expect_error(db, "zq*", "column 1: the wildcard 'zq*' matches more than 200 words");
    assert_string_equal(ids(db, "zqa*"), "m1");
    pdx_db_free(db);
    t_rmrf(dir);
    free(dir);
}

static void test_random_operator_soup_gives_ok_or_a_syntax_error(void **state) {
    fixture *f = *state;
    /* Fragments of every construct, glued with or without spaces by a
     * fixed-seed generator: each query must parse or say why, never crash
     * or leak (ASan runs this). */
    static const char *const frag[] = {
        "(", ")", "AND", "OR", "NOT", "-", "\"", "title:", "abstract:", "author:", "venue:",
        "year:2019..", "year:..2021", "has:code", "category:LG", "graph", "neural", "optim*",
        "s*", "*", ":", "the", "Jörg", "k-means", "O(n)", "\xe2\x80\x94", "..", "()",
    };
    unsigned long seed = 12345;
    char q[256];
    for (int iter = 0; iter < 3000; iter++) {
        size_t at = 0;
        q[0] = '\0';
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        int parts = 1 + (int)((seed >> 33) % 8);
        for (int k = 0; k < parts; k++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            const char *fr = frag[(seed >> 33) % (sizeof frag / sizeof *frag)];
            bool space = (seed >> 20) & 1;
            int n = snprintf(q + at, sizeof q - at, "%s%s", fr, space ? " " : "");
            if (n < 0 || (size_t)n >= sizeof q - at)
                break;
            at += (size_t)n;
        }
        pdx_search_opts o = {0};
        o.facets = iter % 7 == 0;
        pdx_results *r = NULL;
        pdx_status st = pdx_search(&r, f->db, q, &o);
        if (st != PDX_OK && st != PDX_EQUERY)
            fail_msg("query '%s' gave status %d: %s", q, st, pdx_db_errmsg(f->db));
        if (st == PDX_EQUERY && !strstr(pdx_db_errmsg(f->db), "column"))
            fail_msg("query '%s': the message '%s' does not say where", q, pdx_db_errmsg(f->db));
        pdx_results_free(r);
    }
}

/* `search ''` was rc 0 with nothing listed while `author ''` was rc 2:
 * a blank query is now a query error for both. */
static void test_a_blank_query_is_an_error_like_a_blank_name(void **state) {
    fixture *f = *state;
    expect_error(f->db, "", "empty query");
    expect_error(f->db, " \t ", "empty query");
    pdx_results *r = (pdx_results *)1;
    assert_int_equal(pdx_author_search(&r, f->db, "  ", 0, NULL), PDX_EQUERY);
    assert_null(r);
    assert_non_null(strstr(pdx_db_errmsg(f->db), "empty query"));
    /* only exclusions is no blank query: every paper but those */
    assert_string_equal(ids(f->db, "-graph -optimisation -neural -annealing -crystal"), "q8");
}

/* Queries `a` and `b` find the same papers. */
static void same_ids(pdx_db *db, const char *a, const char *b) {
    char want[256];
    snprintf(want, sizeof want, "%s", ids(db, b));
    if (strcmp(ids(db, a), want) != 0)
        fail_msg("'%s' found %s, '%s' found %s", a, ids(db, a), b, want);
}

/* `autor:duvenaud` searched for the words "autor" and "duvenaud" and
 * `Title:x` was not a title search: a field name's case is now ignored,
 * and a name that is no field is an error naming the nearest one, while
 * text with a colon in it still searches as it did. */
static void test_field_names_ignore_case_and_unknown_ones_are_errors(void **state) {
    fixture *f = *state;
    expect_error(f->db, "autor:duvenaud", "column 1: no field 'autor'; did you mean 'author'?");
    expect_error(f->db, "graph titel:neural", "column 7: no field 'titel'; did you mean 'title'?");
    expect_error(f->db, "yeer:2019", "did you mean 'year'?");
    expect_error(f->db, "foo:bar", "no field 'foo'; the fields are title, author, venue, abstract");
    expect_error(f->db, "foo:(graph OR neural)", "no field 'foo'");
    expect_error(f->db, "-foo:\"a b\"", "no field 'foo'");
    assert_string_equal(ids(f->db, "title:crystal"), "q7");
    same_ids(f->db, "Title:crystal", "title:crystal");
    same_ids(f->db, "TITLE:crystal", "title:crystal");
    same_ids(f->db, "Author:Okafor", "author:okafor");
    assert_string_equal(ids(f->db, "Author:Okafor"), "q2,q3");
    /* colons that are no field: searched as text, as before */
    same_ids(f->db, "Review: graph", "review graph");
    assert_string_equal(ids(f->db, "arXiv:1234.5678"), "");
    ids(f->db, "doi:10.1/graph"); /* one token, as before: no error */
    ids(f->db, "http://example.org/graph"); /* a URL is text: no error */
    ids(f->db, "svn://example.org/graph");
    same_ids(f->db, "C++: graph", "C++ graph");
    same_ids(f->db, "graph re:", "graph re");
    /* a quoted name:value is the words */
    same_ids(f->db, "\"foo:graph\"", "\"foo graph\"");
}

static pdx_status first_byte_kept(const pdx_token *tok, void *payload) {
    pdx_db *db = payload;
    pdx_buf stem = PDX_BUF_INIT;
    assert_int_equal(pdx_db__stem(db, &stem, tok->plain, tok->n_plain), PDX_OK);
    assert_true(tok->n_plain > 0 && stem.n > 0);
    if (stem.p[0] != tok->plain[0])
        fail_msg("\"%.*s\" stems to \"%.*s\"", (int)tok->n_plain, tok->plain, (int)stem.n,
                 stem.p);
    pdx_buf__free(&stem);
    return PDX_OK;
}

/* Snippets skip stemming a word whose first byte starts no stem of the
 * query (results.c): that holds only while a token's stem starts with its
 * first byte.  The stemmer's whole-word exceptions, an initial y (which
 * Snowball marks as a consonant), words that are all suffix, apostrophes,
 * accents and digits. */
static void test_a_tokens_stem_starts_with_its_first_byte(void **state) {
    fixture *f = *state;
    static const char text[] =
        "Dying skies lying tying idly gently ugly early only singly news howe atlas cosmos "
        "bias andes skis yelling Young yyy ys yes ying ies ied sses eed eedly ing ingly ed edly "
        "s y ly ational tional ization ousli 'tis o'clock don't rock'n'roll Naïve Éléphant "
        "Ödön ŷes µ-opioid ǅemal 3rd 1990s generalisation Generalizations kilometres";
    pdx_tokenizer tz = PDX_TOKENIZER_INIT;
    assert_int_equal(pdx_text__tokenize(&tz, text, strlen(text), 1, NULL, first_byte_kept, f->db),
                     PDX_OK);
    pdx_text__tokenizer_free(&tz);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_and_binds_tighter_than_or_and_juxtaposition),
        cmocka_unit_test(test_not_binds_to_the_next_item_only),
        cmocka_unit_test(test_filters_restrict_and_never_rank),
        cmocka_unit_test(test_feedback_second_pass_drops_proximity_unless_asked),
        cmocka_unit_test(test_expansion_drops_stems_common_past_the_cap),
        cmocka_unit_test(test_rm3_expansion_is_a_distribution_over_rare_stems),
        cmocka_unit_test(test_rm3_keeps_the_likeliest_stems),
        cmocka_unit_test(test_feedback_off_is_the_query_as_written),
        cmocka_unit_test(test_feedback_reranks_the_top_as_the_whole_run_would),
        cmocka_unit_test(test_only_a_whole_collection_expansion_lists_expanded_papers),
        cmocka_unit_test(test_syntax_errors_give_the_column_and_the_reason),
        cmocka_unit_test(test_hostile_queries_get_a_status_not_a_crash),
        cmocka_unit_test(test_a_wildcard_expands_within_its_bound_or_says_so),
        cmocka_unit_test(test_random_operator_soup_gives_ok_or_a_syntax_error),
        cmocka_unit_test(test_a_blank_query_is_an_error_like_a_blank_name),
        cmocka_unit_test(test_field_names_ignore_case_and_unknown_ones_are_errors),
        cmocka_unit_test(test_a_tokens_stem_starts_with_its_first_byte),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
