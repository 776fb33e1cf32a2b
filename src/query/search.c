/*
 * search.c — topic search: parse (parse.c), run (rank.c), then load the
 * hits with their snippets, the facets of the match set, and a spelling
 * suggestion (spell.c) when a word of the query is not in the index.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/query.h"
#include "schema.h"
#include "text/names.h"
#include "text/text.h"

/* Loads the hits of a match set into results, with snippets. */
static pdx_status fill_results(pdx_db *db, pdx_ixmset *m, unsigned offset, const pdx_hl_terms *hl,
                               const pdx_search_opts *o, pdx_results *r) {
    pdx_status st = PDX_OK;
    r->total = pdx_index__mset_total(m);
    for (size_t i = 0; i < pdx_index__mset_size(m) && !st; i++) {
        pdx_paper *paper = NULL;
        st = pdx_db__load_hit(&paper, db, m, i);
        if (!st)
            st = pdx_results__push(r, paper, pdx_index__mset_weight(m, i), offset + (unsigned)i + 1);
        if (!st) {
            const char *text = paper->abstract ? paper->abstract : pdx_paper_title(paper);
            st = pdx_query__snippet(&r->hits[r->n - 1].snippet, db, hl, text, 32,
                                    o->hl_start ? o->hl_start : "**",
                                    o->hl_end ? o->hl_end : "**");
        }
    }
    return st;
}

pdx_status pdx_query__author_display(char **out, pdx_db *db, const char *key, size_t n) {
    *out = NULL;
    pdx_status st = PDX_OK;
    pdx_buf term = PDX_BUF_INIT, k = PDX_BUF_INIT;
    pdx_buf__adds(&st, &term, PDX_PFX_AUTHOR_FULL);
    pdx_buf__add(&st, &term, key, n);
    uint32_t docid = 0;
    pdx_paper *p = NULL;
    if (!st && (st = pdx_index__find(&docid, db->ix, term.p, term.n)))
        st = pdx_db__fail_ix(db, st);
    if (!st && docid)
        st = pdx_db__load(&p, db, docid);
    for (size_t i = 0; !st && p && !*out && i < p->authors.n; i++) {
        const char *name = pdx_paper__authors(p)[i].name;
        pdx_name nm;
        if ((st = pdx_name__parse(&nm, name, strlen(name))))
            break;
        pdx_buf__clear(&k);
        if (pdx_name__ok(&nm))
            pdx_name__key_full(&st, &k, &nm);
        pdx_name__free(&nm);
        if (!st && k.n == n && memcmp(k.p, key, n) == 0 && !(*out = pdx_strndup(name, strlen(name))))
            st = PDX_ENOMEM;
    }
    if (!st && !*out && !(*out = pdx_strndup(key, n)))
        st = PDX_ENOMEM;
    pdx_paper_free(p);
    pdx_buf__free(&term);
    pdx_buf__free(&k);
    return st;
}

/* Facet counts into the results: years and categories as indexed,
 * authors by their folded full name, shown as written on a paper. */
