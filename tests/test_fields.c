/*
 * test_fields.c — what the readers share (src/ingest/fields.c): author
 * lists written as one string, dates, DOIs and arXiv ids, Latin-1 repair,
 * and --field-map parsing.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "ingest/fields.h"
#include "paper.h"

/* The authors (joined by " | ") and affiliations of one author string. */
typedef struct parsed {
    char authors[2048];
    char affiliations[2048];
    bool truncated;
} parsed;

static void parse_authors(parsed *out, const char *s) {
    pdx_paper *p = NULL;
    assert_int_equal(pdx_paper__new(&p), PDX_OK);
    pdx_read_ctx ctx = {0};
    pdx_status st = PDX_OK;
    pdx_read__authors(&st, &ctx, p, s, strlen(s));
    assert_int_equal(st, PDX_OK);
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < pdx_paper_author_count(p); i++) {
        if (i)
            strcat(out->authors, " | ");
        strcat(out->authors, pdx_paper_author(p, i));
    }
    for (size_t i = 0; i < pdx_paper_affiliation_count(p); i++) {
        if (i)
            strcat(out->affiliations, " | ");
        strcat(out->affiliations, pdx_paper_affiliation(p, i));
    }
    out->truncated = pdx_paper_authors_truncated(p);
    pdx_paper_free(p);
}

static void test_commas_and_and_separate_names(void **state) {
    (void)state;
    parsed a;
    parse_authors(&a, "C. Balázs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan");
    assert_string_equal(a.authors, "C. Balázs | E. L. Berger | P. M. Nadolsky | C.-P. Yuan");
    parse_authors(&a, "A. Esteban-Pretel, R. Tomàs and J. W. F. Valle");
    assert_string_equal(a.authors, "A. Esteban-Pretel | R. Tomàs | J. W. F. Valle");
    /* the Oxford comma leaves no empty name */
    parse_authors(&a, "Cynthia Dwork, Joseph Y. Halpern, and O. Waarts");
    assert_string_equal(a.authors, "Cynthia Dwork | Joseph Y. Halpern | O. Waarts");
    /* two full names and one comma are two people */
    parse_authors(&a, "Ileana Streinu, Louis Theran");
    assert_string_equal(a.authors, "Ileana Streinu | Louis Theran");
    parse_authors(&a, "A.B.Kaidalov, M.I.Vysotsky");
    assert_string_equal(a.authors, "A.B.Kaidalov | M.I.Vysotsky");
    parse_authors(&a, "E.Kartashova, A. Shabat");
    assert_string_equal(a.authors, "E.Kartashova | A. Shabat");
    assert_false(a.truncated);
}

static void test_surname_first_lists_are_put_in_display_order(void **state) {
    (void)state;
    parsed a;
    parse_authors(&a, "van driest,e.r. and mccauley,w.d.");
    assert_string_equal(a.authors, "e.r. van driest | w.d. mccauley");
    parse_authors(&a, "brenckman,m.");
    assert_string_equal(a.authors, "m. brenckman");
    parse_authors(&a, "Brandt, Helena; Tanabe, Ko");
    assert_string_equal(a.authors, "Helena Brandt | Ko Tanabe");
    /* commas between names and inside them, as Cranfield writes them */
    parse_authors(&a, "holder,d.w., north,r.j. and chinneck,a.");
    assert_string_equal(a.authors, "d.w. holder | r.j. north | a. chinneck");
}

static void test_a_lone_suffix_stays_with_its_name(void **state) {
    (void)state;
    parsed a;
    parse_authors(&a, "Martin Luther King, Jr., Coretta Scott King");
    assert_string_equal(a.authors, "Martin Luther King Jr. | Coretta Scott King");
}

