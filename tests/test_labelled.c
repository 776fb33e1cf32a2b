/*
 * test_labelled.c — the labelled-records reader: arXiv listing pages (id
 * lines, wrapped values, unlabelled abstracts, Subjects as category),
 * catalogues with other label sets and languages (Year, DOI, Journal,
 * repeated Author lines, Titel/Autoren/Zusammenfassung,
 * Titre/Auteurs/Résumé), arXiv search results (the title without a
 * label), a record with no title reported at its line, and the files it
 * must leave to other readers (.abs files, profile pages); the same
 * pages saved as HTML; and a citation profile's table rows, whose year
 * cell stays with the paper of its row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/reader.h"
#include "paper.h"
#include "testutil.h"

static void test_labelled_reads_an_arxiv_listing_page(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("labelled/arxiv-listing.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.diags, 0);
    /* four papers; headings and "[ showing 4 of 4 entries ]" are none */
    assert_int_equal(r.n, 4);
    for (size_t i = 0; i < r.n; i++)
        assert_string_equal(pdx_paper_format(r.v[i]), "labelled");
    const pdx_paper *p = t_find(&r, "Sparse Weaving with Fewer Threads");
    t_assert_authors(p, (const char *[]){"Ana Ruiz", "Bo Chen", "Carla Diaz", NULL});
    assert_string_equal(pdx_paper_extid(p, "arxiv"), "2904.00101");
    assert_string_equal(pdx_paper_category(p), "cs.LG");
    /* the abstract has no label: the prose after the labels, three lines */
    assert_string_equal(pdx_paper_abstract(p),
                        "We show that sparse weaving needs fewer threads than dense weaving, and "
                        "that the cloth it makes holds as well under load. A loom with half the "
                        "warp threads weaves a third faster.");
    /* no date on the page: the id names its month */
    assert_string_equal(pdx_paper_date(p), "2029-04");
    assert_non_null(strstr(pdx_paper_source(p, 0), "arxiv-listing.txt:5"));
    t_records_free(&r);
}

static void test_labelled_values_continue_on_the_next_lines(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("labelled/arxiv-listing.txt"), NULL);
    /* an indented rest of the title; the venue's year before the id's */
    const pdx_paper *p = t_find(&r, "Warp Tension in Hand Looms. II. Drift over a Day of Weaving in "
                                  "Humid Workshops");
    t_assert_authors(p, (const char *[]){"Dmitri Orlov", "Helga K. Brandvold", NULL});
    assert_string_equal(pdx_paper_venue(p), "Journal of Textile Computing 12 (2029) 45-67");
    assert_string_equal(pdx_paper_journal_ref(p), "Journal of Textile Computing 12 (2029) 45-67");
    assert_int_equal(pdx_paper_year(p), 2029);
    /* an author list wrapped after its comma; a versioned id */
    p = t_find(&r, "Loom Memory Revisited");
    t_assert_authors(p, (const char *[]){"Marta van der Berg", "Ko Tanabe", "Sean O'Hara",
                                       "Priya Raghunathan", NULL});
    assert_string_equal(pdx_paper_extid(p, "arxiv"), "2904.00003");
    /* a cross-list without an abstract */
    p = t_find(&r, "Shuttle Timing for Dense Cloth");
    assert_null(pdx_paper_abstract(p));
    assert_string_equal(pdx_paper_extid(p, "arxiv"), "2903.09912");
    t_records_free(&r);
}

