/*
 * reader.h — the reader interface: one file per input shape, each behind a
 * {name, sniff, open, next, close} table listed in readers.c (as FTS5
 * registers its tokenizers in fts5_tokenize.c).
 *
 * A reader gets a pdx_read_ctx: the input's lines (already checked to be
 * UTF-8, BOM and line endings handled), the file name for sources and
 * messages, and the ingest-wide knowledge shared between files.  It
 * produces pdx_paper records; the driver (ingest.c) finishes, merges and
 * stores them.  Readers never touch the index.
 */
#ifndef PDX_READER_H
#define PDX_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paper.h"
#include "util/buf.h"
#include "util/map.h"

/* ---- input: lines of one file ---------------------------------------- */

typedef struct pdx_input pdx_input;

/** Longest line kept; longer lines are reported and skipped (default). */
#define PDX_INPUT_MAX_LINE (64u << 20)

struct pdx_read_ctx;

/** Opens `path` ("-" = standard input).  gzip-compressed files are read
 *  through zlib transparently.
 *  @param[out] errmsg  on failure, why (caller frees; the caller names the file)
 *  @return PDX_OK, PDX_EIO, PDX_ENOMEM */
pdx_status pdx_input__open(pdx_input **out, const char *path, char **errmsg);
/** Opens an input on a copy of `fd`, rewound to its start: reads a file
 *  (such as standard input spooled by pdx_input__spool) more than once.
 *  `name` is what messages call it.
 *  @return PDX_OK, PDX_EIO, PDX_ENOMEM */
pdx_status pdx_input__open_fd(pdx_input **out, int fd, const char *name, char **errmsg);
/** Opens bytes [from, to) of the plain (not compressed) file `path`, whose
 *  line `line0` + 1 starts at `from`: one shard's part of a file that
 *  `ingest --jobs 2` splits between two (line numbers in messages and
 *  sources stay those of the whole file).
 *  @return PDX_OK, PDX_EIO, PDX_ENOMEM */
pdx_status pdx_input__open_range(pdx_input **out, const char *path, uint64_t from, uint64_t to,
                                 size_t line0, char **errmsg);
/** Writes what is left of the input, decompressed and without a BOM, to
 *  `fd` (standard input that must be read twice goes to a temporary file).
 *  The input is at its end afterwards.
 *  @return PDX_OK or PDX_EIO */
pdx_status pdx_input__spool(pdx_input *in, int fd);
/** Closes the input.  Accepts NULL. */
void pdx_input__close(pdx_input *in);
/** The first bytes of the (decompressed) input, at most 64 KiB, without
 *  consuming them: what sniffing looks at.
 *  @param[out] out, n_out  borrowed until the input is read further */
pdx_status pdx_input__head(const char **out, size_t *n_out, pdx_input *in);
/** Makes pdx_input__line() hand out lines that are not valid UTF-8 instead
 *  of reporting and skipping them (for readers that can repair them, such
 *  as Latin-1 fallbacks). */
void pdx_input__accept_invalid(pdx_input *in, bool yes);
/** The next line, without its end (\n, \r\n or a lone \r), NUL-terminated,
 *  in *out and *n_out, borrowed until the next call; *out is NULL at the end.  Lines that are
 *  not UTF-8, contain NUL bytes, or are longer than the limit are reported
 *  through `ctx` and skipped.
 *  @return PDX_OK, or PDX_EIO when reading failed (reported) */
pdx_status pdx_input__line(const char **out, size_t *n_out, pdx_input *in,
                           struct pdx_read_ctx *ctx);
/** 1-based number of the line last returned (0 before the first). */
size_t pdx_input__lineno(const pdx_input *in);
/** Bytes of the underlying file consumed so far (compressed bytes for .gz). */
uint64_t pdx_input__offset(const pdx_input *in);
/** Size of the underlying file, 0 when unknown (a pipe). */
uint64_t pdx_input__size(const pdx_input *in);
/** The 64-bit FNV-1a hash of the (decompressed) content read so far;
 *  true when that is the whole content (the end was reached). */
bool pdx_input__content_hash(uint64_t *out, const pdx_input *in);
/** Reads the rest of the input, discarding it, and gives the hash of the
 *  whole content.  @return PDX_OK or PDX_EIO */
pdx_status pdx_input__hash_rest(uint64_t *out, pdx_input *in);

/* ---- what readers share within one ingest ----------------------------- */

/** Knowledge gathered across the files of one ingest. */
typedef struct pdx_ingest_knowledge {
    pdx_map given;   /* folded given names seen in author lists → count */
    pdx_map surname; /* folded surnames seen in author lists → count */
    /* Filled by the prescan of page readers before any file is read: */
    pdx_map page_lines; /* hashes of two neighbouring non-blank lines (16 bytes) → pages
                           holding the pair (page.c) */
    pdx_map pages;      /* hash of a whole page → 1, so a page given twice counts once */
} pdx_ingest_knowledge;

