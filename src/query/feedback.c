/*
 * feedback.c — RM3 pseudo-relevance feedback and the clarity predictor.
 *
 * RM3 (Lavrenko and Croft's relevance model, interpolated with the query
 * as Abdul-Jaleel et al. and Anserini do it):
 *
 *   1. the first pass's top documents D are taken as relevant;
 *   2. each one's language model is its stem counts over its length in
 *      stems, P(w|D) = wdf(w, D) / |D|;
 *   3. each document weighs by its query likelihood P(Q|D) (Dirichlet
 *      smoothing, mu = 2000; normalised over D), or by its first-pass
 *      score (Anserini's choice) when fb_by_score;
 *   4. P(w|R) = sum over D of weight(D) * P(w|D); the fb_terms likeliest
 *      stems of two bytes or more and in at most fb_max_df of the papers
 *      (Anserini's 10%: the collection's own stopwords carry no topic),
 *      their probabilities renormalised to sum 1, are the expansion;
 *      rank.c interpolates it with the query (RM3's lambda).
 *
 * Anserini leaves the common stems out of the documents' models before
 * normalising them; here they are left out when the expansion is chosen,
 * so the document frequency is looked up for the few dozen likeliest
 * stems instead of every stem of ten documents (about 1,500 B-tree
 * look-ups, which cost more than the second pass).
 *
 * Example: "vitamin d cancer" on NFCorpus gives {vitamin 0.29, 25 0.086,
 * iu 0.065, defici 0.054, hydroxyvitamin 0.049, serum 0.047, d3 0.046,
 * ...}: the query's specific stem comes back, heavier, with the words
 * that go with it ("cancer" is in more than a tenth of the papers, so
 * only the query itself weighs it).
 *
 * The clarity of the model (Cronen-Townsend et al.) is the KL divergence,
 * in nats, of the expansion from the collection's model over the chosen
 * stems: a model close to the collection's (low clarity) says the top
 * documents share no topic, so feeding them back would drift; `auto`
 * feedback (rank.c) uses it.
 *
 * Every statistic comes from the index through the shim
 * (pdx_index__doc_vector, pdx_db__term_stats, which remembers the terms'
 * document frequencies on the handle); nothing is stored.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "query/query.h"
#include "schema.h"

#define RM_MU 2000.0 /* Dirichlet prior of the query likelihood */

typedef struct dv_entry {
    size_t t;     /* index in the term table */
    uint32_t wdf; /* occurrences in the document */
} dv_entry;

typedef struct docvec {
    dv_entry *e;
    size_t n, cap;
    double len;  /* every stem's wdf: the length of the document in stems */
} docvec;

typedef struct rm_ctx {
    pdx_map at;      /* stem → index in the arrays below */
    char **term;     /* the stems with their prefix, NUL-terminated (in names) */
    pdx_arena names; /* their bytes: a few allocations, not a thousand */
    size_t *n_term;  /* their lengths */
    double *p;       /* P(w|R), accumulated */
    size_t n, cap;
    docvec *cur;     /* the document being read */
} rm_ctx;

static pdx_status add_term(rm_ctx *c, const char *term, size_t n, size_t *out) {
    if (pdx_map__get(&c->at, term, n, out))
        return PDX_OK;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        char **t = realloc(c->term, cap * sizeof *t);
        if (t)
            c->term = t;
        size_t *nt = realloc(c->n_term, cap * sizeof *nt);
        if (nt)
            c->n_term = nt;
        double *p = realloc(c->p, cap * sizeof *p);
        if (p)
            c->p = p;
        if (!t || !nt || !p)
            return PDX_ENOMEM;
        c->cap = cap;
    }
    if (!(c->term[c->n] = pdx_arena__strndup(&c->names, term, n)))
        return PDX_ENOMEM;
    pdx_status st = pdx_map__put(&c->at, term, n, c->n);
    if (st)
        return st;
    c->n_term[c->n] = n;
    c->p[c->n] = 0;
    *out = c->n++;
    return PDX_OK;
}

static pdx_status on_doc_term(const char *term, size_t n, uint32_t wdf, uint32_t df,
                              void *payload) {
    (void)df;
    rm_ctx *c = payload;
    docvec *d = c->cur;
    d->len += wdf;
    size_t t;
    pdx_status st = add_term(c, term, n, &t);
    if (st)
        return st;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 128;
        dv_entry *e = realloc(d->e, cap * sizeof *e);
        if (!e)
            return PDX_ENOMEM;
        d->e = e;
        d->cap = cap;
    }
    d->e[d->n++] = (dv_entry){t, wdf};
    return PDX_OK;
}

