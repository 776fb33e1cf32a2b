/*
 * test_bibtex.c — the BibTeX reader: macros, concatenation, crossref,
 * names, ids, broken entries reported with their lines, hostile files
 * that must neither crash nor hang, and btparse kept from printing.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "testutil.h"

static const pdx_paper *find_id(const t_records *r, const char *id) {
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(pdx_paper_id(r->v[i]), id) == 0)
            return r->v[i];
    return NULL;
}

static void test_macros_concatenation_and_month_macros_are_expanded(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("bibtex/macros.bib"), NULL);
    assert_int_equal(r.st, PDX_OK);
    const pdx_paper *p = t_find_title(&r, "On Fast Sorting of Invented Data");
    assert_non_null(p);
    assert_string_equal(pdx_paper_format(p), "bibtex");
    /* j-ICE # " (Second Series)" */
    assert_string_equal(pdx_paper_venue(p), "Journal of Invented Computing (Second Series)");
    /* month = aug # " 8", with aug defined by no one in the file */
    assert_string_equal(pdx_paper_date(p), "2019-08-08");
    t_records_free(&r);
}

static void test_names_in_both_orders_decoded_and_others_truncates(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("bibtex/macros.bib"), NULL);
    const pdx_paper *p = t_find_title(&r, "On Fast Sorting of Invented Data");
    assert_non_null(p);
    assert_int_equal(pdx_paper_author_count(p), 3);
    assert_string_equal(pdx_paper_author(p, 0), "Jörg Müller");
    assert_string_equal(pdx_paper_author(p, 1), "Élodie Dupré");
    assert_string_equal(pdx_paper_author(p, 2), "John Smith Jr.");
    assert_true(pdx_paper_authors_truncated(p));
    p = t_find_title(&r, "Parsing Invented Citations");
    assert_non_null(p);
    assert_string_equal(pdx_paper_author(p, 0), "Zofia Nowak");
    assert_string_equal(pdx_paper_author(p, 1), "Piotr Łukasiewicz");
    p = t_find_title(&r, "A Chapter on Čech Complexes");
    assert_non_null(p);
    assert_string_equal(pdx_paper_author(p, 0), "Ana García Márquez");
    assert_string_equal(pdx_paper_date(p), "2018-03-14");
    t_records_free(&r);
}

static void test_crossref_gives_the_parents_fields_but_not_its_title(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("bibtex/macros.bib"), NULL);
    const pdx_paper *p = t_find_title(&r, "Parsing Invented Citations");
    assert_non_null(p);
    /* the parent comes later in the file; its title is the booktitle */
    assert_string_equal(pdx_paper_venue(p), "Proceedings of the Invented Conference");
    assert_string_equal(pdx_paper_date(p), "2020-10");
    /* the parent is a record of its own, its editors as its authors */
    p = t_find_title(&r, "Proceedings of the Invented Conference");
    assert_non_null(p);
    assert_string_equal(pdx_paper_author(p, 0), "Min-ji Lee");
    assert_string_equal(pdx_paper_author(p, 1), "Jan de Vries");
    t_records_free(&r);
}

static void test_key_doi_and_eprint_are_kept_as_ids(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("bibtex/macros.bib"), NULL);
    /* the arXiv id is the strongest, then the DOI, then the key */
    const pdx_paper *p = find_id(&r, "arXiv:1904.01234");
    assert_non_null(p);
    char *json = NULL;
    assert_int_equal(pdx_paper_to_json(&json, p), PDX_OK);
    assert_non_null(strstr(json, "\"bibtex\":\"Muller:2019:ICE\""));
    assert_non_null(strstr(json, "\"doi\":\"10.9999/ICE.2019.7\""));
    free(json);
    assert_non_null(find_id(&r, "bib:Garcia:2018"));
    t_records_free(&r);
}

static void test_comment_preamble_and_set_make_no_records(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("bibtex/macros.bib"), NULL);
    /* 5 entries: @set is none; the @comment's unbalanced brace is text
     * between entries, as BibTeX reads it */
    assert_int_equal(r.n, 4);
    assert_int_equal(r.diags, 0);
    assert_int_equal(r.sum.skipped, 0);
    t_records_free(&r);
}

