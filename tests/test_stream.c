/*
 * test_stream.c — the abstract-stream reader: chrome removed (consent
 * banners and labels on any page, the template shared by two pages of one
 * ingest), one record per abstract with a derived title, title lines with
 * and without their abstract, date, venue and year lines, previews merged
 * with full abstracts, records merged across listing, profile and stream
 * pages; and, when ../shared is there, the user's own streams and all four
 * seed pages together.
 */
#include <string.h>

#include "paper.h"
#include "testutil.h"

/* The record whose abstract starts with `start`, or NULL. */
static const pdx_paper *find_abstract(const t_records *r, const char *start) {
    for (size_t i = 0; i < r->n; i++) {
        const char *a = pdx_paper_abstract(r->v[i]);
        if (a && strncmp(a, start, strlen(start)) == 0)
            return r->v[i];
    }
    print_message("no record whose abstract starts \"%s\"\n", start);
    return NULL;
}

/* True when some record holds `text` in its title or abstract. */
static bool any_record_says(const t_records *r, const char *text) {
    for (size_t i = 0; i < r->n; i++) {
        const char *a = pdx_paper_abstract(r->v[i]);
        if (strstr(pdx_paper_title(r->v[i]), text) || (a && strstr(a, text)))
            return true;
    }
    return false;
}

static void test_stream_two_pages_of_one_site_give_only_their_papers(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("stream/lab-a.txt"), t_path("stream/lab-b.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.diags, 0);
    /* a: cookie study, jacquard chains, double cloth (preview);
     * b: guidelines (title only), double cloth (full), card punching,
     *    shuttle timing */
    assert_int_equal(r.n, 6);
    for (size_t i = 0; i < r.n; i++)
        assert_string_equal(pdx_paper_format(r.v[i]), "stream");
    /* nothing of the shared header, banner and footer */
    assert_false(any_record_says(&r, "conservation wing"));
    assert_false(any_record_says(&r, "Weaving Week"));
    assert_false(any_record_says(&r, "Spindle Street"));
    assert_false(any_record_says(&r, "stores cookies"));
    assert_false(any_record_says(&r, "Video Embeds"));
    /* an abstract about cookies is a paper, not a banner */
    const pdx_paper *p = find_abstract(&r, "We measure how third-party cookies");
    assert_non_null(p);
    assert_true(pdx_paper_title_derived(p));
    t_records_free(&r);
}

static void test_stream_one_page_alone_keeps_only_what_it_can_tell(void **state) {
    (void)state;
    /* Alone, a page has no template to compare with: the banner and the
     * labels go, short news items and headlines before the first abstract
     * go, but a news item long enough to be an abstract stays (its sibling
     * page removes it, see above).  The footer address after the last
     * abstract is no paper. */
    t_records r;
    t_parse(&r, NULL, t_path("stream/lab-a.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_false(any_record_says(&r, "stores cookies"));
    assert_false(any_record_says(&r, "Spindle Street"));
    assert_false(any_record_says(&r, "Volunteers from twelve"));
    assert_true(any_record_says(&r, "conservation wing"));
    assert_non_null(find_abstract(&r, "We measure how third-party cookies"));
    t_records_free(&r);
}

static void test_stream_abstracts_get_derived_titles_dates_and_venues(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("stream/lab-a.txt"), t_path("stream/lab-b.txt"), NULL);
    const pdx_paper *p = find_abstract(&r, "Jacquard looms read their patterns");
    assert_non_null(p);
    assert_true(pdx_paper_title_derived(p));
    assert_string_equal(pdx_paper_title(p), "Jacquard looms read their patterns from chains of "
                                            "punched cards.");
    assert_non_null(strstr(pdx_paper_abstract(p), "two museum looms that"));
    /* the date and venue lines under it are its own */
    assert_string_equal(pdx_paper_date(p), "2030-04-17");
    assert_int_equal(pdx_paper_year(p), 2030);
    assert_string_equal(pdx_paper_venue(p), "Proceedings of the 9th Conference on Textile Machines");
    /* a year line dates the abstracts after it */
    p = find_abstract(&r, "We time the shuttle");
    assert_non_null(p);
    assert_int_equal(pdx_paper_year(p), 2028);
    assert_null(pdx_paper_date(p));
    t_records_free(&r);
}

static void test_stream_title_lines_bind_only_to_related_abstracts(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("stream/lab-b.txt"), NULL);
    /* "Guidelines …" sits before an unrelated abstract: a record alone,
     * dated by the date line that came first after the heading */
    const pdx_paper *p = t_find(&r, "Guidelines for Sharing Loom Pattern Archives");
    assert_null(pdx_paper_abstract(p));
    assert_false(pdx_paper_title_derived(p));
    assert_string_equal(pdx_paper_date(p), "2031-01-09");
    /* "Card Punching Errors …" shares words with the abstract under it */
    p = t_find(&r, "Card Punching Errors in Jacquard Looms");
    assert_non_null(p);
    assert_non_null(strstr(pdx_paper_abstract(p), "We count card punching errors"));
    t_records_free(&r);
}

/* Regression: an abstract whose "(see more)" link was itself cut by the
 * copy ("… (see mo") kept the marker's remains, and a preview whose rest
 * the copy put on the next line made the rest a paper of its own; three
 * bare date lines ("Apr 3, 2030") made the page sniff as a listing. */
static void test_stream_cut_markers_and_a_rest_on_the_next_line(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("stream/cut-markers.txt"), NULL);
    assert_int_equal(r.n, 4);
    /* a footer after a cut preview is not its rest */
    assert_false(any_record_says(&r, "rights reserved"));
    const pdx_paper *p = find_abstract(&r, "Warp tension in hand looms");
    assert_non_null(p);
    assert_true(pdx_paper_abstract_truncated(p));
    assert_non_null(strstr(pdx_paper_abstract(p), "as evenly as experts"));
    assert_null(strstr(pdx_paper_abstract(p), "(see"));
    assert_null(strstr(pdx_paper_abstract(p), "\xE2\x80\xA6"));
    p = find_abstract(&r, "Shuttles thrown by hand");
    assert_non_null(p);
    assert_non_null(strstr(pdx_paper_abstract(p), "speed of the throw, so that a loom"));
    assert_false(pdx_paper_abstract_truncated(p));
    assert_string_equal(pdx_paper_date(p), "2030-04-03");
    p = find_abstract(&r, "Punched cards wear");
    assert_non_null(p);
    assert_true(pdx_paper_abstract_truncated(p));
    assert_non_null(strstr(pdx_paper_abstract(p), "chain of cards"));
    assert_null(strstr(pdx_paper_abstract(p), "\xE2\x80\xA6"));
    assert_string_equal(pdx_paper_format(p), "stream");
    t_records_free(&r);
}

