/*
 * test_html.c — saved HTML pages: the rendering to the lines a copy of the
 * page gives (blocks, inline joins, white space, entities, what is not
 * shown), its map back to HTML lines, the guard against deep nesting;
 * pages of several real shapes read through the page readers; landing
 * pages read from citation_*, JSON-LD and Dublin Core metadata, and which
 * wins when they disagree; pages with no papers, cut off, or in Latin-1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/html.h"
#include "paper.h"
#include "testutil.h"

/* Renders `html` and checks the text is `want`. */
static void render_is(const char *html, const char *want) {
    pdx_html_text t;
    assert_int_equal(pdx_html__render_string(&t, html, strlen(html)), PDX_OK);
    assert_string_equal(t.text.p ? t.text.p : "", want);
    pdx_html__text_free(&t);
}

static bool any_record_says(const t_records *r, const char *text) {
    for (size_t i = 0; i < r->n; i++) {
        const char *a = pdx_paper_abstract(r->v[i]);
        if (strstr(pdx_paper_title(r->v[i]), text) || (a && strstr(a, text)))
            return true;
    }
    return false;
}

static void authors_are(const pdx_paper *p, const char *const *want) {
    size_t n = 0;
    while (want[n])
        n++;
    assert_int_equal(pdx_paper_author_count(p), n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(pdx_paper_author(p, i), want[i]);
}

/* ---- rendering ----------------------------------------------------------- */

static void test_html_blocks_start_lines_and_inline_elements_join(void **state) {
    (void)state;
    render_is("<ul><li><b>Sparse Looms</b>, <i>A. Weaver</i></li>"
              "<li><span>LG</span><span>Oct 2, 2019</span><a>Code</a></li></ul>"
              "<p>Ada Lovelace<sup>1,2</sup></p><div>one<br>two<br><br>three</div>"
              "<h2>Heading</h2>after<table><tr><td>cell a</td><td>cell b</td></tr></table>",
              "Sparse Looms, A. Weaver\nLGOct 2, 2019Code\nAda Lovelace1,2\none\ntwo\nthree\n"
              "Heading\nafter\ncell a\ncell b\n");
}

static void test_html_white_space_collapses_and_entities_are_decoded(void **state) {
    (void)state;
    /* a <pre> keeps its line breaks; its lines are trimmed, as page lines are */
    render_is("<p>  We   weave\n\t sparse&nbsp;&nbsp;patterns &amp; cloth &ndash; &#347;&#x107;\n</p>"
              "<p>a <span> b </span> c</p><pre>kept\n  as   is\nlines</pre>",
              "We weave sparse patterns & cloth \xE2\x80\x93 \xC5\x9B\xC4\x87\na b c\nkept\nas is\n"
              "lines\n");
}

static void test_html_what_is_not_shown_is_dropped(void **state) {
    (void)state;
    render_is("<html><head><title>T</title><style>p{}</style><script>var x = '<p>no</p>';</script>"
              "</head><body><p>shown</p><script>alert(1)</script><noscript>enable JS</noscript>"
              "<template><p>tpl</p></template><div hidden>hidden attr</div>"
              "<div aria-hidden=\"true\">aria</div><span style=\"color: red; DISPLAY : None\">css</span>"
              "<p style=\"visibility:hidden\">invisible</p><svg><text>svg</text></svg>"
              "<select><option>English</option></select><!-- a comment --><p>also shown</p>"
              "</body></html>",
              "shown\nalso shown\n");
}

/* Column headers by markup were lines of their own ("Paper", "Citations",
 * "Year"): the profile reader took the last for a title and the first
 * row's title for its authors.  They are one row, as a copy gives it. */
static void test_html_table_column_headers_are_one_line_of_cells(void **state) {
    (void)state;
    render_is("<table><thead><tr><th>Paper</th> <th> Citations </th><th>Year</th></tr></thead>"
              "<tbody><tr><td>Sparse Looms</td><td>12</td></tr></tbody></table>"
              "<table><tr><th>Warp Drift</th><td>x</td></tr></table>",
              "Paper\tCitations\tYear\nSparse Looms\t12\nWarp Drift\nx\n");
}

/* A citation profile saved as HTML: the role line above the table is no
 * paper, and the first row's title no author line. */
static void test_html_table_under_column_headers_reads_its_rows(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("html/table-header.html"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 2);
    /* a name-shaped title: read as the author line of the last label */
    const pdx_paper *p = t_find_title(&r, "The Warp Circle Revisited");
    assert_non_null(p);
    authors_are(p, (const char *[]){"A Ruiz", "B Chen", "C Diaz", NULL});
    assert_int_equal(pdx_paper_year(p), 2019);
    p = t_find_title(&r, "Warp Tension in Hand Looms");
    assert_non_null(p);
    authors_are(p, (const char *[]){"A Ruiz", "D Orlov", NULL});
    t_records_free(&r);
}

static void test_html_lines_remember_their_html_source_line(void **state) {
    (void)state;
    const char *html = "<html>\n<body>\n<ul>\n  <li>\n    First line\n  </li>\n"
                       "  <li><b>Second</b> <i>line</i></li>\n</ul>\n<pre>a\nb</pre>\n";
    pdx_html_text t;
    assert_int_equal(pdx_html__render_string(&t, html, strlen(html)), PDX_OK);
    assert_string_equal(t.text.p, "First line\nSecond line\na\nb\n");
    assert_int_equal(t.n, 4);
    assert_int_equal(t.src[0], 5);
    assert_int_equal(t.src[1], 7);
    assert_int_equal(t.src[2], 9);
    assert_int_equal(t.src[3], 10);
    pdx_html__text_free(&t);
}

static void test_html_nesting_too_deep_is_refused_before_parsing(void **state) {
    (void)state;
    size_t n = 5 * (PDX_HTML_MAX_DEPTH + 10);
    char *deep = malloc(n + 1), *flat = malloc(3 * (PDX_HTML_MAX_DEPTH + 10) + 1);
    assert_non_null(deep);
    assert_non_null(flat);
    for (size_t i = 0; i < PDX_HTML_MAX_DEPTH + 10; i++) {
        memcpy(deep + 5 * i, "<div>", 5);
        memcpy(flat + 3 * i, "<p>", 3); /* each <p> closes the one before */
    }
    deep[n] = '\0';
    flat[3 * (PDX_HTML_MAX_DEPTH + 10)] = '\0';
    assert_true(pdx_html__too_deep(deep, n));
    assert_false(pdx_html__too_deep(flat, strlen(flat)));
    assert_false(pdx_html__too_deep("<div><br><img src=x><input/></div>", 34));
    pdx_html_text t;
    assert_int_equal(pdx_html__render_string(&t, deep, n), PDX_EINPUT);
    pdx_html__text_free(&t);
    free(deep);
    free(flat);
}

static void test_html_is_sniffed_by_content_and_name(void **state) {
    (void)state;
    const char *doc = "<!DOCTYPE html>\n<html><body><p>x</p></body></html>\n";
    const char *frag = "<ul>\n<li><b>Sparse Looms</b><br>A. Weaver</li>\n<li><b>Warp</b></li>\n</ul>\n";
    const char *meta = "<!-- saved -->\n<head><meta name=\"citation_title\" content=\"x\">\n";
    assert_string_equal(pdx_reader__sniff(doc, strlen(doc), "page.txt")->name, "html");
    assert_string_equal(pdx_reader__sniff(frag, strlen(frag), "pubs")->name, "html");
    assert_string_equal(pdx_reader__sniff(meta, strlen(meta), "x")->name, "html");
    const char *text = "Sparse Looms\nWe weave <b>bold</b> claims in prose that goes on.\n";
    const pdx_reader *rd = pdx_reader__sniff(text, strlen(text), "notes.txt");
    assert_true(!rd || strcmp(rd->name, "html") != 0);
}

/* ---- pages ------------------------------------------------------------------ */

static void test_html_profile_page_is_read_by_the_profile_reader(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("html/profile.html"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.diags, 0);
    assert_int_equal(r.n, 3);
    const pdx_paper *p = t_find(&r, "Warp Tension on Small Looms: A Field Study");
    authors_are(p, (const char *const[]){"Ilse Marchetti", "Bo Chen", "Carla Diaz", NULL});
    assert_int_equal(pdx_paper_year(p), 2021);
    assert_string_equal(pdx_paper_format(p), "html");
    /* the heading's line in the HTML, not the rendered text's line 10 */
    assert_string_equal(pdx_paper_source(p, 0), t_path("html/profile.html:31"));
    /* &nbsp;&ndash; decoded, the aria-hidden tooltip gone */
    assert_non_null(strstr(pdx_paper_abstract(p), "day of weaving \xE2\x80\x93 as well"));
    p = t_find(&r, "Weft Density Measured with a Cheap Camera");
    assert_non_null(strstr(pdx_paper_abstract(p), "without tools, so that"));
    assert_false(any_record_says(&r, "tooltip"));
    assert_false(any_record_says(&r, "cookies"));
    assert_false(any_record_says(&r, "Template text"));
    t_records_free(&r);
}

static void test_html_stream_page_keeps_papers_and_drops_chrome_and_hidden(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("html/stream.html"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.diags, 0);
    assert_int_equal(r.n, 3);
    for (size_t i = 0; i < r.n; i++)
        assert_true(pdx_paper_title_derived(r.v[i]));
    /* the "(see more)" link spliced back into one abstract */
    assert_true(any_record_says(&r, "daily weaving in the workshops of two cooperatives"));
    assert_false(any_record_says(&r, "hidden draft"));
    assert_false(any_record_says(&r, "new wing"));
    t_records_free(&r);
}

static void test_html_homepage_list_gives_titles_authors_abstracts(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("html/homepage.html"), NULL);
    assert_int_equal(r.st, PDX_OK);
    const pdx_paper *p = t_find(&r, "Colour Fastness of Plant Dyes after Fifty Washes");
    authors_are(p, (const char *const[]){"Dana Okafor", "Helga K. Brandvold",
                                         "Tomasz Wi\xC5\x9Bniewski", NULL});
    assert_non_null(strstr(pdx_paper_abstract(p), "twelve plant dyes fifty times each"));
    p = t_find(&r, "Looms of the Northern Valleys: A Survey");
    authors_are(p, (const char *const[]){"Dana Okafor", NULL});
    t_find(&r, "Weft Density Measured with a Cheap Camera");
    t_records_free(&r);
}

