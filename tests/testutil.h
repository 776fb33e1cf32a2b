/*
 * testutil.h — what the unit tests share: where the fixtures are, where
 * ../shared is (NULL when absent: those tests skip), temporary
 * directories, and reading a file into records without a database.
 */
#ifndef PDX_TESTUTIL_H
#define PDX_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "paperdex.h"

/** tests/data (from $PDX_TEST_DATA). */
const char *t_data(void);
/** A path under tests/data; static storage, reused after eight calls. */
const char *t_path(const char *rel);
/** ../shared when it exists (from $PDX_SHARED), else NULL. */
const char *t_shared(void);
/** A path under ../shared, or NULL when ../shared is absent (static
 *  storage, reused after eight calls). */
const char *t_shared_path(const char *rel);
/** A new empty temporary directory (caller frees the string). */
char *t_tmpdir(void);
/** Removes a directory tree. */
void t_rmrf(const char *path);

/** The records of reading `paths` (NULL-terminated) with no database. */
typedef struct t_records {
    pdx_paper **v;
    size_t n;
    size_t diags;           /* problems reported */
    char last_diag[512];    /* "WHERE: MSG" of the last one */
    pdx_status st;          /* what pdx_ingest_run returned */
    pdx_ingest_summary sum; /* the run's counts (sum.formats not kept) */
} t_records;

/** Parses the files into `out` (format NULL: detect). */
void t_parse(t_records *out, const char *format, ...);
/** The same with a --field-map (NULL: none). */
void t_parse_map(t_records *out, const char *format, const char *field_map, ...);
/** The record whose title is `title`, or NULL. */
const pdx_paper *t_find_title(const t_records *r, const char *title);
/** Frees the records. */
void t_records_free(t_records *r);
/** The record titled `title` (t_find_title), failing the test, with the
 *  title named, when there is none. */
const pdx_paper *t_find(const t_records *r, const char *title);
/** Asserts that `p`'s authors are exactly `want` (NULL-terminated), in order. */
void t_assert_authors(const pdx_paper *p, const char *const *want);

/** Ingests the files (NULL-terminated) into the database at `db`. */
pdx_status t_ingest(const char *db, ...);
/** Ingests the fixture `file` (relative to tests/data) into `dir`/`name`
 *  and opens it for reading; NULL when either fails (the fixtures of the
 *  query-side tests). */
pdx_db *t_ingest_open(const char *dir, const char *name, const char *file);

/*
 * Skips that ctest can see.  cmocka's skip() marks a test skipped but the
 * program still exits 0, so ctest said "Passed" for a unit test whose
 * ../shared tests never ran.  Here skip() counts the skip (and, under
 * CI=true, where ../shared must be present, fails the test instead), and
 * cmocka_run_group_tests() returns 77 -- ctest's SKIP_RETURN_CODE -- when
 * nothing failed but something was skipped.  The unit tests need no change.
 */
void t_skip(const char *file, int line);
int t_run_group_tests(const char *group_name, const struct CMUnitTest *tests, size_t n,
                      CMFixtureFunction setup, CMFixtureFunction teardown);
/** Exit status of a group run that skipped some tests and failed none. */
#define T_SKIPPED 77

#undef skip
#define skip() t_skip(__FILE__, __LINE__)
#undef cmocka_run_group_tests
#define cmocka_run_group_tests(group_tests, group_setup, group_teardown)                          \
    t_run_group_tests(#group_tests, group_tests, sizeof(group_tests) / sizeof((group_tests)[0]), \
                      group_setup, group_teardown)

#endif
