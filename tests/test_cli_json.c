/*
 * test_cli_json.c — the JSON output of the command is a contract: every
 * documented field is present with its type, on one line, for search,
 * author, coauthors, stats and records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "testutil.h"

typedef struct fixture {
    char *dir;
    char db[4200];
    pdx_db *h;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    snprintf(f->db, sizeof f->db, "%s/db", f->dir);
    assert_int_equal(t_ingest(f->db, t_path("sample"), NULL), PDX_OK);
    assert_int_equal(pdx_db_open(&f->h, f->db, PDX_DB_READ, NULL), PDX_OK);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    pdx_db_free(f->h);
    t_rmrf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* Runs `print` into a temporary file and parses the single line back. */
static json_t *capture(int (*print)(FILE *, void *), void *arg) {
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(print(fp, arg), 0);
    long n = ftell(fp);
    rewind(fp);
    char *buf = calloc(1, (size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    /* exactly one line */
    assert_non_null(strchr(buf, '\n'));
    assert_int_equal(strchr(buf, '\n') - buf, n - 1);
    json_error_t err;
    json_t *o = json_loads(buf, 0, &err);
    assert_non_null(o);
    free(buf);
    return o;
}

#define ASSERT_TYPE(obj, key, check) assert_true(check(json_object_get(obj, key)))

static bool is_int_or_null(const json_t *v) { return json_is_integer(v) || json_is_null(v); }
static bool is_str_or_null(const json_t *v) { return json_is_string(v) || json_is_null(v); }

typedef struct res_arg {
    const char *q;
    pdx_results *r;
    bool author;
} res_arg;

static int print_results(FILE *fp, void *a) {
    res_arg *x = a;
    return cli_json_results(fp, x->q, x->r, x->author);
}

static void check_hits(json_t *o, const char *query) {
    assert_string_equal(json_string_value(json_object_get(o, "query")), query);
    ASSERT_TYPE(o, "total", json_is_integer);
    json_t *hits = json_object_get(o, "hits");
    assert_true(json_is_array(hits));
    assert_true(json_array_size(hits) > 0);
    size_t i;
    json_t *h;
    json_array_foreach(hits, i, h) {
        ASSERT_TYPE(h, "id", json_is_string);
        assert_int_equal(json_integer_value(json_object_get(h, "rank")), (json_int_t)i + 1);
        ASSERT_TYPE(h, "score", json_is_number);
        ASSERT_TYPE(h, "title", json_is_string);
        ASSERT_TYPE(h, "authors", json_is_array);
        ASSERT_TYPE(h, "year", is_int_or_null);
        ASSERT_TYPE(h, "date", is_str_or_null);
        ASSERT_TYPE(h, "category", is_str_or_null);
        ASSERT_TYPE(h, "venue", is_str_or_null);
        ASSERT_TYPE(h, "snippet", json_is_string);
        const char *src = json_string_value(json_object_get(h, "source"));
        assert_non_null(src);
        assert_non_null(strrchr(src, ':'));
    }
}

static void test_search_json_has_every_contract_field(void **state) {
    fixture *f = *state;
    res_arg a = {"diffusion training", NULL, false};
    assert_int_equal(pdx_search(&a.r, f->h, a.q, NULL), PDX_OK);
    json_t *o = capture(print_results, &a);
    check_hits(o, a.q);
    json_decref(o);
    pdx_results_free(a.r);
}

static void test_author_json_says_how_each_hit_matched(void **state) {
    fixture *f = *state;
    res_arg a = {"A. Okafor", NULL, true};
    assert_int_equal(pdx_author_search(&a.r, f->h, a.q, 0, NULL), PDX_OK);
    json_t *o = capture(print_results, &a);
    check_hits(o, a.q);
    json_t *h0 = json_array_get(json_object_get(o, "hits"), 0);
    assert_string_equal(json_string_value(json_object_get(h0, "match")), "variant");
    assert_string_equal(json_string_value(json_object_get(h0, "matched_author")), "Amara N. Okafor");
    json_decref(o);
    pdx_results_free(a.r);
}

static int print_coauthors(FILE *fp, void *a) { return cli_json_coauthors(fp, a); }

static void test_coauthors_json_lists_names_and_counts(void **state) {
    fixture *f = *state;
    pdx_coauthors *c = NULL;
    assert_int_equal(pdx_coauthors_find(&c, f->h, "Siddharth Rao", 0, 0), PDX_OK);
    json_t *o = capture(print_coauthors, c);
    assert_string_equal(json_string_value(json_object_get(o, "author")), "Siddharth Rao");
    assert_int_equal(json_integer_value(json_object_get(o, "papers")), 4);
    json_t *list = json_object_get(o, "coauthors");
    assert_true(json_array_size(list) > 0);
    size_t i;
    json_t *e;
    json_int_t prev = 1 << 30;
    json_array_foreach(list, i, e) {
        ASSERT_TYPE(e, "name", json_is_string);
        json_int_t n = json_integer_value(json_object_get(e, "papers"));
        assert_true(n >= 1 && n <= prev);
        prev = n;
    }
    json_decref(o);
    pdx_coauthors_free(c);
}

typedef struct stats_arg {
    pdx_stats s;
    const char *db;
} stats_arg;

static int print_stats(FILE *fp, void *a) {
    stats_arg *x = a;
    return cli_json_stats(fp, &x->s, x->db);
}

static void test_stats_json_counts_papers_authors_terms(void **state) {
    fixture *f = *state;
    stats_arg a = {{0}, f->db};
    assert_int_equal(pdx_db_stats(&a.s, f->h), PDX_OK);
    json_t *o = capture(print_stats, &a);
    assert_int_equal(json_integer_value(json_object_get(o, "papers")), 12);
    ASSERT_TYPE(o, "authors", json_is_integer);
    ASSERT_TYPE(o, "terms", json_is_integer);
    assert_string_equal(json_string_value(json_object_get(o, "db")), f->db);
    json_decref(o);
}

static int print_paper(FILE *fp, void *a) { return cli_json_paper(fp, a); }

static void test_record_json_has_the_parse_fields(void **state) {
    fixture *f = *state;
    pdx_results *r = NULL;
    assert_int_equal(pdx_search(&r, f->h, "NeRF", NULL), PDX_OK);
    json_t *o = capture(print_paper, (void *)pdx_results_paper(r, 0));
    const char *fields[] = {"id", "title", "authors", "authors_truncated", "abstract",
                            "abstract_truncated", "date", "year", "category", "code",
                            "affiliations", "venue", "source", "volume", "number",
                            "pages", "journal_ref", NULL};
    for (size_t i = 0; fields[i]; i++)
        assert_non_null(json_object_get(o, fields[i]));
    assert_true(json_is_boolean(json_object_get(o, "code")));
    assert_true(json_is_array(json_object_get(o, "affiliations")));
    json_decref(o);
    pdx_results_free(r);
}

static int print_removal(FILE *fp, void *arg) { return cli_json_removal(fp, arg); }

static void test_remove_json_lists_removed_updated_not_found_ambiguous(void **state) {
    (void)state;
    char *removed[] = {"arXiv:0704.0001"}, *not_found[] = {"nokey", "0704.9999"};
    pdx_removal r = {removed, 1, NULL, 0, not_found, 2, NULL, 0};
    json_t *o = capture(print_removal, &r);
    json_t *want = json_pack("{s:[s], s:[], s:[s,s], s:[]}", "removed", "arXiv:0704.0001",
                             "updated", "not_found", "nokey", "0704.9999", "ambiguous");
    assert_true(json_equal(o, want));
    json_decref(want);
    json_decref(o);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_search_json_has_every_contract_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_author_json_says_how_each_hit_matched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coauthors_json_lists_names_and_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats_json_counts_papers_authors_terms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_json_has_the_parse_fields, setup, teardown),
        cmocka_unit_test(test_remove_json_lists_removed_updated_not_found_ambiguous),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
