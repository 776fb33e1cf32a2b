/*
 * test_ids.c — pasted ids: the normaliser over the forms people paste
 * (arXiv ids and URLs, DOIs, BibTeX keys), and pdx_db_find_id() on a
 * database where one paper was read from arXiv and BibTeX and two papers
 * share a BibTeX key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ids.h"
#include "testutil.h"

static void test_every_pasted_arxiv_form_gives_the_bare_id(void **state) {
    (void)state;
    static const char *const cases[][2] = {
        {"0704.0001", "0704.0001"},
        {"arXiv:0704.0001", "0704.0001"},
        {"ARXIV: 0704.0001", "0704.0001"},
        {"arXiv:0704.0001v2", "0704.0001"},
        {"0704.0001v2", "0704.0001"},
        {" 2101.00001 ", "2101.00001"},
        {"https://arxiv.org/abs/0704.0001", "0704.0001"},
        {"http://arxiv.org/abs/0704.0001v3", "0704.0001"},
        {"https://arxiv.org/pdf/0704.0001v1.pdf", "0704.0001"},
        {"https://arxiv.org/pdf/0704.0001", "0704.0001"},
        {"https://export.arxiv.org/abs/0704.0001?context=math", "0704.0001"},
        {"<https://www.arxiv.org/abs/0704.0001/>", "0704.0001"},
        {"hep-th/9901001", "hep-th/9901001"},
        {"arXiv:hep-th/9901001v2", "hep-th/9901001"},
        {"https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"},
        {"https://arxiv.org/pdf/hep-th/9901001v1.pdf", "hep-th/9901001"},
        {"math.AG/0101001", "math/0101001"},
        {"arxiv.org/abs/0704.0001v2", "0704.0001"},
        {"www.arxiv.org/pdf/hep-th/9901001.pdf", "hep-th/9901001"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[64];
        size_t n = pdx_ids__arxiv(out, cases[i][0], strlen(cases[i][0]));
        if (n == 0)
            fail_msg("not read as an arXiv id: '%s'", cases[i][0]);
        assert_string_equal(out, cases[i][1]);
        assert_int_equal(n, strlen(cases[i][1]));
    }
}

static void test_things_that_are_not_arxiv_ids_are_refused(void **state) {
    (void)state;
    static const char *const no[] = {
        "", "smith2020", "0704.001", "0704.000001", "07040.0001", "hep-th/990100",
        "10.1000/xyz", "https://example.org/abs/0704.0001", "https://arxiv.org/list/0704.0001",
        "hep th/9901001", "0704.0001x",
    };
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
        char out[64];
        if (pdx_ids__arxiv(out, no[i], strlen(no[i])) != 0)
            fail_msg("read as an arXiv id: '%s' -> '%s'", no[i], out);
    }
}

static void test_every_pasted_doi_form_gives_the_doi(void **state) {
    (void)state;
    static const char *const cases[][2] = {
        {"10.1103/PhysRevD.76.013009", "10.1103/PhysRevD.76.013009"},
        {"doi:10.1103/PhysRevD.76.013009", "10.1103/PhysRevD.76.013009"},
        {"DOI: 10.1103/x", "10.1103/x"},
        {"https://doi.org/10.1103/x", "10.1103/x"},
        {"http://dx.doi.org/10.1103/x", "10.1103/x"},
        {"https://dx.doi.org/10.1000%2Fa%3Bb", "10.1000/a;b"},
        {"10.1000/xyz.", "10.1000/xyz"},
        {"10.1000.5/xyz", "10.1000.5/xyz"},
        {"doi.org/10.1103/x", "10.1103/x"},
        {"dx.doi.org/10.1103/x?via=y", "10.1103/x"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pdx_status st = PDX_OK;
        pdx_buf b = PDX_BUF_INIT;
        if (!pdx_ids__doi(&st, &b, cases[i][0], strlen(cases[i][0])))
            fail_msg("not read as a DOI: '%s'", cases[i][0]);
        assert_int_equal(st, PDX_OK);
        assert_string_equal(pdx_buf__str(&b), cases[i][1]);
        pdx_buf__free(&b);
    }
    static const char *const no[] = {"", "10.1000", "10./x", "11.1000/x", "10.1000/",
                                     "https://example.org/10.1000/x", "0704.0001", "10.10 00/x"};
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
        pdx_status st = PDX_OK;
        pdx_buf b = PDX_BUF_INIT;
        if (pdx_ids__doi(&st, &b, no[i], strlen(no[i])))
            fail_msg("read as a DOI: '%s'", no[i]);
        pdx_buf__free(&b);
    }
}

/* The terms of `id` as one string: each term followed by ' ', each
 * tier's end shown as '|'. */
