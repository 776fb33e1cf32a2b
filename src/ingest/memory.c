/*
 * memory.c — the in-memory merge of an ingest with no database (`paperdex
 * parse`): records are merged by the same keys the store looks up in the
 * database, and handed to the caller at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/driver.h"
#include "schema.h"

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

pdx_status pdx_ingest__keep(pdx_ingest *ing, pdx_paper *p, bool *merged) {
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
    ing->kept_idx = idx;
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
            ing->kept_idx = idx;
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

