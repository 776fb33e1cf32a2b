/*
 * test_listing.c — the listing-page reader: title/author splits where the
 * title ends in an acronym, a digit, mixed case or a name; dates with and
 * without a year; "Code"; affiliations; "et al." and "(see N more)";
 * "(see more)" splices; a bad line; and, when ../shared is there, every
 * entry of the user's own listing page.
 */
#include <string.h>

#include "paper.h"
#include "testutil.h"

static void test_listing_splits_titles_ending_in_acronyms_digits_and_names(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("listing/joins.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 7);
    const pdx_paper *p = t_find_title(&r, "Scaling Laws for Tiny RNNs");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"Helena Brandt", "Ko Tanabe", "Marisol Ortega", NULL});
    assert_string_equal(pdx_paper_format(p), "listing");
    p = t_find_title(&r, "A Benchmark for AGI");
    assert_non_null(p);
    assert_true(pdx_paper_code(p));
    p = t_find_title(&r, "Priors over Functions in GPT-4");
    assert_non_null(p);
    assert_true(pdx_paper_authors_truncated(p));
    assert_int_equal(pdx_paper_affiliation_count(p), 2);
    assert_string_equal(pdx_paper_affiliation(p, 1), "eth");
    p = t_find_title(&r, "SEGMENTOR: Dense Labels for LiDAR Point Clouds");
    assert_non_null(p);
    assert_string_equal(pdx_paper_author(p, 0), "R. T. Ames");
    p = t_find_title(&r, "Lessons from MacKay");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"Juan de la Cruz", "Marisol Ortega", NULL});
    p = t_find_title(&r, "Training with 1000 GPUs");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"Émile Duclos", NULL});
    assert_non_null(t_find_title(&r, "Fast Depth with MobileNetV2"));
    t_records_free(&r);
}

/* Regression: initials run together ("S.V. Oderkirk") glued to the title
 * split after the first initial, leaving "…ParametersS.V. Oderkirk, G."
 * as the title and "M. Thalberg" as the only author; a title ending in an
 * acronym glued to an initial ("…the WLTA. Oderkirk") split inside the
 * acronym. */
static void test_listing_keeps_run_together_initials_with_the_name(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("listing/initials.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 6);
    const pdx_paper *p = t_find_title(&r, "Self-consistent Loom Tension Parameters");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"S.V. Oderkirk", "G.M. Thalberg", NULL});
    p = t_find_title(&r, "Warp Drift in Small Looms");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"H.K. Brandvold", NULL});
    /* an acronym glued to an initial: "WLT" + "A. Oderkirk" */
    p = t_find_title(&r, "Loom Noise at the WLT");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"A. Oderkirk", "M. Thalberg", NULL});
    /* a title ending in a prime, in a dash pair, in a series part */
    p = t_find_title(&r, "Warp Phases with an Extra U(1)'");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"S.W. Oderkirk", "E.J. Thalberg", NULL});
    p = t_find_title(&r, "Looms and Shuttles -- Remarks on Wide Cloth --");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"Ryo Tanabe", "Ines Halvorsen", NULL});
    p = t_find_title(&r, "Cofibrations of Warp Spaces. Part I");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"B. Oderkirk", "PP. Thalberg", NULL});
    t_records_free(&r);
}

/* Regression: lines indented with tabs (pages copied from HTML keep the
 * markup's indentation) were not date lines, so the page read as
 * nothing. */
static void test_listing_reads_lines_indented_with_tabs(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("listing/indented.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 3);
    const pdx_paper *p = t_find_title(&r, "Warp Drift in Small Looms");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"Helga K. Brandvold", "Ko Tanabe", NULL});
    assert_string_equal(pdx_paper_date(p), "2031-04-02");
    t_records_free(&r);
}

static void test_listing_reads_dates_with_and_without_a_year(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("listing/joins.txt"), NULL);
    const pdx_paper *p = t_find_title(&r, "Scaling Laws for Tiny RNNs");
    assert_string_equal(pdx_paper_date(p), "2023-04-04");
    assert_int_equal(pdx_paper_year(p), 2023);
    assert_string_equal(pdx_paper_category(p), "LG");
    p = t_find_title(&r, "Priors over Functions in GPT-4");
    assert_string_equal(pdx_paper_date(p), "--02-02");
    assert_int_equal(pdx_paper_year(p), 0);
    t_records_free(&r);
}

