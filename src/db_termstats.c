/*
 * db_termstats.c — the handle's cache of terms' collection statistics
 * (pdx_db__term_stats).  RM3 asks for the document frequency of some
 * eighty stems a query, most of them the collection's common words that
 * fb_max_df then rejects; each is a B-tree look-up, a tenth of a query's
 * time.  A long-lived handle asks for the same ones again and again.
 */
#include <stdlib.h>

#include "db.h"
#include "util/map.h"

/* Enough for the stems of a few thousand queries; a full cache starts
 * over rather than keeping a policy for what to evict. */
#define TERMSTATS_MAX 65536

/* cf UINT64_MAX: not looked up yet (it costs a second look-up) */
typedef struct termstat {
    uint64_t df, cf;
} termstat;

struct pdx_termstats {
    pdx_map at; /* term → index in v */
    termstat *v;
    size_t n, cap;
    uint64_t docs, length; /* the collection's, when v was read */
};

static void forget(struct pdx_termstats *c) {
    pdx_map__free(&c->at);
    c->at = (pdx_map)PDX_MAP_INIT;
    c->n = 0;
}

/* The cache, emptied if the collection changed since it was filled; NULL
 * (no cache, every look-up goes to the index) when out of memory. */
static struct pdx_termstats *cache_of(pdx_status *st, pdx_db *db) {
    uint64_t docs = 0, length = 0;
    if ((*st = pdx_index__collection(&docs, &length, db->ix)))
        return NULL;
    struct pdx_termstats *c = db->termstats;
    if (!c && !(c = db->termstats = calloc(1, sizeof *c)))
        return NULL;
    if (c->docs != docs || c->length != length || c->n >= TERMSTATS_MAX) {
        forget(c);
        c->docs = docs;
        c->length = length;
    }
    return c;
}

/* Remembers ts for term[0..n): a known term only gains its cf. */
static void remember(struct pdx_termstats *c, const char *term, size_t n, termstat ts) {
    size_t at = 0;
    if (pdx_map__get(&c->at, term, n, &at)) {
        if (ts.cf != UINT64_MAX)
            c->v[at] = ts;
        return;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 256;
        termstat *v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return; /* the figures are right; only not remembered */
        c->v = v;
        c->cap = cap;
    }
    if (pdx_map__put(&c->at, term, n, c->n) == PDX_OK)
        c->v[c->n++] = ts;
}

pdx_status pdx_db__term_stats(uint64_t *df_out, uint64_t *cf_out, pdx_db *db, const char *term,
                              size_t n) {
    pdx_status st = PDX_OK;
    struct pdx_termstats *c = cache_of(&st, db);
    if (st)
        return st;
    size_t at = 0;
    if (c && pdx_map__get(&c->at, term, n, &at) && (!cf_out || c->v[at].cf != UINT64_MAX)) {
        *df_out = c->v[at].df;
        if (cf_out)
            *cf_out = c->v[at].cf;
        return PDX_OK;
    }
    if ((st = pdx_index__term_stats(df_out, cf_out, db->ix, term, n)))
        return st;
    if (c)
        remember(c, term, n, (termstat){*df_out, cf_out ? *cf_out : UINT64_MAX});
    return PDX_OK;
}

pdx_status pdx_db__term_dfs(uint64_t *df_out, pdx_db *db, const char *const *terms,
                            const size_t *n, size_t count) {
    pdx_status st = PDX_OK;
    struct pdx_termstats *c = cache_of(&st, db);
    if (st)
        return st;
    /* the ones not remembered, asked for together */
    const char **ask = malloc((count ? count : 1) * sizeof *ask);
    size_t *ask_n = malloc((count ? count : 1) * sizeof *ask_n);
    size_t *slot = malloc((count ? count : 1) * sizeof *slot);
    uint64_t *got = malloc((count ? count : 1) * sizeof *got);
    size_t k = 0;
    if (!ask || !ask_n || !slot || !got)
        st = PDX_ENOMEM;
    for (size_t i = 0; !st && i < count; i++) {
        size_t at = 0;
        if (c && pdx_map__get(&c->at, terms[i], n[i], &at)) {
            df_out[i] = c->v[at].df;
            continue;
        }
        ask[k] = terms[i];
        ask_n[k] = n[i];
        slot[k++] = i;
    }
    if (!st && k)
        st = pdx_index__term_freqs(got, db->ix, ask, ask_n, k);
    for (size_t j = 0; !st && j < k; j++) {
        df_out[slot[j]] = got[j];
        if (c)
            remember(c, ask[j], ask_n[j], (termstat){got[j], UINT64_MAX});
    }
    free(ask);
    free(ask_n);
    free(slot);
    free(got);
    return st;
}

void pdx_db__term_stats_free(pdx_db *db) {
    if (!db->termstats)
        return;
    pdx_map__free(&db->termstats->at);
    free(db->termstats->v);
    free(db->termstats);
    db->termstats = NULL;
}
