/*
 * paperdex.h — the public C API of paperdex, a search engine for
 * scientific papers.
 *
 * paperdex reads publication listings (pages copied from researcher and
 * institute sites, JSONL exports, ...), turns each paper into one record,
 * indexes it in an embedded Xapian database, and answers two questions:
 * which papers are about a topic, and which papers did a person write, with
 * whom.
 *
 * Conventions (the same everywhere in this header):
 *  - Every fallible function returns a pdx_status and sets its out-params on
 *    every path (NULL or 0 on failure).  The message for the last failure
 *    lives on the handle: pdx_db_errmsg(), pdx_ingest_errmsg().
 *  - An object returned through `**out` belongs to the caller and is released
 *    with its pdx_x_free(); every pdx_x_free() accepts NULL.
 *  - A getter's result is borrowed: it stays valid until its parent object
 *    is freed.
 *  - All strings are UTF-8.  Lengths are in bytes.
 *  - The library never prints, aborts or exits.
 */
#ifndef PAPERDEX_H
#define PAPERDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================
 * Status codes
 * ====================================================================== */

/** Every failure a caller can act on.  Values are fixed; new ones are only
 *  ever appended. */
typedef enum pdx_status {
    PDX_OK = 0,         /**< success (also: a search that matched nothing) */
    PDX_ENOMEM = 1,     /**< out of memory */
    PDX_EINVAL = 2,     /**< a bad argument or option (a usage error) */
    PDX_EQUERY = 3,     /**< the query string could not be parsed */
    PDX_EINPUT = 4,     /**< input data is malformed (bad UTF-8, bad JSON, ...) */
    PDX_EIO = 5,        /**< a file or directory could not be read */
    PDX_ENOTFOUND = 6,  /**< no database at the path, or no record with that id */
    PDX_ELOCKED = 7,    /**< the database is locked by another writer */
    PDX_ECORRUPT = 8,   /**< the database is damaged or not a paperdex database */
    PDX_EDB = 9,        /**< any other database failure */
} pdx_status;

/** A short static description of a status ("database is locked", ...).
 *  Never NULL; unknown values give "unknown status". */
const char *pdx_status_str(pdx_status st);

/** The version of the Xapian library paperdex runs on ("1.4.22"), as that
 *  library reports it at run time.  Static text; never NULL. */
const char *pdx_xapian_version(void);

/* ======================================================================
 * Paper records
 *
 * One record type crosses every boundary: readers produce it, the index
 * stores it, search returns it.  Records are immutable through this API.
 * ====================================================================== */

typedef struct pdx_paper pdx_paper;

/** Flags of an author entry (pdx_paper_author_flags). */
#define PDX_AUTHOR_IMPLIED 0x1u /**< not in the list on the page; added because
                                     the page is that person's profile */

/** The stable id: the source's own id ("arXiv:0704.0465", "doi:10...") or
 *  a hash of the normalised title ("t" + 15 hex digits).  Never NULL. */
const char *pdx_paper_id(const pdx_paper *p);
/** The title as displayed; never NULL (may be ""). */
const char *pdx_paper_title(const pdx_paper *p);
/** True when the title was derived from the abstract's first sentence
 *  because the source gave none. */
bool pdx_paper_title_derived(const pdx_paper *p);
/** Number of authors, in source order. */
size_t pdx_paper_author_count(const pdx_paper *p);
/** Display form of author `i` (0-based); NULL when `i` is out of range. */
const char *pdx_paper_author(const pdx_paper *p, size_t i);
/** PDX_AUTHOR_* flags of author `i`; 0 when out of range. */
unsigned pdx_paper_author_flags(const pdx_paper *p, size_t i);
/** True when the source cut the author list ("et al.", "(see 39 more)"). */
bool pdx_paper_authors_truncated(const pdx_paper *p);
/** The abstract, or NULL when there is none. */
const char *pdx_paper_abstract(const pdx_paper *p);
/** True when the abstract was cut off in the source with no continuation. */
bool pdx_paper_abstract_truncated(const pdx_paper *p);
/** The date as ISO 8601: "YYYY-MM-DD", "YYYY-MM", "YYYY", or "--MM-DD" when
 *  the source gave a day and month but no year.  NULL when unknown. */
const char *pdx_paper_date(const pdx_paper *p);
/** The year, or 0 when unknown. */
int pdx_paper_year(const pdx_paper *p);
/** The subject category ("LG", "cond-mat.stat-mech"), or NULL. */
const char *pdx_paper_category(const pdx_paper *p);
/** True when the source marks the paper as having code. */
bool pdx_paper_code(const pdx_paper *p);
/** The venue (journal, proceedings), or NULL. */
const char *pdx_paper_venue(const pdx_paper *p);
/** The volume ("12"), or NULL when unknown. */
const char *pdx_paper_volume(const pdx_paper *p);
/** The issue number, or NULL when unknown. */
const char *pdx_paper_number(const pdx_paper *p);
/** The pages: "117-129" (one "-" between a range's ends), "e1234", or NULL. */
const char *pdx_paper_pages(const pdx_paper *p);
/** arXiv's Journal-ref as written ("Phys. Rev. D 76 (2007) 013009"), or NULL. */
const char *pdx_paper_journal_ref(const pdx_paper *p);
/** The value of the record's external id of `scheme` ("arxiv": "0704.0001",
 *  "doi": "10.1103/PhysRevD.76.013009", "bibtex": the entry key), or NULL. */
const char *pdx_paper_extid(const pdx_paper *p, const char *scheme);
/** Number of affiliations. */
size_t pdx_paper_affiliation_count(const pdx_paper *p);
/** Affiliation `i`, or NULL when out of range. */
const char *pdx_paper_affiliation(const pdx_paper *p, size_t i);
/** Number of sources the record was read from (merged records have several). */
size_t pdx_paper_source_count(const pdx_paper *p);
/** Source `i` as "FILE:LINE", or NULL when out of range. */
const char *pdx_paper_source(const pdx_paper *p, size_t i);
/** The shape of input the record was first read from ("listing", "jsonl"). */
const char *pdx_paper_format(const pdx_paper *p);

