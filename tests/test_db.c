/*
 * test_db.c — the public API end to end on a temporary database: opening
 * safely, ingesting idempotently, topic search, author search and
 * coauthors on the bundled sample, and (with ../shared) the user's seed
 * listing page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pdx_index.h"
#include "testutil.h"

typedef struct fixture {
    char *dir;
    char db[4200];
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    snprintf(f->db, sizeof f->db, "%s/db", f->dir);
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

static pdx_db *open_read(const char *path) {
    pdx_db *db = NULL;
    assert_int_equal(pdx_db_open(&db, path, PDX_DB_READ, NULL), PDX_OK);
    return db;
}

static void test_a_directory_of_other_files_is_refused_and_left_alone(void **state) {
    fixture *f = *state;
    mkdir(f->db, 0755);
    char file[4300];
    snprintf(file, sizeof file, "%s/notes.txt", f->db);
    FILE *fp = fopen(file, "w");
    fputs("keep me", fp);
    fclose(fp);
    pdx_db *db = (pdx_db *)1;
    char *err = NULL;
    assert_int_equal(pdx_db_open(&db, f->db, PDX_DB_WRITE, &err), PDX_ECORRUPT);
    assert_null(db);
    assert_non_null(strstr(err, f->db));
    free(err);
    /* untouched */
    struct stat sb;
    assert_int_equal(stat(file, &sb), 0);
    assert_int_equal(sb.st_size, 7);
    char glass[4300];
    snprintf(glass, sizeof glass, "%s/iamglass", f->db);
    assert_int_not_equal(stat(glass, &sb), 0);
}

static void test_reading_a_missing_database_says_where_and_how_to_create_it(void **state) {
    fixture *f = *state;
    pdx_db *db = NULL;
    char *err = NULL;
    assert_int_equal(pdx_db_open(&db, f->db, PDX_DB_READ, &err), PDX_ENOTFOUND);
    assert_non_null(strstr(err, f->db));
    assert_non_null(strstr(err, "ingest"));
    free(err);
    /* and nothing was created */
    struct stat sb;
    assert_int_not_equal(stat(f->db, &sb), 0);
}

static void test_ingesting_the_same_files_twice_changes_nothing(void **state) {
    fixture *f = *state;
    assert_int_equal(t_ingest(f->db, t_path("sample"), NULL), PDX_OK);
    pdx_db *db = open_read(f->db);
    pdx_stats a, b;
    assert_int_equal(pdx_db_stats(&a, db), PDX_OK);
    pdx_db_free(db);
    /* 9 listing papers + 4 JSONL lines, one of them the same paper */
    assert_int_equal(a.papers, 12);
    /* 15 spellings, 14 people: Jörg and Jorg Wendel share a key */
    assert_int_equal(a.authors, 14);
    assert_true(a.terms > 100);
    assert_int_equal(t_ingest(f->db, t_path("sample"), NULL), PDX_OK);
    db = open_read(f->db);
    assert_int_equal(pdx_db_stats(&b, db), PDX_OK);
    assert_int_equal(a.papers, b.papers);
    assert_int_equal(a.authors, b.authors);
    assert_int_equal(a.terms, b.terms);
    pdx_db_free(db);
}

