/*
 * test_ris.c — the RIS reader: EndNote (BOM, CRLF, continued lines),
 * Web of Science and PubMed-shaped exports, tag spacing, Latin-1; a record
 * with no ER kept and reported; binary junk and stray lines reported; RIS
 * detected from its first TY line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/reader.h"
#include "testutil.h"

static void test_endnote_export_gives_names_dates_venues_and_ids(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("ris/endnote.ris"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.diags, 0);
    const pdx_paper *p = t_find_title(&r, "Knots in Wet Rope Hold Longer");
    assert_non_null(p);
    assert_string_equal(pdx_paper_format(p), "ris");
    assert_int_equal(pdx_paper_author_count(p), 3);
    assert_string_equal(pdx_paper_author(p, 0), "Helga K. Brandvold");
    assert_string_equal(pdx_paper_author(p, 1), "Jörn Müller-Schmidt");
    /* "Family, Given, Suffix" */
    assert_string_equal(pdx_paper_author(p, 2), "Jan van der Waals Jr.");
    /* DA's month and day, as its year agrees with PY's */
    assert_string_equal(pdx_paper_date(p), "2016-09-14");
    assert_string_equal(pdx_paper_venue(p), "Journal of Applied Knotting");
    assert_string_equal(pdx_paper_volume(p), "8");
    assert_string_equal(pdx_paper_number(p), "3");
    assert_string_equal(pdx_paper_pages(p), "101-118");
    assert_string_equal(pdx_paper_extid(p, "doi"), "10.6666/jak.2016.8.101");
    /* a line with no tag continues the abstract; the CR is gone */
    assert_non_null(strstr(pdx_paper_abstract(p), "as it dries. We measure how long"));
    assert_null(strchr(pdx_paper_abstract(p), '\r'));
    /* EndNote's record number is no citation key; an ISSN is no id */
    assert_null(pdx_paper_extid(p, "bibtex"));
    assert_null(pdx_paper_extid(p, "isbn"));
    /* a chapter: the book is its venue, its editor (A2) no author, and
     * the book's ISBN not its id */
    p = t_find_title(&r, "Creases and Their Discontents");
    assert_non_null(p);
    assert_int_equal(pdx_paper_author_count(p), 1);
    assert_string_equal(pdx_paper_venue(p), "Folding: Essays in Honour of Ada Crane");
    assert_string_equal(pdx_paper_pages(p), "33-50");
    assert_null(pdx_paper_extid(p, "isbn"));
    t_records_free(&r);
}

static void test_web_of_science_and_pubmed_exports_keep_their_ids(void **state) {
    (void)state;
    t_records r;
    /* a blank first line, WoS ids in AN, a closing EF */
    t_parse(&r, NULL, t_path("ris/wos.ris"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.diags, 0);
    const pdx_paper *p = t_find_title(&r, "Thermal drift in paper cranes");
    assert_non_null(p);
    assert_string_equal(pdx_paper_extid(p, "wos"), "000456789100002");
    assert_string_equal(pdx_paper_author(p, 0), "K Tanabe");
    assert_string_equal(pdx_paper_venue(p), "ORIGAMI LETTERS");
    p = t_find_title(&r, "Dunes that walk");
    assert_non_null(p);
    assert_string_equal(pdx_paper_extid(p, "arxiv"), "1805.04321"); /* from UR */
    t_records_free(&r);
    /* T1, A1, Y1, N2 over three lines, JF, the PMID in AN, the DOI in M3
     * and an arXiv id in N1 */
    t_parse(&r, NULL, t_path("ris/pubmed.ris"), NULL);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.diags, 0);
    p = r.v[0];
    assert_string_equal(pdx_paper_title(p), "Sleep spindles in paper-folding experts");
    assert_string_equal(pdx_paper_author(p, 1), "Zofia Łukasiewicz");
    assert_string_equal(pdx_paper_date(p), "2019-06-21");
    assert_string_equal(pdx_paper_venue(p), "Journal of Sleep and Craft");
    assert_string_equal(pdx_paper_extid(p, "pmid"), "31415926");
    assert_string_equal(pdx_paper_extid(p, "doi"), "10.8888/jsc.2019.e1234");
    assert_string_equal(pdx_paper_extid(p, "arxiv"), "1906.01234");
    assert_non_null(strstr(pdx_paper_abstract(p), "twelve experts and twelve novices"));
    assert_non_null(strstr(pdx_paper_abstract(p), "faded within a week."));
    t_records_free(&r);
}

