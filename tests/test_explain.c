/*
 * test_explain.c — what each line was taken as (pdx_ingest_opts.on_explain)
 * and the lines nobody understood (pdx_ingest_unclassified): every line of
 * a page noted once and in order; titles, authors, abstracts, dates and
 * chrome labelled as the readers decided, with the paper they went to; a
 * stray line in a list, a dropped entry's title and a date given to no
 * entry reported as unclassified; the same report with and without
 * explaining (notes compacted on a long listing); structured readers
 * described record by record; the papers themselves unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define MAX_NOTES 20000

/* What one run told. */
typedef struct run {
    size_t line[MAX_NOTES], paper[MAX_NOTES];
    pdx_line_role role[MAX_NOTES];
    char *reason[MAX_NOTES];
    size_t n;
    char *titles[4096], *ids[4096]; /* the records handed out, in order */
    size_t n_recs;
    uint64_t unclassified;
    size_t runs[64]; /* of the first file with unclassified lines */
    size_t n_runs;
    pdx_status st;
} run;

static void on_note(const pdx_line_note *note, void *payload) {
    run *r = payload;
    assert_true(r->n < MAX_NOTES);
    r->line[r->n] = note->line;
    r->role[r->n] = note->role;
    r->paper[r->n] = note->paper;
    r->reason[r->n] = strdup(note->reason);
    r->n++;
}

static int on_paper(const pdx_paper *p, void *payload) {
    run *r = payload;
    assert_true(r->n_recs < 4096);
    r->titles[r->n_recs] = strdup(pdx_paper_title(p) ? pdx_paper_title(p) : "");
    r->ids[r->n_recs] = strdup(pdx_paper_id(p));
    r->n_recs++;
    return 0;
}

/* Reads `path` with no database; `explain` asks for every line's note. */
static run *read_file(const char *path, bool explain) {
    run *r = calloc(1, sizeof *r);
    assert_non_null(r);
    pdx_ingest_opts o = {.on_explain = explain ? on_note : NULL, .payload = r};
    pdx_ingest *ing = NULL;
    assert_int_equal(pdx_ingest_new(&ing, NULL, &o), PDX_OK);
    assert_int_equal(pdx_ingest_add(ing, path), PDX_OK);
    r->st = pdx_ingest_run(ing, on_paper, r);
    r->unclassified = pdx_ingest_summary_get(ing)->unclassified;
    const size_t *runs = NULL;
    size_t lines = 0;
    if (pdx_ingest_unclassified(ing, 0, &runs, &r->n_runs, &lines)) {
        assert_true(r->n_runs <= 32);
        memcpy(r->runs, runs, 2 * r->n_runs * sizeof *runs);
    }
    pdx_ingest_free(ing);
    return r;
}

static void run_free(run *r) {
    for (size_t i = 0; i < r->n; i++)
        free(r->reason[i]);
    for (size_t i = 0; i < r->n_recs; i++) {
        free(r->titles[i]);
        free(r->ids[i]);
    }
    free(r);
}

/* The note of line `line` (the test fails when there is none). */
static size_t at(const run *r, size_t line) {
    for (size_t i = 0; i < r->n; i++)
        if (r->line[i] == line)
            return i;
    fail_msg("no note of line %zu", line);
    return 0;
}

/* The title of the paper line `line` went to. */
static const char *paper_title(const run *r, size_t line) {
    size_t i = at(r, line);
    assert_true(r->paper[i] >= 1 && r->paper[i] <= r->n_recs);
    return r->titles[r->paper[i] - 1];
}

static size_t file_lines(const char *path) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = 0;
    int c, last = '\n';
    while ((c = fgetc(f)) != EOF) {
        n += c == '\n';
        last = c;
    }
    fclose(f);
    return n + (last != '\n');
}