static void test_search_ranks_topic_matches_and_finds_stems_and_accents(void **state) {
    fixture *f = *state;
    assert_int_equal(t_ingest(f->db, t_path("sample"), NULL), PDX_OK);
    pdx_db *db = open_read(f->db);
    pdx_results *r = NULL;
    assert_int_equal(pdx_search(&r, db, "calibration", NULL), PDX_OK);
    assert_true(pdx_results_count(r) >= 1);
    assert_string_equal(pdx_paper_title(pdx_results_paper(r, 0)),
                        "Measuring Calibration of LLMs under Distribution Shift");
    assert_non_null(strstr(pdx_results_snippet(r, 0), "**calibration**"));
    pdx_results_free(r);
    /* stems: "optimizing" finds "Optimizing" in an abstract */
    assert_int_equal(pdx_search(&r, db, "optimizing", NULL), PDX_OK);
    assert_int_equal(pdx_results_count(r), 1);
    pdx_results_free(r);
    /* accents: the plain form finds the accented word, and vice versa */
    assert_int_equal(pdx_search(&r, db, "hovik", NULL), PDX_OK);
    size_t plain = pdx_results_count(r);
    pdx_results_free(r);
    assert_int_equal(pdx_search(&r, db, "Høvik", NULL), PDX_OK);
    assert_int_equal(pdx_results_count(r), plain);
    assert_true(plain >= 2);
    pdx_results_free(r);
    /* nothing matched is not an error */
    assert_int_equal(pdx_search(&r, db, "xylophone", NULL), PDX_OK);
    assert_int_equal(pdx_results_count(r), 0);
    assert_int_equal(pdx_results_total(r), 0);
    pdx_results_free(r);
    pdx_db_free(db);
}

static void test_an_accented_query_finds_both_spellings_and_ranks_its_own_first(void **state) {
    fixture *f = *state;
    assert_int_equal(t_ingest(f->db, t_path("names/accents.jsonl"), NULL), PDX_OK);
    pdx_db *db = open_read(f->db);
    pdx_results *r = NULL;
    assert_int_equal(pdx_search(&r, db, "Jörn", NULL), PDX_OK);
    assert_int_equal(pdx_results_count(r), 2);
    assert_string_equal(pdx_paper_id(pdx_results_paper(r, 0)), "acc-2");
    assert_true(pdx_results_score(r, 0) > pdx_results_score(r, 1));
    pdx_results_free(r);
    assert_int_equal(pdx_search(&r, db, "jorn", NULL), PDX_OK);
    assert_int_equal(pdx_results_count(r), 2);
    pdx_results_free(r);
    assert_int_equal(pdx_author_search(&r, db, "Jorn Halvorsen", 0, NULL), PDX_OK);
    assert_int_equal(pdx_results_count(r), 2);
    assert_int_equal(pdx_results_match(r, 1), PDX_MATCH_EXACT);
    pdx_results_free(r);
    pdx_db_free(db);
}

static void test_query_syntax_errors_say_where(void **state) {
    fixture *f = *state;
    assert_int_equal(t_ingest(f->db, t_path("sample"), NULL), PDX_OK);
    pdx_db *db = open_read(f->db);
    pdx_results *r = NULL;
    assert_int_equal(pdx_search(&r, db, "graph \"neural", NULL), PDX_EQUERY);
    assert_null(r);
    assert_non_null(strstr(pdx_db_errmsg(db), "column 7"));
    assert_int_equal(pdx_search(&r, db, "year:abc", NULL), PDX_EQUERY);
    assert_int_equal(pdx_search(&r, db, "title:", NULL), PDX_EQUERY);
    /* filters and exclusions */
    assert_int_equal(pdx_search(&r, db, "year:2021..2022 -depth", NULL), PDX_OK);
    for (size_t i = 0; i < pdx_results_count(r); i++) {
        int y = pdx_paper_year(pdx_results_paper(r, i));
        assert_true(y >= 2021 && y <= 2022);
    }
    assert_true(pdx_results_count(r) >= 3);
    pdx_results_free(r);
    assert_int_equal(pdx_search(&r, db, "has:code", NULL), PDX_OK);
    assert_int_equal(pdx_results_count(r), 1);
    pdx_results_free(r);
    pdx_db_free(db);
}

