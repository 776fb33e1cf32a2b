/*
 * test_page.c — pages held in memory: consent banners and navigation
 * labels, the template shared by two pages of one ingest (found by the
 * prescan), and the rule that gives date and venue lines to records.
 */
#include <string.h>

#include "ingest/page.h"
#include "testutil.h"

#define S(x) x, strlen(x)

static void test_consent_lines_speak_about_cookies_to_the_reader(void **state) {
    (void)state;
    assert_true(pdx_page__consent_line(S("Functional cookies")));
    assert_true(pdx_page__consent_line(S("Do you allow cookies from video platforms?")));
    assert_true(pdx_page__consent_line(S("These cookies keep the site working.")));
    assert_true(pdx_page__consent_line(
        S("This website stores cookies on your computer to remember your choices and to count "
          "visits. You may refuse them at any time, although some parts of the site may then stop "
          "working. See our privacy policy for details.")));
    /* an abstract about cookies does not address the reader */
    assert_false(pdx_page__consent_line(
        S("We measure how third-party cookies follow readers across 400 news websites over two "
          "years, and find that tracking cookies set by a few advertising networks reach most "
          "readers; the share of sites that ask for consent rose from a tenth to a half.")));
    assert_false(pdx_page__consent_line(S("Accept all")));
    assert_false(pdx_page__consent_line(S("Sparse Weaving with Fewer Threads")));
}

/* Regression: chrome was found in English only and by its words: "Follow
 * us on Mastodon" and cookie buttons in German and French ("Alle
 * akzeptieren", "Tout refuser") became papers or lines not understood.
 * These lines are in languages and of sites the page generator does not
 * show. */
static void test_labels_and_consent_lines_in_the_eus_languages(void **state) {
    (void)state;
    assert_non_null(pdx_page__label_line(S("Síguenos en Mastodon")));
    assert_non_null(pdx_page__label_line(S("Volg ons op LinkedIn")));
    assert_non_null(pdx_page__label_line(S("Suivez-nous sur Bluesky")));
    assert_non_null(pdx_page__label_line(S("Share on Facebook")));
    assert_null(pdx_page__label_line(S("Sentiment Analysis on Twitter")));
    assert_null(pdx_page__label_line(S("Predicting Elections with Twitter Data")));
    assert_true(pdx_page__consent_line(
        S("Utilizamos cookies propias y de terceros para analizar la navegación y personalizar su "
          "experiencia en nuestro sitio web.")));
    assert_true(pdx_page__consent_line(
        S("Utilizziamo i cookie per analizzare il traffico del sito e personalizzare la tua esperienza.")));
    /* buttons only next to a banner */
    assert_true(pdx_page__chrome_text(S("Rechazar todo"), true));
    assert_true(pdx_page__chrome_text(S("Accetta tutti"), true));
    assert_true(pdx_page__chrome_text(S("Alles weigeren"), true));
    assert_false(pdx_page__chrome_text(S("Rechazar todo"), false));
    assert_false(pdx_page__chrome_text(S("Parameter Estimation"), true));
    assert_false(pdx_page__chrome_text(S("Risk Management for Looms"), true));
}

/* Opens `path` as an input with `know` as the ingest's knowledge. */
static pdx_input *open_page(const char *path, pdx_read_ctx *ctx, pdx_ingest_knowledge *know) {
    pdx_input *in = NULL;
    char *err = NULL;
    assert_int_equal(pdx_input__open(&in, path, &err), PDX_OK);
    *ctx = (pdx_read_ctx){path, in, know, NULL, NULL, NULL, NULL};
    return in;
}

static void prescan(const char *path, pdx_ingest_knowledge *know) {
    pdx_read_ctx ctx;
    pdx_input *in = open_page(path, &ctx, know);
    assert_int_equal(pdx_page__prescan(&ctx), PDX_OK);
    pdx_input__close(in);
}

static void load(pdx_page *pg, const char *path, pdx_ingest_knowledge *know) {
    pdx_read_ctx ctx;
    pdx_input *in = open_page(path, &ctx, know);
    assert_int_equal(pdx_page__load(pg, &ctx), PDX_OK);
    pdx_input__close(in);
}

static void free_know(pdx_ingest_knowledge *k) {
    pdx_map__free(&k->given);
    pdx_map__free(&k->surname);
    pdx_map__free(&k->page_lines);
    pdx_map__free(&k->pages);
}

/* The chrome flags of lines first..last (1-based), as a string of 0/1. */
static void chrome_of(const pdx_page *pg, size_t first, size_t last, char *out) {
    for (size_t no = first; no <= last; no++)
        *out++ = pg->lines[no - 1].chrome ? '1' : '0';
    *out = '\0';
}

static void test_one_page_loses_its_consent_banner_and_labels(void **state) {
    (void)state;
    pdx_ingest_knowledge know = {0};
    pdx_page pg;
    load(&pg, t_path("stream/lab-a.txt"), &know);
    assert_int_equal(pg.n, 22);
    char flags[32];
    /* lines 1-7: navigation, a date and news, unknown as template on one
     * page; 8-15: the banner, its inner label (14) and its button (15) */
    chrome_of(&pg, 1, 15, flags);
    assert_string_equal(flags, "000000011111111");
    /* the abstract about cookies stays; the copyright line goes */
    assert_false(pg.lines[15].chrome);
    assert_true(pg.lines[21].chrome);
    assert_false(pg.lines[20].chrome); /* the address: not known as template */
    pdx_page__free(&pg);
    free_know(&know);
}

