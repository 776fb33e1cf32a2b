/*
 * test_export.c — citations: names split for BibTeX/RIS/CSL, entry kinds,
 * keys made unique, LaTeX escaping, and each format's shape.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "export.h"
#include "paper.h"
#include "testutil.h"

static pdx_paper *paper(const char *title, int year, const char *venue,
                        const char *const *authors) {
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    pdx_paper__set_title(&st, p, title, strlen(title));
    if (venue)
        pdx_paper__set_venue(&st, p, venue, strlen(venue));
    for (size_t i = 0; authors && authors[i]; i++)
        pdx_paper__add_author(&st, p, authors[i], strlen(authors[i]), 0);
    p->year = year;
    assert_int_equal(st, PDX_OK);
    assert_int_equal(pdx_paper__finish(p), PDX_OK);
    return p;
}

static void test_names_split_into_family_given_and_suffix(void **state) {
    (void)state;
    static const char *const cases[][5] = {
        /* name, family, given, suffix, literal */
        {"Mira Okafor", "Okafor", "Mira", "", "0"},
        {"Ana María de la Vega", "de la Vega", "Ana María", "", "0"},
        {"Ludwig van der Waals", "van der Waals", "Ludwig", "", "0"},
        {"Rami Haddad Jr.", "Haddad", "Rami", "Jr.", "0"},
        {"Okafor, Mira", "Okafor", "Mira", "", "0"},
        {"King, Jr., Martin Luther", "King", "Martin Luther", "Jr.", "0"},
        /* a suffix after the name's only comma; RIS's order */
        {"Martin Luther King, Jr.", "King", "Martin Luther", "Jr.", "0"},
        {"Ludwig van der Waals, III", "van der Waals", "Ludwig", "III", "0"},
        {"King, Martin Luther, Jr.", "King", "Martin Luther", "Jr.", "0"},
        {"R. T. Q. Chen", "Chen", "R. T. Q.", "", "0"},
        {"The FOOBAR Collaboration", "The FOOBAR Collaboration", "", "", "1"},
        {"Plato", "Plato", "", "", "1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pdx_export_name nm;
        assert_int_equal(pdx_export__name(&nm, cases[i][0]), PDX_OK);
        assert_string_equal(nm.family, cases[i][1]);
        assert_string_equal(nm.given, cases[i][2]);
        assert_string_equal(nm.suffix, cases[i][3]);
        assert_int_equal(nm.literal, cases[i][4][0] == '1');
        pdx_export__name_free(&nm);
    }
}

