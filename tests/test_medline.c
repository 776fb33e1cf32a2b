/*
 * test_medline.c — the MEDLINE reader (PubMed's own format): long and
 * short author forms, groups, editors, NLM's dates, abbreviated pages,
 * PubMed, PMC and DOI ids, titles without NLM's period and brackets; text
 * outside records, junk and empty records reported; records ended by a
 * blank line or the next PMID; detection from the PMID line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/reader.h"
#include "testutil.h"

static void test_a_pubmed_export_gives_names_dates_venues_and_ids(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("medline/pubmed.nbib"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 4);
    assert_int_equal(r.diags, 0);
    /* the title over two lines, NLM's closing period dropped */
    const pdx_paper *p =
        t_find_title(&r, "Sleep spindles in paper-folding experts: a randomised crossover trial");
    assert_non_null(p);
    assert_string_equal(pdx_paper_format(p), "medline");
    /* FAU turned round, CN (a group) in its place; AU not read twice */
    static const char *const authors[] = {"Zofia Łukasiewicz", "Séamus K Ó Briain",
                                          "Paper Sleep Consortium", NULL};
    t_assert_authors(p, authors);
    /* DP "2019 Jun" made precise by DEP 20190621 */
    assert_string_equal(pdx_paper_date(p), "2019-06-21");
    assert_string_equal(pdx_paper_venue(p), "Journal of sleep and craft");
    assert_string_equal(pdx_paper_volume(p), "12");
    assert_string_equal(pdx_paper_number(p), "3");
    assert_string_equal(pdx_paper_pages(p), "1123-1130");
    assert_string_equal(pdx_paper_extid(p, "pmid"), "31415926");
    assert_string_equal(pdx_paper_extid(p, "pmcid"), "PMC6543210");
    /* the [doi] of LID, not its [pii] */
    assert_string_equal(pdx_paper_extid(p, "doi"), "10.5555/jsc.2019.0012");
    /* continued lines joined; section labels kept */
    assert_non_null(strstr(pdx_paper_abstract(p), "after long sessions. METHODS: We recorded"));
    assert_non_null(strstr(pdx_paper_abstract(p), "CONCLUSIONS: Procedural craft work changes sleep."));

    /* a translated title's brackets, AU's short form, a suffix, a season */
    p = t_find_title(&r, "Folding strength of wet kraft paper");
    assert_non_null(p);
    static const char *const short_forms[] = {"J. K. Müller-Schmidt", "J. Weir Jr", NULL};
    t_assert_authors(p, short_forms);
    assert_string_equal(pdx_paper_date(p), "2017");
    assert_string_equal(pdx_paper_pages(p), "e1002686");
    assert_null(pdx_paper_abstract(p));
    assert_string_equal(pdx_paper_venue(p), "Papier-Forschung");

    /* a chapter: its book is the venue, the editor no author */
    p = t_find_title(&r, "Creases and their discontents");
    assert_non_null(p);
    static const char *const chapter[] = {"Ada Crane", NULL};
    t_assert_authors(p, chapter);
    assert_string_equal(pdx_paper_venue(p), "Handbook of Paper Crafts");
    assert_string_equal(pdx_paper_pages(p), "33-50");
    /* a whole book: BTI is the title, its editors stand for authors */
    p = t_find_title(&r, "Handbook of Paper Crafts");
    assert_non_null(p);
    static const char *const editors[] = {"Chidi Okafor", NULL};
    t_assert_authors(p, editors);
    assert_string_equal(pdx_paper_extid(p, "pmid"), "30000003");
    t_records_free(&r);
}

static void test_junk_stray_text_and_empty_records_are_reported(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("medline/messy.nbib"), NULL);
    assert_int_equal(r.st, PDX_OK);
    /* a header before the first record, a record with neither title nor
     * abstract (ended by the next PMID, no blank line), a junk line */
    assert_int_equal(r.n, 2);
    assert_int_equal(r.diags, 3);
    /* CRLF, and a continuation that lost its indent */
    const pdx_paper *p = t_find_title(&r, "Cut paper under the microscope");
    assert_non_null(p);
    assert_string_equal(pdx_paper_abstract(p), "We image cut edges.");
    assert_string_equal(pdx_paper_date(p), "2018-11-20");
    assert_string_equal(pdx_paper_extid(p, "pmid"), "29000001");
    /* the last record, cut in the middle of a line, is kept */
    p = t_find_title(&r, "The last record, cut off");
    assert_non_null(p);
    assert_string_equal(pdx_paper_abstract(p), "Its file ends in the middle of a line");
    t_records_free(&r);
}

