/*
 * fanout.c — `ingest --jobs N` into a sharded database: the driver's
 * thread reads, finishes and builds each record's document, and N writer
 * threads store them, each into a group of the shards of its own (writer
 * g: shards g, g + N, ...), side by side.  The shards are kept: nothing
 * is merged afterwards.
 *
 * Which writer a record goes to is decided here, before it is stored, so
 * that every record of one work meets the others on one writer and is
 * merged there exactly as one writer would merge it: by the first of its
 * merge keys (id, external ids, title key, abstract key, in the order
 * pdx_store__find_same() looks them up) that a paper already has — the
 * key map remembers, for the hash of every key stored or met so far, the
 * writer that holds it, filled at the start from the shards' own key
 * terms — and otherwise by its route, the shard the whole database would
 * pick (store.c `route`).  So nothing needs reconciling afterwards, and a
 * re-ingest finds every paper where it is.
 *
 * Commits: every `batch` records a writer, all writers commit at once (a
 * barrier), and then the input files' states are written to shard 0 and
 * committed alone (Xapian's multi-database reads metadata from its first
 * shard).  Until then a state waits here (pdx_ingest__fan_state), so no
 * state ever claims papers another writer has not committed.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/driver.h"

/* Records in flight to one writer (see pipeline.c's PIPE_SLOTS). */
#define LANE_SLOTS 128

typedef struct lane_slot {
    pdx_paper *p;   /* owned; freed by the writer */
    pdx_ixdoc *doc; /* built by the reader */
} lane_slot;

/* One writer thread and its group of shards. */
typedef struct fan_lane {
    struct fanout *fan;
    pthread_t thread;
    bool started;
    pdx_db *db;       /* the group (pdx_db__group_open), borrowed shards */
    pdx_store *store;
    lane_slot slot[LANE_SLOTS];
    size_t head, count;
    bool commit;      /* commit once the queue is empty */
    pdx_status st;    /* the first failure */
    uint64_t merged;
} fan_lane;

/* The key map: hash of a merge key's term -> its writer, open addressing
 * (0 marks a free slot; a hash of 0 is taken as 1). */
typedef struct key_map {
    uint64_t *key;
    uint16_t *lane;
    size_t cap, n;
} key_map;

struct fanout {
    pthread_mutex_t mu;
    pthread_cond_t changed; /* a slot filled or freed, a commit done, done set */
    fan_lane *lane;
    size_t n_lanes, n_shards;
    bool done;
    bool locks;             /* mu and changed are initialised */
    pdx_store *builder;     /* the reader's: keys, routes and documents */
    key_map keys;
    pdx_buf hashes;         /* the record's keys (pdx_store__keys) */
    uint64_t since_sync;
    /* input file states waiting for the next sync: key and value */
    char **pend_key;
    pdx_buf *pend_val;
    size_t n_pend, cap_pend;
};

/* ---- the key map ------------------------------------------------------------- */

