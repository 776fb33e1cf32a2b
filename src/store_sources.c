/*
 * store_sources.c — what the store keeps about an ingest beside the
 * papers: each input file's state (metadata "pdx.src.<key>", see
 * resume.c), whether a database is new, and the papers two databases
 * share a merge key for (the two halves of a two-shard ingest).  The
 * ingest driver asks these and never the index itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "store.h"

pdx_status pdx_store__state_get(char **out, size_t *n_out, pdx_store *s, const char *key) {
    char mk[64];
    pdx_schema__state_key(mk, sizeof mk, key);
    pdx_db *db = pdx_store__db(s);
    pdx_status st = pdx_index__meta_get(out, n_out, db->ix, mk);
    return st ? pdx_db__fail_ix(db, st) : PDX_OK;
}

pdx_status pdx_store__state_set(pdx_store *s, const char *key, const char *v, size_t n) {
    char mk[64];
    pdx_schema__state_key(mk, sizeof mk, key);
    pdx_db *db = pdx_store__db(s);
    pdx_status st = pdx_index__meta_set(db->ix, mk, v, n);
    return st ? pdx_db__fail_ix(db, st) : PDX_OK;
}

bool pdx_store__is_new(pdx_store *s) {
    pdx_db *db = pdx_store__db(s);
    uint64_t docs = 0;
    bool states = false;
    return !pdx_index__doccount(&docs, db->ix) && !docs &&
           !pdx_index__meta_has_prefix(&states, db->ix, PDX_META_SOURCE) && !states;
}

pdx_status pdx_store__doc_new(pdx_ixdoc **out) { return pdx_index__doc_new(out); }

void pdx_store__doc_free(pdx_ixdoc *doc) { pdx_index__doc_free(doc); }

static int by_docid(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Adds to `cand` the documents of `from` indexed by a term under `prefix`
 * that s's database has too: the two term lists walked side by side, both
 * sorted. */
static pdx_status shared_terms(pdx_buf *cand, pdx_ixdb *a, pdx_ixdb *b, const char *prefix) {
    size_t pl = strlen(prefix);
    pdx_ixterms *ia = NULL, *ib = NULL;
    pdx_status st = pdx_index__terms(&ia, a, prefix, pl);
    if (!st)
        st = pdx_index__terms(&ib, b, prefix, pl);
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
            st = pdx_index__postings(&ids, &n, b, tb, nb, SIZE_MAX);
            if (!st && n)
                pdx_buf__add(&st, cand, ids, n * sizeof *ids);
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
    return st;
}

pdx_status pdx_store__shared(uint32_t **out, size_t *n_out, pdx_store *s, pdx_store *from) {
    static const char *const prefixes[] = {PDX_PFX_ID, PDX_PFX_EXTID, PDX_PFX_TITLEKEY,
                                           PDX_PFX_ABSKEY};
    *out = NULL;
    *n_out = 0;
    pdx_db *db = pdx_store__db(s);
    pdx_buf cand = PDX_BUF_INIT; /* docids of `from`, uint32_t each */
    pdx_status st = PDX_OK;
    for (size_t k = 0; k < sizeof prefixes / sizeof *prefixes && !st; k++)
        if ((st = shared_terms(&cand, db->ix, pdx_store__db(from)->ix, prefixes[k])) &&
            st != PDX_ENOMEM)
            pdx_db__fail_ix(db, st);
    uint32_t *id = (uint32_t *)(void *)cand.p; /* malloc'd: aligned */
    size_t n = cand.n / sizeof *id, m = 0;
    if (st || !n) {
        pdx_buf__free(&cand);
        return st;
    }
    /* in reading order, each once */
    qsort(id, n, sizeof *id, by_docid);
    for (size_t i = 0; i < n; i++)
        if (!m || id[i] != id[m - 1])
            id[m++] = id[i];
    *out = id; /* the buffer's bytes, now the caller's */
    *n_out = m;
    return PDX_OK;
}