/** The record as one JSON object (the `parse` / `show` contract: id, title,
 *  authors, authors_truncated, abstract, abstract_truncated, date, year,
 *  category, code, affiliations, venue, source, plus extra fields).
 *  @param[out] out  a NUL-terminated string owned by the caller (free());
 *                   NULL on failure
 *  @return PDX_OK or PDX_ENOMEM */
pdx_status pdx_paper_to_json(char **out, const pdx_paper *p);

/** Frees a record.  Accepts NULL. */
void pdx_paper_free(pdx_paper *p);

/* ======================================================================
 * Databases
 * ====================================================================== */

typedef struct pdx_db pdx_db;

/** Flags of pdx_db_open(). */
#define PDX_DB_READ   0x0u /**< open an existing database for searching */
#define PDX_DB_WRITE  0x1u /**< open for ingest, creating it when missing; a
                                directory that exists but is not a paperdex
                                database is refused, never overwritten */
#define PDX_DB_PARTIAL 0x2u /**< reading a sharded database: a shard that
                                cannot be reached is left out instead of
                                failing the command (pdx_db_shard) */

/** Opens (or with PDX_DB_WRITE creates) the database in directory `path`.
 *  @param[out] out     the handle, owned by the caller (pdx_db_free); NULL on
 *                      failure
 *  @param path         a directory
 *  @param flags        PDX_DB_READ or PDX_DB_WRITE
 *  @param[out] errmsg  on failure, a message naming the path, owned by the
 *                      caller (free()); NULL on success.  May be NULL.
 *  @return PDX_OK; PDX_ENOTFOUND (no database there, read mode);
 *          PDX_ELOCKED (another process is writing); PDX_ECORRUPT (damaged,
 *          or not a paperdex database); PDX_EDB; PDX_ENOMEM */
pdx_status pdx_db_open(pdx_db **out, const char *path, unsigned flags, char **errmsg);

/** Commits pending changes (write mode) and closes.  Accepts NULL. */
void pdx_db_free(pdx_db *db);

/** Bounds the time each match of a search on `db` may take (for a server:
 *  one costly query cannot hold a worker).  Past it the match stops looking
 *  at further papers: the hits are the best found so far and the total
 *  becomes an estimate (pdx_results_total_exact is false).  A search runs
 *  one to three matches (the query, its count, feedback's second pass),
 *  each bounded.  `seconds` <= 0 removes the limit (the default).
 *  @param db  an open handle (not NULL) */
void pdx_db_set_time_limit(pdx_db *db, double seconds);

/** The message of the last failure on `db` ("" when none).  Borrowed. */
const char *pdx_db_errmsg(const pdx_db *db);

/** The directory the database lives in.  Borrowed. */
const char *pdx_db_path(const pdx_db *db);

/* ---- shards (docs/scale-out.md) ---- */

/** Makes `path` a sharded database of `n` (2..1024) local shards: the
 *  directories `path`/shard-0 .. shard-(n-1), each a paperdex database, and
 *  the Xapian stub `path`/XAPIANDB listing them ("glass shard-K" lines),
 *  which every command then takes as --db (the directory or the stub).
 *  `path` must be missing or an empty directory, or already be a sharded
 *  database of at most `n` local shards: with `n` nothing changes, with
 *  fewer the missing shards are added (new papers then spread over all
 *  `n`; the stored ones stay where they are until a rebuild).
 *  @param[out] errmsg  on failure a message naming the path (caller frees)
 *  @return PDX_OK; PDX_EINVAL (n out of range, or `path` holds more
 *          shards); PDX_ECORRUPT (`path` is something else: a
 *          plain database, other files); PDX_EIO; PDX_ENOMEM */
pdx_status pdx_db_create_shards(const char *path, unsigned n, char **errmsg);

/** The number of shards of the open database (0: one plain database). */
size_t pdx_db_shard_count(const pdx_db *db);

/** Shard `i` of the open database, as its stub names it ("shard-0",
 *  "remote tcp 10.0.0.5:7001"), borrowed; NULL past the end.
 *  @param[out] lost  (may be NULL) true when, opened with PDX_DB_PARTIAL,
 *                    it could not be reached and its papers are missing
 *                    from every result */
const char *pdx_db_shard(const pdx_db *db, size_t i, bool *lost);

/** Counts kept by a database. */
typedef struct pdx_stats {
    uint64_t papers;  /**< records */
    uint64_t authors; /**< distinct author keys (folded full names) */
    uint64_t terms;   /**< distinct index terms of every kind */
    bool terms_counted; /**< false with a remote shard: authors and terms
                             are then 0, not counted (each count would
                             stream every term of every server) */
} pdx_stats;

/** Fills `out` with the database's counts (with a remote shard, papers
 *  only: see pdx_stats.terms_counted).
 *  @return PDX_OK or a database error (message on db) */
pdx_status pdx_db_stats(pdx_stats *out, pdx_db *db);

/** Verifies the database in directory `path`: Xapian's own consistency
 *  check of every table, then paperdex's part — the schema mark, every
 *  paper has exactly one id term, a readable record, and the record's id
 *  matches.
 *  @param[out] report    the problems in words, one per line ("" when
 *                        sound); owned by the caller (free())
 *  @param[out] problems  how many problems were found
 *  @return PDX_OK when the check ran (then look at *problems);
 *          PDX_ENOTFOUND (no database there); PDX_ECORRUPT (too damaged to
 *          check, or not a paperdex database; *report says why); PDX_ENOMEM */
pdx_status pdx_db_check(char **report, size_t *problems, const char *path);

/** Rewrites the database in directory `path` with Xapian's compactor
 *  (blocks packed full): the smallest and fastest form of a database that
 *  is mostly searched.  Holds the writer's lock throughout, so no ingest
 *  writes meanwhile; readers keep working (they see the new copy after a
 *  reopen).  Needs room for a second copy while it runs.
 *  @param[out] errmsg  on failure a message naming the path (caller
 *                      frees); NULL on success.  May be NULL.
 *  @return PDX_OK; PDX_ENOTFOUND (no database there); PDX_ELOCKED (an
 *          ingest is writing); PDX_ECORRUPT (not a paperdex database);
 *          PDX_EIO (the copy could not be put in place); PDX_EDB */
