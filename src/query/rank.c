/*
 * rank.c — how topic queries are ranked, and running them.
 *
 * The defaults below are what the protocol of docs/ranking.md chose: tuned
 * on the five shared collections together, a setting is kept only if it
 * raises the mean nDCG@10 and leaves no collection more than 1% below
 * plain BM25 (tools/sweep.sh measures it all).  They are few and textbook,
 * because the product is judged on collections we do not have:
 *
 *   BM25 with k1 = 1.2, b = 0.75;
 *   titles count more, twice: in the index (a title word has wdf 2 in the
 *   whole text, BM25F's way, saturating with the rest of the document) and
 *   at query time (a word's title-only stem adds a quarter of its weight);
 *   English function words dropped from free text;
 *   pseudo-relevance feedback, RM3 (feedback.c): the first pass's ten best
 *   hits are taken as relevant, their relevance model gives the twenty
 *   likeliest stems found in at most a tenth of the papers, and a second
 *   pass ORs them in, weighing together half as much as the query's own
 *   content words (RM3's original-query weight 2/3); for speed it
 *   re-ranks candidates only, the first pass's top 100 and the ten papers
 *   the expansion's three likeliest stems rank best (second_pass), which
 *   measured the same nDCG@10 as an expansion over the whole collection
 *   (docs/ranking.md).
 *
 * Proximity (near_weight: neighbouring query words within near_window
 * words of each other add near_weight of their weight) is off: it failed
 * the protocol alone.  When asked for, feedback's second pass leaves out
 * the proximity pairs (pdx_parsed.plain): on words most papers contain,
 * Xapian checks positions for nearly every candidate of a NEAR, which
 * took seconds per query at a million papers, and keeping them there
 * measured no better (fb_near keeps them).
 *
 * feedback = auto runs the feedback only when the relevance model's
 * clarity reaches fb_auto_clarity; it is measured, not the default (see
 * docs/ranking.md).  Feedback needs the first pass's ranking, so it is
 * skipped when results are sorted by date (the expansion would reflect
 * an arbitrary top).
 */
#include <stdlib.h>
#include <string.h>

#include "query/query.h"
#include "schema.h"

void pdx_ranking_default(pdx_ranking *out) {
    memset(out, 0, sizeof *out);
    out->weighting = PDX_WEIGHT_BM25;
    out->k1 = 1.2;
    out->b = 0.75;
    out->title_weight = 0.25;
    /* Proximity (0.25 within 10 words) alone left ADI 1.3% below plain
     * BM25, and beside feedback it adds 0.001 to the mean nDCG@10 (less
     * than one query's worth) for a NEAR that checks positions: off. */
    out->near_weight = 0;
    out->near_window = 10;
    out->feedback = PDX_FEEDBACK_ON;
    out->fb_method = PDX_FB_RM3;
    out->fb_docs = 10;
    out->fb_min_matches = 0;
    /* RM3 with Anserini's 10 documents; 20 stems weighing half as much as
     * the query's words (RM3's original-query weight 2/3): Anserini's 10
     * stems at weight 1 (1/2) left LISA and ADI 1.1% and 1.4% below plain
     * BM25, so failed the protocol (docs/ranking.md). */
    out->fb_terms = 20;
    out->fb_weight = 0.5;
    out->fb_max_df = 0.1;
    /* the second pass re-ranks the first pass's top 100 and the
     * expansion's own top 10 by its three likeliest stems (docs/ranking.md,
     * "Speed"): it reads a hundred-odd papers' postings instead of
     * walking every match of the query and of twenty expansion stems,
     * for the same nDCG@10 (0.4947 against 0.4948 over the five) */
    out->fb_depth = 100;
    out->fb_widen = 10;
    out->fb_widen_terms = 3;
    /* auto: feedback when the relevance model's clarity reaches 5 nats
     * (about three queries in four on the shared collections) */
    out->fb_auto_clarity = 5.0;
}