static void test_tags_with_one_space_and_latin1_text_are_read(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("ris/spacing.ris"), NULL);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.diags, 0);
    assert_string_equal(pdx_paper_title(r.v[0]), "Spacing in tags does not matter");
    assert_string_equal(pdx_paper_author(r.v[0], 0), "Bo Chen");
    assert_int_equal(pdx_paper_year(r.v[0]), 2020);
    assert_string_equal(pdx_paper_venue(r.v[0]), "Letters on Formats");
    t_records_free(&r);
    /* older EndNote writes Windows-1252 */
    char *dir = t_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/latin1.ris", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("TY  - JOUR\r\nAU  - M\xfcller, J\xf6rn\r\nTI  - Caf\xe9 knots\r\nER  - \r\n", f);
    assert_int_equal(fclose(f), 0);
    t_parse(&r, NULL, path, NULL);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.diags, 0);
    assert_string_equal(pdx_paper_author(r.v[0], 0), "Jörn Müller");
    assert_string_equal(pdx_paper_title(r.v[0]), "Café knots");
    t_records_free(&r);
    t_rmrf(dir);
    free(dir);
}

static void test_a_record_with_no_er_is_reported_and_kept(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("ris/noer.ris"), NULL);
    assert_int_equal(r.st, PDX_OK);
    /* one ends at the next TY, one at the end of the file */
    assert_int_equal(r.n, 3);
    assert_int_equal(r.diags, 2);
    assert_non_null(strstr(r.last_diag, "noer.ris:11: RIS record has no ER line before the end"));
    assert_non_null(t_find_title(&r, "The first record never ends"));
    const pdx_paper *p = t_find_title(&r, "The second record closes");
    assert_non_null(p);
    assert_int_equal(pdx_paper_year(p), 2002);
    p = t_find_title(&r, "The last record is cut off");
    assert_non_null(p);
    assert_string_equal(pdx_paper_abstract(p), "Its ER line is missing");
    t_records_free(&r);
}

static void test_binary_junk_and_stray_lines_are_reported_and_skipped(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("ris/junk.ris"), NULL);
    assert_int_equal(r.n, 2);
    /* two lines of control bytes, one tag line after the last ER */
    assert_int_equal(r.diags, 3);
    assert_non_null(strstr(r.last_diag, "junk.ris:12: tag line outside a RIS record"));
    const pdx_paper *p = t_find_title(&r, "A record after the junk");
    assert_non_null(p);
    assert_string_equal(pdx_paper_author(p, 0), "Ana Ruiz");
    t_records_free(&r);
}

static void test_ris_is_detected_by_its_first_ty_line(void **state) {
    (void)state;
    static const struct {
        const char *head;
        bool ris;
    } cases[] = {
        {"TY  - JOUR\nTI  - T\nER  - \n", true},
        {"\n\nTY  - BOOK\r\nTI  - T\r\n", true},
        {"TY - JOUR\nTI - T\n", true},
        {"Exported from a library\nTY  - JOUR\nAU  - Ruiz, Ana\nTI  - T\nER  - \n", true},
        {"TYPE - JOUR\nTI  - T\n", false},
        {"Some words about TY  - JOUR in a sentence.\nMore words.\n", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const pdx_reader *rd =
            pdx_reader__sniff(cases[i].head, strlen(cases[i].head), "export.txt");
        bool ris = rd && strcmp(rd->name, "ris") == 0;
        if (ris != cases[i].ris)
            fail_msg("case %zu: read as %s", i, rd ? rd->name : "nothing");
    }
    static const char *const fixtures[] = {"endnote.ris", "wos.ris",  "pubmed.ris",
                                           "spacing.ris", "noer.ris", "junk.ris"};
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "ris/%s", fixtures[i]);
        t_records r;
        t_parse(&r, NULL, t_path(rel), NULL);
        assert_true(r.n > 0);
        for (size_t k = 0; k < r.n; k++)
            assert_string_equal(pdx_paper_format(r.v[k]), "ris");
        t_records_free(&r);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_endnote_export_gives_names_dates_venues_and_ids),
        cmocka_unit_test(test_web_of_science_and_pubmed_exports_keep_their_ids),
        cmocka_unit_test(test_tags_with_one_space_and_latin1_text_are_read),
        cmocka_unit_test(test_a_record_with_no_er_is_reported_and_kept),
        cmocka_unit_test(test_binary_junk_and_stray_lines_are_reported_and_skipped),
        cmocka_unit_test(test_ris_is_detected_by_its_first_ty_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