static size_t map_slot(const key_map *m, uint64_t k) {
    size_t i = (size_t)(k ^ (k >> 29)) & (m->cap - 1);
    while (m->key[i] && m->key[i] != k)
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* The writer holding key k, or -1. */
static int map_get(const key_map *m, uint64_t k) {
    if (!m->cap)
        return -1;
    size_t i = map_slot(m, k ? k : 1);
    return m->key[i] ? m->lane[i] : -1;
}

/* Remembers k as held by `lane`, unless it is known already (the first
 * holder is the one a look-up finds first). */
static pdx_status map_put(key_map *m, uint64_t k, uint16_t lane) {
    k = k ? k : 1;
    if ((m->n + 1) * 2 > m->cap) {
        key_map bigger = {0};
        bigger.cap = m->cap ? m->cap * 2 : 1024;
        bigger.key = calloc(bigger.cap, sizeof *bigger.key);
        bigger.lane = malloc(bigger.cap * sizeof *bigger.lane);
        if (!bigger.key || !bigger.lane) {
            free(bigger.key);
            free(bigger.lane);
            return PDX_ENOMEM;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->key[i]) {
                size_t j = map_slot(&bigger, m->key[i]);
                bigger.key[j] = m->key[i];
                bigger.lane[j] = m->lane[i];
            }
        bigger.n = m->n;
        free(m->key);
        free(m->lane);
        *m = bigger;
    }
    size_t i = map_slot(m, k);
    if (!m->key[i]) {
        m->key[i] = k;
        m->lane[i] = lane;
        m->n++;
    }
    return PDX_OK;
}

static pdx_status put_key(uint64_t hash, void *payload) {
    fan_lane *l = payload;
    return map_put(&l->fan->keys, hash, (uint16_t)(l - l->fan->lane));
}

/* Fills the key map with the merge keys the shards hold already. */
static pdx_status preload(struct fanout *f) {
    pdx_status st = PDX_OK;
    for (size_t g = 0; g < f->n_lanes && !st; g++)
        st = pdx_db__each_merge_key(f->lane[g].db, put_key, &f->lane[g]);
    return st;
}

/* ---- the writers -------------------------------------------------------------- */

static void *lane_main(void *arg) {
    fan_lane *l = arg;
    struct fanout *f = l->fan;
    pthread_mutex_lock(&f->mu);
    for (;;) {
        while (!l->count && !l->commit && !f->done)
            pthread_cond_wait(&f->changed, &f->mu);
        pdx_status failed = l->st, st = PDX_OK;
        if (l->count) {
            lane_slot *sl = &l->slot[l->head];
            pthread_mutex_unlock(&f->mu);
            bool merged = false;
            /* after a failure the rest is only freed, never stored */
            if (!failed)
                st = pdx_store__put_built(&merged, l->store, sl->p, sl->doc);
            pdx_paper_free(sl->p);
            sl->p = NULL;
            pthread_mutex_lock(&f->mu);
            l->merged += !st && !failed && merged;
            l->head = (l->head + 1) % LANE_SLOTS;
            l->count--;
        } else if (l->commit) {
            pthread_mutex_unlock(&f->mu);
            if (!failed)
                st = pdx_store__commit(l->store);
            pthread_mutex_lock(&f->mu);
            l->commit = false;
        } else {
            break; /* done, and nothing left */
        }
        if (st && !l->st)
            l->st = st;
        pthread_cond_broadcast(&f->changed);
    }
    pthread_mutex_unlock(&f->mu);
    return NULL;
}

/* The first writer failure as the ingest's (called with f->mu held). */
static pdx_status lane_failure(pdx_ingest *ing, struct fanout *f) {
    for (size_t g = 0; g < f->n_lanes; g++)
        if (f->lane[g].st)
            return pdx_ingest__fail(ing, f->lane[g].st, "%s", pdx_db_errmsg(f->lane[g].db));
    return PDX_OK;
}

/* Waits until every writer has stored what it was given (and, with
 * `commit`, committed it); their first failure is returned. */
static pdx_status wait_lanes(pdx_ingest *ing, bool commit) {
    struct fanout *f = ing->fan;
    pthread_mutex_lock(&f->mu);
    for (size_t g = 0; g < f->n_lanes && commit; g++)
        f->lane[g].commit = true;
    pthread_cond_broadcast(&f->changed);
    for (size_t g = 0; g < f->n_lanes; g++)
        while (f->lane[g].count || f->lane[g].commit)
            pthread_cond_wait(&f->changed, &f->mu);
    pdx_status st = lane_failure(ing, f);
    pthread_mutex_unlock(&f->mu);
    return st;
}

pdx_status pdx_ingest__fan_drain(pdx_ingest *ing) {
    return ing->fan ? wait_lanes(ing, false) : PDX_OK;
}

/* Commits everything: the writers side by side, then the input files'
 * states alone (shard 0). */
pdx_status pdx_ingest__fan_sync(pdx_ingest *ing) {
    struct fanout *f = ing->fan;
    pdx_status st = wait_lanes(ing, true);
    /* the writers wait now: the whole database is this thread's */
    for (size_t i = 0; i < f->n_pend && !st; i++)
        if ((st = pdx_store__state_set(ing->store, f->pend_key[i], f->pend_val[i].p,
                                       f->pend_val[i].n)))
            st = pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(ing->db));
    for (size_t i = 0; i < f->n_pend; i++) {
        free(f->pend_key[i]);
        pdx_buf__free(&f->pend_val[i]);
    }
    f->n_pend = 0;
    if (!st && ing->cur.active) { /* the file being read: partial so far */
        struct fanout *keep = ing->fan;
        ing->fan = NULL; /* (so that the state is set, not queued) */
        st = pdx_ingest__commit(ing);
        ing->fan = keep;
    } else if (!st && (st = pdx_store__commit(ing->store))) {
        st = pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(ing->db));
    }
    f->since_sync = 0;
    return st;
}

