/*
 * ingest.c — the ingest driver: inputs → readers → records → merge → store.
 *
 * Inputs are expanded first (directories walked recursively in name order,
 * symlink loops cut by remembering each directory's device and inode), so
 * the total size is known for progress.  Each file's shape is sniffed from
 * its first bytes unless --format forces one.  Readers with a prescan
 * (the page readers, which learn which lines are site template from all
 * pages together, and the listing reader, which learns authors' names)
 * then see every one of their files before any file is read; standard input, which cannot be read twice, is then spooled to a
 * temporary file.  Records are finished (ids, years, derived titles) and
 * then either stored through the store, which merges them with the
 * database and commits every `batch` records, or — with no database —
 * merged in memory and handed to the caller at the end.
 *
 * With two jobs, the records flow through a pipeline (pipeline.c), or,
 * into a new database, through two shards (shards.c); with N jobs into a
 * sharded database, to N writers of its shards at once (fanout.c).  The driver's other
 * concerns live beside it too (driver.h lists them): the input walk
 * (walk.c), the in-memory merge of parse mode (memory.c) and the per-file
 * state that lets an ingest resume (resume.c).  Every database call goes
 * through the store.
 *
 * Failures are contained at the smallest unit: a bad line or entry is
 * reported and skipped by the reader, a file that cannot be read is
 * reported and the next file is read.  Only a database error stops the
 * run, and what was committed before it stays.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest/driver.h"
#include "text/text.h"

/* Commits every 2,000 papers.  Xapian buffers a batch's postings in
 * std::maps, one per term keyed by document, whose walks miss the cache
 * more the bigger they grow: 2,000-paper batches ingested 15-21% faster
 * than 10,000 (Xapian's own flush threshold) at 20k, 50k and 150k papers,
 * the extra flushes included, and hold less memory. */
#define DEFAULT_BATCH 2000

pdx_status pdx_ingest__fail(pdx_ingest *ing, pdx_status st, const char *fmt, ...) {
    pdx_status ms = PDX_OK;
    pdx_buf__clear(&ing->err);
    va_list ap;
    va_start(ap, fmt);
    pdx_buf__vprintf(&ms, &ing->err, fmt, ap);
    va_end(ap);
    return st;
}

void pdx_ingest__diag(pdx_ingest *ing, const char *where, const char *msg) {
    if (!ing->opts.on_diag)
        return;
    pdx_read__stderr_lock(); /* see bibtex.c */
    ing->opts.on_diag(where, msg, ing->opts.payload);
    pdx_read__stderr_unlock();
}

/* Counts an input that could not be read, or gave nothing, and keeps its
 * path and the reason for the summary.  Out of memory only loses the name:
 * the count stays right. */
void pdx_ingest__input_failed(pdx_ingest *ing, const char *path, const char *why) {
    ing->sum.files_failed++;
    if (ing->n_failed == ing->cap_failed) {
        size_t cap = ing->cap_failed ? ing->cap_failed * 2 : 8;
        char **p = realloc(ing->failed_path, cap * sizeof *p);
        if (!p)
            return;
        ing->failed_path = p;
        char **w = realloc(ing->failed_why, cap * sizeof *w);
        if (!w)
            return;
        ing->failed_why = w;
        ing->cap_failed = cap;
    }
    char *dp = pdx_strndup(path, strlen(path)), *dw = pdx_strndup(why, strlen(why));
    if (!dp || !dw) {
        free(dp);
        free(dw);
        return;
    }
    ing->failed_path[ing->n_failed] = dp;
    ing->failed_why[ing->n_failed] = dw;
    ing->n_failed++;
}

size_t pdx_ingest_failed_count(const pdx_ingest *ing) { return ing ? ing->n_failed : 0; }

const char *pdx_ingest_failed(const pdx_ingest *ing, size_t i, const char **why) {
    if (why)
        *why = NULL;
    if (!ing || i >= ing->n_failed)
        return NULL;
    if (why)
        *why = ing->failed_why[i];
    return ing->failed_path[i];
}

