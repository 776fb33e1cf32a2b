/*
 * test_shape.c — word and line shapes of copied pages: names against
 * titles, prose, date, year, venue and heading lines, and the one-line
 * classification the page sniffers rely on.
 */
#include <string.h>

#include "ingest/shape.h"
#include "testutil.h"

#define S(x) x, strlen(x)

static void test_shape_scores_names_above_titles(void **state) {
    (void)state;
    assert_true(pdx_shape__name_score(S("Helga K. Brandvold"), NULL) >= 1.5);
    assert_true(pdx_shape__name_score(S("K. Osei"), NULL) >= 1.5);
    assert_true(pdx_shape__name_score(S("Sean O hAodha"), NULL) >= 1.5);
    assert_true(pdx_shape__name_score(S("Marta van der Berg"), NULL) >= 1.5);
    assert_true(pdx_shape__name_score(S("Lin Shek-wai Ho"), NULL) >= 1.5);
    assert_true(pdx_shape__name_score(S("Jo'el Martin"), NULL) >= 1.5);
    assert_true(pdx_shape__name_score(S("Risks of Weaving in the dark"), NULL) < 0);
    assert_true(pdx_shape__name_score(S("Risk Bounds (RB)"), NULL) < 0);
    assert_true(pdx_shape__name_score(S("Madonna"), NULL) < 1.5);
}

static void test_shape_name_lines_hold_only_name_words(void **state) {
    (void)state;
    assert_true(pdx_shape__name_line(S("Tomas C. O'reilly"), NULL));
    assert_true(pdx_shape__name_line(S("Rafael da Silva"), NULL));
    assert_true(pdx_shape__name_line(S("JB Castellanos"), NULL));
    /* name-shaped words around a lower-case word: a title */
    assert_false(pdx_shape__name_line(S("Looms Don't Learn via Punched Cards"), NULL));
    assert_false(pdx_shape__name_line(S("A Closer Look at Sparse Codes"), NULL));
    assert_false(pdx_shape__name_line(S("Weaving Looms (WL)"), NULL));
    assert_false(pdx_shape__name_line(S("Madonna"), NULL));
    assert_false(pdx_shape__name_line(S("Ana Ruiz Q."), NULL));
    /* a suffix is no part of the name; organisations are no people */
    assert_true(pdx_shape__name_line(S("Martin Luther Weaver Jr."), NULL));
    assert_false(pdx_shape__name_line(S("Loom Institute"), NULL));
    assert_false(pdx_shape__name_line(S("Google Research"), NULL));
}

static void test_shape_org_lines_name_organisations(void **state) {
    (void)state;
    assert_true(pdx_shape__org_line(S("Valdoria Institute of Technology")));
    assert_true(pdx_shape__org_line(S("Université de Valdoria")));
    assert_false(pdx_shape__org_line(S("Ana Ruiz")));
    assert_false(pdx_shape__org_line(S("Research on looms is hard")));
}

static void test_shape_knows_name_shaped_words(void **state) {
    (void)state;
    assert_int_equal(pdx_shape__word(S("Zhi-Xuan")), PDX_WS_NAME);
    assert_int_equal(pdx_shape__word(S("T.Q.")), PDX_WS_INITIAL);
    assert_int_equal(pdx_shape__word(S("MacKay")), PDX_WS_PREFIXED);
    assert_int_equal(pdx_shape__word(S("de")), PDX_WS_PARTICLE);
    assert_int_equal(pdx_shape__word(S("via")), PDX_WS_LOWER);
    assert_int_equal(pdx_shape__word(S("CarloJack")), PDX_WS_CAMEL);
    assert_int_equal(pdx_shape__word(S("(RB)")), PDX_WS_OTHER);
}

static void test_shape_reads_date_and_year_lines(void **state) {
    (void)state;
    char d[16];
    assert_true(pdx_shape__date_line(S("2017-03-09"), d));
    assert_string_equal(d, "2017-03-09");
    assert_true(pdx_shape__date_line(S(" 2017-03 "), d));
    assert_string_equal(d, "2017-03");
    assert_true(pdx_shape__date_line(S("March 9, 2017"), d));
    assert_string_equal(d, "2017-03-09");
    assert_true(pdx_shape__date_line(S("9 Sept 2017"), d));
    assert_string_equal(d, "2017-09-09");
    assert_true(pdx_shape__date_line(S("July 2017"), d));
    assert_string_equal(d, "2017-07");
    assert_false(pdx_shape__date_line(S("2017-13-01"), d));
    assert_false(pdx_shape__date_line(S("2017"), d));
    assert_false(pdx_shape__date_line(S("Marching Bands of 2017"), d));
    assert_int_equal(pdx_shape__year_line(S("2017")), 2017);
    assert_int_equal(pdx_shape__year_line(S("1234")), 0);
    assert_int_equal(pdx_shape__year_line(S("2017-03")), 0);
    size_t cat;
    bool code;
    assert_true(pdx_shape__listing_date(S("CVMar 9, 2017Code"), &cat, d, &code));
    assert_int_equal(cat, 2);
    assert_true(code);
    assert_string_equal(d, "2017-03-09");
}

