/*
 * test_csljson.c — the CSL-JSON reader: Zotero's and Pandoc's exports, one
 * item alone, the {"items": [...]} wrapper, items one per line, minified
 * arrays; broken items reported at their own lines with the rest kept; a
 * file cut short; telling CSL-JSON from JSON Lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/reader.h"
#include "testutil.h"

/* Writes `text` to a new file NAME in a new temporary directory; the
 * caller frees *dir (and removes it). */
static char *write_tmp(char **dir, const char *name, const char *text) {
    *dir = t_tmpdir();
    size_t n = strlen(*dir) + strlen(name) + 2;
    char *path = malloc(n);
    assert_non_null(path);
    snprintf(path, n, "%s/%s", *dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
    return path;
}

static void test_zotero_export_gives_names_dates_venues_and_ids(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("csljson/zotero.json"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.diags, 0);
    const pdx_paper *p = t_find_title(&r, "Closed Walks on Sparse Lattices");
    assert_non_null(p);
    assert_string_equal(pdx_paper_format(p), "csl-json");
    assert_int_equal(pdx_paper_author_count(p), 3);
    assert_string_equal(pdx_paper_author(p, 0), "Jörn Müller-Schmidt");
    /* the particle goes between given and family name */
    assert_string_equal(pdx_paper_author(p, 1), "Ana María de la Vega");
    assert_string_equal(pdx_paper_author(p, 2), "Thị Lan Nguyễn");
    /* date-parts with the year as a string, as Zotero writes it; not the
     * accessed date */
    assert_string_equal(pdx_paper_date(p), "2019-03-12");
    assert_int_equal(pdx_paper_year(p), 2019);
    assert_string_equal(pdx_paper_venue(p), "Journal of Combinatorial Walks");
    assert_string_equal(pdx_paper_volume(p), "31");
    assert_string_equal(pdx_paper_number(p), "4");
    assert_string_equal(pdx_paper_pages(p), "245-260");
    assert_string_equal(pdx_paper_extid(p, "doi"), "10.5555/JCW.2019.31.245");
    assert_non_null(strstr(pdx_paper_abstract(p), "grows more slowly"));
    /* Zotero's ids are item URIs, not citation keys; an ISSN is no id */
    assert_null(pdx_paper_extid(p, "bibtex"));
    assert_null(pdx_paper_extid(p, "issn"));
    /* a preprint: the arXiv id from number, note and URL */
    p = t_find_title(&r, "Learning Tides from Sonar");
    assert_non_null(p);
    assert_string_equal(pdx_paper_extid(p, "arxiv"), "2201.01234");
    assert_string_equal(pdx_paper_id(p), "arXiv:2201.01234");
    assert_string_equal(pdx_paper_author(p, 1), "DUNE Survey Collaboration");
    /* an edited book: its editor stands for the missing author, and its
     * ISBN is the book's id */
    p = t_find_title(&r, "Sand, Wind and Water: A Primer");
    assert_non_null(p);
    assert_int_equal(pdx_paper_author_count(p), 1);
    assert_string_equal(pdx_paper_author(p, 0), "Rami Haddad Jr.");
    assert_string_equal(pdx_paper_extid(p, "isbn"), "978-0-00-000000-2");
    assert_int_equal(pdx_paper_year(p), 2015);
    t_records_free(&r);
}

static void test_pandoc_export_loses_rich_text_tags_and_keeps_its_keys(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("csljson/pandoc.json"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.diags, 0);
    const pdx_paper *p =
        t_find_title(&r, "Event Cameras Meet NeRF: Sharp Scenes from Sparse Events");
    assert_non_null(p);
    assert_string_equal(pdx_paper_author(p, 1), "Evert van Driest");
    assert_string_equal(pdx_paper_date(p), "2020-07");
    assert_string_equal(pdx_paper_pages(p), "117-129");
    assert_string_equal(pdx_paper_venue(p), "Proceedings of the Workshop on Fast Vision");
    assert_string_equal(pdx_paper_extid(p, "bibtex"), "okafor2020event");
    assert_string_equal(pdx_paper_id(p), "bib:okafor2020event");
    p = t_find_title(&r, "Odd Cycles in Even Graphs");
    assert_non_null(p);
    assert_string_equal(pdx_paper_author(p, 0), "Zofia Łukasiewicz");
    assert_string_equal(pdx_paper_author(p, 1), "Mikkel Øbro");
    assert_string_equal(pdx_paper_extid(p, "doi"), "10.7777/odd.2021.1");
    t_records_free(&r);
}

static void test_one_item_alone_and_the_items_wrapper_are_read(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("csljson/single.json"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 1);
    assert_string_equal(pdx_paper_format(r.v[0]), "csl-json");
    assert_string_equal(pdx_paper_date(r.v[0]), "2018-11-02"); /* issued.raw */
    assert_string_equal(pdx_paper_extid(r.v[0], "doi"), "10.4444/ol.2018.7"); /* from URL */
    t_records_free(&r);
    t_parse(&r, NULL, t_path("csljson/wrapper.json"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.diags, 0);
    const pdx_paper *p = t_find_title(&r, "Looms of the North");
    assert_non_null(p);
    assert_int_equal(pdx_paper_year(p), 2016); /* issued.literal "Winter 2016" */
    t_records_free(&r);
}

/* Items written one per line (CSL as JSON Lines) and a minified array:
 * each item is read, and a broken one costs only itself. */
static void test_items_one_per_line_and_minified_arrays_are_read(void **state) {
    (void)state;
    char *dir;
    char *path = write_tmp(&dir, "lines.json",
                           "{\"title\": \"Line One\", \"issued\": {\"date-parts\": [[2001]]}}\n"
                           "{\"title\": \"Line Two\", \"author\": [{\"family\": \"Ek\"}]}\n");
    t_records r;
    t_parse(&r, NULL, path, NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 2);
    assert_string_equal(pdx_paper_format(r.v[0]), "csl-json");
    assert_string_equal(pdx_paper_author(t_find_title(&r, "Line Two"), 0), "Ek");
    t_records_free(&r);
    t_rmrf(dir);
    free(dir);
    free(path);
    path = write_tmp(&dir, "min.json",
                     "[{\"title\":\"Min One\",\"issued\":{\"date-parts\":[[2001]]}},"
                     "{\"title\":\"Min \\\"Two]}\\\"\",\"type\":\"book\"}, 7,"
                     "{\"title\":\"Min Three\"}]\n");
    t_parse(&r, NULL, path, NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 3);
    /* brackets and escaped quotes inside strings are text */
    assert_non_null(t_find_title(&r, "Min \"Two]}\""));
    assert_int_equal(r.diags, 1); /* the 7 */
    assert_non_null(strstr(r.last_diag, "min.json:1: CSL item is not a JSON object"));
    t_records_free(&r);
    t_rmrf(dir);
    free(dir);
    free(path);
}

static void test_broken_items_are_reported_at_their_lines_and_the_rest_kept(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("csljson/broken.json"), NULL);
    assert_int_equal(r.st, PDX_OK);
    /* a missing colon (line 12), a "}" closing a "[" (line 19), no title
     * (the item at line 29) */
    assert_int_equal(r.diags, 3);
    assert_non_null(strstr(r.last_diag, "broken.json:29: CSL item has neither"));
    assert_int_equal(r.n, 2);
    assert_non_null(t_find_title(&r, "A Good Item Before the Broken Ones"));
    /* after the bracket mismatch the scanner finds the next item */
    const pdx_paper *p = t_find_title(&r, "A Good Item After the Broken Ones");
    assert_non_null(p);
    assert_int_equal(pdx_paper_year(p), 2014);
    t_records_free(&r);
}

static void test_a_file_cut_short_keeps_the_items_before_the_cut(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("csljson/cut.json"), NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(pdx_paper_title(r.v[0]), "The Item Before the Cut");
    assert_int_equal(r.diags, 1);
    assert_non_null(strstr(r.last_diag, "cut.json:12:"));
    assert_non_null(strstr(r.last_diag, "the item from line 8 skipped"));
    t_records_free(&r);
    /* cut between items: the array left open is reported */
    char *dir;
    char *path = write_tmp(&dir, "open.json", "[\n  {\"title\": \"Whole Item\"},\n");
    t_parse(&r, NULL, path, NULL);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.diags, 1);
    assert_non_null(strstr(r.last_diag, "open.json:2: JSON cut off: the array opened at line 1"));
    t_records_free(&r);
    t_rmrf(dir);
    free(dir);
    free(path);
}

