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
 * With two jobs, the records flow through a pipeline: this thread reads,
 * finishes and builds each record's document (tokens, stems, keys: the
 * normalising half), and a writer thread takes them from a bounded queue
 * of PIPE_SLOTS and does the database half (merge look-ups, Xapian's
 * add_document, commits).  One writer, in the order read, so document ids
 * and merges are those of one job.  A record that merges is built again by
 * the writer from the merged record.  The queue is drained at the end of
 * every file, so between files the database is the main thread's again.
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

#include "db.h"
#include "ingest/fields.h"
#include "ingest/reader.h"
#include "paper.h"
#include "schema.h"
#include "store.h"
#include "text/text.h"

/* Commits every 2,000 papers.  Xapian buffers a batch's postings in
 * std::maps, one per term keyed by document, whose walks miss the cache
 * more the bigger they grow: 2,000-paper batches ingested 15-21% faster
 * than 10,000 (Xapian's own flush threshold) at 20k, 50k and 150k papers,
 * the extra flushes included, and hold less memory. */
#define DEFAULT_BATCH 2000
/* Records in flight between the two threads of --jobs 2: enough to ride
 * out the writer's commits' pauses, few enough to bound memory. */
#define PIPE_SLOTS 256
#define MAX_READERS 32

typedef struct input_file {
    char *path;
    uint64_t size;         /* of a part: its bytes */
    bool explicit_arg;     /* named by the user, not found in a directory */
    const pdx_reader *rd;  /* the shape sniffed (or forced); NULL: not read */
    /* One shard's part of a file split between the two (see shards_run):
     * bytes [from, to), starting after line line0.  Its state is recorded
     * once both parts are in. */
    bool part;
    uint64_t from, to;
    size_t line0;
    uint64_t got;          /* records read from the part */
    bool whole;            /* the part was read to its end */
} input_file;

/* The writer half of --jobs 2 (see the top of the file). */
typedef struct pipe_slot {
    pdx_paper *p;   /* owned; freed by the writer */
    pdx_ixdoc *doc; /* the slot's own document, built by the reader */
} pipe_slot;

typedef struct pipeline {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t changed; /* a slot was filled or freed, or done set */
    pipe_slot slot[PIPE_SLOTS];
    size_t head, count;     /* the writer's next slot; slots in use */
    bool done;              /* no more records: the writer ends */
    pdx_status st;          /* the writer's first failure */
    pdx_store *builder;     /* the reader's store (builds only) */
    uint64_t merged;        /* counted by the writer */
} pipeline;
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
    char key[17];
    char *real;           /* realpath() of the file */
    uint64_t size;
    long long mtime_s, mtime_ns;
    uint64_t hash;
    uint64_t records;     /* records read from it so far */
    bool done;
    char reader[32];
} source_state;

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
};

static pdx_status fail(pdx_ingest *ing, pdx_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static pdx_status pipe_stop(pdx_ingest *ing);
static pdx_status commit_batch(pdx_ingest *ing);
static void state_clear(source_state *s);
static bool is_stdin(const input_file *f);

static pdx_status fail(pdx_ingest *ing, pdx_status st, const char *fmt, ...) {
    pdx_status ms = PDX_OK;
    pdx_buf__clear(&ing->err);
    va_list ap;
    va_start(ap, fmt);
    pdx_buf__vprintf(&ms, &ing->err, fmt, ap);
    va_end(ap);
    return st;
}

static void diag(pdx_ingest *ing, const char *where, const char *msg) {
    if (ing->opts.on_diag)
        ing->opts.on_diag(where, msg, ing->opts.payload);
}

/* Counts an input that could not be read, or gave nothing, and keeps its
 * path and the reason for the summary.  Out of memory only loses the name:
 * the count stays right. */
static void input_failed(pdx_ingest *ing, const char *path, const char *why) {
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
    pipe_stop(ing);
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
    state_clear(&ing->cur);
    for (size_t i = 0; i < ing->n_failed; i++) {
        free(ing->failed_path[i]);
        free(ing->failed_why[i]);
    }
    free(ing->failed_path);
    free(ing->failed_why);
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

/* ---- expanding inputs ----------------------------------------------------- */

typedef struct file_list {
    input_file *v;
    size_t n, cap;
    struct { dev_t dev; ino_t ino; } *seen; /* directories walked */
    size_t n_seen, cap_seen;
} file_list;

static pdx_status push_file(file_list *fl, const char *path, uint64_t size, bool explicit_arg) {
    if (fl->n == fl->cap) {
        size_t cap = fl->cap ? fl->cap * 2 : 16;
        input_file *v = realloc(fl->v, cap * sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        fl->v = v;
        fl->cap = cap;
    }
    fl->v[fl->n] = (input_file){0};
    if (!(fl->v[fl->n].path = pdx_strndup(path, strlen(path))))
        return PDX_ENOMEM;
    fl->v[fl->n].size = size;
    fl->v[fl->n].explicit_arg = explicit_arg;
    fl->n++;
    return PDX_OK;
}

static void free_files(file_list *fl) {
    for (size_t i = 0; i < fl->n; i++)
        free(fl->v[i].path);
    free(fl->v);
    free(fl->seen);
}

static int by_name(const struct dirent **a, const struct dirent **b) {
    return strcmp((*a)->d_name, (*b)->d_name);
}

static pdx_status walk(pdx_ingest *ing, file_list *fl, const char *dir, unsigned depth) {
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return PDX_OK;
    for (size_t i = 0; i < fl->n_seen; i++)
        if (fl->seen[i].dev == sb.st_dev && fl->seen[i].ino == sb.st_ino) {
            diag(ing, dir, "directory already visited (symbolic link loop?); skipped");
            return PDX_OK;
        }
    if (depth > 64) {
        diag(ing, dir, "directories nested more than 64 deep; skipped");
        return PDX_OK;
    }
    if (fl->n_seen == fl->cap_seen) {
        size_t cap = fl->cap_seen ? fl->cap_seen * 2 : 16;
        void *s = realloc(fl->seen, cap * sizeof *fl->seen);
        if (!s)
            return PDX_ENOMEM;
        fl->seen = s;
        fl->cap_seen = cap;
    }
    fl->seen[fl->n_seen].dev = sb.st_dev;
    fl->seen[fl->n_seen].ino = sb.st_ino;
    fl->n_seen++;

    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, by_name);
    if (n < 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "cannot read directory: %s", strerror(errno));
        diag(ing, dir, msg);
        input_failed(ing, dir, msg);
        return PDX_OK;
    }
    pdx_status st = PDX_OK;
    pdx_buf path = PDX_BUF_INIT;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (!st && name[0] != '.') {
            pdx_buf__clear(&path);
            pdx_buf__adds(&st, &path, dir);
            if (path.n && path.p[path.n - 1] != '/')
                pdx_buf__addc(&st, &path, '/');
            pdx_buf__adds(&st, &path, name);
            if (!st && stat(path.p, &sb) == 0) {
                if (S_ISDIR(sb.st_mode))
                    st = walk(ing, fl, path.p, depth + 1);
                else if (S_ISREG(sb.st_mode))
                    st = push_file(fl, path.p, (uint64_t)sb.st_size, false);
            } else if (!st) {
                char msg[256];
                snprintf(msg, sizeof msg, "cannot read: %s; skipped", strerror(errno));
                diag(ing, path.p, msg);
                input_failed(ing, path.p, msg);
            }
        }
        free(names[i]);
    }
    free(names);
    pdx_buf__free(&path);
    return st;
}