static void test_listing_repairs_see_more_splices_and_flags_cut_abstracts(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("listing/splice.txt"), NULL);
    assert_int_equal(r.n, 2);
    const pdx_paper *p = t_find_title(&r, "Robust Features via Invariant Risk");
    assert_non_null(strstr(pdx_paper_abstract(p), "out of distribution. We learn"));
    assert_null(strstr(pdx_paper_abstract(p), "see more"));
    assert_false(pdx_paper_abstract_truncated(p));
    p = t_find_title(&r, "Cut Short Abstracts Are Flagged");
    assert_null(strstr(pdx_paper_abstract(p), "see more"));
    assert_true(pdx_paper_abstract_truncated(p));
    t_records_free(&r);
}

static void test_listing_continues_author_lists_after_see_n_more(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("listing/see-more.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 3);
    /* "… (see 3 more)" followed by all three names: the whole list */
    const pdx_paper *p = t_find_title(&r, "Spindle Drives for Quiet Looms");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"Ana Ruiz", "Bo Chen", "Carla Diaz", "Dmitri Orlov",
                                       "Eva Lund", NULL});
    assert_false(pdx_paper_authors_truncated(p));
    assert_string_equal(pdx_paper_affiliation(p, 0), "loomlab");
    /* four promised, one shown: cut */
    p = t_find_title(&r, "Counting Threads in Photographs of Cloth");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"Helga Brandvold", "Jonas Okafor", "Priya Raghunathan",
                                       NULL});
    assert_true(pdx_paper_authors_truncated(p));
    /* the marker ends the line */
    p = t_find_title(&r, "Loom Schedules as Integer Programs");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"Marta van der Berg", "K. Osei", NULL});
    assert_true(pdx_paper_authors_truncated(p));
    assert_true(pdx_paper_code(p));
    t_records_free(&r);
}

static void test_listing_reports_a_bad_line_and_reads_the_rest(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("listing/bad-utf8.txt"), NULL);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.diags, 1);
    assert_non_null(strstr(r.last_diag, "bad-utf8.txt:3:"));
    assert_non_null(strstr(r.last_diag, "UTF-8"));
    assert_non_null(t_find_title(&r, "The Next Paper Is Fine"));
    t_records_free(&r);
}

static void test_a_paper_listed_twice_becomes_one_record_with_both_sources(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("listing/joins.txt"), t_path("listing/repeat.txt"), NULL);
    assert_int_equal(r.n, 7);
    const pdx_paper *p = t_find_title(&r, "Scaling Laws for Tiny RNNs");
    assert_int_equal(pdx_paper_source_count(p), 2);
    /* the longer abstract of the second page wins */
    assert_non_null(strstr(pdx_paper_abstract(p), "clean power law"));
    t_records_free(&r);
}