static void test_parentheses_hold_affiliations_or_reference_numbers(void **state) {
    (void)state;
    parsed a;
    parse_authors(&a, "A. S. Mishchenko (1 and 2) and N. Nagaosa (1 and 3) ((1) CREST, Japan "
                      "Science and Technology Agency, (2) Russian Research Centre, (3) The "
                      "University of Tokyo)");
    assert_string_equal(a.authors, "A. S. Mishchenko | N. Nagaosa");
    assert_string_equal(a.affiliations, "CREST, Japan Science and Technology Agency | Russian "
                                        "Research Centre | The University of Tokyo");
    parse_authors(&a, "V. M. Biryukov (Serpukhov, IHEP)");
    assert_string_equal(a.authors, "V. M. Biryukov");
    assert_string_equal(a.affiliations, "Serpukhov, IHEP");
    parse_authors(&a, "B. Lanzoni (1,2), S. Sigurdsson (3) (1 Dip. Astro., Bologna, 2 INAF, 3 - "
                      "Penn State)");
    assert_string_equal(a.authors, "B. Lanzoni | S. Sigurdsson");
    assert_string_equal(a.affiliations, "Dip. Astro., Bologna | INAF | Penn State");
    /* an unmatched parenthesis is dropped, the names survive */
    parse_authors(&a, "A. One (MIT, B. Two");
    assert_string_equal(a.authors, "A. One MIT | B. Two");
}

static void test_collaborations_and_et_al(void **state) {
    (void)state;
    parsed a;
    parse_authors(&a, "The BABAR Collaboration, B. Aubert, et al");
    assert_string_equal(a.authors, "BABAR Collaboration | B. Aubert");
    assert_true(a.truncated);
    parse_authors(&a, "A. Abulencia et al. (CDF Collaboration)");
    assert_string_equal(a.authors, "A. Abulencia");
    assert_string_equal(a.affiliations, "CDF Collaboration");
    assert_true(a.truncated);
    parse_authors(&a, "Jason Glyndwr Ulery (for the STAR Collaboration)");
    assert_string_equal(a.authors, "Jason Glyndwr Ulery");
    assert_string_equal(a.affiliations, "STAR Collaboration");
    parse_authors(&a, "J. Junkersfeld, for the CB-ELSA collaboration");
    assert_string_equal(a.authors, "J. Junkersfeld");
    assert_string_equal(a.affiliations, "CB-ELSA collaboration");
    parse_authors(&a, "LHCb collaboration: R. Aaij, C. Abellán Beteta");
    assert_string_equal(a.authors, "LHCb collaboration | R. Aaij | C. Abellán Beteta");
    parse_authors(&a, "Kenji Hamaguchi, the Suzaku Eta Carinae team");
    assert_string_equal(a.authors, "Kenji Hamaguchi | Suzaku Eta Carinae team");
    parse_authors(&a, "Ada Lovelace and others");
    assert_string_equal(a.authors, "Ada Lovelace");
    assert_true(a.truncated);
}