static pdx_ixweight ix_weighting(pdx_weighting w) {
    switch (w) {
    case PDX_WEIGHT_BM25PLUS: return PDX_IXW_BM25PLUS;
    case PDX_WEIGHT_LM: return PDX_IXW_LM;
    case PDX_WEIGHT_PL2: return PDX_IXW_PL2;
    case PDX_WEIGHT_DPH: return PDX_IXW_DPH;
    case PDX_WEIGHT_INL2: return PDX_IXW_INL2;
    case PDX_WEIGHT_BM25: break;
    }
    return PDX_IXW_BM25;
}

const char *const pdx_query__facets[3] = {PDX_PFX_YEAR, PDX_PFX_CATEGORY, PDX_PFX_AUTHOR_FULL};

static pdx_status run_once(pdx_ixmset **out, pdx_db *db, const pdx_ixquery *q,
                           const pdx_ranking *rk, unsigned first, unsigned max, int sort_slot,
                           bool facets, bool ids_only) {
    pdx_ixsearch s = {0};
    s.ids_only = ids_only;
    s.first = first;
    s.max = max;
    s.check_at_least = first + max + 1; /* so a total of max is known exactly */
    s.sort_slot = sort_slot;
    s.sort_descending = true;
    s.k1 = rk->k1;
    s.b = rk->b;
    s.weighting = ix_weighting(rk->weighting);
    s.param = rk->param;
    if (facets) {
        s.facets = pdx_query__facets;
        s.n_facets = 3;
    }
    pdx_status st = pdx_index__search(out, db->ix, q, &s);
    return st ? pdx_db__fail_ix(db, st) : PDX_OK;
}

/* The expanded query: for free words, the expansion is OR-ed in, so it may
 * bring papers that use other words for the same thing, and the filters
 * and exclusions are applied after; for anything else (phrases, AND, field
 * searches) it only re-ranks what the query matches. */
static pdx_status expanded(pdx_ixquery **out, const pdx_parsed *pq, const pdx_ixquery *exp,
                           double weight, bool rerank) {
    *out = NULL;
    pdx_ixquery *sc = NULL, *q = NULL, *t = NULL;
    pdx_status st = pdx_index__q_scale(&sc, exp, weight);
    if (!st && pq->bag) {
        const pdx_ixquery *v[2] = {pq->rank, sc};
        st = pdx_index__q_combine(&q, rerank ? PDX_QOP_AND_MAYBE : PDX_QOP_OR,
                                  (pdx_ixquery *const *)v, 2, 0);
        if (!st && pq->filter) {
            const pdx_ixquery *w[2] = {q, pq->filter};
            st = pdx_index__q_combine(&t, PDX_QOP_FILTER, (pdx_ixquery *const *)w, 2, 0);
            pdx_index__q_free(q);
            q = t;
        }
        if (!st && pq->exclude) {
            const pdx_ixquery *w[2] = {q, pq->exclude};
            st = pdx_index__q_combine(&t, PDX_QOP_AND_NOT, (pdx_ixquery *const *)w, 2, 0);
            pdx_index__q_free(q);
            q = t;
        }
    } else if (!st) {
        const pdx_ixquery *v[2] = {pq->q, sc};
        st = pdx_index__q_combine(&q, PDX_QOP_AND_MAYBE, (pdx_ixquery *const *)v, 2, 0);
    }
    pdx_index__q_free(sc);
    if (st) {
        pdx_index__q_free(q);
        return st;
    }
    *out = q;
    return PDX_OK;
}

/* `x` with a bag of words' filters and exclusions applied; takes `x`. */
static pdx_status filtered(pdx_ixquery **out, const pdx_parsed *pq, pdx_ixquery *x) {
    *out = NULL;
    pdx_status st = PDX_OK;
    pdx_ixquery *t = NULL;
    if (pq->bag && pq->filter) {
        const pdx_ixquery *w[2] = {x, pq->filter};
        st = pdx_index__q_combine(&t, PDX_QOP_FILTER, (pdx_ixquery *const *)w, 2, 0);
        pdx_index__q_free(x);
        x = t;
    }
    if (!st && pq->bag && pq->exclude) {
        const pdx_ixquery *w[2] = {x, pq->exclude};
        st = pdx_index__q_combine(&t, PDX_QOP_AND_NOT, (pdx_ixquery *const *)w, 2, 0);
        pdx_index__q_free(x);
        x = t;
    }
    if (st) {
        pdx_index__q_free(x);
        return st;
    }
    *out = x;
    return PDX_OK;
}