typedef struct qterm {
    size_t t;     /* index in the term table */
    uint32_t wqf; /* times in the query */
    double pc;    /* P(w|C) */
} qterm;

typedef struct qterms {
    rm_ctx *c;
    qterm *v;
    size_t n, cap;
} qterms;

static pdx_status on_query_term(const char *term, size_t n, uint32_t wqf, uint32_t df,
                                void *payload) {
    (void)df;
    qterms *q = payload;
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 16;
        qterm *v = realloc(q->v, cap * sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        q->v = v;
        q->cap = cap;
    }
    size_t t;
    pdx_status st = add_term(q->c, term, n, &t);
    if (!st)
        q->v[q->n++] = (qterm){t, wqf, 0};
    return st;
}

typedef struct ranked_term {
    double p;
    size_t t;
} ranked_term;

static int by_p_desc(const void *a, const void *b) {
    const ranked_term *x = a, *y = b;
    if (x->p != y->p)
        return x->p > y->p ? -1 : 1;
    return (x->t > y->t) - (x->t < y->t); /* the same order on every run */
}

/* Step 2 and the statistics it needs: the query's stems into qt (first,
 * so they keep the first places in the term table), each feedback
 * document's stems into dv[i], and each query stem's P(w|C).
 * *c_len_out is the collection's length in stems, estimated from the
 * feedback documents' share of stems among all their terms (Xapian keeps
 * only the total over every prefix). */
static pdx_status read_models(double *c_len_out, rm_ctx *c, qterms *qt, docvec *dv, pdx_db *db,
                              const pdx_ixquery *q, const uint32_t *ids, size_t n_docs,
                              uint64_t coll_len) {
    const char *pfx = PDX_PFX_STEM;
    size_t n_pfx = strlen(pfx);
    *c_len_out = 0;
    pdx_status st = pdx_index__q_terms(q, pfx, n_pfx, on_query_term, qt);
    /* The documents' stems, and their lengths: in stems, and over every
     * term (to scale the collection's length to stems below). */
    double z_len = 0, all_len = 0;
    for (size_t i = 0; !st && i < n_docs; i++) {
        c->cur = &dv[i];
        st = pdx_index__doc_vector(db->ix, ids[i], pfx, n_pfx, false, on_doc_term, c);
        uint64_t dl = 0;
        if (!st)
            st = pdx_index__doc_length(&dl, db->ix, ids[i]);
        z_len += dv[i].len;
        all_len += (double)dl;
    }
    double c_len = all_len > 0 ? (double)coll_len * z_len / all_len : 0;
    for (size_t j = 0; !st && j < qt->n; j++) {
        uint64_t df = 0, cf = 0;
        st = pdx_db__term_stats(&df, &cf, db, c->term[qt->v[j].t], c->n_term[qt->v[j].t]);
        qt->v[j].pc = c_len > 0 ? (double)cf / c_len : 0;
    }
    *c_len_out = c_len;
    return st;
}

/* Step 3: the documents' weights into w[0..n_docs), their query
 * likelihoods scaled so the best is 1 (or the first-pass scores when
 * rk->fb_by_score); returns their sum, the normaliser of step 4. */
static double doc_weights(double *w, const docvec *dv, size_t n_docs, const qterms *qt,
                          const double *scores, const pdx_ranking *rk) {
    double best = -HUGE_VAL, wsum = 0;
    for (size_t i = 0; i < n_docs; i++) {
        if (rk->fb_by_score) {
            w[i] = scores ? scores[i] : 1;
            continue;
        }
        double ll = 0;
        for (size_t j = 0; j < qt->n; j++) {
            if (qt->v[j].pc <= 0)
                continue; /* in no paper: the same factor for every document */
            double tf = 0;
            for (size_t e = 0; e < dv[i].n; e++)
                if (dv[i].e[e].t == qt->v[j].t) {
                    tf = dv[i].e[e].wdf;
                    break;
                }
            ll += qt->v[j].wqf * log((tf + RM_MU * qt->v[j].pc) / (dv[i].len + RM_MU));
        }
        w[i] = ll;
        if (ll > best)
            best = ll;
    }
    for (size_t i = 0; !rk->fb_by_score && i < n_docs; i++)
        w[i] = exp(w[i] - best);
    for (size_t i = 0; i < n_docs; i++)
        wsum += w[i] > 0 ? w[i] : 0;
    return wsum;
}

