/*
 * test_rank.c — ranking choices through pdx_search: the defaults, each
 * weighting scheme and its parameters, the title weight, and
 * pseudo-relevance feedback (on, off, skipped under a date sort), on
 * tests/data/query (eight papers) and tests/data/feedback (z1-z3 say
 * "zebra"; s1 is on the same savanna herds without the word).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct fixture {
    char *dir;
    pdx_db *query; /* tests/data/query/papers.jsonl */
    pdx_db *zebra; /* tests/data/feedback/papers.jsonl */
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    f->query = t_ingest_open(f->dir, "query", "query/papers.jsonl");
    f->zebra = t_ingest_open(f->dir, "zebra", "feedback/papers.jsonl");
    *state = f;
    return f->query && f->zebra ? 0 : -1;
}

static int teardown(void **state) {
    fixture *f = *state;
    pdx_db_free(f->query);
    pdx_db_free(f->zebra);
    t_rmrf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* The default ranking with feedback off: each test turns on what it tries. */
static pdx_ranking plain(void) {
    pdx_ranking rk;
    pdx_ranking_default(&rk);
    rk.feedback = PDX_FEEDBACK_OFF;
    return rk;
}

static pdx_results *search(pdx_db *db, const char *q, const pdx_ranking *rk, pdx_sort sort) {
    pdx_search_opts o = {0};
    o.limit = 50;
    o.ranking = rk;
    o.sort = sort;
    pdx_results *r = NULL;
    assert_int_equal(pdx_search(&r, db, q, &o), PDX_OK);
    return r;
}

/* The score of paper `id` among the hits; -1 when it is not one. */
static double score_of(const pdx_results *r, const char *id) {
    for (size_t i = 0; i < pdx_results_count(r); i++)
        if (strcmp(pdx_paper_id(pdx_results_paper(r, i)), id) == 0)
            return pdx_results_score(r, i);
    return -1;
}

/* The hits' ids, sorted, joined by commas (static storage). */
static const char *id_set(const pdx_results *r) {
    static char buf[512];
    const char *v[50];
    size_t n = pdx_results_count(r);
    for (size_t i = 0; i < n; i++) {
        v[i] = pdx_paper_id(pdx_results_paper(r, i));
        for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
            const char *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    }
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "," : "", v[i]);
    return buf;
}

static void test_rank_default_is_bm25_with_rm3_feedback(void **state) {
    (void)state;
    pdx_ranking rk;
    memset(&rk, 0xff, sizeof rk);
    pdx_ranking_default(&rk);
    assert_int_equal(rk.weighting, PDX_WEIGHT_BM25);
    assert_true(fabs(rk.k1 - 1.2) < 1e-9);
    assert_true(fabs(rk.b - 0.75) < 1e-9);
    assert_int_equal(rk.feedback, PDX_FEEDBACK_ON);
    assert_int_equal(rk.fb_method, PDX_FB_RM3);
    assert_int_equal(rk.fb_docs, 10);
    assert_int_equal(rk.fb_terms, 20);
    assert_true(rk.near_weight == 0);
    assert_false(rk.keep_stopwords);
}

static void test_rank_every_scheme_matches_the_same_papers(void **state) {
    fixture *f = *state;
    static const pdx_weighting schemes[] = {PDX_WEIGHT_BM25, PDX_WEIGHT_BM25PLUS, PDX_WEIGHT_LM,
                                            PDX_WEIGHT_PL2,  PDX_WEIGHT_DPH,      PDX_WEIGHT_INL2};
    pdx_ranking rk = plain();
    pdx_results *r = search(f->query, "sparse", &rk, PDX_SORT_RELEVANCE);
    assert_string_equal(id_set(r), "q2,q4,q8");
    double bm25 = pdx_results_score(r, 0);
    pdx_results_free(r);
    size_t differ = 0;
    for (size_t i = 1; i < sizeof schemes / sizeof *schemes; i++) {
        rk.weighting = schemes[i];
        r = search(f->query, "sparse", &rk, PDX_SORT_RELEVANCE);
        assert_string_equal(id_set(r), "q2,q4,q8");
        differ += fabs(pdx_results_score(r, 0) - bm25) > 1e-6;
        pdx_results_free(r);
    }
    /* each scheme is really used: none scores as BM25 does */
    assert_int_equal(differ, sizeof schemes / sizeof *schemes - 1);
}