static pdx_status expand(pdx_ingest *ing, file_list *fl) {
    pdx_status st = PDX_OK;
    for (size_t i = 0; i < ing->n_args && !st; i++) {
        const char *a = ing->args[i];
        struct stat sb;
        if (strcmp(a, "-") == 0)
            st = push_file(fl, a, 0, true);
        else if (stat(a, &sb) != 0) {
            char msg[256];
            snprintf(msg, sizeof msg, "%s", strerror(errno));
            diag(ing, a, msg);
            input_failed(ing, a, msg);
        } else if (S_ISDIR(sb.st_mode))
            st = walk(ing, fl, a, 0);
        else
            st = push_file(fl, a, (uint64_t)sb.st_size, true);
    }
    for (size_t i = 0; i < fl->n; i++)
        ing->bytes_total += fl->v[i].size;
    return st;
}

/* ---- records ----------------------------------------------------------------- */

static void report(pdx_read_ctx *ctx, size_t line, const char *msg) {
    pdx_ingest *ing = ctx->driver;
    char where[4096];
    if (line)
        snprintf(where, sizeof where, "%s:%zu", ctx->file, line);
    else
        snprintf(where, sizeof where, "%s", ctx->file);
    ing->sum.skipped++;
    diag(ing, where, msg);
}

/* The merge keys of a record, for the in-memory merge of parse mode:
 * the same keys the store looks up in the database. */
static pdx_status record_keys(const pdx_paper *p, pdx_buf *keys, size_t *n_keys) {
    pdx_status st = PDX_OK;
    pdx_buf__clear(keys);
    *n_keys = 0;
    pdx_buf__adds(&st, keys, PDX_PFX_ID);
    pdx_buf__adds(&st, keys, pdx_paper_id(p));
    pdx_buf__addc(&st, keys, '\0');
    (*n_keys)++;
    for (size_t i = 0; i < p->ids.n; i++) {
        pdx_buf__adds(&st, keys, PDX_PFX_EXTID);
        pdx_paper__extid_key(&st, keys, &pdx_paper__ids(p)[i]);
        pdx_buf__addc(&st, keys, '\0');
        (*n_keys)++;
    }
    size_t at = keys->n;
    pdx_buf__adds(&st, keys, PDX_PFX_TITLEKEY);
    size_t body = keys->n;
    pdx_paper__title_key(&st, keys, p);
    size_t spaces = 0;
    for (size_t i = body; i < keys->n; i++)
        spaces += keys->p[i] == ' ';
    if (spaces >= 2) {
        pdx_buf__addc(&st, keys, '\0');
        (*n_keys)++;
    } else {
        keys->n = at;
    }
    at = keys->n;
    pdx_buf__adds(&st, keys, PDX_PFX_ABSKEY);
    body = keys->n;
    pdx_paper__abstract_key(&st, keys, p);
    if (keys->n > body) {
        pdx_buf__addc(&st, keys, '\0');
        (*n_keys)++;
    } else {
        keys->n = at;
    }
    return st;
}

static pdx_status keep_in_memory(pdx_ingest *ing, pdx_paper *p, bool *merged) {
    pdx_buf keys = PDX_BUF_INIT;
    size_t n_keys = 0;
    pdx_status st = record_keys(p, &keys, &n_keys);
    size_t idx = 0;
    bool found = false;
    const char *k = keys.p;
    for (size_t i = 0; i < n_keys && !st && !found; i++, k += strlen(k) + 1)
        found = pdx_map__get(&ing->keys, k, strlen(k), &idx) && pdx_paper__same_work(ing->recs[idx], p);
    if (!st && !found && pdx_map__get(&ing->keys, keys.p, strlen(keys.p), &idx)) {
        /* its id is another paper's ("Introduction", 2008 and 2019): the
         * first free "id-N", or the "id-N" that is the same work, as the
         * store does */
        pdx_buf alt = PDX_BUF_INIT, term = PDX_BUF_INIT;
        for (unsigned n = 2; !st; n++) {
            pdx_paper__alt_id(&st, &alt, pdx_paper_id(p), n);
            pdx_buf__clear(&term);
            pdx_buf__adds(&st, &term, PDX_PFX_ID);
            pdx_buf__adds(&st, &term, pdx_buf__str(&alt));
            if (st || !pdx_map__get(&ing->keys, term.p, term.n, &idx))
                break;
            if ((found = pdx_paper__same_work(ing->recs[idx], p)))
                break;
        }
        if (!st && !found)
            p->id = pdx_paper__str(&st, p, alt.p, alt.n);
        if (!st && !found)
            st = record_keys(p, &keys, &n_keys);
        pdx_buf__free(&alt);
        pdx_buf__free(&term);
    }
    *merged = found;
    if (!st && found) {
        st = pdx_paper__merge(ing->recs[idx], p);
        pdx_paper_free(p);
        p = ing->recs[idx];
        if (!st)
            st = record_keys(p, &keys, &n_keys); /* the merged record may have new keys */
    } else if (!st) {
        if (ing->n_recs == ing->cap_recs) {
            size_t cap = ing->cap_recs ? ing->cap_recs * 2 : 64;
            pdx_paper **r = realloc(ing->recs, cap * sizeof *r);
            if (!r)
                st = PDX_ENOMEM;
            else {
                ing->recs = r;
                ing->cap_recs = cap;
            }
        }
        if (!st) {
            idx = ing->n_recs;
            ing->recs[ing->n_recs++] = p;
        } else {
            pdx_paper_free(p);
        }
    } else {
        pdx_paper_free(p);
    }
    k = keys.p;
    for (size_t i = 0; i < n_keys && !st; i++, k += strlen(k) + 1) {
        size_t other;
        if (!pdx_map__get(&ing->keys, k, strlen(k), &other))
            st = pdx_map__put(&ing->keys, k, strlen(k), idx);
    }
    pdx_buf__free(&keys);
    return st;
}

