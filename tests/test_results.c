/*
 * test_results.c — what a result list holds (results.c): pages that fit
 * together rank for rank, accessors that are safe out of range, facets
 * over every match, snippets marked with the caller's markers, and a hit's
 * record as JSON.  On tests/data/query (eight papers) and tests/data/paging
 * (46, about thirty of them on lattices).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testutil.h"

typedef struct fixture {
    char *dir;
    pdx_db *query;
    pdx_db *paging;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    f->query = t_ingest_open(f->dir, "query", "query/papers.jsonl");
    f->paging = t_ingest_open(f->dir, "paging", "paging/papers.jsonl");
    *state = f;
    return f->query && f->paging ? 0 : -1;
}

static int teardown(void **state) {
    fixture *f = *state;
    pdx_db_free(f->query);
    pdx_db_free(f->paging);
    t_rmrf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static pdx_results *search(pdx_db *db, const char *q, const pdx_search_opts *o) {
    pdx_results *r = NULL;
    assert_int_equal(pdx_search(&r, db, q, o), PDX_OK);
    assert_non_null(r);
    return r;
}

static void test_results_pages_fit_together_rank_for_rank(void **state) {
    fixture *f = *state;
    pdx_search_opts o = {0};
    o.limit = 12;
    pdx_results *whole = search(f->paging, "lattice", &o);
    assert_int_equal(pdx_results_count(whole), 12);
    o.limit = 4;
    for (unsigned page = 0; page < 3; page++) {
        o.offset = page * 4;
        pdx_results *r = search(f->paging, "lattice", &o);
        assert_int_equal(pdx_results_count(r), 4);
        assert_int_equal(pdx_results_total(r), pdx_results_total(whole));
        for (size_t i = 0; i < 4; i++) {
            assert_int_equal(pdx_results_rank(r, i), o.offset + i + 1);
            assert_string_equal(pdx_paper_id(pdx_results_paper(r, i)),
                                pdx_paper_id(pdx_results_paper(whole, o.offset + i)));
        }
        pdx_results_free(r);
    }
    pdx_results_free(whole);
}

static void test_results_out_of_range_gives_nothing(void **state) {
    fixture *f = *state;
    pdx_results *r = search(f->query, "sparse", NULL);
    size_t n = pdx_results_count(r);
    assert_int_equal(n, 3);
    assert_non_null(pdx_results_paper(r, n - 1));
    assert_null(pdx_results_paper(r, n));
    assert_true(pdx_results_score(r, n) == 0);
    assert_int_equal(pdx_results_rank(r, n), 0);
    assert_string_equal(pdx_results_snippet(r, n), "");
    assert_int_equal(pdx_results_match(r, n), PDX_MATCH_NONE);
    assert_null(pdx_results_matched_author(r, n));
    assert_false(pdx_results_expanded(r, n));
    /* facets not asked for: none */
    assert_int_equal(pdx_results_facet_count(r, PDX_FACET_YEAR), 0);
    uint64_t count = 9;
    assert_null(pdx_results_facet(&count, r, PDX_FACET_YEAR, 0));
    assert_int_equal(count, 0);
    pdx_results_free(r);
}

static void test_results_facets_count_every_match(void **state) {
    fixture *f = *state;
    pdx_search_opts o = {0};
    o.facets = true;
    o.limit = 1; /* facets count the matches, not the page */
    pdx_results *r = search(f->query, "graph", &o);
    assert_int_equal(pdx_results_total(r), 4); /* q1 q2 q4 q5 */
    uint64_t count = 0;
    assert_int_equal(pdx_results_facet_count(r, PDX_FACET_YEAR), 4);
    assert_int_equal(pdx_results_facet_count(r, PDX_FACET_CATEGORY), 3);
    assert_string_equal(pdx_results_facet(&count, r, PDX_FACET_CATEGORY, 0), "lg");
    assert_int_equal(count, 2);
    assert_string_equal(pdx_results_facet(&count, r, PDX_FACET_CATEGORY, 1), "cv");
    assert_int_equal(count, 1);
    assert_string_equal(pdx_results_facet(&count, r, PDX_FACET_AUTHOR, 0), "Alba Quintero");
    assert_int_equal(count, 2);
    uint64_t sum = 0;
    for (size_t i = 0; i < pdx_results_facet_count(r, PDX_FACET_YEAR); i++) {
        assert_non_null(pdx_results_facet(&count, r, PDX_FACET_YEAR, i));
        sum += count;
    }
    assert_int_equal(sum, 4);
    count = 9;
    assert_null(pdx_results_facet(&count, r, PDX_FACET_CATEGORY, 3));
    assert_int_equal(count, 0);
    assert_int_equal(pdx_results_facet_count(r, (pdx_facet)3), 0);
    assert_null(pdx_results_facet(&count, r, (pdx_facet)3, 0));
    pdx_results_free(r);
}

