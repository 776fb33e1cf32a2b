/*
 * parse_nodes.c — combining the parsed pieces of a query: AND, OR, NOT and
 * juxtaposition, keeping track of what each piece does (ranks, filters,
 * excludes) so that filters weigh nothing and exclusions can stand alone.
 */
#include <stdlib.h>
#include <string.h>

#include "query/parse.h"

void pdx_parse__node_free(node *x) {
    pdx_index__q_free(x->q);
    pdx_index__q_free(x->plain);
    x->q = x->plain = NULL;
    x->k = K_NONE;
}

/* `q` scaled by `w`, consuming `q`; NULL when w is 0. */
pdx_status pdx_parse__scaled(pdx_ixquery **out, pdx_ixquery *q, double w) {
    *out = NULL;
    if (w == 1.0) {
        *out = q;
        return PDX_OK;
    }
    pdx_status st = w > 0 ? pdx_index__q_scale(out, q, w) : PDX_OK;
    pdx_index__q_free(q);
    return st;
}

/* Combines `parts` with `op`, then frees the parts. */
pdx_status pdx_parse__combine(pdx_ixquery **out, pdx_qop op, pdx_ixquery **parts, size_t n,
                              unsigned window) {
    pdx_status st = pdx_index__q_combine(out, op, parts, n, window);
    for (size_t i = 0; i < n; i++)
        pdx_index__q_free(parts[i]);
    return st;
}

/* a op b, consuming both. */
pdx_status pdx_parse__combine2(pdx_ixquery **out, pdx_qop op, pdx_ixquery *a, pdx_ixquery *b) {
    pdx_ixquery *v[2] = {a, b};
    return pdx_parse__combine(out, op, v, 2, 0);
}

/* ---- combining ------------------------------------------------------- */

node pdx_parse__negate(node x) {
    pdx_index__q_free(x.plain);
    x.plain = NULL;
    x.stop = x.bag = false;
    if (x.k == K_NEG)
        x.k = K_FILTER; /* NOT NOT a: only papers with a */
    else if (x.k != K_NONE)
        x.k = K_NEG;
    return x;
}

/* A negative node as a filter of its own: everything but it. */
pdx_status pdx_parse__neg_to_filter(node *x) {
    pdx_ixquery *all = NULL;
    pdx_status st = pdx_index__q_all(&all);
    if (!st) {
        st = pdx_parse__combine2(&x->q, PDX_QOP_AND_NOT, all, x->q);
        x->k = K_FILTER;
    }
    return st;
}

pdx_status pdx_parse__and(node *out, node a, node b) {
    memset(out, 0, sizeof *out);
    pdx_index__q_free(a.plain);
    pdx_index__q_free(b.plain);
    if (a.k == K_NONE || b.k == K_NONE) {
        *out = a.k == K_NONE ? b : a;
        out->plain = NULL;
        out->stop = out->bag = false;
        return PDX_OK;
    }
    if (a.k == K_NEG && b.k != K_NEG) {
        node t = a;
        a = b;
        b = t;
    }
    pdx_status st;
    if (a.k == K_NEG) { /* NOT x AND NOT y: neither */
        st = pdx_parse__combine2(&out->q, PDX_QOP_OR, a.q, b.q);
        out->k = K_NEG;
    } else if (b.k == K_NEG) {
        st = pdx_parse__combine2(&out->q, PDX_QOP_AND_NOT, a.q, b.q);
        out->k = a.k;
    } else if (a.k == K_FILTER && b.k == K_FILTER) {
        st = pdx_parse__combine2(&out->q, PDX_QOP_AND, a.q, b.q);
        out->k = K_FILTER;
    } else if (a.k == K_FILTER || b.k == K_FILTER) {
        bool af = a.k == K_FILTER;
        st = pdx_parse__combine2(&out->q, PDX_QOP_FILTER, af ? b.q : a.q, af ? a.q : b.q);
        out->k = K_POS;
    } else {
        st = pdx_parse__combine2(&out->q, PDX_QOP_AND, a.q, b.q);
        out->k = K_POS;
    }
    return st;
}

pdx_status pdx_parse__or(node *out, node a, node b) {
    memset(out, 0, sizeof *out);
    pdx_index__q_free(a.plain);
    pdx_index__q_free(b.plain);
    a.plain = b.plain = NULL;
    if (a.k == K_NONE || b.k == K_NONE) {
        *out = a.k == K_NONE ? b : a;
        out->stop = false;
        return PDX_OK;
    }
    pdx_status st = PDX_OK;
    if (a.k == K_NEG)
        st = pdx_parse__neg_to_filter(&a);
    if (!st && b.k == K_NEG)
        st = pdx_parse__neg_to_filter(&b);
    if (st) {
        pdx_parse__node_free(&a);
        pdx_parse__node_free(&b);
        return st;
    }
    out->bag = a.bag && b.bag;
    out->k = a.k == K_POS || b.k == K_POS ? K_POS : K_FILTER;
    return pdx_parse__combine2(&out->q, PDX_QOP_OR, a.q, b.q);
}

/* A sequence's items sorted by kind, before they are combined. */
typedef struct buckets {
    pdx_ixquery **pos, **filt, **neg; /* ranked (with proximity pairs), filters, exclusions */
    size_t np, nf, nn;
    bool bag; /* every ranked item is free words */
} buckets;

/* The near pair of the previous content word's plain form and x's, scaled
 * by the ranking's near_weight, appended to the ranked items. */