/* ---- the two-job pipeline ------------------------------------------------------ */

static void *writer_main(void *arg) {
    pdx_ingest *ing = arg;
    pipeline *pp = ing->pipe;
    pthread_mutex_lock(&pp->mu);
    for (;;) {
        while (!pp->count && !pp->done)
            pthread_cond_wait(&pp->changed, &pp->mu);
        if (!pp->count)
            break;
        pipe_slot *sl = &pp->slot[pp->head];
        pdx_status failed = pp->st;
        pthread_mutex_unlock(&pp->mu);
        /* after a failure the rest is only freed, never stored */
        bool merged = false;
        pdx_status st = PDX_OK;
        if (!failed) {
            /* ing->cur is the writer's while a file is read: the reader
             * only touches it before and after (pipe_drain) */
            st = pdx_store__put_built(ing->store, sl->p, sl->doc, &merged);
            if (!st)
                ing->cur.records++;
            if (!st && ++ing->since_commit >= ing->opts.batch)
                st = commit_batch(ing);
        }
        pdx_paper_free(sl->p);
        sl->p = NULL;
        pthread_mutex_lock(&pp->mu);
        if (st && !pp->st)
            pp->st = st;
        if (!st && !failed && merged)
            pp->merged++;
        pp->head = (pp->head + 1) % PIPE_SLOTS;
        pp->count--;
        pthread_cond_broadcast(&pp->changed);
    }
    pthread_mutex_unlock(&pp->mu);
    return NULL;
}

/* Waits until the writer has stored everything queued; its failure, if
 * any, becomes the ingest's (with the database's message). */
static pdx_status pipe_drain(pdx_ingest *ing) {
    pipeline *pp = ing->pipe;
    if (!pp)
        return PDX_OK;
    pthread_mutex_lock(&pp->mu);
    while (pp->count)
        pthread_cond_wait(&pp->changed, &pp->mu);
    pdx_status st = pp->st;
    pthread_mutex_unlock(&pp->mu);
    return st ? fail(ing, st, "%s", pdx_db_errmsg(ing->db)) : PDX_OK;
}

/* Ends the writer (after it has stored what is queued) and frees the
 * pipeline.  Safe to call when there is none. */
static pdx_status pipe_stop(pdx_ingest *ing) {
    pipeline *pp = ing->pipe;
    if (!pp)
        return PDX_OK;
    pthread_mutex_lock(&pp->mu);
    pp->done = true;
    pthread_cond_broadcast(&pp->changed);
    pthread_mutex_unlock(&pp->mu);
    pthread_join(pp->thread, NULL);
    pdx_status st = pp->st;
    ing->sum.merged += pp->merged;
    ing->sum.added -= pp->merged; /* handle() counted every record as added */
    for (size_t i = 0; i < PIPE_SLOTS; i++)
        pdx_index__doc_free(pp->slot[i].doc);
    pdx_store__free(pp->builder);
    pthread_cond_destroy(&pp->changed);
    pthread_mutex_destroy(&pp->mu);
    free(pp);
    ing->pipe = NULL;
    return st ? fail(ing, st, "%s", pdx_db_errmsg(ing->db)) : PDX_OK;
}

static pdx_status pipe_start(pdx_ingest *ing) {
    pipeline *pp = calloc(1, sizeof *pp);
    if (!pp)
        return PDX_ENOMEM;
    pdx_status st = pdx_store__new(&pp->builder, ing->db);
    if (!st) {
        pdx_store_weights w;
        pdx_store__get_weights(ing->store, &w);
        pdx_store__set_weights(pp->builder, &w);
    }
    for (size_t i = 0; i < PIPE_SLOTS && !st; i++)
        st = pdx_index__doc_new(&pp->slot[i].doc);
    if (!st && (pthread_mutex_init(&pp->mu, NULL) || pthread_cond_init(&pp->changed, NULL)))
        st = PDX_ENOMEM;
    ing->pipe = pp;
    if (!st && pthread_create(&pp->thread, NULL, writer_main, ing) != 0)
        st = PDX_ENOMEM;
    if (st) {
        for (size_t i = 0; i < PIPE_SLOTS; i++)
            pdx_index__doc_free(pp->slot[i].doc);
        pdx_store__free(pp->builder);
        free(pp);
        ing->pipe = NULL;
        return fail(ing, st, "cannot start the writer thread");
    }
    return PDX_OK;
}

/* Builds p's document here and queues both for the writer.  Takes
 * ownership of p. */
static pdx_status pipe_push(pdx_ingest *ing, pdx_paper *p) {
    pipeline *pp = ing->pipe;
    pthread_mutex_lock(&pp->mu);
    while (pp->count == PIPE_SLOTS && !pp->st)
        pthread_cond_wait(&pp->changed, &pp->mu);
    pdx_status st = pp->st;
    size_t t = (pp->head + pp->count) % PIPE_SLOTS;
    pthread_mutex_unlock(&pp->mu);
    if (st) {
        pdx_paper_free(p);
        return pipe_drain(ing);
    }
    /* slot t is past the writer's: it is this thread's until queued */
    if ((st = pdx_store__build(pp->builder, p, pp->slot[t].doc))) {
        pdx_paper_free(p);
        return st;
    }
    pthread_mutex_lock(&pp->mu);
    pp->slot[t].p = p;
    pp->count++;
    pthread_cond_broadcast(&pp->changed);
    pthread_mutex_unlock(&pp->mu);
    return PDX_OK;
}

