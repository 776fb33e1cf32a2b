/*
 * test_paper.c — the record: ids, derived titles, merging rules, and the
 * JSON form that both the command and the index use.
 */
#include <stdlib.h>
#include <string.h>

#include "paper.h"
#include "testutil.h"

static pdx_paper *make(const char *title, const char *abstract, const char *date) {
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    if (title)
        pdx_paper__set_title(&st, p, title, strlen(title));
    if (abstract)
        pdx_paper__set_abstract(&st, p, abstract, strlen(abstract));
    if (date)
        pdx_paper__set_date(&st, p, date, strlen(date));
    assert_int_equal(st, PDX_OK);
    return p;
}

static void add_author(pdx_paper *p, const char *name, unsigned flags) {
    pdx_status st = PDX_OK;
    pdx_paper__add_author(&st, p, name, strlen(name), flags);
    assert_int_equal(st, PDX_OK);
}

static void test_ids_come_from_source_ids_first_then_the_title(void **state) {
    (void)state;
    pdx_paper *a = make("Graph Attention  Networks", NULL, "2018-02-01");
    pdx_paper *b = make("graph attention networks", NULL, NULL);
    assert_int_equal(pdx_paper__finish(a), PDX_OK);
    assert_int_equal(pdx_paper__finish(b), PDX_OK);
    /* the same normalised title gives the same id, whatever the case */
    assert_string_equal(pdx_paper_id(a), pdx_paper_id(b));
    assert_int_equal(pdx_paper_id(a)[0], 't');
    assert_int_equal(strlen(pdx_paper_id(a)), 16);
    assert_int_equal(pdx_paper_year(a), 2018);

    pdx_paper *c = make("Anything", NULL, NULL);
    pdx_status st = PDX_OK;
    pdx_paper__add_id(&st, c, "doi", "10.1/x", 6);
    pdx_paper__add_id(&st, c, "arxiv", "2101.00001", 10);
    assert_int_equal(pdx_paper__finish(c), PDX_OK);
    assert_string_equal(pdx_paper_id(c), "arXiv:2101.00001");
    pdx_paper_free(a);
    pdx_paper_free(b);
    pdx_paper_free(c);
}

static void test_a_record_without_title_gets_one_from_its_abstract(void **state) {
    (void)state;
    pdx_paper *p = make(NULL, "We study sparse codes for sound. Then more follows here.", NULL);
    assert_int_equal(pdx_paper__finish(p), PDX_OK);
    assert_string_equal(pdx_paper_title(p), "We study sparse codes for sound.");
    assert_true(pdx_paper_title_derived(p));
    assert_int_equal(pdx_paper_id(p)[0], 'a');
    pdx_paper_free(p);
}

static void test_merging_keeps_the_most_complete_value_of_each_field(void **state) {
    (void)state;
    pdx_paper *dst = make("Bayesian Widgets", "Short cut", "--03-01");
    dst->flags |= PDX_PAPER_ABSTRACT_TRUNCATED | PDX_PAPER_AUTHORS_TRUNCATED;
    add_author(dst, "Ana Lima", 0);
    add_author(dst, "David Scott Krueger", PDX_AUTHOR_IMPLIED);
    pdx_status st = PDX_OK;
    pdx_paper__add_source(&st, dst, "profile.txt", 10);

    pdx_paper *src = make("Bayesian Widgets", "Short cut, but now the full abstract text.", "2019-03-01");
    add_author(src, "Ana Lima", 0);
    add_author(src, "Bo Chen", 0);
    add_author(src, "Carla Diaz", 0);
    src->flags |= PDX_PAPER_CODE;
    pdx_paper__add_source(&st, src, "listing.txt", 4);
    pdx_paper__add_source(&st, src, "profile.txt", 10);
    assert_int_equal(st, PDX_OK);

    assert_int_equal(pdx_paper__merge(dst, src), PDX_OK);
    assert_string_equal(pdx_paper_abstract(dst), "Short cut, but now the full abstract text.");
    assert_false(pdx_paper_abstract_truncated(dst));
    assert_false(pdx_paper_authors_truncated(dst));
    assert_string_equal(pdx_paper_date(dst), "2019-03-01");
    assert_true(pdx_paper_code(dst));
    /* the complete list wins, and the implied page owner is kept */
    assert_int_equal(pdx_paper_author_count(dst), 4);
    assert_string_equal(pdx_paper_author(dst, 3), "David Scott Krueger");
    assert_int_equal(pdx_paper_author_flags(dst, 3), PDX_AUTHOR_IMPLIED);
    /* sources are unioned without repeats */
    assert_int_equal(pdx_paper_source_count(dst), 2);
    assert_string_equal(pdx_paper_source(dst, 1), "listing.txt:4");
    pdx_paper_free(dst);
    pdx_paper_free(src);
}