/* The same page as text and as HTML gives the same papers. */
static void test_html_page_and_its_text_give_the_same_papers(void **state) {
    (void)state;
    FILE *f = fopen(t_path("html/profile.html"), "rb");
    assert_non_null(f);
    static char html[1 << 16];
    size_t n = fread(html, 1, sizeof html, f);
    fclose(f);
    pdx_html_text t;
    assert_int_equal(pdx_html__render_string(&t, html, n), PDX_OK);
    char *dir = t_tmpdir(), txt[4096];
    snprintf(txt, sizeof txt, "%s/profile.txt", dir);
    f = fopen(txt, "wb");
    assert_non_null(f);
    fwrite(t.text.p, 1, t.text.n, f);
    fclose(f);
    pdx_html__text_free(&t);
    t_records a, b;
    t_parse(&a, NULL, t_path("html/profile.html"), NULL);
    t_parse(&b, NULL, txt, NULL);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        const pdx_paper *q = t_find(&b, pdx_paper_title(a.v[i]));
        assert_string_equal(pdx_paper_abstract(a.v[i]), pdx_paper_abstract(q));
        assert_int_equal(pdx_paper_author_count(a.v[i]), pdx_paper_author_count(q));
        assert_int_equal(pdx_paper_year(a.v[i]), pdx_paper_year(q));
    }
    t_records_free(&a);
    t_records_free(&b);
    t_rmrf(dir);
    free(dir);
}