/* The documents v[0..n) as a query that weighs nothing, to confine a
 * match to them.  Locally a posting source of the shim's; a shard served
 * by xapian-tcpsrv cannot run that (it runs Xapian's own classes only), so
 * with a remote shard the OR of the papers' unique id terms, which any
 * server matches, exactly.  The ids come from the stored records: a term
 * list read over the network makes the server look up every term's
 * frequency (about 4 ms a paper, against 0.2 ms for the record), and
 * locally the id terms cost 4.6 ms of CPU a query more than the posting
 * source at 50k papers (docs/scale-out.md, "Limits"). */
static pdx_status candidates(pdx_ixquery **out, pdx_db *db, const uint32_t *v, size_t n) {
    *out = NULL;
    pdx_status st = PDX_OK;
    if (!pdx_index__has_remote(db->ix)) {
        if ((st = pdx_index__q_docids(out, db->ix, v, n)) && st != PDX_ENOMEM)
            st = pdx_db__fail_ix(db, st);
        return st;
    }
    pdx_ixquery **terms = calloc(n ? n : 1, sizeof *terms);
    size_t k = 0;
    pdx_buf term = PDX_BUF_INIT;
    if (!terms)
        st = PDX_ENOMEM;
    for (size_t i = 0; !st && i < n; i++) {
        pdx_paper *p = NULL;
        st = pdx_db__load(&p, db, v[i]);
        if (st == PDX_ENOTFOUND) { /* deleted since the first pass */
            st = PDX_OK;
            continue;
        }
        pdx_buf__clear(&term);
        pdx_buf__adds(&st, &term, PDX_PFX_ID);
        if (p)
            pdx_buf__adds(&st, &term, pdx_paper_id(p));
        pdx_paper_free(p);
        if (!st && !(st = pdx_index__q_term(&terms[k], term.p, term.n, 1, 0)))
            k++;
    }
    if (!st)
        st = pdx_index__q_combine(out, PDX_QOP_OR, terms, k, 0);
    for (size_t i = 0; i < k; i++)
        pdx_index__q_free(terms[i]);
    free(terms);
    pdx_buf__free(&term);
    return st;
}

/* Feedback's second pass confined to candidates (fb_depth): the first
 * pass's top fb_depth hits, and for free words the expansion's own top
 * fb_widen papers (which may lack the query's words, as the whole-
 * collection expansion would bring them), found by its fb_widen_terms
 * likeliest stems alone: a walk of three posting lists, not twenty.  The expansion weighs only on
 * the candidates; every other match keeps its first-pass weight.  That
 * list is defined on the whole collection, and the run that computes it
 * walks the query's matches again; but a page whose last hit outweighs
 * every match outside the candidates (the first pass's hit fb_depth + 1
 * bounds them: `bound`) is the same list's page when the match is
 * confined to the candidates, which skips along each posting list to a
 * hundred-odd papers.  That is tried first, the whole run only when a
 * deep page needs it. */