static void test_a_json_array_of_other_objects_is_reported_item_by_item(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("csljson/notcsl.json"), NULL);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.diags, 2);
    assert_non_null(strstr(r.last_diag, "notcsl.json:3: CSL item has neither"));
    t_records_free(&r);
}

/* A CSL-JSON file starts with "[" (JSON Lines never does); a one-line
 * object is CSL only when it holds CSL's own keys. */
static void test_csl_json_is_told_apart_from_json_lines_and_text(void **state) {
    (void)state;
    static const struct {
        const char *head, *reader;
    } cases[] = {
        {"[\n\t{\n\t\t\"id\": \"x\",\n\t\t\"issued\": {}", "csl-json"},
        {"[{\"name\": \"not csl, still an array of objects\"}]", "csl-json"},
        {"[]", "csl-json"},
        {"{\"items\": [{\"title\": \"T\"}]}", "csl-json"},
        {"{\"title\": \"T\", \"container-title\": \"J\"}\n", "csl-json"},
        {"{\"title\": \"T\", \"author\": [{\"family\": \"Ek\", \"given\": \"Sofia\"}]}\n",
         "csl-json"},
        {"{\"id\": \"p1\", \"title\": \"T\", \"authors\": [\"Ana Ruiz\"], \"year\": 2021}\n",
         "jsonl"},
        {"{\"_id\": \"D1\", \"title\": \"T\", \"text\": \"Words.\"}\n", "jsonl"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const pdx_reader *rd =
            pdx_reader__sniff(cases[i].head, strlen(cases[i].head), "input.json");
        assert_non_null(rd);
        if (strcmp(rd->name, cases[i].reader) != 0)
            fail_msg("case %zu: read as %s, not %s", i, rd->name, cases[i].reader);
    }
    /* a numbered reference list is no JSON */
    static const char refs[] = "[1] A. Ruiz. Sparse looms. 2021.\n[2] B. Chen. Dense looms.\n";
    const pdx_reader *rd = pdx_reader__sniff(refs, strlen(refs), "refs.txt");
    assert_true(!rd || strcmp(rd->name, "csl-json") != 0);
    /* every fixture is detected without --format */
    static const char *const fixtures[] = {"zotero.json", "pandoc.json", "single.json",
                                           "wrapper.json", "broken.json", "notcsl.json",
                                           "cut.json"};
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        char rel[64], head[65536];
        snprintf(rel, sizeof rel, "csljson/%s", fixtures[i]);
        FILE *f = fopen(t_path(rel), "rb");
        assert_non_null(f);
        size_t n = fread(head, 1, sizeof head, f);
        fclose(f);
        rd = pdx_reader__sniff(head, n, t_path(rel));
        assert_non_null(rd);
        if (strcmp(rd->name, "csl-json") != 0)
            fail_msg("%s: read as %s", fixtures[i], rd->name);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zotero_export_gives_names_dates_venues_and_ids),
        cmocka_unit_test(test_pandoc_export_loses_rich_text_tags_and_keeps_its_keys),
        cmocka_unit_test(test_one_item_alone_and_the_items_wrapper_are_read),
        cmocka_unit_test(test_items_one_per_line_and_minified_arrays_are_read),
        cmocka_unit_test(test_broken_items_are_reported_at_their_lines_and_the_rest_kept),
        cmocka_unit_test(test_a_file_cut_short_keeps_the_items_before_the_cut),
        cmocka_unit_test(test_a_json_array_of_other_objects_is_reported_item_by_item),
        cmocka_unit_test(test_csl_json_is_told_apart_from_json_lines_and_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