static void test_an_implied_author_listed_under_a_variant_is_not_added_twice(void **state) {
    (void)state;
    pdx_paper *dst = make("T", NULL, NULL);
    add_author(dst, "David Krueger", 0);
    pdx_paper *src = make("T", NULL, NULL);
    add_author(src, "David Scott Krueger", PDX_AUTHOR_IMPLIED);
    assert_int_equal(pdx_paper__merge(dst, src), PDX_OK);
    assert_int_equal(pdx_paper_author_count(dst), 1);
    pdx_paper_free(dst);
    pdx_paper_free(src);
}

static void test_json_round_trip_keeps_every_field(void **state) {
    (void)state;
    pdx_paper *p = make("Ünïcode \"quoted\" title", "Abstract\nwith two lines", "2020-05-06");
    pdx_status st = PDX_OK;
    add_author(p, "Jörg Wendel", 0);
    add_author(p, "Owner Person", PDX_AUTHOR_IMPLIED);
    pdx_paper__add_affiliation(&st, p, "oslo", 4);
    pdx_paper__set_category(&st, p, "LG", 2);
    pdx_paper__set_venue(&st, p, "ICML", 4);
    pdx_paper__add_source(&st, p, "dir/with:colon.txt", 12);
    pdx_paper__add_id(&st, p, "doi", "10.5/ABC", 8);
    p->flags |= PDX_PAPER_CODE | PDX_PAPER_ABSTRACT_TRUNCATED;
    assert_int_equal(st, PDX_OK);
    assert_int_equal(pdx_paper__finish(p), PDX_OK);

    char *json = NULL;
    assert_int_equal(pdx_paper_to_json(&json, p), PDX_OK);
    pdx_paper *q = NULL;
    assert_int_equal(pdx_paper__from_json(&q, json, strlen(json)), PDX_OK);
    char *json2 = NULL;
    assert_int_equal(pdx_paper_to_json(&json2, q), PDX_OK);
    assert_string_equal(json, json2);
    assert_string_equal(pdx_paper_source(q, 0), "dir/with:colon.txt:12");
    assert_int_equal(pdx_paper_author_flags(q, 1), PDX_AUTHOR_IMPLIED);
    assert_true(pdx_paper_code(q));
    assert_int_equal(pdx_paper_year(q), 2020);
    free(json);
    free(json2);
    pdx_paper_free(p);
    pdx_paper_free(q);

    assert_int_equal(pdx_paper__from_json(&q, "[1,2]", 5), PDX_ECORRUPT);
    assert_null(q);
    assert_int_equal(pdx_paper__from_json(&q, "{\"title\":", 9), PDX_ECORRUPT);
}

/* What a document stores (schema 2): the JSON without the abstract, a NUL,
 * the abstract as it is.  It reads back as the record, and so does the
 * JSON alone (schema 1) and a record without abstract; a damaged JSON part
 * is still refused. */