/* ---- landing pages ------------------------------------------------------------ */

static void test_html_citation_meta_tags_make_one_exact_record(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("html/landing-citation.html"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.diags, 0);
    assert_int_equal(r.n, 1);
    const pdx_paper *p = r.v[0];
    assert_string_equal(pdx_paper_title(p), "Sparse Weaving with Fewer Threads");
    /* "Surname, Given" turned round; &iacute; decoded */
    authors_are(p, (const char *const[]){"Ada Weaver", "Bo Chen", "Carla D\xC3\xAD" "az", NULL});
    assert_string_equal(pdx_paper_date(p), "2024-05-14"); /* citation_date, not online_date */
    assert_string_equal(pdx_paper__get_id(p, "arxiv"), "2405.01234");
    assert_string_equal(pdx_paper__get_id(p, "doi"), "10.48550/arXiv.2405.01234");
    assert_non_null(strstr(pdx_paper_abstract(p), "three kinds of yarn."));
    assert_string_equal(pdx_paper_source(p, 0), t_path("html/landing-citation.html:7"));
    t_records_free(&r);
}

static void test_html_json_ld_article_makes_one_record(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("html/landing-jsonld.html"), NULL);
    assert_int_equal(r.n, 1);
    const pdx_paper *p = r.v[0];
    assert_string_equal(pdx_paper_title(p), "Tension Regulators for Hand Looms: A Field Study");
    authors_are(p, (const char *const[]){"Dana Okafor", "Ilse Marchetti", NULL});
    assert_int_equal(pdx_paper_year(p), 2017);
    assert_string_equal(pdx_paper__get_id(p, "doi"), "10.5555/jls.2017.045");
    assert_string_equal(pdx_paper__get_id(p, "arxiv"), "1709.01111");
    assert_string_equal(p->venue, "Journal of Loom Science");
    /* the issue and volume the article is part of; its pages */
    assert_string_equal(pdx_paper_volume(p), "12");
    assert_string_equal(pdx_paper_number(p), "3");
    assert_string_equal(pdx_paper_pages(p), "45-67");
    assert_non_null(strstr(pdx_paper_abstract(p), "through the dry months"));
    t_records_free(&r);
}

