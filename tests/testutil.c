/*
 * testutil.c — helpers shared by the unit tests (testutil.h).
 */
#include "testutil.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paper.h"

const char *t_data(void) {
    const char *d = getenv("PDX_TEST_DATA");
    return d ? d : "tests/data";
}

const char *t_path(const char *rel) {
    /* Several calls may appear in one argument list: rotate buffers. */
    static char buf[8][4096];
    static unsigned next;
    char *b = buf[next++ % 8];
    snprintf(b, sizeof buf[0], "%s/%s", t_data(), rel);
    return b;
}

const char *t_shared(void) {
    const char *d = getenv("PDX_SHARED");
    struct stat sb;
    if (!d || stat(d, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return NULL;
    return d;
}

const char *t_shared_path(const char *rel) {
    static char buf[8][4096];
    static unsigned next;
    if (!t_shared())
        return NULL;
    char *b = buf[next++ % 8];
    snprintf(b, sizeof buf[0], "%s/%s", t_shared(), rel);
    return b;
}

char *t_tmpdir(void) {
    char tmpl[] = "/tmp/pdx-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Tests skipped in this process: cmocka runs every test of a group in the
 * one process, so a counter sees them all. */
static size_t skipped;

void t_skip(const char *file, int line) {
    const char *ci = getenv("CI");
    if (ci && strcmp(ci, "true") == 0) {
        /* CI always has ../shared: a skip there would hide a test */
        print_error("../shared is absent, but CI=true requires it (PDX_SHARED)\n");
        _fail(file, line);
    }
    skipped++;
    _skip(file, line);
}

int t_run_group_tests(const char *group_name, const struct CMUnitTest *tests, size_t n,
                      CMFixtureFunction setup, CMFixtureFunction teardown) {
    int failed = _cmocka_run_group_tests(group_name, tests, n, setup, teardown);
    if (failed == 0 && skipped > 0) {
        fprintf(stderr, "%s: %zu of %zu tests skipped (../shared absent): exit %d\n", group_name,
                skipped, n, T_SKIPPED);
        return T_SKIPPED;
    }
    return failed;
}

void t_rmrf(const char *path) { nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS); }

static void on_diag(const char *where, const char *msg, void *payload) {
    t_records *r = payload;
    r->diags++;
    snprintf(r->last_diag, sizeof r->last_diag, "%s: %s", where, msg);
}

static int keep(const pdx_paper *p, void *payload) {
    t_records *r = payload;
    pdx_paper *copy = NULL;
    assert_int_equal(pdx_paper__clone(&copy, p), PDX_OK);
    r->v = realloc(r->v, (r->n + 1) * sizeof *r->v);
    assert_non_null(r->v);
    r->v[r->n++] = copy;
    return 0;
}

static void parse_list(t_records *out, const char *format, const char *field_map, va_list ap) {
    memset(out, 0, sizeof *out);
    pdx_ingest_opts o = {0};
    o.format = format;
    o.field_map = field_map;
    o.on_diag = on_diag;
    o.payload = out;
    pdx_ingest *ing = NULL;
    assert_int_equal(pdx_ingest_new(&ing, NULL, &o), PDX_OK);
    const char *p;
    while ((p = va_arg(ap, const char *)))
        assert_int_equal(pdx_ingest_add(ing, p), PDX_OK);
    out->st = pdx_ingest_run(ing, keep, out);
    out->sum = *pdx_ingest_summary_get(ing);
    out->sum.formats = NULL;
    pdx_ingest_free(ing);
}

void t_parse(t_records *out, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    parse_list(out, format, NULL, ap);
    va_end(ap);
}

void t_parse_map(t_records *out, const char *format, const char *field_map, ...) {
    va_list ap;
    va_start(ap, field_map);
    parse_list(out, format, field_map, ap);
    va_end(ap);
}

const pdx_paper *t_find_title(const t_records *r, const char *title) {
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(pdx_paper_title(r->v[i]), title) == 0)
            return r->v[i];
    return NULL;
}

void t_records_free(t_records *r) {
    for (size_t i = 0; i < r->n; i++)
        pdx_paper_free(r->v[i]);
    free(r->v);
    memset(r, 0, sizeof *r);
}

pdx_status t_ingest(const char *db, ...) {
    pdx_db *d = NULL;
    pdx_status st = pdx_db_open(&d, db, PDX_DB_WRITE, NULL);
    if (st)
        return st;
    pdx_ingest *ing = NULL;
    st = pdx_ingest_new(&ing, d, NULL);
    va_list ap;
    va_start(ap, db);
    const char *p;
    while (!st && (p = va_arg(ap, const char *)))
        st = pdx_ingest_add(ing, p);
    va_end(ap);
    if (!st)
        st = pdx_ingest_run(ing, NULL, NULL);
    pdx_ingest_free(ing);
    pdx_db_free(d);
    return st;
}

pdx_db *t_ingest_open(const char *dir, const char *name, const char *file) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    pdx_db *db = NULL;
    if (t_ingest(path, t_path(file), NULL) != PDX_OK ||
        pdx_db_open(&db, path, PDX_DB_READ, NULL) != PDX_OK)
        return NULL;
    return db;
}

const pdx_paper *t_find(const t_records *r, const char *title) {
    const pdx_paper *p = t_find_title(r, title);
    if (!p)
        print_message("no record titled \"%s\"\n", title);
    assert_non_null(p);
    return p;
}

void t_assert_authors(const pdx_paper *p, const char *const *want) {
    size_t n = 0;
    while (want[n])
        n++;
    assert_int_equal(pdx_paper_author_count(p), n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(pdx_paper_author(p, i), want[i]);
}