pdx_status pdx_ingest__fan_state(pdx_ingest *ing, const char *key, const char *v, size_t n) {
    struct fanout *f = ing->fan;
    size_t i = 0;
    while (i < f->n_pend && strcmp(f->pend_key[i], key) != 0)
        i++;
    if (i == f->n_pend) {
        if (f->n_pend == f->cap_pend) {
            size_t cap = f->cap_pend ? f->cap_pend * 2 : 16;
            char **k = realloc(f->pend_key, cap * sizeof *k);
            if (k)
                f->pend_key = k;
            pdx_buf *b = k ? realloc(f->pend_val, cap * sizeof *b) : NULL;
            if (!b)
                return PDX_ENOMEM;
            f->pend_val = b;
            f->cap_pend = cap;
        }
        if (!(f->pend_key[i] = pdx_strndup(key, strlen(key))))
            return PDX_ENOMEM;
        f->pend_val[i] = (pdx_buf)PDX_BUF_INIT;
        f->n_pend++;
    }
    pdx_status st = PDX_OK;
    pdx_buf__clear(&f->pend_val[i]);
    pdx_buf__add(&st, &f->pend_val[i], v, n);
    return st;
}

const char *pdx_ingest__fan_pending(const pdx_ingest *ing, const char *key, size_t *n) {
    const struct fanout *f = ing->fan;
    for (size_t i = 0; f && i < f->n_pend; i++)
        if (strcmp(f->pend_key[i], key) == 0) {
            *n = f->pend_val[i].n;
            return pdx_buf__str(&f->pend_val[i]);
        }
    return NULL;
}

void pdx_ingest__fan_set_source(pdx_ingest *ing, const char *key) {
    struct fanout *f = ing->fan;
    if (!f)
        return;
    pdx_store__set_source(f->builder, key);
    for (size_t g = 0; g < f->n_lanes; g++)
        pdx_store__set_source(f->lane[g].store, key);
}

/* The writer of a record: the one holding the first of its keys that a
 * paper has, else its route's; every key is then remembered as there. */
static pdx_status choose_lane(struct fanout *f, const pdx_paper *p, size_t *out) {
    uint64_t route = 0;
    pdx_status st = pdx_store__keys(&f->hashes, &route, f->builder, p);
    const uint64_t *k = (const uint64_t *)(const void *)f->hashes.p;
    size_t n = st ? 0 : f->hashes.n / sizeof *k;
    int lane = -1;
    for (size_t i = 0; i < n && lane < 0; i++)
        lane = map_get(&f->keys, k[i]);
    *out = lane >= 0 ? (size_t)lane : (size_t)(route % f->n_shards % f->n_lanes);
    for (size_t i = 0; i < n && !st; i++)
        st = map_put(&f->keys, k[i], (uint16_t)*out);
    return st;
}

pdx_status pdx_ingest__fan_push(pdx_ingest *ing, pdx_paper *p) {
    struct fanout *f = ing->fan;
    size_t g = 0;
    pdx_status st = choose_lane(f, p, &g);
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    fan_lane *l = &f->lane[g];
    pthread_mutex_lock(&f->mu);
    while (l->count == LANE_SLOTS && !l->st)
        pthread_cond_wait(&f->changed, &f->mu);
    st = lane_failure(ing, f);
    size_t t = (l->head + l->count) % LANE_SLOTS;
    pthread_mutex_unlock(&f->mu);
    /* slot t is past the writer's: it is this thread's until queued */
    if (!st)
        st = pdx_store__build(l->slot[t].doc, f->builder, p);
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    pthread_mutex_lock(&f->mu);
    l->slot[t].p = p;
    l->count++;
    pthread_cond_broadcast(&f->changed);
    pthread_mutex_unlock(&f->mu);
    ing->cur.records++;
    if (++f->since_sync >= (uint64_t)ing->opts.batch * f->n_lanes)
        st = pdx_ingest__fan_sync(ing);
    return st;
}

/* ---- start and stop ------------------------------------------------------------ */

/* Writer g's group of shards, as a database of its own, and its store. */
static pdx_status open_lane(pdx_ingest *ing, fan_lane *l, size_t g) {
    pdx_status st = pdx_db__group_open(&l->db, ing->db, g, ing->fan->n_lanes);
    if (!st)
        st = pdx_store__new(&l->store, l->db);
    pdx_store_weights w;
    pdx_store__get_weights(&w, ing->store);
    if (!st)
        pdx_store__set_weights(l->store, &w);
    for (size_t i = 0; i < LANE_SLOTS && !st; i++)
        st = pdx_store__doc_new(&l->slot[i].doc);
    return st;
}