pdx_status pdx_db_compact(const char *path, char **errmsg);

/** Looks a record up by its id, in any form pdx_db_find_id() takes.
 *  @param[out] out  the record, owned by the caller; NULL on failure
 *  @return PDX_OK; PDX_ENOTFOUND (no such id, or an ambiguous one: the
 *          message on db then lists the candidates); a database error */
pdx_status pdx_db_get(pdx_paper **out, pdx_db *db, const char *id);

/** Finds the papers an id names, in whatever form a person pastes it: our
 *  id ("arXiv:0704.0001", "t3f9…"); an arXiv id with or without "arXiv:"
 *  and version ("0704.0001v2"), old-style ("hep-th/9901001"), or as an
 *  abs/pdf URL ("https://arxiv.org/pdf/0704.0001v1.pdf"); a DOI bare, as
 *  "doi:…" or as a doi.org / dx.doi.org URL (any case); a BibTeX key
 *  ("smith2020" or "bib:smith2020"); a source's own id.  Our exact id is
 *  tried first, then arXiv id and DOI, then keys and labels: the first
 *  that names any paper decides.
 *  @param[out] out    the papers, owned by the caller (pdx_papers_free);
 *                     NULL when none
 *  @param[out] n_out  how many: 0 none, 1 the paper, more than one when the
 *                     id is ambiguous (a BibTeX key two files use for two
 *                     papers)
 *  @param id          NUL-terminated; surrounding white space is ignored
 *  @return PDX_OK (also when none matched); a database error (message on
 *          db); PDX_ENOMEM */
pdx_status pdx_db_find_id(pdx_paper ***out, size_t *n_out, pdx_db *db, const char *id);

/** Frees `n` records and the array holding them.  Accepts NULL. */
void pdx_papers_free(pdx_paper **v, size_t n);

/* ======================================================================
 * Removing papers
 * ====================================================================== */

/** What pdx_db_remove() or pdx_db_remove_source() did; every string is a
 *  paper id (ours) except in not_found and ambiguous, which hold what the
 *  caller asked for.  Owned by the caller: pdx_removal_free(). */
typedef struct pdx_removal {
    char **removed;   /**< papers deleted */
    size_t n_removed;
    char **updated;   /**< papers kept for their other sources (--source) */
    size_t n_updated;
    char **not_found; /**< asked ids (or the file) that named no paper */
    size_t n_not_found;
    char **ambiguous; /**< asked ids that name several papers: nothing removed */
    size_t n_ambiguous;
} pdx_removal;

/** Frees a removal report.  Accepts NULL. */
void pdx_removal_free(pdx_removal *r);

/** Removes the papers `ids` name (any form pdx_db_find_id() takes), in
 *  one commit.  An id that names no paper or several removes nothing and
 *  is listed in not_found or ambiguous; naming one paper twice removes it
 *  once.  The files the papers came from stay recorded as read, so an
 *  ingest of an unchanged file does not bring them back; a changed file
 *  is read again, whole.
 *  @param db        opened with PDX_DB_WRITE
 *  @param[out] out  the report, owned by the caller; NULL on failure
 *  @return PDX_OK (also when nothing was found); PDX_EINVAL (db read-only);
 *          a database error (message on db; nothing removed) */
pdx_status pdx_db_remove(pdx_removal **out, pdx_db *db, const char *const *ids, size_t n);

/** Takes back what input file `file` contributed, in one commit, as a
 *  re-ingest of a changed file does: papers read only from it are
 *  deleted; papers merged with other inputs stay, made again from those
 *  inputs (read again, so fields only `file` gave go; when one of them has
 *  changed or gone since it was ingested, the paper keeps every field and
 *  only loses `file`'s source entries); and the database forgets it read
 *  the file, so ingesting it again reads it afresh.  `file` is
 *  matched by its real path (as ingest recorded it), or, when it no longer
 *  exists, by its absolute path.
 *  @param[out] out  the report (not_found holds `file` when the database
 *                   never read it); NULL on failure
 *  @return PDX_OK; PDX_EINVAL (db read-only); a database error */
pdx_status pdx_db_remove_source(pdx_removal **out, pdx_db *db, const char *file);

/* ======================================================================
 * Export: records as citations
 * ====================================================================== */

/** Citation formats of pdx_export(). */
typedef enum pdx_export_format {
    PDX_EXPORT_BIBTEX = 0,   /**< BibTeX entries, UTF-8, LaTeX specials escaped */
    PDX_EXPORT_RIS = 1,      /**< RIS records (TY ... ER), LF line ends */
    PDX_EXPORT_CSL_JSON = 2, /**< one JSON array of CSL items (citeproc, Zotero) */
} pdx_export_format;

/** The format named `name`: "bibtex", "ris" or "csl-json".
 *  @return PDX_OK; PDX_EINVAL for any other name (out then BibTeX) */
pdx_status pdx_export_format_parse(pdx_export_format *out, const char *name);

/** Writes `papers` as citations in `fmt`, in order.  Every entry gets a
 *  key (BibTeX key, RIS ID-less, CSL "id") unique within this export: the
 *  record's own BibTeX key when it has one, else first author's surname,
 *  year and first title word ("okafor2007counting"); keys that repeat get
 *  "a", "b", ... suffixes.  The entry type comes from the venue: a
 *  conference-like venue is a proceedings paper, any other a journal
 *  article, none with an arXiv id a preprint (BibTeX @misc with eprint,
 *  archivePrefix and primaryClass).
 *  @param[out] out  a NUL-terminated string owned by the caller (free());
 *                   NULL on failure.  "" for no papers in BibTeX and RIS,
 *                   "[]\n" in CSL-JSON.
 *  @return PDX_OK or PDX_ENOMEM */