static void test_labelled_reads_other_label_sets(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("labelled/catalogue.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.diags, 0);
    /* three papers; "Last updated: January 2024" and the header are none */
    assert_int_equal(r.n, 3);
    const pdx_paper *p = t_find(&r, "Open Standards for Shared Loom Archives");
    t_assert_authors(p, (const char *[]){"Helga Brandvold", "Tomasz O'Reilly-Wu", "Marta van der Berg",
                                       NULL});
    assert_string_equal(pdx_paper_extid(p, "doi"), "10.5555/loom.2021.17");
    assert_string_equal(pdx_paper_venue(p), "Journal of Loom Science");
    assert_int_equal(pdx_paper_year(p), 2021);
    assert_non_null(strstr(pdx_paper_abstract(p), "We propose one open standard, show that"));
    /* one "Author:" line a name; a date as page readers write them */
    p = t_find(&r, "Thread Tension Under Humid Weather");
    t_assert_authors(p, (const char *[]){"Bo Chen", "Carla Diaz", NULL});
    assert_string_equal(pdx_paper_date(p), "2018-07-03");
    assert_string_equal(pdx_paper_abstract(p),
                        "We weave in a humid room and a dry one and compare the tension of the warp.");
    p = t_find(&r, "A Survey of Jacquard Controllers");
    t_assert_authors(p, (const char *[]){"Ko Tanabe", "Ana Ruiz", NULL});
    assert_string_equal(pdx_paper_date(p), "2020-03-03");
    t_records_free(&r);
}

static void test_labelled_reads_german_and_french_labels(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("labelled/catalogue-de-fr.txt"), NULL);
    assert_int_equal(r.n, 2);
    const pdx_paper *p = t_find(&r, "D\xC3\xBCnne Gewebe auf kleinen Webst\xC3\xBChlen");
    t_assert_authors(p, (const char *[]){"J\xC3\xB6rg Weber", "Anna Schmidt", "Bo Chen", NULL});
    assert_int_equal(pdx_paper_year(p), 2022);
    assert_string_equal(pdx_paper_venue(p), "Zeitschrift f\xC3\xBCr Textilinformatik");
    assert_non_null(strstr(pdx_paper_abstract(p), "und zeigen, dass sie halten."));
    p = t_find(&r, "La tension de la cha\xC3\xAEne au fil de la journ\xC3\xA9" "e");
    t_assert_authors(p, (const char *[]){"\xC3\x89lodie Martin", "Luc Bernard", NULL});
    assert_int_equal(pdx_paper_year(p), 2023);
    assert_non_null(strstr(pdx_paper_abstract(p), "pendant une journ\xC3\xA9" "e de tissage."));
    t_records_free(&r);
}

static void test_labelled_takes_the_unlabelled_title_after_an_id_line(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("labelled/search-results.txt"), NULL);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.diags, 0);
    const pdx_paper *p = t_find(&r, "Sparse Looms Learn Slowly");
    t_assert_authors(p, (const char *[]){"Ana Ruiz", "Bo Chen", NULL});
    assert_string_equal(pdx_paper_abstract(p),
                        "We train sparse looms and find that they learn slowly but forget little.");
    p = t_find(&r, "Dense Looms Forget Quickly");
    assert_string_equal(pdx_paper_extid(p, "arxiv"), "2812.04321");
    assert_int_equal(pdx_paper_year(p), 2028);
    t_records_free(&r);
}