static void test_html_dublin_core_with_an_identifier_makes_one_record(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("html/landing-dc.html"), NULL);
    assert_int_equal(r.n, 1);
    const pdx_paper *p = r.v[0];
    assert_string_equal(pdx_paper_title(p), "Looms of the Northern Valleys: A Survey");
    authors_are(p, (const char *const[]){"Dana Okafor", NULL});
    assert_string_equal(pdx_paper_date(p), "2014-06");
    assert_string_equal(pdx_paper__get_id(p, "doi"), "10.5555/vhr.2014.7");
    t_records_free(&r);
}

static void test_html_citation_wins_over_json_ld_which_wins_over_dublin_core(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("html/landing-conflict.html"), NULL);
    assert_int_equal(r.n, 1);
    const pdx_paper *p = r.v[0];
    assert_string_equal(pdx_paper_title(p), "Colour Fastness of Plant Dyes after Fifty Washes");
    authors_are(p, (const char *const[]){"Dana Okafor", "Helga K. Brandvold", NULL});
    assert_int_equal(pdx_paper_year(p), 2016);
    assert_string_equal(pdx_paper__get_id(p, "doi"), "10.5555/tcl.2016.12");
    /* fields citation_* lacks come from JSON-LD before Dublin Core */
    assert_string_equal(pdx_paper__get_id(p, "arxiv"), "1601.00077");
    assert_non_null(strstr(pdx_paper_abstract(p), "twelve plant dyes"));
    assert_string_equal(p->venue, "Textile Chemistry Letters");
    assert_string_equal(p->pages, "101-109");
    assert_string_equal(p->volume, "8");
    t_records_free(&r);
}