/* ---- records (continued) ---------------------------------------------------------- */
/* ---- source state -------------------------------------------------------- */

/* The current input's key on the store, and on the builder of --jobs 2
 * (which adds it to the documents it builds). */
static void set_source(pdx_ingest *ing, const char *key) {
    pdx_store__set_source(ing->store, key);
    if (ing->pipe)
        pdx_store__set_source(ing->pipe->builder, key);
}

static void state_clear(source_state *s) {
    free(s->real);
    memset(s, 0, sizeof *s);
}

static void meta_key(char *out, size_t n, const char *key) {
    snprintf(out, n, "%s%s", PDX_META_SOURCE, key);
}

/* Reads the recorded state of the file with `key`; *found is false when
 * the database has none (or one it cannot read: treated as new). */
static pdx_status state_load(pdx_ingest *ing, const char *key, source_state *out, bool *found) {
    memset(out, 0, sizeof *out);
    *found = false;
    char mk[64];
    meta_key(mk, sizeof mk, key);
    char *v = NULL;
    size_t n = 0;
    pdx_status st = pdx_index__meta_get(&v, &n, ing->db->ix, mk);
    if (st)
        return fail(ing, st, "%s", pdx_index__errmsg(ing->db->ix));
    unsigned long long size = 0, hash = 0, records = 0;
    char status[16] = "", reader[32] = "";
    int version = 0, at = 0;
    if (n && sscanf(v, "%d %llu %lld %lld %llx %llu %15s %31s %n", &version, &size, &out->mtime_s,
                    &out->mtime_ns, &hash, &records, status, reader, &at) == 8 &&
        version == 1) {
        out->size = size;
        out->hash = hash;
        out->records = records;
        out->done = strcmp(status, "done") == 0;
        snprintf(out->reader, sizeof out->reader, "%s", reader);
        snprintf(out->key, sizeof out->key, "%s", key);
        *found = true;
    }
    free(v);
    return PDX_OK;
}

/* Records the state of the file being read; it is committed with the
 * records read so far. */
static pdx_status state_save(pdx_ingest *ing, const source_state *s) {
    pdx_status st = PDX_OK;
    pdx_buf v = PDX_BUF_INIT;
    pdx_buf__printf(&st, &v, "1 %llu %lld %lld %016llx %llu %s %s %s", (unsigned long long)s->size,
                    s->mtime_s, s->mtime_ns, (unsigned long long)s->hash,
                    (unsigned long long)s->records, s->done ? "done" : "partial", s->reader,
                    s->real ? s->real : "");
    char mk[64];
    meta_key(mk, sizeof mk, s->key);
    if (!st && (st = pdx_index__meta_set(ing->db->ix, mk, v.p, v.n)))
        st = fail(ing, st, "%s", pdx_index__errmsg(ing->db->ix));
    pdx_buf__free(&v);
    return st;
}

/* Commits the records stored so far with the state of the file they come
 * from, so that an interrupted ingest knows how far it got. */
static pdx_status commit_batch(pdx_ingest *ing) {
    pdx_status st = PDX_OK;
    if (ing->cur.active)
        st = state_save(ing, &ing->cur);
    if (!st && (st = pdx_store__commit(ing->store)))
        st = fail(ing, st, "%s", pdx_db_errmsg(ing->db));
    ing->since_commit = 0;
    return st;
}

/* The hash of a whole file's content (decompressed), or 0 when it cannot
 * be read (it then counts as changed). */
static uint64_t hash_file(const char *path) {
    pdx_input *in = NULL;
    char *err = NULL;
    uint64_t h = 0;
    if (pdx_input__open(&in, path, &err) == PDX_OK && pdx_input__hash_rest(in, &h) != PDX_OK)
        h = 0;
    free(err);
    pdx_input__close(in);
    return h;
}

/* Fills `c` (cleared) with what the file at `path`, read by `rd`, is now:
 * its real path and key, size and time.  False when it cannot be found,
 * and then the file has no state. */
static bool state_open(source_state *c, const char *path, const pdx_reader *rd) {
    struct stat sb;
    char *real = NULL;
    if (stat(path, &sb) != 0 || !(real = realpath(path, NULL)))
        return false;
    c->active = true;
    c->real = real;
    snprintf(c->key, sizeof c->key, "%016llx", (unsigned long long)pdx_hash64(real, strlen(real)));
    c->size = (uint64_t)sb.st_size;
    c->mtime_s = (long long)sb.st_mtim.tv_sec;
    c->mtime_ns = (long long)sb.st_mtim.tv_nsec;
    snprintf(c->reader, sizeof c->reader, "%s", rd->name);
    return true;
}

/* Decides what a file needs before it is read into the database, and sets
 * ing->cur up for it: *skip when it is unchanged since an ingest that read
 * it whole; a changed file first has its old papers taken back. */
