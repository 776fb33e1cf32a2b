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
#include "query/query.h"
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

/* The fast road as it runs (names with PDX_NARROW_FROM papers or more
 * read a few years at a time), with every name read so, and without XD
 * terms: the slow road's answer each time. */
static void same_both_ways(fixture *f, const char *name, unsigned flags, const pdx_search_opts *o,
                           size_t *hits) {
    pdx_db *db = f->handle;
    assert_true(db->author_names);
    assert_true(db->date_heads);
    char *fast = answer(db, name, flags, o);
    db->narrow_from = 0;
    char *narrowed = answer(db, name, flags, o);
    db->narrow_from = PDX_NARROW_FROM;
    db->date_heads = false;
    char *sorted = answer(db, name, flags, o);
    db->date_heads = true;
    db->author_names = false;
    char *slow = answer(db, name, flags, o);
    db->author_names = true;
    assert_string_equal(fast, slow);
    assert_string_equal(narrowed, slow);
    assert_string_equal(sorted, slow);
    *hits += strtoull(fast + 6, NULL, 10);
    free(fast);
    free(narrowed);
    free(sorted);
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

/* Dates that tie, that are only a year or a month, that have no year
 * ("--05-03"), that are missing (with and without a year), and a year
 * that disagrees with the date: narrowed by year, the order is still the
 * one by_date gives every paper at once. */
static void test_narrowed_date_order_keeps_ties_and_undated_papers(void **state) {
    (void)state;
    char *dir = t_tmpdir(), corpus[4096], path[4096];
    snprintf(corpus, sizeof corpus, "%s/dates.jsonl", dir);
    snprintf(path, sizeof path, "%s/db", dir);
    static const char *const dates[] = {
        "\"date\": \"2020-05-01\"", "\"date\": \"2020-05-01\"", "\"date\": \"2020-05-01\"",
        "\"date\": \"2020\"",       "\"date\": \"2020-05\"",    "\"date\": \"2021-01-31\"",
        "\"date\": \"--05-03\"",    "\"year\": 2021",            "",
        "\"date\": \"2018-12-30\", \"year\": 2019",              "\"date\": \"1999-07-04\"",
        "\"date\": \"2024-02-29\"", "\"date\": \"2024-02-29\"", "\"date\": \"0999-01-01\"",
    };
    static const char *const who[] = {"Ada Lovelace", "A. Lovelace", "Ada King Lovelace"};
    FILE *out = fopen(corpus, "w");
    assert_non_null(out);
    size_t papers = 0;
    for (size_t r = 0; r < 4; r++)
        for (size_t d = 0; d < sizeof dates / sizeof *dates; d++) {
            const char *w = who[(r + d) % 3];
            fprintf(out,
                    "{\"id\": \"p%zu\", \"title\": \"Notes %zu on engine %c\", "
                    "\"authors\": [\"%s\", \"Charles Babbage\"]%s%s}\n",
                    papers, papers, (char)('a' + (papers * 7) % 26), w, *dates[d] ? ", " : "",
                    dates[d]);
            papers++;
        }
    fclose(out);
    assert_int_equal(t_ingest(path, corpus, NULL), PDX_OK);
    fixture f = {.dir = dir};
    char *err = NULL;
    assert_int_equal(pdx_db_open(&f.handle, path, PDX_DB_READ, &err), PDX_OK);
    size_t hits = 0;
    static const char *const names[] = {"Ada Lovelace", "A. Lovelace", "Lovelace", "Babbage"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        for (unsigned limit = 1; limit <= papers + 1; limit += 4)
            for (unsigned offset = 0; offset < papers; offset += 9)
                for (int sort = 0; sort < 2; sort++) {
                    pdx_search_opts o = {0};
                    o.limit = limit;
                    o.offset = offset;
                    o.sort = sort ? PDX_SORT_DATE : PDX_SORT_RELEVANCE;
                    same_both_ways(&f, names[i], 0, &o, &hits);
                    same_both_ways(&f, names[i], PDX_AUTHOR_EXACT, &o, &hits);
                }
    assert_true(hits > 1000);
    pdx_db_free(f.handle);
    t_rmrf(dir);
    free(dir);
}

/* The search facet counted "D. Meloni" and "Davide Meloni" as two
 * authors although `author "Davide Meloni"` finds both: facet names are
 * now grouped as coauthors are. */
static void test_facet_names_group_into_people_as_coauthors_do(void **state) {
    (void)state;
    static const char *const keys[] = {
        "d meloni",   "davide meloni", "j smith",     "john smith", "jane smith",
        "j lorraine", "jon lorraine",  "jonathan lorraine", "wei wang", "w wang",
        "meloni",
    };
    size_t n = sizeof keys / sizeof *keys, lens[16], group[16];
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(keys[i]);
    assert_int_equal(pdx_query__group_names(group, keys, lens, n), PDX_OK);
    assert_int_equal(group[0], 1);  /* d meloni → davide meloni */
    assert_int_equal(group[1], 1);
    assert_int_equal(group[2], 2);  /* j smith fits two people: apart */
    assert_int_equal(group[3], 3);
    assert_int_equal(group[4], 4);
    assert_int_equal(group[5], 7);  /* j → jonathan, not to jon (joined) */
    assert_int_equal(group[6], 7);  /* jon → jonathan */
    assert_int_equal(group[7], 7);
    assert_int_equal(group[9], 8);  /* w wang → wei wang */
    assert_int_equal(group[10], 1); /* a surname alone: its one person */
}

/* Pages of an author search put together are the longer list, on the road
 * that reads a few years at a time too (narrow_from 0). */
static void test_author_pages_put_together_are_one_long_page(void **state) {
    fixture *f = *state;
    static const char *const names[] = {"Wang", "Li", "Chen", "Kim"};
    for (size_t narrow = 0; narrow < 2; narrow++) {
        f->handle->narrow_from = narrow ? 0 : PDX_NARROW_FROM;
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            for (int sort = 0; sort < 2; sort++) {
                pdx_search_opts o = {0};
                o.sort = sort ? PDX_SORT_DATE : PDX_SORT_RELEVANCE;
                o.limit = 35;
                pdx_results *all = NULL;
                assert_int_equal(pdx_author_search(&all, f->handle, names[i], 0, &o), PDX_OK);
                size_t n_all = pdx_results_count(all);
                assert_true(n_all >= 15); /* three pages at least */
                for (unsigned off = 0; off < n_all; off += 7) {
                    pdx_results *page = NULL;
                    o.offset = off;
                    o.limit = 7;
                    assert_int_equal(pdx_author_search(&page, f->handle, names[i], 0, &o), PDX_OK);
                    assert_int_equal(pdx_results_total(page), pdx_results_total(all));
                    size_t want = n_all - off < 7 ? n_all - off : 7;
                    assert_int_equal(pdx_results_count(page), want);
                    for (size_t k = 0; k < want; k++) {
                        assert_string_equal(pdx_paper_id(pdx_results_paper(page, k)),
                                            pdx_paper_id(pdx_results_paper(all, off + k)));
                        assert_int_equal(pdx_results_rank(page, k), off + k + 1);
                    }
                    pdx_results_free(page);
                }
                o.offset = 0;
                o.count_only = true;
                pdx_results *none = NULL;
                assert_int_equal(pdx_author_search(&none, f->handle, names[i], 0, &o), PDX_OK);
                assert_int_equal(pdx_results_count(none), 0);
                assert_int_equal(pdx_results_total(none), pdx_results_total(all));
                assert_true(pdx_results_total_exact(none));
                pdx_results_free(none);
                pdx_results_free(all);
            }
    }
    f->handle->narrow_from = PDX_NARROW_FROM;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_author_search_answers_as_the_slow_one),
        cmocka_unit_test(test_coauthors_are_unchanged_by_the_fast_road),
        cmocka_unit_test(test_narrowed_date_order_keeps_ties_and_undated_papers),
        cmocka_unit_test(test_facet_names_group_into_people_as_coauthors_do),
        cmocka_unit_test(test_author_pages_put_together_are_one_long_page),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
