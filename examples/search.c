/*
 * search.c — search a paperdex database through the public C API.
 *
 *   cc search.c $(pkg-config --cflags --libs paperdex) -o search
 *   ./search paperdex.db "language model calibration"
 *
 * Prints one line per hit: the paper's id, a tab, its title.
 * Exit codes follow the paperdex command: 2 usage or query error,
 * 4 database error.
 */
#include <paperdex.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s DB QUERY\n", argv[0]);
        return 2;
    }
    pdx_db *db = NULL;
    char *errmsg = NULL;
    pdx_status st = pdx_db_open(&db, argv[1], PDX_DB_READ, &errmsg);
    if (st != PDX_OK) {
        fprintf(stderr, "search: %s\n", errmsg ? errmsg : pdx_status_str(st));
        free(errmsg);
        return 4;
    }
    pdx_search_opts opts = {0};
    opts.limit = 10;
    pdx_results *hits = NULL;
    st = pdx_search(&hits, db, argv[2], &opts);
    if (st != PDX_OK) {
        fprintf(stderr, "search: %s\n", pdx_db_errmsg(db));
        pdx_db_free(db);
        return st == PDX_EQUERY ? 2 : 4;
    }
    for (size_t i = 0; i < pdx_results_count(hits); i++) {
        const pdx_paper *p = pdx_results_paper(hits, i);
        printf("%s\t%s\n", pdx_paper_id(p), pdx_paper_title(p));
    }
    pdx_results_free(hits);
    pdx_db_free(db);
    return 0;
}