pdx_status pdx_ingest_new(pdx_ingest **out, pdx_db *db, const pdx_ingest_opts *opts) {
    *out = NULL;
    pdx_ingest *ing = calloc(1, sizeof *ing);
    if (!ing)
        return PDX_ENOMEM;
    if (opts)
        ing->opts = *opts;
    if (!ing->opts.batch)
        ing->opts.batch = DEFAULT_BATCH;
    ing->db = db;
    pdx_status st = PDX_OK;
    if (ing->opts.format && !(ing->forced = pdx_reader__find(ing->opts.format)))
        st = PDX_EINVAL;
    if (!st && ing->opts.field_map) {
        char *why = NULL;
        st = pdx_fieldmap__parse(&ing->fields, ing->opts.field_map, &why);
        free(why);
    }
    if (!st && db)
        st = pdx_store__new(&ing->store, db);
    if (st) {
        pdx_ingest_free(ing);
        return st;
    }
    *out = ing;
    return PDX_OK;
}

void pdx_ingest_free(pdx_ingest *ing) {
    if (!ing)
        return;
    pdx_ingest__pipe_stop(ing);
    pdx_ingest__fan_stop(ing);
    pdx_store__free(ing->store);
    for (size_t i = 0; i < ing->n_args; i++)
        free(ing->args[i]);
    free(ing->args);
    for (size_t i = 0; i < ing->n_recs; i++)
        pdx_paper_free(ing->recs[i]);
    free(ing->recs);
    pdx_map__free(&ing->keys);
    pdx_map__free(&ing->know.given);
    pdx_map__free(&ing->know.surname);
    pdx_map__free(&ing->know.page_lines);
    pdx_map__free(&ing->know.pages);
    pdx_input__close(ing->stdin_in);
    if (ing->spool)
        fclose(ing->spool);
    pdx_fieldmap__free(&ing->fields);
    pdx_ingest__state_clear(&ing->cur);
    for (size_t i = 0; i < ing->n_failed; i++) {
        free(ing->failed_path[i]);
        free(ing->failed_why[i]);
    }
    free(ing->failed_path);
    free(ing->failed_why);
    for (size_t i = 0; i < ing->n_uncl; i++) {
        free(ing->uncl[i].path);
        free(ing->uncl[i].runs);
    }
    free(ing->uncl);
    pdx_buf__free(&ing->formats);
    pdx_buf__free(&ing->err);
    free(ing);
}

void pdx_ingest__set_weights(pdx_ingest *ing, const pdx_store_weights *w) {
    if (ing->store)
        pdx_store__set_weights(ing->store, w);
}

const char *pdx_ingest_errmsg(const pdx_ingest *ing) { return pdx_buf__str(&ing->err); }

/* A path that cannot be read is queued too: pdx_ingest_run() names it and
 * still reads the others (a missing file must not cost the good ones). */
pdx_status pdx_ingest_add(pdx_ingest *ing, const char *path) {
    if (ing->n_args == ing->cap_args) {
        size_t cap = ing->cap_args ? ing->cap_args * 2 : 8;
        char **a = realloc(ing->args, cap * sizeof *a);
        if (!a)
            return PDX_ENOMEM;
        ing->args = a;
        ing->cap_args = cap;
    }
    if (!(ing->args[ing->n_args] = pdx_strndup(path, strlen(path))))
        return PDX_ENOMEM;
    ing->n_args++;
    return PDX_OK;
}

const pdx_ingest_summary *pdx_ingest_summary_get(const pdx_ingest *ing) { return &ing->sum; }

/* ---- records ----------------------------------------------------------------- */

static void report(pdx_read_ctx *ctx, size_t line, const char *msg) {
    pdx_ingest *ing = ctx->driver;
    char where[4096];
    if (line)
        snprintf(where, sizeof where, "%s:%zu", ctx->file, line);
    else
        snprintf(where, sizeof where, "%s", ctx->file);
    ing->sum.skipped++;
    if (line)
        pdx_read__note(ctx, line, PDX_ROLE_SKIPPED, NULL, msg);
    pdx_ingest__diag(ing, where, msg);
}