static void test_results_count_only_has_a_total_and_no_hits(void **state) {
    fixture *f = *state;
    pdx_search_opts o = {0};
    o.count_only = true;
    o.facets = true;
    pdx_results *r = search(f->query, "graph", &o);
    assert_int_equal(pdx_results_count(r), 0);
    assert_int_equal(pdx_results_total(r), 4);
    assert_int_equal(pdx_results_facet_count(r, PDX_FACET_YEAR), 4);
    pdx_results_free(r);
}

static void test_results_snippets_mark_query_words_with_the_callers_markers(void **state) {
    fixture *f = *state;
    pdx_search_opts o = {0};
    o.hl_start = "<b>";
    o.hl_end = "</b>";
    pdx_results *r = search(f->query, "title:graph", &o);
    assert_int_equal(pdx_results_count(r), 1);
    /* the stem matches: "graphs" in the abstract is marked (the snippet
     * ends with the last word of its window) */
    assert_string_equal(pdx_results_snippet(r, 0),
                        "We design molecules with message passing on <b>graphs</b> and report "
                        "binding results");
    pdx_results_free(r);
}

/* Every hit of a page is marked by the same rule: "graphs" in q1 and q5,
 * "graph" in q2 and q4; the stem and the spelling variant mark
 * "Optimization" and "optimisation"; words that share only a first letter
 * with the query's ("generalised", "of", "hypergraphs") are not marked. */
static void test_results_every_hit_of_a_page_is_marked_alike(void **state) {
    fixture *f = *state;
    pdx_results *r = search(f->query, "optimizing graphs", NULL);
    static const char *const want[][2] = {
        {"q2", "**Optimization** of sparse linear solvers on many cores, with a study of "
               "**graph** partitioning"},
        {"q3", "Heuristics for combinatorial **optimisation**: tabu search, annealing and genetic "
               "methods"},
        {"q1", "We design molecules with message passing on **graphs** and report binding "
               "results"},
        {"q5", "Neural message passing generalised from **graphs** to hypergraphs, evaluated on "
               "citation data"},
        {"q4", "A coordinate network reconstructs shapes from sparse scans; no **graph** is used"},
    };
    assert_int_equal(pdx_results_count(r), 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(pdx_paper_id(pdx_results_paper(r, i)), want[i][0]);
        assert_string_equal(pdx_results_snippet(r, i), want[i][1]);
    }
    pdx_results_free(r);
}

static void test_results_a_hit_is_its_record_in_json(void **state) {
    fixture *f = *state;
    pdx_results *r = search(f->query, "title:graph", NULL);
    char *s = NULL;
    assert_int_equal(pdx_paper_to_json(&s, pdx_results_paper(r, 0)), PDX_OK);
    json_error_t e;
    json_t *o = json_loads(s, 0, &e);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "id")), "q1");
    assert_string_equal(json_string_value(json_object_get(o, "title")),
                        "Graph neural networks for molecule design");
    json_t *a = json_object_get(o, "authors");
    assert_int_equal(json_array_size(a), 2);
    assert_int_equal(json_integer_value(json_object_get(o, "year")), 2019);
    json_decref(o);
    free(s);
    pdx_results_free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_results_pages_fit_together_rank_for_rank),
        cmocka_unit_test(test_results_out_of_range_gives_nothing),
        cmocka_unit_test(test_results_facets_count_every_match),
        cmocka_unit_test(test_results_count_only_has_a_total_and_no_hits),
        cmocka_unit_test(test_results_snippets_mark_query_words_with_the_callers_markers),
        cmocka_unit_test(test_results_every_hit_of_a_page_is_marked_alike),
        cmocka_unit_test(test_results_a_hit_is_its_record_in_json),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