static void test_the_stored_form_reads_back_as_the_record(void **state) {
    (void)state;
    pdx_paper *p = make("A \"quoted\" title",
                        "Back\\slash, \"quotes\",\nlines and ünïcode:\t{\"abstract\": 1}", "2021");
    pdx_status st = PDX_OK;
    add_author(p, "Jörg Wendel", 0);
    pdx_paper__add_id(&st, p, "arxiv", "2101.00001", 10);
    p->flags |= PDX_PAPER_ABSTRACT_TRUNCATED;
    assert_int_equal(st, PDX_OK);
    assert_int_equal(pdx_paper__finish(p), PDX_OK);
    char *json = NULL, *stored = NULL, *back = NULL;
    size_t n = 0;
    assert_int_equal(pdx_paper_to_json(&json, p), PDX_OK);
    assert_int_equal(pdx_paper__stored(&stored, &n, p), PDX_OK);
    const char *nul = memchr(stored, '\0', n);
    assert_non_null(nul);
    assert_null(strstr(stored, "\"abstract\":")); /* the JSON part has no abstract */
    assert_string_equal(nul + 1, pdx_paper_abstract(p));
    pdx_paper *q = NULL;
    assert_int_equal(pdx_paper__from_stored(&q, stored, n), PDX_OK);
    assert_int_equal(pdx_paper_to_json(&back, q), PDX_OK);
    assert_string_equal(back, json);
    pdx_paper_free(q);
    free(back);
    assert_int_equal(pdx_paper__from_stored(&q, json, strlen(json)), PDX_OK);
    assert_int_equal(pdx_paper_to_json(&back, q), PDX_OK);
    assert_string_equal(back, json);
    pdx_paper_free(q);
    free(back);
    stored[0] = '[';
    assert_int_equal(pdx_paper__from_stored(&q, stored, n), PDX_ECORRUPT);
    assert_null(q);
    free(stored);
    free(json);
    pdx_paper_free(p);

    p = make("No abstract here", NULL, "2021");
    assert_int_equal(pdx_paper__finish(p), PDX_OK);
    assert_int_equal(pdx_paper_to_json(&json, p), PDX_OK);
    assert_int_equal(pdx_paper__stored(&stored, &n, p), PDX_OK);
    assert_int_equal(n, strlen(stored));
    assert_string_equal(stored, json);
    assert_int_equal(pdx_paper__from_stored(&q, stored, n), PDX_OK);
    assert_null(pdx_paper_abstract(q));
    pdx_paper_free(q);
    free(stored);
    free(json);
    pdx_paper_free(p);
}

static void test_different_ids_of_one_scheme_mean_different_papers(void **state) {
    (void)state;
    pdx_paper *a = make("A Study of Things", NULL, "2020");
    pdx_paper *b = make("A Study of Things", NULL, "2020");
    pdx_paper *c = make("A Study of Things", NULL, "2008");
    pdx_status st = PDX_OK;
    pdx_paper__add_id(&st, a, "id", "MED-1", 5);
    pdx_paper__add_id(&st, b, "id", "MED-2", 5);
    assert_int_equal(pdx_paper__finish(a), PDX_OK);
    assert_int_equal(pdx_paper__finish(b), PDX_OK);
    assert_int_equal(pdx_paper__finish(c), PDX_OK);
    assert_true(pdx_paper__ids_conflict(a, b));
    assert_false(pdx_paper__same_work(a, b));
    /* no id on one side is no conflict; a year eleven apart is */
    assert_false(pdx_paper__ids_conflict(a, c));
    assert_false(pdx_paper__same_work(a, c));
    pdx_paper__add_id(&st, b, "doi", "10.1/X", 6);
    pdx_paper__add_id(&st, a, "doi", "10.1/x", 6);
    assert_true(pdx_paper__ids_conflict(a, b)); /* the ids still differ */
    pdx_paper_free(a);
    pdx_paper_free(b);
    pdx_paper_free(c);
}

static void key_of(pdx_buf *out, const pdx_paper *p) {
    pdx_status st = PDX_OK;
    pdx_buf__clear(out);
    pdx_paper__abstract_key(&st, out, p);
    assert_int_equal(st, PDX_OK);
}