static pdx_status second_pass(pdx_ixmset **out, pdx_db *db, const pdx_parsed *pq,
                              const pdx_ixquery *exp, double weight, uint32_t *ids, size_t n,
                              double bound, bool whole, unsigned first, unsigned max,
                              bool facets, const pdx_ranking *rk) {
    *out = NULL;
    pdx_ixquery *sc = NULL, *alone = NULL, *cand = NULL, *ex = NULL, *all = NULL, *conf = NULL;
    pdx_ixmset *wide = NULL, *m = NULL;
    uint32_t *v = NULL;
    size_t nv = n;
    pdx_status st = pdx_index__q_scale(&sc, exp, weight);
    /* the expansion's own top, among the papers the filters allow */
    if (!st && pq->bag && rk->fb_widen) {
        pdx_ixquery *c = NULL;
        unsigned k = rk->fb_widen_terms ? rk->fb_widen_terms : UINT32_MAX;
        if (!(st = pdx_index__q_elite(&c, exp, k)) && !(st = filtered(&alone, pq, c)))
            st = run_once(&wide, db, alone, rk, 0, rk->fb_widen, -1, false, true);
    }
    size_t nw = wide ? pdx_index__mset_size(wide) : 0;
    if (!st && !(v = malloc((n + nw + 1) * sizeof *v)))
        st = PDX_ENOMEM;
    for (size_t i = 0; !st && i < n; i++)
        v[i] = ids[i];
    for (size_t i = 0; !st && i < nw; i++)
        v[nv++] = pdx_index__mset_docid(wide, i);
    if (!st)
        st = candidates(&cand, db, v, nv);
    if (!st) {
        const pdx_ixquery *w[2] = {sc, cand};
        st = pdx_index__q_combine(&ex, PDX_QOP_FILTER, (pdx_ixquery *const *)w, 2, 0);
    }
    if (!st && pq->bag) {
        pdx_ixquery *o = NULL;
        const pdx_ixquery *w[2] = {pq->rank, ex};
        if (!(st = pdx_index__q_combine(&o, PDX_QOP_OR, (pdx_ixquery *const *)w, 2, 0)))
            st = filtered(&all, pq, o);
    } else if (!st) {
        const pdx_ixquery *w[2] = {pq->q, ex};
        st = pdx_index__q_combine(&all, PDX_QOP_AND_MAYBE, (pdx_ixquery *const *)w, 2, 0);
    }
    if (!st && !facets) {
        const pdx_ixquery *w[2] = {all, cand};
        st = pdx_index__q_combine(&conf, PDX_QOP_FILTER, (pdx_ixquery *const *)w, 2, 0);
    }
    if (!st && conf)
        st = run_once(&m, db, conf, rk, first, max, -1, false, false);
    /* the confined page is the list's when it is full and its last hit
     * outweighs every paper outside the candidates (or there is none) */
    size_t got = m ? pdx_index__mset_size(m) : 0;
    if (!st && m && !whole &&
        (got < max || !(pdx_index__mset_weight(m, got - 1) > bound))) {
        pdx_index__mset_free(m);
        m = NULL;
    }
    if (!st && !m)
        st = run_once(&m, db, all, rk, first, max, -1, facets, false);
    pdx_index__q_free(sc);
    pdx_index__q_free(alone);
    pdx_index__q_free(cand);
    pdx_index__q_free(ex);
    pdx_index__q_free(all);
    pdx_index__q_free(conf);
    pdx_index__mset_free(wide);
    free(v);
    if (st) {
        pdx_index__mset_free(m);
        return st;
    }
    *out = m;
    return PDX_OK;
}