/* Takes ownership of p. */
static pdx_status handle(pdx_ingest *ing, pdx_paper *p, const pdx_reader *rd, pdx_paper_fn fn,
                         void *payload, int *stop) {
    pdx_status st = PDX_OK;
    if (!p->format)
        pdx_paper__set_format(&st, p, rd->name);
    if (!st)
        st = pdx_paper__finish(p);
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    ing->sum.records++;
    bool merged = false;
    if (ing->pipe) {
        /* merges are counted by the writer (pipe_stop) */
        if (fn && fn(p, payload))
            *stop = 1;
        st = pdx_ingest__pipe_push(ing, p);
    } else if (ing->fan) {
        if (fn && fn(p, payload))
            *stop = 1;
        st = pdx_ingest__fan_push(ing, p); /* merges counted by the writers */
    } else if (ing->store) {
        if (fn && fn(p, payload))
            *stop = 1;
        st = pdx_store__put(&merged, ing->store, p);
        pdx_paper_free(p);
        if (st)
            return pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(ing->db));
        ing->cur.records++;
        if (++ing->since_commit >= ing->opts.batch && (st = pdx_ingest__commit(ing)))
            return st;
    } else {
        st = pdx_ingest__keep(ing, p, &merged);
    }
    if (merged)
        ing->sum.merged++;
    else
        ing->sum.added++;
    return st;
}

static void progress(pdx_ingest *ing, pdx_input *in) {
    if (!ing->opts.on_progress)
        return;
    uint64_t off = in ? pdx_input__offset(in) : 0; /* zlib reads ahead: clamp to the part */
    if (ing->part_to && off > ing->part_to)
        off = ing->part_to;
    uint64_t done = ing->bytes_before + (off > ing->part_from ? off - ing->part_from : 0);
    pdx_read__stderr_lock(); /* see bibtex.c */
    ing->opts.on_progress(done, ing->bytes_total, ing->sum.records, ing->opts.payload);
    pdx_read__stderr_unlock();
}

size_t pdx_ingest__reader_index(const pdx_reader *rd) {
    for (size_t i = 0; pdx_readers[i]; i++)
        if (pdx_readers[i] == rd)
            return i;
    return 0;
}

bool pdx_ingest__is_stdin(const input_file *f) { return strcmp(f->path, "-") == 0; }

/* Opens a file for one pass.  Standard input is opened once, at sniffing,
 * and then handed out (kept open) or reopened from its spool. */
static pdx_status open_input(pdx_ingest *ing, const input_file *f, pdx_input **out,
                             char **errmsg) {
    *out = NULL;
    *errmsg = NULL;
    if (f->part)
        return pdx_input__open_range(out, f->path, f->from, f->to, f->line0, errmsg);
    if (!pdx_ingest__is_stdin(f))
        return pdx_input__open(out, f->path, errmsg);
    if (ing->spool)
        return pdx_input__open_fd(out, fileno(ing->spool), f->path, errmsg);
    if (ing->stdin_in) {
        *out = ing->stdin_in;
        ing->stdin_in = NULL;
        return PDX_OK;
    }
    return pdx_input__open(out, f->path, errmsg);
}

/* A file that could not be opened: reported, counted. */
static pdx_status open_failed(pdx_ingest *ing, const input_file *f, pdx_status st, char *errmsg,
                              pdx_status *file_st) {
    pdx_ingest__diag(ing, f->path, errmsg ? errmsg : pdx_status_str(st));
    pdx_ingest__input_failed(ing, f->path, errmsg ? errmsg : pdx_status_str(st));
    free(errmsg);
    *file_st = st;
    return st == PDX_ENOMEM ? st : PDX_OK;
}

/* Copies what is left of standard input to a temporary file, so that the
 * prescan and the reader can both read it. */
static pdx_status spool_stdin(pdx_ingest *ing, pdx_input *in, const input_file *f) {
    ing->spool = tmpfile();
    pdx_status st = ing->spool ? pdx_input__spool(in, fileno(ing->spool)) : PDX_EIO;
    if (!st && fflush(ing->spool) != 0)
        st = PDX_EIO;
    if (st) {
        char msg[256];
        snprintf(msg, sizeof msg, "cannot buffer standard input: %s", strerror(errno));
        pdx_ingest__diag(ing, f->path, msg);
        if (ing->spool)
            fclose(ing->spool);
        ing->spool = NULL;
    }
    return st;
}