static void test_a_preview_of_an_abstract_has_the_key_of_the_full_text(void **state) {
    (void)state;
    /* 20 words shown before "(see more)", the last one cut */
    pdx_paper *preview = make(NULL,
                              "Looms with two warp beams can weave double cloth in a single pass, "
                              "and we show how to sche",
                              NULL);
    preview->flags |= PDX_PAPER_ABSTRACT_TRUNCATED;
    pdx_paper *full = make(NULL,
                           "Looms with two warp beams can weave double cloth in a single pass, and "
                           "we show how to schedule the two beams so that the layers never tangle.",
                           NULL);
    pdx_buf a = PDX_BUF_INIT, b = PDX_BUF_INIT;
    key_of(&a, preview);
    key_of(&b, full);
    assert_true(a.n > 0);
    assert_string_equal(pdx_buf__str(&a), pdx_buf__str(&b));
    /* sixteen words, and the cut word "sche" is not one of them */
    assert_string_equal(pdx_buf__str(&a), "looms with two warp beams can weave double cloth in a "
                                          "single pass and we show");
    /* so a preview and its full text get the same id when title-less */
    assert_int_equal(pdx_paper__finish(preview), PDX_OK);
    assert_int_equal(pdx_paper__finish(full), PDX_OK);
    assert_string_equal(pdx_paper_id(preview), pdx_paper_id(full));
    pdx_buf__free(&a);
    pdx_buf__free(&b);
    pdx_paper_free(preview);
    pdx_paper_free(full);
}

static void test_an_abstract_too_short_to_identify_a_paper_has_no_key(void **state) {
    (void)state;
    pdx_buf k = PDX_BUF_INIT;
    /* 16 words, but cut: the last may be a fragment, 15 are not enough */
    pdx_paper *p = make(NULL, "one two three four five six seven eight nine ten eleven twelve "
                              "thirteen fourteen fifteen sixt", NULL);
    p->flags |= PDX_PAPER_ABSTRACT_TRUNCATED;
    key_of(&k, p);
    assert_int_equal(k.n, 0);
    p->flags &= ~PDX_PAPER_ABSTRACT_TRUNCATED;
    key_of(&k, p);
    assert_int_equal(k.n, strlen(pdx_buf__str(&k)));
    assert_true(k.n > 0);
    pdx_buf__free(&k);
    pdx_paper_free(p);
}

static void test_real_titles_that_disagree_keep_records_apart(void **state) {
    (void)state;
    const char *abs = "We weave";
    pdx_paper *a = make("Sparse Weaving with Fewer Threads", abs, NULL);
    pdx_paper *b = make("Card Punching Errors in Jacquard Looms", abs, NULL);
    pdx_paper *c = make("Sparse Weaving With Fewer Threads, Revisited", abs, NULL);
    pdx_paper *d = make(NULL, abs, NULL);
    assert_int_equal(pdx_paper__finish(d), PDX_OK); /* a derived title */
    assert_false(pdx_paper__same_work(a, b));
    assert_true(pdx_paper__same_work(a, c));
    assert_true(pdx_paper__same_work(a, d));
    assert_true(pdx_paper__same_work(b, d));
    /* a shared source id says they are one paper, retitled */
    pdx_status st = PDX_OK;
    pdx_paper__add_id(&st, a, "arxiv", "3001.00001", 10);
    pdx_paper__add_id(&st, b, "arxiv", "3001.00001", 10);
    assert_true(pdx_paper__same_work(a, b));
    pdx_paper_free(a);
    pdx_paper_free(b);
    pdx_paper_free(c);
    pdx_paper_free(d);
}

static void test_merging_a_more_precise_date_brings_its_year(void **state) {
    (void)state;
    pdx_paper *a = make("Shuttle Timing for Dense Cloth", NULL, NULL);
    a->year = 2028; /* from a year heading */
    pdx_paper *b = make("Shuttle Timing for Dense Cloth", NULL, "2029-11-02");
    assert_int_equal(pdx_paper__finish(b), PDX_OK);
    assert_int_equal(pdx_paper__merge(a, b), PDX_OK);
    assert_string_equal(pdx_paper_date(a), "2029-11-02");
    assert_int_equal(pdx_paper_year(a), 2029);
    pdx_paper_free(a);
    pdx_paper_free(b);
}

/* BibTeX keys are labels each file's owner picks: two .bib files name one
 * paper differently, and that must not keep it apart. */
