/*
 * driver.h — what the files of the ingest driver share (not public).
 *
 * The driver is ingest.c; its concerns live beside it: walk.c expands the
 * inputs, memory.c merges records in memory when there is no database,
 * pipeline.c is the writer thread of --jobs 2, fanout.c the writer threads
 * of --jobs N into a sharded database, resume.c the per-file state that
 * lets an ingest skip what it has read, and shards.c the two-shard ingest
 * into a new plain database.  None of them speaks to the index: every
 * database call goes through the store (store.h).
 */
#ifndef PDX_INGEST_DRIVER_H
#define PDX_INGEST_DRIVER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "db.h"
#include "ingest/fields.h"
#include "ingest/ingest.h"
#include "ingest/reader.h"
#include "paper.h"
#include "schema.h"
#include "store.h"

#define MAX_READERS 32

typedef struct input_file {
    char *path;
    uint64_t size;         /* of a part: its bytes */
    bool explicit_arg;     /* named by the user, not found in a directory */
    const pdx_reader *rd;  /* the shape sniffed (or forced); NULL: not read */
    /* One shard's part of a file split between the two (see shards.c):
     * bytes [from, to), starting after line line0.  Its state is recorded
     * once both parts are in. */
    bool part;
    uint64_t from, to;
    size_t line0;
    uint64_t got;          /* records read from the part */
    bool whole;            /* the part was read to its end */
} input_file;

/* The inputs to read, in reading order. */
typedef struct file_list {
    input_file *v;
    size_t n, cap;
    struct { dev_t dev; ino_t ino; } *seen; /* directories walked */
    size_t n_seen, cap_seen;
} file_list;

/* What the database remembers of an input file, so that an ingest that
 * was interrupted, or is run again, reads only what it has to.  Stored as
 * metadata "pdx.src.<key>" (key: 16 hex digits of the hash of the file's
 * real path) in the same commit as the file's records, so the two always
 * agree:
 *   "1 SIZE MTIME_S MTIME_NS HASH RECORDS done|partial READER REALPATH"
 * A file whose state is done, with the same size, time and reader, is
 * skipped; touched but with the same content hash, too.  A partial one
 * (interrupted) is read again: merging makes that idempotent.  A changed
 * one first has its old papers taken back (pdx_store__forget_source). */
typedef struct source_state {
    bool active;          /* a file is being read into the database */
    char key[PDX_HASH_KEY + 1];
    char *real;           /* realpath() of the file */
    uint64_t size;
    long long mtime_s, mtime_ns;
    uint64_t hash;
    uint64_t records;     /* records read from it so far */
    bool done;
    char reader[32];
} source_state;

/* An input with lines not understood (pdx_ingest_unclassified). */
typedef struct unclassified_file {
    char *path;
    size_t *runs;   /* pairs: first and last line of each run */
    size_t n_runs;
    size_t lines;
} unclassified_file;

/* The writer thread of --jobs 2 (pipeline.c). */
typedef struct pipeline pipeline;
/* The writer threads of --jobs N into a sharded database (fanout.c). */
typedef struct fanout fanout;

struct pdx_ingest {
    pdx_db *db;
    pdx_store *store;
    pdx_ingest_opts opts;
    const pdx_reader *forced;
    char **args;
    size_t n_args, cap_args;
    pdx_ingest_summary sum;
    uint64_t per_format[MAX_READERS];
    pdx_buf formats;
    pdx_buf err;
    pdx_ingest_knowledge know;
    pdx_fieldmap fields; /* opts.field_map parsed */
    /* parse mode: records merged in memory, keyed by their merge keys */
    pdx_paper **recs;
    size_t n_recs, cap_recs;
    pdx_map keys;
    /* progress */
    uint64_t bytes_total, bytes_before; /* all inputs / finished files */
    unsigned since_commit;
    pipeline *pipe;          /* --jobs 2, while running */
    fanout *fan;             /* --jobs N into a sharded database, while running */
    uint64_t part_from, part_to; /* the part being read: its bytes (to 0: a whole file) */
    source_state cur;     /* the file being read into the database */
    /* standard input: kept open from sniffing to reading, or spooled to a
     * temporary file when it must be read twice (prescan) */
    pdx_input *stdin_in;
    FILE *spool;
    bool stdin_taken;
    /* inputs that failed, for the summary (pdx_ingest_failed): path and
     * why, both owned */
    char **failed_path, **failed_why;
    size_t n_failed, cap_failed;
    /* inputs with lines not understood, for the summary */
    unclassified_file *uncl;
    size_t n_uncl, cap_uncl;
    size_t kept_idx; /* parse mode: where pdx_ingest__keep put the last record */
};