/* Parses one MEDLINE record given as text, through a file. */
static void parse_text(t_records *r, char *dir, const char *text) {
    char path[4096];
    snprintf(path, sizeof path, "%s/one.nbib", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    t_parse(r, NULL, path, NULL);
    assert_int_equal(r->st, PDX_OK);
    assert_int_equal(r->n, 1);
}

static void test_nlm_dates_and_pages_in_their_shapes(void **state) {
    (void)state;
    static const struct {
        const char *dp, *dep, *date;
    } dates[] = {
        {"2019 Jun 21", NULL, "2019-06-21"}, {"2019 Jun-Jul", NULL, "2019-06"},
        {"2019 Jun 21-28", NULL, "2019-06"}, {"2019 Spring", NULL, "2019"},
        {"2019", "20190301", "2019-03-01"},  {"2019 Dec", "20200105", "2019-12"},
        {NULL, "20200105", "2020-01-05"},
    };
    char *dir = t_tmpdir();
    char text[512];
    t_records r;
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        snprintf(text, sizeof text, "PMID- 1\nTI  - A title.\n%s%s%s%s%s", dates[i].dp ? "DP  - " : "",
                 dates[i].dp ? dates[i].dp : "", dates[i].dp ? "\n" : "",
                 dates[i].dep ? "DEP - " : "", dates[i].dep ? dates[i].dep : "");
        parse_text(&r, dir, text);
        if (!pdx_paper_date(r.v[0]) || strcmp(pdx_paper_date(r.v[0]), dates[i].date) != 0)
            fail_msg("case %zu: %s, not %s", i, pdx_paper_date(r.v[0]), dates[i].date);
        t_records_free(&r);
    }
    static const struct {
        const char *pg, *pages;
    } pages[] = {
        {"1123-30", "1123-1130"}, {"99-101", "99-101"}, {"1123-1130", "1123-1130"},
        {"S12-9", "S12-9"},       {"e1002686", "e1002686"}, {"7", "7"},
    };
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        snprintf(text, sizeof text, "PMID- 1\nTI  - A title?\nPG  - %s\n", pages[i].pg);
        parse_text(&r, dir, text);
        assert_string_equal(pdx_paper_pages(r.v[0]), pages[i].pages);
        /* a question mark is the title's own */
        assert_string_equal(pdx_paper_title(r.v[0]), "A title?");
        t_records_free(&r);
    }
    t_rmrf(dir);
    free(dir);
}

static void test_medline_is_detected_by_its_pmid_line(void **state) {
    (void)state;
    static const struct {
        const char *head, *reader;
    } cases[] = {
        {"PMID- 31415926\nOWN - NLM\nTI  - T\n", "medline"},
        {"\r\nPMID- 1\r\nTI  - T\r\n", "medline"},
        {"Search results\nItems: 1-2\n\nPMID- 1\nTI  - T\nFAU - Ruiz, Ana\n", "medline"},
        {"TY  - JOUR\nTI  - T\nER  - \n", "ris"},
        {"PMID 31415926 is cited in a sentence.\nMore words.\n", NULL},
        {"TI  - T\nAU  - Ruiz A\n", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const pdx_reader *rd =
            pdx_reader__sniff(cases[i].head, strlen(cases[i].head), "pubmed-set.txt");
        const char *want = cases[i].reader, *got = rd ? rd->name : NULL;
        if (want ? !got || strcmp(got, want) != 0 : got && strcmp(got, "medline") == 0)
            fail_msg("case %zu: read as %s", i, got ? got : "nothing");
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_pubmed_export_gives_names_dates_venues_and_ids),
        cmocka_unit_test(test_junk_stray_text_and_empty_records_are_reported),
        cmocka_unit_test(test_nlm_dates_and_pages_in_their_shapes),
        cmocka_unit_test(test_medline_is_detected_by_its_pmid_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
