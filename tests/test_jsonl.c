/*
 * test_jsonl.c — the JSON Lines reader: field spellings, bad lines
 * reported with their numbers and skipped, the rest still read; BEIR
 * corpora and --field-map.  (arXiv's snapshot shape: test_arxiv.c.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void test_jsonl_reads_good_lines_and_reports_each_bad_one(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("jsonl/mixed.jsonl"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 3);
    /* line 2 truncated, 3 not JSON, 6 an array, 8 empty object */
    assert_int_equal(r.diags, 4);
    assert_non_null(strstr(r.last_diag, "mixed.jsonl:8:"));
    t_records_free(&r);
}

static void test_jsonl_field_spellings_are_understood(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("jsonl/mixed.jsonl"), NULL);
    const pdx_paper *p = t_find_title(&r, "Sparse Codes for Sound");
    assert_non_null(p);
    assert_string_equal(pdx_paper_id(p), "a1");
    assert_int_equal(pdx_paper_year(p), 2019);
    assert_int_equal(pdx_paper_author_count(p), 2);
    assert_string_equal(pdx_paper_format(p), "jsonl");
    /* an author string "A and B"; a title derived from the abstract */
    const pdx_paper *q = NULL;
    for (size_t i = 0; i < r.n; i++)
        if (strcmp(pdx_paper_id(r.v[i]), "a3") == 0)
            q = r.v[i];
    assert_non_null(q);
    assert_true(pdx_paper_title_derived(q));
    assert_int_equal(pdx_paper_author_count(q), 2);
    assert_string_equal(pdx_paper_author(q, 1), "R. T. Ames");
    assert_int_equal(pdx_paper_year(q), 2021);
    /* authors as objects, the year as a string, and a DOI as the id */
    p = t_find_title(&r, "No Abstract, Still a Paper");
    assert_non_null(p);
    assert_string_equal(pdx_paper_author(p, 0), "Juan de la Cruz");
    assert_int_equal(pdx_paper_year(p), 2018);
    assert_string_equal(pdx_paper_id(p), "doi:10.1234/EXAMPLE.5");
    assert_null(pdx_paper_abstract(p));
    t_records_free(&r);
}

static void test_a_file_of_no_known_shape_is_an_input_error(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("../CMakeLists.txt"), NULL);
    assert_int_equal(r.st, PDX_EINPUT);
    assert_int_equal(r.n, 0);
    assert_non_null(strstr(r.last_diag, "not a known format"));
    t_records_free(&r);
}

/* Collections such as BEIR hold distinct documents under one title; their
 * own ids must keep them apart, while a record with no id still merges. */
static void test_records_with_different_ids_stay_apart_despite_one_title(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("jsonl/same-title.jsonl"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 2);
    assert_string_equal(pdx_paper_id(r.v[0]), "DOC-1");
    assert_string_equal(pdx_paper_id(r.v[1]), "DOC-2");
    assert_int_equal(pdx_paper_author_count(r.v[0]), 1);
    t_records_free(&r);
}

/* BEIR corpora: the document id is _id, Cranfield's metadata.authors are
 * read, and documents sharing a title (or a text prefix) stay apart, as
 * the evaluation's judgements name each of them. */
static void test_beir_documents_keep_their_ids_and_stay_apart(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("beir-reader/corpus.jsonl"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 3);
    assert_string_equal(pdx_paper_id(r.v[0]), "D1");
    assert_string_equal(pdx_paper_id(r.v[1]), "D2");
    assert_string_equal(pdx_paper_id(r.v[2]), "MED-3");
    assert_string_equal(pdx_paper_title(r.v[0]), pdx_paper_title(r.v[1]));
    assert_int_equal(pdx_paper_author_count(r.v[0]), 2);
    assert_string_equal(pdx_paper_author(r.v[0], 0), "e.r. van driest");
    assert_string_equal(pdx_paper_author(r.v[1], 2), "a. chinneck");
    assert_int_equal(pdx_paper_author_count(r.v[2]), 0);
    /* D4 is empty: reported, not indexed */
    assert_int_equal(r.diags, 1);
    assert_non_null(strstr(r.last_diag, "corpus.jsonl:4:"));
    t_records_free(&r);
}

static void test_beir_sample_corpora_keep_every_document(void **state) {
    (void)state;
    const char *nf = t_shared_path("eval/nfcorpus/corpus.jsonl");
    if (!nf)
        skip();
    t_records r;
    t_parse(&r, NULL, nf, NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.sum.records, 3633);
    assert_int_equal(r.n, 3633);
    assert_int_equal(r.diags, 0);
    t_records_free(&r);
    /* Cranfield documents 471 and 995 are empty in the original */
    t_parse(&r, NULL, t_shared_path("eval/cranfield/corpus.jsonl"), NULL);
    assert_int_equal(r.n, 1398);
    assert_int_equal(r.diags, 2);
    assert_string_equal(pdx_paper_id(r.v[0]), "1");
    assert_string_equal(pdx_paper_author(r.v[0], 0), "m. brenckman");
    t_records_free(&r);
}

