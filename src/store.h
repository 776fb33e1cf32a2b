/*
 * store.h — writing records into the index: term generation and merging.
 *
 * The store is the "normaliser → index writer" step of the data flow: it
 * turns a pdx_paper into a Xapian document through the shim (terms are
 * generated here, directly, never by re-parsing text in Xapian), and
 * merges a record with the paper the database already holds under the same
 * id, external id, normalised title, or abstract prefix.
 */
#ifndef PDX_STORE_H
#define PDX_STORE_H

#include <stdbool.h>

#include "db.h"
#include "paper.h"

typedef struct pdx_store pdx_store;

/** Index weights of the fields. */
typedef struct pdx_store_weights {
    unsigned title;  /* wdf per title word in the free text */
    unsigned abstract;
    unsigned author;
} pdx_store_weights;

/** A writer over `db` (opened with PDX_DB_WRITE). */
pdx_status pdx_store__new(pdx_store **out, pdx_db *db);
/** Frees the writer (does not commit).  Accepts NULL. */
void pdx_store__free(pdx_store *s);

/** Stores `p` (finished: it has an id), merged with what the database
 *  already knows about the same paper.
 *  @param[out] merged  true when `p` was merged into an existing paper
 *  @return PDX_OK or a database error (message on the db) */
pdx_status pdx_store__put(pdx_store *s, const pdx_paper *p, bool *merged);

/** Looks up the paper the database holds for the same work as `p`.
 *  @param[out] docid  0 when none */
pdx_status pdx_store__find_same(pdx_store *s, const pdx_paper *p, uint32_t *docid);

/** Commits everything stored so far. */
pdx_status pdx_store__commit(pdx_store *s);

#endif