/* Restores the heap h[0..n) (the first by by_p_desc on top) below i. */
static void sift_down(ranked_term *h, size_t n, size_t i) {
    for (;;) {
        size_t l = 2 * i + 1, top = i;
        if (l < n && by_p_desc(&h[l], &h[top]) < 0)
            top = l;
        if (l + 1 < n && by_p_desc(&h[l + 1], &h[top]) < 0)
            top = l + 1;
        if (top == i)
            return;
        ranked_term x = h[i];
        h[i] = h[top];
        h[top] = x;
        i = top;
    }
}

/* A chunk of stems whose frequencies are asked for together. */
typedef struct chunk {
    ranked_term *rt;
    const char **term;
    size_t *n;
    uint64_t *df;
    size_t cap;
} chunk;

static pdx_status chunk_reserve(chunk *ch, size_t m) {
    if (m <= ch->cap)
        return PDX_OK;
    ranked_term *rt = realloc(ch->rt, m * sizeof *rt);
    if (rt)
        ch->rt = rt;
    const char **term = rt ? realloc(ch->term, m * sizeof *term) : NULL;
    if (term)
        ch->term = term;
    size_t *n = term ? realloc(ch->n, m * sizeof *n) : NULL;
    if (n)
        ch->n = n;
    uint64_t *df = n ? realloc(ch->df, m * sizeof *df) : NULL;
    if (!df)
        return PDX_ENOMEM;
    ch->df = df;
    ch->cap = m;
    return PDX_OK;
}

static void chunk_free(chunk *ch) {
    free(ch->rt);
    free(ch->term);
    free(ch->n);
    free(ch->df);
}

/* Step 4's choice: the rk->fb_terms likeliest stems of two bytes or more
 * in at most max_df papers (0: no limit), best first, into
 * (*rt_out)[0..*k_out), with their collection frequencies in *cf_out
 * (looked up only for `auto`, which wants the clarity). *rt_out and
 * *cf_out are the caller's to free on every path. */
static pdx_status choose_stems(ranked_term **rt_out, double **cf_out, size_t *k_out,
                               const rm_ctx *c, pdx_db *db, const pdx_ranking *rk, double max_df) {
    size_t n_pfx = strlen(PDX_PFX_STEM), n_cand = 0, k = 0;
    ranked_term *rt = NULL;
    double *cf_of = NULL;
    pdx_status st = PDX_OK;
    if (c->n && !(rt = malloc(c->n * sizeof *rt)))
        st = PDX_ENOMEM;
    for (size_t t = 0; !st && t < c->n; t++)
        if (c->p[t] > 0 && c->n_term[t] >= n_pfx + 2)
            rt[n_cand++] = (ranked_term){c->p[t], t};
    /* Likeliest first, as a heap: the loop below takes a few dozen of the
     * thousand-odd stems, and sorting them all cost as much as the rest
     * of the model. */
    for (size_t i = n_cand / 2; !st && i-- > 0;)
        sift_down(rt, n_cand, i);
    ranked_term *keep = NULL;
    if (!st && rk->fb_terms && (!(cf_of = malloc(rk->fb_terms * sizeof *cf_of)) ||
                                !(keep = malloc(rk->fb_terms * sizeof *keep))))
        st = PDX_ENOMEM;
    bool want_cf = rk->feedback == PDX_FEEDBACK_AUTO;
    /* The likeliest stems in turn, their frequencies asked for a chunk at
     * a time: with a remote shard a chunk is a round trip a server where a
     * stem was one, and as most stems are common words that max_df
     * rejects, a chunk is four times the stems still wanted; locally a
     * look-up costs no round trip, so no more are looked up than are
     * still wanted (as many as one at a time would). */
    size_t ahead = pdx_index__has_remote(db->ix) ? 4 : 1;
    chunk ch = {0};
    while (!st && n_cand && k < rk->fb_terms) {
        size_t want = ahead * (rk->fb_terms - k), m = 0;
        if (!(st = chunk_reserve(&ch, want)))
            for (; m < want && n_cand; m++) {
                ch.rt[m] = rt[0];
                ch.term[m] = c->term[rt[0].t];
                ch.n[m] = c->n_term[rt[0].t];
                rt[0] = rt[--n_cand];
                sift_down(rt, n_cand, 0);
            }
        if (!st)
            st = pdx_db__term_dfs(ch.df, db, ch.term, ch.n, m);
        for (size_t i = 0; !st && i < m && k < rk->fb_terms; i++) {
            uint64_t df = ch.df[i], cf = 0;
            if (max_df > 0 && (double)df > max_df)
                continue;
            if (want_cf)
                st = pdx_db__term_stats(&df, &cf, db, ch.term[i], ch.n[i]);
            cf_of[k] = (double)cf;
            keep[k++] = ch.rt[i];
        }
    }
    chunk_free(&ch);
    if (k)
        memcpy(rt, keep, k * sizeof *rt);
    free(keep);
    *rt_out = rt;
    *cf_out = cf_of;
    *k_out = k;
    return st;
}