/* Binary data, not text with a few bad bytes: more than one character in
 * ten is a NUL, another control character or not UTF-8.  (A text file with
 * a stray NUL or a Latin-1 letter is text; its lines are reported or
 * repaired by the reader.) */
static bool looks_binary(const char *s, size_t n) {
    size_t chars = 0, bad = 0, i = 0;
    while (i < n) {
        uint32_t uc;
        int len = pdx_text__decode(s + i, n - i, &uc);
        bool invalid = uc == 0xFFFD && len == 1 && !(n - i >= 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0);
        /* a sequence cut by the end of the head is not bad */
        if (invalid && n - i < 4 && (unsigned char)s[i] >= 0xC0)
            break;
        bad += invalid || (uc < 0x20 && uc != '\t' && uc != '\n' && uc != '\r' && uc != '\f');
        chars++;
        i += (size_t)len;
    }
    return chars && bad * 10 > chars;
}

/* Sniffs the head, with lone-CR line ends (old Mac files) turned into LF
 * first: the sniffers look for line shapes, and such a file would be one
 * long line to them.  The reader's input layer splits on CR itself. */
static const pdx_reader *sniff_text(const char *head, size_t n, const char *path) {
    const char *cr = memchr(head, '\r', n);
    if (!cr || (cr + 1 < head + n && cr[1] == '\n'))
        return pdx_reader__sniff(head, n, path);
    char *copy = pdx_strndup(head, n);
    if (!copy)
        return pdx_reader__sniff(head, n, path);
    for (size_t i = 0; i < n; i++)
        if (copy[i] == '\r' && (i + 1 == n || copy[i + 1] != '\n'))
            copy[i] = '\n';
    const pdx_reader *rd = pdx_reader__sniff(copy, n, path);
    free(copy);
    return rd;
}

/* Sniffs a file's head into *out; NULL, or why the file cannot be read
 * (*out is then NULL). */
static const char *unreadable(const pdx_reader **out, const char *head, size_t n,
                              const char *path) {
    *out = NULL;
    if (n == 0 || strspn(head, " \t\r\n") == n)
        /* named, it is an input that gave nothing, like one of no known
         * shape: exit 3 (docs/bad-input.md) */
        return "empty file; nothing to read";
    if (looks_binary(head, n))
        return "binary data, not text; skipped";
    if (!(*out = sniff_text(head, n, path)))
        return "not a known format; skipped (use --format to choose a reader)";
    return NULL;
}

/* Decides a file's shape (f->rd): forced, or sniffed from its first
 * bytes.  Empty, binary and unknown files are reported and left with
 * f->rd NULL.  Returns PDX_ENOMEM (which stops the run) or PDX_OK; a file
 * that cannot be read sets *file_st. */
static pdx_status sniff_file(pdx_ingest *ing, input_file *f, pdx_status *file_st) {
    *file_st = PDX_OK;
    f->rd = NULL;
    if (pdx_ingest__is_stdin(f) && ing->stdin_taken) {
        pdx_ingest__diag(ing, f->path, "standard input named twice; read once");
        ing->bytes_before += f->size;
        return PDX_OK;
    }
    if (ing->forced && !pdx_ingest__is_stdin(f)) {
        if (f->size == 0 && f->explicit_arg && !f->part) {
            /* as when sniffed: a named input that gives nothing */
            pdx_ingest__diag(ing, f->path, "empty file; nothing to read");
            pdx_ingest__input_failed(ing, f->path, "empty file; nothing to read");
            *file_st = PDX_EINPUT;
            return PDX_OK;
        }
        f->rd = ing->forced;
        return PDX_OK;
    }
    char *errmsg = NULL;
    pdx_input *in = NULL;
    pdx_status st = pdx_input__open(&in, f->path, &errmsg);
    if (st)
        return open_failed(ing, f, st, errmsg, file_st);
    if (pdx_ingest__is_stdin(f))
        ing->stdin_taken = true;
    const char *head;
    size_t n_head;
    const pdx_reader *rd = ing->forced;
    if (pdx_input__head(&head, &n_head, in)) {
        pdx_ingest__diag(ing, f->path, "read error; skipped");
        pdx_ingest__input_failed(ing, f->path, "read error");
        *file_st = PDX_EIO;
        pdx_input__close(in);
        return PDX_OK;
    }
    if (!rd) {
        const char *why = unreadable(&rd, head, n_head, f->path);
        if (why) {
            pdx_ingest__diag(ing, f->path, why);
            if (f->explicit_arg) {
                pdx_ingest__input_failed(ing, f->path, why);
                *file_st = PDX_EINPUT;
            } else {
                ing->sum.files_skipped++;
            }
            pdx_input__close(in);
            ing->bytes_before += f->size;
            return PDX_OK;
        }
    }
    f->rd = rd;
    if (pdx_ingest__is_stdin(f)) {
        if (pdx_reader__prescan(rd)) {
            st = spool_stdin(ing, in, f);
            pdx_input__close(in);
            if (st) {
                f->rd = NULL;
                pdx_ingest__input_failed(ing, f->path, "cannot buffer standard input");
                *file_st = PDX_EIO;
            }
            return PDX_OK;
        }
        ing->stdin_in = in;
        return PDX_OK;
    }
    pdx_input__close(in);
    return PDX_OK;
}

