/*
 * test_shim.c — the Xapian shim: documents in and out, queries, and the
 * mapping of Xapian's exceptions to statuses and messages (locked,
 * missing and corrupt databases).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdx_index.h"
#include "testutil.h"

typedef struct fixture {
    char *dir;
    char path[4200];
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    snprintf(f->path, sizeof f->path, "%s/db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    t_rmrf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* Stores one document with the given terms and data; returns its id. */
static uint32_t put_doc(pdx_ixdb *db, const char *data, const char *const *terms) {
    pdx_ixdoc *doc = NULL;
    assert_int_equal(pdx_index__doc_new(&doc), PDX_OK);
    for (unsigned i = 0; terms[i]; i++)
        assert_int_equal(pdx_index__doc_posting(doc, terms[i], strlen(terms[i]), i + 1, 1), PDX_OK);
    assert_int_equal(pdx_index__doc_set_data(doc, data, strlen(data)), PDX_OK);
    uint32_t id = 0;
    assert_int_equal(pdx_index__put(db, 0, doc, &id), PDX_OK);
    pdx_index__doc_free(doc);
    return id;
}

static void test_opening_a_missing_database_for_reading_is_not_found(void **state) {
    fixture *f = *state;
    pdx_ixdb *db = (pdx_ixdb *)1;
    char *err = NULL;
    assert_int_equal(pdx_index__open(&db, f->path, false, &err), PDX_ENOTFOUND);
    assert_null(db);
    assert_non_null(err);
    assert_non_null(strstr(err, f->path));
    free(err);
}

static void test_a_second_writer_gets_locked_with_the_directory_named(void **state) {
    fixture *f = *state;
    pdx_ixdb *w1 = NULL, *w2 = NULL;
    char *err = NULL;
    assert_int_equal(pdx_index__open(&w1, f->path, true, NULL), PDX_OK);
    assert_int_equal(pdx_index__open(&w2, f->path, true, &err), PDX_ELOCKED);
    assert_null(w2);
    assert_non_null(strstr(err, "locked"));
    assert_non_null(strstr(err, f->path));
    free(err);
    /* Readers are not blocked by a writer. */
    pdx_ixdb *r = NULL;
    assert_int_equal(pdx_index__commit(w1), PDX_OK);
    assert_int_equal(pdx_index__open(&r, f->path, false, NULL), PDX_OK);
    pdx_index__close(r);
    pdx_index__close(w1);
    /* Once the first writer is gone the lock is free. */
    assert_int_equal(pdx_index__open(&w2, f->path, true, NULL), PDX_OK);
    pdx_index__close(w2);
}

static void test_a_corrupt_database_gives_a_corrupt_status_not_a_crash(void **state) {
    fixture *f = *state;
    pdx_ixdb *db = NULL;
    assert_int_equal(pdx_index__open(&db, f->path, true, NULL), PDX_OK);
    const char *terms[] = {"alpha", "beta", NULL};
    for (int i = 0; i < 50; i++)
        put_doc(db, "data", terms);
    assert_int_equal(pdx_index__commit(db), PDX_OK);
    pdx_index__close(db);
    /* Overwrite the version file's contents with junk. */
    char file[4300];
    snprintf(file, sizeof file, "%s/iamglass", f->path);
    FILE *fp = fopen(file, "wb");
    assert_non_null(fp);
    fputs("this is not a glass version file at all", fp);
    fclose(fp);
    char *err = NULL;
    pdx_status st = pdx_index__open(&db, f->path, false, &err);
    assert_int_equal(st, PDX_ECORRUPT);
    assert_null(db);
    assert_non_null(strstr(err, f->path));
    free(err);
}

static void test_documents_are_found_by_term_and_keep_their_data(void **state) {
    fixture *f = *state;
    pdx_ixdb *db = NULL;
    assert_int_equal(pdx_index__open(&db, f->path, true, NULL), PDX_OK);
    const char *t1[] = {"Qone", "graph", "neural", NULL};
    const char *t2[] = {"Qtwo", "graph", NULL};
    uint32_t d1 = put_doc(db, "first", t1);
    uint32_t d2 = put_doc(db, "second", t2);
    assert_int_equal(pdx_index__commit(db), PDX_OK);

    uint32_t found = 0;
    assert_int_equal(pdx_index__find(&found, db, "Qtwo", 4), PDX_OK);
    assert_int_equal(found, d2);
    assert_int_equal(pdx_index__find(&found, db, "Qnone", 5), PDX_OK);
    assert_int_equal(found, 0);

    char *data = NULL;
    size_t n = 0;
    assert_int_equal(pdx_index__doc_data(&data, &n, db, d1), PDX_OK);
    assert_string_equal(data, "first");
    free(data);
    assert_int_equal(pdx_index__doc_data(&data, &n, db, 999), PDX_ENOTFOUND);

    uint64_t c = 0;
    assert_int_equal(pdx_index__doccount(&c, db), PDX_OK);
    assert_int_equal(c, 2);
    assert_int_equal(pdx_index__termfreq(&c, db, "graph", 5), PDX_OK);
    assert_int_equal(c, 2);
    assert_int_equal(pdx_index__termcount(&c, db, "Q", 1), PDX_OK);
    assert_int_equal(c, 2);

    uint32_t *ids = NULL;
    assert_int_equal(pdx_index__postings(&ids, &n, db, "graph", 5, 10), PDX_OK);
    assert_int_equal(n, 2);
    free(ids);

    /* A term too long for Xapian is dropped, not an error at commit. */
    char longterm[400];
    memset(longterm, 'x', sizeof longterm - 1);
    longterm[sizeof longterm - 1] = '\0';
    const char *t3[] = {longterm, "ok", NULL};
    put_doc(db, "third", t3);
    assert_int_equal(pdx_index__commit(db), PDX_OK);
    pdx_index__close(db);
}

