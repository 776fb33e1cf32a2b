/*
 * test_pagetext.c — "(see more)" splices, "(see N more)" markers, where
 * an abstract counts as finished, and abstracts set from a page line.
 */
#include <string.h>

#include "ingest/pagetext.h"
#include "testutil.h"

#define S(x) x, strlen(x)

static void unsplice(pdx_buf *out, const char *s, bool *cut) {
    pdx_status st = PDX_OK;
    *cut = false;
    pdx_buf__clear(out);
    pdx_page__unsplice(&st, out, s, strlen(s), cut);
    assert_int_equal(st, PDX_OK);
}

static void test_a_splice_inside_a_word_joins_the_word(void **state) {
    (void)state;
    pdx_buf b = PDX_BUF_INIT;
    bool cut;
    unsplice(&b, "threads for error-correcting patt… (see more)erns on looms.", &cut);
    assert_string_equal(pdx_buf__str(&b), "threads for error-correcting patterns on looms.");
    assert_false(cut);
    /* cut between words: the space stays */
    unsplice(&b, "in spite of … (see more)heavy looms.", &cut);
    assert_string_equal(pdx_buf__str(&b), "in spite of heavy looms.");
    /* three dots instead of an ellipsis */
    unsplice(&b, "we weave dou... (see more)ble cloth.", &cut);
    assert_string_equal(pdx_buf__str(&b), "we weave double cloth.");
    pdx_buf__free(&b);
}

static void test_an_abstract_cut_off_is_flagged_and_loses_the_marker(void **state) {
    (void)state;
    pdx_buf b = PDX_BUF_INIT;
    bool cut;
    unsplice(&b, "Looms with two beams weave at high spe… (see more)", &cut);
    assert_string_equal(pdx_buf__str(&b), "Looms with two beams weave at high spe");
    assert_true(cut);
    /* continued, but the continuation stops mid-sentence */
    unsplice(&b, "Looms weave even rando… (see more)m patterns with", &cut);
    assert_string_equal(pdx_buf__str(&b), "Looms weave even random patterns with");
    assert_true(cut);
    /* a web address ends an abstract as well as a period */
    unsplice(&b, "Our looms are open. Plans: https://example.org/looms", &cut);
    assert_false(cut);
    pdx_buf__free(&b);
}

static void test_see_n_more_gives_the_name_and_the_count(void **state) {
    (void)state;
    size_t len;
    unsigned more;
    assert_true(pdx_page__see_n_more(S("Jo'el Martin … (see 39 more)"), &len, &more));
    assert_int_equal(len, strlen("Jo'el Martin"));
    assert_int_equal(more, 39);
    assert_true(pdx_page__see_n_more(S("A. Osei ... (see 2 more) "), &len, &more));
    assert_int_equal(len, strlen("A. Osei"));
    assert_false(pdx_page__see_n_more(S("A. Osei (see more)"), &len, &more));
    assert_false(pdx_page__see_n_more(S("more)"), &len, &more));
}

static void test_sentences_end_with_punctuation_or_an_address(void **state) {
    (void)state;
    assert_true(pdx_page__ends_sentence(S("It works.")));
    assert_true(pdx_page__ends_sentence(S("Does it work?\" ")));
    assert_true(pdx_page__ends_sentence(S("(It works.)")));
    assert_true(pdx_page__ends_sentence(S("Code at https://example.org/x")));
    assert_true(pdx_page__ends_sentence(S("See www.example.org")));
    assert_false(pdx_page__ends_sentence(S("It works with")));
    assert_false(pdx_page__ends_sentence(S("healthy participants (")));
    assert_false(pdx_page__ends_sentence(S("")));
}

static void test_a_page_abstract_is_repaired_decoded_and_flagged(void **state) {
    (void)state;
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    pdx_buf tmp = PDX_BUF_INIT;
    const char *line = "A scalable It\\^o estima… (see more)tor for looms with";
    pdx_page__set_abstract(&st, p, line, strlen(line), &tmp);
    assert_int_equal(st, PDX_OK);
    assert_string_equal(pdx_paper_abstract(p), "A scalable Itô estimator for looms with");
    assert_true(pdx_paper_abstract_truncated(p));
    pdx_buf__free(&tmp);
    pdx_paper_free(p);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_splice_inside_a_word_joins_the_word),
        cmocka_unit_test(test_an_abstract_cut_off_is_flagged_and_loses_the_marker),
        cmocka_unit_test(test_see_n_more_gives_the_name_and_the_count),
        cmocka_unit_test(test_sentences_end_with_punctuation_or_an_address),
        cmocka_unit_test(test_a_page_abstract_is_repaired_decoded_and_flagged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
