/*
 * test_arxiv.c — arXiv's two shapes: .abs metadata files (the arxiv
 * reader) and the metadata snapshot as JSON Lines (the jsonl reader); the
 * same paper read from both must become one record.
 */
#include <string.h>

#include "testutil.h"

static const pdx_paper *find_id(const t_records *r, const char *id) {
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(pdx_paper_id(r->v[i]), id) == 0)
            return r->v[i];
    return NULL;
}

static void test_abs_header_fields_and_continuation_lines(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("arxiv/2101.00001.abs"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.diags, 0);
    const pdx_paper *p = r.v[0];
    assert_string_equal(pdx_paper_format(p), "arxiv");
    assert_string_equal(pdx_paper_id(p), "arXiv:2101.00001");
    /* the title's indented second line continues it */
    assert_string_equal(pdx_paper_title(p),
                        "Tidal Heating of Icy Moons with a Layered Ocean: A Spectral Approach");
    /* the v1 date, not the revision's */
    assert_string_equal(pdx_paper_date(p), "2021-01-05");
    assert_int_equal(pdx_paper_year(p), 2021);
    assert_string_equal(pdx_paper_category(p), "astro-ph.EP");
    assert_string_equal(pdx_paper_venue(p), "Planet. Sci. J. 2 (2021) 17");
    /* kept verbatim for exports, whatever a merge does to the venue */
    assert_string_equal(pdx_paper_journal_ref(p), "Planet. Sci. J. 2 (2021) 17");
    /* accents decoded; reference numbers and the affiliation list out */
    assert_int_equal(pdx_paper_author_count(p), 4);
    assert_string_equal(pdx_paper_author(p, 0), "Jörg Lindqvist");
    assert_string_equal(pdx_paper_author(p, 1), "Émilie Fournier");
    assert_string_equal(pdx_paper_author(p, 2), "Tomáš Král");
    assert_string_equal(pdx_paper_author(p, 3), "Ana María de la Vega");
    assert_int_equal(pdx_paper_affiliation_count(p), 2);
    assert_string_equal(pdx_paper_affiliation(p, 0), "Uppsala Observatory");
    assert_string_equal(pdx_paper_affiliation(p, 1), "Institut de Planétologie, Grenoble");
    assert_non_null(strstr(pdx_paper_source(p, 0), "2101.00001.abs:3"));
    t_records_free(&r);
}

/* A `\\` line inside the abstract is LaTeX's line break: the abstract goes
 * on to the last `\\` of the file. */
static void test_latex_line_break_inside_the_abstract_does_not_end_it(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("arxiv/2101.00001.abs"), NULL);
    assert_int_equal(r.n, 1);
    const char *a = pdx_paper_abstract(r.v[0]);
    assert_non_null(a);
    assert_true(strncmp(a, "We model tidal heating", 22) == 0);
    assert_non_null(strstr(a, "raises it by a factor of two."));
    t_records_free(&r);
}

static void test_old_style_id_and_a_collaboration(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("arxiv/hep-th_9901001.abs"), NULL);
    assert_int_equal(r.n, 1);
    const pdx_paper *p = r.v[0];
    assert_string_equal(pdx_paper_id(p), "arXiv:hep-th/9901001");
    assert_string_equal(pdx_paper_author(p, 0), "FOOBAR Collaboration");
    assert_string_equal(pdx_paper_author(p, 2), "B. Q. Example");
    assert_int_equal(pdx_paper_author_count(p), 3);
    assert_true(pdx_paper_authors_truncated(p));
    assert_string_equal(pdx_paper_date(p), "1999-01-01");
    t_records_free(&r);
}

/* Old records hold Latin-1 bytes; the line is decoded, not dropped. */
static void test_latin1_journal_ref_is_decoded_not_lost(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("arxiv/latin1.abs"), NULL);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.diags, 0);
    assert_string_equal(pdx_paper_venue(r.v[0]), "Épijournal de Géométrie Inventée, Volume 1 (2017)");
    t_records_free(&r);
}

static void test_an_empty_abs_file_is_reported_and_gives_nothing(void **state) {
    (void)state;
    t_records r;
    /* named, an empty file is an input that gave nothing: PDX_EINPUT, as
     * one of no known shape is (docs/bad-input.md) */
    t_parse(&r, NULL, t_path("arxiv/empty.abs"), NULL);
    assert_int_equal(r.st, PDX_EINPUT);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.diags, 1);
    assert_non_null(strstr(r.last_diag, "empty file"));
    /* forced, the same */
    t_records_free(&r);
    t_parse(&r, "arxiv", t_path("arxiv/empty.abs"), NULL);
    assert_int_equal(r.st, PDX_EINPUT);
    assert_int_equal(r.n, 0);
    t_records_free(&r);
}

static void test_concatenated_abs_files_are_read_in_turn(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("arxiv-stream/two.abs"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 2);
    assert_non_null(find_id(&r, "arXiv:2101.00001"));
    assert_non_null(find_id(&r, "arXiv:hep-th/9901001"));
    /* the first abstract did not swallow the second record */
    assert_null(strstr(pdx_paper_abstract(find_id(&r, "arXiv:2101.00001")), "branes"));
    t_records_free(&r);
}