/* Regression: "Publications" in the site's menu counted as the list's
 * heading, so the news headline after it became a paper; an abstract of
 * 25 to 39 words followed by its date line was dropped as too short. */
static void test_stream_menu_heading_and_short_abstracts(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("stream/menu-news.txt"), NULL);
    assert_false(any_record_says(&r, "weaving hall"));
    assert_int_equal(r.n, 3);
    const pdx_paper *p = find_abstract(&r, "Shuttles thrown by hand");
    assert_non_null(p);
    assert_string_equal(pdx_paper_date(p), "2030-04-03");
    t_records_free(&r);
}

static void test_stream_preview_merges_with_the_full_abstract(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("stream/lab-a.txt"), t_path("stream/lab-b.txt"), NULL);
    const pdx_paper *p = find_abstract(&r, "Looms with two warp beams");
    assert_non_null(p);
    assert_int_equal(pdx_paper_source_count(p), 2);
    assert_non_null(strstr(pdx_paper_abstract(p), "forty metres of double cloth"));
    assert_false(pdx_paper_abstract_truncated(p));
    t_records_free(&r);
    /* alone, the preview is kept and flagged cut, without its marker */
    t_parse(&r, NULL, t_path("stream/lab-a.txt"), NULL);
    p = find_abstract(&r, "Looms with two warp beams");
    assert_non_null(p);
    assert_true(pdx_paper_abstract_truncated(p));
    assert_null(strstr(pdx_paper_abstract(p), "see more"));
    t_records_free(&r);
}