static void test_labelled_reports_a_record_with_no_title_and_reads_the_rest(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("labelled/no-title.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.diags, 1);
    assert_non_null(strstr(r.last_diag, "no-title.txt:5:"));
    assert_non_null(strstr(r.last_diag, "no title"));
    assert_int_equal(r.n, 2);
    /* the next record's title is not given to the one that lost its own */
    const pdx_paper *p = t_find(&r, "Selvedge Repair by Hand");
    t_assert_authors(p, (const char *[]){"Jonas Okafor", NULL});
    assert_int_equal(pdx_paper_year(p), 2021);
    t_find(&r, "Weft Density and Cloth Strength");
    t_records_free(&r);
}

static void test_labelled_leaves_abs_files_and_pages_to_their_readers(void **state) {
    (void)state;
    static const char abs[] = "\\\\\narXiv:2901.00001\nTitle: Sparse Looms\nAuthors: Ana Ruiz\n"
                              "\\\\\n  We weave.\n\\\\\n";
    const pdx_reader *rd = pdx_reader__sniff(abs, sizeof abs - 1, "x.txt");
    assert_non_null(rd);
    assert_string_equal(rd->name, "arxiv");
    static const char two[] = "Title: Sparse Looms\nAuthors: Ana Ruiz\n\nTitle: Dense Looms\n"
                              "Authors: Bo Chen\n";
    assert_int_equal(pdx_reader__find("labelled")->sniff(two, sizeof two - 1, "a.abs"), 0);
    rd = pdx_reader__sniff(two, sizeof two - 1, "page.txt");
    assert_non_null(rd);
    assert_string_equal(rd->name, "labelled");
    /* a profile page and a listing are not labelled records */
    t_records r;
    t_parse(&r, NULL, t_path("profile/ruiz.txt"), t_path("listing/loom-lab.txt"), NULL);
    for (size_t i = 0; i < r.n; i++)
        assert_string_not_equal(pdx_paper_format(r.v[i]), "labelled");
    t_records_free(&r);
}

static void test_labelled_reads_the_saved_html_of_a_listing_page(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("html/arxiv-listing.html"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.diags, 0);
    assert_int_equal(r.n, 3);
    const pdx_paper *p = t_find(&r, "Sparse Weaving with Fewer Threads");
    assert_string_equal(pdx_paper_format(p), "html");
    t_assert_authors(p, (const char *[]){"Ana Ruiz", "Bo Chen", "Carla Diaz", NULL});
    assert_string_equal(pdx_paper_extid(p, "arxiv"), "2904.00101");
    assert_string_equal(pdx_paper_abstract(p),
                        "We show that sparse weaving needs fewer threads than dense weaving, and "
                        "that the cloth it makes holds as well under load.");
    /* the source is the HTML line of the record's first text */
    assert_non_null(strstr(pdx_paper_source(p, 0), "arxiv-listing.html:14"));
    p = t_find(&r, "Shuttle Timing for Dense Cloth");
    assert_string_equal(pdx_paper_category(p), "cs.CV");
    assert_non_null(strstr(pdx_paper_abstract(p), "we time them with a camera"));
    t_records_free(&r);
}

/* A citation profile's rows (title / authors / venue, then a count and a
 * year cell) gave each paper the year of the row above: the year cell
 * stood alone on a line and read as a year heading for the next paper. */
static void check_scholar(const char *file, const char *format) {
    t_records r;
    t_parse(&r, NULL, t_path(file), NULL);
    assert_int_equal(r.st, PDX_OK);
    /* four papers; the footer "Last updated: January 2024" is none */
    assert_int_equal(r.n, 4);
    static const struct {
        const char *title, *venue;
        int year;
    } want[] = {
        {"Sparse Weaving with Fewer Threads", "Journal of Loom Science 12 (3), 45-67", 2019},
        {"Warp Tension in Hand Looms: A Field Study", "Proceedings of the 4th Workshop on Loom Science, 112-119", 2021},
        {"Loom Memory Revisited", "arXiv preprint arXiv:2304.01234", 2023},
        {"Shuttle Timing for Dense Cloth", "Journal of Textile Computing", 2024},
    };
    for (size_t i = 0; i < 4; i++) {
        const pdx_paper *p = t_find(&r, want[i].title);
        assert_string_equal(pdx_paper_format(p), format);
        assert_int_equal(pdx_paper_year(p), want[i].year);
        assert_string_equal(pdx_paper_venue(p), want[i].venue);
    }
    t_assert_authors(t_find(&r, "Sparse Weaving with Fewer Threads"),
                   (const char *[]){"A Ruiz", "B Chen", "C Diaz", NULL});
    t_records_free(&r);
}

static void test_table_rows_keep_their_year_in_html_and_in_text(void **state) {
    (void)state;
    check_scholar("html/scholar.html", "html");
    check_scholar("profile/scholar.txt", "profile");       /* a browser's copy: cells after tabs */
    check_scholar("profile/scholar-cells.txt", "profile"); /* each cell on its own line */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labelled_reads_an_arxiv_listing_page),
        cmocka_unit_test(test_labelled_values_continue_on_the_next_lines),
        cmocka_unit_test(test_labelled_reads_other_label_sets),
        cmocka_unit_test(test_labelled_reads_german_and_french_labels),
        cmocka_unit_test(test_labelled_takes_the_unlabelled_title_after_an_id_line),
        cmocka_unit_test(test_labelled_reports_a_record_with_no_title_and_reads_the_rest),
        cmocka_unit_test(test_labelled_leaves_abs_files_and_pages_to_their_readers),
        cmocka_unit_test(test_labelled_reads_the_saved_html_of_a_listing_page),
        cmocka_unit_test(test_table_rows_keep_their_year_in_html_and_in_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