/* ---- explain.c: what each line of a file was taken as ---- */
typedef struct pdx_notes pdx_notes;
/** New notes for one file.  `keep`: every note with its reason (explain);
 *  else only what the count of unclassified lines needs.  `by_record`: the
 *  reader notes nothing itself, its lines are described by the records
 *  handed out (pdx_notes__handed).
 *  @return PDX_OK or PDX_ENOMEM (*out NULL) */
pdx_status pdx_notes__new(pdx_notes **out, bool keep, bool by_record);
/** Frees the notes.  Accepts NULL. */
void pdx_notes__free(pdx_notes *ns);
/** Record `p` is being handed out; `line` is where it starts in the file
 *  (by_record notes).  Called before the driver merges or frees `p`; its
 *  number follows (pdx_notes__numbered).  Accepts NULL ns. */
void pdx_notes__handed(pdx_notes *ns, const pdx_paper *p, size_t line);
/** The record last handed out is record number `index` (1-based). */
void pdx_notes__numbered(pdx_notes *ns, size_t index);
/** True when a note could not be kept (out of memory). */
bool pdx_notes__failed(const pdx_notes *ns);
/** Ends a file whose last line read is `last`: with `keep`, calls `fn`
 *  (may be NULL) for every line from 1 on, in order; appends the runs of
 *  unclassified lines to `runs` as pairs of size_t (first, last) and
 *  counts them in *lines.  Accepts NULL ns (nothing to say).
 *  @return PDX_OK or PDX_ENOMEM */
pdx_status pdx_notes__finish(pdx_notes *ns, size_t last, const char *file, pdx_explain_fn fn,
                             void *payload, pdx_buf *runs, size_t *lines);