static pdx_status add_near_pair(buckets *b, parser *p, pdx_ixquery *prev, const node *x) {
    pdx_ixquery *pair = NULL, *v[2] = {prev, x->plain};
    pdx_status st = pdx_index__q_combine(&pair, PDX_QOP_NEAR, v, 2, p->rk->near_window);
    if (!st)
        st = pdx_parse__scaled(&b->pos[b->np], pair, p->rk->near_weight);
    if (!st && b->pos[b->np])
        b->np++;
    return st;
}

/* Sorts the items' queries into `out` (function words dropped unless
 * nothing else is left), consuming the items. */
static pdx_status sort_items(buckets *out, parser *p, node *items, size_t n) {
    memset(out, 0, sizeof *out);
    out->bag = true;
    pdx_status st = PDX_OK;
    bool any_content = false;
    for (size_t i = 0; i < n; i++)
        any_content |= items[i].k == K_POS && !items[i].stop;
    if (p->rk->keep_stopwords)
        any_content = false;
    out->pos = calloc(2 * n + 1, sizeof *out->pos);
    out->filt = calloc(n + 1, sizeof *out->filt);
    out->neg = calloc(n + 1, sizeof *out->neg);
    if (!out->pos || !out->filt || !out->neg)
        st = PDX_ENOMEM;
    pdx_ixquery *prev = NULL; /* the previous content word's plain form */
    for (size_t i = 0; i < n; i++) {
        node *x = &items[i];
        if (x->k == K_POS && any_content && x->stop) {
            pdx_parse__node_free(x);
            continue;
        }
        if (!st && x->k == K_POS && x->plain && prev && p->rk->near_weight > 0)
            st = add_near_pair(out, p, prev, x);
        if (x->k == K_POS) {
            pdx_index__q_free(prev);
            prev = x->plain;
            x->plain = NULL;
        }
        if (st) {
            pdx_parse__node_free(x);
            continue;
        }
        switch (x->k) {
        case K_POS:
            out->pos[out->np++] = x->q;
            out->bag &= x->bag;
            break;
        case K_FILTER: out->filt[out->nf++] = x->q; break;
        case K_NEG: out->neg[out->nn++] = x->q; break;
        case K_NONE: break;
        }
        x->q = NULL;
        pdx_parse__node_free(x);
    }
    pdx_index__q_free(prev);
    return st;
}

static void buckets_free(buckets *b) {
    for (size_t i = 0; i < b->np; i++)
        pdx_index__q_free(b->pos[i]);
    for (size_t i = 0; i < b->nf; i++)
        pdx_index__q_free(b->filt[i]);
    for (size_t i = 0; i < b->nn; i++)
        pdx_index__q_free(b->neg[i]);
    free(b->pos);
    free(b->filt);
    free(b->neg);
}

/* The node of a sequence's parts: the ranked words restricted by the
 * filters, else the filters alone, else the exclusions alone; minus the
 * exclusions when there is anything else. */
static pdx_status seq_node(node *out, const seqparts *parts) {
    pdx_status st = PDX_OK;
    pdx_ixquery *q = NULL;
    if (parts->rank) {
        st = pdx_index__q_combine(&q, PDX_QOP_OR, &parts->rank, 1, 0);
        out->k = K_POS;
        if (!st && parts->filter) {
            const pdx_ixquery *v[2] = {q, parts->filter};
            pdx_ixquery *f = NULL;
            st = pdx_index__q_combine(&f, PDX_QOP_FILTER, (pdx_ixquery *const *)v, 2, 0);
            pdx_index__q_free(q);
            q = f;
        }
    } else if (parts->filter) {
        st = pdx_index__q_combine(&q, PDX_QOP_AND, &parts->filter, 1, 0);
        out->k = K_FILTER;
    }
    if (!st && q && parts->exclude) {
        const pdx_ixquery *v[2] = {q, parts->exclude};
        pdx_ixquery *f = NULL;
        st = pdx_index__q_combine(&f, PDX_QOP_AND_NOT, (pdx_ixquery *const *)v, 2, 0);
        pdx_index__q_free(q);
        q = f;
    } else if (!st && !q && parts->exclude) {
        st = pdx_index__q_combine(&q, PDX_QOP_OR, &parts->exclude, 1, 0);
        out->k = K_NEG;
    }
    out->q = q;
    out->bag = parts->bag && !parts->filter && !parts->exclude;
    if (!q)
        out->k = K_NONE;
    return st;
}

/* Juxtaposed items: the ranked OR of the positive ones (function words
 * dropped unless nothing else is left; adjacent free words near each other
 * weigh more when the ranking asks), restricted by the filters, minus the
 * exclusions.  Consumes the items. */
pdx_status pdx_parse__seq(node *out, seqparts *parts, parser *p, node *items, size_t n) {
    memset(out, 0, sizeof *out);
    memset(parts, 0, sizeof *parts);
    buckets b;
    pdx_status st = sort_items(&b, p, items, n);
    if (!st && b.np)
        st = pdx_index__q_combine(&parts->rank, PDX_QOP_OR, b.pos, b.np, 0);
    if (!st && b.nf)
        st = pdx_index__q_combine(&parts->filter, PDX_QOP_AND, b.filt, b.nf, 0);
    if (!st && b.nn)
        st = pdx_index__q_combine(&parts->exclude, PDX_QOP_OR, b.neg, b.nn, 0);
    parts->bag = b.np && b.bag;
    buckets_free(&b);
    if (!st)
        st = seq_node(out, parts);
    if (n == 1 && out->k == K_POS && items[0].stop)
        out->stop = true;
    return st;
}

void pdx_parse__parts_free(seqparts *s) {
    pdx_index__q_free(s->rank);
    pdx_index__q_free(s->filter);
    pdx_index__q_free(s->exclude);
    memset(s, 0, sizeof *s);
}
