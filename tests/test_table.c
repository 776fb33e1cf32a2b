/*
 * test_table.c — the CSV and TSV readers (RFC 4180 quoting, header
 * names, rows that do not fit) and --field-map for them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void test_csv_quotes_line_breaks_and_doubled_quotes(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("table/zotero.csv"), NULL);
    assert_int_equal(r.st, PDX_OK);
    const pdx_paper *p = t_find_title(&r, "Sparse Codes, Revisited");
    assert_non_null(p);
    assert_string_equal(pdx_paper_format(p), "csv");
    assert_string_equal(pdx_paper_abstract(p),
                        "We revisit sparse codes for sound. A second line says that \"codes\" help.");
    /* Zotero's "Surname, Given; Surname, Given" */
    assert_int_equal(pdx_paper_author_count(p), 2);
    assert_string_equal(pdx_paper_author(p, 0), "Helena Brandt");
    assert_string_equal(pdx_paper_author(p, 1), "Ko Tanabe");
    assert_int_equal(pdx_paper_year(p), 2019);
    assert_string_equal(pdx_paper_venue(p), "Journal of Invented Acoustics");
    assert_string_equal(pdx_paper_id(p), "doi:10.9999/jia.2019.3");
    /* the record starts at line 2 and spans line 3 */
    assert_non_null(strstr(pdx_paper_source(p, 0), "zotero.csv:2"));
    p = t_find_title(&r, "Tiny Models of Large Rivers");
    assert_non_null(p);
    assert_string_equal(pdx_paper_id(p), "ZX2");
    assert_non_null(strstr(pdx_paper_source(p, 0), "zotero.csv:4"));
    t_records_free(&r);
}

static void test_csv_rows_that_do_not_fit_are_reported_with_their_lines(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("table/zotero.csv"), NULL);
    /* line 5 has a ninth field, line 6 has no title */
    assert_int_equal(r.n, 2);
    assert_int_equal(r.diags, 2);
    assert_int_equal(r.sum.skipped, 2);
    assert_non_null(strstr(r.last_diag, "zotero.csv:6: row has neither a title"));
    t_records_free(&r);
}

static void test_tsv_with_web_of_science_tags(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("table/wos.tsv"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.diags, 0);
    const pdx_paper *p = t_find_title(&r, "Graph Cuts for Invented Maps");
    assert_non_null(p);
    assert_string_equal(pdx_paper_format(p), "tsv");
    assert_string_equal(pdx_paper_author(p, 0), "Y. Liu");
    assert_string_equal(pdx_paper_author(p, 1), "S. Park");
    assert_string_equal(pdx_paper_venue(p), "Invented Maps Journal");
    assert_string_equal(pdx_paper_id(p), "doi:10.9999/imj.17");
    t_records_free(&r);
}

static void test_unknown_columns_need_a_field_map(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("table/custom.csv"), NULL);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.diags, 1);
    assert_non_null(strstr(r.last_diag, "custom.csv:1: the header has no title or abstract column"));
    t_records_free(&r);
    t_parse_map(&r, NULL, "title=paper_name, authors=writers,abstract=abstract_text,year=yr,id=ref",
                t_path("table/custom.csv"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.diags, 0);
    const pdx_paper *p = t_find_title(&r, "Quoted, With Comma");
    assert_non_null(p);
    assert_string_equal(pdx_paper_id(p), "R-8");
    assert_int_equal(pdx_paper_year(p), 2023);
    p = t_find_title(&r, "Rivers That Learn");
    assert_non_null(p);
    assert_string_equal(pdx_paper_author(p, 1), "Bo Li");
    assert_string_equal(pdx_paper_abstract(p), "We let rivers learn.");
    t_records_free(&r);
}

static void test_a_mapped_column_missing_from_the_header_is_reported(void **state) {
    (void)state;
    t_records r;
    t_parse_map(&r, NULL, "title=paper_name,authors=nobody", t_path("table/custom.csv"), NULL);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.diags, 1);
    assert_non_null(strstr(r.last_diag, "no column 'nobody'"));
    t_records_free(&r);
}

static void test_a_bad_field_map_is_a_usage_error(void **state) {
    (void)state;
    pdx_ingest_opts o = {0};
    o.field_map = "title=a,colour=b";
    pdx_ingest *ing = (pdx_ingest *)1;
    assert_int_equal(pdx_ingest_new(&ing, NULL, &o), PDX_EINVAL);
    assert_null(ing);
}

static void test_an_unclosed_quote_is_reported_where_its_row_starts(void **state) {
    (void)state;
    char *dir = t_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/open.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("title,year\nGood Row,2020\n\"Never closed,2021\nmore\nlines\n", f);
    fclose(f);
    t_records r;
    t_parse(&r, NULL, path, NULL);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.diags, 1);
    assert_non_null(strstr(r.last_diag, "open.csv:3: quoted field never closed"));
    t_records_free(&r);
    t_rmrf(dir);
    free(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quotes_line_breaks_and_doubled_quotes),
        cmocka_unit_test(test_csv_rows_that_do_not_fit_are_reported_with_their_lines),
        cmocka_unit_test(test_tsv_with_web_of_science_tags),
        cmocka_unit_test(test_unknown_columns_need_a_field_map),
        cmocka_unit_test(test_a_mapped_column_missing_from_the_header_is_reported),
        cmocka_unit_test(test_a_bad_field_map_is_a_usage_error),
        cmocka_unit_test(test_an_unclosed_quote_is_reported_where_its_row_starts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