static void test_explain_notes_every_line_of_a_page_once_in_order(void **state) {
    (void)state;
    const char *files[] = {"profile/ruiz.txt",         "profile/layouts.txt",
                           "stream/menu-news.txt",     "stream/versions.txt",
                           "listing/loom-lab.txt",     "listing/joins.txt",
                           "explain/profile-garbage.txt", "explain/stream-garbage.txt",
                           "explain/stream-dates.txt", "explain/profile-lone.txt",
                           "jsonl/mixed.jsonl",        "bibtex/broken.bib"};
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        const char *path = t_path(files[f]);
        run *r = read_file(path, true);
        size_t n = file_lines(path);
        if (r->n != n)
            print_message("%s: %zu notes for %zu lines\n", files[f], r->n, n);
        assert_int_equal(r->n, n);
        for (size_t i = 0; i < r->n; i++) {
            assert_int_equal(r->line[i], i + 1);
            assert_true(r->reason[i][0] != '\0');
            assert_string_not_equal(pdx_line_role_name(r->role[i]), "?");
        }
        run_free(r);
    }
}

static void test_explain_profile_lines_go_to_their_papers(void **state) {
    (void)state;
    run *r = read_file(t_path("profile/ruiz.txt"), true);
    assert_int_equal(r->role[at(r, 3)], PDX_ROLE_HEADER); /* the owner, "Ana Beatriz Ruiz" */
    assert_int_equal(r->role[at(r, 17)], PDX_ROLE_HEADING);
    assert_int_equal(r->role[at(r, 19)], PDX_ROLE_TITLE);
    assert_string_equal(paper_title(r, 19), "Open Standards for Shared Loom Archives");
    for (size_t line = 20; line <= 28; line++) {
        assert_int_equal(r->role[at(r, line)], PDX_ROLE_AUTHOR);
        assert_string_equal(paper_title(r, line), "Open Standards for Shared Loom Archives");
    }
    assert_int_equal(r->role[at(r, 29)], PDX_ROLE_TITLE);
    assert_int_equal(r->role[at(r, 30)], PDX_ROLE_ABSTRACT);
    assert_string_equal(paper_title(r, 30), "Sparse Weaving with Fewer Threads");
    /* the repeated title is one paper */
    assert_int_equal(r->paper[at(r, 35)], r->paper[at(r, 34)]);
    assert_int_equal(r->role[at(r, 43)], PDX_ROLE_DATE);
    assert_int_equal(r->role[at(r, 44)], PDX_ROLE_VENUE);
    assert_string_equal(paper_title(r, 44), paper_title(r, 39));
    assert_int_equal(r->role[at(r, 47)], PDX_ROLE_CHROME); /* "Back to top" */
    assert_int_equal(r->paper[at(r, 47)], 0);
    assert_int_equal(r->unclassified, 0);
    run_free(r);
}

static void test_explain_stray_line_in_a_profile_list_is_the_only_unclassified(void **state) {
    (void)state;
    run *r = read_file(t_path("explain/profile-garbage.txt"), true);
    assert_int_equal(r->n_recs, 3);
    assert_int_equal(r->role[at(r, 21)], PDX_ROLE_UNCLASSIFIED);
    assert_non_null(strstr(r->reason[at(r, 21)], "stray"));
    assert_int_equal(r->unclassified, 1);
    assert_int_equal(r->n_runs, 1);
    assert_int_equal(r->runs[0], 21);
    assert_int_equal(r->runs[1], 21);
    /* the lines around it still go to their papers */
    assert_string_equal(paper_title(r, 20), "Spindle Speed and Yarn Breakage");
    assert_string_equal(paper_title(r, 22), "Warp Sizing With Starch Blends");
    run_free(r);
    /* the same report without explaining */
    r = read_file(t_path("explain/profile-garbage.txt"), false);
    assert_int_equal(r->n, 0);
    assert_int_equal(r->unclassified, 1);
    assert_int_equal(r->runs[0], 21);
    run_free(r);
}

/* A citation profile's table: the header row, the venue, count and year
 * cells of each row and the page's stamp were "not taken by the reader". */
