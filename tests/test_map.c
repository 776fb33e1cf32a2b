/*
 * test_map.c — the string → index map of util/map.c: keys are byte
 * strings with a length (not NUL-terminated), a put of an existing key
 * replaces its value, and the map grows past its first capacity.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "util/map.h"

static void test_an_empty_map_finds_nothing(void **state) {
    (void)state;
    pdx_map m = PDX_MAP_INIT;
    size_t v = 99;
    assert_false(pdx_map__get(&m, "Q0704.0001", 10, &v));
    pdx_map__free(&m);
}

static void test_keys_are_bytes_with_a_length(void **state) {
    (void)state;
    pdx_map m = PDX_MAP_INIT;
    assert_int_equal(pdx_map__put(&m, "XIdoi:10.1/x", 12, 1), PDX_OK);
    assert_int_equal(pdx_map__put(&m, "a\0b", 3, 2), PDX_OK);
    size_t v = 0;
    assert_true(pdx_map__get(&m, "XIdoi:10.1/xyz", 12, &v));
    assert_int_equal(v, 1);
    assert_true(pdx_map__get(&m, "a\0b", 3, &v));
    assert_int_equal(v, 2);
    assert_false(pdx_map__get(&m, "a", 1, &v));
    assert_false(pdx_map__get(&m, "XIdoi:10.1/", 11, &v));
    pdx_map__free(&m);
}

static void test_a_second_put_replaces_the_value(void **state) {
    (void)state;
    pdx_map m = PDX_MAP_INIT;
    assert_int_equal(pdx_map__put(&m, "key", 3, 1), PDX_OK);
    assert_int_equal(pdx_map__put(&m, "key", 3, 7), PDX_OK);
    size_t v = 0;
    assert_true(pdx_map__get(&m, "key", 3, &v));
    assert_int_equal(v, 7);
    assert_int_equal(m.used, 1);
    pdx_map__free(&m);
}

static void test_ten_thousand_keys_are_all_found_after_growing(void **state) {
    (void)state;
    pdx_map m = PDX_MAP_INIT;
    char k[32];
    for (size_t i = 0; i < 10000; i++) {
        int n = snprintf(k, sizeof k, "paper-%zu", i);
        assert_int_equal(pdx_map__put(&m, k, (size_t)n, i), PDX_OK);
    }
    for (size_t i = 0; i < 10000; i++) {
        int n = snprintf(k, sizeof k, "paper-%zu", i);
        size_t v = 0;
        assert_true(pdx_map__get(&m, k, (size_t)n, &v));
        assert_int_equal(v, i);
    }
    size_t v = 0;
    assert_false(pdx_map__get(&m, "paper-10000", 11, &v));
    pdx_map__free(&m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_empty_map_finds_nothing),
        cmocka_unit_test(test_keys_are_bytes_with_a_length),
        cmocka_unit_test(test_a_second_put_replaces_the_value),
        cmocka_unit_test(test_ten_thousand_keys_are_all_found_after_growing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
