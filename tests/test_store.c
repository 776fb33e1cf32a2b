/*
 * test_store.c — the store on a temporary database: a record put is the
 * record read back, records of one work merge (and records whose ids
 * conflict do not), taking back an input file deletes only what no other
 * file holds, and the per-file ingest state round-trips.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "testutil.h"

#define KEY_A "00000000000000a1"
#define KEY_B "00000000000000b2"

typedef struct fixture {
    char *dir;
    char path[4200];
    pdx_db *db;
    pdx_store *s;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    snprintf(f->path, sizeof f->path, "%s/db", f->dir);
    if (pdx_db_open(&f->db, f->path, PDX_DB_WRITE, NULL) != PDX_OK)
        return -1;
    if (pdx_store__new(&f->s, f->db) != PDX_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    pdx_store__free(f->s);
    pdx_db_free(f->db);
    t_rmrf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* A finished record; `id` and `doi` may be NULL (the id is then derived
 * from the title), `abstract` too. */
static pdx_paper *paper(const char *id, const char *doi, const char *title, const char *abstract,
                        const char *author, const char *file) {
    pdx_paper *p = NULL;
    assert_int_equal(pdx_paper__new(&p), PDX_OK);
    pdx_status st = PDX_OK;
    if (id)
        pdx_paper__add_id(&st, p, "id", id, strlen(id));
    if (doi)
        pdx_paper__add_id(&st, p, "doi", doi, strlen(doi));
    pdx_paper__set_title(&st, p, title, strlen(title));
    if (abstract)
        pdx_paper__set_abstract(&st, p, abstract, strlen(abstract));
    pdx_paper__add_author(&st, p, author, strlen(author), 0);
    pdx_paper__set_date(&st, p, "2020", 4);
    pdx_paper__add_source(&st, p, file, 1);
    assert_int_equal(st, PDX_OK);
    assert_int_equal(pdx_paper__finish(p), PDX_OK);
    return p;
}

/* Puts `p` (freed) and returns whether it merged. */
static bool put(pdx_store *s, pdx_paper *p) {
    bool merged = true;
    assert_int_equal(pdx_store__put(&merged, s, p), PDX_OK);
    pdx_paper_free(p);
    return merged;
}

static uint64_t papers(pdx_db *db) {
    pdx_stats sx;
    assert_int_equal(pdx_db_stats(&sx, db), PDX_OK);
    return sx.papers;
}

static void test_store_reads_back_the_record_it_put(void **state) {
    fixture *f = *state;
    assert_false(put(f->s, paper("s1", NULL, "Sparse solvers on many cores",
                                 "We solve sparse systems.", "Ben Okafor", "a.jsonl")));
    assert_int_equal(pdx_store__commit(f->s), PDX_OK);
    pdx_paper *got = NULL;
    assert_int_equal(pdx_db_get(&got, f->db, "s1"), PDX_OK);
    assert_string_equal(pdx_paper_title(got), "Sparse solvers on many cores");
    assert_string_equal(pdx_paper_abstract(got), "We solve sparse systems.");
    assert_int_equal(pdx_paper_author_count(got), 1);
    assert_string_equal(pdx_paper_author(got, 0), "Ben Okafor");
    assert_int_equal(pdx_paper_year(got), 2020);
    pdx_paper_free(got);
    assert_int_equal(papers(f->db), 1);
}

static void test_store_merges_a_record_of_the_same_title(void **state) {
    fixture *f = *state;
    assert_false(put(f->s, paper("s1", NULL, "Annealing schedules revisited", NULL,
                                 "Chiara Bellandi", "a.jsonl")));
    /* no id of its own, the same title: the same work, now with an abstract */
    assert_true(put(f->s, paper(NULL, NULL, "Annealing Schedules Revisited",
                                "Adaptive schedules converge faster.", "C. Bellandi", "b.jsonl")));
    assert_int_equal(pdx_store__commit(f->s), PDX_OK);
    assert_int_equal(papers(f->db), 1);
    pdx_paper *got = NULL;
    assert_int_equal(pdx_db_get(&got, f->db, "s1"), PDX_OK);
    assert_string_equal(pdx_paper_abstract(got), "Adaptive schedules converge faster.");
    assert_int_equal(pdx_paper_source_count(got), 2);
    pdx_paper_free(got);
}

static void test_store_keeps_records_with_conflicting_dois_apart(void **state) {
    fixture *f = *state;
    assert_false(put(f->s, paper(NULL, "10.1/one", "Introduction", "First.", "Ann Lee", "a")));
    assert_false(put(f->s, paper(NULL, "10.1/two", "Introduction", "Second.", "Bo Lee", "a")));
    assert_int_equal(pdx_store__commit(f->s), PDX_OK);
    assert_int_equal(papers(f->db), 2);
}