pdx_status pdx_ingest__fan_start(pdx_ingest *ing) {
    size_t shards = pdx_db_shard_count(ing->db);
    struct fanout *f = calloc(1, sizeof *f);
    if (!f)
        return PDX_ENOMEM;
    f->n_shards = shards;
    f->n_lanes = ing->opts.jobs < shards ? ing->opts.jobs : shards;
    f->lane = calloc(f->n_lanes, sizeof *f->lane);
    ing->fan = f;
    pdx_status st = f->lane ? PDX_OK : PDX_ENOMEM;
    if (!st && pthread_mutex_init(&f->mu, NULL) == 0) {
        if (pthread_cond_init(&f->changed, NULL) == 0)
            f->locks = true;
        else
            pthread_mutex_destroy(&f->mu);
    }
    if (!st && !f->locks)
        st = PDX_ENOMEM;
    if (!st && !(st = pdx_store__new(&f->builder, ing->db))) {
        pdx_store_weights w;
        pdx_store__get_weights(&w, ing->store);
        pdx_store__set_weights(f->builder, &w);
    }
    for (size_t g = 0; g < f->n_lanes && !st; g++) {
        f->lane[g].fan = f;
        st = open_lane(ing, &f->lane[g], g);
    }
    /* a new database holds no key yet */
    if (!st && !pdx_store__is_new(ing->store) && (st = preload(f)) && st != PDX_ENOMEM)
        st = pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(f->lane[0].db));
    for (size_t g = 0; g < f->n_lanes && !st; g++)
        if (pthread_create(&f->lane[g].thread, NULL, lane_main, &f->lane[g]) == 0)
            f->lane[g].started = true;
        else
            st = pdx_ingest__fail(ing, PDX_ENOMEM, "cannot start a writer thread");
    if (!st) {
        ing->sum.writers = (unsigned)f->n_lanes;
        return PDX_OK;
    }
    if (!pdx_ingest_errmsg(ing)[0])
        pdx_ingest__fail(ing, st, "starting the writers: %s",
                         pdx_db_errmsg(ing->db)[0] ? pdx_db_errmsg(ing->db) : pdx_status_str(st));
    pdx_ingest__fan_stop(ing);
    return st;
}

pdx_status pdx_ingest__fan_stop(pdx_ingest *ing) {
    struct fanout *f = ing->fan;
    if (!f)
        return PDX_OK;
    pdx_status st = PDX_OK;
    if (f->lane && f->locks) {
        pthread_mutex_lock(&f->mu);
        f->done = true;
        pthread_cond_broadcast(&f->changed);
        pthread_mutex_unlock(&f->mu);
        for (size_t g = 0; g < f->n_lanes; g++)
            if (f->lane[g].started)
                pthread_join(f->lane[g].thread, NULL);
        for (size_t g = 0; g < f->n_lanes; g++) {
            fan_lane *l = &f->lane[g];
            if (!st && l->st)
                st = pdx_ingest__fail(ing, l->st, "%s", pdx_db_errmsg(l->db));
            ing->sum.merged += l->merged;
            ing->sum.added -= l->merged; /* handle() counted every record as added */
            for (size_t i = 0; i < LANE_SLOTS; i++)
                pdx_store__doc_free(l->slot[i].doc);
            pdx_store__free(l->store);
            pdx_db_free(l->db); /* the group: its shards stay open in ing->db */
        }
        pthread_cond_destroy(&f->changed);
        pthread_mutex_destroy(&f->mu);
    } else if (f->lane) {
        for (size_t g = 0; g < f->n_lanes; g++) {
            for (size_t i = 0; i < LANE_SLOTS; i++)
                pdx_store__doc_free(f->lane[g].slot[i].doc);
            pdx_store__free(f->lane[g].store);
            pdx_db_free(f->lane[g].db);
        }
    }
    for (size_t i = 0; i < f->n_pend; i++) {
        free(f->pend_key[i]);
        pdx_buf__free(&f->pend_val[i]);
    }
    free(f->pend_key);
    free(f->pend_val);
    free(f->keys.key);
    free(f->keys.lane);
    pdx_buf__free(&f->hashes);
    pdx_store__free(f->builder);
    free(f->lane);
    free(f);
    ing->fan = NULL;
    return st;
}