static pdx_status fill_facets(pdx_db *db, pdx_ixmset *m, pdx_results *r) {
    pdx_status st = PDX_OK;
    for (size_t k = 0; k < 3 && !st; k++) {
        size_t n = pdx_index__facet_size(m, k);
        size_t keep = k == 0 ? n : (n < 10 ? n : 10);
        if (!keep)
            continue;
        pdx_facet_entry *v = calloc(keep, sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        r->facets[k] = v;
        for (size_t i = 0; i < keep && !st; i++) {
            size_t tn = 0;
            uint64_t count = 0;
            const char *t = pdx_index__facet(m, k, i, &tn, &count);
            v[i].count = count;
            r->n_facets[k]++;
            if (k == 2)
                st = pdx_query__author_display(&v[i].value, db, t, tn);
            else if (!(v[i].value = pdx_strndup(t, tn)))
                st = PDX_ENOMEM;
        }
    }
    return st;
}

pdx_status pdx_search(pdx_results **out, pdx_db *db, const char *query,
                      const pdx_search_opts *opts) {
    *out = NULL;
    pdx_search_opts o = {0};
    if (opts)
        o = *opts;
    if (!o.limit)
        o.limit = 10;
    pdx_hl_terms hl = PDX_HL_TERMS_INIT;
    pdx_parsed pq = {0};
    pdx_ixmset *m = NULL;
    pdx_results *r = NULL;
    pdx_status st = pdx_query__parse(&pq, db, query, o.ranking, &hl);
    if (!st)
        st = pdx_query__run(&m, db, &pq, o.ranking, o.offset, o.limit,
                            o.sort == PDX_SORT_DATE ? PDX_SLOT_DATE : -1, o.facets);
    if (!st)
        st = pdx_results__new(&r);
    if (!st)
        st = fill_results(db, m, o.offset, &hl, &o, r);
    if (!st && o.facets)
        st = fill_facets(db, m, r);
    if (!st)
        st = pdx_query__suggest(&r->suggestion, db, query, &pq);
    pdx_index__mset_free(m);
    pdx_parsed__free(&pq);
    pdx_hl_terms__free(&hl);
    if (st) {
        pdx_results_free(r);
        return st;
    }
    *out = r;
    return PDX_OK;
}

pdx_status pdx_similar(pdx_results **out, pdx_db *db, const char *id, const pdx_search_opts *opts) {
    *out = NULL;
    pdx_search_opts o = {0};
    if (opts)
        o = *opts;
    if (!o.limit)
        o.limit = 10;
    pdx_ranking rk;
    if (o.ranking)
        rk = *o.ranking;
    else
        pdx_ranking_default(&rk);
    rk.fb_docs = 0; /* the query is an expansion already */
    uint32_t docid = 0;
    pdx_status st = pdx_db__find_id(&docid, db, id);
    /* its id term, to leave it out: the stored id, since `id` may be any
     * form of it (a DOI, an arXiv URL) */
    pdx_paper *self_p = NULL;
    if (!st)
        st = pdx_db__load(&self_p, db, docid);
    pdx_buf term = PDX_BUF_INIT;
    pdx_buf__adds(&st, &term, PDX_PFX_ID);
    if (self_p)
        pdx_buf__adds(&st, &term, pdx_paper_id(self_p));
    pdx_paper_free(self_p);
    /* The paper's most telling stems (Xapian's ESet with the paper as the
     * only relevant document), as a ranked query, the paper itself left
     * out. */
    pdx_parsed pq = {0};
    pq.ranked = true;
    pdx_ixquery *exp = NULL, *self = NULL;
    pdx_ixmset *m = NULL;
    pdx_results *r = NULL;
    if (!st && (st = pdx_index__expand(&exp, NULL, db->ix, NULL, &docid, 1, PDX_SIMILAR_TERMS, 0,
                                       PDX_PFX_STEM, strlen(PDX_PFX_STEM), PDX_IXE_TRAD)))
        st = pdx_db__fail_ix(db, st);
    if (!st)
        st = pdx_index__q_term(&self, term.p, term.n, 1, 0);
    if (!st) {
        const pdx_ixquery *v[2] = {exp, self};
        st = pdx_index__q_combine(&pq.q, PDX_QOP_AND_NOT, (pdx_ixquery *const *)v, 2, 0);
    }
    if (!st)
        st = pdx_query__run(&m, db, &pq, &rk, o.offset, o.limit,
                            o.sort == PDX_SORT_DATE ? PDX_SLOT_DATE : -1, o.facets);
    if (!st)
        st = pdx_results__new(&r);
    if (!st)
        st = fill_results(db, m, o.offset, NULL, &o, r);
    if (!st && o.facets)
        st = fill_facets(db, m, r);
    pdx_index__mset_free(m);
    pdx_index__q_free(exp);
    pdx_index__q_free(self);
    pdx_parsed__free(&pq);
    pdx_buf__free(&term);
    if (st) {
        pdx_results_free(r);
        return st;
    }
    *out = r;
    return PDX_OK;
}