static void terms_of(char *out, size_t cap, const char *id) {
    pdx_status st = PDX_OK;
    pdx_buf b = PDX_BUF_INIT;
    pdx_ids__terms(&st, &b, id);
    assert_int_equal(st, PDX_OK);
    size_t k = 0;
    for (size_t i = 0; i < b.n;) {
        size_t len = strlen(b.p + i);
        assert_true(k + len + 2 < cap);
        memcpy(out + k, b.p + i, len);
        k += len;
        out[k++] = len ? ' ' : '|';
        i += len + 1;
    }
    out[k] = '\0';
    pdx_buf__free(&b);
}

static void test_terms_come_in_tiers_own_id_then_work_ids_then_labels(void **state) {
    (void)state;
    char t[512];
    terms_of(t, sizeof t, "https://doi.org/10.1000/ABC");
    assert_non_null(strstr(t, "XIdoi:10.1000/abc")); /* folded, as the store keys it */
    terms_of(t, sizeof t, " Bib:Smith2020 ");
    assert_string_equal(t, "QBib:Smith2020 ||XIbibtex:bib:smith2020 XIid:bib:smith2020 |");
    terms_of(t, sizeof t, "bib:Smith2020");
    assert_string_equal(t, "Qbib:Smith2020 ||XIbibtex:smith2020 XIbibtex:bib:smith2020 "
                           "XIid:bib:smith2020 |");
    terms_of(t, sizeof t, "arXiv:0704.0001v2");
    assert_string_equal(t, "QarXiv:0704.0001v2 |XIarxiv:0704.0001 |XIbibtex:arxiv:0704.0001v2 "
                           "XIid:arxiv:0704.0001v2 |");
}

static void test_pubmed_and_other_stored_ids_are_work_ids(void **state) {
    (void)state;
    static const struct {
        const char *pasted, *term;
    } cases[] = {
        {"pmid:31415926", "XIpmid:31415926"},
        {"PMID: 31415926", "XIpmid:31415926"},
        {"https://pubmed.ncbi.nlm.nih.gov/31415926/", "XIpmid:31415926"},
        {"https://www.ncbi.nlm.nih.gov/pubmed/31415926?dopt=Abstract", "XIpmid:31415926"},
        {"PMC6543210", "XIpmcid:pmc6543210"},
        {"pmcid:6543210", "XIpmcid:pmc6543210"},
        {"https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6543210/", "XIpmcid:pmc6543210"},
        {"https://pmc.ncbi.nlm.nih.gov/articles/PMC6543210/", "XIpmcid:pmc6543210"},
        {"WOS:000456789100002", "XIwos:000456789100002"},
        {"isbn:978-0-262-03384-8", "XIisbn:978-0-262-03384-8"},
    };
    char t[512], want[128];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        terms_of(t, sizeof t, cases[i].pasted);
        /* in the tier of the work's ids: after the first '|', before the second */
        const char *tier1 = strchr(t, '|') + 1, *end = strchr(tier1, '|');
        snprintf(want, sizeof want, "%s ", cases[i].term);
        const char *at = strstr(tier1, want);
        if (!at || at > end)
            fail_msg("case %zu: %s gives %s", i, cases[i].pasted, t);
    }
    /* not ids: no term of those schemes in the work tier */
    static const char *const not_ids[] = {"pmid:abc", "https://example.org/pubmed", "PMC", "pmid:"};
    for (size_t i = 0; i < sizeof not_ids / sizeof *not_ids; i++) {
        terms_of(t, sizeof t, not_ids[i]);
        const char *tier1 = strchr(t, '|') + 1, *end = strchr(tier1, '|');
        if (end != tier1)
            fail_msg("%s gives %s", not_ids[i], t);
    }
    /* a bare number is tried as a PubMed id, but only with the labels */
    terms_of(t, sizeof t, "31415926");
    assert_string_equal(t, "Q31415926 ||XIbibtex:31415926 XIid:31415926 XIpmid:31415926 |");
}

/* ---- on a database ---------------------------------------------------------- */

