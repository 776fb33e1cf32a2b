/*
 * shards.c — `ingest --jobs 2` into a new database: the inputs are cut in
 * two halves, read by two threads into the database and a shard beside
 * it, the second half's papers that are also in the first merged into
 * them (reconcile), and the shard appended (see pdx_ingest__shards_run).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/driver.h"

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
    pdx_status st = pdx_ingest__read_files(h->ing, h->files, h->n, NULL, NULL, &h->file_st, &stop);
    pdx_status cst = pdx_ingest__commit(h->ing);
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
    static const char *const names[] = {"jsonl", "bibtex", "arxiv", "csv", "tsv",
                                         "csl-json", "ris", "labelled"};
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
        if (pdx_ingest__is_stdin(&fl->v[i]) || !self_contained(rd))
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
            if (pdx_ingest__files_push(&half[k], f->path, f->size, f->explicit_arg))
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

/* Merges the papers of the second half that are also in the first (the
 * same id, external id, title or abstract key): each half was merged only
 * within itself. */
static pdx_status reconcile(pdx_ingest *ing, pdx_ingest *b) {
    uint32_t *id = NULL;
    size_t n_cand = 0;
    pdx_status st = pdx_store__shared(&id, &n_cand, ing->store, b->store);
    if (st && st != PDX_ENOMEM)
        st = pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(ing->db));
    for (size_t i = 0; i < n_cand && !st; i++) {
        pdx_absorbed what = PDX_ABSORB_KEPT;
        if ((st = pdx_store__absorb(&what, ing->store, b->store, id[i])))
            st = pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(ing->db)[0] ? pdx_db_errmsg(ing->db)
                                                               : pdx_db_errmsg(b->db));
        else if (what == PDX_ABSORB_MERGED) {
            /* a new paper of the second half is a merge of the first's */
            ing->sum.added--;
            ing->sum.merged++;
        }
    }
    free(id);
    return st;
}

/* The second half's ingest, into the shard, as one job with the first
 * half's weights; its callbacks go through h->run. */
static pdx_status new_half(pdx_ingest **out, pdx_ingest *ing, pdx_db *shard, shard_half *h) {
    pdx_ingest_opts bo = ing->opts;
    bo.jobs = 1;
    bo.on_diag = shard_diag;
    bo.on_progress = ing->opts.on_progress ? shard_progress : NULL;
    bo.on_phase = NULL;
    bo.payload = h;
    pdx_status st = pdx_ingest_new(out, shard, &bo);
    if (!st) {
        pdx_store_weights w;
        pdx_store__get_weights(&w, ing->store);
        pdx_store__set_weights((*out)->store, &w);
    }
    return st;
}

/* Reads the two halves at once, the second on a thread of its own; the
 * caller's callbacks are shared through h->run meanwhile. */
static pdx_status read_halves(pdx_ingest *ing, shard_half *h) {
    shard_run *run = h[0].run;
    pdx_status st = PDX_OK;
    pthread_t thread;
    ing->opts.on_diag = shard_diag;
    ing->opts.on_progress = run->user.on_progress ? shard_progress : NULL;
    ing->opts.payload = &h[0];
    bool started = pthread_create(&thread, NULL, shard_main, &h[1]) == 0;
    if (!started)
        st = pdx_ingest__fail(ing, PDX_ENOMEM, "cannot start a second thread");
    if (!st)
        shard_main(&h[0]);
    if (started)
        pthread_join(thread, NULL);
    ing->opts.on_diag = run->user.on_diag;
    ing->opts.on_progress = run->user.on_progress;
    ing->opts.payload = run->user.payload;
    return st;
}

/* Adds the second half's counts to ing's: one summary, as one job would
 * count, a split file once.  `first`: the first half's files. */
static void add_half(pdx_ingest *ing, const pdx_ingest *b, const file_list *first) {
    const pdx_ingest_summary *s = &b->sum;
    ing->sum.files += s->files;
    ing->sum.records += s->records;
    ing->sum.added += s->added;
    ing->sum.merged += s->merged;
    ing->sum.skipped += s->skipped;
    ing->sum.files_failed += s->files_failed;
    for (size_t i = 0; i < b->n_failed; i++) {
        pdx_ingest__input_failed(ing, b->failed_path[i], b->failed_why[i]);
        ing->sum.files_failed--; /* counted just above */
    }
    ing->sum.files_skipped += s->files_skipped;
    for (size_t i = 0; i < MAX_READERS; i++)
        ing->per_format[i] += b->per_format[i];
    for (size_t i = 0; i < first->n; i++)
        if (first->v[i].part) {
            ing->sum.files--;
            ing->per_format[pdx_ingest__reader_index(first->v[i].rd)]--;
        }
}

