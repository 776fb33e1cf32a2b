/*
 * test_input.c — the line layer's ranges: the parts of one file that
 * `ingest --jobs 2` reads on two threads must give every line once, with
 * the line numbers of the whole file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/reader.h"
#include "testutil.h"

static char *write_lines(const char *dir, const char *text) {
    char *path = malloc(strlen(dir) + 16);
    assert_non_null(path);
    sprintf(path, "%s/in.jsonl", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* The lines of [from, to) as "N:text;" (N its line number). */
static void read_range(const char *path, uint64_t from, uint64_t to, size_t line0, char *out,
                       size_t cap) {
    pdx_input *in = NULL;
    char *err = NULL;
    assert_int_equal(pdx_input__open_range(&in, path, from, to, line0, &err), PDX_OK);
    pdx_read_ctx ctx = {path, in, NULL, NULL, NULL, NULL, NULL};
    out[0] = '\0';
    for (;;) {
        const char *line;
        size_t n;
        assert_int_equal(pdx_input__line(&line, &n, in, &ctx), PDX_OK);
        if (!line)
            break;
        size_t at = strlen(out);
        snprintf(out + at, cap - at, "%zu:%.*s;", pdx_input__lineno(in), (int)n, line);
    }
    pdx_input__close(in);
}

static void test_two_parts_give_every_line_once_with_its_number(void **state) {
    (void)state;
    char *dir = t_tmpdir();
    /* a BOM and CRLF line ends, as exporters write them */
    const char *text = "\xEF\xBB\xBF" "one\r\ntwo\r\nthree\r\nfour\nfive\n";
    char *path = write_lines(dir, text);
    uint64_t cut = (uint64_t)(strstr(text, "three") - text);
    char a[256], b[256];
    read_range(path, 0, cut, 0, a, sizeof a);
    read_range(path, cut, strlen(text), 2, b, sizeof b);
    assert_string_equal(a, "1:one;2:two;");
    assert_string_equal(b, "3:three;4:four;5:five;");
    /* the whole file, for comparison */
    read_range(path, 0, strlen(text), 0, a, sizeof a);
    assert_string_equal(a, "1:one;2:two;3:three;4:four;5:five;");
    free(path);
    t_rmrf(dir);
    free(dir);
}

static size_t count_char(const char *s, char c) {
    size_t n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

static void test_a_range_stops_at_its_end_even_inside_a_long_file(void **state) {
    (void)state;
    char *dir = t_tmpdir();
    /* longer than the input's 64 KiB buffer, so the end is met mid-refill:
     * 2,000 lines of 99 letters */
    size_t n = 200000, cap = 300000;
    char *text = malloc(n + 1), *got = malloc(cap);
    assert_non_null(text);
    assert_non_null(got);
    for (size_t i = 0; i < n; i++)
        text[i] = i % 100 == 99 ? '\n' : (char)('a' + i % 26);
    text[n] = '\0';
    char *path = write_lines(dir, text);
    uint64_t cut = 100 * 700; /* after line 700 */
    read_range(path, 0, cut, 0, got, cap);
    assert_int_equal(count_char(got, ';'), 700);
    assert_non_null(strstr(got, ";700:"));
    assert_null(strstr(got, ";701:"));
    /* each line: its number, ":", 99 letters, ";" */
    assert_int_equal(strlen(got), 700 * 99 + (9 * 1 + 90 * 2 + 601 * 3) + 2 * 700);
    read_range(path, cut, n, 700, got, cap);
    assert_int_equal(count_char(got, ';'), 1300);
    assert_memory_equal(got, "701:", 4);
    assert_non_null(strstr(got, ";2000:"));
    free(got);
    free(text);
    free(path);
    t_rmrf(dir);
    free(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_parts_give_every_line_once_with_its_number),
        cmocka_unit_test(test_a_range_stops_at_its_end_even_inside_a_long_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