static void test_author_search_ranks_exact_spellings_before_variants(void **state) {
    fixture *f = *state;
    assert_int_equal(t_ingest(f->db, t_path("sample"), NULL), PDX_OK);
    pdx_db *db = open_read(f->db);
    pdx_results *r = NULL;
    assert_int_equal(pdx_author_search(&r, db, "Wendel, Jörg", 0, NULL), PDX_OK);
    assert_int_equal(pdx_results_count(r), 2);
    assert_int_equal(pdx_results_match(r, 0), PDX_MATCH_EXACT);
    assert_int_equal(pdx_results_match(r, 1), PDX_MATCH_EXACT);
    pdx_results_free(r);
    assert_int_equal(pdx_author_search(&r, db, "A. Okafor", 0, NULL), PDX_OK);
    assert_int_equal(pdx_results_count(r), 3);
    assert_int_equal(pdx_results_match(r, 0), PDX_MATCH_VARIANT);
    assert_string_equal(pdx_results_matched_author(r, 0), "Amara N. Okafor");
    pdx_results_free(r);
    assert_int_equal(pdx_author_search(&r, db, "Amara N. Okafor", PDX_AUTHOR_EXACT, NULL), PDX_OK);
    assert_int_equal(pdx_results_count(r), 3);
    pdx_results_free(r);
    assert_int_equal(pdx_author_search(&r, db, "Amara Okafor", PDX_AUTHOR_EXACT, NULL), PDX_OK);
    assert_int_equal(pdx_results_count(r), 0);
    pdx_results_free(r);
    assert_int_equal(pdx_author_search(&r, db, " ,, ", 0, NULL), PDX_EQUERY);
    pdx_db_free(db);
}

static void test_coauthors_merge_spellings_and_count_each_paper_once(void **state) {
    fixture *f = *state;
    assert_int_equal(t_ingest(f->db, t_path("sample"), NULL), PDX_OK);
    pdx_db *db = open_read(f->db);
    pdx_coauthors *c = NULL;
    assert_int_equal(pdx_coauthors_find(&c, db, "Oksana Bilyk", 0, 0), PDX_OK);
    assert_int_equal(pdx_coauthors_papers(c), 2);
    /* Jörg Wendel and Jorg Wendel are one person on both papers */
    bool found = false;
    for (size_t i = 0; i < pdx_coauthors_count(c); i++) {
        if (strcmp(pdx_coauthors_name(c, i), "Jörg Wendel") == 0 ||
            strcmp(pdx_coauthors_name(c, i), "Jorg Wendel") == 0) {
            found = true;
            assert_int_equal(pdx_coauthors_shared(c, i), 2);
            assert_int_equal(pdx_coauthors_variant_count(c, i), 2);
        }
    }
    assert_true(found);
    /* ordered by shared papers, then name */
    for (size_t i = 1; i < pdx_coauthors_count(c); i++) {
        size_t a = pdx_coauthors_shared(c, i - 1), b = pdx_coauthors_shared(c, i);
        assert_true(a > b || (a == b && strcmp(pdx_coauthors_name(c, i - 1), pdx_coauthors_name(c, i)) < 0));
    }
    pdx_coauthors_free(c);
    assert_int_equal(pdx_coauthors_find(&c, db, "Oksana Bilyk", 0, 2), PDX_OK);
    assert_int_equal(pdx_coauthors_count(c), 2);
    pdx_coauthors_free(c);
    pdx_db_free(db);
}

static void test_the_seed_listing_page_answers_the_foundation_questions(void **state) {
    fixture *f = *state;
    const char *seed = t_shared_path("seeds/001_7b57e512285d5935.txt");
    if (!seed) {
        print_message("../shared is absent: skipping the seed listing page\n");
        skip();
    }
    assert_int_equal(t_ingest(f->db, seed, NULL), PDX_OK);
    pdx_db *db = open_read(f->db);
    pdx_results *r = NULL;
    assert_int_equal(pdx_search(&r, db, "sycophancy", NULL), PDX_OK);
    assert_string_equal(pdx_paper_title(pdx_results_paper(r, 0)),
                        "Towards Understanding Sycophancy in Language Models");
    pdx_results_free(r);
    pdx_coauthors *c = NULL;
    assert_int_equal(pdx_coauthors_find(&c, db, "Ricky T. Q. Chen", 0, 0), PDX_OK);
    assert_int_equal(pdx_coauthors_papers(c), 10);
    assert_true(pdx_coauthors_count(c) >= 2);
    assert_int_equal(pdx_coauthors_shared(c, 0), 3);
    assert_string_equal(pdx_coauthors_name(c, 0), "David Duvenaud");
    assert_int_equal(pdx_coauthors_shared(c, 1), 3);
    assert_string_equal(pdx_coauthors_name(c, 1), "Xuechen Li");
    pdx_coauthors_free(c);
    pdx_stats a, b;
    assert_int_equal(pdx_db_stats(&a, db), PDX_OK);
    pdx_db_free(db);
    assert_int_equal(t_ingest(f->db, seed, NULL), PDX_OK);
    db = open_read(f->db);
    assert_int_equal(pdx_db_stats(&b, db), PDX_OK);
    assert_int_equal(a.papers, b.papers);
    assert_int_equal(a.terms, b.terms);
    pdx_db_free(db);
}