/** What a reader is given. */
typedef struct pdx_read_ctx {
    const char *file;           /* the path as the user gave it (for sources) */
    pdx_input *in;
    pdx_ingest_knowledge *know; /* shared by every file of the ingest */
    /* Reports a problem at `line` (0: the whole file) and counts it as a
     * skipped entry.  Set by the driver. */
    void (*report)(struct pdx_read_ctx *ctx, size_t line, const char *msg);
    void *driver;               /* the driver's own state */
    const struct pdx_fieldmap *fields; /* --field-map (fields.h), or NULL */
    struct pdx_notes *notes;    /* what each line was taken as (explain.c), or
                                   NULL: nobody asks */
} pdx_read_ctx;

/** printf-style report through ctx->report. */
void pdx_read__report(pdx_read_ctx *ctx, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/** Records a name seen in an author list in the shared knowledge. */
pdx_status pdx_read__learn_name(pdx_read_ctx *ctx, const char *name, size_t n);

/* ---- what each line was taken as (explain.c) ---------------------------- */

/* A reader that decides line by line (the page readers) notes each line
 * when it decides what the line is, with the record the line went to:
 * `parse --explain` prints the notes and the ingest summary reports the
 * lines left unclassified.  The notes come from the decisions themselves,
 * never from a second reading.  A line may be noted more than once: the
 * last note wins (a title whose entry is later dropped becomes
 * unclassified).  `p` is a record the reader has not handed out yet, or
 * NULL; `reason` is copied.  Every call does nothing when ctx->notes is
 * NULL, and accepts a NULL ctx (unit tests of page helpers). */

/** Notes that `line` was taken as `role` (a pdx_line_role) for record `p`. */
void pdx_read__note(pdx_read_ctx *ctx, size_t line, pdx_line_role role, const pdx_paper *p,
                    const char *reason);
/** Record `p` is dropped before it is handed out (an entry that turned out
 *  not to be a paper): its lines become unclassified, for `reason`. */
void pdx_read__note_drop(pdx_read_ctx *ctx, const pdx_paper *p, const char *reason);
/** Record `from` was merged into `to` (both not handed out yet) and is
 *  freed: its lines go to `to`. */
void pdx_read__note_join(pdx_read_ctx *ctx, const pdx_paper *from, const pdx_paper *to);

/* ---- the reader table -------------------------------------------------- */

typedef struct pdx_reader {
    const char *name;        /* "listing", "jsonl", ... (--format) */
    const char *description; /* one line for --help */
    /** How sure the reader is that `head` (the first bytes of a file) is its
     *  shape: 0 not at all .. 100 certain. `path` helps with extensions. */
    int (*sniff)(const char *head, size_t n, const char *path);
    /** Starts reading; sets *out on every path (NULL on failure) and frees
     *  its own half-built state. */
    pdx_status (*open)(void **out, pdx_read_ctx *ctx);
    /** The next record (owned by the caller), or *out = NULL at the end.
     *  Malformed entries are reported through the ctx and skipped inside;
     *  an error return ends the file (PDX_EIO, PDX_ENOMEM). */
    pdx_status (*next)(void *r, pdx_paper **out);
    /** Frees the reader.  Accepts NULL. */
    void (*close)(void *r);
} pdx_reader;

/** A reader's optional first pass over a file: the driver calls it for
 *  every file the reader will read, before reading any, so that knowledge
 *  that needs all pages of the ingest (lines repeated across pages are
 *  site chrome) is complete when reading starts.  Reports are not shown
 *  (the file is read again); it returns PDX_OK, PDX_EIO or PDX_ENOMEM.
 *  Kept out of pdx_reader so that readers that need none are unchanged. */
typedef pdx_status (*pdx_prescan_fn)(pdx_read_ctx *ctx);

/** The listing reader's prescan: learns the names of its author lists. */
pdx_status pdx_listing__prescan(pdx_read_ctx *ctx);

/** True when `rd` notes every line it reads (pdx_read__note): its
 *  unclassified lines are counted in every ingest, not only explained. */
bool pdx_reader__notes_lines(const pdx_reader *rd);

/** The prescan of `rd`, or NULL when it has none. */
pdx_prescan_fn pdx_reader__prescan(const pdx_reader *rd);

/** Every reader, NULL-terminated, in sniffing priority order. */
extern const pdx_reader *const pdx_readers[];

/** The reader called `name`, or NULL. */
const pdx_reader *pdx_reader__find(const char *name);

/** The reader most sure about `head`, or NULL when none is (score < 20). */
const pdx_reader *pdx_reader__sniff(const char *head, size_t n, const char *path);

#endif
