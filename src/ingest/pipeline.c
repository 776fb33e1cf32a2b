/*
 * pipeline.c — the two threads of `ingest --jobs 2` into a database that
 * already holds papers.  The driver's thread reads, finishes and builds
 * each record's document (tokens, stems, keys: the normalising half), and
 * a writer thread takes them from a bounded queue of PIPE_SLOTS and does
 * the database half (merge look-ups, Xapian's add_document, commits).  One
 * writer, in the order read, so document ids and merges are those of one
 * job.  A record that merges is built again by the writer from the merged
 * record.  The queue is drained at the end of every file, so between
 * files the database is the driver's thread's again.
 */
#include <pthread.h>
#include <stdlib.h>

#include "ingest/driver.h"

/* Records in flight between the two threads of --jobs 2: enough to ride
 * out the writer's commits' pauses, few enough to bound memory. */
#define PIPE_SLOTS 256

/* The writer half of --jobs 2 (see the top of the file). */
typedef struct pipe_slot {
    pdx_paper *p;   /* owned; freed by the writer */
    pdx_ixdoc *doc; /* the slot's own document, built by the reader */
} pipe_slot;

struct pipeline {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t changed; /* a slot was filled or freed, or done set */
    pipe_slot slot[PIPE_SLOTS];
    size_t head, count;     /* the writer's next slot; slots in use */
    bool done;              /* no more records: the writer ends */
    pdx_status st;          /* the writer's first failure */
    pdx_store *builder;     /* the reader's store (builds only) */
    uint64_t merged;        /* counted by the writer */
};

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
            st = pdx_store__put_built(&merged, ing->store, sl->p, sl->doc);
            if (!st)
                ing->cur.records++;
            if (!st && ++ing->since_commit >= ing->opts.batch)
                st = pdx_ingest__commit(ing);
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
pdx_status pdx_ingest__pipe_drain(pdx_ingest *ing) {
    pipeline *pp = ing->pipe;
    if (!pp)
        return PDX_OK;
    pthread_mutex_lock(&pp->mu);
    while (pp->count)
        pthread_cond_wait(&pp->changed, &pp->mu);
    pdx_status st = pp->st;
    pthread_mutex_unlock(&pp->mu);
    return st ? pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(ing->db)) : PDX_OK;
}

/* Ends the writer (after it has stored what is queued) and frees the
 * pipeline.  Safe to call when there is none. */
pdx_status pdx_ingest__pipe_stop(pdx_ingest *ing) {
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
        pdx_store__doc_free(pp->slot[i].doc);
    pdx_store__free(pp->builder);
    pthread_cond_destroy(&pp->changed);
    pthread_mutex_destroy(&pp->mu);
    free(pp);
    ing->pipe = NULL;
    return st ? pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(ing->db)) : PDX_OK;
}

pdx_status pdx_ingest__pipe_start(pdx_ingest *ing) {
    pipeline *pp = calloc(1, sizeof *pp);
    if (!pp)
        return PDX_ENOMEM;
    pdx_status st = pdx_store__new(&pp->builder, ing->db);
    if (!st) {
        pdx_store_weights w;
        pdx_store__get_weights(&w, ing->store);
        pdx_store__set_weights(pp->builder, &w);
    }
    for (size_t i = 0; i < PIPE_SLOTS && !st; i++)
        st = pdx_store__doc_new(&pp->slot[i].doc);
    if (!st && (pthread_mutex_init(&pp->mu, NULL) || pthread_cond_init(&pp->changed, NULL)))
        st = PDX_ENOMEM;
    ing->pipe = pp;
    if (!st && pthread_create(&pp->thread, NULL, writer_main, ing) != 0)
        st = PDX_ENOMEM;
    if (st) {
        for (size_t i = 0; i < PIPE_SLOTS; i++)
            pdx_store__doc_free(pp->slot[i].doc);
        pdx_store__free(pp->builder);
        free(pp);
        ing->pipe = NULL;
        return pdx_ingest__fail(ing, st, "cannot start the writer thread");
    }
    return PDX_OK;
}

/* Builds p's document here and queues both for the writer.  Takes
 * ownership of p. */
pdx_status pdx_ingest__pipe_push(pdx_ingest *ing, pdx_paper *p) {
    pipeline *pp = ing->pipe;
    pthread_mutex_lock(&pp->mu);
    while (pp->count == PIPE_SLOTS && !pp->st)
        pthread_cond_wait(&pp->changed, &pp->mu);
    pdx_status st = pp->st;
    size_t t = (pp->head + pp->count) % PIPE_SLOTS;
    pthread_mutex_unlock(&pp->mu);
    if (st) {
        pdx_paper_free(p);
        return pdx_ingest__pipe_drain(ing);
    }
    /* slot t is past the writer's: it is this thread's until queued */
    if ((st = pdx_store__build(pp->slot[t].doc, pp->builder, p))) {
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


pdx_store *pdx_ingest__pipe_builder(const pdx_ingest *ing) {
    return ing->pipe ? ing->pipe->builder : NULL;
}