/* Runs the reader's prescan over a file.  Problems are left for reading,
 * which reports them. */
static pdx_status prescan_file(pdx_ingest *ing, const input_file *f) {
    pdx_prescan_fn fn = f->rd ? pdx_reader__prescan(f->rd) : NULL;
    if (!fn)
        return PDX_OK;
    char *errmsg = NULL;
    pdx_input *in = NULL;
    if (open_input(ing, f, &in, &errmsg)) {
        free(errmsg);
        return PDX_OK;
    }
    pdx_read_ctx ctx = {f->path, in, &ing->know, NULL, ing, &ing->fields, NULL};
    pdx_status st = fn(&ctx);
    pdx_input__close(in);
    return st == PDX_ENOMEM ? st : PDX_OK;
}

/* Ends the notes of file f, whose last line read is `last`: tells the
 * caller what each line was taken as (on_explain) and keeps the runs of
 * lines not understood for the summary. */
static pdx_status note_file(pdx_ingest *ing, pdx_notes *notes, const input_file *f, size_t last) {
    if (!notes)
        return PDX_OK;
    pdx_buf runs = PDX_BUF_INIT;
    size_t lines = 0;
    pdx_status st = pdx_notes__finish(notes, last, f->path, ing->opts.on_explain,
                                      ing->opts.payload, &runs, &lines);
    if (!st && lines && ing->n_uncl == ing->cap_uncl) {
        size_t cap = ing->cap_uncl ? ing->cap_uncl * 2 : 8;
        unclassified_file *v = realloc(ing->uncl, cap * sizeof *v);
        if (!v)
            st = PDX_ENOMEM;
        else {
            ing->uncl = v;
            ing->cap_uncl = cap;
        }
    }
    if (!st && lines) {
        unclassified_file *u = &ing->uncl[ing->n_uncl];
        if (!(u->path = pdx_strndup(f->path, strlen(f->path)))) {
            st = PDX_ENOMEM;
        } else {
            u->n_runs = runs.n / (2 * sizeof(size_t));
            u->runs = (size_t *)(void *)pdx_buf__detach(&runs);
            u->lines = lines;
            ing->n_uncl++;
            ing->sum.unclassified += lines;
        }
    }
    pdx_buf__free(&runs);
    return st;
}

size_t pdx_ingest_unclassified_count(const pdx_ingest *ing) { return ing ? ing->n_uncl : 0; }

const char *pdx_ingest_unclassified(const pdx_ingest *ing, size_t i, const size_t **ranges,
                                    size_t *n_ranges, size_t *lines) {
    bool in = ing && i < ing->n_uncl;
    if (ranges)
        *ranges = in ? ing->uncl[i].runs : NULL;
    if (n_ranges)
        *n_ranges = in ? ing->uncl[i].n_runs : 0;
    if (lines)
        *lines = in ? ing->uncl[i].lines : 0;
    return in ? ing->uncl[i].path : NULL;
}