static void test_explain_table_rows_leave_no_line_unclassified(void **state) {
    (void)state;
    run *r = read_file(t_path("profile/table-header.txt"), true);
    assert_int_equal(r->n_recs, 5);
    assert_int_equal(r->unclassified, 0);
    assert_int_equal(r->role[at(r, 3)], PDX_ROLE_HEADER);
    assert_non_null(strstr(r->reason[at(r, 3)], "column headers"));
    assert_int_equal(r->role[at(r, 6)], PDX_ROLE_VENUE);
    assert_string_equal(paper_title(r, 6), "Sparse Weaving with Fewer Threads");
    assert_int_equal(r->role[at(r, 7)], PDX_ROLE_TITLE);
    assert_int_equal(r->role[at(r, 11)], PDX_ROLE_VENUE);
    assert_string_equal(paper_title(r, 11), "Loom Memory Revisited");
    assert_int_equal(r->role[at(r, 18)], PDX_ROLE_DATE);
    assert_non_null(strstr(r->reason[at(r, 18)], "count"));
    assert_int_equal(r->role[at(r, 19)], PDX_ROLE_DATE);
    assert_string_equal(paper_title(r, 19), "Warp Looms, Heddles and Shuttle Frames");
    assert_int_equal(r->role[at(r, 20)], PDX_ROLE_CHROME);
    run_free(r);
}

static void test_explain_stray_line_in_a_stream_is_the_only_unclassified(void **state) {
    (void)state;
    for (int explain = 0; explain < 2; explain++) {
        run *r = read_file(t_path("explain/stream-garbage.txt"), explain);
        assert_int_equal(r->n_recs, 3);
        assert_int_equal(r->unclassified, 1);
        assert_int_equal(r->n_runs, 1);
        assert_int_equal(r->runs[0], 8);
        assert_int_equal(r->runs[1], 8);
        if (explain) {
            assert_int_equal(r->role[at(r, 1)], PDX_ROLE_CHROME); /* the site's name */
            assert_int_equal(r->role[at(r, 7)], PDX_ROLE_ABSTRACT);
            assert_int_equal(r->role[at(r, 9)], PDX_ROLE_ABSTRACT);
            assert_int_equal(r->role[at(r, 10)], PDX_ROLE_DATE);
            assert_int_equal(r->paper[at(r, 10)], r->paper[at(r, 9)]);
            assert_int_equal(r->role[at(r, 11)], PDX_ROLE_CHROME); /* the copyright */
        }
        run_free(r);
    }
}

static void test_explain_title_of_a_dropped_entry_becomes_unclassified(void **state) {
    (void)state;
    run *r = read_file(t_path("explain/profile-lone.txt"), true);
    assert_int_equal(r->n_recs, 2);
    /* "Loom Notes": an entry with neither authors nor abstract, dropped */
    assert_int_equal(r->role[at(r, 7)], PDX_ROLE_UNCLASSIFIED);
    assert_int_equal(r->paper[at(r, 7)], 0);
    assert_non_null(strstr(r->reason[at(r, 7)], "not a paper"));
    assert_int_equal(r->role[at(r, 8)], PDX_ROLE_TITLE);
    assert_string_equal(paper_title(r, 8), "Spindle Speed and Yarn Breakage");
    assert_int_equal(r->unclassified, 1);
    run_free(r);
}

static void test_explain_date_replaced_before_any_entry_is_reported(void **state) {
    (void)state;
    run *r = read_file(t_path("explain/stream-dates.txt"), true);
    assert_int_equal(r->role[at(r, 2)], PDX_ROLE_UNCLASSIFIED);
    assert_int_equal(r->role[at(r, 3)], PDX_ROLE_DATE);
    assert_int_equal(r->paper[at(r, 3)], r->paper[at(r, 4)]);
    assert_int_equal(r->unclassified, 1);
    assert_int_equal(r->runs[0], 2);
    run_free(r);
}