pdx_status pdx_export(char **out, const pdx_paper *const *papers, size_t n,
                      pdx_export_format fmt);

/* ======================================================================
 * Ingest: reading files into records, and records into a database
 * ====================================================================== */

typedef struct pdx_ingest pdx_ingest;

/** Called for each problem met while reading (a bad line, a skipped file).
 *  `where` is "FILE:LINE" or "FILE"; `msg` says what is wrong.  Both are
 *  borrowed for the duration of the call. */
typedef void (*pdx_diag_fn)(const char *where, const char *msg, void *payload);

/** Called with progress during long work: bytes of input read so far and
 *  the total (0 when unknown, e.g. standard input), records so far. */
typedef void (*pdx_progress_fn)(uint64_t bytes_done, uint64_t bytes_total,
                                uint64_t records, void *payload);

/** Called when long work starts that reads no input, so has no progress
 *  to report ("merging the two halves"). */
typedef void (*pdx_phase_fn)(const char *what, void *payload);

/** What a line of an input was taken as by its reader (`parse --explain`).
 *  The page readers (listing, profile, stream) decide line by line; the
 *  structured readers (JSON Lines, arXiv, BibTeX, CSV, TSV, CSL-JSON, RIS,
 *  labelled records) and saved HTML pages are described record by record: each line is part of the record that starts on or
 *  before it (PDX_ROLE_RECORD), or before the first one
 *  (PDX_ROLE_HEADER). */
typedef enum pdx_line_role {
    PDX_ROLE_UNCLASSIFIED = 0, /**< neither site chrome nor part of a
                                    record: what the ingest summary reports
                                    as "not understood" */
    PDX_ROLE_BLANK = 1,        /**< empty or only blanks */
    PDX_ROLE_CHROME = 2,       /**< the site's menus, banners, news, footer */
    PDX_ROLE_HEADER = 3,       /**< the input's own preamble, set aside on
                                    purpose: a profile's owner and biography,
                                    a CSV header row */
    PDX_ROLE_HEADING = 4,      /**< a publications or year heading */
    PDX_ROLE_TITLE = 5,        /**< a paper's title (a listing's title glued
                                    to its authors, too) */
    PDX_ROLE_AUTHOR = 6,       /**< an author line */
    PDX_ROLE_AFFILIATION = 7,  /**< an affiliation among the author lines */
    PDX_ROLE_ABSTRACT = 8,     /**< (part of) an abstract */
    PDX_ROLE_DATE = 9,         /**< a date line (a listing's category+date) */
    PDX_ROLE_VENUE = 10,       /**< a venue line */
    PDX_ROLE_RECORD = 11,      /**< part of a record of a structured input */
    PDX_ROLE_SKIPPED = 12,     /**< malformed: reported through on_diag */
} pdx_line_role;

/** The name of a role: "unclassified", "blank", "chrome", "header",
 *  "heading", "title", "author", "affiliation", "abstract", "date",
 *  "venue", "record", "skipped"; "?" for a value out of range.  Static. */
const char *pdx_line_role_name(pdx_line_role role);

/** What one line of an input was taken as, and why. */
typedef struct pdx_line_note {
    const char *file;   /**< the input as given (borrowed for the call) */
    size_t line;        /**< 1-based line number */
    pdx_line_role role;
    size_t paper;       /**< the record the line went to: without a
                             database, its 1-based place among the records
                             pdx_ingest_run() hands to on_record (merged
                             records share one); with a database, the
                             record's number in the run; 0 for none */
    const char *reason; /**< a short why ("followed by author lines",
                             "repeated on other pages (template)"); never
                             NULL; borrowed for the call */
} pdx_line_note;

/** Called with each line's note (pdx_ingest_opts.on_explain). */
typedef void (*pdx_explain_fn)(const pdx_line_note *note, void *payload);

/** Options of an ingest.  Zero-initialise, then set what you need. */
typedef struct pdx_ingest_opts {
    const char *format;        /**< force a reader ("listing", "jsonl", ...);
                                    NULL detects the shape from the content */
    unsigned batch;            /**< records per commit; 0 = default */
    pdx_diag_fn on_diag;       /**< may be NULL */
    pdx_progress_fn on_progress; /**< may be NULL */
    pdx_phase_fn on_phase;     /**< may be NULL */
    void *payload;             /**< passed to the callbacks */
    const char *field_map;     /**< which source field feeds which record
                                    field, for JSON Lines, CSV and TSV:
                                    "title=Title,abstract=Summary,authors=
                                    metadata.authors" (names: title, abstract,
                                    authors, year, date, id, doi, arxiv,
                                    venue, category; a dotted path reaches
                                    into JSON objects); NULL = the readers'
                                    usual spellings.  Copied by
                                    pdx_ingest_new(), which returns
                                    PDX_EINVAL when it cannot be parsed. */
    unsigned jobs;             /**< threads: 0 or 1 reads, builds and writes
                                    each record in turn.  2 or more into
                                    a sharded database: min(jobs, shards)
                                    writer threads, each storing into a
                                    group of the shards (shards g, g +
                                    jobs, ...) while this thread reads and
                                    builds documents; the same papers,
                                    merges and answers as one writer
                                    (docs/scale-out.md).  Into one
                                    database, more than 2 is 2.  2, into a
                                    database without papers or recorded
                                    files (and a writable directory
                                    beside it for the shard), from
                                    inputs that need no knowledge of each
                                    other (JSON Lines, BibTeX, arXiv, CSV,
                                    TSV; not standard input): two halves of
                                    the inputs read side by side, each
                                    into a database of its own, then merged
                                    (same papers, merges and order as one
                                    job); otherwise 2 reads and builds
                                    documents on one thread while another
                                    writes them (same database, same
                                    document ids, same results) */
    pdx_explain_fn on_explain; /**< may be NULL: called with what each line
                                    of each input was taken as (`parse
                                    --explain`), for every line of a file
                                    in order, once the file is read, on
                                    the calling thread (jobs 2 then never
                                    reads two halves side by side) */
} pdx_ingest_opts;