/* Reads one file with its reader.  Returns a database error or
 * PDX_ENOMEM (which stop the run); a file that cannot be read sets
 * *file_st and returns PDX_OK. */
static pdx_status read_file(pdx_ingest *ing, input_file *f, pdx_paper_fn fn, void *payload,
                            pdx_status *file_st, int *stop) {
    *file_st = PDX_OK;
    const pdx_reader *rd = f->rd;
    char *errmsg = NULL;
    pdx_input *in = NULL;
    if (ing->store) {
        bool skip = false;
        pdx_status bs = pdx_ingest__source_begin(ing, f, rd, &skip);
        if (bs)
            return bs;
        if (skip) {
            ing->sum.files_unchanged++;
            ing->bytes_before += f->size;
            progress(ing, NULL);
            return PDX_OK;
        }
    }
    ing->part_from = f->part ? f->from : 0;
    ing->part_to = f->part ? f->to : 0;
    pdx_status st = open_input(ing, f, &in, &errmsg);
    if (st) {
        pdx_ingest__state_clear(&ing->cur);
        if (ing->store)
            pdx_ingest__set_source(ing, NULL);
        return open_failed(ing, f, st, errmsg, file_st);
    }
    ing->sum.files++;
    ing->per_format[pdx_ingest__reader_index(rd)]++;
    pdx_read_ctx ctx = {f->path, in, &ing->know, report, ing, &ing->fields, NULL};
    /* what each line was taken as: always for the readers that decide line
     * by line (their unclassified lines go in the summary), for the others
     * only when explained */
    pdx_notes *notes = NULL;
    bool by_line = pdx_reader__notes_lines(rd);
    if (by_line || ing->opts.on_explain)
        st = pdx_notes__new(&notes, ing->opts.on_explain != NULL, !by_line);
    ctx.notes = notes;
    void *r = NULL;
    if (!st)
        st = rd->open(&r, &ctx);
    uint64_t count = 0;
    while (!st && !*stop) {
        pdx_paper *p = NULL;
        if ((st = rd->next(r, &p)) || !p)
            break;
        pdx_notes__handed(notes, p, p->sources.n ? pdx_paper__sources(p)[0].line : 0);
        st = handle(ing, p, rd, fn, payload, stop);
        if (!st)
            pdx_notes__numbered(notes, ing->store || ing->pipe ? (size_t)ing->sum.records
                                                               : ing->kept_idx + 1);
        if (!st && (++count & 255) == 0)
            progress(ing, in);
    }
    rd->close(r);
    if (!st || st == PDX_EIO || st == PDX_EINPUT) {
        pdx_status ns = note_file(ing, notes, f, pdx_input__lineno(in));
        if (ns)
            st = ns;
    }
    pdx_notes__free(notes);
    if (!st || st == PDX_EIO || st == PDX_EINPUT) {
        pdx_status ds = pdx_ingest__pipe_drain(ing);
        if (!ds)
            ds = pdx_ingest__fan_drain(ing);
        if (ds)
            st = ds;
    }
    f->got = ing->cur.records;
    f->whole = !st && !*stop;
    if (ing->store && (!st || st == PDX_EIO || st == PDX_EINPUT)) {
        pdx_status es = pdx_ingest__source_end(ing, in, !st && !*stop);
        if (!st)
            st = es;
    }
    if (st == PDX_EIO || st == PDX_EINPUT) {
        pdx_ingest__input_failed(ing, f->path, st == PDX_EIO ? "read error; the rest of the file was not read"
                                                 : "malformed; the rest of the file was not read");
        *file_st = st;
        st = PDX_OK;
    }
    ing->bytes_before += f->size;
    progress(ing, NULL);
    pdx_input__close(in);
    return st;
}

/* Reads the files that have a reader, in order, until an error that stops
 * the run or *stop; *first_file_st keeps the first file that failed. */
pdx_status pdx_ingest__read_files(pdx_ingest *ing, input_file *v, size_t n, pdx_paper_fn fn,
                             void *payload, pdx_status *first_file_st, int *stop) {
    pdx_status st = PDX_OK;
    for (size_t i = 0; i < n && !st && !*stop; i++) {
        pdx_status file_st = PDX_OK;
        if (!v[i].rd)
            continue;
        st = read_file(ing, &v[i], fn, payload, &file_st, stop);
        if (file_st && !*first_file_st)
            *first_file_st = file_st;
    }
    return st;
}