static void test_rank_bm25_k1_changes_the_scores(void **state) {
    fixture *f = *state;
    pdx_ranking rk = plain();
    pdx_results *r = search(f->query, "graph", &rk, PDX_SORT_RELEVANCE);
    double def = score_of(r, "q2");
    pdx_results_free(r);
    rk.k1 = 0; /* no term-frequency saturation at all: every match weighs alike */
    r = search(f->query, "graph", &rk, PDX_SORT_RELEVANCE);
    double flat = score_of(r, "q2");
    pdx_results_free(r);
    assert_true(def > 0 && flat > 0);
    assert_true(fabs(def - flat) > 1e-6);
}

static void test_rank_title_weight_lifts_only_title_matches(void **state) {
    fixture *f = *state;
    pdx_ranking rk = plain();
    rk.title_weight = 0;
    pdx_results *r = search(f->query, "annealing", &rk, PDX_SORT_RELEVANCE);
    double title0 = score_of(r, "q6"), abs0 = score_of(r, "q3");
    pdx_results_free(r);
    rk.title_weight = 2;
    r = search(f->query, "annealing", &rk, PDX_SORT_RELEVANCE);
    double title2 = score_of(r, "q6"), abs2 = score_of(r, "q3");
    pdx_results_free(r);
    /* q6 has "Annealing" in its title, q3 only in its abstract */
    assert_true(title0 > 0 && abs0 > 0);
    assert_true(title2 > title0 + 1e-6);
    assert_true(fabs(abs2 - abs0) < 1e-6);
    assert_true(title2 > abs2);
}

static void test_rank_feedback_off_finds_only_papers_with_the_word(void **state) {
    fixture *f = *state;
    pdx_ranking rk = plain();
    pdx_results *r = search(f->zebra, "zebra", &rk, PDX_SORT_RELEVANCE);
    assert_string_equal(id_set(r), "z1,z2,z3");
    for (size_t i = 0; i < pdx_results_count(r); i++)
        assert_false(pdx_results_expanded(r, i));
    pdx_results_free(r);
}

static void test_rank_feedback_brings_a_paper_on_the_topic_without_the_word(void **state) {
    fixture *f = *state;
    pdx_ranking rk = plain();
    rk.feedback = PDX_FEEDBACK_ON;
    pdx_results *r = search(f->zebra, "zebra", &rk, PDX_SORT_RELEVANCE);
    assert_string_equal(id_set(r), "s1,z1,z2,z3");
    /* below the three that say the word, and marked as feedback's */
    assert_string_equal(pdx_paper_id(pdx_results_paper(r, 3)), "s1");
    assert_true(pdx_results_expanded(r, 3));
    assert_false(pdx_results_expanded(r, 0));
    assert_int_equal(pdx_results_total(r), 3);
    pdx_results_free(r);
}

static void test_rank_feedback_with_no_weight_is_off(void **state) {
    fixture *f = *state;
    pdx_ranking rk = plain();
    rk.feedback = PDX_FEEDBACK_ON;
    rk.fb_weight = 0;
    pdx_results *r = search(f->zebra, "zebra", &rk, PDX_SORT_RELEVANCE);
    assert_string_equal(id_set(r), "z1,z2,z3");
    pdx_results_free(r);
}

static void test_rank_date_sort_skips_feedback(void **state) {
    fixture *f = *state;
    pdx_ranking rk = plain();
    rk.feedback = PDX_FEEDBACK_ON;
    /* the first pass's top would be an arbitrary one: no expansion */
    pdx_results *r = search(f->zebra, "zebra", &rk, PDX_SORT_DATE);
    assert_string_equal(id_set(r), "z1,z2,z3");
    pdx_results_free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rank_default_is_bm25_with_rm3_feedback),
        cmocka_unit_test(test_rank_every_scheme_matches_the_same_papers),
        cmocka_unit_test(test_rank_bm25_k1_changes_the_scores),
        cmocka_unit_test(test_rank_title_weight_lifts_only_title_matches),
        cmocka_unit_test(test_rank_feedback_off_finds_only_papers_with_the_word),
        cmocka_unit_test(test_rank_feedback_brings_a_paper_on_the_topic_without_the_word),
        cmocka_unit_test(test_rank_feedback_with_no_weight_is_off),
        cmocka_unit_test(test_rank_date_sort_skips_feedback),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