static void test_html_json_ld_list_of_articles_gives_each(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("html/landing-list.html"), NULL);
    assert_int_equal(r.n, 2);
    const pdx_paper *p = t_find(&r, "Measuring Weft Density with Commodity Cameras");
    assert_string_equal(pdx_paper__get_id(p, "doi"), "10.5555/jls.2019.130");
    assert_string_equal(pdx_paper_pages(p), "130-141"); /* "pagination", an en dash */
    p = t_find(&r, "Sparse Weaving with Fewer Threads");
    assert_null(pdx_paper_pages(p));
    authors_are(p, (const char *const[]){"Ada Weaver", "Bo Chen", NULL});
    t_records_free(&r);
}

/* ---- bad input -------------------------------------------------------------- */

static void test_html_page_with_no_papers_is_reported(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("html/nothing.html"), NULL);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.diags, 1);
    assert_int_equal(r.sum.skipped, 1);
    assert_non_null(strstr(r.last_diag, "nothing.html: no papers"));
    t_records_free(&r);
}

static void test_html_cut_off_page_is_read_as_far_as_it_goes(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, "html", t_path("html/truncated.html"), NULL);
    assert_int_equal(r.st, PDX_OK);
    /* gumbo closes what was left open: the entry up to the cut, or a
     * report, never a crash */
    assert_true(r.n == 1 || r.diags == 1);
    t_records_free(&r);
}

static void test_html_latin1_page_that_says_so_is_decoded(void **state) {
    (void)state;
    char *dir = t_tmpdir(), path[4096];
    snprintf(path, sizeof path, "%s/latin1.html", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("<html><head><meta charset=\"iso-8859-1\">"
          "<meta name=\"citation_title\" content=\"Tissage \xE0 la main\">"
          "<meta name=\"citation_author\" content=\"M\xFCller, J\xF6rg\"></head></html>\n", f);
    fclose(f);
    t_records r;
    t_parse(&r, NULL, path, NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(pdx_paper_title(r.v[0]), "Tissage \xC3\xA0 la main");
    assert_string_equal(pdx_paper_author(r.v[0], 0), "J\xC3\xB6rg M\xC3\xBCller");
    t_records_free(&r);
    t_rmrf(dir);
    free(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_blocks_start_lines_and_inline_elements_join),
        cmocka_unit_test(test_html_white_space_collapses_and_entities_are_decoded),
        cmocka_unit_test(test_html_what_is_not_shown_is_dropped),
        cmocka_unit_test(test_html_table_column_headers_are_one_line_of_cells),
        cmocka_unit_test(test_html_table_under_column_headers_reads_its_rows),
        cmocka_unit_test(test_html_lines_remember_their_html_source_line),
        cmocka_unit_test(test_html_nesting_too_deep_is_refused_before_parsing),
        cmocka_unit_test(test_html_is_sniffed_by_content_and_name),
        cmocka_unit_test(test_html_profile_page_is_read_by_the_profile_reader),
        cmocka_unit_test(test_html_stream_page_keeps_papers_and_drops_chrome_and_hidden),
        cmocka_unit_test(test_html_homepage_list_gives_titles_authors_abstracts),
        cmocka_unit_test(test_html_page_and_its_text_give_the_same_papers),
        cmocka_unit_test(test_html_citation_meta_tags_make_one_exact_record),
        cmocka_unit_test(test_html_json_ld_article_makes_one_record),
        cmocka_unit_test(test_html_dublin_core_with_an_identifier_makes_one_record),
        cmocka_unit_test(test_html_citation_wins_over_json_ld_which_wins_over_dublin_core),
        cmocka_unit_test(test_html_json_ld_list_of_articles_gives_each),
        cmocka_unit_test(test_html_page_with_no_papers_is_reported),
        cmocka_unit_test(test_html_cut_off_page_is_read_as_far_as_it_goes),
        cmocka_unit_test(test_html_latin1_page_that_says_so_is_decoded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