static void summarise_formats(pdx_ingest *ing) {
    pdx_status st = PDX_OK;
    pdx_buf__clear(&ing->formats);
    for (size_t i = 0; pdx_readers[i]; i++) {
        if (!ing->per_format[i])
            continue;
        if (ing->formats.n)
            pdx_buf__addc(&st, &ing->formats, ' ');
        pdx_buf__printf(&st, &ing->formats, "%s=%llu", pdx_readers[i]->name,
                        (unsigned long long)ing->per_format[i]);
    }
    ing->sum.formats = pdx_buf__str(&ing->formats);
}


pdx_status pdx_ingest_run(pdx_ingest *ing, pdx_paper_fn on_record, void *payload) {
    file_list fl = {0};
    if (ing->store)
        pdx_db__shard_clear(ing->db);
    pdx_status st = pdx_ingest__expand(ing, &fl);
    pdx_status first_file_st = PDX_OK;
    int stop = 0;
    /* Every file's shape first, then the prescans (which need every page
     * of the ingest before any is read), then the reading. */
    for (size_t i = 0; i < fl.n && !st; i++) {
        pdx_status file_st = PDX_OK;
        st = sniff_file(ing, &fl.v[i], &file_st);
        if (file_st && !first_file_st)
            first_file_st = file_st;
    }
    for (size_t i = 0; i < fl.n && !st; i++)
        st = prescan_file(ing, &fl.v[i]);
    bool sharded = false;
    /* explained, the notes of every file come in order, from one thread */
    if (!st && ing->store && ing->opts.jobs >= 2 && !on_record && !ing->opts.on_explain)
        st = pdx_ingest__shards_run(ing, &fl, &first_file_st, &sharded);
    /* a sharded database: a writer a group of shards, the shards kept */
    if (!st && ing->store && ing->opts.jobs >= 2 && pdx_db_shard_count(ing->db) >= 2)
        st = pdx_ingest__fan_start(ing);
    if (!st && ing->store && ing->opts.jobs >= 2 && !sharded && !ing->fan)
        st = pdx_ingest__pipe_start(ing);
    if (!st && !sharded)
        st = pdx_ingest__read_files(ing, fl.v, fl.n, on_record, payload, &first_file_st, &stop);
    if (ing->pipe) {
        pdx_status ps = pdx_ingest__pipe_stop(ing);
        if (!st)
            st = ps;
    }
    if (ing->store && !sharded) { /* shards_run commits (or fails) on its own */
        pdx_status cst = pdx_ingest__commit(ing);
        if (!st)
            st = cst;
        cst = pdx_ingest__fan_stop(ing);
        if (!st)
            st = cst;
    } else if (!st && !ing->store) {
        for (size_t i = 0; i < ing->n_recs && on_record; i++)
            if (on_record(ing->recs[i], payload))
                break;
    }
    /* the sources beside the tables, for a rebuild of a damaged database,
     * in the order read: a rebuild reads them in that order again, so
     * merged papers keep the id their first record gave them */
    if (ing->store && !st) {
        char **order = calloc(fl.n + 1, sizeof *order);
        size_t n_order = 0;
        for (size_t i = 0; order && i < fl.n; i++)
            if (fl.v[i].rd && !pdx_ingest__is_stdin(&fl.v[i]) &&
                (order[n_order] = realpath(fl.v[i].path, NULL)))
                n_order++;
        if ((st = pdx_db__save_sources(ing->db, (const char *const *)order, n_order)))
            st = pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(ing->db));
        for (size_t i = 0; i < n_order; i++)
            free(order[i]);
        free(order);
    }
    summarise_formats(ing);
    pdx_ingest__files_free(&fl);
    if (!st && (first_file_st || ing->sum.files_failed))
        return pdx_ingest__fail(ing, first_file_st ? first_file_st : PDX_EIO,
                    "%llu input(s) could not be read (see the messages above)",
                    (unsigned long long)ing->sum.files_failed);
    return st;
}