/* ---- ingest.c ---- */
/** Sets the ingest's message; returns st. */
pdx_status pdx_ingest__fail(pdx_ingest *ing, pdx_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/** Tells the caller's on_diag, if any. */
void pdx_ingest__diag(pdx_ingest *ing, const char *where, const char *msg);
/** Counts an input that could not be read and keeps why, for the summary. */
void pdx_ingest__input_failed(pdx_ingest *ing, const char *path, const char *why);
/** The position of rd in pdx_readers (0 when not there). */
size_t pdx_ingest__reader_index(const pdx_reader *rd);
/** Whether f is standard input ("-"). */
bool pdx_ingest__is_stdin(const input_file *f);
/** Reads the files that have a reader, in order, until an error that stops
 *  the run or *stop; *first_file_st keeps the first file that failed. */
pdx_status pdx_ingest__read_files(pdx_ingest *ing, input_file *v, size_t n, pdx_paper_fn fn,
                                  void *payload, pdx_status *first_file_st, int *stop);

/* ---- bibtex.c ---- */
/** Held while stderr is captured from btparse: the ingest calls its
 *  caller's callbacks under it, so that what they print goes to the real
 *  stderr.  Never taken by a reader, so never held twice. */
void pdx_read__stderr_lock(void);
void pdx_read__stderr_unlock(void);

/* ---- walk.c ---- */
/** Appends a copy of path to fl. */
pdx_status pdx_ingest__files_push(file_list *fl, const char *path, uint64_t size,
                                  bool explicit_arg);
/** Frees fl's contents (not fl). */
void pdx_ingest__files_free(file_list *fl);
/** Expands the ingest's arguments into fl, directories walked in name
 *  order; adds their sizes to ing->bytes_total. */
pdx_status pdx_ingest__expand(pdx_ingest *ing, file_list *fl);

/* ---- memory.c ---- */
/** Merges p with the records kept in memory (no database) or keeps it.
 *  Takes ownership of p. */
pdx_status pdx_ingest__keep(pdx_ingest *ing, pdx_paper *p, bool *merged);

/* ---- pipeline.c ---- */
pdx_status pdx_ingest__pipe_start(pdx_ingest *ing);
/** Waits until the writer has stored everything queued. */
pdx_status pdx_ingest__pipe_drain(pdx_ingest *ing);
/** Ends the writer and frees the pipeline; safe when there is none. */
pdx_status pdx_ingest__pipe_stop(pdx_ingest *ing);
/** Builds p's document and queues both for the writer; takes p. */
pdx_status pdx_ingest__pipe_push(pdx_ingest *ing, pdx_paper *p);
/** The store that builds documents for the writer, or NULL. */
pdx_store *pdx_ingest__pipe_builder(const pdx_ingest *ing);

/* ---- fanout.c ---- */
/** Starts the writers of a sharded database (min(jobs, shards) of them)
 *  and fills their key map; on failure nothing is left running. */
pdx_status pdx_ingest__fan_start(pdx_ingest *ing);
/** Routes p to its writer, builds its document and queues both; commits
 *  everything every `batch` records a writer.  Takes p. */
pdx_status pdx_ingest__fan_push(pdx_ingest *ing, pdx_paper *p);
/** Waits until the writers have stored everything queued. */
pdx_status pdx_ingest__fan_drain(pdx_ingest *ing);
/** Commits: every writer at once, then the waiting file states and the
 *  current file's (partial) state on shard 0. */
pdx_status pdx_ingest__fan_sync(pdx_ingest *ing);
/** Ends the writers (without committing) and frees them; safe when there
 *  are none.  Adds their merge counts to the summary. */
pdx_status pdx_ingest__fan_stop(pdx_ingest *ing);
/** Keeps a file state until the next sync (no state may be committed
 *  before every writer has committed the papers it claims). */
pdx_status pdx_ingest__fan_state(pdx_ingest *ing, const char *key, const char *v, size_t n);
/** The state waiting for `key` (NUL-terminated, length in *n), or NULL. */
const char *pdx_ingest__fan_pending(const pdx_ingest *ing, const char *key, size_t *n);
/** Sets the current input's key on the writers' and the builder's stores. */
void pdx_ingest__fan_set_source(pdx_ingest *ing, const char *key);

/* ---- resume.c ---- */
void pdx_ingest__set_source(pdx_ingest *ing, const char *key);
void pdx_ingest__state_clear(source_state *s);
/** Commits what is stored with the state of the file being read. */
pdx_status pdx_ingest__commit(pdx_ingest *ing);
/** Decides what f needs before it is read (sets *skip when unchanged). */
pdx_status pdx_ingest__source_begin(pdx_ingest *ing, const input_file *f, const pdx_reader *rd,
                                    bool *skip);
/** Marks the file just read as done or partial. */
pdx_status pdx_ingest__source_end(pdx_ingest *ing, pdx_input *in, bool whole);
/** Records the state of a file read in two parts a and b. */
pdx_status pdx_ingest__part_state(pdx_ingest *ing, const input_file *a, const input_file *b);

/* ---- shards.c ---- */
/** --jobs 2 into a new database; *done false when it does not apply. */
pdx_status pdx_ingest__shards_run(pdx_ingest *ing, const file_list *fl, pdx_status *first_file_st,
                                  bool *done);

#endif