/* The chosen stems rt[0..k) as the OR of term queries, each scaled by its
 * probability renormalised over the k; *clarity_out sums the clarity as
 * it goes (c_len: the collection's length in stems). The outs are set
 * only on success. */
static pdx_status expansion(pdx_ixquery **out, size_t *n_out, double *clarity_out,
                            const rm_ctx *c, const ranked_term *rt, const double *cf_of, size_t k,
                            double c_len) {
    pdx_ixquery **parts = NULL;
    size_t n_parts = 0;
    double psum = 0, clarity = 0;
    pdx_status st = PDX_OK;
    for (size_t j = 0; j < k; j++)
        psum += rt[j].p;
    if (k && !(parts = calloc(k, sizeof *parts)))
        st = PDX_ENOMEM;
    for (size_t j = 0; !st && j < k; j++) {
        double p = rt[j].p / psum;
        if (cf_of[j] > 0 && c_len > 0)
            clarity += p * log(p / (cf_of[j] / c_len));
        pdx_ixquery *tq = NULL;
        if (!(st = pdx_index__q_term(&tq, c->term[rt[j].t], c->n_term[rt[j].t], 1, 0))) {
            st = pdx_index__q_scale(&parts[n_parts], tq, p);
            if (!st)
                n_parts++;
            pdx_index__q_free(tq);
        }
    }
    if (!st && n_parts)
        st = pdx_index__q_combine(out, PDX_QOP_OR, parts, n_parts, 0);
    if (!st) {
        *n_out = n_parts;
        *clarity_out = clarity;
    }
    for (size_t j = 0; j < n_parts; j++)
        pdx_index__q_free(parts[j]);
    free(parts);
    return st;
}

pdx_status pdx_feedback__rm3(pdx_ixquery **out, size_t *n_out, double *clarity_out, pdx_db *db,
                             const pdx_ixquery *q, const uint32_t *ids, const double *scores,
                             size_t n_docs, const pdx_ranking *rk) {
    *out = NULL;
    *n_out = 0;
    *clarity_out = 0;
    rm_ctx c = {0};
    qterms qt = {0};
    qt.c = &c;
    docvec *dv = calloc(n_docs ? n_docs : 1, sizeof *dv);
    double *w = calloc(n_docs ? n_docs : 1, sizeof *w);
    ranked_term *rt = NULL;
    double *cf_of = NULL;
    size_t k = 0;
    uint64_t n_coll = 0, coll_len = 0;
    double c_len = 0;
    pdx_status st = dv && w ? PDX_OK : PDX_ENOMEM;
    if (!st)
        st = pdx_index__collection(&n_coll, &coll_len, db->ix);
    double max_df = rk->fb_max_df > 0 && rk->fb_max_df < 1 ? rk->fb_max_df * (double)n_coll : 0;
    if (!st)
        st = read_models(&c_len, &c, &qt, dv, db, q, ids, n_docs, coll_len);
    if (!st) {
        /* step 4: P(w|R) */
        double wsum = doc_weights(w, dv, n_docs, &qt, scores, rk);
        for (size_t i = 0; wsum > 0 && i < n_docs; i++) {
            if (w[i] <= 0 || dv[i].len <= 0)
                continue;
            double f = w[i] / wsum / dv[i].len;
            for (size_t e = 0; e < dv[i].n; e++)
                c.p[dv[i].e[e].t] += f * dv[i].e[e].wdf;
        }
        st = choose_stems(&rt, &cf_of, &k, &c, db, rk, max_df);
    }
    if (!st)
        st = expansion(out, n_out, clarity_out, &c, rt, cf_of, k, c_len);
    free(cf_of);
    free(rt);
    for (size_t i = 0; dv && i < n_docs; i++)
        free(dv[i].e);
    free(dv);
    free(w);
    free(qt.v);
    pdx_arena__free(&c.names);
    free(c.term);
    free(c.n_term);
    free(c.p);
    pdx_map__free(&c.at);
    return st;
}