static void test_broken_entries_are_reported_with_their_lines_and_skipped(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("bibtex/broken.bib"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 3);
    assert_non_null(t_find_title(&r, "A First Good Entry"));
    assert_non_null(t_find_title(&r, "A Second Good Entry"));
    assert_non_null(t_find_title(&r, "A Third Good Entry"));
    /* line 7 never closes, line 21 lacks a comma, line 24 has no title,
     * line 35 runs into the end of the file */
    assert_int_equal(r.diags, 4);
    assert_int_equal(r.sum.skipped, 4);
    t_records_free(&r);
}

/* Writes `n` bytes of `s` to a new file in dir. */
static char *write_file(const char *dir, const char *name, const char *s, size_t n) {
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    assert_non_null(path);
    sprintf(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    fclose(f);
    return path;
}

/* Parses text[0..n) as the BibTeX file `name` in a temporary directory
 * (records keep copies of what they need, so the file goes at once). */
static void parse_text(t_records *r, const char *name, const char *text, size_t n) {
    char *dir = t_tmpdir();
    char *path = write_file(dir, name, text, n);
    t_parse(r, "bibtex", path, NULL);
    free(path);
    t_rmrf(dir);
    free(dir);
}

static void test_hostile_files_neither_crash_nor_hang(void **state) {
    (void)state;
    /* an entry of 2 MiB, one nested 100000 braces deep, a stray '@', an
     * unclosed quote, NUL and invalid bytes, then one good entry */
    size_t big = 2u << 20, deep = 100000;
    size_t cap = big + 2 * deep + 4096;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t n = 0;
    n += (size_t)sprintf(s + n, "@article{huge, title = {");
    memset(s + n, 'x', big);
    n += big;
    n += (size_t)sprintf(s + n, "}}\n@article{deep, title = ");
    memset(s + n, '{', deep);
    n += deep;
    memset(s + n, '}', deep);
    n += deep;
    n += (size_t)sprintf(s + n, "}\n@ @@ @{ @article(x, title=\"open quote)\n");
    memcpy(s + n, "\x00\xff\xfe{}}}}\n", 9);
    n += 9;
    n += (size_t)sprintf(s + n, "@article{ok, title = {Still Read After All That}}\n");
    t_records r;
    parse_text(&r, "hostile.bib", s, n);
    assert_int_equal(r.st, PDX_OK);
    /* the deep title decodes to nothing: reported too */
    assert_int_equal(r.n, 1);
    assert_non_null(t_find_title(&r, "Still Read After All That"));
    assert_int_equal(r.diags, 4);
    t_records_free(&r);
    free(s);
}

static void test_gzip_compressed_bib_is_read(void **state) {
    (void)state;
    char *dir = t_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/refs.bib.gz", dir);
    gzFile gz = gzopen(path, "wb");
    assert_non_null(gz);
    const char *text = "@article{gz1, author = {R{\\'e}ka Alb{\\'e}rt}, title = {Read Through Zlib}, "
                       "year = 2002}\n";
    assert_int_equal(gzwrite(gz, text, (unsigned)strlen(text)), (int)strlen(text));
    gzclose(gz);
    t_records r;
    t_parse(&r, NULL, path, NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 1);
    assert_string_equal(pdx_paper_author(r.v[0], 0), "Réka Albért");
    t_records_free(&r);
    t_rmrf(dir);
    free(dir);
}

/* btparse prints its warnings and errors to stderr itself; the library
 * never prints, so they must become reports instead. */
static void test_btparse_messages_never_reach_stderr(void **state) {
    (void)state;
    char *dir = t_tmpdir();
    char errpath[4096];
    snprintf(errpath, sizeof errpath, "%s/stderr", dir);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, STDERR_FILENO);
    close(fd);
    t_records r;
    t_parse(&r, NULL, t_path("bibtex/broken.bib"), t_path("bibtex/macros.bib"), NULL);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    struct stat sb;
    assert_int_equal(stat(errpath, &sb), 0);
    assert_int_equal(sb.st_size, 0);
    assert_int_equal(r.diags, 4);
    t_records_free(&r);
    t_rmrf(dir);
    free(dir);
}