/* After the halves were read (st: how that went), merges the second's
 * papers into the first's, records a split file's state, commits both and
 * appends the shard to the database, or drops it after a failure.  Frees
 * b. */
static pdx_status join_halves(pdx_ingest *ing, pdx_ingest *b, pdx_db *shard,
                              const file_list *half, pdx_status st, double t_read) {
    if (!st)
        st = reconcile(ing, b);
    /* into the shard, so that only the merged database says the split file
     * was read whole: killed before, the file is read again */
    for (size_t i = 0; i < half[0].n && !st; i++) /* a split file ends one, starts the other */
        if (half[0].v[i].part && (st = pdx_ingest__part_state(b, &half[0].v[i], &half[1].v[0])))
            st = pdx_ingest__fail(ing, st, "%s", pdx_ingest_errmsg(b));
    if (!st)
        st = pdx_ingest__commit(ing);
    if (!st && (st = pdx_store__commit(b->store)))
        st = pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(shard));
    pdx_ingest_free(b);
    if (!st) {
        if (ing->opts.on_phase)
            ing->opts.on_phase("merging the two halves", ing->opts.payload);
        if ((st = pdx_db__shard_merge(ing->db, shard)))
            st = pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(ing->db));
        ing->sum.merge_seconds = pdx_now() - t_read;
    } else {
        pdx_db__shard_drop(shard);
    }
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
 * caller then runs the pipeline).  Killed midway, the database keeps the
 * first half's committed batches, recorded as partly read; the next ingest
 * removes the shard and reads on from there. */
pdx_status pdx_ingest__shards_run(pdx_ingest *ing, const file_list *fl, pdx_status *first_file_st,
                                  bool *done) {
    *done = false;
    /* new: no papers, and no file recorded (one that gave none would be
     * skipped by the first half but read again by the second) */
    if (!pdx_store__is_new(ing->store))
        return PDX_OK;
    /* a sharded database (--shards) keeps its shards: the pipeline fills
     * them, each paper routed to its own (store.c) */
    if (pdx_db_shard_count(ing->db) > 0)
        return PDX_OK;
    file_list half[2] = {{0}, {0}};
    pdx_db *shard = NULL;
    /* the shard beside the database: a parent directory we may not write
     * to means no shard, and the pipeline does the work */
    if (!plan_halves(fl, half) || pdx_db__shard_open(&shard, ing->db) != PDX_OK) {
        pdx_ingest__files_free(&half[0]);
        pdx_ingest__files_free(&half[1]);
        return PDX_OK;
    }
    *done = true;
    ing->sum.shards = 2;
    ing->sum.writers = 2;
    shard_run run = {.user = ing->opts, .base = ing->bytes_before, .total = ing->bytes_total};
    shard_half h[2] = {{&run, 0, ing, half[0].v, half[0].n, PDX_OK, PDX_OK},
                       {&run, 1, NULL, half[1].v, half[1].n, PDX_OK, PDX_OK}};
    if (pthread_mutex_init(&run.mu, NULL)) {
        pdx_db__shard_drop(shard);
        pdx_ingest__files_free(&half[0]);
        pdx_ingest__files_free(&half[1]);
        return pdx_ingest__fail(ing, PDX_ENOMEM, "cannot start a second thread");
    }
    pdx_ingest *b = NULL;
    pdx_status st = new_half(&b, ing, shard, &h[1]);
    h[1].ing = b;
    if (!st)
        st = read_halves(ing, h);
    double t_read = pdx_now();
    if (!st)
        st = h[0].st;
    if (!st && h[1].st)
        st = pdx_ingest__fail(ing, h[1].st, "%s", pdx_ingest_errmsg(b)[0] ? pdx_ingest_errmsg(b)
                                                                        : pdx_db_errmsg(shard));
    if (b)
        add_half(ing, b, &half[0]);
    st = join_halves(ing, b, shard, half, st, t_read);
    for (int k = 0; k < 2 && !*first_file_st; k++)
        *first_file_st = h[k].file_st;
    pthread_mutex_destroy(&run.mu);
    ing->bytes_before = ing->bytes_total;
    pdx_ingest__files_free(&half[0]);
    pdx_ingest__files_free(&half[1]);
    return st;
}