static void test_the_users_listing_page_gives_one_correct_record_per_paper(void **state) {
    (void)state;
    const char *seed = t_shared_path("seeds/001_7b57e512285d5935.txt");
    if (!seed) {
        print_message("../shared is absent: skipping the seed listing page\n");
        skip();
    }
    t_records r;
    t_parse(&r, NULL, seed, NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.diags, 0);
    assert_int_equal(r.n, 50);
    const pdx_paper *p = t_find_title(&r, "A Definition of AGI");
    assert_non_null(p);
    assert_string_equal(pdx_paper_author(p, 0), "Dan Hendrycks");
    p = t_find_title(&r, "JoLT: Joint Probabilistic Predictions on Tabular Data Using LLMs");
    assert_non_null(p);
    assert_string_equal(pdx_paper_author(p, 0), "Aliaksandra Shysheya");
    p = t_find_title(&r, "Sorting Out Quantum Monte Carlo");
    assert_non_null(p);
    assert_string_equal(pdx_paper_author(p, 0), "Jack Richter-Powell");
    p = t_find_title(&r, "Efficient Graph Generation with Graph Recurrent Attention Networks");
    assert_non_null(p);
    assert_true(pdx_paper_code(p));
    assert_string_equal(pdx_paper_date(p), "2019-10-02");
    p = t_find_title(&r, "Towards Understanding Sycophancy in Language Models");
    assert_non_null(p);
    assert_true(pdx_paper_authors_truncated(p));
    assert_int_equal(pdx_paper_affiliation_count(p), 2);
    assert_string_equal(pdx_paper_category(p), "CL");
    /* a date with no year, counted by hand: two of them */
    p = t_find_title(&r, "Who's in Charge? Disempowerment Patterns in Real-World LLM Usage");
    assert_non_null(p);
    assert_string_equal(pdx_paper_date(p), "--01-27");
    assert_int_equal(pdx_paper_year(p), 0);
    assert_string_equal(pdx_paper_category(p), "CY");
    assert_true(pdx_paper_authors_truncated(p));
    p = t_find_title(&r, "Alignment faking in large language models");
    assert_non_null(p);
    assert_int_equal(pdx_paper_affiliation_count(p), 1);
    assert_string_equal(pdx_paper_affiliation(p, 0), "berkeley");
    assert_string_equal(pdx_paper_author(p, 2), "Benjamin Wright");
    p = t_find_title(&r, "Neural Networks with Cheap Differential Operators");
    assert_non_null(p);
    assert_int_equal(pdx_paper_author_count(p), 2);
    assert_string_equal(pdx_paper_author(p, 1), "David Duvenaud");
    assert_false(pdx_paper_authors_truncated(p));
    assert_int_equal(pdx_paper_year(p), 2019);
    /* counted by hand: one "Code", four affiliation lists, 41 "et al.",
     * two dates without a year */
    size_t code = 0, aff = 0, cut = 0, no_year = 0;
    for (size_t i = 0; i < r.n; i++) {
        code += pdx_paper_code(r.v[i]);
        aff += pdx_paper_affiliation_count(r.v[i]) > 0;
        cut += pdx_paper_authors_truncated(r.v[i]);
        no_year += pdx_paper_year(r.v[i]) == 0;
        assert_string_equal(pdx_paper_format(r.v[i]), "listing");
    }
    assert_int_equal(code, 1);
    assert_int_equal(aff, 4);
    assert_int_equal(cut, 41);
    assert_int_equal(no_year, 2);
    /* every record has a title and at least one author, and no title still
     * carries the first author glued to it */
    for (size_t i = 0; i < r.n; i++) {
        assert_true(pdx_paper_author_count(r.v[i]) >= 1);
        const char *t = pdx_paper_title(r.v[i]);
        const char *a0 = pdx_paper_author(r.v[i], 0);
        size_t tn = strlen(t), an = strlen(a0);
        assert_true(tn > 0);
        assert_false(tn > an && strcmp(t + tn - an, a0) == 0);
    }
    t_records_free(&r);
}

/* Regression: lines after the last entry's abstract (a page's footer,
 * labels in another language, a stray line) were taken into the
 * abstract. */
static void test_listing_leaves_the_footer_out_of_the_last_abstract(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("listing/footer.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 2);
    const pdx_paper *p = t_find_title(&r, "Warp Beams in Practice");
    assert_non_null(p);
    assert_string_equal(pdx_paper_abstract(p), "We weave double cloth on two warp beams in a single pass.");
    t_records_free(&r);
}

/* Titles that end in a closing quote ("…Effect\"Helena", "…Tension''Marisol")
 * and a first author whose suffix spoils its shape but who is followed by
 * a full name ("Ko Tanabe Jr., Ana Ruiz") were left unsplit: the whole line
 * became the title, with no authors. */
static void test_listing_splits_after_closing_quotes_and_odd_first_authors(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("listing/quotes.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 3);
    const pdx_paper *p = t_find_title(&r, "Looms and the \"Dry Month\" Effect");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"Helena Brandt", "Ko Tanabe", NULL});
    p = t_find_title(&r, "Reply to ``Comment on Warp Tension''");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"Marisol Ortega", NULL});
    p = t_find_title(&r, "A Spring Regulator for Hand Looms");
    assert_non_null(p);
    t_assert_authors(p, (const char *[]){"Ko Tanabe Jr.", "Ana Ruiz", "Bo Chen", NULL});
    t_records_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listing_splits_titles_ending_in_acronyms_digits_and_names),
        cmocka_unit_test(test_listing_reads_dates_with_and_without_a_year),
        cmocka_unit_test(test_listing_reads_lines_indented_with_tabs),
        cmocka_unit_test(test_listing_keeps_run_together_initials_with_the_name),
        cmocka_unit_test(test_listing_repairs_see_more_splices_and_flags_cut_abstracts),
        cmocka_unit_test(test_listing_continues_author_lists_after_see_n_more),
        cmocka_unit_test(test_listing_reports_a_bad_line_and_reads_the_rest),
        cmocka_unit_test(test_a_paper_listed_twice_becomes_one_record_with_both_sources),
        cmocka_unit_test(test_the_users_listing_page_gives_one_correct_record_per_paper),
        cmocka_unit_test(test_listing_leaves_the_footer_out_of_the_last_abstract),
        cmocka_unit_test(test_listing_splits_after_closing_quotes_and_odd_first_authors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
