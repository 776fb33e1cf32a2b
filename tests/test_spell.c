/*
 * test_spell.c — "did you mean" (spell.c) through pdx_search on the eight
 * papers of tests/data/query: a misspelt word gets the closest word of the
 * index, the rest of the query is kept as typed, and words that are in the
 * index, too far off, or wrong in their first letter get nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct fixture {
    char *dir;
    pdx_db *db;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    char path[4200];
    snprintf(path, sizeof path, "%s/db", f->dir);
    *state = f;
    if (t_ingest(path, t_path("query/papers.jsonl"), NULL) != PDX_OK)
        return -1;
    return pdx_db_open(&f->db, path, PDX_DB_READ, NULL) == PDX_OK ? 0 : -1;
}

static int teardown(void **state) {
    fixture *f = *state;
    pdx_db_free(f->db);
    t_rmrf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* The suggestion for `q`, "" when none (static storage). */
static const char *suggest(pdx_db *db, const char *q) {
    static char buf[256];
    pdx_results *r = NULL;
    assert_int_equal(pdx_search(&r, db, q, NULL), PDX_OK);
    const char *s = pdx_results_suggestion(r);
    snprintf(buf, sizeof buf, "%s", s ? s : "");
    pdx_results_free(r);
    return buf;
}

static void test_spell_swapped_letters_find_the_indexed_word(void **state) {
    fixture *f = *state;
    assert_string_equal(suggest(f->db, "nueral"), "neural");
    assert_string_equal(suggest(f->db, "grpah"), "graph");
}

static void test_spell_keeps_the_rest_of_the_query_as_typed(void **state) {
    fixture *f = *state;
    assert_string_equal(suggest(f->db, "nueral  Fields"), "neural  Fields");
    assert_string_equal(suggest(f->db, "title:crystal diffracton"), "title:crystal diffraction");
}

static void test_spell_mends_every_misspelt_word(void **state) {
    fixture *f = *state;
    assert_string_equal(suggest(f->db, "anealing shedules"), "annealing schedules");
}

static void test_spell_offers_nothing_for_words_in_the_index(void **state) {
    fixture *f = *state;
    assert_string_equal(suggest(f->db, "neural fields"), "");
    /* "optimization" is not written, but its stem is */
    assert_string_equal(suggest(f->db, "optimizations"), "");
}

static void test_spell_offers_nothing_too_far_off(void **state) {
    fixture *f = *state;
    /* five bytes allow one edit: "grafh" is one from "graph", "grfhh" two */
    assert_string_equal(suggest(f->db, "grafh"), "graph");
    assert_string_equal(suggest(f->db, "grfhh"), "");
    assert_string_equal(suggest(f->db, "xylophonist"), "");
    /* a wrong first letter is not looked for */
    assert_string_equal(suggest(f->db, "meural"), "");
    /* short words and numbers are left alone */
    assert_string_equal(suggest(f->db, "nrx"), "");
    assert_string_equal(suggest(f->db, "20199"), "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spell_swapped_letters_find_the_indexed_word),
        cmocka_unit_test(test_spell_keeps_the_rest_of_the_query_as_typed),
        cmocka_unit_test(test_spell_mends_every_misspelt_word),
        cmocka_unit_test(test_spell_offers_nothing_for_words_in_the_index),
        cmocka_unit_test(test_spell_offers_nothing_too_far_off),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