/* Whether any document of the database at `path` stores a NUL byte: the
 * schema 2 form (the JSON, a NUL, the abstract). */
static bool stores_abstracts_apart(const char *path) {
    pdx_ixdb *ix = NULL;
    assert_int_equal(pdx_index__open(&ix, path, false, NULL), PDX_OK);
    uint64_t docs = 0;
    assert_int_equal(pdx_index__doccount(&docs, ix), PDX_OK);
    assert_true(docs > 0);
    bool apart = false;
    for (uint32_t d = 1; d <= docs; d++) {
        char *data = NULL;
        size_t n = 0;
        assert_int_equal(pdx_index__doc_data(&data, &n, ix, d), PDX_OK);
        apart |= memchr(data, '\0', n) != NULL;
        free(data);
    }
    pdx_index__close(ix);
    return apart;
}

static void set_schema(const char *path, const char *version) {
    pdx_ixdb *ix = NULL;
    assert_int_equal(pdx_index__open(&ix, path, true, NULL), PDX_OK);
    assert_int_equal(pdx_index__meta_set(ix, "paperdex.schema", version, strlen(version)),
                     PDX_OK);
    assert_int_equal(pdx_index__commit(ix), PDX_OK);
    pdx_index__close(ix);
}

/* A new database stores each record's abstract apart from its JSON
 * (schema 2); one an older paperdex made (schema 1: the JSON alone) is
 * still searched, checked and added to, in its own form so that the older
 * paperdex can still open it; any other version is refused. */
static void test_a_schema_1_database_is_read_and_kept_in_its_form(void **state) {
    fixture *f = *state;
    assert_int_equal(t_ingest(f->db, t_path("sample"), NULL), PDX_OK);
    assert_true(stores_abstracts_apart(f->db));
    char old[4300];
    snprintf(old, sizeof old, "%s/old", f->dir);
    pdx_db *db = NULL;
    assert_int_equal(pdx_db_open(&db, old, PDX_DB_WRITE, NULL), PDX_OK);
    pdx_db_free(db);
    set_schema(old, "1");
    assert_int_equal(t_ingest(old, t_path("sample"), NULL), PDX_OK);
    assert_false(stores_abstracts_apart(old));
    const char *const paths[2] = {f->db, old};
    for (size_t k = 0; k < 2; k++) {
        db = open_read(paths[k]);
        pdx_results *r = NULL;
        assert_int_equal(pdx_search(&r, db, "calibration", NULL), PDX_OK);
        assert_true(pdx_results_count(r) >= 1);
        assert_non_null(strstr(pdx_results_snippet(r, 0), "**calibration**"));
        assert_non_null(strstr(pdx_paper_abstract(pdx_results_paper(r, 0)), "calibration"));
        pdx_results_free(r);
        pdx_db_free(db);
        char *report = NULL;
        size_t problems = 99;
        assert_int_equal(pdx_db_check(&report, &problems, paths[k]), PDX_OK);
        assert_int_equal(problems, 0);
        free(report);
    }
    set_schema(old, "3");
    char *err = NULL;
    assert_int_equal(pdx_db_open(&db, old, PDX_DB_READ, &err), PDX_ECORRUPT);
    assert_null(db);
    assert_non_null(err);
    assert_non_null(strstr(err, "schema mismatch"));
    free(err);
}