static void test_shape_reads_venue_lines_and_drops_the_status(void **state) {
    (void)state;
    size_t v;
    const char *l = "Proceedings of the 12th Workshop on Loom Weaving (published)";
    assert_true(pdx_shape__venue_line(S(l), &v));
    assert_int_equal(v, strlen("Proceedings of the 12th Workshop on Loom Weaving"));
    l = "Loom Weaving Symposium 2031 (accepted)";
    assert_true(pdx_shape__venue_line(S(l), &v));
    assert_int_equal(v, strlen("Loom Weaving Symposium 2031"));
    assert_true(pdx_shape__venue_line(S("Journal of Textile Computing"), &v));
    assert_false(pdx_shape__venue_line(S("Weaving Patterns for Sparse Looms"), &v));
    assert_true(pdx_shape__venue_line(S("International Conference on Looms"), &v));
    assert_true(pdx_shape__venue_line(S("Loom Workshop 2029"), &v));
    assert_false(pdx_shape__venue_line(S("A Workshop Guide to Sparse Looms"), &v));
    assert_false(pdx_shape__venue_line(S("We show that looms weave (published)… (see more)"), &v));
}

static void test_shape_recognises_publication_headings_only(void **state) {
    (void)state;
    assert_true(pdx_shape__heading(S("Publications")));
    assert_true(pdx_shape__heading(S("Selected Publications:")));
    assert_true(pdx_shape__heading(S("Recent papers (14)")));
    assert_false(pdx_shape__heading(S("Biography")));
    assert_false(pdx_shape__heading(S("Publications of the loom society are free")));
}

static void test_shape_knows_a_tables_column_headers(void **state) {
    (void)state;
    assert_true(pdx_shape__column_labels(S("Paper\tCitations\tYear")));
    assert_true(pdx_shape__column_labels(S("Name\tTimes cited")));
    /* a lone label, a row's title and names, a row's venue and numbers */
    assert_false(pdx_shape__column_labels(S("Paper Citations Year")));
    assert_false(pdx_shape__column_labels(S("Sparse Looms\tA Ruiz, B Chen")));
    assert_false(pdx_shape__column_labels(S("Loom Review, 2019\t152\t2019")));
    assert_false(pdx_shape__column_labels(S("Paper\tWe weave sparse cloth on small looms\tYear")));
}

static void test_shape_tells_prose_from_titles(void **state) {
    (void)state;
    const char *prose = "We weave sparse patterns on looms with few threads. Our method needs "
                        "no shuttle, and we show that it halves the time of weaving on three "
                        "looms of the museum.";
    assert_true(pdx_shape__prose(S(prose), 25));
    assert_false(pdx_shape__prose(S(prose), 60));
    assert_false(pdx_shape__title(S(prose)));
    assert_true(pdx_shape__title(S("Sparse Weaving: Fewer Threads, Same Cloth")));
    assert_true(pdx_shape__title(S("Looms vs. shuttles in the U.S. mills")));
    assert_true(pdx_shape__title(S("Is Weaving All You Need?")));
    assert_false(pdx_shape__title(S("weaving in lower case")));
    assert_false(pdx_shape__title(S("See https://example.org/looms")));
    assert_false(pdx_shape__title(S("Looms")));
}

/* Regression: titles of paper series ("… planets. IX. Exoplanets …"),
 * title-case titles of two parts, and titles opening with a quote or a
 * lower-case letter before a capital ("q-Deformed") were not titles, so
 * after an abstract they became the next entry's author or were lost. */
static void test_shape_takes_series_and_unusual_titles_as_titles(void **state) {
    (void)state;
    assert_true(pdx_shape__title(S("The Loom Survey of Northern Mills. IX. Shuttles of Three Valleys")));
    assert_true(pdx_shape__title(S("The Loom Survey of Northern Mills VIII. Warp Beams")));
    assert_true(pdx_shape__title(S("Dimers on woven graphs and spin structures. II")));
    assert_true(pdx_shape__title(S("Computable Weaving. Chapter 5: Factorization of Patterns")));
    assert_true(pdx_shape__title(S("Looms Without Shuttles. A Group Approach to Air Jets")));
    assert_true(pdx_shape__title(S("q-Deformed weaving models of cloth")));
    assert_true(pdx_shape__title(S("`Jacquard interferometry' with punched cards")));
    /* sentences stay prose */
    assert_false(pdx_shape__title(S("We weave cloth. Then we measure it")));
    assert_false(pdx_shape__title(S("weaving in lower case")));
    assert_int_equal(pdx_shape__word(S("J.-C.")), PDX_WS_INITIAL);
    assert_int_equal(pdx_shape__word(S("Ya.")), PDX_WS_INITIAL);
    assert_true(pdx_shape__name_line(S("J.-C. Raynal"), NULL));
    /* given names of two capitalised parts, initials run together */
    assert_true(pdx_shape__name_line(S("HongSheng Zhao"), NULL));
    assert_true(pdx_shape__name_line(S("R.B.Palmer"), NULL));
    assert_false(pdx_shape__name_line(S("GANs Learn Looms"), NULL));
}