typedef struct fixture {
    char *dir;
    pdx_db *db;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    char path[4200];
    snprintf(path, sizeof path, "%s/db", f->dir);
    assert_int_equal(t_ingest(path, t_path("ids/lattice.abs"), t_path("ids/lattice.bib"),
                              t_path("ids/shared-a.bib"), t_path("ids/shared-b.bib"),
                              t_path("arxiv/hep-th_9901001.abs"), NULL),
                     PDX_OK);
    assert_int_equal(pdx_db_open(&f->db, path, PDX_DB_READ, NULL), PDX_OK);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    pdx_db_free(f->db);
    t_rmrf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static void test_a_merged_paper_is_found_by_each_of_its_ids(void **state) {
    fixture *f = *state;
    static const char *const forms[] = {
        "arXiv:0704.0001", "0704.0001", "arXiv:0704.0001v2", "0704.0001v2",
        "https://arxiv.org/abs/0704.0001", "https://arxiv.org/pdf/0704.0001v1.pdf",
        "10.5555/JCW.2008.31.245", "10.5555/jcw.2008.31.245", "doi:10.5555/JCW.2008.31.245",
        "https://doi.org/10.5555/jcw.2008.31.245", "http://dx.doi.org/10.5555/JCW.2008.31.245",
        "okafor2008walks", "bib:okafor2008walks", "Okafor2008Walks",
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        pdx_paper **v = NULL;
        size_t n = 9;
        assert_int_equal(pdx_db_find_id(&v, &n, f->db, forms[i]), PDX_OK);
        if (n != 1)
            fail_msg("'%s' found %zu papers", forms[i], n);
        assert_string_equal(pdx_paper_id(v[0]), "arXiv:0704.0001");
        pdx_papers_free(v, n);
    }
    pdx_paper *p = NULL;
    assert_int_equal(pdx_db_get(&p, f->db, "https://arxiv.org/abs/hep-th/9901001v1"), PDX_OK);
    assert_string_equal(pdx_paper_id(p), "arXiv:hep-th/9901001");
    pdx_paper_free(p);
}

static void test_a_key_two_papers_share_is_ambiguous_and_names_both(void **state) {
    fixture *f = *state;
    pdx_paper **v = NULL;
    size_t n = 0;
    assert_int_equal(pdx_db_find_id(&v, &n, f->db, "survey"), PDX_OK);
    assert_int_equal(n, 2);
    pdx_papers_free(v, n);
    pdx_paper *p = (pdx_paper *)1;
    assert_int_equal(pdx_db_get(&p, f->db, "survey"), PDX_ENOTFOUND);
    assert_null(p);
    assert_non_null(strstr(pdx_db_errmsg(f->db), "ambiguous"));
    assert_non_null(strstr(pdx_db_errmsg(f->db), "Tide Pools"));
    assert_non_null(strstr(pdx_db_errmsg(f->db), "Sand Dune"));
    /* our own id of either is exact, so it is not ambiguous */
    assert_int_equal(pdx_db_find_id(&v, &n, f->db, "bib:survey-2"), PDX_OK);
    assert_int_equal(n, 1);
    assert_string_equal(pdx_paper_title(v[0]), "A Survey of Sand Dune Migration Models");
    pdx_papers_free(v, n);
}

static void test_an_unknown_id_finds_nothing_and_is_not_an_error(void **state) {
    fixture *f = *state;
    static const char *const forms[] = {"0704.9999", "doi:10.1/none", "nokey", "", "   "};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        pdx_paper **v = (pdx_paper **)1;
        size_t n = 9;
        assert_int_equal(pdx_db_find_id(&v, &n, f->db, forms[i]), PDX_OK);
        assert_int_equal(n, 0);
        assert_null(v);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_pasted_arxiv_form_gives_the_bare_id),
        cmocka_unit_test(test_things_that_are_not_arxiv_ids_are_refused),
        cmocka_unit_test(test_every_pasted_doi_form_gives_the_doi),
        cmocka_unit_test(test_terms_come_in_tiers_own_id_then_work_ids_then_labels),
        cmocka_unit_test(test_pubmed_and_other_stored_ids_are_work_ids),
        cmocka_unit_test_setup_teardown(test_a_merged_paper_is_found_by_each_of_its_ids, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_key_two_papers_share_is_ambiguous_and_names_both,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_unknown_id_finds_nothing_and_is_not_an_error,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