static void test_explain_listing_glued_lines(void **state) {
    (void)state;
    run *r = read_file(t_path("listing/loom-lab.txt"), true);
    assert_int_equal(r->role[at(r, 1)], PDX_ROLE_DATE);
    assert_non_null(strstr(r->reason[at(r, 1)], "glued category+date"));
    assert_int_equal(r->role[at(r, 2)], PDX_ROLE_TITLE);
    assert_non_null(strstr(r->reason[at(r, 2)], "glued to its authors"));
    assert_int_equal(r->role[at(r, 3)], PDX_ROLE_ABSTRACT);
    assert_int_equal(r->paper[at(r, 3)], 1);
    run_free(r);
    /* a short heading-like line before the first date line is the page's
     * header, not a line not understood */
    r = read_file(t_path("listing/joins.txt"), true);
    assert_int_equal(r->role[at(r, 1)], PDX_ROLE_HEADER);
    assert_int_equal(r->role[at(r, 2)], PDX_ROLE_BLANK);
    assert_int_equal(r->unclassified, 0);
    run_free(r);
}

static void test_explain_structured_readers_describe_records(void **state) {
    (void)state;
    run *r = read_file(t_path("jsonl/mixed.jsonl"), true);
    assert_int_equal(r->role[at(r, 1)], PDX_ROLE_RECORD);
    assert_int_equal(r->paper[at(r, 1)], 1);
    assert_int_equal(r->role[at(r, 2)], PDX_ROLE_SKIPPED); /* invalid JSON, reported */
    assert_int_equal(r->role[at(r, 5)], PDX_ROLE_RECORD);
    assert_int_equal(r->paper[at(r, 5)], 2);
    /* not counted: a structured input has no chrome to tell from records */
    assert_int_equal(r->unclassified, 0);
    run_free(r);
}

/* A listing long enough that the notes are compacted while it is read
 * (without explaining only what the count needs is kept): the lines not
 * understood are the same as when every note is kept. */
static void test_explain_long_listing_reports_the_same_without_explaining(void **state) {
    (void)state;
    char *dir = t_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/long.txt", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("Our papers\nasdf qwer\n", f);
    for (int i = 0; i < 3000; i++)
        fprintf(f, "LGOct %d, 2019\nLoom Study Number %dAna Ruiz, Bo Chen\n"
                   "We study looms of kind %d and find that they weave.\n",
                i % 28 + 1, i, i);
    fclose(f);
    run *a = read_file(path, false), *b = read_file(path, true);
    assert_int_equal(a->n_recs, 3000);
    assert_int_equal(b->n, 9002);
    /* "Our papers" is the page's header; the stray line is not understood */
    assert_int_equal(a->unclassified, 1);
    assert_int_equal(b->unclassified, 1);
    assert_int_equal(a->n_runs, 1);
    assert_int_equal(b->n_runs, 1);
    assert_int_equal(a->runs[0], 2);
    assert_int_equal(a->runs[1], 2);
    assert_int_equal(b->runs[1], 2);
    run_free(a);
    run_free(b);
    t_rmrf(dir);
    free(dir);
}

static void test_explain_does_not_change_the_papers(void **state) {
    (void)state;
    const char *files[] = {"profile/ruiz.txt", "stream/versions.txt", "listing/see-more.txt"};
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        run *a = read_file(t_path(files[f]), false), *b = read_file(t_path(files[f]), true);
        assert_int_equal(a->st, b->st);
        assert_int_equal(a->n_recs, b->n_recs);
        for (size_t i = 0; i < a->n_recs; i++)
            assert_string_equal(a->ids[i], b->ids[i]);
        /* every paper has a line */
        for (size_t p = 1; p <= b->n_recs; p++) {
            bool found = false;
            for (size_t i = 0; i < b->n && !found; i++)
                found = b->paper[i] == p;
            assert_true(found);
        }
        run_free(a);
        run_free(b);
    }
}

/* A file whose reader makes no record and reports nothing has no note
 * at all (found by the reader fuzzer: the empty notes were sorted from a
 * NULL array): every line is still explained. */
static void test_explain_file_with_no_record_and_no_report(void **state) {
    (void)state;
    char *dir = t_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/comments.bib", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("@comment{nothing here}\n\n@preamble{\"x\"}\n", f);
    fclose(f);
    run *r = read_file(path, true);
    assert_int_equal(r->n_recs, 0);
    assert_int_equal(r->n, 3);
    assert_int_equal(r->role[0], PDX_ROLE_HEADER);
    run_free(r);
    t_rmrf(dir);
    free(dir);
}