/* ---- the user's samples ----------------------------------------------- */

static void test_every_sample_bib_file_is_read_whole(void **state) {
    (void)state;
    if (!t_shared())
        skip();
    /* entries per file without @string/@preamble/@comment (README), less
     * biblatex-examples' two @set entries */
    static const struct {
        const char *file;
        size_t records;
    } files[] = {
        {"samples/bibtex/biblatex-examples.bib", 90},
        {"samples/bibtex/epodd.bib", 183},
        {"samples/bibtex/serif.bib", 67},
        {"samples/bibtex/texgraph.bib", 170},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        t_records r;
        t_parse(&r, NULL, t_shared_path(files[i].file), NULL);
        assert_int_equal(r.st, PDX_OK);
        assert_int_equal(r.sum.records, files[i].records);
        assert_int_equal(r.sum.skipped, 0);
        assert_int_equal(r.diags, 0);
        t_records_free(&r);
    }
}

static void test_sample_accented_names_are_decoded_and_found_as_ascii(void **state) {
    (void)state;
    const char *bib = t_shared_path("samples/bibtex");
    if (!bib)
        skip();
    char *dir = t_tmpdir();
    char db_path[4096];
    snprintf(db_path, sizeof db_path, "%s/db", dir);
    assert_int_equal(t_ingest(db_path, bib, NULL), PDX_OK);
    pdx_db *db = NULL;
    assert_int_equal(pdx_db_open(&db, db_path, PDX_DB_READ, NULL), PDX_OK);
    /* biblatex-examples.bib: author = {Aks{\i}n, {\"O}zge and ...};
     * epodd.bib: "Jacques Andr{\'e}" */
    static const char *const asked[][2] = {
        {"Ozge Aksin", "Özge Aksın"},
        {"Özge Aksın", "Özge Aksın"},
        {"Jacques Andre", "Jacques André"},
        {"Orhan Buyukgungor", "Orhan Büyükgüngör"},
    };
    for (size_t i = 0; i < sizeof asked / sizeof *asked; i++) {
        pdx_results *res = NULL;
        assert_int_equal(pdx_author_search(&res, db, asked[i][0], 0, NULL), PDX_OK);
        assert_true(pdx_results_count(res) >= 1);
        assert_string_equal(pdx_results_matched_author(res, 0), asked[i][1]);
        pdx_results_free(res);
    }
    /* the paper with the name ranks first (feedback may list related
     * papers after it) */
    pdx_results *res = NULL;
    assert_int_equal(pdx_search(&res, db, "Buyukgungor", NULL), PDX_OK);
    assert_true(pdx_results_count(res) >= 1);
    const pdx_paper *top = pdx_results_paper(res, 0);
    bool has = false;
    for (size_t a = 0; a < pdx_paper_author_count(top); a++)
        has |= strcmp(pdx_paper_author(top, a), "Orhan Büyükgüngör") == 0;
    assert_true(has);
    pdx_results_free(res);
    pdx_db_free(db);
    t_rmrf(dir);
    free(dir);
}

/* Regression (found by tools/fuzz.sh): this sequence of malformed entries
 * made libbtparse leak (a value that is an undefined macro whose name is
 * not ASCII); the good entries around them must still be read and every
 * broken one reported. */
static void test_a_run_of_broken_entries_keeps_the_good_ones(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("bibtex/regress-error-sequence.bib"), NULL);
    assert_int_equal(r.n, 3);
    assert_non_null(t_find_title(&r, "A First Good Entry"));
    assert_non_null(t_find_title(&r, "A Second Good Entry"));
    assert_non_null(t_find_title(&r, "A Third Good Entry"));
    assert_true(r.diags >= 5);
    t_records_free(&r);
}

