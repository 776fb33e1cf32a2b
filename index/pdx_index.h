/*
 * pdx_index.h — the inverted-index layer: a C interface over Xapian.
 *
 * This is the only door to Xapian.  The implementation (shim.cc) is the only
 * C++ in the tree; every function here is noexcept, catches every exception
 * and turns it into a pdx_status plus a message copied onto the database
 * handle.  No C++ type crosses this header.
 *
 * Handles:
 *   pdx_ixdb    a database directory, opened for reading or writing
 *   pdx_ixdoc   a document being built for the writer
 *   pdx_ixquery a query tree node
 *   pdx_ixmset  the result of running a query
 *   pdx_ixterms an iterator over index terms
 *   pdx_ixstem  a Snowball stemmer
 *
 * Ownership: every handle returned through `**out` belongs to the caller and
 * has a _free that accepts NULL.  Byte strings returned through `char **`
 * are malloc()ed and owned by the caller.  Terms are byte strings with an
 * explicit length; Xapian limits a term to 245 bytes, and longer terms are
 * silently dropped by pdx_index__doc_* (they could never be queried either).
 */
#ifndef PDX_INDEX_H
#define PDX_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paperdex.h"

#ifdef __cplusplus
extern "C" {
#define PDX_NOEXCEPT noexcept
#else
#define PDX_NOEXCEPT
#endif

/** Longest term Xapian's glass backend stores. */
#define PDX_INDEX_MAX_TERM 245

typedef struct pdx_ixdb pdx_ixdb;
typedef struct pdx_ixdoc pdx_ixdoc;
typedef struct pdx_ixquery pdx_ixquery;
typedef struct pdx_ixmset pdx_ixmset;
typedef struct pdx_ixterms pdx_ixterms;
typedef struct pdx_ixstem pdx_ixstem;

/* ---- databases ------------------------------------------------------- */

/** Opens the Xapian database in directory `path`.
 *  @param writable  false: open an existing database for reading;
 *                   true: open for writing, creating it when missing
 *  @param[out] errmsg  on failure a message naming `path` (caller frees);
 *                      NULL on success.  May be NULL.
 *  @return PDX_OK; PDX_ENOTFOUND (no database at path, read mode);
 *          PDX_ELOCKED (another writer holds the lock); PDX_ECORRUPT
 *          (damaged or a different format); PDX_EDB; PDX_ENOMEM */
pdx_status pdx_index__open(pdx_ixdb **out, const char *path, bool writable,
                           char **errmsg) PDX_NOEXCEPT;

/** Flags of pdx_index__open_ex(). */
#define PDX_IX_WRITE 0x1u   /**< open for writing (a stub's shards must exist) */
#define PDX_IX_PARTIAL 0x2u /**< reading a stub: a shard that cannot be reached
                                 is left out (pdx_index__shard_name says which)
                                 instead of failing the open or a later read */

/** pdx_index__open() with flags.  `path` may also be a Xapian stub: a file,
 *  or a directory holding one named XAPIANDB, listing one database a line
 *  ("glass DIR", "auto DIR", relative to the stub; "remote tcp HOST:PORT"
 *  or "remote HOST:PORT" for a shard served by xapian-tcpsrv).  The
 *  shards are then searched as one (Xapian's multi-database: global
 *  statistics, one ranking) with interleaved document ids, and written
 *  each in its own right: a new document goes to the shard its route
 *  picks (pdx_index__put_routed), metadata to the first shard (Xapian's
 *  multi-database reads it from there), and a commit commits the first
 *  shard last.  A shard that cannot be reached is an error naming it
 *  ("shard remote tcp H:P is unreachable"), at open or at the read that
 *  meets it, unless PDX_IX_PARTIAL. */
pdx_status pdx_index__open_ex(pdx_ixdb **out, const char *path, unsigned flags,
                              char **errmsg) PDX_NOEXCEPT;

/** Number of shards of a stub database (0: one plain database). */
size_t pdx_index__shard_count(const pdx_ixdb *db) PDX_NOEXCEPT;

/** Shard `i`'s name as its stub line gives it ("shard-0", "remote tcp
 *  10.0.0.5:7001"), borrowed; NULL past the end.
 *  @param[out] lost    (may be NULL) true when it could not be reached and
 *                      is left out (PDX_IX_PARTIAL)
 *  @param[out] remote  (may be NULL) true for a remote shard */
const char *pdx_index__shard_name(const pdx_ixdb *db, size_t i, bool *lost,
                                  bool *remote) PDX_NOEXCEPT;

/** The directory of local shard `i` (borrowed), NULL for a remote one or
 *  past the end. */
const char *pdx_index__shard_dir(const pdx_ixdb *db, size_t i) PDX_NOEXCEPT;

/** A database of shards g, g + n, g + 2n, ... of the writable sharded
 *  database `whole`, sharing its writers (not opening them again: the
 *  locks stay `whole`'s): `ingest --jobs` gives each of n threads a group
 *  to write, so no shard is touched by two threads.  Document ids are the
 *  group's own; a new document goes to the shard of the group that
 *  `whole` would pick for its route.  Closing it leaves the shards open
 *  in `whole`, which must outlive it.  Made and closed on one thread
 *  while no other uses `whole` (Xapian's handles count their references
 *  without locks).
 *  @return PDX_OK or an error (message on `whole`) */
pdx_status pdx_index__group(pdx_ixdb **out, pdx_ixdb *whole, size_t g, size_t n) PDX_NOEXCEPT;

/** Checks cheaply that the database can be used: reads every metadata key,
 *  the first and last term, the first term's postings, and the first and
 *  last document (data, terms, positions) -- the root-to-leaf paths at
 *  both ends of each table; every table file is present when there are
 *  documents; and when the table files come to at most `full_max` bytes
 *  (0: never), Xapian's full check of every table.  Damage elsewhere in a
 *  large table is not seen (it is met when read, or by a full check).
 *  @return PDX_OK; PDX_ECORRUPT with "database X is damaged: ..." on db */
pdx_status pdx_index__probe(pdx_ixdb *db, uint64_t full_max) PDX_NOEXCEPT;

/** Closes the database.  A writable database commits what is pending first
 *  (Xapian's close() does).  Accepts NULL. */
void pdx_index__close(pdx_ixdb *db) PDX_NOEXCEPT;

/** The message of the last failure on `db` ("" if none).  Borrowed. */
const char *pdx_index__errmsg(const pdx_ixdb *db) PDX_NOEXCEPT;

/** The directory given to pdx_index__open().  Borrowed. */
const char *pdx_index__path(const pdx_ixdb *db) PDX_NOEXCEPT;

/** True when opened for writing. */
bool pdx_index__writable(const pdx_ixdb *db) PDX_NOEXCEPT;

/** Makes a reader see the latest committed state (no-op for a writer). */
pdx_status pdx_index__reopen(pdx_ixdb *db) PDX_NOEXCEPT;

/** Commits pending changes of a writer.  Readers opened later (or
 *  reopened) see them; a crash after this returns loses none of them. */
pdx_status pdx_index__commit(pdx_ixdb *db) PDX_NOEXCEPT;

/** Number of documents. */
pdx_status pdx_index__doccount(uint64_t *out, pdx_ixdb *db) PDX_NOEXCEPT;

/** Number of distinct terms that start with `prefix` (all terms for "").
 *  Walks the term list: linear in the vocabulary. */
pdx_status pdx_index__termcount(uint64_t *out, pdx_ixdb *db, const char *prefix,
                                size_t n_prefix) PDX_NOEXCEPT;

/** Number of documents indexed by `term` (0 when absent). */
pdx_status pdx_index__termfreq(uint64_t *out, pdx_ixdb *db, const char *term, size_t n) PDX_NOEXCEPT;

/** Reads a user-metadata value; an absent key gives "" (length 0).
 *  @param[out] out, n_out  malloc()ed bytes (NUL-terminated) and length */
pdx_status pdx_index__meta_get(char **out, size_t *n_out, pdx_ixdb *db, const char *key) PDX_NOEXCEPT;

/** Whether any user-metadata key starts with `prefix`. */
pdx_status pdx_index__meta_has_prefix(bool *out, pdx_ixdb *db, const char *prefix) PDX_NOEXCEPT;

/** Every user-metadata key starting with `prefix` and its value, as
 *  "key\0value\0key\0value\0..." in key order; *out is owned by the
 *  caller (free()), NUL-terminated past *n_out. */
pdx_status pdx_index__meta_list(char **out, size_t *n_out, pdx_ixdb *db,
                                const char *prefix) PDX_NOEXCEPT;

/** Sets a user-metadata value (writer only; committed with the documents). */
pdx_status pdx_index__meta_set(pdx_ixdb *db, const char *key, const char *value, size_t n) PDX_NOEXCEPT;

/* ---- documents ------------------------------------------------------- */

/** A new empty document. */
pdx_status pdx_index__doc_new(pdx_ixdoc **out) PDX_NOEXCEPT;
/** Frees a document.  Accepts NULL. */
void pdx_index__doc_free(pdx_ixdoc *doc) PDX_NOEXCEPT;
/** Empties a document for reuse (keeps its allocation). */
pdx_status pdx_index__doc_clear(pdx_ixdoc *doc) PDX_NOEXCEPT;
/** Adds `term` at position `pos` (1-based), increasing its wdf by `wdf`. */
pdx_status pdx_index__doc_posting(pdx_ixdoc *doc, const char *term, size_t n,
                                  uint32_t pos, uint32_t wdf) PDX_NOEXCEPT;
/** Adds `term` without a position, increasing its wdf by `wdf`. */
pdx_status pdx_index__doc_term(pdx_ixdoc *doc, const char *term, size_t n, uint32_t wdf) PDX_NOEXCEPT;
/** Adds a boolean term (wdf 0: filters, never weighs). */
pdx_status pdx_index__doc_boolean(pdx_ixdoc *doc, const char *term, size_t n) PDX_NOEXCEPT;
/** Sets the stored data (the serialised record). */
pdx_status pdx_index__doc_set_data(pdx_ixdoc *doc, const char *data, size_t n) PDX_NOEXCEPT;
/** Sets value slot `slot` (sort keys, ranges). */
pdx_status pdx_index__doc_set_value(pdx_ixdoc *doc, unsigned slot, const char *v, size_t n) PDX_NOEXCEPT;

/** Stores `doc` as document `docid` (replacing it), or as a new document
 *  when `docid` is 0.
 *  @param[out] docid_out  the document's id (may be NULL) */
pdx_status pdx_index__put(pdx_ixdb *db, uint32_t docid, const pdx_ixdoc *doc,
                          uint32_t *docid_out) PDX_NOEXCEPT;

/** pdx_index__put() that places a new document (`docid` 0) of a sharded
 *  database on shard `route` % shards; a replaced one stays on its shard.
 *  `route` means nothing to one plain database. */
pdx_status pdx_index__put_routed(pdx_ixdb *db, uint32_t docid, const pdx_ixdoc *doc,
                                 uint64_t route, uint32_t *docid_out) PDX_NOEXCEPT;

/** Deletes document `docid` (writer only; absent ids are not an error). */
pdx_status pdx_index__delete(pdx_ixdb *db, uint32_t docid) PDX_NOEXCEPT;

/** The first document indexed by `term`, or 0 when none. */
pdx_status pdx_index__find(uint32_t *out, pdx_ixdb *db, const char *term, size_t n) PDX_NOEXCEPT;

/** Every document indexed by `term`, ascending, at most `max` of them.
 *  @param[out] out  malloc()ed array (NULL when none); n_out its length */
pdx_status pdx_index__postings(uint32_t **out, size_t *n_out, pdx_ixdb *db,
                               const char *term, size_t n, size_t max) PDX_NOEXCEPT;

/** The stored data of document `docid`.
 *  @return PDX_ENOTFOUND when there is no such document */
pdx_status pdx_index__doc_data(char **out, size_t *n_out, pdx_ixdb *db, uint32_t docid) PDX_NOEXCEPT;

/* ---- terms ----------------------------------------------------------- */

/** Iterates over the index terms starting with `prefix`, in byte order. */
pdx_status pdx_index__terms(pdx_ixterms **out, pdx_ixdb *db, const char *prefix, size_t n) PDX_NOEXCEPT;
/** Iterates over the terms of document `docid`, in byte order. */
pdx_status pdx_index__doc_terms(pdx_ixterms **out, pdx_ixdb *db, uint32_t docid) PDX_NOEXCEPT;
/** Advances; false at the end or on an error (see pdx_index__terms_status).
 *  `term` is borrowed until the next call.  `freq` gets the term's document
 *  frequency (index terms) or wdf (document terms); may be NULL. */
bool pdx_index__terms_next(pdx_ixterms *it, const char **term, size_t *n, uint32_t *freq) PDX_NOEXCEPT;
/** Moves the iterator so that the next pdx_index__terms_next() gives the
 *  first term at or after `term` in byte order (TermIterator::skip_to). */
void pdx_index__terms_skip(pdx_ixterms *it, const char *term, size_t n) PDX_NOEXCEPT;
/** PDX_OK, or the error that ended the iteration. */
pdx_status pdx_index__terms_status(const pdx_ixterms *it) PDX_NOEXCEPT;
/** Frees the iterator.  Accepts NULL. */
void pdx_index__terms_free(pdx_ixterms *it) PDX_NOEXCEPT;

/* ---- queries --------------------------------------------------------- */

/** Ways to combine subqueries (Xapian::Query::op). */
typedef enum pdx_qop {
    PDX_QOP_AND,
    PDX_QOP_OR,
    PDX_QOP_AND_NOT,   /**< first minus the union of the others */
    PDX_QOP_FILTER,    /**< first, restricted to the others, weighed by the first */
    PDX_QOP_AND_MAYBE, /**< first; the others only add weight */
    PDX_QOP_PHRASE,    /**< subterms in order within `window` positions */
    PDX_QOP_NEAR,      /**< subterms in any order within `window` positions */
    PDX_QOP_SYNONYM,   /**< one term whose postings are the union */
    PDX_QOP_MAX,       /**< the best-weighted match of the subqueries */
} pdx_qop;

/** A query for one term.  `wqf` is its query frequency (1 for normal
 *  terms), `pos` its position in the query (for phrase detection; 0). */
pdx_status pdx_index__q_term(pdx_ixquery **out, const char *term, size_t n,
                             unsigned wqf, unsigned pos) PDX_NOEXCEPT;
/** Combines subqueries with `op` (copies them: the caller still frees the
 *  parts).  `window` is used by PHRASE and NEAR (0 = number of subqueries).
 *  With no subqueries the result matches nothing. */
pdx_status pdx_index__q_combine(pdx_ixquery **out, pdx_qop op,
                                pdx_ixquery *const *subs, size_t n, unsigned window) PDX_NOEXCEPT;
/** The first `n` parts of an OR `q`, ORed: a cheaper stand-in for a long
 *  OR whose parts come weightiest first (feedback's expansion lists its
 *  stems likeliest first), where only its best matches are wanted.  Not
 *  Xapian's OP_ELITE_SET: over shards that chooses in each shard from the
 *  shard's own statistics, so the parts, and the papers found, would
 *  depend on how the papers are sharded.  Any other query, or an OR of at
 *  most `n` parts, is copied as it is. */
pdx_status pdx_index__q_elite(pdx_ixquery **out, const pdx_ixquery *q, unsigned n) PDX_NOEXCEPT;
/** Multiplies the weight of `q` by `factor` (0 makes it purely boolean). */
pdx_status pdx_index__q_scale(pdx_ixquery **out, const pdx_ixquery *q, double factor) PDX_NOEXCEPT;
/** Documents whose value `slot` lies in [lo, hi] (byte order); NULL `lo` or
 *  `hi` leaves that end open. */
pdx_status pdx_index__q_range(pdx_ixquery **out, unsigned slot, const char *lo,
                              const char *hi) PDX_NOEXCEPT;
/** Every term starting with `prefix` (`n` bytes), OR-ed as a synonym;
 *  at most `max_expansion` terms, else PDX_EQUERY with a message on `db`. */
pdx_status pdx_index__q_wildcard(pdx_ixquery **out, pdx_ixdb *db, const char *prefix,
                                 size_t n, unsigned max_expansion) PDX_NOEXCEPT;
/** Documents where `whole` occurs more often than `mult` times `part`
 *  plus once per `other`: with `whole` a term of the whole text in which
 *  each title word counts `mult` times, `part` the word's title term and
 *  `other` its author-name term, the documents that have the word in the
 *  abstract.  Matches only; weighs nothing.  `other` may be empty. */
pdx_status pdx_index__q_excess(pdx_ixquery **out, const char *whole, size_t n_whole,
                               const char *part, size_t n_part, unsigned mult, const char *other,
                               size_t n_other) PDX_NOEXCEPT;
/** Exactly the documents `ids` (any order; repeats and 0 ignored), weighing
 *  nothing: under PDX_QOP_FILTER it confines a query to them, which then
 *  costs a skip per listed document along each of its posting lists
 *  instead of a walk over them.  No ids: matches nothing.  `ids` are the
 *  whole database's, also over local shards.  `db` is where it will run. */
pdx_status pdx_index__q_docids(pdx_ixquery **out, pdx_ixdb *db, const uint32_t *ids,
                               size_t n) PDX_NOEXCEPT;
/** True when some shard of `db` is remote (also one left out as
 *  unreachable): xapian-tcpsrv cannot run paperdex's own posting sources
 *  (pdx_index__q_docids, pdx_index__q_excess), so queries that need them
 *  take another way. */
bool pdx_index__has_remote(const pdx_ixdb *db) PDX_NOEXCEPT;
/** Every document. */
pdx_status pdx_index__q_all(pdx_ixquery **out) PDX_NOEXCEPT;
/** True when the query matches nothing by construction. */
bool pdx_index__q_empty(const pdx_ixquery *q) PDX_NOEXCEPT;
/** A readable description of the query (for debugging; caller frees). */
char *pdx_index__q_describe(const pdx_ixquery *q) PDX_NOEXCEPT;
/** Frees a query.  Accepts NULL. */
void pdx_index__q_free(pdx_ixquery *q) PDX_NOEXCEPT;

/* ---- running queries -------------------------------------------------- */

/** Weighting schemes (Xapian's classes), for evaluation sweeps. */
typedef enum pdx_ixweight {
    PDX_IXW_BM25 = 0, /**< BM25Weight(k1, 0, 1, b, 0.5) */
    PDX_IXW_BM25PLUS, /**< BM25PlusWeight (a lower bound per matched term) */
    PDX_IXW_LM,       /**< LMWeight, Dirichlet smoothing */
    PDX_IXW_PL2,      /**< PL2Weight (divergence from randomness) */
    PDX_IXW_DPH,      /**< DPHWeight (parameter-free DFR) */
    PDX_IXW_INL2,     /**< InL2Weight */
} pdx_ixweight;

/** How to run a query.  Zero-initialise; k1 and b of 0 mean Xapian's
 *  defaults (1.2 and 0.75 would be Lucene's; Xapian's are 1 and 0.5). */
typedef struct pdx_ixsearch {
    unsigned first;        /**< rank of the first hit to return (0-based);
                                the hits are those ranked first..first+max
                                of one list, whatever `first` is, so pages
                                put together equal one longer page */
    unsigned max;          /**< hits to return */
    unsigned check_at_least; /**< look at this many matches so that the
                                  total estimate is exact up to it */
    int sort_slot;         /**< value slot to sort by first, -1 for relevance */
    bool sort_descending;  /**< with sort_slot: largest value first */
    double k1, b;          /**< BM25 parameters (see above) */
    bool boolean;          /**< ignore weights: document order */
    pdx_ixweight weighting; /**< the scheme; PDX_IXW_BM25 (0) by default */
    double param;          /**< the scheme's own parameter (BM25+: delta;
                                LM: Dirichlet mu; PL2, InL2: c); 0 = its default */
    const char *const *facets; /**< term prefixes to count over every match
                                    (each document counted once per term);
                                    makes the match exhaustive */
    size_t n_facets;
    bool ids_only;         /**< only document ids and weights will be read:
                                the documents are not fetched */
} pdx_ixsearch;

/** Bounds the time each later pdx_index__search on `db` may spend matching
 *  (Xapian's Enquire::set_time_limit): past it the match stops looking at
 *  further documents, so the hits are the best found so far and the total
 *  an estimate.  `seconds` <= 0: no limit (the default). */
void pdx_index__set_time_limit(pdx_ixdb *db, double seconds) PDX_NOEXCEPT;

/** Runs `q`.  A reader that meets DatabaseModifiedError (a writer committed
 *  meanwhile) reopens and retries once. */
pdx_status pdx_index__search(pdx_ixmset **out, pdx_ixdb *db, const pdx_ixquery *q,
                             const pdx_ixsearch *opts) PDX_NOEXCEPT;
/** Number of hits held. */
size_t pdx_index__mset_size(const pdx_ixmset *m) PDX_NOEXCEPT;
/** Estimated number of matches in the whole database (exact up to the
 *  search's check_at_least; see pdx_index__mset_total_exact). */
uint64_t pdx_index__mset_total(const pdx_ixmset *m) PDX_NOEXCEPT;
/** True when pdx_index__mset_total is the exact number of matches (the
 *  match's lower and upper bounds agree), not an estimate. */
bool pdx_index__mset_total_exact(const pdx_ixmset *m) PDX_NOEXCEPT;
/** Document id of hit `i`. */
uint32_t pdx_index__mset_docid(const pdx_ixmset *m, size_t i) PDX_NOEXCEPT;
/** Weight of hit `i`. */
double pdx_index__mset_weight(const pdx_ixmset *m, size_t i) PDX_NOEXCEPT;
/** Stored data of hit `i` (caller frees). */
pdx_status pdx_index__mset_data(char **out, size_t *n_out, pdx_ixdb *db,
                                const pdx_ixmset *m, size_t i) PDX_NOEXCEPT;
/** Frees the match set.  Accepts NULL. */
void pdx_index__mset_free(pdx_ixmset *m) PDX_NOEXCEPT;
/** Number of distinct terms counted for facet prefix `k` (0 when none). */
size_t pdx_index__facet_size(const pdx_ixmset *m, size_t k) PDX_NOEXCEPT;
/** Term `i` of facet `k`, most frequent first (ties in byte order), without
 *  its prefix; borrowed until the match set is freed.  NULL past the end.
 *  @param[out] count  matching documents that have it */
const char *pdx_index__facet(const pdx_ixmset *m, size_t k, size_t i, size_t *n,
                             uint64_t *count) PDX_NOEXCEPT;

/* ---- expansion ------------------------------------------------------- */

/** Expansion schemes of pdx_index__expand (Xapian's set_expansion_scheme). */
typedef enum pdx_ixexpand {
    PDX_IXE_TRAD = 0, /**< "trad": Robertson/Sparck Jones relevance weight */
    PDX_IXE_BO1,      /**< "bo1": Amati's Bose-Einstein model (Terrier's default) */
} pdx_ixexpand;

/** The terms that best characterise documents `docids` (Xapian's ESet over
 *  an RSet of them), as one query: the OR of at most `max_terms` terms,
 *  each scaled by its share of their expansion weights (the scales sum to
 *  1).  Only terms that start with `prefix` and whose next
 *  byte is not an upper-case ASCII letter are considered (prefix "Z" takes
 *  "Zword", not "ZSword").  Terms of `exclude` (may be NULL) are left out.
 *  Of the `max_terms` chosen, those in more than `max_df` of the
 *  documents (a share, 0..1; 0 = no limit) are then dropped, neither
 *  replaced nor their share handed on (the kept scales sum to less than 1):
 *  the query gets shorter, which is the point (each is a long posting
 *  list), and the kept terms weigh what they would have.
 *  @param[out] out  the query; it matches nothing when no term qualifies
 *  @param[out] n_out  number of terms in it (may be NULL) */
pdx_status pdx_index__expand(pdx_ixquery **out, size_t *n_out, pdx_ixdb *db,
                             const pdx_ixquery *exclude, const uint32_t *docids, size_t n_docs,
                             unsigned max_terms, double max_df, const char *prefix,
                             size_t n_prefix, pdx_ixexpand scheme) PDX_NOEXCEPT;

/* ---- term statistics, for the relevance model (src/query/feedback.c) -- */

/** One term of a document: its bytes (borrowed for the callback's
 *  duration), its wdf in the document and its document frequency. */
typedef pdx_status (*pdx_ixtv_fn)(const char *term, size_t n, uint32_t wdf, uint32_t df,
                                  void *payload);

/** Calls `fn` for each term of document `docid` that starts with `prefix`
 *  and whose next byte is not an upper-case ASCII letter (as for
 *  pdx_index__expand), in byte order; stops at the first status `fn`
 *  returns other than PDX_OK and returns it.  The document frequency
 *  passed to `fn` is looked up only `with_df` (a B-tree look-up a term;
 *  0 otherwise).
 *  @return PDX_OK; PDX_ENOTFOUND for no such document; a database error */
pdx_status pdx_index__doc_vector(pdx_ixdb *db, uint32_t docid, const char *prefix,
                                 size_t n_prefix, bool with_df, pdx_ixtv_fn fn,
                                 void *payload) PDX_NOEXCEPT;

/** Collection statistics of one term: documents holding it and its
 *  occurrences over the collection (0 and 0 when absent).  `cf_out` may
 *  be NULL: the occurrences cost a second look-up. */
pdx_status pdx_index__term_stats(uint64_t *df_out, uint64_t *cf_out, pdx_ixdb *db,
                                 const char *term, size_t n) PDX_NOEXCEPT;

/** Documents holding each of terms[0..count) (lengths n[]), into
 *  df_out[0..count): pdx_index__term_stats's df for many terms.  With a
 *  remote shard all of them come in one round trip a server (a match's
 *  statistics phase) instead of one a term and server. */
pdx_status pdx_index__term_freqs(uint64_t *df_out, pdx_ixdb *db, const char *const *terms,
                                 const size_t *n, size_t count) PDX_NOEXCEPT;

/** The number of documents and the total of their lengths (every term of
 *  every prefix, as Xapian counts them). */
pdx_status pdx_index__collection(uint64_t *docs_out, uint64_t *length_out,
                                 pdx_ixdb *db) PDX_NOEXCEPT;

/** The length of document `docid` (every term of every prefix). */
pdx_status pdx_index__doc_length(uint64_t *out, pdx_ixdb *db, uint32_t docid) PDX_NOEXCEPT;

/** Calls `fn` (wdf: the term's wqf in the query, df: 0) for each distinct
 *  term of query `q` that starts with `prefix` as above.  */
pdx_status pdx_index__q_terms(const pdx_ixquery *q, const char *prefix, size_t n_prefix,
                              pdx_ixtv_fn fn, void *payload) PDX_NOEXCEPT;

/* ---- stemming -------------------------------------------------------- */

/** A Snowball stemmer for `language` ("english").
 *  @return PDX_EINVAL for an unknown language */
pdx_status pdx_index__stem_new(pdx_ixstem **out, const char *language) PDX_NOEXCEPT;
/** Stems a folded word into `buf` (up to `cap` bytes, not NUL-terminated).
 *  @param[out] n_out  the stem's length; a stem that would not fit is cut
 *                     to `cap` bytes (terms are short; cap 256 is plenty) */
pdx_status pdx_index__stem(pdx_ixstem *s, const char *w, size_t n, char *buf,
                           size_t cap, size_t *n_out) PDX_NOEXCEPT;
/** Frees the stemmer.  Accepts NULL. */
void pdx_index__stem_free(pdx_ixstem *s) PDX_NOEXCEPT;

/* ---- checking ---------------------------------------------------------- */

/** Runs Xapian's consistency check (Database::check) on the database in
 *  directory `path`, which must not be open for writing by anyone.
 *  @param[out] report   Xapian's findings as text (caller frees); "" when
 *                       it found nothing wrong
 *  @param[out] errors   the number of errors found
 *  @return PDX_OK when the check ran (look at *errors); PDX_ENOTFOUND,
 *          PDX_ECORRUPT (too damaged to check), PDX_EDB */
pdx_status pdx_index__check(char **report, size_t *errors, const char *path) PDX_NOEXCEPT;

/* ---- compacting ---------------------------------------------------------- */

/** Writes a compacted copy of the database in directory `src` to the new
 *  directory `dst` with Xapian's compactor (blocks packed full, document
 *  ids kept): the smallest form of a database that is mostly read.
 *  @param[out] errmsg  on failure a message naming the paths (caller
 *                      frees); NULL on success.  May be NULL.
 *  @return PDX_OK, PDX_ENOTFOUND, PDX_ELOCKED, PDX_ECORRUPT, PDX_EDB */
pdx_status pdx_index__compact(const char *src, const char *dst, char **errmsg) PDX_NOEXCEPT;

/** Writes the databases `srcs[0..n)` as one compacted database in the new
 *  directory `dst`, the documents of each source renumbered to follow
 *  those of the source before it (so their order is kept).  Metadata held
 *  by several sources keeps the first source's value.
 *  @return as pdx_index__compact() */
pdx_status pdx_index__compact_merge(const char *const *srcs, size_t n, const char *dst,
                                    char **errmsg) PDX_NOEXCEPT;

#ifdef __cplusplus
}
#endif
#endif /* PDX_INDEX_H */