static void test_check_finds_a_sound_database_sound(void **state) {
    fixture *f = *state;
    assert_int_equal(t_ingest(f->db, t_path("sample"), NULL), PDX_OK);
    char *report = NULL;
    size_t problems = 99;
    assert_int_equal(pdx_db_check(&report, &problems, f->db), PDX_OK);
    assert_int_equal(problems, 0);
    assert_string_equal(report, "");
    free(report);
    char missing[4300];
    snprintf(missing, sizeof missing, "%s/none", f->dir);
    assert_int_equal(pdx_db_check(&report, &problems, missing), PDX_ENOTFOUND);
    assert_non_null(strstr(report, missing));
    free(report);
}

static void test_check_says_which_record_is_broken(void **state) {
    fixture *f = *state;
    assert_int_equal(t_ingest(f->db, t_path("sample"), NULL), PDX_OK);
    /* Store a document as another program might: an id term but no
     * paperdex record, and one with no id at all. */
    pdx_ixdb *ix = NULL;
    assert_int_equal(pdx_index__open(&ix, f->db, true, NULL), PDX_OK);
    pdx_ixdoc *doc = NULL;
    assert_int_equal(pdx_index__doc_new(&doc), PDX_OK);
    assert_int_equal(pdx_index__doc_boolean(doc, "Qbroken", 7), PDX_OK);
    assert_int_equal(pdx_index__doc_set_data(doc, "not json", 8), PDX_OK);
    assert_int_equal(pdx_index__put(ix, 0, doc, NULL), PDX_OK);
    assert_int_equal(pdx_index__doc_clear(doc), PDX_OK);
    assert_int_equal(pdx_index__doc_term(doc, "stray", 5, 1), PDX_OK);
    assert_int_equal(pdx_index__put(ix, 0, doc, NULL), PDX_OK);
    pdx_index__doc_free(doc);
    assert_int_equal(pdx_index__commit(ix), PDX_OK);
    pdx_index__close(ix);
    char *report = NULL;
    size_t problems = 0;
    assert_int_equal(pdx_db_check(&report, &problems, f->db), PDX_OK);
    assert_int_equal(problems, 2);
    assert_non_null(strstr(report, "(paper broken) has no readable record"));
    assert_non_null(strstr(report, "1 document(s) have no paper id"));
    free(report);
}

static void test_check_reports_damaged_tables_without_crashing(void **state) {
    fixture *f = *state;
    assert_int_equal(t_ingest(f->db, t_path("sample"), NULL), PDX_OK);
    char table[4300];
    snprintf(table, sizeof table, "%s/termlist.glass", f->db);
    FILE *fp = fopen(table, "r+b");
    assert_non_null(fp);
    fseek(fp, 8200, SEEK_SET);
    fputs("garbage!garbage!garbage!", fp);
    fclose(fp);
    char *report = NULL;
    size_t problems = 0;
    pdx_status st = pdx_db_check(&report, &problems, f->db);
    assert_true(st == PDX_ECORRUPT || (st == PDX_OK && problems > 0));
    assert_non_null(report);
    assert_true(strlen(report) > 0);
    free(report);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_directory_of_other_files_is_refused_and_left_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reading_a_missing_database_says_where_and_how_to_create_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ingesting_the_same_files_twice_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_ranks_topic_matches_and_finds_stems_and_accents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_accented_query_finds_both_spellings_and_ranks_its_own_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query_syntax_errors_say_where, setup, teardown),
        cmocka_unit_test_setup_teardown(test_author_search_ranks_exact_spellings_before_variants, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coauthors_merge_spellings_and_count_each_paper_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_seed_listing_page_answers_the_foundation_questions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_schema_1_database_is_read_and_kept_in_its_form, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_finds_a_sound_database_sound, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_says_which_record_is_broken, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_reports_damaged_tables_without_crashing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
