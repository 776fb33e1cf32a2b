/*
 * db.h — the inside of pdx_db, shared by the store, ingest and search.
 *
 * The database module is db.c (opening, records, sources, compacting),
 * db_shards.c (sharded databases) and db_check.c (`paperdex check`).
 */
#ifndef PDX_DB_H
#define PDX_DB_H

#include <stdarg.h>

#include "paperdex.h"
#include "pdx_index.h"
#include "util/buf.h"

/* Stems of recent words: word frequencies are Zipfian, so a small
 * direct-mapped cache answers most look-ups without the Snowball stemmer
 * (and its std::string round trip). */
#define PDX_STEM_CACHE 4096
#define PDX_STEM_CACHE_WORD 32
/* Papers under one name from which author search narrows its date
 * order by the XD terms (author.c).  Measured at a million papers: from
 * about 250 on it is quicker than sorting every paper by its date value,
 * below that the extra look-ups cost more than they save
 * (docs/performance.md). */
#define PDX_NARROW_FROM 300
typedef struct pdx_stem_entry {
    uint8_t n_word, n_stem; /* n_word 0: empty */
    char word[PDX_STEM_CACHE_WORD], stem[PDX_STEM_CACHE_WORD];
} pdx_stem_entry;

struct pdx_db {
    pdx_ixdb *ix;     /* the Xapian database */
    char *path;       /* as given */
    pdx_buf err;      /* message of the last failure */
    bool writable;
    pdx_ixstem *stem; /* English stemmer, shared by indexing and queries */
    bool author_names; /* the database has XAV terms (schema.h) */
    bool date_heads;   /* the database has XD terms (schema.h) */
    bool json_only;    /* schema 1: documents store the record's JSON alone */
    /* Author search lists a name's papers by date a few years at a time
     * from this many papers on (PDX_NARROW_FROM; tests lower it) */
    size_t narrow_from;
    pdx_stem_entry *stems; /* PDX_STEM_CACHE entries for pdx_db__stem, or NULL */
    struct pdx_termstats *termstats; /* pdx_db__term_stats's cache, or NULL */
};

