/*
 * test_remove.c — pdx_db_remove() and pdx_db_remove_source() on a
 * database where one paper was merged from an arXiv record and a BibTeX
 * entry, and two papers share a BibTeX key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct fixture {
    char *dir;
    char path[4200];
    pdx_db *db;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    snprintf(f->path, sizeof f->path, "%s/db", f->dir);
    assert_int_equal(t_ingest(f->path, t_path("ids/lattice.abs"), t_path("ids/lattice.bib"),
                              t_path("ids/shared-a.bib"), t_path("ids/shared-b.bib"), NULL),
                     PDX_OK);
    assert_int_equal(pdx_db_open(&f->db, f->path, PDX_DB_WRITE, NULL), PDX_OK);
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

static uint64_t papers(pdx_db *db) {
    pdx_stats s;
    assert_int_equal(pdx_db_stats(&s, db), PDX_OK);
    return s.papers;
}

static void test_ids_in_any_form_remove_each_paper_once(void **state) {
    fixture *f = *state;
    const char *ids[] = {"https://doi.org/10.5555/jcw.2008.31.245", "okafor2008walks", "nokey",
                         "survey"};
    pdx_removal *r = NULL;
    assert_int_equal(pdx_db_remove(&r, f->db, ids, 4), PDX_OK);
    assert_int_equal(r->n_removed, 1);
    assert_string_equal(r->removed[0], "arXiv:0704.0001");
    assert_int_equal(r->n_not_found, 1);
    assert_string_equal(r->not_found[0], "nokey");
    assert_int_equal(r->n_ambiguous, 1);
    assert_string_equal(r->ambiguous[0], "survey");
    assert_int_equal(r->n_updated, 0);
    pdx_removal_free(r);
    assert_int_equal(papers(f->db), 2);
    pdx_paper *p = NULL;
    assert_int_equal(pdx_db_get(&p, f->db, "0704.0001"), PDX_ENOTFOUND);
}

static void test_a_read_only_database_is_refused(void **state) {
    fixture *f = *state;
    pdx_db_free(f->db);
    assert_int_equal(pdx_db_open(&f->db, f->path, PDX_DB_READ, NULL), PDX_OK);
    const char *ids[] = {"0704.0001"};
    pdx_removal *r = (pdx_removal *)1;
    assert_int_equal(pdx_db_remove(&r, f->db, ids, 1), PDX_EINVAL);
    assert_null(r);
    r = (pdx_removal *)1;
    assert_int_equal(pdx_db_remove_source(&r, f->db, t_path("ids/lattice.bib")), PDX_EINVAL);
    assert_null(r);
}

static void test_removing_a_merged_file_remakes_the_paper_from_the_other(void **state) {
    fixture *f = *state;
    pdx_removal *r = NULL;
    assert_int_equal(pdx_db_remove_source(&r, f->db, t_path("ids/lattice.bib")), PDX_OK);
    assert_int_equal(r->n_removed, 0);
    assert_int_equal(r->n_updated, 1);
    assert_string_equal(r->updated[0], "arXiv:0704.0001");
    pdx_removal_free(r);
    assert_int_equal(papers(f->db), 3);
    pdx_paper *p = NULL;
    assert_int_equal(pdx_db_get(&p, f->db, "0704.0001"), PDX_OK);
    assert_int_equal(pdx_paper_source_count(p), 1);
    assert_null(pdx_paper_extid(p, "bibtex"));
    assert_null(pdx_paper_volume(p));
    assert_string_equal(pdx_paper_venue(p), "J. Comb. Walks 31 (2008) 245-260");
    assert_string_equal(pdx_paper_title(p), "Counting Lattice Walks Near a Reflecting Wall");
    pdx_paper_free(p);
    /* its key no longer finds it */
    pdx_paper **v = NULL;
    size_t n = 9;
    assert_int_equal(pdx_db_find_id(&v, &n, f->db, "okafor2008walks"), PDX_OK);
    assert_int_equal(n, 0);
}

static void test_removing_a_file_read_alone_deletes_its_papers(void **state) {
    fixture *f = *state;
    pdx_removal *r = NULL;
    assert_int_equal(pdx_db_remove_source(&r, f->db, t_path("ids/shared-a.bib")), PDX_OK);
    assert_int_equal(r->n_removed, 1);
    assert_string_equal(r->removed[0], "bib:survey");
    pdx_removal_free(r);
    assert_int_equal(papers(f->db), 2);
    /* a file never read */
    assert_int_equal(pdx_db_remove_source(&r, f->db, t_path("export/papers.jsonl")), PDX_OK);
    assert_int_equal(r->n_removed + r->n_updated, 0);
    assert_int_equal(r->n_not_found, 1);
    pdx_removal_free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ids_in_any_form_remove_each_paper_once, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_read_only_database_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_removing_a_merged_file_remakes_the_paper_from_the_other, setup, teardown),
        cmocka_unit_test_setup_teardown(test_removing_a_file_read_alone_deletes_its_papers, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