/* Two jobs into a new database read two halves side by side, each with
 * its own callbacks' payload: explained, the ingest reads on one thread
 * and every line's note reaches the caller. */
static void test_explain_with_two_jobs_into_a_new_database(void **state) {
    (void)state;
    char *dir = t_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/db", dir);
    pdx_db *db = NULL;
    char *err = NULL;
    assert_int_equal(pdx_db_open(&db, path, PDX_DB_WRITE, &err), PDX_OK);
    run *r = calloc(1, sizeof *r);
    assert_non_null(r);
    pdx_ingest_opts o = {.on_explain = on_note, .payload = r, .jobs = 2};
    pdx_ingest *ing = NULL;
    assert_int_equal(pdx_ingest_new(&ing, db, &o), PDX_OK);
    assert_int_equal(pdx_ingest_add(ing, t_path("jsonl/halves-first.jsonl")), PDX_OK);
    assert_int_equal(pdx_ingest_add(ing, t_path("jsonl/halves-last.jsonl")), PDX_OK);
    assert_int_equal(pdx_ingest_run(ing, NULL, NULL), PDX_OK);
    assert_true(pdx_ingest_summary_get(ing)->shards <= 1);
    assert_int_equal(r->n, file_lines(t_path("jsonl/halves-first.jsonl")) +
                               file_lines(t_path("jsonl/halves-last.jsonl")));
    assert_int_equal(r->role[0], PDX_ROLE_RECORD);
    assert_int_equal(r->paper[0], 1);
    pdx_ingest_free(ing);
    pdx_db_free(db);
    /* not explained, the same inputs are read in two halves */
    snprintf(path, sizeof path, "%s/db2", dir);
    assert_int_equal(pdx_db_open(&db, path, PDX_DB_WRITE, &err), PDX_OK);
    o.on_explain = NULL;
    assert_int_equal(pdx_ingest_new(&ing, db, &o), PDX_OK);
    assert_int_equal(pdx_ingest_add(ing, t_path("jsonl/halves-first.jsonl")), PDX_OK);
    assert_int_equal(pdx_ingest_add(ing, t_path("jsonl/halves-last.jsonl")), PDX_OK);
    assert_int_equal(pdx_ingest_run(ing, NULL, NULL), PDX_OK);
    assert_int_equal(pdx_ingest_summary_get(ing)->shards, 2);
    pdx_ingest_free(ing);
    pdx_db_free(db);
    run_free(r);
    t_rmrf(dir);
    free(dir);
}

static void test_explain_role_names(void **state) {
    (void)state;
    assert_string_equal(pdx_line_role_name(PDX_ROLE_UNCLASSIFIED), "unclassified");
    assert_string_equal(pdx_line_role_name(PDX_ROLE_AFFILIATION), "affiliation");
    assert_string_equal(pdx_line_role_name(PDX_ROLE_SKIPPED), "skipped");
    assert_string_equal(pdx_line_role_name((pdx_line_role)99), "?");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_explain_notes_every_line_of_a_page_once_in_order),
        cmocka_unit_test(test_explain_profile_lines_go_to_their_papers),
        cmocka_unit_test(test_explain_stray_line_in_a_profile_list_is_the_only_unclassified),
        cmocka_unit_test(test_explain_table_rows_leave_no_line_unclassified),
        cmocka_unit_test(test_explain_stray_line_in_a_stream_is_the_only_unclassified),
        cmocka_unit_test(test_explain_title_of_a_dropped_entry_becomes_unclassified),
        cmocka_unit_test(test_explain_date_replaced_before_any_entry_is_reported),
        cmocka_unit_test(test_explain_listing_glued_lines),
        cmocka_unit_test(test_explain_structured_readers_describe_records),
        cmocka_unit_test(test_explain_long_listing_reports_the_same_without_explaining),
        cmocka_unit_test(test_explain_does_not_change_the_papers),
        cmocka_unit_test(test_explain_file_with_no_record_and_no_report),
        cmocka_unit_test(test_explain_with_two_jobs_into_a_new_database),
        cmocka_unit_test(test_explain_role_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