/** What an ingest did. */
typedef struct pdx_ingest_summary {
    uint64_t files;     /**< input files read */
    uint64_t records;   /**< records read from the inputs */
    uint64_t added;     /**< new papers stored */
    uint64_t merged;    /**< records merged into a paper already known */
    uint64_t skipped;   /**< entries or lines skipped as malformed */
    uint64_t files_failed; /**< files that could not be read at all, or that
                                were named but are of no known shape */
    uint64_t files_skipped; /**< files met in a directory that are of no
                                 known shape (reported, not a failure) */
    /** How many files were read with each shape, as "listing=2 jsonl=1";
     *  borrowed from the ingest. */
    const char *formats;
    uint64_t files_unchanged; /**< files not read again: the database holds
                                   them whole and they have not changed */
    uint64_t replaced;      /**< papers taken back from files that changed
                                 since they were read (then read afresh) */
    unsigned shards;        /**< 2 when --jobs 2 read the inputs in two
                                 halves side by side (a new database), else 1 */
    unsigned writers;       /**< threads that wrote the database side by
                                 side: the shards' writers of --jobs N into
                                 a sharded database (min(N, shards)), 2
                                 for two halves, else 1 */
    double merge_seconds;   /**< with two halves: wall time from both halves
                                 read to one database in place (the papers
                                 read on both sides joined, Xapian's
                                 compactor, the swap); 0 otherwise */
    uint64_t unclassified;  /**< lines of page inputs (listing, profile,
                                 stream) that were neither site chrome nor
                                 part of a record: read, but not understood
                                 (pdx_ingest_unclassified() says where).
                                 Not an error: the run's status is not
                                 changed by them */
} pdx_ingest_summary;

/** Starts an ingest.
 *  @param[out] out  the ingest, owned by the caller (pdx_ingest_free)
 *  @param db        a database opened with PDX_DB_WRITE, or NULL to only
 *                   read records (the `parse` command)
 *  @param opts      may be NULL for defaults; copied
 *  @return PDX_OK, PDX_EINVAL (unknown format; bad field map; db not
 *          writable), PDX_ENOMEM */
pdx_status pdx_ingest_new(pdx_ingest **out, pdx_db *db, const pdx_ingest_opts *opts);

/** Queues an input: a file, a directory (walked recursively), or "-" for
 *  standard input.  Nothing is read until pdx_ingest_run(), which also
 *  reports a path that does not exist (and still reads the others).
 *  @return PDX_OK, PDX_ENOMEM */
pdx_status pdx_ingest_add(pdx_ingest *ing, const char *path);

/** Called by pdx_ingest_run() for every merged record, in order of first
 *  appearance.  The record is borrowed for the call.  Return non-zero to
 *  stop the run early. */
typedef int (*pdx_paper_fn)(const pdx_paper *p, void *payload);

/** Reads every queued input.  With a database, records are merged with
 *  what the database holds and committed in batches; with no database they
 *  are merged in memory and passed to `on_record` at the end.
 *  Malformed entries are reported through on_diag, counted as skipped, and
 *  the rest is still read.
 *  @param on_record  may be NULL
 *  @return PDX_OK when every input was read (some entries may have been
 *          skipped: see the summary); PDX_EIO / PDX_EINPUT when a whole input
 *          failed (the others are still read; the first failure is
 *          returned); a database error stops the run (committed batches stay). */
pdx_status pdx_ingest_run(pdx_ingest *ing, pdx_paper_fn on_record, void *payload);

/** The counts of the run so far.  Borrowed from `ing`. */
const pdx_ingest_summary *pdx_ingest_summary_get(const pdx_ingest *ing);

/** The message of the last failure ("" when none).  Borrowed. */
const char *pdx_ingest_errmsg(const pdx_ingest *ing);

/** Frees an ingest (uncommitted records of a failed run are discarded).
 *  Accepts NULL. */
void pdx_ingest_free(pdx_ingest *ing);

/** The name of reader `i` ("listing", "jsonl", ...), for --format; NULL
 *  past the last one. */
const char *pdx_format_name(size_t i);
/** A one-line description of reader `i`; NULL past the last one. */
const char *pdx_format_description(size_t i);

/* ======================================================================
 * Search
 * ====================================================================== */

typedef struct pdx_results pdx_results;

/** Orders of a result list. */
typedef enum pdx_sort {
    PDX_SORT_RELEVANCE = 0, /**< best match first */
    PDX_SORT_DATE = 1,      /**< newest first, then relevance */
} pdx_sort;

/** Weighting schemes of pdx_ranking (Xapian's).  BM25 is the default; the
 *  others are there so that `paperdex eval` can compare them. */
typedef enum pdx_weighting {
    PDX_WEIGHT_BM25 = 0, /**< Okapi BM25 (k1, b) */
    PDX_WEIGHT_BM25PLUS, /**< BM25+ (k1, b, delta = param) */
    PDX_WEIGHT_LM,       /**< query likelihood, Dirichlet smoothing (mu = param) */
    PDX_WEIGHT_PL2,      /**< divergence from randomness PL2 (c = param) */
    PDX_WEIGHT_DPH,      /**< divergence from randomness DPH (no parameter) */
    PDX_WEIGHT_INL2,     /**< divergence from randomness InL2 (c = param) */
} pdx_weighting;

/** Whether a search uses pseudo-relevance feedback (pdx_ranking.feedback). */
typedef enum pdx_feedback {
    PDX_FEEDBACK_OFF = 0,  /**< one pass: the query as written */
    PDX_FEEDBACK_ON = 1,   /**< always: a second pass with the expansion */
    PDX_FEEDBACK_AUTO = 2, /**< where a query-performance predictor says it
                                pays (see docs/ranking.md) */
} pdx_feedback;

/** How feedback picks its expansion terms (pdx_ranking.fb_method). */
typedef enum pdx_fb_method {
    PDX_FB_RM3 = 0,  /**< RM3: the feedback documents' language models,
                          weighted by their query likelihood (Lavrenko and
                          Croft), terms in more than fb_max_df of the
                          papers left out */
    PDX_FB_ESET = 1, /**< Xapian's ESet ("trad" or Bo1 weights) */
} pdx_fb_method;

