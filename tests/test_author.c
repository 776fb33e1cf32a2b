/*
 * test_author.c — author search's fast road (XAV terms, schema.h) gives
 * the slow road's answers: the same papers, totals, order, matches and
 * matched spellings, for full names, initials, surnames alone, --exact,
 * date order and later pages.  The papers come from the benchmark's
 * generator, whose names recur in many spellings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "db.h"
#include "testutil.h"

typedef struct fixture {
    char *dir;
    char db[4096];
    pdx_db *handle;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    char corpus[4096];
    snprintf(corpus, sizeof corpus, "%s/corpus.jsonl", f->dir);
    snprintf(f->db, sizeof f->db, "%s/db", f->dir);
    FILE *out = fopen(corpus, "w");
    pdx_corpus *c = pdx_corpus_new(11, 1500);
    while (pdx_corpus_next_jsonl(c, out))
        ;
    pdx_corpus_free(c);
    fclose(out);
    assert_int_equal(t_ingest(f->db, corpus, NULL), PDX_OK);
    char *err = NULL;
    assert_int_equal(pdx_db_open(&f->handle, f->db, PDX_DB_READ, &err), PDX_OK);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    pdx_db_free(f->handle);
    t_rmrf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* One line per hit: id, match, matched spelling; and the total. */
static char *answer(pdx_db *db, const char *name, unsigned flags, const pdx_search_opts *o) {
    pdx_results *r = NULL;
    assert_int_equal(pdx_author_search(&r, db, name, flags, o), PDX_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fprintf(f, "total %llu\n", (unsigned long long)pdx_results_total(r));
    for (size_t i = 0; i < pdx_results_count(r); i++)
        fprintf(f, "%u %s %d %s\n", pdx_results_rank(r, i), pdx_paper_id(pdx_results_paper(r, i)),
                (int)pdx_results_match(r, i), pdx_results_matched_author(r, i));
    fclose(f);
    pdx_results_free(r);
    return buf;
}

static void same_both_ways(fixture *f, const char *name, unsigned flags, const pdx_search_opts *o,
                           size_t *hits) {
    assert_true(f->handle->author_names);
    char *fast = answer(f->handle, name, flags, o);
    f->handle->author_names = false;
    char *slow = answer(f->handle, name, flags, o);
    f->handle->author_names = true;
    assert_string_equal(fast, slow);
    *hits += strtoull(fast + 6, NULL, 10);
    free(fast);
    free(slow);
}

static void test_fast_author_search_answers_as_the_slow_one(void **state) {
    fixture *f = *state;
    /* names of the generator's pool, written as people ask for them */
    static const char *const names[] = {
        "Wei Wang", "W. Wang", "Wang", "Wang, Wei", "Li", "Jing Li", "J. Li", "Jörn Müller",
        "Jorn Muller", "Jonathan Lorraine", "Jon Lorraine", "Jean-Pierre Smith", "J.-P. Smith",
        "Zhang", "Yu Chen", "Chen", "Nguyen", "Min-jun Kim", "María García", "Maria Garcia",
    };
    size_t hits = 0;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        pdx_search_opts o = {0};
        same_both_ways(f, names[i], 0, &o, &hits);
        same_both_ways(f, names[i], PDX_AUTHOR_EXACT, &o, &hits);
        o.offset = 7;
        o.limit = 13;
        same_both_ways(f, names[i], 0, &o, &hits);
        o.sort = PDX_SORT_DATE;
        same_both_ways(f, names[i], 0, &o, &hits);
        o.offset = 0;
        o.limit = 50;
        same_both_ways(f, names[i], 0, &o, &hits);
        /* a page filled by exact matches: the variants are only counted
         * (this once looped for ever) */
        o.sort = PDX_SORT_RELEVANCE;
        o.limit = 1;
        same_both_ways(f, names[i], 0, &o, &hits);
    }
    /* the names were found, so the comparison compared something */
    assert_true(hits > 500);
}

static void test_coauthors_are_unchanged_by_the_fast_road(void **state) {
    fixture *f = *state;
    pdx_coauthors *a = NULL, *b = NULL;
    assert_int_equal(pdx_coauthors_find(&a, f->handle, "Wang", 0, 0), PDX_OK);
    f->handle->author_names = false;
    assert_int_equal(pdx_coauthors_find(&b, f->handle, "Wang", 0, 0), PDX_OK);
    f->handle->author_names = true;
    assert_true(pdx_coauthors_papers(a) > 0);
    assert_int_equal(pdx_coauthors_papers(a), pdx_coauthors_papers(b));
    assert_int_equal(pdx_coauthors_count(a), pdx_coauthors_count(b));
    for (size_t i = 0; i < pdx_coauthors_count(a); i++) {
        assert_string_equal(pdx_coauthors_name(a, i), pdx_coauthors_name(b, i));
        assert_int_equal(pdx_coauthors_shared(a, i), pdx_coauthors_shared(b, i));
    }
    pdx_coauthors_free(a);
    pdx_coauthors_free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_author_search_answers_as_the_slow_one),
        cmocka_unit_test(test_coauthors_are_unchanged_by_the_fast_road),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
