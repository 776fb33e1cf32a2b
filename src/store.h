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
    bool author_text; /* author-name words also in the free text */
} pdx_store_weights;

/** The weights a database is built with (schema.h's layout). */
void pdx_store__default_weights(pdx_store_weights *out);
/** Builds documents with other weights from now on: for `paperdex eval`
 *  sweeps on temporary databases only, since searches assume the
 *  defaults. */
void pdx_store__set_weights(pdx_store *s, const pdx_store_weights *w);
/** The weights the store builds with. */
void pdx_store__get_weights(pdx_store_weights *out, const pdx_store *s);

/** A writer over `db` (opened with PDX_DB_WRITE). */
pdx_status pdx_store__new(pdx_store **out, pdx_db *db);
/** Frees the writer (does not commit).  Accepts NULL. */
void pdx_store__free(pdx_store *s);

/** Stores `p` (finished: it has an id), merged with what the database
 *  already knows about the same paper.
 *  @param[out] out  true when `p` was merged into an existing paper
 *  @return PDX_OK or a database error (message on the db) */
pdx_status pdx_store__put(bool *out, pdx_store *s, const pdx_paper *p);

/** Fills `out` (from pdx_store__doc_new) with the document of `p` as it
 *  would be stored if it merges with nothing.  Touches no database, so a
 *  second store can build documents on another thread while the first
 *  one writes.
 *  @return PDX_OK or PDX_ENOMEM */
pdx_status pdx_store__build(pdx_ixdoc *out, pdx_store *s, const pdx_paper *p);

/** pdx_store__put() with `doc` built beforehand by pdx_store__build() (on
 *  any store): stored as it is unless `p` merges with a stored paper, when
 *  the merged record is built again here. */
pdx_status pdx_store__put_built(bool *out, pdx_store *s, const pdx_paper *p,
                                const pdx_ixdoc *doc);

/** Looks up the paper the database holds for the same work as `p`.
 *  @param[out] out  its document, 0 when none */
pdx_status pdx_store__find_same(uint32_t *out, pdx_store *s, const pdx_paper *p);

/** The merge keys pdx_store__find_same() looks `p` up by, in its order
 *  (id, external ids, title key when it may merge, abstract key), each as
 *  pdx_hash64() of its index term, appended to `out` (cleared first) as
 *  uint64_t; and in *route_out the route a new paper takes (the shard it
 *  goes to is route % shards).  Touches no database: `ingest --jobs`
 *  decides with them which writer thread a record goes to.
 *  @return PDX_OK or PDX_ENOMEM */
pdx_status pdx_store__keys(pdx_buf *out, uint64_t *route_out, pdx_store *s, const pdx_paper *p);

/** Tags the records stored from now on as read from the input file whose
 *  source key is `key` (16 hex digits: pdx_hash64 of its real path), or
 *  from no file (NULL: standard input).  The key is copied. */
void pdx_store__set_source(pdx_store *s, const char *key);

/** Takes back what the input file `key` contributed: papers read only
 *  from it are deleted; papers merged with other inputs keep their record
 *  but lose the file's tag and the sources whose path is `path` or
 *  resolves to `real`.
 *  @param[out] removed_out  papers deleted
 *  @param[out] kept_out     papers kept for their other sources */
pdx_status pdx_store__forget_source(uint64_t *removed_out, uint64_t *kept_out, pdx_store *s,
                                    const char *key, const char *path, const char *real);

/** Told by pdx_store__forget_source_each() of each paper it touches:
 *  `deleted` (read only from the file), or kept for its other inputs, when
 *  *p is the record without the file's sources, about to be stored: the
 *  callback may put another record in its place (freeing *p), such as
 *  one made afresh from the other inputs.  A non-OK status stops it. */
typedef pdx_status (*pdx_forget_fn)(pdx_paper **p, bool deleted, void *payload);

/** pdx_store__forget_source() telling `fn` (may be NULL) of each paper it
 *  deletes or keeps, before the change. */
pdx_status pdx_store__forget_source_each(uint64_t *removed_out, uint64_t *kept_out, pdx_store *s,
                                         const char *key, const char *path, const char *real,
                                         pdx_forget_fn fn, void *payload);

/** What pdx_store__absorb() did with a paper. */
typedef enum pdx_absorbed {
    PDX_ABSORB_KEPT,    /* nothing: no paper of s is the same work */
    PDX_ABSORB_MERGED,  /* merged into s's paper and deleted from `from` */
    PDX_ABSORB_RENAMED  /* its id is another paper's in s: given "id-N" in place */
} pdx_absorbed;

/** Does to paper `docid` of `from`'s database what pdx_store__put() would
 *  have done to it had it been read after every paper of s's database:
 *  the two halves of a two-shard ingest (ingest.c) are each merged within
 *  themselves, and this merges the second's papers that are also in the
 *  first.  Nothing is committed. */
pdx_status pdx_store__absorb(pdx_absorbed *out, pdx_store *s, pdx_store *from, uint32_t docid);

/** Commits everything stored so far. */
pdx_status pdx_store__commit(pdx_store *s);

/** The database the store writes to (borrowed). */
pdx_db *pdx_store__db(const pdx_store *s);

/* ---- what an ingest keeps beside the papers (store_sources.c) ---- */

/** Reads the recorded ingest state of the input file whose source key is
 *  `key`; "" (length 0) when there is none.
 *  @param[out] out, n_out  malloc()ed, NUL-terminated; the caller frees
 *  @return PDX_OK or a database error (message on the db) */
pdx_status pdx_store__state_get(char **out, size_t *n_out, pdx_store *s, const char *key);
/** Records the ingest state of input file `key`; committed with the
 *  papers stored so far. */
pdx_status pdx_store__state_set(pdx_store *s, const char *key, const char *v, size_t n);
/** Whether the database holds no paper and no input file's state (a
 *  database error counts as not new). */
bool pdx_store__is_new(pdx_store *s);
/** A new empty document for pdx_store__build(); pdx_store__doc_free()
 *  frees it (accepts NULL). */
pdx_status pdx_store__doc_new(pdx_ixdoc **out);
void pdx_store__doc_free(pdx_ixdoc *doc);
/** The papers of `from`'s database that share a merge key (id, external
 *  id, title or abstract key) with a paper of s's: candidates for
 *  pdx_store__absorb(), ascending, each once.
 *  @param[out] out, n_out  malloc()ed array (NULL when none); the caller
 *  frees.  A database error other than PDX_ENOMEM leaves its message on
 *  s's db. */
pdx_status pdx_store__shared(uint32_t **out, size_t *n_out, pdx_store *s, pdx_store *from);

#endif