static void test_one_paper_on_listing_profile_and_stream_is_one_record(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("listing/loom-lab.txt"), t_path("profile/ruiz.txt"),
            t_path("stream/lab-a.txt"), t_path("stream/lab-b.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    /* 1 listing + 6 profile + 6 stream records, two of them shared */
    assert_int_equal(r.n, 11);
    /* listing and profile: the same title */
    const pdx_paper *p = t_find(&r, "Sparse Weaving with Fewer Threads");
    assert_int_equal(pdx_paper_source_count(p), 3);
    assert_int_equal(pdx_paper_author_count(p), 3); /* "Ana Ruiz" is the owner */
    assert_string_equal(pdx_paper_author(p, 0), "Ana Ruiz");
    assert_string_equal(pdx_paper_category(p), "LG");
    assert_string_equal(pdx_paper_date(p), "2030-03-02");
    assert_string_equal(pdx_paper_affiliation(p, 0), "loomlab");
    /* the longer abstract of the profile page, spliced */
    assert_non_null(strstr(pdx_paper_abstract(p), "easy to punch on cards"));
    /* profile and stream: a title-less abstract found by its first words */
    p = t_find(&r, "Shuttle Timing for Dense Cloth");
    assert_int_equal(pdx_paper_source_count(p), 2);
    assert_false(pdx_paper_title_derived(p));
    assert_string_equal(pdx_paper_date(p), "2029-11-02");
    assert_int_equal(pdx_paper_year(p), 2029);
    assert_string_equal(pdx_paper_author(p, 0), "Ana Ruiz");
    t_records_free(&r);
}

/* ---- the user's own pages ------------------------------------------------- */

static void test_the_users_first_stream_gives_one_record_per_abstract(void **state) {
    (void)state;
    const char *seed = t_shared_path("seeds/003_f198b0cdda0e502c.txt");
    if (!seed) {
        print_message("../shared is absent: skipping the seed streams\n");
        skip();
    }
    t_records r;
    t_parse(&r, NULL, seed, NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.diags, 0);
    /* Counted by hand: seven abstracts under the news and the banner, two
     * of them versions of one paper (MINE, preprint and ICML). */
    assert_int_equal(r.n, 6);
    for (size_t i = 0; i < r.n; i++) {
        const pdx_paper *p = r.v[i];
        assert_string_equal(pdx_paper_format(p), "stream");
        assert_true(pdx_paper_title_derived(p));
        assert_int_equal(pdx_paper_author_count(p), 0);
        assert_null(strstr(pdx_paper_abstract(p), "see more"));
        assert_null(pdx_paper_category(p));
        assert_false(pdx_paper_code(p));
    }
    assert_false(any_record_says(&r, "cookies"));
    assert_false(any_record_says(&r, "Larochelle"));
    assert_false(any_record_says(&r, "Climate Studio"));
    assert_false(any_record_says(&r, "policy brief"));
    const pdx_paper *p = find_abstract(&r, "We approach the problem of improving robustness");
    assert_non_null(p);
    assert_non_null(strstr(pdx_paper_abstract(p), "existing label correction and"));
    /* a derived title: the first sentence, cut at twelve words */
    assert_string_equal(pdx_paper_title(p), "We approach the problem of improving robustness "
                                            "of deep learning algorithms in…");
    /* the date and venue lines follow the MINE abstract of ICML 2018; its
     * reworded version further down is the same paper */
    p = find_abstract(&r, "We argue that the estimation of mutual information");
    assert_non_null(p);
    assert_int_equal(pdx_paper_source_count(p), 2);
    assert_null(find_abstract(&r, "This paper presents a Mutual Information Neural Estimator"));
    assert_string_equal(pdx_paper_date(p), "2018-07-03");
    assert_int_equal(pdx_paper_year(p), 2018);
    assert_string_equal(pdx_paper_venue(p), "Proceedings of the 35th International Conference on "
                                            "Machine Learning");
    assert_false(pdx_paper_abstract_truncated(p));
    /* the next abstract is cut after its splice */
    p = find_abstract(&r, "It is well known that over-parametrized");
    assert_non_null(p);
    assert_true(pdx_paper_abstract_truncated(p));
    assert_non_null(strstr(pdx_paper_abstract(p), "even random data with"));
    assert_null(pdx_paper_date(p));
    assert_null(pdx_paper_venue(p));
    t_records_free(&r);
}

static void test_the_users_second_stream_keeps_its_title_only_paper(void **state) {
    (void)state;
    const char *seed = t_shared_path("seeds/004_830b4b4d4c80d081.txt");
    if (!seed) {
        print_message("../shared is absent: skipping the seed streams\n");
        skip();
    }
    t_records r;
    t_parse(&r, NULL, seed, NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.diags, 0);
    /* Counted by hand: one title with no abstract, eight abstracts. */
    assert_int_equal(r.n, 9);
    assert_false(any_record_says(&r, "cookies"));
    assert_false(any_record_says(&r, "Larochelle"));
    /* (seed titles are split across literals: never a whole seed line) */
    const pdx_paper *p = t_find(&r, "The Singapore Consensus on "
                                  "Global AI Safety Research Priorities");
    assert_false(pdx_paper_title_derived(p));
    assert_null(pdx_paper_abstract(p));
    size_t derived = 0, cut = 0;
    for (size_t i = 0; i < r.n; i++) {
        derived += pdx_paper_title_derived(r.v[i]);
        cut += pdx_paper_abstract_truncated(r.v[i]);
        assert_null(pdx_paper_date(r.v[i]));
        assert_int_equal(pdx_paper_author_count(r.v[i]), 0);
    }
    assert_int_equal(derived, 8);
    /* only the spinal-cord abstract stops mid-sentence ("participants (") */
    assert_int_equal(cut, 1);
    p = find_abstract(&r, "Spinal cord segmentation");
    assert_non_null(p);
    assert_true(pdx_paper_abstract_truncated(p));
    /* a LaTeX accent decoded; abstracts ending in a link are complete */
    p = find_abstract(&r, "The Cambrian explosion");
    assert_non_null(p);
    assert_non_null(strstr(pdx_paper_abstract(p), "scalable Itô density estimator"));
    assert_false(pdx_paper_abstract_truncated(p));
    t_records_free(&r);
}

static void test_all_four_seed_pages_give_every_paper_once_and_no_chrome(void **state) {
    (void)state;
    if (!t_shared()) {
        print_message("../shared is absent: skipping the seed pages\n");
        skip();
    }
    t_records r;
    t_parse(&r, NULL, t_shared_path("seeds"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.diags, 0);
    /* 6 profile + 50 listing + 6 + 9 stream papers; none on two pages */
    assert_int_equal(r.n, 71);
    size_t formats[4] = {0};
    for (size_t i = 0; i < r.n; i++) {
        const char *f = pdx_paper_format(r.v[i]);
        formats[0] += strcmp(f, "profile") == 0;
        formats[1] += strcmp(f, "listing") == 0;
        formats[2] += strcmp(f, "stream") == 0;
        formats[3]++;
    }
    assert_int_equal(formats[0], 6);
    assert_int_equal(formats[1], 50);
    assert_int_equal(formats[2], 15);
    assert_false(any_record_says(&r, "cookies"));
    assert_false(any_record_says(&r, "Larochelle"));
    assert_false(any_record_says(&r, "Padmapriya"));
    t_records_free(&r);
}

/* A site that shows a paper twice, preprint and published abstract
 * reworded: both title-less, sharing a run of twelve words. */
static void test_two_versions_of_one_abstract_are_one_paper(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, "stream", t_path("stream/versions.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 2);
    const pdx_paper *p = find_abstract(&r, "We show that looms with two warp beams");
    assert_non_null(p);
    assert_int_equal(pdx_paper_source_count(p), 2);
    assert_string_equal(pdx_paper_date(p), "2021-05-04");
    assert_non_null(find_abstract(&r, "Sails made of woven carbon fibre"));
    t_records_free(&r);
}

/* Regression: news items inside a stream's list (a headline, then a short
 * text) gave their headline as a paper, and a consent banner in Italian
 * and a French menu were lines not understood. */
static void test_stream_news_items_and_other_languages_chrome_are_no_papers(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("stream/news-items.txt"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 3);
    assert_non_null(find_abstract(&r, "We show that looms with two warp beams"));
    assert_non_null(find_abstract(&r, "Madder dyes fade"));
    assert_non_null(find_abstract(&r, "Shuttles thrown by hand"));
    assert_false(any_record_says(&r, "Spindle Oil"));
    assert_false(any_record_says(&r, "Weaving School"));
    assert_false(any_record_says(&r, "Utilizziamo"));
    t_records_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_versions_of_one_abstract_are_one_paper),
        cmocka_unit_test(test_stream_two_pages_of_one_site_give_only_their_papers),
        cmocka_unit_test(test_stream_one_page_alone_keeps_only_what_it_can_tell),
        cmocka_unit_test(test_stream_abstracts_get_derived_titles_dates_and_venues),
        cmocka_unit_test(test_stream_title_lines_bind_only_to_related_abstracts),
        cmocka_unit_test(test_stream_preview_merges_with_the_full_abstract),
        cmocka_unit_test(test_stream_cut_markers_and_a_rest_on_the_next_line),
        cmocka_unit_test(test_stream_menu_heading_and_short_abstracts),
        cmocka_unit_test(test_stream_news_items_and_other_languages_chrome_are_no_papers),
        cmocka_unit_test(test_one_paper_on_listing_profile_and_stream_is_one_record),
        cmocka_unit_test(test_the_users_first_stream_gives_one_record_per_abstract),
        cmocka_unit_test(test_the_users_second_stream_keeps_its_title_only_paper),
        cmocka_unit_test(test_all_four_seed_pages_give_every_paper_once_and_no_chrome),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