static void test_hostile_author_strings_yield_a_status(void **state) {
    (void)state;
    parsed a;
    parse_authors(&a, "");
    assert_string_equal(a.authors, "");
    parse_authors(&a, ",,,;;; and and : ( ) ((( )))");
    assert_string_equal(a.authors, "");
    /* many names, deep parentheses, stray bytes */
    size_t n = 200000;
    char *s = malloc(n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        s[i] = "A, (B and (C), \xff"[i % 16];
    s[n] = '\0';
    pdx_paper *p = NULL;
    assert_int_equal(pdx_paper__new(&p), PDX_OK);
    pdx_read_ctx ctx = {0};
    pdx_status st = PDX_OK;
    pdx_read__authors(&st, &ctx, p, s, n);
    assert_int_equal(st, PDX_OK);
    pdx_paper_free(p);
    free(s);
}

static void check_date(const char *in, const char *want) {
    char out[11];
    size_t n = pdx_read__date(out, in, strlen(in));
    assert_int_equal(n, strlen(want));
    if (n)
        assert_string_equal(out, want);
}

static void test_dates_as_sources_write_them_become_iso(void **state) {
    (void)state;
    check_date("Mon, 2 Apr 2007 19:18:42 GMT   (443kb)", "2007-04-02");
    check_date("2007-04-02", "2007-04-02");
    check_date("2019-10-02T10:00:00Z", "2019-10-02");
    check_date("2021-06", "2021-06");
    check_date("1909", "1909");
    check_date("April 2007", "2007-04");
    check_date("August 8 1988", "1988-08-08");
    check_date("8 Aug 1988", "1988-08-08");
    check_date("Sept. 2001", "2001-09");
    /* impossible parts are dropped, not invented */
    check_date("2019-13-01", "2019");
    check_date("30 Feb 2019", "2019-02");
    check_date("29 Feb 2020", "2020-02-29");
    check_date("no date here", "");
    check_date("Tuesday", "");
    check_date("123456", "");
}

static const char *ids_of(pdx_paper *p, char *buf) {
    buf[0] = '\0';
    for (size_t i = 0; i < p->ids.n; i++) {
        strcat(buf, pdx_paper__ids(p)[i].scheme);
        strcat(buf, "=");
        strcat(buf, pdx_paper__ids(p)[i].value);
        strcat(buf, ";");
    }
    return buf;
}

static void check_ids(bool arxiv, const char *in, bool ok, const char *want) {
    pdx_paper *p = NULL;
    char buf[256];
    assert_int_equal(pdx_paper__new(&p), PDX_OK);
    pdx_status st = PDX_OK;
    bool got = arxiv ? pdx_read__add_arxiv(&st, p, in, strlen(in))
                     : pdx_read__add_doi(&st, p, in, strlen(in));
    assert_int_equal(st, PDX_OK);
    assert_int_equal(got, ok);
    assert_string_equal(ids_of(p, buf), want);
    pdx_paper_free(p);
}

static void test_dois_and_arxiv_ids_are_normalised(void **state) {
    (void)state;
    check_ids(false, "10.1103/PhysRevD.76.013009", true, "doi=10.1103/PhysRevD.76.013009;");
    check_ids(false, "https://doi.org/10.1000/XYZ.1", true, "doi=10.1000/XYZ.1;");
    check_ids(false, "doi:10.1000/a 10.1000/b", true, "doi=10.1000/a;");
    check_ids(false, "not a doi", false, "");
    check_ids(true, "0704.0001", true, "arxiv=0704.0001;");
    check_ids(true, "arXiv:1501.00001v3", true, "arxiv=1501.00001;");
    check_ids(true, "https://arxiv.org/abs/2101.04061v1", true, "arxiv=2101.04061;");
    check_ids(true, "math-ph/0509002", true, "arxiv=math-ph/0509002;");
    check_ids(true, "math.AG/0101001v2", true, "arxiv=math/0101001;");
    check_ids(true, "0704.1", false, "");
    check_ids(true, "MATH/0101001", false, "");
    check_ids(true, "hep-th/91080", false, "");
}

/* The id after "arXiv:" in a note of one reader (RIS's N1, CSL's note). */
static void check_arxiv_in(const char *in, const char *want) {
    pdx_paper *p = NULL;
    char buf[256];
    assert_int_equal(pdx_paper__new(&p), PDX_OK);
    pdx_status st = PDX_OK;
    pdx_read__arxiv_in(&st, p, in);
    assert_int_equal(st, PDX_OK);
    assert_string_equal(ids_of(p, buf), want);
    pdx_paper_free(p);
}

static void test_arxiv_ids_are_found_in_notes(void **state) {
    (void)state;
    check_arxiv_in("Preprint at arXiv: 2101.00001 [cs.LG]", "arxiv=2101.00001;");
    check_arxiv_in("ARXIV:hep-th/9108002v1, 1991", "arxiv=hep-th/9108002;");
    check_arxiv_in("see arxiv:nothing, then arXiv:0704.0001", "arxiv=0704.0001;");
    check_arxiv_in("arXiv:2101.00001\nnext line", "arxiv=2101.00001;");
    check_arxiv_in("no id here", "");
    check_arxiv_in(NULL, "");
}

static void test_citation_keys_are_told_from_uris_and_numbers(void **state) {
    (void)state;
    assert_true(pdx_read__key_like("ruiz2021"));
    assert_true(pdx_read__key_like("Ruiz:EPODD-8-2/3"));
    assert_true(pdx_read__key_like("\xc3\xa9t\xc3\xa9" "2020"));
    assert_false(pdx_read__key_like("1234"));
    assert_false(pdx_read__key_like(""));
    assert_false(pdx_read__key_like("http://zotero.org/users/1/items/ABCD"));
    assert_false(pdx_read__key_like("ruiz 2021"));
    assert_false(pdx_read__key_like("ruiz,2021"));
    assert_false(pdx_read__key_like("{ruiz}"));
    char long_key[130];
    memset(long_key, 'a', 129);
    long_key[129] = '\0';
    assert_false(pdx_read__key_like(long_key));
    long_key[128] = '\0';
    assert_true(pdx_read__key_like(long_key));
}

static void test_latin1_bytes_become_characters(void **state) {
    (void)state;
    pdx_buf b = PDX_BUF_INIT;
    pdx_status st = PDX_OK;
    const char *in = "\xc9pijournal de G\xe9om\xe9trie \x93q\x94";
    pdx_read__latin1(&st, &b, in, strlen(in));
    assert_int_equal(st, PDX_OK);
    assert_string_equal(pdx_buf__str(&b), "Épijournal de Géométrie “q”");
    pdx_buf__free(&b);
}

static void test_text_fields_are_decoded_and_collapsed(void **state) {
    (void)state;
    pdx_buf b = PDX_BUF_INIT;
    pdx_status st = PDX_OK;
    const char *t = "  Calculation of\n  prompt  {\\'e}nergies ";
    pdx_read__text(&st, &b, t, strlen(t));
    assert_string_equal(pdx_buf__str(&b), "Calculation of prompt énergies");
    /* BibTeX's ~ and -- are LaTeX even without a backslash */
    t = "J.~Chem. Phys., 1736--1739";
    pdx_read__tex(&st, &b, t, strlen(t));
    assert_string_equal(pdx_buf__str(&b), "J. Chem. Phys., 1736–1739");
    assert_int_equal(st, PDX_OK);
    pdx_buf__free(&b);
}

static void test_field_maps_are_parsed_and_bad_ones_refused(void **state) {
    (void)state;
    pdx_fieldmap fm;
    char *why = NULL;
    assert_int_equal(pdx_fieldmap__parse(&fm, " title = Paper Name ,authors=metadata.authors,", &why),
                     PDX_OK);
    assert_null(why);
    assert_string_equal(pdx_fieldmap__get(&fm, PDX_FIELD_TITLE), "Paper Name");
    assert_string_equal(pdx_fieldmap__get(&fm, PDX_FIELD_AUTHORS), "metadata.authors");
    assert_null(pdx_fieldmap__get(&fm, PDX_FIELD_YEAR));
    pdx_fieldmap__free(&fm);
    assert_int_equal(pdx_fieldmap__parse(&fm, "titel=x", &why), PDX_EINVAL);
    assert_non_null(strstr(why, "unknown field 'titel'"));
    free(why);
    assert_int_equal(pdx_fieldmap__parse(&fm, "title", &why), PDX_EINVAL);
    assert_non_null(strstr(why, "NAME=FIELD"));
    free(why);
    assert_int_equal(pdx_fieldmap__parse(&fm, "title=", &why), PDX_EINVAL);
    free(why);
    assert_null(pdx_fieldmap__get(&fm, PDX_FIELD_TITLE));
    assert_null(pdx_fieldmap__get(NULL, PDX_FIELD_TITLE));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commas_and_and_separate_names),
        cmocka_unit_test(test_surname_first_lists_are_put_in_display_order),
        cmocka_unit_test(test_a_lone_suffix_stays_with_its_name),
        cmocka_unit_test(test_parentheses_hold_affiliations_or_reference_numbers),
        cmocka_unit_test(test_collaborations_and_et_al),
        cmocka_unit_test(test_hostile_author_strings_yield_a_status),
        cmocka_unit_test(test_dates_as_sources_write_them_become_iso),
        cmocka_unit_test(test_dois_and_arxiv_ids_are_normalised),
        cmocka_unit_test(test_arxiv_ids_are_found_in_notes),
        cmocka_unit_test(test_citation_keys_are_told_from_uris_and_numbers),
        cmocka_unit_test(test_latin1_bytes_become_characters),
        cmocka_unit_test(test_text_fields_are_decoded_and_collapsed),
        cmocka_unit_test(test_field_maps_are_parsed_and_bad_ones_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
