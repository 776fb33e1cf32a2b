/*
 * test_profile.c — the profile-page reader: the owner found in the header
 * and implied on every paper, author lines with "(see N more)", titles
 * shaped like names, repeated entries, date and venue lines, stray lines
 * that are not papers, a bad line, a citation profile's table rows (its
 * header row, single-author rows, venue lines); and, when ../shared is
 * there, the user's own profile page, paper by paper.
 */
#include <string.h>

#include "paper.h"
#include "testutil.h"

static void test_profile_reads_one_record_per_paper_and_no_stray_lines(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("profile/ruiz.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.diags, 0);
    /* six papers; the header, "Contact" and "Back to top" are none */
    assert_int_equal(r.n, 6);
    for (size_t i = 0; i < r.n; i++)
        assert_string_equal(pdx_paper_format(r.v[i]), "profile");
    t_find(&r, "Open Standards for Shared Loom Archives");
    t_find(&r, "Sparse Weaving with Fewer Threads");
    t_find(&r, "Thread Tension in Hand Looms Under Humid Weather");
    t_find(&r, "Weaving Neural Patterns");
    t_find(&r, "Loom Memory Revisited");
    t_find(&r, "Shuttle Timing for Dense Cloth");
    t_records_free(&r);
}

static void test_profile_owner_is_implied_unless_listed_under_a_variant(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("profile/ruiz.txt"), NULL);
    const pdx_paper *p = t_find(&r, "Weaving Neural Patterns");
    t_assert_authors(p, (const char *[]){"Ana Beatriz Ruiz", NULL});
    assert_int_equal(pdx_paper_author_flags(p, 0), PDX_AUTHOR_IMPLIED);
    /* "Ana Ruiz" in the list is the owner: not added again */
    p = t_find(&r, "Shuttle Timing for Dense Cloth");
    t_assert_authors(p, (const char *[]){"Ana Ruiz", "Jonas Okafor", NULL});
    assert_int_equal(pdx_paper_author_flags(p, 0), 0);
    t_records_free(&r);
}

static void test_profile_author_lines_continue_after_see_n_more(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("profile/ruiz.txt"), NULL);
    const pdx_paper *p = t_find(&r, "Open Standards for Shared Loom Archives");
    t_assert_authors(p, (const char *[]){"Helga Brandvold", "Tomasz O'Reilly-Wu",
                                       "Marta van der Berg", "K. Osei", "Lin Shek-wai Ho",
                                       "JB Castellanos", "Priya Raghunathan", "Sean O hAodha",
                                       "Emil D. Fontaine", "Ana Beatriz Ruiz", NULL});
    assert_int_equal(pdx_paper_author_flags(p, 9), PDX_AUTHOR_IMPLIED);
    /* five more promised, three shown */
    assert_true(pdx_paper_authors_truncated(p));
    assert_null(pdx_paper_abstract(p));
    t_records_free(&r);
}

static void test_profile_name_shaped_title_after_a_title_is_a_title(void **state) {
    (void)state;
    /* "Weaving Neural Patterns" follows a title line, where author lines
     * go, and has the shape of a name; its words are the page's prose */
    t_records r;
    t_parse(&r, NULL, t_path("profile/ruiz.txt"), NULL);
    const pdx_paper *p = t_find(&r, "Thread Tension in Hand Looms Under Humid Weather");
    t_assert_authors(p, (const char *[]){"Ana Beatriz Ruiz", NULL});
    assert_null(pdx_paper_abstract(p));
    p = t_find(&r, "Weaving Neural Patterns");
    assert_non_null(strstr(pdx_paper_abstract(p), "such neural patterns"));
    t_records_free(&r);
}

static void test_profile_repeated_entries_become_one_record(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("profile/ruiz.txt"), NULL);
    /* title ×3, abstract, title again: one record, two entries' sources */
    const pdx_paper *p = t_find(&r, "Loom Memory Revisited");
    assert_int_equal(pdx_paper_source_count(p), 2);
    assert_non_null(strstr(pdx_paper_source(p, 0), "profile/ruiz.txt:34"));
    assert_non_null(strstr(pdx_paper_source(p, 1), "profile/ruiz.txt:38"));
    t_records_free(&r);
}

