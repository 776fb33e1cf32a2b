/*
 * test_resume.c — what ingest remembers of its inputs: unchanged files are
 * not read again, touched ones neither, changed ones have their old papers
 * replaced, and an ingest stopped part-way ends, when run again, with the
 * same papers as one that was never stopped.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

typedef struct fixture {
    char *dir;
    char db[4200], in[4200];
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    snprintf(f->db, sizeof f->db, "%s/db", f->dir);
    snprintf(f->in, sizeof f->in, "%s/in", f->dir);
    mkdir(f->in, 0755);
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

/* Writes `n` JSONL papers numbered from `first` to dir/name. */
static void write_papers(const fixture *f, const char *name, int first, int n, const char *extra) {
    char path[4300];
    snprintf(path, sizeof path, "%s/%s", f->in, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    for (int i = first; i < first + n; i++)
        fprintf(fp,
                "{\"id\": \"p%d\", \"title\": \"Paper number %d on resumable things\", "
                "\"authors\": [\"Ann Author%d\"], \"abstract\": \"Abstract %d %s\"}\n",
                i, i, i % 7, i, extra);
    fclose(fp);
}

typedef struct run {
    pdx_ingest_summary sum;
    pdx_status st;
} run;

static int stop_after(const pdx_paper *p, void *payload) {
    (void)p;
    return --*(int *)payload <= 0;
}

/* Ingests f->in; with `stop_at` > 0 the run stops after that many records. */
static run ingest(const fixture *f, unsigned batch, int stop_at) {
    pdx_db *db = NULL;
    run r = {{0}, PDX_OK};
    assert_int_equal(pdx_db_open(&db, f->db, PDX_DB_WRITE, NULL), PDX_OK);
    pdx_ingest_opts o = {0};
    o.batch = batch;
    pdx_ingest *ing = NULL;
    assert_int_equal(pdx_ingest_new(&ing, db, &o), PDX_OK);
    assert_int_equal(pdx_ingest_add(ing, f->in), PDX_OK);
    int left = stop_at;
    r.st = pdx_ingest_run(ing, stop_at > 0 ? stop_after : NULL, &left);
    r.sum = *pdx_ingest_summary_get(ing);
    r.sum.formats = NULL;
    pdx_ingest_free(ing);
    pdx_db_free(db);
    return r;
}

static uint64_t papers(const fixture *f) {
    pdx_db *db = NULL;
    pdx_stats s;
    assert_int_equal(pdx_db_open(&db, f->db, PDX_DB_READ, NULL), PDX_OK);
    assert_int_equal(pdx_db_stats(&s, db), PDX_OK);
    pdx_db_free(db);
    return s.papers;
}

static bool has_paper(const fixture *f, const char *id, char *abstract, size_t cap) {
    pdx_db *db = NULL;
    pdx_paper *p = NULL;
    assert_int_equal(pdx_db_open(&db, f->db, PDX_DB_READ, NULL), PDX_OK);
    bool found = pdx_db_get(&p, db, id) == PDX_OK;
    if (found && abstract)
        snprintf(abstract, cap, "%s", pdx_paper_abstract(p) ? pdx_paper_abstract(p) : "");
    pdx_paper_free(p);
    pdx_db_free(db);
    return found;
}

static void test_unchanged_files_are_not_read_again(void **state) {
    fixture *f = *state;
    write_papers(f, "a.jsonl", 0, 30, "");
    write_papers(f, "b.jsonl", 100, 20, "");
    run r = ingest(f, 7, 0);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.sum.records, 50);
    assert_int_equal(r.sum.files_unchanged, 0);
    r = ingest(f, 7, 0);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.sum.files_unchanged, 2);
    assert_int_equal(r.sum.records, 0);
    assert_int_equal(papers(f), 50);
}

static void test_a_touched_file_with_the_same_content_is_not_read_again(void **state) {
    fixture *f = *state;
    write_papers(f, "a.jsonl", 0, 10, "");
    assert_int_equal(ingest(f, 100, 0).st, PDX_OK);
    char path[4300];
    snprintf(path, sizeof path, "%s/a.jsonl", f->in);
    struct timespec ts[2] = {{1000000000, 0}, {1000000000, 0}}; /* 2001 */
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
    run r = ingest(f, 100, 0);
    assert_int_equal(r.sum.files_unchanged, 1);
    assert_int_equal(r.sum.records, 0);
    /* and the new time is remembered: the next run needs no hashing */
    r = ingest(f, 100, 0);
    assert_int_equal(r.sum.files_unchanged, 1);
}

static void test_a_changed_file_replaces_its_old_papers(void **state) {
    fixture *f = *state;
    write_papers(f, "a.jsonl", 0, 10, "old");
    /* p3 is also in b.jsonl: it must survive a.jsonl's change */
    write_papers(f, "b.jsonl", 3, 1, "old");
    assert_int_equal(ingest(f, 4, 0).st, PDX_OK);
    assert_int_equal(papers(f), 10);
    /* a.jsonl now holds p5..p11: p0..p4 left it, p10 and p11 are new, and
     * every abstract changed */
    write_papers(f, "a.jsonl", 5, 7, "new");
    run r = ingest(f, 4, 0);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.sum.files_unchanged, 1); /* b.jsonl */
    assert_int_equal(r.sum.replaced, 10);
    char abs[256];
    assert_false(has_paper(f, "p0", NULL, 0));
    assert_false(has_paper(f, "p4", NULL, 0));
    assert_true(has_paper(f, "p3", abs, sizeof abs)); /* kept for b.jsonl */
    assert_true(has_paper(f, "p11", NULL, 0));
    assert_true(has_paper(f, "p7", abs, sizeof abs));
    assert_non_null(strstr(abs, "new"));
    /* p3 (from b) + p5..p11 */
    assert_int_equal(papers(f), 8);
}

static void test_an_ingest_stopped_part_way_resumes_to_the_same_papers(void **state) {
    fixture *f = *state;
    write_papers(f, "a.jsonl", 0, 40, "x");
    write_papers(f, "b.jsonl", 40, 40, "y");
    write_papers(f, "c.jsonl", 80, 40, "z");
    /* stop twice, in b and then in c, committing every 9 records */
    run r = ingest(f, 9, 55);
    assert_int_equal(r.st, PDX_OK);
    uint64_t after_stop = papers(f);
    assert_true(after_stop >= 45 && after_stop <= 55);
    r = ingest(f, 9, 60);
    assert_int_equal(r.sum.files_unchanged, 1); /* a was read whole */
    r = ingest(f, 9, 0);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(papers(f), 120);
    assert_int_equal(r.sum.files_unchanged, 2);
    for (int i = 0; i < 120; i += 13) {
        char id[16];
        snprintf(id, sizeof id, "p%d", i);
        assert_true(has_paper(f, id, NULL, 0));
    }
    /* the database says so itself */
    char *report = NULL;
    size_t problems = 1;
    assert_int_equal(pdx_db_check(&report, &problems, f->db), PDX_OK);
    assert_int_equal(problems, 0);
    free(report);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unchanged_files_are_not_read_again, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_touched_file_with_the_same_content_is_not_read_again, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_changed_file_replaces_its_old_papers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_ingest_stopped_part_way_resumes_to_the_same_papers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