/** Sets the database's message (printf-style) and returns `st`. */
pdx_status pdx_db__fail(pdx_db *db, pdx_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/** Copies the shim's last message onto the database and returns `st`. */
pdx_status pdx_db__fail_ix(pdx_db *db, pdx_status st);

/** Collection statistics of one term, as pdx_index__term_stats, remembered
 *  on the handle: feedback looks up the same common stems for query after
 *  query (in `serve` and `search --batch`).  The remembered figures are
 *  dropped when the collection's size or length has changed since they
 *  were read (another writer committed), and when the cache is full.
 *  `cf_out` may be NULL. */
pdx_status pdx_db__term_stats(uint64_t *df_out, uint64_t *cf_out, pdx_db *db, const char *term,
                              size_t n);

/** Document frequencies of terms[0..count) (lengths n[]) into df_out[]:
 *  pdx_db__term_stats's df for many terms at once, from the same cache;
 *  the ones not remembered are asked for together (pdx_index__term_freqs:
 *  one round trip a remote server, not one a term). */
pdx_status pdx_db__term_dfs(uint64_t *df_out, pdx_db *db, const char *const *terms,
                            const size_t *n, size_t count);
/** Frees pdx_db__term_stats's cache (pdx_db_free calls it). */
void pdx_db__term_stats_free(pdx_db *db);

/** Stems a folded word into `out` (cleared first).  Words that start with a
 *  digit are returned as they are. */
pdx_status pdx_db__stem(pdx_db *db, pdx_buf *out, const char *w, size_t n);

/** pdx_db__stem with any stemmer and cache (`cache`: PDX_STEM_CACHE
 *  entries, or NULL), for a store that stems on its own thread. */
pdx_status pdx_db__stem_with(pdx_ixstem *stemmer, pdx_stem_entry *cache, pdx_buf *out,
                             const char *w, size_t n);

/** The document holding paper `id`, in any form a person pastes
 *  (ids.h: arXiv ids and URLs, DOIs, BibTeX keys, ours).
 *  @return PDX_OK; PDX_ENOTFOUND (none, or several: the message on db
 *          names the candidates); a database error */
pdx_status pdx_db__find_id(uint32_t *docid, pdx_db *db, const char *id);

/** Loads the record of hit `i` of a match set. */
pdx_status pdx_db__load_hit(pdx_paper **out, pdx_db *db, const pdx_ixmset *m, size_t i);

/** Loads the record stored as document `docid`. */
pdx_status pdx_db__load(pdx_paper **out, pdx_db *db, uint32_t docid);

/** Writes the list of sources the database records (READER\tPATH lines)
 *  beside its tables, for pdx_db_sources() when the tables' copy cannot be
 *  read, in the order they were first read: those the list had, then
 *  `order` (the real paths this ingest read, in turn), then any other.
 *  @return PDX_OK or PDX_EIO (message on db) */
pdx_status pdx_db__save_sources(pdx_db *db, const char *const *order, size_t n_order);

/* ---- shared by db.c, db_shards.c and db_check.c ----
 * One module in three files (opening, shards, checking): these were
 * static in db.c before the split, and each is needed by more than one of
 * the three. */

/* The stub of a sharded database directory (Xapian's name: its own tools
 * open the directory as the stub too); db.c looks for it to tell a
 * sharded database from other directories. */
#define PDX_STUB "XAPIANDB"

/** What `path` holds: 0 = nothing (missing), 1 = an empty directory,
 *  2 = a Xapian database, 3 = something else (never to be written over),
 *  4 = a sharded database: a Xapian stub (a file, or a directory holding
 *  one named PDX_STUB, beside its shards).  Reads only the directory
 *  listing, so it is cheap and works on a database too damaged to open. */
int pdx_db__classify(const char *path);

/** Whether pdx_db__classify() said a database is there (plain or
 *  sharded). */
bool pdx_db__is_db(int kind);

/** `fmt` with its one `%s` replaced by `a`, in a new string the caller
 *  frees; NULL when out of memory.  For the `char **errmsg` of functions
 *  that have no handle to put a message on. */
char *pdx_db__dup_printf(const char *fmt, const char *a);

/** Removes the directory tree at `path` (ours: a database copy, a shard
 *  or a half-written merge), if there is one; failures are ignored, as a
 *  leftover is removed again by the next try. */
void pdx_db__remove_tree(const char *path);

/** Puts directory `tmp` in the place of `path`, the original going to
 *  `old` (any earlier `old` is removed first).  Exchanged in one step
 *  where the file system can, so a kill leaves either database at
 *  `path`, never none; else by two renames.
 *  @return 0, or -1 when it could not (the original is put back) */
int pdx_db__swap_in(const char *path, const char *tmp, const char *old);

/* ---- shards: ingest --jobs 2 into a new database ---- */

/** Opens a new, empty database beside `db` ("<path>.shard"; one that a
 *  killed ingest left there is removed first: db's lock is the caller's)
 *  for the second half of a two-shard ingest.
 *  @return PDX_OK or an error (message on db) */
pdx_status pdx_db__shard_open(pdx_db **out, pdx_db *db);

/** Removes the shard a killed two-shard ingest left beside `db` (opened
 *  for writing: its lock is the caller's, so no ingest is using it). */
void pdx_db__shard_clear(pdx_db *db);

/** Frees a shard and removes its directory.  Accepts NULL. */
void pdx_db__shard_drop(pdx_db *shard);

/** Makes `db` hold its own papers and then the shard's, in that order
 *  (both committed beforehand): Xapian's compactor writes the two as one
 *  new database, which takes db's place; db is then open on it again.
 *  The shard is dropped in every case.  On failure db's own papers stay
 *  as they were; should another writer take the lock while db is closed
 *  for the swap, db is left open read-only (an error is returned).
 *  @return PDX_OK or an error (message on db) */
pdx_status pdx_db__shard_merge(pdx_db *db, pdx_db *shard);

/* ---- shards: ingest --jobs N into a sharded database ---- */

/** Writer g's group of a sharded database's shards (g, g + n, g + 2n,
 *  ...) as a database of its own, for one of `ingest --jobs`'s writer
 *  threads: it shares db's open shards and locks (pdx_index__group), and
 *  pdx_db_free() closes only its view.
 *  @return PDX_OK or an error (message on db) */
pdx_status pdx_db__group_open(pdx_db **out, pdx_db *db, size_t g, size_t n);

/** Called with pdx_hash64() of one merge-key term. */
typedef pdx_status (*pdx_db_key_fn)(uint64_t hash, void *payload);

/** Calls fn for every merge-key term db holds (ids, external ids, title
 *  and abstract keys: what pdx_store__find_same looks papers up by), so
 *  that `ingest --jobs` knows which writer holds a paper already.
 *  @return PDX_OK, fn's first error, or a database error (message on db) */
pdx_status pdx_db__each_merge_key(pdx_db *db, pdx_db_key_fn fn, void *payload);

#endif
