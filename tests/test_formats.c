/*
 * test_formats.c — what holds for every format: directories are walked,
 * gzip-compressed files read the same, and one paper met in several
 * formats becomes one record with every source, in memory and in a
 * database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>

#include "testutil.h"

static void copy_file(const char *from, const char *to, bool gz) {
    FILE *in = fopen(from, "rb");
    assert_non_null(in);
    FILE *out = gz ? NULL : fopen(to, "wb");
    gzFile zout = gz ? gzopen(to, "wb") : NULL;
    assert_true(out || zout);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (gz)
            assert_int_equal(gzwrite(zout, buf, (unsigned)n), (int)n);
        else
            assert_int_equal(fwrite(buf, 1, n, out), n);
    }
    fclose(in);
    if (gz)
        gzclose(zout);
    else
        fclose(out);
}

/* One fixture of each format. */
static const char *const fixtures[] = {
    "arxiv/2101.00001.abs", "arxiv-snapshot.jsonl", "bibtex/macros.bib",
    "table/zotero.csv",     "table/wos.tsv",        "beir-reader/corpus.jsonl",
};

static void test_every_format_reads_the_same_when_gzip_compressed(void **state) {
    (void)state;
    char *dir = t_tmpdir();
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        const char *base = strrchr(fixtures[i], '/');
        base = base ? base + 1 : fixtures[i];
        char gz[4096];
        snprintf(gz, sizeof gz, "%s/%s.gz", dir, base);
        copy_file(t_path(fixtures[i]), gz, true);
        t_records plain, packed;
        t_parse(&plain, NULL, t_path(fixtures[i]), NULL);
        t_parse(&packed, NULL, gz, NULL);
        assert_int_equal(packed.st, plain.st);
        assert_true(plain.n > 0);
        assert_int_equal(packed.n, plain.n);
        assert_int_equal(packed.diags, plain.diags);
        for (size_t k = 0; k < plain.n; k++) {
            assert_string_equal(pdx_paper_id(packed.v[k]), pdx_paper_id(plain.v[k]));
            assert_string_equal(pdx_paper_title(packed.v[k]), pdx_paper_title(plain.v[k]));
            assert_string_equal(pdx_paper_format(packed.v[k]), pdx_paper_format(plain.v[k]));
            assert_int_equal(pdx_paper_author_count(packed.v[k]),
                             pdx_paper_author_count(plain.v[k]));
        }
        t_records_free(&plain);
        t_records_free(&packed);
    }
    t_rmrf(dir);
    free(dir);
}

static void test_directories_are_walked_and_unknown_files_reported(void **state) {
    (void)state;
    char *dir = t_tmpdir();
    char sub[2048], deeper[3072], path[4096];
    snprintf(sub, sizeof sub, "%s/a", dir);
    snprintf(deeper, sizeof deeper, "%s/a/b", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(mkdir(deeper, 0700), 0);
    snprintf(path, sizeof path, "%s/2101.00001.abs", dir);
    copy_file(t_path("arxiv/2101.00001.abs"), path, false);
    snprintf(path, sizeof path, "%s/macros.bib.gz", sub);
    copy_file(t_path("bibtex/macros.bib"), path, true);
    snprintf(path, sizeof path, "%s/wos.tsv", deeper);
    copy_file(t_path("table/wos.tsv"), path, false);
    snprintf(path, sizeof path, "%s/notes.txt", deeper);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("just some notes\nnothing to read here\n", f);
    fclose(f);
    t_records r;
    t_parse(&r, NULL, dir, NULL);
    /* a file of no known shape inside a directory is no failure */
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.sum.files, 3);
    assert_int_equal(r.sum.files_skipped, 1);
    assert_int_equal(r.sum.records, 1 + 4 + 2);
    assert_int_equal(r.diags, 1);
    assert_non_null(strstr(r.last_diag, "notes.txt: not a known format"));
    t_records_free(&r);
    t_rmrf(dir);
    free(dir);
}

/* The same paper as an arXiv record, two BibTeX entries (by DOI, by
 * eprint), a CSV row (title and year) and a JSONL export (DOI as a URL). */
static void test_one_paper_in_four_formats_becomes_one_record(void **state) {
    (void)state;
    t_records r;
    t_parse(&r, NULL, t_path("merge/paper.abs"), t_path("merge/refs.bib"),
            t_path("merge/list.csv"), t_path("merge/zotero-export.jsonl"), NULL);
    assert_int_equal(r.st, PDX_OK);
    assert_int_equal(r.sum.records, 5);
    assert_int_equal(r.sum.added, 1);
    assert_int_equal(r.sum.merged, 4);
    assert_int_equal(r.sum.skipped, 0);
    assert_int_equal(r.n, 1);
    const pdx_paper *p = r.v[0];
    assert_string_equal(pdx_paper_id(p), "arXiv:2203.00042");
    assert_int_equal(pdx_paper_source_count(p), 5);
    assert_string_equal(pdx_paper_author(p, 1), "Jürgen Weiß");
    /* the venue only the BibTeX entry knew */
    assert_string_equal(pdx_paper_venue(p), "Journal of Invented Libraries");
    t_records_free(&r);
}

static void test_one_paper_in_four_formats_is_one_paper_in_the_database(void **state) {
    (void)state;
    char *dir = t_tmpdir();
    char db_path[4096];
    snprintf(db_path, sizeof db_path, "%s/db", dir);
    assert_int_equal(t_ingest(db_path, t_path("merge/paper.abs"), t_path("merge/refs.bib"), NULL),
                     PDX_OK);
    assert_int_equal(t_ingest(db_path, t_path("merge/list.csv"),
                              t_path("merge/zotero-export.jsonl"), NULL),
                     PDX_OK);
    pdx_db *db = NULL;
    assert_int_equal(pdx_db_open(&db, db_path, PDX_DB_READ, NULL), PDX_OK);
    pdx_stats stats;
    assert_int_equal(pdx_db_stats(&stats, db), PDX_OK);
    assert_int_equal(stats.papers, 1);
    pdx_paper *p = NULL;
    assert_int_equal(pdx_db_get(&p, db, "arXiv:2203.00042"), PDX_OK);
    assert_int_equal(pdx_paper_source_count(p), 5);
    pdx_paper_free(p);
    /* the accented author, by the plain form */
    pdx_results *res = NULL;
    assert_int_equal(pdx_author_search(&res, db, "Jurgen Weiss", 0, NULL), PDX_OK);
    assert_int_equal(pdx_results_count(res), 1);
    assert_string_equal(pdx_results_matched_author(res, 0), "Jürgen Weiß");
    pdx_results_free(res);
    pdx_db_free(db);
    t_rmrf(dir);
    free(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_format_reads_the_same_when_gzip_compressed),
        cmocka_unit_test(test_directories_are_walked_and_unknown_files_reported),
        cmocka_unit_test(test_one_paper_in_four_formats_becomes_one_record),
        cmocka_unit_test(test_one_paper_in_four_formats_is_one_paper_in_the_database),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