static pdx_status begin_source(pdx_ingest *ing, const input_file *f, const pdx_reader *rd,
                               bool *skip) {
    *skip = false;
    state_clear(&ing->cur);
    source_state *c = &ing->cur;
    if (is_stdin(f) || !state_open(c, f->path, rd))
        return PDX_OK; /* no state: read as it is (errors are reported then) */
    if (f->part) {
        /* tagged as the file's; its state is shards_run's to record */
        set_source(ing, c->key);
        state_clear(c);
        return PDX_OK;
    }
    source_state old;
    bool found = false;
    pdx_status st = state_load(ing, c->key, &old, &found);
    if (st || !found) {
        set_source(ing, c->key);
        return st;
    }
    bool same_reader = strcmp(old.reader, c->reader) == 0;
    bool same_time = old.mtime_s == c->mtime_s && old.mtime_ns == c->mtime_ns;
    if (old.done && same_reader && old.size == c->size &&
        (same_time || hash_file(f->path) == old.hash)) {
        /* unchanged (perhaps touched): remember the new time, read nothing */
        c->hash = old.hash;
        c->records = old.records;
        c->done = true;
        st = same_time ? PDX_OK : state_save(ing, c);
        state_clear(c);
        *skip = true;
        return st;
    }
    if (!(!old.done && same_reader && same_time && old.size == c->size)) {
        /* changed since it was read (or while it was being read): take
         * back what it gave, then read it afresh */
        uint64_t removed = 0, kept = 0;
        if ((st = pdx_store__forget_source(ing->store, c->key, f->path, c->real, &removed, &kept)))
            return fail(ing, st, "%s", pdx_db_errmsg(ing->db));
        ing->sum.replaced += removed + kept;
    }
    /* an interrupted read of the same content is simply read again:
     * merging makes the second reading of a record change nothing */
    set_source(ing, c->key);
    return PDX_OK;
}

/* Marks the file just read as done (with its content hash), or partial
 * when reading stopped early. */
static pdx_status end_source(pdx_ingest *ing, pdx_input *in, bool whole) {
    source_state *c = &ing->cur;
    pdx_status st = PDX_OK;
    if (c->active) {
        c->done = whole;
        if (whole && !pdx_input__content_hash(in, &c->hash) &&
            pdx_input__hash_rest(in, &c->hash) != PDX_OK)
            c->done = false;
        st = state_save(ing, c);
    }
    state_clear(c);
    set_source(ing, NULL);
    return st;
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
        st = pipe_push(ing, p);
    } else if (ing->store) {
        if (fn && fn(p, payload))
            *stop = 1;
        st = pdx_store__put(ing->store, p, &merged);
        pdx_paper_free(p);
        if (st)
            return fail(ing, st, "%s", pdx_db_errmsg(ing->db));
        ing->cur.records++;
        if (++ing->since_commit >= ing->opts.batch && (st = commit_batch(ing)))
            return st;
    } else {
        st = keep_in_memory(ing, p, &merged);
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
    ing->opts.on_progress(done, ing->bytes_total, ing->sum.records, ing->opts.payload);
}

static size_t reader_index(const pdx_reader *rd) {
    for (size_t i = 0; pdx_readers[i]; i++)
        if (pdx_readers[i] == rd)
            return i;
    return 0;
}

static bool is_stdin(const input_file *f) { return strcmp(f->path, "-") == 0; }

/* Opens a file for one pass.  Standard input is opened once, at sniffing,
 * and then handed out (kept open) or reopened from its spool. */