static void test_queries_rank_and_phrases_need_order(void **state) {
    fixture *f = *state;
    pdx_ixdb *db = NULL;
    assert_int_equal(pdx_index__open(&db, f->path, true, NULL), PDX_OK);
    const char *a[] = {"neural", "ordinary", "differential", "equations", NULL};
    const char *b[] = {"equations", "differential", "neural", NULL};
    uint32_t da = put_doc(db, "a", a);
    put_doc(db, "b", b);
    assert_int_equal(pdx_index__commit(db), PDX_OK);

    pdx_ixquery *t[2] = {NULL, NULL}, *q = NULL;
    assert_int_equal(pdx_index__q_term(&t[0], "differential", 12, 1, 0), PDX_OK);
    assert_int_equal(pdx_index__q_term(&t[1], "equations", 9, 1, 0), PDX_OK);
    assert_int_equal(pdx_index__q_combine(&q, PDX_QOP_PHRASE, t, 2, 0), PDX_OK);
    pdx_ixsearch s = {0};
    s.max = 10;
    s.sort_slot = -1;
    pdx_ixmset *m = NULL;
    assert_int_equal(pdx_index__search(&m, db, q, &s), PDX_OK);
    assert_int_equal(pdx_index__mset_size(m), 1);
    assert_int_equal(pdx_index__mset_docid(m, 0), da);
    pdx_index__mset_free(m);
    pdx_index__q_free(q);

    assert_int_equal(pdx_index__q_combine(&q, PDX_QOP_OR, t, 2, 0), PDX_OK);
    assert_int_equal(pdx_index__search(&m, db, q, &s), PDX_OK);
    assert_int_equal(pdx_index__mset_size(m), 2);
    assert_true(pdx_index__mset_weight(m, 0) > 0);
    pdx_index__mset_free(m);
    pdx_index__q_free(q);
    pdx_index__q_free(t[0]);
    pdx_index__q_free(t[1]);
    pdx_index__close(db);
}

static void test_a_wildcard_past_its_bound_is_a_query_error(void **state) {
    fixture *f = *state;
    pdx_ixdb *db = NULL;
    assert_int_equal(pdx_index__open(&db, f->path, true, NULL), PDX_OK);
    const char *terms[] = {"net1", "net2", "net3", "net4", "other", NULL};
    put_doc(db, "d", terms);
    assert_int_equal(pdx_index__commit(db), PDX_OK);
    pdx_ixquery *q = NULL;
    assert_int_equal(pdx_index__q_wildcard(&q, db, "net", 3, 10), PDX_OK);
    assert_false(pdx_index__q_empty(q));
    pdx_index__q_free(q);
    assert_int_equal(pdx_index__q_wildcard(&q, db, "net", 3, 3), PDX_EQUERY);
    assert_null(q);
    assert_non_null(strstr(pdx_index__errmsg(db), "net*"));
    pdx_index__close(db);
}

static void test_the_stemmer_reduces_english_words(void **state) {
    (void)state;
    pdx_ixstem *s = NULL;
    assert_int_equal(pdx_index__stem_new(&s, "english"), PDX_OK);
    char buf[64];
    size_t n = 0;
    assert_int_equal(pdx_index__stem(s, "optimization", 12, buf, sizeof buf, &n), PDX_OK);
    char a[64];
    memcpy(a, buf, n);
    a[n] = '\0';
    assert_int_equal(pdx_index__stem(s, "optimizing", 10, buf, sizeof buf, &n), PDX_OK);
    buf[n] = '\0';
    assert_string_equal(a, buf);
    pdx_index__stem_free(s);
    assert_int_not_equal(pdx_index__stem_new(&s, "no-such-language"), PDX_OK);
    assert_null(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_opening_a_missing_database_for_reading_is_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_second_writer_gets_locked_with_the_directory_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_corrupt_database_gives_a_corrupt_status_not_a_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_documents_are_found_by_term_and_keep_their_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queries_rank_and_phrases_need_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_wildcard_past_its_bound_is_a_query_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_stemmer_reduces_english_words, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