static void test_profile_splices_abstracts_and_attaches_dates_and_venues(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("profile/ruiz.txt"), NULL);
    const pdx_paper *p = t_find(&r, "Sparse Weaving with Fewer Threads");
    assert_non_null(strstr(pdx_paper_abstract(p), "error-correcting patterns, and"));
    assert_false(pdx_paper_abstract_truncated(p));
    /* a title-only line repeating it adds a source, not a record */
    assert_int_equal(pdx_paper_source_count(p), 2);
    p = t_find(&r, "Loom Memory Revisited");
    assert_non_null(strstr(pdx_paper_abstract(p), "cloths and with its square root"));
    /* the date and venue lines after an abstract are that paper's */
    p = t_find(&r, "Shuttle Timing for Dense Cloth");
    assert_string_equal(pdx_paper_date(p), "2029-11-02");
    assert_int_equal(pdx_paper_year(p), 2029);
    assert_string_equal(pdx_paper_venue(p), "Proceedings of the 4th Workshop on Loom Science");
    t_records_free(&r);
}

static void test_profile_reads_mononyms_suffixes_affiliations_and_short_abstracts(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("profile/okafor.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 2);
    /* "Mausam" alone on a line, before more author lines; "Jr." */
    const pdx_paper *p = t_find(&r, "Warp Beam Scheduling Revisited");
    t_assert_authors(p, (const char *[]){"Mausam", "Jonas Okafor", "Martin Luther Weaver Jr.", NULL});
    assert_string_equal(pdx_paper_abstract(p), "We schedule warp beams greedily and lose little.");
    /* an organisation among the author lines is an affiliation; the
     * owner, named by the page's first line, is implied */
    p = t_find(&r, "Weft Insertion by Air Jets");
    t_assert_authors(p, (const char *[]){"Priya Raghunathan", "Jonas Okafor", NULL});
    assert_int_equal(pdx_paper_author_flags(p, 1), PDX_AUTHOR_IMPLIED);
    assert_int_equal(pdx_paper_affiliation_count(p), 1);
    assert_string_equal(pdx_paper_affiliation(p, 0), "Valdoria Institute");
    assert_non_null(strstr(pdx_paper_abstract(p), "shaping the nozzle"));
    t_records_free(&r);
}

/* Regression: on pages of other sites, an author line "and Lena
 * Sorensen" (the last author alone), footnote marks ("Ferreira1,2",
 * "Brandvold*"), a list on one line and an affiliation line naming a
 * place ("ETH Zurich, …") were not author lines, and a "Publications"
 * entry of the site's menu made the biography a paper. */
static void test_profile_reads_author_layouts_of_other_sites(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("profile/layouts.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 5);
    const pdx_paper *p = t_find(&r, "Warp Tension in Hand Looms. II. Drift over a Day");
    t_assert_authors(p, (const char *[]){"Odile Brandvold", "Kwame Asante", "Lena Sorensen", NULL});
    p = t_find(&r, "Shuttle Speed and Pick Width");
    t_assert_authors(p, (const char *[]){"Tomas Ferreira", "Odile Brandvold", "Igor Ya. Petrenko", NULL});
    p = t_find(&r, "Punched Cards That Last");
    t_assert_authors(p, (const char *[]){"Mira Okonkwo", "Odile Brandvold", "Sven Lindqvist", NULL});
    assert_int_equal(pdx_paper_affiliation_count(p), 1);
    assert_non_null(strstr(pdx_paper_abstract(p), "spreads the reading"));
    /* initials run together; a preview's rest on its own line, starting
     * a sentence */
    p = t_find(&r, "Heddle Counts on Village Looms");
    t_assert_authors(p, (const char *[]){"R.B.Oderkirk", "Yu.S.Kalashnikova", "Odile Brandvold", NULL});
    assert_non_null(strstr(pdx_paper_abstract(p), "the village sells. The count also tells"));
    /* a short abstract whose last period follows a short word */
    p = t_find(&r, "Warp Sizing Compared");
    assert_non_null(pdx_paper_abstract(p));
    t_records_free(&r);
}

/* Regression: a profile page whose papers each have one author was
 * sniffed as a stream (no run of author lines), and a short preview cut
 * before its link ("… of the Euclide…") became the next entry's title. */
static void test_profile_with_single_authors_and_a_cut_preview(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("profile/single-authors.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 3);
    const pdx_paper *p = t_find(&r, "Warp Beams of Village Looms Compared");
    assert_string_equal(pdx_paper_format(p), "profile");
    assert_string_equal(pdx_paper_author(p, 0), "Ines Halvorsen");
    p = t_find(&r, "Heddles in the Loom of the Euclid Mill");
    assert_non_null(pdx_paper_abstract(p));
    assert_true(pdx_paper_abstract_truncated(p));
    t_records_free(&r);
}

static void test_profile_reports_a_bad_line_and_reads_the_rest(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("profile/bad-utf8.txt"), NULL);
    assert_int_equal(r.diags, 1);
    assert_non_null(strstr(r.last_diag, "bad-utf8.txt:8:"));
    assert_int_equal(r.n, 2);
    const pdx_paper *p = t_find(&r, "A Second Paper on Weft Density");
    assert_non_null(strstr(pdx_paper_abstract(p), "weft density"));
    t_assert_authors(p, (const char *[]){"Mira Castellanos", NULL});
    t_records_free(&r);
}

static void test_profile_format_can_be_forced(void **state) {
    (void)state;
    /* a stream page read as a profile page: every record says so */
    t_records r;
    t_parse(&r, "profile", t_path("stream/lab-b.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_true(r.n > 0);
    for (size_t i = 0; i < r.n; i++)
        assert_string_equal(pdx_paper_format(r.v[i]), "profile");
    t_records_free(&r);
}

/* ---- the user's own profile page ----------------------------------------- */

/* Lines of the seed pages never go into the repository whole: titles are
 * split across string literals. */

static void test_the_users_profile_page_gives_one_correct_record_per_paper(void **state) {
    (void)state;
    const char *seed = t_shared_path("seeds/000_44fa4f5d0f632934.txt");
    if (!seed) {
        print_message("../shared is absent: skipping the seed profile page\n");
        skip();
    }
    t_records r;
    t_parse(&r, NULL, seed, NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.diags, 0);
    /* Counted by hand: six papers (two listed twice, one four times). */
    assert_int_equal(r.n, 6);
    for (size_t i = 0; i < r.n; i++) {
        const pdx_paper *p = r.v[i];
        assert_string_equal(pdx_paper_format(p), "profile");
        /* the owner is on every paper, implied: the page never lists him */
        size_t last = pdx_paper_author_count(p) - 1;
        assert_string_equal(pdx_paper_author(p, last), "David Scott Krueger");
        assert_int_equal(pdx_paper_author_flags(p, last), PDX_AUTHOR_IMPLIED);
        assert_false(pdx_paper_title_derived(p));
        assert_null(pdx_paper_date(p));
        assert_null(pdx_paper_category(p));
        assert_false(pdx_paper_code(p));
        assert_int_equal(pdx_paper_affiliation_count(p), 0);
    }
    const pdx_paper *p =
        t_find(&r, "Toward Trustworthy AI Development: "
                 "Mechanisms for Supporting Verifiable Claims");
    /* 18 names, "(see 39 more)", then 36 more names: 54, and cut */
    assert_int_equal(pdx_paper_author_count(p), 55);
    assert_string_equal(pdx_paper_author(p, 0), "Miles Brundage");
    assert_string_equal(pdx_paper_author(p, 7), "H. Toner");
    assert_string_equal(pdx_paper_author(p, 17), "Th'eo Ryffel");
    assert_string_equal(pdx_paper_author(p, 18), "JB Rubinovitz");
    assert_string_equal(pdx_paper_author(p, 38), "Sean O hEigeartaigh");
    assert_string_equal(pdx_paper_author(p, 53), "Markus Anderljung");
    assert_true(pdx_paper_authors_truncated(p));
    assert_null(pdx_paper_abstract(p));

    p = t_find(&r, "Out-of-Distribution Generalization "
                 "via Risk Extrapolation (REx)");
    assert_int_equal(pdx_paper_author_count(p), 1);
    assert_non_null(strstr(pdx_paper_abstract(p), "A weak form of out-of-distribution (OoD)"));
    assert_null(strstr(pdx_paper_abstract(p), "see more"));
    assert_false(pdx_paper_abstract_truncated(p));
    assert_false(pdx_paper_authors_truncated(p));

    p = t_find(&r, "Neural Autoregressive "
                 "Flows");
    assert_int_equal(pdx_paper_source_count(p), 2);
    assert_non_null(strstr(pdx_paper_abstract(p), "via Masked Autoregressive Flows"));

    p = t_find(&r, "Bayesian "
                 "Hypernetworks");
    assert_int_equal(pdx_paper_author_count(p), 1);
    assert_int_equal(pdx_paper_source_count(p), 3);
    assert_non_null(strstr(pdx_paper_abstract(p), "a neural network which learns"));

    p = t_find(&r, "A Closer Look at Memorization "
                 "in Deep Networks");
    assert_int_equal(pdx_paper_source_count(p), 2);
    assert_non_null(strstr(pdx_paper_abstract(p), "While deep networks are capable"));

    p = t_find(&r, "Deep Nets Don't Learn "
                 "via Memorization");
    assert_non_null(strstr(pdx_paper_abstract(p), "in spite of overlyexpressive model"));
    t_records_free(&r);
}

/* Regression: a profile page's chrome became papers ("Follow us on
 * Mastodon" after the last entry, a consent banner in another language
 * taken as the first title), a stray line of no words before a title took
 * its authors, and author lines typed "oskar Berg", "N.d'Ambrumenil",
 * "Ulf-G. Meißner1,2", "and S.K. OH" were dropped or became titles. */
static void test_profile_leaves_chrome_of_other_sites_and_reads_odd_author_lines(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("profile/chrome-footer.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 3);
    t_assert_authors(t_find(&r, "Warp Tension Drift over a Weaving Day. III. Evening Shifts"),
                   (const char *[]){"Carla Diaz", "Dmitri Orlov", "Pia Lindgren", NULL});
    t_assert_authors(t_find(&r, "Shuttle Speed and Pick Width"),
                   (const char *[]){"Pia Lindgren", "oskar Berg", NULL});
    t_assert_authors(t_find(&r, "Heddle Wear on Old Looms"),
                   (const char *[]){"N.d'Ambrumenil", "Ulf-G. Meißner", "S.K. OH", "Pia Lindgren", NULL});
    t_records_free(&r);
}

/* A citation profile copied as text (tests/data/profile/table-header.txt):
 * a header row of column labels, rows of title, authors, venue and year. */
static void read_table(t_records *r) {
    t_parse(r, NULL, t_path("profile/table-header.txt"), NULL);
    assert_int_equal(r->st, PDX_OK);
    assert_int_equal(r->diags, 0);
}

/* The header row ("Paper⇥Citations⇥Year") was a paper, the first row's
 * title its author line, and the role line above it a paper too. */
static void test_profile_table_column_headers_are_no_paper(void **state) {
    (void)state;
    t_records r;
    read_table(&r);
    assert_int_equal(r.n, 5);
    for (size_t i = 0; i < r.n; i++) {
        assert_null(strstr(pdx_paper_title(r.v[i]), "Citations"));
        assert_null(strstr(pdx_paper_title(r.v[i]), "Professor"));
    }
    const pdx_paper *p = t_find(&r, "Sparse Weaving with Fewer Threads");
    t_assert_authors(p, (const char *[]){"A Ruiz", "B Chen", "C Diaz", NULL});
    assert_int_equal(pdx_paper_year(p), 2019);
    t_records_free(&r);
}

/* A title, one author, then the row's venue and cells: the title ends
 * in a period, so only its row makes it one; it was a stray line, the
 * author a lone title and the venue line a paper of its own. */
static void test_profile_table_row_with_a_single_author(void **state) {
    (void)state;
    t_records r;
    read_table(&r);
    const pdx_paper *p = t_find(&r, "Shuttles Thrown by Hand: A Field Study.");
    t_assert_authors(p, (const char *[]){"Dmitri Orlov", "Ana Ruiz", NULL});
    assert_string_equal(pdx_paper_venue(p), "Textile Letters");
    assert_int_equal(pdx_paper_year(p), 2020);
    assert_null(t_find_title(&r, "Textile Letters, 2020\t7\t2020"));
    t_records_free(&r);
}

/* A venue and year with no author line after it goes to the title above
 * (whose authors are missing), never starts a paper. */
static void test_profile_venue_and_year_without_authors_is_the_venue_above(void **state) {
    (void)state;
    t_records r;
    read_table(&r);
    const pdx_paper *p = t_find(&r, "Loom Memory Revisited");
    assert_string_equal(pdx_paper_venue(p), "Textile Physics B 12, 034501");
    assert_int_equal(pdx_paper_year(p), 2021);
    assert_null(t_find_title(&r, "Textile Physics B 12, 034501, 2021"));
    t_records_free(&r);
}

/* A venue line ending in a year, then a name-shaped title ("Warp Looms,
 * Heddles and Shuttle Frames") and its author line: the venue ends the
 * row above; it is no title whose authors follow. */
static void test_profile_venue_line_before_a_name_shaped_title_ends_its_row(void **state) {
    (void)state;
    t_records r;
    read_table(&r);
    const pdx_paper *p = t_find(&r, "Warp Tension in Hand Looms");
    assert_string_equal(pdx_paper_venue(p), "Transactions of the Royal Society of Loom Science 12 (2), 112-119");
    assert_int_equal(pdx_paper_year(p), 2022);
    p = t_find(&r, "Warp Looms, Heddles and Shuttle Frames");
    t_assert_authors(p, (const char *[]){"K Tanabe", "A Ruiz", NULL});
    assert_int_equal(pdx_paper_year(p), 2023);
    t_records_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profile_reads_one_record_per_paper_and_no_stray_lines),
        cmocka_unit_test(test_profile_owner_is_implied_unless_listed_under_a_variant),
        cmocka_unit_test(test_profile_author_lines_continue_after_see_n_more),
        cmocka_unit_test(test_profile_name_shaped_title_after_a_title_is_a_title),
        cmocka_unit_test(test_profile_repeated_entries_become_one_record),
        cmocka_unit_test(test_profile_splices_abstracts_and_attaches_dates_and_venues),
        cmocka_unit_test(test_profile_reads_mononyms_suffixes_affiliations_and_short_abstracts),
        cmocka_unit_test(test_profile_reads_author_layouts_of_other_sites),
        cmocka_unit_test(test_profile_with_single_authors_and_a_cut_preview),
        cmocka_unit_test(test_profile_reports_a_bad_line_and_reads_the_rest),
        cmocka_unit_test(test_profile_format_can_be_forced),
        cmocka_unit_test(test_profile_table_column_headers_are_no_paper),
        cmocka_unit_test(test_profile_table_row_with_a_single_author),
        cmocka_unit_test(test_profile_venue_and_year_without_authors_is_the_venue_above),
        cmocka_unit_test(test_profile_venue_line_before_a_name_shaped_title_ends_its_row),
        cmocka_unit_test(test_profile_leaves_chrome_of_other_sites_and_reads_odd_author_lines),
        cmocka_unit_test(test_the_users_profile_page_gives_one_correct_record_per_paper),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