static void test_different_bibtex_keys_do_not_keep_one_paper_apart(void **state) {
    (void)state;
    pdx_paper *a = make("A Study of Things", NULL, "2020");
    pdx_paper *b = make("A Study of Things", NULL, "2020");
    pdx_status st = PDX_OK;
    pdx_paper__add_id(&st, a, "bibtex", "smith2020", 9);
    pdx_paper__add_id(&st, b, "bibtex", "Smith:2020:SOT", 14);
    pdx_paper__add_id(&st, a, "doi", "10.1/x", 6);
    pdx_paper__add_id(&st, b, "doi", "10.1/X", 6);
    assert_int_equal(st, PDX_OK);
    assert_false(pdx_paper__ids_conflict(a, b));
    assert_false(pdx_paper__ids_conflict(b, a));
    assert_true(pdx_paper__same_work(a, b));
    pdx_paper_free(a);
    pdx_paper_free(b);
}

static void test_pages_keep_one_dash_between_the_ends_of_a_range(void **state) {
    (void)state;
    static const char *const cases[][2] = {
        {"117--129", "117-129"}, {"117 -- 129", "117-129"}, {"117\xe2\x80\x93" "129", "117-129"},
        {"e1234", "e1234"},       {"12", "12"},              {"-5", "-5"},
        {"A1--A9", "A1-A9"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pdx_paper *p = make("T", NULL, NULL);
        pdx_status st = PDX_OK;
        pdx_paper__set_pages(&st, p, cases[i][0], strlen(cases[i][0]));
        assert_int_equal(st, PDX_OK);
        assert_string_equal(pdx_paper_pages(p), cases[i][1]);
        pdx_paper_free(p);
    }
}

static void test_citation_fields_survive_json_and_merge_as_one_group(void **state) {
    (void)state;
    pdx_paper *a = make("A Study of Things", NULL, "2020");
    pdx_paper *b = make("A Study of Things", NULL, "2020");
    pdx_status st = PDX_OK;
    pdx_paper__set_volume(&st, a, "12", 2);
    pdx_paper__set_pages(&st, a, "1--9", 4);
    pdx_paper__set_volume(&st, b, "99", 2);
    pdx_paper__set_number(&st, b, "4", 1);
    pdx_paper__set_journal_ref(&st, b, "J. Th. 12 (2020) 1", 18);
    assert_int_equal(st, PDX_OK);
    assert_int_equal(pdx_paper__merge(a, b), PDX_OK);
    assert_string_equal(pdx_paper_volume(a), "12");
    assert_null(pdx_paper_number(a)); /* not b's number beside a's volume */
    assert_string_equal(pdx_paper_journal_ref(a), "J. Th. 12 (2020) 1");
    assert_int_equal(pdx_paper__finish(a), PDX_OK);
    char *js = NULL;
    assert_int_equal(pdx_paper__json(&js, a, 0), PDX_OK);
    pdx_paper *c = NULL;
    assert_int_equal(pdx_paper__from_json(&c, js, strlen(js)), PDX_OK);
    assert_string_equal(pdx_paper_volume(c), "12");
    assert_string_equal(pdx_paper_pages(c), "1-9");
    assert_string_equal(pdx_paper_journal_ref(c), "J. Th. 12 (2020) 1");
    free(js);
    pdx_paper_free(a);
    pdx_paper_free(b);
    pdx_paper_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ids_come_from_source_ids_first_then_the_title),
        cmocka_unit_test(test_a_record_without_title_gets_one_from_its_abstract),
        cmocka_unit_test(test_merging_keeps_the_most_complete_value_of_each_field),
        cmocka_unit_test(test_an_implied_author_listed_under_a_variant_is_not_added_twice),
        cmocka_unit_test(test_json_round_trip_keeps_every_field),
        cmocka_unit_test(test_the_stored_form_reads_back_as_the_record),
        cmocka_unit_test(test_different_ids_of_one_scheme_mean_different_papers),
        cmocka_unit_test(test_a_preview_of_an_abstract_has_the_key_of_the_full_text),
        cmocka_unit_test(test_an_abstract_too_short_to_identify_a_paper_has_no_key),
        cmocka_unit_test(test_real_titles_that_disagree_keep_records_apart),
        cmocka_unit_test(test_merging_a_more_precise_date_brings_its_year),
        cmocka_unit_test(test_different_bibtex_keys_do_not_keep_one_paper_apart),
        cmocka_unit_test(test_pages_keep_one_dash_between_the_ends_of_a_range),
        cmocka_unit_test(test_citation_fields_survive_json_and_merge_as_one_group),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