/** How topic searches are ranked.  Fill with pdx_ranking_default(), then
 *  change what you want to try; `paperdex eval` sweeps these.  Every
 *  weight of 0 turns its feature off. */
typedef struct pdx_ranking {
    pdx_weighting weighting;
    double k1;            /**< BM25 term-frequency saturation */
    double b;             /**< BM25 length normalisation, 0..1 */
    double param;         /**< the other schemes' parameter; 0 = Xapian's default */
    double title_weight;  /**< weight of a word's title-only match, added to
                               its match in the whole text */
    double exact_weight;  /**< weight of a word's exact (unstemmed) form,
                               added to its stem's */
    double author_weight; /**< weight of a free word's match in author names */
    bool keep_stopwords;  /**< keep English function words in free text */
    double near_weight;   /**< weight of adjacent query words found within
                               `near_window` words of each other */
    unsigned near_window;
    unsigned fb_docs;     /**< pseudo-relevance feedback: top hits taken as
                               relevant; 0 = no feedback */
    unsigned fb_terms;    /**< expansion terms added */
    double fb_weight;     /**< weight of the expansion relative to the query */
    bool fb_bo1;          /**< Bo1 expansion weights instead of Xapian's "trad" */
    double fb_max_df;     /**< expansion stems found in more than this share
                               of the papers are left out (0 keeps them
                               all): they tell little apart and their
                               posting lists are the longest to read */
    bool fb_near;         /**< keep the proximity pairs in feedback's second
                               pass too (slower on common words; see
                               docs/ranking.md) */
    unsigned fb_min_matches; /**< no feedback when the query matches fewer
                                  papers: a query that specific (a rare
                                  name) would only be widened by papers
                                  that lack its words */
    pdx_feedback feedback; /**< off, on, or where predicted to help; with
                                off, fb_* are ignored */
    pdx_fb_method fb_method; /**< RM3 or Xapian's ESet */
    bool fb_by_score;     /**< RM3: weigh the feedback documents by their
                               first-pass score (Anserini's way) instead
                               of their query likelihood */
    double fb_auto_clarity; /**< auto: feedback only when the relevance
                                 model's clarity (nats) reaches this */
    bool fb_rerank;       /**< the expansion only re-ranks the papers the
                               query matches (AND_MAYBE) instead of also
                               bringing papers without its words (OR);
                               with fb_depth 0 */
    unsigned fb_depth;    /**< the expansion re-ranks only the first pass's
                               top fb_depth hits (the rest follow in
                               first-pass order), so the second pass reads
                               those papers' postings, not the query's
                               matches; 0: it ranks the whole collection
                               (fb_rerank, fb_near apply) */
    unsigned fb_widen;    /**< with fb_depth, for free words: the expansion's
                               own top fb_widen papers are re-ranked too,
                               so it may bring papers without the query's
                               words (listed as expanded, not counted) */
    unsigned fb_widen_terms; /**< fb_widen's top by the expansion's
                                  fb_widen_terms likeliest stems only (0:
                                  all): the same stems whatever the
                                  sharding */
} pdx_ranking;

/** Fills `out` with the default ranking (the best measured setting; see
 *  docs/ranking.md). */
void pdx_ranking_default(pdx_ranking *out);

/** Options of a search.  Zero-initialise, then set what you need. */
typedef struct pdx_search_opts {
    unsigned limit;   /**< hits to return; 0 = 10 (see count_only) */
    unsigned offset;  /**< hits to skip: the hits are ranks offset+1 ..
                           offset+limit of one ordering, whatever the
                           offset, so pages put together equal one longer
                           page */
    pdx_sort sort;
    const char *hl_start; /**< put before a matched word in snippets; NULL = "**" */
    const char *hl_end;   /**< put after it; NULL = "**" */
    const pdx_ranking *ranking; /**< NULL = pdx_ranking_default() */
    bool facets;      /**< count years, categories and authors over every
                           match (pdx_results_facet) */
    bool exact_count; /**< count every match, so pdx_results_total is
                           exact (pdx_results_total_exact); otherwise
                           past PDX_COUNT_CHECK matches it may be Xapian's
                           estimate.  Author searches always count. */
    bool count_only;  /**< no hits at all (limit is ignored): only the
                           total, and the facets when asked */
} pdx_search_opts;

/** Matches a search looks at before its total may become an estimate
 *  (without pdx_search_opts.exact_count). */
#define PDX_COUNT_CHECK 1000

/** Searches papers by topic.
 *  Query words are matched case- and accent-insensitively, by stem and by
 *  exact form; "quoted phrases" match in order; AND, OR, NOT, -word,
 *  parentheses, field:value, year:A..B and prefix* work as the README's
 *  "Query language" says.  Free words are ranked by opts->ranking.
 *  @param[out] out  the results, owned by the caller (pdx_results_free)
 *  @param query     the query text
 *  @param opts      may be NULL
 *  @return PDX_OK (also when nothing matched); PDX_EQUERY (message on db:
 *          "column N: why", or "empty query" for a blank one); a database
 *          error */
pdx_status pdx_search(pdx_results **out, pdx_db *db, const char *query,
                      const pdx_search_opts *opts);

/** Papers like paper `id`: the terms that best set it apart from the
 *  collection (Xapian's ESet of the paper) as a ranked query; the paper
 *  itself is not among the hits.
 *  @return PDX_OK; PDX_ENOTFOUND (no paper with that id); a database error */
pdx_status pdx_similar(pdx_results **out, pdx_db *db, const char *id,
                       const pdx_search_opts *opts);

/** How an author hit matched the asked name (pdx_results_match). */
typedef enum pdx_author_match {
    PDX_MATCH_NONE = 0,     /**< not an author search */
    PDX_MATCH_EXACT = 1,    /**< the full name, ignoring case and accents */
    PDX_MATCH_VARIANT = 2,  /**< a compatible variant: initials for given
                                 names ("J. Lorraine"), a shorter given name */
} pdx_author_match;