static void test_the_venue_decides_the_kind(void **state) {
    (void)state;
    static const char *const a[] = {"Kai Berg", NULL};
    struct {
        const char *venue;
        pdx_export_kind kind;
    } cases[] = {
        {"Journal of Combinatorial Walks", PDX_KIND_ARTICLE},
        {"Proceedings of the Workshop on Odd Titles", PDX_KIND_PROCEEDINGS},
        {"Proc. 12th Int. Conf. on Tides", PDX_KIND_PROCEEDINGS},
        {"NeurIPS 2019", PDX_KIND_PROCEEDINGS},
        {"Physical Review Letters", PDX_KIND_ARTICLE},
        {"Chinese Physics C", PDX_KIND_ARTICLE}, /* "chi" only as a word */
        {NULL, PDX_KIND_OTHER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pdx_paper *p = paper("Learning Tides", 2020, cases[i].venue, a);
        assert_int_equal(pdx_export__kind(p), cases[i].kind);
        pdx_paper_free(p);
    }
    pdx_paper *p = paper("Learning Tides", 2020, NULL, a);
    pdx_status st = PDX_OK;
    pdx_paper__add_id(&st, p, "arxiv", "2201.01234", 10);
    assert_int_equal(pdx_export__kind(p), PDX_KIND_PREPRINT);
    pdx_paper_free(p);
}

static void test_latex_specials_are_escaped_and_utf8_kept(void **state) {
    (void)state;
    pdx_status st = PDX_OK;
    pdx_buf b = PDX_BUF_INIT;
    pdx_export__tex(&st, &b, "& % $ # _ { } ~ ^ \\ Jörn");
    assert_int_equal(st, PDX_OK);
    assert_string_equal(pdx_buf__str(&b), "\\& \\% \\$ \\# \\_ \\{ \\} \\textasciitilde{} "
                                          "\\textasciicircum{} \\textbackslash{} Jörn");
    pdx_buf__free(&b);
}

static void test_keys_are_surname_year_word_and_unique_within_an_export(void **state) {
    (void)state;
    static const char *const berg[] = {"Kai Berg", NULL};
    static const char *const jorn[] = {"Jörn Müller-Schmidt", NULL};
    pdx_paper *v[4] = {
        paper("Learning Tides from Gauges", 2020, "Coastal Letters", berg),
        paper("The Sand Budget", 2019, "Dune Letters", jorn),
        paper("Learning Tides without Gauges", 2020, "Coastal Letters", berg),
        paper("A Survey", 0, NULL, NULL),
    };
    char *out = NULL;
    assert_int_equal(pdx_export(&out, (const pdx_paper *const *)v, 4, PDX_EXPORT_BIBTEX), PDX_OK);
    assert_non_null(strstr(out, "@article{berg2020learninga,"));
    assert_non_null(strstr(out, "@article{mullerschmidt2019sand,"));
    assert_non_null(strstr(out, "@article{berg2020learningb,"));
    assert_non_null(strstr(out, "@misc{anonndsurvey,"));
    free(out);
    /* a record's own BibTeX key is kept */
    pdx_status st = PDX_OK;
    pdx_paper__add_id(&st, v[1], "bibtex", "Sand:2019", 9);
    assert_int_equal(pdx_export(&out, (const pdx_paper *const *)v + 1, 1, PDX_EXPORT_BIBTEX),
                     PDX_OK);
    assert_non_null(strstr(out, "@article{Sand:2019,"));
    free(out);
    for (size_t i = 0; i < 4; i++)
        pdx_paper_free(v[i]);
}

static pdx_paper *full_paper(void) {
    static const char *const a[] = {"Mira Okafor", "Rami Haddad Jr.", NULL};
    pdx_paper *p = paper("Counting Walks of NeRF-like Fields", 2008,
                         "Journal of Combinatorial Walks", a);
    pdx_status st = PDX_OK;
    pdx_paper__set_date(&st, p, "2008-04-02", 10);
    pdx_paper__set_volume(&st, p, "31", 2);
    pdx_paper__set_number(&st, p, "4", 1);
    pdx_paper__set_pages(&st, p, "245--260", 8);
    pdx_paper__set_abstract(&st, p, "We count.\nThen we stop.", 24);
    pdx_paper__add_id(&st, p, "doi", "10.5555/JCW.31.245", 18);
    pdx_paper__add_id(&st, p, "arxiv", "0704.0001", 9);
    assert_int_equal(st, PDX_OK);
    return p;
}

static void test_bibtex_entry_has_every_citation_field(void **state) {
    (void)state;
    pdx_paper *p = full_paper();
    char *out = NULL;
    const pdx_paper *v[1] = {p};
    assert_int_equal(pdx_export(&out, v, 1, PDX_EXPORT_BIBTEX), PDX_OK);
    static const char *const want[] = {
        "@article{okafor2008counting,\n",
        "  author = {Okafor, Mira and Haddad, Jr., Rami},\n",
        "  title = {Counting Walks of {NeRF-like} Fields},\n",
        "  journal = {Journal of Combinatorial Walks},\n",
        "  year = {2008},\n", "  month = apr,\n", "  volume = {31},\n", "  number = {4},\n",
        "  pages = {245--260},\n", "  doi = {10.5555/JCW.31.245},\n", "  eprint = {0704.0001},\n",
        "  archivePrefix = {arXiv},\n", "  abstract = {We count. Then we stop.},\n", "}\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(out, want[i]))
            fail_msg("no '%s' in:\n%s", want[i], out);
    free(out);
    pdx_paper_free(p);
}

static void test_ris_record_has_one_tag_a_line_and_no_cr(void **state) {
    (void)state;
    pdx_paper *p = full_paper();
    char *out = NULL;
    const pdx_paper *v[1] = {p};
    assert_int_equal(pdx_export(&out, v, 1, PDX_EXPORT_RIS), PDX_OK);
    assert_null(strchr(out, '\r'));
    assert_true(strncmp(out, "TY  - JOUR\n", 11) == 0);
    static const char *const want[] = {
        "\nAU  - Okafor, Mira\n",
        "\nAU  - Haddad, Rami, Jr.\n",
        "\nT2  - Journal of Combinatorial Walks\n",
        "\nPY  - 2008\n", "\nDA  - 2008/04/02/\n", "\nVL  - 31\n", "\nIS  - 4\n", "\nSP  - 245\n",
        "\nEP  - 260\n", "\nDO  - 10.5555/JCW.31.245\n",
        "\nUR  - https://arxiv.org/abs/0704.0001\n",
        "\nAB  - We count. Then we stop.\n", "\nER  - \n",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(out, want[i]))
            fail_msg("no '%s' in:\n%s", want[i], out);
    free(out);
    pdx_paper_free(p);
}

static void test_csl_json_items_have_citeproc_fields(void **state) {
    (void)state;
    pdx_paper *p = full_paper();
    char *out = NULL;
    const pdx_paper *v[1] = {p};
    assert_int_equal(pdx_export(&out, v, 1, PDX_EXPORT_CSL_JSON), PDX_OK);
    json_error_t err;
    json_t *a = json_loads(out, 0, &err);
    assert_true(json_is_array(a));
    json_t *it = json_array_get(a, 0);
    assert_string_equal(json_string_value(json_object_get(it, "type")), "article-journal");
    assert_string_equal(json_string_value(json_object_get(it, "id")), "okafor2008counting");
    json_t *au = json_array_get(json_object_get(it, "author"), 1);
    assert_string_equal(json_string_value(json_object_get(au, "family")), "Haddad");
    assert_string_equal(json_string_value(json_object_get(au, "given")), "Rami");
    json_t *dp = json_array_get(json_object_get(json_object_get(it, "issued"), "date-parts"), 0);
    assert_int_equal(json_array_size(dp), 3);
    assert_int_equal(json_integer_value(json_array_get(dp, 1)), 4);
    assert_string_equal(json_string_value(json_object_get(it, "page")), "245-260");
    assert_string_equal(json_string_value(json_object_get(it, "issue")), "4");
    assert_string_equal(json_string_value(json_object_get(it, "DOI")), "10.5555/JCW.31.245");
    json_decref(a);
    free(out);
    assert_int_equal(pdx_export(&out, NULL, 0, PDX_EXPORT_CSL_JSON), PDX_OK);
    assert_string_equal(out, "[]\n");
    free(out);
    pdx_paper_free(p);
}

/* A list the source cut ("et al.") says so in every format: BibTeX's
 * "and others", a note in RIS and in CSL-JSON, which have no such name. */
static void test_a_cut_author_list_is_marked_in_every_format(void **state) {
    (void)state;
    pdx_paper *p = full_paper();
    p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
    const pdx_paper *v[1] = {p};
    static const struct {
        pdx_export_format f;
        const char *want;
    } cases[] = {
        {PDX_EXPORT_BIBTEX, "Haddad, Jr., Rami and others},\n"},
        {PDX_EXPORT_RIS, "\nN1  - The source lists only the first authors (et al.).\n"},
        {PDX_EXPORT_CSL_JSON, "\"note\": \"The source lists only the first authors (et al.).\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *out = NULL;
        assert_int_equal(pdx_export(&out, v, 1, cases[i].f), PDX_OK);
        if (!strstr(out, cases[i].want))
            fail_msg("no '%s' in:\n%s", cases[i].want, out);
        free(out);
    }
    p->flags &= ~PDX_PAPER_AUTHORS_TRUNCATED;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *out = NULL;
        assert_int_equal(pdx_export(&out, v, 1, cases[i].f), PDX_OK);
        assert_null(strstr(out, "others"));
        assert_null(strstr(out, "et al."));
        free(out);
    }
    pdx_paper_free(p);
}

static void test_format_names(void **state) {
    (void)state;
    pdx_export_format f;
    assert_int_equal(pdx_export_format_parse(&f, "ris"), PDX_OK);
    assert_int_equal(f, PDX_EXPORT_RIS);
    assert_int_equal(pdx_export_format_parse(&f, "csl-json"), PDX_OK);
    assert_int_equal(f, PDX_EXPORT_CSL_JSON);
    assert_int_equal(pdx_export_format_parse(&f, "bibtex"), PDX_OK);
    assert_int_equal(f, PDX_EXPORT_BIBTEX);
    assert_int_equal(pdx_export_format_parse(&f, "endnote"), PDX_EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_split_into_family_given_and_suffix),
        cmocka_unit_test(test_the_venue_decides_the_kind),
        cmocka_unit_test(test_latex_specials_are_escaped_and_utf8_kept),
        cmocka_unit_test(test_keys_are_surname_year_word_and_unique_within_an_export),
        cmocka_unit_test(test_bibtex_entry_has_every_citation_field),
        cmocka_unit_test(test_ris_record_has_one_tag_a_line_and_no_cr),
        cmocka_unit_test(test_csl_json_items_have_citeproc_fields),
        cmocka_unit_test(test_a_cut_author_list_is_marked_in_every_format),
        cmocka_unit_test(test_format_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