/* Regressions: a page's own date line inside the shared header ended the
 * run of template lines, and the shared news after it stayed; and an
 * abstract that a profile page shows too was taken for template. */
static void test_two_pages_of_one_site_lose_their_shared_template(void **state) {
    (void)state;
    pdx_ingest_knowledge know = {0};
    prescan(t_path("stream/lab-a.txt"), &know);
    prescan(t_path("stream/lab-b.txt"), &know);
    prescan(t_path("stream/lab-b.txt"), &know); /* a page given twice counts once */
    pdx_page pg;
    load(&pg, t_path("stream/lab-a.txt"), &know);
    char flags[32];
    chrome_of(&pg, 1, 22, flags);
    /* the header 1-15 and the footer 21-22 are template, but for the
     * page's own date line (4) in the header; 16-20 are content */
    assert_string_equal(flags, "1110111111111110000011");
    pdx_page__free(&pg);
    prescan(t_path("profile/ruiz.txt"), &know);
    load(&pg, t_path("stream/lab-b.txt"), &know);
    /* the heading ends the header */
    assert_false(pg.lines[14].chrome);
    assert_true(pg.lines[13].chrome);
    /* the last abstract is on the profile page too, with other
     * neighbours: content, though it lies in the footer zone */
    assert_false(pg.lines[21].chrome);
    assert_true(pg.lines[22].chrome);
    pdx_page__free(&pg);
    free_know(&know);
}

static void test_a_page_given_twice_has_no_template(void **state) {
    (void)state;
    pdx_ingest_knowledge know = {0};
    prescan(t_path("stream/lab-a.txt"), &know);
    prescan(t_path("stream/lab-a.txt"), &know);
    pdx_page pg;
    load(&pg, t_path("stream/lab-a.txt"), &know);
    assert_false(pg.lines[0].chrome);
    assert_false(pg.lines[3].chrome);
    pdx_page__free(&pg);
    free_know(&know);
}

static void test_the_prose_vocabulary_tells_titles_from_names(void **state) {
    (void)state;
    pdx_ingest_knowledge know = {0};
    pdx_page pg;
    load(&pg, t_path("profile/ruiz.txt"), &know);
    assert_int_equal(pdx_page__common_words(&pg, S("Weaving Neural Patterns")), 3);
    assert_int_equal(pdx_page__common_words(&pg, S("Helga Brandvold")), 0);
    pdx_page__free(&pg);
    free_know(&know);
}

static pdx_paper *paper(const char *title) {
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    pdx_paper__set_title(&st, p, title, strlen(title));
    assert_int_equal(st, PDX_OK);
    return p;
}

static void test_dates_and_venues_go_to_the_record_above_else_below(void **state) {
    (void)state;
    pdx_page_entries e = {0};
    pdx_status st = PDX_OK;
    /* a date first in its section waits for the next record */
    pdx_page__entry_date(&st, &e, "2031-01-09");
    assert_int_equal(pdx_page__entry_add(&e, paper("First Record")), PDX_OK);
    assert_string_equal(pdx_paper_date(e.v[0]), "2031-01-09");
    /* the record above has a date already: the next one gets this one */
    pdx_page__entry_date(&st, &e, "2031-02-02");
    pdx_page__entry_venue(&st, &e, S("Workshop on Looms"));
    assert_string_equal(pdx_paper_venue(e.v[0]), "Workshop on Looms");
    assert_int_equal(pdx_page__entry_add(&e, paper("Second Record")), PDX_OK);
    assert_string_equal(pdx_paper_date(e.v[1]), "2031-02-02");
    assert_null(pdx_paper_venue(e.v[1]));
    /* a year line starts a section and dates the records after it */
    pdx_page__entry_section(&e, 2028);
    pdx_page__entry_venue(&st, &e, S("Loom Journal"));
    assert_int_equal(pdx_page__entry_add(&e, paper("Third Record")), PDX_OK);
    assert_int_equal(e.v[2]->year, 2028);
    assert_string_equal(pdx_paper_venue(e.v[2]), "Loom Journal");
    pdx_page__entry_date(&st, &e, "2029-03-03");
    assert_string_equal(pdx_paper_date(e.v[2]), "2029-03-03");
    assert_int_equal(st, PDX_OK);
    /* handing out */
    pdx_paper *p;
    pdx_page__entry_next(&e, &p);
    assert_string_equal(pdx_paper_title(p), "First Record");
    pdx_paper_free(p);
    pdx_page__entries_free(&e);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_consent_lines_speak_about_cookies_to_the_reader),
        cmocka_unit_test(test_one_page_loses_its_consent_banner_and_labels),
        cmocka_unit_test(test_two_pages_of_one_site_lose_their_shared_template),
        cmocka_unit_test(test_a_page_given_twice_has_no_template),
        cmocka_unit_test(test_the_prose_vocabulary_tells_titles_from_names),
        cmocka_unit_test(test_dates_and_venues_go_to_the_record_above_else_below),
        cmocka_unit_test(test_labels_and_consent_lines_in_the_eus_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
