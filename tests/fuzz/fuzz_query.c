/*
 * fuzz_query.c — libFuzzer target for the query parser and the author
 * search: a small database is built once from the bundled sample, then
 * every input is run as a topic query and as an author name.  Syntax
 * errors are statuses; crashes, hangs and leaks are bugs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paperdex.h"

static pdx_db *db;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/pdx-fuzz-query-%ld", (long)getpid());
    pdx_db *w = NULL;
    pdx_ingest *ing = NULL;
    if (pdx_db_open(&w, dir, PDX_DB_WRITE, NULL) || pdx_ingest_new(&ing, w, NULL) ||
        pdx_ingest_add(ing, PDX_TEST_DATA "/sample") || pdx_ingest_run(ing, NULL, NULL))
        abort();
    pdx_ingest_free(ing);
    pdx_db_free(w);
    if (pdx_db_open(&db, dir, PDX_DB_READ, NULL))
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    if (n > 8192)
        return 0;
    char *q = malloc(n + 1);
    if (!q)
        return 0;
    memcpy(q, data, n);
    q[n] = '\0';
    pdx_results *r = NULL;
    pdx_search_opts o = {0};
    o.limit = 5;
    if (pdx_search(&r, db, q, &o) == PDX_OK)
        pdx_results_free(r);
    o.sort = PDX_SORT_DATE;
    if (pdx_search(&r, db, q, &o) == PDX_OK)
        pdx_results_free(r);
    if (pdx_author_search(&r, db, q, 0, &o) == PDX_OK)
        pdx_results_free(r);
    free(q);
    return 0;
}