static void test_store_finds_the_stored_paper_of_the_same_work(void **state) {
    fixture *f = *state;
    assert_false(put(f->s, paper("s1", NULL, "Neural fields for shape reconstruction", NULL,
                                 "Alba Quintero", "a")));
    assert_int_equal(pdx_store__commit(f->s), PDX_OK);
    pdx_paper *same = paper(NULL, NULL, "Neural fields for shape reconstruction", NULL, "A. Q.", "b");
    pdx_paper *other = paper(NULL, NULL, "Crystal structures from powder data", NULL, "X Y", "b");
    uint32_t docid = 0;
    assert_int_equal(pdx_store__find_same(&docid, f->s, same), PDX_OK);
    assert_true(docid != 0);
    docid = 7;
    assert_int_equal(pdx_store__find_same(&docid, f->s, other), PDX_OK);
    assert_int_equal(docid, 0);
    pdx_paper_free(same);
    pdx_paper_free(other);
}

static void test_store_forgetting_a_file_keeps_papers_another_file_holds(void **state) {
    fixture *f = *state;
    pdx_store__set_source(f->s, KEY_A);
    assert_false(put(f->s, paper("s1", NULL, "Message passing on hypergraphs", NULL, "D S", "a")));
    pdx_store__set_source(f->s, KEY_B);
    assert_true(put(f->s, paper("s1", NULL, "Message passing on hypergraphs", NULL, "D S", "b")));
    assert_false(put(f->s, paper("s2", NULL, "Optimizing sparse solvers", NULL, "B O", "b")));
    assert_int_equal(pdx_store__commit(f->s), PDX_OK);

    uint64_t removed = 9, kept = 9;
    assert_int_equal(pdx_store__forget_source(&removed, &kept, f->s, KEY_A, "a", NULL), PDX_OK);
    assert_int_equal(removed, 0);
    assert_int_equal(kept, 1);
    assert_int_equal(pdx_store__commit(f->s), PDX_OK);
    assert_int_equal(papers(f->db), 2);
    pdx_paper *got = NULL;
    assert_int_equal(pdx_db_get(&got, f->db, "s1"), PDX_OK);
    assert_int_equal(pdx_paper_source_count(got), 1);
    assert_string_equal(pdx_paper_source(got, 0), "b:1");
    pdx_paper_free(got);

    assert_int_equal(pdx_store__forget_source(&removed, &kept, f->s, KEY_B, "b", NULL), PDX_OK);
    assert_int_equal(removed, 2);
    assert_int_equal(kept, 0);
    assert_int_equal(pdx_store__commit(f->s), PDX_OK);
    assert_int_equal(papers(f->db), 0);
}

static void test_store_keeps_an_input_files_state(void **state) {
    fixture *f = *state;
    assert_true(pdx_store__is_new(f->s));
    char *v = NULL;
    size_t n = 9;
    assert_int_equal(pdx_store__state_get(&v, &n, f->s, KEY_A), PDX_OK);
    assert_int_equal(n, 0);
    free(v);
    assert_int_equal(pdx_store__state_set(f->s, KEY_A, "1 42 x", 6), PDX_OK);
    assert_int_equal(pdx_store__commit(f->s), PDX_OK);
    assert_false(pdx_store__is_new(f->s));
    assert_int_equal(pdx_store__state_get(&v, &n, f->s, KEY_A), PDX_OK);
    assert_int_equal(n, 6);
    assert_string_equal(v, "1 42 x");
    free(v);
}

static void test_store_refuses_a_read_only_database(void **state) {
    fixture *f = *state;
    assert_false(put(f->s, paper("s1", NULL, "A title", NULL, "A B", "a")));
    assert_int_equal(pdx_store__commit(f->s), PDX_OK);
    pdx_store__free(f->s);
    f->s = NULL;
    pdx_db_free(f->db);
    assert_int_equal(pdx_db_open(&f->db, f->path, PDX_DB_READ, NULL), PDX_OK);
    pdx_store *s = (pdx_store *)1;
    assert_int_equal(pdx_store__new(&s, f->db), PDX_EINVAL);
    assert_null(s);
    assert_non_null(strstr(pdx_db_errmsg(f->db), "read-only"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_store_reads_back_the_record_it_put, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_merges_a_record_of_the_same_title, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store_keeps_records_with_conflicting_dois_apart,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_finds_the_stored_paper_of_the_same_work, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_store_forgetting_a_file_keeps_papers_another_file_holds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_keeps_an_input_files_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_refuses_a_read_only_database, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