static int by_docid(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

void pdx_docset__free(pdx_docset *s) {
    if (!s)
        return;
    free(s->v);
    *s = (pdx_docset){0};
}

void pdx_docset__adopt(pdx_docset *s, uint32_t *v, size_t n) {
    if (n)
        qsort(v, n, sizeof *v, by_docid);
    s->v = v;
    s->n = n;
}

bool pdx_docset__has(const pdx_docset *s, uint32_t docid) {
    return s->n && bsearch(&docid, s->v, s->n, sizeof *s->v, by_docid);
}

pdx_status pdx_query__run(pdx_ixmset **out, pdx_docset *known_out, pdx_db *db,
                          const pdx_parsed *pq, const pdx_ranking *rk, unsigned first,
                          unsigned max, int sort_slot, bool facets) {
    *out = NULL;
    pdx_docset known = {.all = true};
    pdx_ranking def;
    if (!rk) {
        pdx_ranking_default(&def);
        rk = &def;
    }
    const pdx_ixquery *q = pq->q;
    /* Only filters: nothing ranks the first pass, so nothing to learn. */
    if (rk->feedback == PDX_FEEDBACK_OFF || !rk->fb_docs || !rk->fb_terms ||
        rk->fb_weight <= 0 || sort_slot >= 0 || !pq->ranked || pdx_index__q_empty(q) ||
        (pq->bag && !pq->rank)) {
        if (known_out)
            *known_out = known;
        return run_once(out, db, q, rk, first, max, sort_slot, facets, false);
    }

    pdx_ixmset *m = NULL;
    /* the first pass only names the feedback documents and the top to
     * re-rank: none is loaded */
    /* one past the top, to bound the weight of the papers outside it */
    unsigned want = rk->fb_depth >= rk->fb_docs ? rk->fb_depth + 1 : rk->fb_docs;
    pdx_status st = run_once(&m, db, q, rk, 0, want, -1, false, true);
    size_t n_top = m ? pdx_index__mset_size(m) : 0;
    if (!st && m && pdx_index__mset_total(m) < rk->fb_min_matches)
        n_top = 0; /* too specific to widen: run it as it is */
    size_t n = n_top < rk->fb_docs ? n_top : rk->fb_docs;
    uint32_t *ids = NULL;
    double *scores = NULL;
    if (!st && n_top &&
        (!(ids = malloc(n_top * sizeof *ids)) || !(scores = malloc(n_top * sizeof *scores))))
        st = PDX_ENOMEM;
    for (size_t i = 0; !st && i < n_top; i++) {
        ids[i] = pdx_index__mset_docid(m, i);
        scores[i] = pdx_index__mset_weight(m, i);
    }
    /* the top is every match: confining to it loses nothing */
    bool whole = n_top < want;
    size_t n_depth = n_top < rk->fb_depth ? n_top : rk->fb_depth;
    double bound = n_top > n_depth ? scores[n_depth] : 0;
    pdx_index__mset_free(m);
    pdx_ixquery *exp = NULL, *both = NULL;
    size_t n_terms = 0;
    double clarity = 0;
    if (!st && n && rk->fb_method == PDX_FB_ESET &&
        (st = pdx_index__expand(&exp, &n_terms, db->ix, q, ids, n, rk->fb_terms, rk->fb_max_df,
                                PDX_PFX_STEM, strlen(PDX_PFX_STEM),
                                rk->fb_bo1 ? PDX_IXE_BO1 : PDX_IXE_TRAD)))
        st = pdx_db__fail_ix(db, st);
    if (!st && n && rk->fb_method == PDX_FB_RM3 &&
        (st = pdx_feedback__rm3(&exp, &n_terms, &clarity, db, pq->rank ? pq->rank : q, ids,
                                scores, n, rk)) &&
        st != PDX_ENOMEM)
        st = pdx_db__fail_ix(db, st);
    /* Feedback where it pays: a relevance model no clearer than the
     * collection's says the top hits share no topic to feed back. */
    if (!st && rk->feedback == PDX_FEEDBACK_AUTO && rk->fb_method == PDX_FB_RM3 &&
        clarity < rk->fb_auto_clarity)
        n_terms = 0;
    /* As RM3 interpolates: the expansion, whose term weights sum to 1
     * (with the ESet, less the share of the common stems left out),
     * weighs fb_weight times as much as the query's content words, each
     * of which weighs 1: the original query's weight is 1 / (1 +
     * fb_weight), 2/3 by default. */
    double mass = rk->fb_weight * (double)(pq->n_content ? pq->n_content : 1);
    bool done = false;
    if (!st && n_terms && rk->fb_depth) {
        st = second_pass(out, db, pq, exp, mass, ids, n_depth, bound, whole, first, max, facets,
                         rk);
        done = true;
    } else if (!st && n_terms) {
        st = expanded(&both, pq->plain ? pq->plain : pq, exp, mass, rk->fb_rerank);
    }
    /* Only an expansion ORed into free words can rank in papers the query
     * does not match: not one that re-ranks (AND_MAYBE), nor one confined
     * to the first pass's top (no widening).  The first pass's top
     * matches the query as typed, whatever the expansion then brings. */
    if (n_terms && pq->bag && (done ? rk->fb_widen != 0 : !rk->fb_rerank)) {
        known.all = false;
        if (known_out && n_top) {
            pdx_docset__adopt(&known, ids, n_top);
            ids = NULL;
        }
    }
    free(ids);
    free(scores);
    if (!st && !done)
        st = run_once(out, db, both ? both : q, rk, first, max, -1, facets, false);
    pdx_index__q_free(exp);
    pdx_index__q_free(both);
    if (!st && known_out)
        *known_out = known;
    else
        pdx_docset__free(&known);
    return st;
}
