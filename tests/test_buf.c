/*
 * test_buf.c — the growable byte buffer, the arena and the string helpers
 * of util/buf.c: appends chain through one status, the bytes stay
 * NUL-terminated, and detach hands the bytes over.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/buf.h"

static void test_appends_chain_and_stay_nul_terminated(void **state) {
    (void)state;
    pdx_status st = PDX_OK;
    pdx_buf b = PDX_BUF_INIT;
    assert_string_equal(pdx_buf__str(&b), "");
    pdx_buf__adds(&st, &b, "Jörn");
    pdx_buf__addc(&st, &b, ' ');
    pdx_buf__add(&st, &b, "Loviscach!", 9);
    pdx_buf__printf(&st, &b, " %d", 2019);
    assert_int_equal(st, PDX_OK);
    assert_int_equal(b.n, strlen("Jörn Loviscach 2019"));
    assert_string_equal(pdx_buf__str(&b), "Jörn Loviscach 2019");
    pdx_buf__clear(&b);
    assert_int_equal(b.n, 0);
    assert_string_equal(pdx_buf__str(&b), "");
    pdx_buf__free(&b);
    pdx_buf__free(NULL);
}

static void test_a_failed_status_makes_appends_do_nothing(void **state) {
    (void)state;
    pdx_status st = PDX_ENOMEM;
    pdx_buf b = PDX_BUF_INIT;
    pdx_buf__adds(&st, &b, "lost");
    pdx_buf__addc(&st, &b, 'x');
    assert_int_equal(st, PDX_ENOMEM);
    assert_int_equal(b.n, 0);
    pdx_buf__free(&b);
}

static void test_addu_encodes_code_points_as_utf8(void **state) {
    (void)state;
    pdx_status st = PDX_OK;
    pdx_buf b = PDX_BUF_INIT;
    pdx_buf__addu(&st, &b, 'A');
    pdx_buf__addu(&st, &b, 0xF6);    /* ö */
    pdx_buf__addu(&st, &b, 0x2014);  /* em dash */
    pdx_buf__addu(&st, &b, 0x1D400); /* mathematical bold A */
    assert_int_equal(st, PDX_OK);
    assert_string_equal(pdx_buf__str(&b), "A\xC3\xB6\xE2\x80\x94\xF0\x9D\x90\x80");
    pdx_buf__free(&b);
}

static void test_detach_hands_the_bytes_over_and_empties_the_buffer(void **state) {
    (void)state;
    pdx_status st = PDX_OK;
    pdx_buf b = PDX_BUF_INIT;
    pdx_buf__adds(&st, &b, "arXiv:0704.0001");
    char *s = pdx_buf__detach(&b);
    assert_non_null(s);
    assert_string_equal(s, "arXiv:0704.0001");
    assert_int_equal(b.n, 0);
    assert_string_equal(pdx_buf__str(&b), "");
    free(s);
    pdx_buf__free(&b);
}

static void test_arena_copies_strings_and_frees_them_in_one_call(void **state) {
    (void)state;
    pdx_arena a = {0};
    char *x = pdx_arena__strndup(&a, "Lorraine, J.", 8);
    char *y = pdx_arena__strndup(&a, "", 0);
    void *big = pdx_arena__alloc(&a, 1 << 16);
    assert_non_null(x);
    assert_non_null(y);
    assert_non_null(big);
    assert_string_equal(x, "Lorraine");
    assert_string_equal(y, "");
    pdx_arena__free(&a);
}

static void test_hash64_is_stable_and_strndup_copies(void **state) {
    (void)state;
    assert_true(pdx_hash64("abc", 3) == pdx_hash64("abcd", 3));
    assert_true(pdx_hash64("abc", 3) != pdx_hash64("abd", 3));
    char *s = pdx_strndup("paperdex", 5);
    assert_string_equal(s, "paper");
    free(s);
    assert_true(pdx_now() > 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_appends_chain_and_stay_nul_terminated),
        cmocka_unit_test(test_a_failed_status_makes_appends_do_nothing),
        cmocka_unit_test(test_addu_encodes_code_points_as_utf8),
        cmocka_unit_test(test_detach_hands_the_bytes_over_and_empties_the_buffer),
        cmocka_unit_test(test_arena_copies_strings_and_frees_them_in_one_call),
        cmocka_unit_test(test_hash64_is_stable_and_strndup_copies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