/* Regression (found by tools/fuzz.sh): btparse uses text of the entry as
 * a printf format in some messages, so "%n" in a broken entry made it
 * write through a stray pointer.  Every '%' must come through unharmed,
 * in keys, values and the messages about broken entries. */
static void test_percent_signs_are_text_everywhere(void **state) {
    (void)state;
    static const char bib[] =
        "@article{k%n%s, title = {Gains of 50%n over %s%s%s%s}, author = {Ab Cd}}\n"
        "@article{bad, title = {Broken}, year = 1968 %n%n%n%n%s%s%s%s%x}\n"
        "@article{macro, title = {Still Read}, journal = j%s%n}\n"
        "@article{q, title = \"Quoted 10%s\"}\n";
    t_records r;
    parse_text(&r, "percent.bib", bib, sizeof bib - 1);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 3);
    const pdx_paper *p = find_id(&r, "bib:k%n%s");
    assert_non_null(p);
    assert_string_equal(pdx_paper_title(p), "Gains of 50%n over %s%s%s%s");
    assert_non_null(t_find_title(&r, "Still Read"));
    assert_non_null(t_find_title(&r, "Quoted 10%s"));
    /* The broken entry is reported with its line.  (The text of btparse's
     * message is checked in tests/e2e/test_bad_input.sh: in this binary
     * libcmocka's exported print_error() shadows libbtparse's, so
     * btparse's messages never reach the capture.) */
    assert_int_equal(r.diags, 1);
    assert_non_null(strstr(r.last_diag, "percent.bib:2: BibTeX entry bad"));
    t_records_free(&r);
}

/* btparse drops control bytes; they are read as spaces instead, so the
 * words on either side stay apart.  (A line with a NUL byte is reported
 * and skipped by the input layer, before any reader sees it.) */
static void test_control_bytes_read_as_spaces(void **state) {
    (void)state;
    static const char bib[] = "@article{a, title = {Bell\x07Rings and\x01" "Control\x7f Codes},\n"
                              "  year = 1999}\n";
    t_records r;
    parse_text(&r, "ctl.bib", bib, sizeof bib - 1);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.n, 1);
    const pdx_paper *p = find_id(&r, "bib:a");
    assert_non_null(p);
    assert_string_equal(pdx_paper_title(p), "Bell Rings and Control Codes");
    assert_int_equal(pdx_paper_year(p), 1999);
    t_records_free(&r);
}

static void test_volume_number_and_pages_are_kept(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("ids/lattice.bib"), NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(pdx_paper_volume(r.v[0]), "31");
    assert_string_equal(pdx_paper_number(r.v[0]), "4");
    assert_string_equal(pdx_paper_pages(r.v[0]), "245-260"); /* "245--260" in the file */
    t_records_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_run_of_broken_entries_keeps_the_good_ones),
        cmocka_unit_test(test_volume_number_and_pages_are_kept),
        cmocka_unit_test(test_percent_signs_are_text_everywhere),
        cmocka_unit_test(test_control_bytes_read_as_spaces),
        cmocka_unit_test(test_macros_concatenation_and_month_macros_are_expanded),
        cmocka_unit_test(test_names_in_both_orders_decoded_and_others_truncates),
        cmocka_unit_test(test_crossref_gives_the_parents_fields_but_not_its_title),
        cmocka_unit_test(test_key_doi_and_eprint_are_kept_as_ids),
        cmocka_unit_test(test_comment_preamble_and_set_make_no_records),
        cmocka_unit_test(test_broken_entries_are_reported_with_their_lines_and_skipped),
        cmocka_unit_test(test_hostile_files_neither_crash_nor_hang),
        cmocka_unit_test(test_gzip_compressed_bib_is_read),
        cmocka_unit_test(test_btparse_messages_never_reach_stderr),
        cmocka_unit_test(test_every_sample_bib_file_is_read_whole),
        cmocka_unit_test(test_sample_accented_names_are_decoded_and_found_as_ascii),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