static void test_shape_classifies_lines_without_context(void **state) {
    (void)state;
    assert_int_equal(pdx_shape__classify(S("  ")), PDX_LINE_BLANK);
    assert_int_equal(pdx_shape__classify(S("LGOct 2, 2019")), PDX_LINE_LISTING_DATE);
    assert_int_equal(pdx_shape__classify(S("2019-10-02")), PDX_LINE_DATE);
    assert_int_equal(pdx_shape__classify(S("2019")), PDX_LINE_YEAR);
    assert_int_equal(pdx_shape__classify(S("Publications")), PDX_LINE_HEADING);
    assert_int_equal(pdx_shape__classify(S("Journal of Textile Computing")), PDX_LINE_VENUE);
    assert_int_equal(pdx_shape__classify(S("Ana Ruiz … (see 12 more)")), PDX_LINE_NAME);
    assert_int_equal(pdx_shape__classify(S("Ana B. Ruiz")), PDX_LINE_NAME);
    assert_int_equal(pdx_shape__classify(S("Weaving with Sparse Looms on a Budget")),
                     PDX_LINE_TITLE);
    assert_int_equal(pdx_shape__classify(S("We weave sparse patter… (see more)ns on looms.")),
                     PDX_LINE_PROSE);
    assert_int_equal(pdx_shape__classify(S("{\"title\": \"x\"}")), PDX_LINE_OTHER);
}

/* Regression: lines of no words ("12 34 56", "zq7 ## 0x3f") were titles
 * on profile and stream pages, and author lines typed with a word in
 * lower case, an elided particle, a hyphenated initial or a surname in
 * capitals were no author lines (the name became a title). */
static void test_shape_titles_are_made_of_words(void **state) {
    (void)state;
    assert_false(pdx_shape__title(S("12 34 56")));
    assert_false(pdx_shape__title(S("zq7 ## 0x3f")));
    assert_false(pdx_shape__title(S("--- | --- | ---")));
    assert_false(pdx_shape__wordy(S("Xkcd Qwrt")));
    assert_true(pdx_shape__title(S("3D U-Net for MRI Segmentation")));
    assert_true(pdx_shape__title(S("CNN Features off the Shelf")));
    assert_true(pdx_shape__title(S("Ωmega Looms in Action")));
}

static void test_shape_reads_author_names_of_other_spellings(void **state) {
    (void)state;
    assert_true(pdx_shape__name_line(S("N.d'Ambrumenil"), NULL));
    assert_true(pdx_shape__name_line(S("Ulf-G. Meißner"), NULL));
    assert_true(pdx_shape__name_line(S("K-C. Chuang"), NULL));
    assert_true(pdx_shape__name_line(S("S.K. OH"), NULL));
    assert_true(pdx_shape__name_line(S("N.M. McClure-Griffiths"), NULL));
    assert_true(pdx_shape__loose_name(S("bob Smith")));
    assert_true(pdx_shape__loose_name(S("Xiao-Ming xu1,2")));
    assert_false(pdx_shape__loose_name(S("Looms in Winter")));
    assert_false(pdx_shape__loose_name(S("bob smith")));
    assert_false(pdx_shape__loose_name(S("Sparse Weaving with Fewer Threads")));
    size_t at[8], len[8];
    unsigned more;
    bool et_al;
    assert_int_equal(pdx_shape__author_parts(S("Sudha, A. V. Gopala Rao, A. R. Usha Devi and A. K. Rajagopal"),
                                             NULL, at, len, 8, &more, &et_al),
                     4);
    /* a title's list of nouns is no list of names */
    assert_int_equal(pdx_shape__author_parts(S("Warp, Weft and Loom Tension"), NULL, at, len, 8, &more, &et_al),
                     0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape_scores_names_above_titles),
        cmocka_unit_test(test_shape_name_lines_hold_only_name_words),
        cmocka_unit_test(test_shape_org_lines_name_organisations),
        cmocka_unit_test(test_shape_knows_name_shaped_words),
        cmocka_unit_test(test_shape_reads_date_and_year_lines),
        cmocka_unit_test(test_shape_reads_venue_lines_and_drops_the_status),
        cmocka_unit_test(test_shape_recognises_publication_headings_only),
        cmocka_unit_test(test_shape_knows_a_tables_column_headers),
        cmocka_unit_test(test_shape_tells_prose_from_titles),
        cmocka_unit_test(test_shape_takes_series_and_unusual_titles_as_titles),
        cmocka_unit_test(test_shape_classifies_lines_without_context),
        cmocka_unit_test(test_shape_titles_are_made_of_words),
        cmocka_unit_test(test_shape_reads_author_names_of_other_spellings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