static void test_snapshot_jsonl_adds_no_new_papers(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("arxiv"), t_path("arxiv-snapshot.jsonl"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.sum.records, 6);
    assert_int_equal(r.sum.merged, 3);
    assert_int_equal(r.n, 3);
    for (size_t i = 0; i < r.n; i++)
        assert_int_equal(pdx_paper_source_count(r.v[i]), 2);
    t_records_free(&r);
}

static void test_snapshot_authors_come_from_authors_parsed_when_present(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("arxiv-snapshot.jsonl"), NULL);
    assert_int_equal(r.n, 3);
    const pdx_paper *p = find_id(&r, "arXiv:2101.00001");
    assert_non_null(p);
    /* authors from authors_parsed, in display order, decoded */
    assert_int_equal(pdx_paper_author_count(p), 4);
    assert_string_equal(pdx_paper_author(p, 0), "Jörg Lindqvist");
    assert_string_equal(pdx_paper_author(p, 3), "Ana María de la Vega");
    assert_string_equal(pdx_paper_date(p), "2021-01-05");
    assert_string_equal(pdx_paper_venue(p), "Planet. Sci. J. 2 (2021) 17");
    assert_string_equal(pdx_paper_category(p), "astro-ph.EP");
    /* the authors string when there is no authors_parsed */
    p = find_id(&r, "arXiv:hep-th/9901001");
    assert_non_null(p);
    assert_string_equal(pdx_paper_author(p, 0), "FOOBAR Collaboration");
    assert_true(pdx_paper_authors_truncated(p));
    t_records_free(&r);
}

/* Regression: a snapshot line without `date` took update_date (its last
 * revision, 2008) as its date, so it no longer merged with the .abs record
 * of 1999 (years more than one apart). */
static void test_snapshot_date_is_the_v1_submission_not_update_date(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("arxiv-snapshot.jsonl"), NULL);
    const pdx_paper *p = find_id(&r, "arXiv:hep-th/9901001");
    assert_non_null(p);
    assert_string_equal(pdx_paper_date(p), "1999-01-01");
    t_records_free(&r);
}

/* ---- the user's samples ----------------------------------------------- */

static void test_sample_abs_files_give_one_record_per_nonempty_file(void **state) {
    (void)state;
    const char *dir = t_shared_path("samples/arxiv-abs");
    if (!dir)
        skip();
    t_records r;
    t_parse(&r, NULL, dir, NULL);
    assert_int_equal(r.st, PDX_OK);
    /* 930 files, math-ph_0509037.abs is empty (reported, not skipped) */
    assert_int_equal(r.sum.files, 929);
    assert_int_equal(r.sum.records, 929);
    assert_int_equal(r.sum.skipped, 0);
    assert_int_equal(r.diags, 1);
    assert_non_null(strstr(r.last_diag, "math-ph_0509037.abs: empty file"));
    /* cs_0006007.abs and cs_0006008.abs are byte-identical copies of
     * cs/0006008, so 929 records are 928 papers */
    assert_int_equal(r.sum.merged, 1);
    assert_int_equal(r.n, 928);
    const pdx_paper *p = find_id(&r, "arXiv:cs/0006008");
    assert_non_null(p);
    assert_int_equal(pdx_paper_source_count(p), 2);
    /* 1607.08199's Latin-1 Journal-ref, decoded */
    p = find_id(&r, "arXiv:1607.08199");
    assert_non_null(p);
    assert_string_equal(pdx_paper_venue(p),
                        "Épijournal de Géométrie Algébrique, Volume 1 (September 1, 2017) epiga:3255");
    /* checked by hand against 0704.0001.abs */
    p = find_id(&r, "arXiv:0704.0001");
    assert_non_null(p);
    assert_string_equal(pdx_paper_author(p, 0), "C. Balázs");
    assert_string_equal(pdx_paper_date(p), "2007-04-02");
    t_records_free(&r);
}

static void test_sample_snapshot_adds_no_papers_to_the_abs_files(void **state) {
    (void)state;
    const char *dir = t_shared_path("samples/arxiv-abs");
    if (!dir)
        skip();
    t_records r;
    t_parse(&r, NULL, dir, t_shared_path("samples/arxiv.jsonl"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.sum.records, 929 + 929);
    assert_int_equal(r.n, 928);
    for (size_t i = 0; i < r.n; i++)
        assert_true(pdx_paper_source_count(r.v[i]) >= 2);
    t_records_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abs_header_fields_and_continuation_lines),
        cmocka_unit_test(test_latex_line_break_inside_the_abstract_does_not_end_it),
        cmocka_unit_test(test_old_style_id_and_a_collaboration),
        cmocka_unit_test(test_latin1_journal_ref_is_decoded_not_lost),
        cmocka_unit_test(test_an_empty_abs_file_is_reported_and_gives_nothing),
        cmocka_unit_test(test_concatenated_abs_files_are_read_in_turn),
        cmocka_unit_test(test_snapshot_jsonl_adds_no_new_papers),
        cmocka_unit_test(test_snapshot_authors_come_from_authors_parsed_when_present),
        cmocka_unit_test(test_snapshot_date_is_the_v1_submission_not_update_date),
        cmocka_unit_test(test_sample_abs_files_give_one_record_per_nonempty_file),
        cmocka_unit_test(test_sample_snapshot_adds_no_papers_to_the_abs_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