/** Flags of pdx_author_search(). */
#define PDX_AUTHOR_EXACT 0x1u /**< only full-name matches, no variants */

/** Finds the papers of a person.  `name` may be "Given Surname" or
 *  "Surname, Given", with or without accents, hyphens or initials.
 *  Exact full-name matches come first, then compatible variants.
 *  @return PDX_OK (also when nothing matched); PDX_EQUERY (no name in the
 *          text; "empty query" for a blank one); a database error */
pdx_status pdx_author_search(pdx_results **out, pdx_db *db, const char *name,
                             unsigned flags, const pdx_search_opts *opts);

/** Number of hits in the list. */
size_t pdx_results_count(const pdx_results *r);
/** The number of papers the query matches in the whole database: the
 *  same whatever the limit, offset and sort.  Papers that only
 *  pseudo-relevance feedback brought in (pdx_results_expanded) are not
 *  counted.  It may be an estimate (pdx_results_total_exact). */
uint64_t pdx_results_total(const pdx_results *r);
/** True when pdx_results_total is an exact count; false when it is
 *  Xapian's estimate (many matches, without pdx_search_opts.exact_count). */
bool pdx_results_total_exact(const pdx_results *r);
/** True when hit `i` does not match the query itself and is listed only
 *  because pseudo-relevance feedback's expansion terms ranked it in (it is
 *  not counted in the total nor the facets); false for every author and
 *  similar hit, and out of range. */
bool pdx_results_expanded(const pdx_results *r, size_t i);
/** The record of hit `i`, or NULL when out of range.  Borrowed. */
const pdx_paper *pdx_results_paper(const pdx_results *r, size_t i);
/** The relevance score of hit `i` (0 when out of range). */
double pdx_results_score(const pdx_results *r, size_t i);
/** The 1-based rank of hit `i` in the whole result list. */
unsigned pdx_results_rank(const pdx_results *r, size_t i);
/** A short extract of hit `i` (from its abstract, else its title) with the
 *  matched words between the options' hl_start and hl_end; "" when there is
 *  nothing to show.  Borrowed. */
const char *pdx_results_snippet(const pdx_results *r, size_t i);
/** How author hit `i` matched (PDX_MATCH_NONE for topic searches). */
pdx_author_match pdx_results_match(const pdx_results *r, size_t i);
/** The author entry of hit `i` that matched, or NULL.  Borrowed. */
const char *pdx_results_matched_author(const pdx_results *r, size_t i);
/** Facets of a result list (pdx_search_opts.facets). */
typedef enum pdx_facet {
    PDX_FACET_YEAR = 0,     /**< every year, most papers first */
    PDX_FACET_CATEGORY = 1, /**< the ten most frequent categories (folded) */
    PDX_FACET_AUTHOR = 2,   /**< the ten most frequent authors (as written) */
} pdx_facet;
/** Number of values of facet `f` (0 when facets were not asked for). */
size_t pdx_results_facet_count(const pdx_results *r, pdx_facet f);
/** Value `i` of facet `f`, most matches first; NULL when out of range.
 *  Borrowed.
 *  @param[out] out  the number of matching papers that have it (0 when out
 *                   of range) */
const char *pdx_results_facet(uint64_t *out, const pdx_results *r, pdx_facet f, size_t i);
/** A corrected query ("did you mean") when a word of the query is in no
 *  paper and a close spelling is; NULL otherwise.  Borrowed. */
const char *pdx_results_suggestion(const pdx_results *r);
/** Frees results.  Accepts NULL. */
void pdx_results_free(pdx_results *r);

/* ======================================================================
 * Coauthors
 * ====================================================================== */

typedef struct pdx_coauthors pdx_coauthors;

/** Counts, over the papers of `name` (as pdx_author_search finds them),
 *  every other author, merging spelling variants of one person (case,
 *  accents, hyphens) under their most frequent display form.  A less
 *  complete spelling ("J. Smith", "Jon Smith") joins the one more complete
 *  person it fits; when several fit, it stays apart and
 *  pdx_coauthors_ambiguous() names them.
 *  @param[out] out  the list, owned by the caller, most frequent first,
 *                   ties by name
 *  @param min       keep only coauthors with at least this many papers
 *  @return PDX_OK; PDX_EQUERY (no name in the text); a database error */
pdx_status pdx_coauthors_find(pdx_coauthors **out, pdx_db *db, const char *name,
                              unsigned flags, unsigned min);
/** The display form of the person asked for (the most frequent form among
 *  the matched entries), or the asked text when nothing matched.  Borrowed. */
const char *pdx_coauthors_author(const pdx_coauthors *c);
/** Number of papers of the person. */
size_t pdx_coauthors_papers(const pdx_coauthors *c);
/** Number of coauthors in the list. */
size_t pdx_coauthors_count(const pdx_coauthors *c);
/** Display name of coauthor `i`, or NULL when out of range.  Borrowed. */
const char *pdx_coauthors_name(const pdx_coauthors *c, size_t i);
/** Number of shared papers with coauthor `i`. */
size_t pdx_coauthors_shared(const pdx_coauthors *c, size_t i);
/** Number of distinct spellings merged under coauthor `i` (1 = one form). */
size_t pdx_coauthors_variant_count(const pdx_coauthors *c, size_t i);
/** Spelling `j` of coauthor `i`, or NULL.  Borrowed. */
const char *pdx_coauthors_variant(const pdx_coauthors *c, size_t i, size_t j);
/** Number of people coauthor `i` could also be (0 unless its spelling fits
 *  several more complete names, e.g. "J. Smith" with "John" and "Jane"). */
size_t pdx_coauthors_ambiguous_count(const pdx_coauthors *c, size_t i);
/** Name `j` of the people coauthor `i` could be, or NULL.  Borrowed. */
const char *pdx_coauthors_ambiguous(const pdx_coauthors *c, size_t i, size_t j);
/** Frees the list.  Accepts NULL. */
void pdx_coauthors_free(pdx_coauthors *c);