static pdx_status open_input(pdx_ingest *ing, const input_file *f, pdx_input **out,
                             char **errmsg) {
    *out = NULL;
    *errmsg = NULL;
    if (f->part)
        return pdx_input__open_range(out, f->path, f->from, f->to, f->line0, errmsg);
    if (!is_stdin(f))
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
    diag(ing, f->path, errmsg ? errmsg : pdx_status_str(st));
    input_failed(ing, f->path, errmsg ? errmsg : pdx_status_str(st));
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
        diag(ing, f->path, msg);
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

/* Decides a file's shape (f->rd): forced, or sniffed from its first
 * bytes.  Empty, binary and unknown files are reported and left with
 * f->rd NULL.  Returns PDX_ENOMEM (which stops the run) or PDX_OK; a file
 * that cannot be read sets *file_st. */
static pdx_status sniff_file(pdx_ingest *ing, input_file *f, pdx_status *file_st) {
    *file_st = PDX_OK;
    f->rd = NULL;
    if (is_stdin(f) && ing->stdin_taken) {
        diag(ing, f->path, "standard input named twice; read once");
        ing->bytes_before += f->size;
        return PDX_OK;
    }
    if (ing->forced && !is_stdin(f)) {
        if (f->size == 0 && f->explicit_arg && !f->part) {
            /* as when sniffed: a named input that gives nothing */
            diag(ing, f->path, "empty file; nothing to read");
            input_failed(ing, f->path, "empty file; nothing to read");
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
    if (is_stdin(f))
        ing->stdin_taken = true;
    const char *head;
    size_t n_head;
    const pdx_reader *rd = ing->forced;
    if (pdx_input__head(in, &head, &n_head)) {
        diag(ing, f->path, "read error; skipped");
        input_failed(ing, f->path, "read error");
        *file_st = PDX_EIO;
        pdx_input__close(in);
        return PDX_OK;
    }
    if (!rd) {
        const char *why = NULL;
        bool failed = false;
        if (n_head == 0 || strspn(head, " \t\r\n") == n_head) {
            /* named, it is an input that gave nothing, like one of no
             * known shape: exit 3 (docs/bad-input.md) */
            why = "empty file; nothing to read";
            failed = true;
        } else if (looks_binary(head, n_head)) {
            why = "binary data, not text; skipped";
            failed = true;
        } else if (!(rd = sniff_text(head, n_head, f->path))) {
            why = "not a known format; skipped (use --format to choose a reader)";
            failed = true;
        }
        if (why) {
            diag(ing, f->path, why);
            if (failed && f->explicit_arg) {
                input_failed(ing, f->path, why);
                *file_st = PDX_EINPUT;
            } else if (failed) {
                ing->sum.files_skipped++;
            }
            pdx_input__close(in);
            ing->bytes_before += f->size;
            return PDX_OK;
        }
    }
    f->rd = rd;
    if (is_stdin(f)) {
        if (pdx_reader__prescan(rd)) {
            st = spool_stdin(ing, in, f);
            pdx_input__close(in);
            if (st) {
                f->rd = NULL;
                input_failed(ing, f->path, "cannot buffer standard input");
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
    pdx_read_ctx ctx = {f->path, in, &ing->know, NULL, ing, &ing->fields};
    pdx_status st = fn(&ctx);
    pdx_input__close(in);
    return st == PDX_ENOMEM ? st : PDX_OK;
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
        pdx_status bs = begin_source(ing, f, rd, &skip);
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
        state_clear(&ing->cur);
        if (ing->store)
            set_source(ing, NULL);
        return open_failed(ing, f, st, errmsg, file_st);
    }
    ing->sum.files++;
    ing->per_format[reader_index(rd)]++;
    pdx_read_ctx ctx = {f->path, in, &ing->know, report, ing, &ing->fields};
    void *r = NULL;
    st = rd->open(&r, &ctx);
    uint64_t count = 0;
    while (!st && !*stop) {
        pdx_paper *p = NULL;
        if ((st = rd->next(r, &p)) || !p)
            break;
        st = handle(ing, p, rd, fn, payload, stop);
        if (!st && (++count & 255) == 0)
            progress(ing, in);
    }
    rd->close(r);
    if (!st || st == PDX_EIO || st == PDX_EINPUT) {
        pdx_status ds = pipe_drain(ing);
        if (ds)
            st = ds;
    }
    f->got = ing->cur.records;
    f->whole = !st && !*stop;
    if (ing->store && (!st || st == PDX_EIO || st == PDX_EINPUT)) {
        pdx_status es = end_source(ing, in, !st && !*stop);
        if (!st)
            st = es;
    }
    if (st == PDX_EIO || st == PDX_EINPUT) {
        input_failed(ing, f->path, st == PDX_EIO ? "read error; the rest of the file was not read"
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
static pdx_status read_files(pdx_ingest *ing, input_file *v, size_t n, pdx_paper_fn fn,
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

/* ---- two shards (--jobs 2 into a new database) --------------------------- */

/* The two halves share the caller's callbacks through these, one at a time,
 * and its progress line sums theirs. */
typedef struct shard_run {
    pthread_mutex_t mu;
    pdx_ingest_opts user; /* the caller's callbacks */
    uint64_t base, total; /* bytes before the halves' files; of all files */
    uint64_t done[2], records[2];
} shard_run;

typedef struct shard_half {
    shard_run *run;
    int side;
    pdx_ingest *ing;
    input_file *files;
    size_t n;
    pdx_status st;
    pdx_status file_st; /* the first file that could not be read */
} shard_half;

static void shard_diag(const char *where, const char *msg, void *payload) {
    shard_half *h = payload;
    pthread_mutex_lock(&h->run->mu);
    if (h->run->user.on_diag)
        h->run->user.on_diag(where, msg, h->run->user.payload);
    pthread_mutex_unlock(&h->run->mu);
}

static void shard_progress(uint64_t done, uint64_t total, uint64_t records, void *payload) {
    (void)total;
    shard_half *h = payload;
    shard_run *r = h->run;
    pthread_mutex_lock(&r->mu);
    r->done[h->side] = done;
    r->records[h->side] = records;
    if (r->user.on_progress)
        r->user.on_progress(r->base + r->done[0] + r->done[1], r->total,
                            r->records[0] + r->records[1],
                            r->user.payload);
    pthread_mutex_unlock(&r->mu);
}

/* Reads one half's files into its database and commits them. */
static void *shard_main(void *arg) {
    shard_half *h = arg;
    int stop = 0;
    pdx_status st = read_files(h->ing, h->files, h->n, NULL, NULL, &h->file_st, &stop);
    pdx_status cst = commit_batch(h->ing);
    h->st = st ? st : cst;
    return NULL;
}

/* Whole records start at any line of a plain JSON Lines file, so one can
 * be cut there. */
static bool splittable(const input_file *f) {
    if (strcmp(f->rd->name, "jsonl") != 0)
        return false;
    FILE *fp = fopen(f->path, "rb");
    if (!fp)
        return false;
    unsigned char magic[2] = {0, 0};
    size_t n = fread(magic, 1, 2, fp);
    fclose(fp);
    return !(n == 2 && magic[0] == 0x1f && magic[1] == 0x8b);
}

/* The first line start at or after `mid` in f, and the lines before it;
 * false when there is none or the file has lone-CR line ends (which the
 * input layer counts as lines too). */
static bool find_cut(const input_file *f, uint64_t mid, uint64_t *cut, size_t *lines) {
    FILE *fp = fopen(f->path, "rb");
    if (!fp)
        return false;
    char *buf = malloc(1u << 16);
    uint64_t at = 0;
    size_t nl = 0;
    bool found = false, bad = !buf;
    while (!found && !bad) {
        size_t n = fread(buf, 1, 1u << 16, fp);
        if (!n)
            break;
        for (size_t i = 0; i < n; i++) {
            if (buf[i] == '\r' && !(i + 1 < n && buf[i + 1] == '\n')) {
                bad = true;
                break;
            }
            if (buf[i] == '\n') {
                nl++;
                if (at + i + 1 >= mid) {
                    *cut = at + i + 1;
                    found = true;
                    break;
                }
            }
        }
        at += n;
    }
    free(buf);
    fclose(fp);
    *lines = nl;
    return found && !bad && *cut < f->size;
}

/* A reader whose records depend on no other file of the ingest. */
static bool self_contained(const pdx_reader *rd) {
    static const char *const names[] = {"jsonl", "bibtex", "arxiv", "csv", "tsv"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(rd->name, names[i]) == 0)
            return true;
    return false;
}

/* Splits the files to read into two halves of about the same size, in
 * reading order, cutting the file across the middle at a line when it is
 * JSON Lines.  Only readers that need no knowledge from other files
 * qualify (page and listing readers learn names and site chrome from all
 * inputs).  Returns false when the work cannot be split. */
static bool plan_halves(const file_list *fl, file_list *half) {
    uint64_t total = 0;
    for (size_t i = 0; i < fl->n; i++) {
        const pdx_reader *rd = fl->v[i].rd;
        if (!rd)
            continue;
        if (is_stdin(&fl->v[i]) || !self_contained(rd))
            return false;
        total += fl->v[i].size;
    }
    uint64_t mid = total / 2, acc = 0;
    for (size_t i = 0; i < fl->n; i++) {
        const input_file *f = &fl->v[i];
        if (!f->rd)
            continue;
        int side = acc + f->size / 2 < mid ? 0 : 1;
        uint64_t cut = 0;
        size_t lines = 0;
        bool split = acc < mid && acc + f->size > mid && splittable(f) &&
                     find_cut(f, mid - acc, &cut, &lines) && cut > 0;
        for (int k = 0; k < 2; k++) {
            if (!split && k != side)
                continue;
            if (push_file(&half[k], f->path, f->size, f->explicit_arg))
                return false; /* out of memory: no split (the pipeline then tries) */
            input_file *g = &half[k].v[half[k].n - 1];
            g->rd = f->rd;
            if (split) {
                g->part = true;
                g->from = k ? cut : 0;
                g->to = k ? f->size : cut;
                g->line0 = k ? lines : 0;
                g->size = g->to - g->from;
            }
        }
        acc += f->size;
    }
    return half[0].n && half[1].n;
}

static int by_docid(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Merges the papers of the second half that are also in the first (the
 * same id, external id, title or abstract key): each half was merged only
 * within itself.  Candidates are found by walking the two databases' key
 * terms side by side, both sorted. */
static pdx_status reconcile(pdx_ingest *ing, pdx_ingest *b) {
    static const char *const prefixes[] = {PDX_PFX_ID, PDX_PFX_EXTID, PDX_PFX_TITLEKEY,
                                           PDX_PFX_ABSKEY};
    pdx_buf cand = PDX_BUF_INIT; /* docids of the second half, uint32_t each */
    pdx_status st = PDX_OK;
    for (size_t k = 0; k < 4 && !st; k++) {
        size_t pl = strlen(prefixes[k]);
        pdx_ixterms *ia = NULL, *ib = NULL;
        st = pdx_index__terms(&ia, ing->db->ix, prefixes[k], pl);
        if (!st)
            st = pdx_index__terms(&ib, b->db->ix, prefixes[k], pl);
        const char *ta = NULL, *tb = NULL;
        size_t na = 0, nb = 0;
        bool more_a = !st && pdx_index__terms_next(ia, &ta, &na, NULL);
        bool more_b = !st && pdx_index__terms_next(ib, &tb, &nb, NULL);
        while (!st && more_a && more_b) {
            int c = memcmp(ta, tb, na < nb ? na : nb);
            if (!c)
                c = na < nb ? -1 : na > nb;
            if (c < 0) {
                more_a = pdx_index__terms_next(ia, &ta, &na, NULL);
            } else if (c > 0) {
                more_b = pdx_index__terms_next(ib, &tb, &nb, NULL);
            } else {
                uint32_t *ids = NULL;
                size_t n = 0;
                st = pdx_index__postings(&ids, &n, b->db->ix, tb, nb, SIZE_MAX);
                if (!st && n)
                    pdx_buf__add(&st, &cand, ids, n * sizeof *ids);
                free(ids);
                more_a = pdx_index__terms_next(ia, &ta, &na, NULL);
                more_b = pdx_index__terms_next(ib, &tb, &nb, NULL);
            }
        }
        if (!st && ia)
            st = pdx_index__terms_status(ia);
        if (!st && ib)
            st = pdx_index__terms_status(ib);
        pdx_index__terms_free(ia);
        pdx_index__terms_free(ib);
        if (st && st != PDX_ENOMEM)
            st = fail(ing, st, "%s", pdx_index__errmsg(ing->db->ix));
    }
    /* in reading order, each once */
    uint32_t *id = (uint32_t *)(void *)cand.p; /* malloc'd: aligned */
    size_t n_cand = cand.n / sizeof *id;
    if (n_cand)
        qsort(id, n_cand, sizeof *id, by_docid);
    for (size_t i = 0; i < n_cand && !st; i++) {
        if (i && id[i] == id[i - 1])
            continue;
        pdx_absorbed what = PDX_ABSORB_KEPT;
        if ((st = pdx_store__absorb(ing->store, b->store, id[i], &what)))
            st = fail(ing, st, "%s", pdx_db_errmsg(ing->db)[0] ? pdx_db_errmsg(ing->db)
                                                               : pdx_db_errmsg(b->db));
        else if (what == PDX_ABSORB_MERGED) {
            /* a new paper of the second half is a merge of the first's */
            ing->sum.added--;
            ing->sum.merged++;
        }
    }
    pdx_buf__free(&cand);
    return st;
}

/* Records (on ing's database) the state of a file read in two parts, as
 * read_file would have for the whole. */
static pdx_status part_state(pdx_ingest *ing, const input_file *a, const input_file *b) {
    source_state c = {0};
    if (!state_open(&c, a->path, a->rd))
        return PDX_OK;
    c.records = a->got + b->got;
    c.done = a->whole && b->whole;
    if (c.done && !(c.hash = hash_file(a->path)))
        c.done = false;
    pdx_status st = state_save(ing, &c);
    state_clear(&c);
    return st;
}

/* --jobs 2 into a database that holds no paper yet: the inputs are cut in
 * two halves, in reading order; this thread reads the first into the
 * database and a second thread the second into a shard beside it, each as
 * one job would (Xapian's indexing and commits run on both cores, where the
 * pipeline leaves them on one).  Then the second half's papers that are
 * also in the first are merged into them, and Xapian's compactor appends
 * the shard to the database, so document order is reading order.  *done
 * is false when the work does not qualify or no shard can be made (the
 * caller then runs the pipeline).  Killed midway, the database keeps the first half's committed
 * batches, recorded as partly read; the next ingest removes the shard and
 * reads on from there. */
static pdx_status shards_run(pdx_ingest *ing, const file_list *fl, pdx_status *first_file_st,
                             bool *done) {
    *done = false;
    /* new: no papers, and no file recorded (one that gave none would be
     * skipped by the first half but read again by the second) */
    uint64_t docs = 0;
    bool states = false;
    if (pdx_index__doccount(&docs, ing->db->ix) || docs ||
        pdx_index__meta_has_prefix(&states, ing->db->ix, PDX_META_SOURCE) || states)
        return PDX_OK;
    file_list half[2] = {{0}, {0}};
    pdx_status st = PDX_OK;
    if (!plan_halves(fl, half)) {
        free_files(&half[0]);
        free_files(&half[1]);
        return PDX_OK;
    }
    /* beside the database: a parent directory we may not write to means
     * no shard, and the pipeline does the work */
    pdx_db *shard = NULL;
    if (pdx_db__shard_open(&shard, ing->db) != PDX_OK) {
        free_files(&half[0]);
        free_files(&half[1]);
        return PDX_OK;
    }
    *done = true;
    ing->sum.shards = 2;
    shard_run run = {.user = ing->opts, .base = ing->bytes_before, .total = ing->bytes_total};
    pdx_ingest *b = NULL;
    pdx_ingest_opts bo = ing->opts;
    shard_half h[2] = {{&run, 0, ing, half[0].v, half[0].n, PDX_OK, PDX_OK},
                       {&run, 1, NULL, half[1].v, half[1].n, PDX_OK, PDX_OK}};
    bo.jobs = 1;
    bo.on_diag = shard_diag;
    bo.on_progress = ing->opts.on_progress ? shard_progress : NULL;
    bo.on_phase = NULL;
    bo.payload = &h[1];
    if (pthread_mutex_init(&run.mu, NULL)) {
        pdx_db__shard_drop(shard);
        free_files(&half[0]);
        free_files(&half[1]);
        return fail(ing, PDX_ENOMEM, "cannot start a second thread");
    }
    if (!(st = pdx_ingest_new(&b, shard, &bo))) {
        pdx_store_weights w;
        pdx_store__get_weights(ing->store, &w);
        pdx_store__set_weights(b->store, &w);
    }
    pthread_t thread;
    bool started = false;
    if (!st) {
        h[1].ing = b;
        ing->opts.on_diag = shard_diag;
        ing->opts.on_progress = bo.on_progress;
        ing->opts.payload = &h[0];
        started = pthread_create(&thread, NULL, shard_main, &h[1]) == 0;
        if (!started)
            st = fail(ing, PDX_ENOMEM, "cannot start a second thread");
    }
    if (!st)
        shard_main(&h[0]);
    if (started)
        pthread_join(thread, NULL);
    double t_read = pdx_now();
    ing->opts.on_diag = run.user.on_diag;
    ing->opts.on_progress = run.user.on_progress;
    ing->opts.payload = run.user.payload;
    if (!st)
        st = h[0].st;
    if (!st && h[1].st)
        st = fail(ing, h[1].st, "%s", pdx_ingest_errmsg(b)[0] ? pdx_ingest_errmsg(b)
                                                              : pdx_db_errmsg(shard));
    if (b) {
        /* one summary, as one job would count: a split file once */
        const pdx_ingest_summary *s = &b->sum;
        ing->sum.files += s->files;
        ing->sum.records += s->records;
        ing->sum.added += s->added;
        ing->sum.merged += s->merged;
        ing->sum.skipped += s->skipped;
        ing->sum.files_failed += s->files_failed;
        for (size_t i = 0; i < b->n_failed; i++) {
            input_failed(ing, b->failed_path[i], b->failed_why[i]);
            ing->sum.files_failed--; /* counted just above */
        }
        ing->sum.files_skipped += s->files_skipped;
        for (size_t i = 0; i < MAX_READERS; i++)
            ing->per_format[i] += b->per_format[i];
        for (size_t i = 0; i < half[0].n; i++)
            if (half[0].v[i].part) {
                ing->sum.files--;
                ing->per_format[reader_index(half[0].v[i].rd)]--;
            }
    }
    if (!st)
        st = reconcile(ing, b);
    /* into the shard, so that only the merged database says the split file
     * was read whole: killed before, the file is read again */
    for (size_t i = 0; i < half[0].n && !st; i++) /* a split file ends one, starts the other */
        if (half[0].v[i].part && (st = part_state(b, &half[0].v[i], &half[1].v[0])))
            st = fail(ing, st, "%s", pdx_ingest_errmsg(b));
    if (!st)
        st = commit_batch(ing);
    if (!st && (st = pdx_store__commit(b->store)))
        st = fail(ing, st, "%s", pdx_db_errmsg(shard));
    pdx_ingest_free(b);
    if (!st) {
        if (ing->opts.on_phase)
            ing->opts.on_phase("merging the two halves", ing->opts.payload);
        if ((st = pdx_db__shard_merge(ing->db, shard)))
            st = fail(ing, st, "%s", pdx_db_errmsg(ing->db));
        ing->sum.merge_seconds = pdx_now() - t_read;
    } else {
        pdx_db__shard_drop(shard);
    }
    for (int k = 0; k < 2 && !*first_file_st; k++)
        *first_file_st = h[k].file_st;
    pthread_mutex_destroy(&run.mu);
    ing->bytes_before = ing->bytes_total;
    free_files(&half[0]);
    free_files(&half[1]);
    return st;
}

pdx_status pdx_ingest_run(pdx_ingest *ing, pdx_paper_fn on_record, void *payload) {
    file_list fl = {0};
    if (ing->store)
        pdx_db__shard_clear(ing->db);
    pdx_status st = expand(ing, &fl);
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
    if (!st && ing->store && ing->opts.jobs >= 2 && !on_record)
        st = shards_run(ing, &fl, &first_file_st, &sharded);
    if (!st && ing->store && ing->opts.jobs >= 2 && !sharded)
        st = pipe_start(ing);
    if (!st && !sharded)
        st = read_files(ing, fl.v, fl.n, on_record, payload, &first_file_st, &stop);
    if (ing->pipe) {
        pdx_status ps = pipe_stop(ing);
        if (!st)
            st = ps;
    }
    if (ing->store && !sharded) { /* shards_run commits (or fails) on its own */
        pdx_status cst = commit_batch(ing);
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
            if (fl.v[i].rd && !is_stdin(&fl.v[i]) &&
                (order[n_order] = realpath(fl.v[i].path, NULL)))
                n_order++;
        if ((st = pdx_db__save_sources(ing->db, (const char *const *)order, n_order)))
            st = fail(ing, st, "%s", pdx_db_errmsg(ing->db));
        for (size_t i = 0; i < n_order; i++)
            free(order[i]);
        free(order);
    }
    summarise_formats(ing);
    free_files(&fl);
    if (!st && (first_file_st || ing->sum.files_failed))
        return fail(ing, first_file_st ? first_file_st : PDX_EIO,
                    "%llu input(s) could not be read (see the messages above)",
                    (unsigned long long)ing->sum.files_failed);
    return st;
}