static void test_field_map_reaches_into_json_objects(void **state) {
    (void)state;
    t_records r;
    t_parse_map(&r, NULL, "id=uid,title=headline,abstract=body,authors=people,date=when.published",
                t_path("jsonl/custom.jsonl"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 2);
    const pdx_paper *p = t_find_title(&r, "Lanterns for Invented Harbours");
    assert_non_null(p);
    assert_string_equal(pdx_paper_id(p), "N-1");
    assert_string_equal(pdx_paper_date(p), "2020-05-17");
    assert_string_equal(pdx_paper_abstract(p), "We light harbours that do not exist.");
    assert_int_equal(pdx_paper_author_count(p), 2);
    /* unmapped fields keep their usual spellings */
    assert_string_equal(pdx_paper_venue(p), "Harbour Letters");
    t_records_free(&r);
}

/* Bug: a JSON array's "Rami Haddad et al." was stored as an author named
 * so, and "et al." as one named "et al.", and the list was not marked cut
 * (exports then wrote "al., Rami Haddad et"). */
static void test_et_al_in_an_author_array_marks_the_list_cut(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("jsonl/et-al.jsonl"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 4);
    static const struct {
        const char *title;
        size_t authors;
        bool cut;
    } want[] = {
        {"Tides of Invented Seas", 2, true},
        {"Lamps Along Invented Quays", 1, true},
        {"Maps of Invented Coasts", 2, false},
        {"Buoys of Invented Bays", 1, true},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const pdx_paper *p = t_find_title(&r, want[i].title);
        assert_non_null(p);
        assert_int_equal(pdx_paper_author_count(p), want[i].authors);
        assert_int_equal(pdx_paper_authors_truncated(p), want[i].cut);
        assert_string_equal(pdx_paper_author(p, 0), "Mira Okafor");
        if (want[i].authors == 2)
            assert_string_equal(pdx_paper_author(p, 1), "Rami Haddad");
    }
    t_records_free(&r);
}

/* Bug: two different papers whose ids collided (two "Introduction"s, 2008
 * and 2019: one title hash) were both stored under that id, so `show`
 * returned either and `check` reported the id held twice.  The second now
 * gets "id-2", and meeting it again finds it there. */
static void test_two_papers_with_one_derived_id_get_two_ids(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("jsonl/same-short-title.jsonl"), NULL);
    assert_int_equal(r.n, 2);
    assert_int_equal(pdx_paper_year(r.v[0]), 2008);
    assert_int_equal(pdx_paper_year(r.v[1]), 2019);
    char want[64];
    snprintf(want, sizeof want, "%s-2", pdx_paper_id(r.v[0]));
    assert_string_equal(pdx_paper_id(r.v[1]), want);
    assert_int_equal(pdx_paper_source_count(r.v[1]), 2);
    t_records_free(&r);

    char *dir = t_tmpdir();
    char db[4200];
    snprintf(db, sizeof db, "%s/db", dir);
    assert_int_equal(t_ingest(db, t_path("jsonl/same-short-title.jsonl"), t_path("jsonl/same-short-title.jsonl"), NULL), PDX_OK);
    char *report = NULL;
    size_t problems = 9;
    assert_int_equal(pdx_db_check(&report, &problems, db), PDX_OK);
    assert_int_equal(problems, 0);
    free(report);
    pdx_db *h = NULL;
    pdx_stats st;
    pdx_paper *p = NULL;
    assert_int_equal(pdx_db_open(&h, db, PDX_DB_READ, NULL), PDX_OK);
    assert_int_equal(pdx_db_stats(&st, h), PDX_OK);
    assert_int_equal(st.papers, 2);
    assert_int_equal(pdx_db_get(&p, h, want), PDX_OK);
    assert_int_equal(pdx_paper_year(p), 2019);
    pdx_paper_free(p);
    pdx_db_free(h);
    t_rmrf(dir);
    free(dir);
}

/* Regression: when a record's title matched a stored paper that is another
 * work (its own id differs) and the record's id was free, the store built
 * the document from a NULL record (a crash under UBSan, seen on every BEIR
 * corpus). */
static void test_a_title_match_that_is_another_work_is_stored_apart(void **state) {
    (void)state;
    char *dir = t_tmpdir();
    char db[4200];
    snprintf(db, sizeof db, "%s/db", dir);
    assert_int_equal(t_ingest(db, t_path("jsonl/same-title.jsonl"), NULL), PDX_OK);
    pdx_db *h = NULL;
    pdx_stats st;
    assert_int_equal(pdx_db_open(&h, db, PDX_DB_READ, NULL), PDX_OK);
    assert_int_equal(pdx_db_stats(&st, h), PDX_OK);
    assert_int_equal(st.papers, 2);
    pdx_paper *p = NULL;
    assert_int_equal(pdx_db_get(&p, h, "DOC-2"), PDX_OK);
    assert_non_null(strstr(pdx_paper_abstract(p), "randomised"));
    pdx_paper_free(p);
    pdx_db_free(h);
    t_rmrf(dir);
    free(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_reads_good_lines_and_reports_each_bad_one),
        cmocka_unit_test(test_jsonl_field_spellings_are_understood),
        cmocka_unit_test(test_a_file_of_no_known_shape_is_an_input_error),
        cmocka_unit_test(test_records_with_different_ids_stay_apart_despite_one_title),
        cmocka_unit_test(test_two_papers_with_one_derived_id_get_two_ids),
        cmocka_unit_test(test_a_title_match_that_is_another_work_is_stored_apart),
        cmocka_unit_test(test_beir_documents_keep_their_ids_and_stay_apart),
        cmocka_unit_test(test_beir_sample_corpora_keep_every_document),
        cmocka_unit_test(test_field_map_reaches_into_json_objects),
        cmocka_unit_test(test_et_al_in_an_author_array_marks_the_list_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