/* ======================================================================
 * Evaluation (BEIR layout: corpus.jsonl, queries.jsonl, qrels/test.tsv)
 * ====================================================================== */

/** Options of an evaluation.  Zero-initialise, then set what you need. */
typedef struct pdx_eval_opts {
    const char *db;       /**< search this database instead of indexing
                               corpus.jsonl into a temporary one */
    const char *qrels;    /**< judgements file; NULL = DIR/qrels/test.tsv */
    const char *run_path; /**< write a TREC run file here; NULL = none */
    const char *run_tag;  /**< the run's name in that file; NULL = "paperdex" */
    unsigned depth;       /**< hits retrieved per query; 0 = 1000 */
    const pdx_ranking *ranking; /**< NULL = pdx_ranking_default() */
    unsigned title_wdf;   /**< with a temporary index: how many times a title
                               word counts in the whole text; 0 = default */
    int author_text;      /**< with a temporary index: author names in the
                               free text: 1 yes, -1 no, 0 default */
    pdx_diag_fn on_diag;  /**< problems reading the corpus; may be NULL */
    /** Called after each query with its figures; may be NULL. */
    void (*on_query)(const char *qid, const char *text, double ndcg10, double map,
                     double recall100, double p10, void *payload);
    void *payload;        /**< passed to the callbacks */
} pdx_eval_opts;

/** Figures of an evaluation: means over the judged queries, with
 *  trec_eval's definitions (ndcg_cut_10 with linear gain, map over the
 *  retrieved list, recall_100, P_10; a grade >= 1 is relevant). */
typedef struct pdx_eval_summary {
    size_t queries;      /**< judged queries that were run */
    size_t docs;         /**< documents searched */
    double ndcg10, map, recall100, p10;
    double index_seconds;  /**< building the temporary index (0 with db) */
    double search_seconds; /**< running every query */
} pdx_eval_summary;

/** Evaluates the default (or the given) ranking on a collection in BEIR
 *  layout: `dir`/corpus.jsonl, `dir`/queries.jsonl and the qrels.  Every
 *  query that appears in the qrels is run; queries.jsonl may hold others.
 *  @param[out] out     the figures (zeroed on failure)
 *  @param[out] errmsg  on failure a message naming the file (caller frees);
 *                      may be NULL
 *  @return PDX_OK; PDX_EIO (a file is missing or unreadable); PDX_EINPUT (a
 *          malformed qrels or queries line, or a judged query with no text);
 *          a database error; PDX_ENOMEM */
pdx_status pdx_eval_beir(pdx_eval_summary *out, const char *dir, const pdx_eval_opts *opts,
                         char **errmsg);

/* ======================================================================
 * Ingest: inputs that failed
 * ====================================================================== */

/** How many inputs of the run could not be read at all, stopped early, or
 *  were named but gave nothing (empty, binary, of no known shape): one per
 *  pdx_ingest_summary.files_failed, in the order met. */
size_t pdx_ingest_failed_count(const pdx_ingest *ing);

/** Failed input `i`: its path, and in `*why` (may be NULL) the reason
 *  ("No such file or directory", "empty file; nothing to read").  Both
 *  borrowed from `ing`; NULL when `i` is out of range. */
const char *pdx_ingest_failed(const pdx_ingest *ing, size_t i, const char **why);

/* ======================================================================
 * Ingest: lines not understood
 * ====================================================================== */

/** How many inputs of the run have lines not understood
 *  (pdx_ingest_summary.unclassified counts the lines). */
size_t pdx_ingest_unclassified_count(const pdx_ingest *ing);

/** Input `i` with lines not understood: its path, and in `*ranges` (may be
 *  NULL) `*n_ranges` pairs of 1-based line numbers, first and last of each
 *  run, in order ({12, 14, 30, 30}: lines 12-14 and 30).  All borrowed from
 *  `ing`; NULL when `i` is out of range.
 *  @param[out] lines  how many lines the ranges hold (may be NULL) */
const char *pdx_ingest_unclassified(const pdx_ingest *ing, size_t i, const size_t **ranges,
                                    size_t *n_ranges, size_t *lines);

/* ======================================================================
 * Damaged databases: the sources, and a rebuild from them
 *
 * Opening a database probes it for damage (the ends of every table; for
 * writing, and for small databases, Xapian's full check): a damaged one
 * gives PDX_ECORRUPT with "database X is damaged: ...".  Its papers can be
 * read again from the files it was ingested from.
 * ====================================================================== */

/** One input file a database was ingested from. */
typedef struct pdx_source {
    char *path;   /**< its real path when it was read */
    char *reader; /**< the reader that read it ("jsonl", "listing", ...) */
} pdx_source;

/** The input files the database in directory `path` records (the state
 *  an ingest keeps to resume and to skip unchanged files), read from its
 *  tables when they can be read, else from the list an ingest writes
 *  beside them; in the order they were first read (as far as that list
 *  knows it).  Standard input is never recorded.
 *  @param[out] out    the sources, owned by the caller (pdx_sources_free);
 *                     NULL on failure
 *  @param[out] n_out  how many
 *  @param[out] errmsg on failure a message (caller frees); may be NULL
 *  @return PDX_OK; PDX_ENOTFOUND (no database there); PDX_ECORRUPT or
 *          PDX_EDB (neither record can be read); PDX_ENOMEM */
pdx_status pdx_db_sources(pdx_source **out, size_t *n_out, const char *path, char **errmsg);

/** Frees what pdx_db_sources() returned.  Accepts NULL. */
void pdx_sources_free(pdx_source *v, size_t n);

/** Puts the database in directory `fresh` in the place of the one at
 *  `path`, in one rename where the file system can exchange two
 *  directories (else two; the old one is put back if the second fails),
 *  then removes the old one.
 *  @param[out] errmsg on failure a message (caller frees); may be NULL
 *  @return PDX_OK or PDX_EIO (nothing changed) */
pdx_status pdx_db_replace(const char *path, const char *fresh, char **errmsg);

#ifdef __cplusplus
}
#endif
#endif /* PAPERDEX_H */
