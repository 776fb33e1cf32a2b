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
static pdx_status fill_results(pdx_db *db, pdx_ixmset *m, unsigned offset, pdx_hl_terms *hl,
                               const pdx_search_opts *o, pdx_results *r) {
    pdx_status st = PDX_OK;
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

/* The spellings of full-name key `key` (n bytes) among the XAV terms
 * under `pfx` (schema.h): the one most papers use, ties going to the
 * first in byte order, replaces *out when it beats *best. */
static pdx_status best_spelling(char **out, uint32_t *best, pdx_db *db, const pdx_buf *pfx,
                                const char *key, size_t n) {
    pdx_ixterms *it = NULL;
    pdx_buf k = PDX_BUF_INIT;
    pdx_status st = pdx_index__terms(&it, db->ix, pfx->p, pfx->n);
    const char *t;
    size_t tn;
    uint32_t freq;
    while (!st && pdx_index__terms_next(it, &t, &tn, &freq)) {
        if (freq <= *best) /* in byte order: the first of equals stays */
            continue;
        const char *name = t + pfx->n;
        size_t nn = tn - pfx->n;
        pdx_name w;
        if ((st = pdx_name__parse(&w, name, nn)))
            break;
        pdx_buf__clear(&k);
        if (pdx_name__ok(&w))
            pdx_name__key_full(&st, &k, &w);
        pdx_name__free(&w);
        if (st || k.n != n || memcmp(k.p, key, n) != 0)
            continue;
        free(*out);
        if (!(*out = pdx_strndup(name, nn)))
            st = PDX_ENOMEM;
        *best = freq;
    }
    if (!st)
        st = pdx_index__terms_status(it);
    pdx_index__terms_free(it);
    pdx_buf__free(&k);
    return st;
}

/* The spelling of the person of full-name key `key` that most papers
 * use (ties: the first in byte order), from the XAV terms "XAV" core
 * "\x1f" initial "\x1f" name (schema.h); *out stays NULL when there are
 * none (a database from before XAV terms).  The key's surname core is
 * one of its tails ("asa x nuspale tinam": "nuspale tinam" or "tinam"),
 * so each tail is looked under.  It depends on no document order, so
 * one database and its shards (docs/scale-out.md) name a person alike. */
static pdx_status most_used_spelling(char **out, pdx_db *db, const char *key, size_t n) {
    pdx_status st = PDX_OK;
    pdx_buf pfx = PDX_BUF_INIT;
    uint32_t best = 0;
    size_t init = 1; /* the first letter: one UTF-8 character */
    while (init < n && ((unsigned char)key[init] & 0xC0) == 0x80)
        init++;
    bool given = memchr(key, ' ', n) != NULL;
    for (size_t j = 0; db->author_names && !st && j < n; j++) {
        if (given ? (key[j] != ' ') : j > 0)
            continue;
        size_t at = given ? j + 1 : 0; /* the tail from here */
        pdx_buf__clear(&pfx);
        pdx_buf__adds(&st, &pfx, PDX_PFX_AUTHOR_NAME);
        pdx_buf__add(&st, &pfx, key + at, n - at);
        pdx_buf__addc(&st, &pfx, '\x1f');
        if (given)
            pdx_buf__add(&st, &pfx, key, init);
        pdx_buf__addc(&st, &pfx, '\x1f');
        if (!st)
            st = best_spelling(out, &best, db, &pfx, key, n);
    }
    pdx_buf__free(&pfx);
    if (st) {
        free(*out);
        *out = NULL;
        if (st != PDX_ENOMEM)
            pdx_db__fail_ix(db, st);
    }
    return st;
}

pdx_status pdx_query__author_display(char **out, pdx_db *db, const char *key, size_t n) {
    *out = NULL;
    pdx_status st = most_used_spelling(out, db, key, n);
    if (st || *out)
        return st;
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

/* The total and, when asked, the facets, from a run of `q` that ranks
 * nothing (*out keeps the facet counts for fill_facets).  The query the
 * user typed, not the one feedback expanded: papers that only the
 * expansion terms bring in are not "matching" (pseudo-relevance feedback
 * ORs in the stems of the top papers, so "zygomorphy" would otherwise
 * count every paper about orchid petals).  A run of its own, not the
 * page's, so the total is the same whatever the limit, offset and sort:
 * Xapian's estimate depends on how far a match went. */
static pdx_status count_matching(pdx_ixmset **out, pdx_db *db, const pdx_ixquery *q,
                                 const pdx_search_opts *o, pdx_results *r) {
    *out = NULL;
    if (pdx_index__q_empty(q)) {
        r->total = 0;
        r->total_exact = true;
        return PDX_OK;
    }
    pdx_ixsearch s = {0};
    s.check_at_least = o->exact_count ? UINT32_MAX : PDX_COUNT_CHECK;
    s.sort_slot = -1;
    s.boolean = true; /* weights change nothing that is counted */
    s.ids_only = true;
    if (o->facets) {
        s.facets = pdx_query__facets;
        s.n_facets = 3;
    }
    pdx_status st = pdx_index__search(out, db->ix, q, &s);
    if (st)
        return pdx_db__fail_ix(db, st);
    r->total = pdx_index__mset_total(*out);
    r->total_exact = pdx_index__mset_total_exact(*out);
    return PDX_OK;
}

/* Marks the hits that `q` (the query as typed) does not match: feedback's
 * second pass ORs expansion stems into free-word queries, which can rank
 * in papers without any of the user's words.  The run names most hits
 * that match (`known`); the rest are checked by one small run of `q`
 * restricted to their id terms. */
static pdx_status mark_expanded(pdx_db *db, const pdx_ixquery *q, const pdx_ixmset *m,
                                const pdx_docset *known, pdx_results *r) {
    if (!r->n || known->all)
        return PDX_OK;
    pdx_status st = PDX_OK;
    pdx_ixquery **ids = calloc(r->n, sizeof *ids);
    pdx_ixquery *any = NULL, *both = NULL;
    pdx_ixmset *hits = NULL;
    pdx_buf term = PDX_BUF_INIT;
    size_t n_ask = 0;
    if (!ids)
        st = PDX_ENOMEM;
    for (size_t i = 0; !st && i < r->n; i++) {
        if (pdx_docset__has(known, pdx_index__mset_docid(m, i)))
            continue;
        pdx_buf__clear(&term);
        pdx_buf__adds(&st, &term, PDX_PFX_ID);
        pdx_buf__adds(&st, &term, pdx_paper_id(r->hits[i].paper));
        if (!st)
            st = pdx_index__q_term(&ids[n_ask++], term.p, term.n, 1, 0);
    }
    if (!st && n_ask)
        st = pdx_index__q_combine(&any, PDX_QOP_OR, ids, n_ask, 0);
    if (!st && any) {
        const pdx_ixquery *v[2] = {q, any};
        st = pdx_index__q_combine(&both, PDX_QOP_FILTER, (pdx_ixquery *const *)v, 2, 0);
    }
    if (!st && both) {
        pdx_ixsearch s = {0};
        s.max = (unsigned)n_ask;
        s.sort_slot = -1;
        s.boolean = true;
        s.ids_only = true;
        if ((st = pdx_index__search(&hits, db->ix, both, &s)))
            st = pdx_db__fail_ix(db, st);
    }
    size_t n_match = hits ? pdx_index__mset_size(hits) : 0;
    uint32_t *v = n_match ? malloc(n_match * sizeof *v) : NULL;
    pdx_docset matched = {0};
    if (!st && n_match && !v)
        st = PDX_ENOMEM;
    for (size_t j = 0; !st && j < n_match; j++)
        v[j] = pdx_index__mset_docid(hits, j);
    if (!st)
        pdx_docset__adopt(&matched, v, n_match);
    else
        free(v);
    for (size_t i = 0; !st && i < r->n; i++) {
        uint32_t docid = pdx_index__mset_docid(m, i);
        r->hits[i].expanded = !pdx_docset__has(known, docid) && !pdx_docset__has(&matched, docid);
    }
    pdx_docset__free(&matched);
    for (size_t i = 0; ids && i < n_ask; i++)
        pdx_index__q_free(ids[i]);
    free(ids);
    pdx_index__q_free(any);
    pdx_index__q_free(both);
    pdx_index__mset_free(hits);
    pdx_buf__free(&term);
    return st;
}

/* A person of the author facet: the name the others joined. */
typedef struct person_count {
    const char *key; /* folded full name, borrowed from the match set */
    size_t n;
    uint64_t count;
} person_count;

/* Most papers first; ties in byte order of the key, as Xapian's facets. */
static int by_count(const void *a, const void *b) {
    const person_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    int c = memcmp(x->key, y->key, x->n < y->n ? x->n : y->n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* The author facet counts people, not spellings: "D. Meloni" and
 * "Davide Meloni" are one person when `author "Davide Meloni"` finds both
 * (pdx_query__group_names), counted together and shown under the most
 * complete spelling.  A paper that lists two spellings of one person would
 * count twice; papers do not. */
static pdx_status fill_author_facet(pdx_db *db, pdx_ixmset *m, pdx_results *r) {
    size_t n = pdx_index__facet_size(m, 2);
    if (!n)
        return PDX_OK;
    const char **keys = calloc(n, sizeof *keys);
    size_t *lens = calloc(n, sizeof *lens), *group = calloc(n, sizeof *group);
    uint64_t *counts = calloc(n, sizeof *counts);
    person_count *people = calloc(n, sizeof *people);
    pdx_status st = keys && lens && group && counts && people ? PDX_OK : PDX_ENOMEM;
    for (size_t i = 0; !st && i < n; i++)
        keys[i] = pdx_index__facet(m, 2, i, &lens[i], &counts[i]);
    if (!st)
        st = pdx_query__group_names(group, keys, lens, n);
    /* place[i]: the slot in people of name i when it stays apart */
    size_t *place = st ? NULL : calloc(n, sizeof *place);
    if (!st && !place)
        st = PDX_ENOMEM;
    size_t np = 0;
    for (size_t i = 0; !st && i < n; i++)
        if (group[i] == i) {
            place[i] = np;
            people[np++] = (person_count){keys[i], lens[i], 0};
        }
    for (size_t i = 0; !st && i < n; i++)
        people[place[group[i]]].count += counts[i];
    free(place);
    if (!st && np)
        qsort(people, np, sizeof *people, by_count);
    size_t keep = np < 10 ? np : 10;
    if (!st && keep && !(r->facets[2] = calloc(keep, sizeof *r->facets[2])))
        st = PDX_ENOMEM;
    for (size_t i = 0; !st && i < keep; i++) {
        r->facets[2][i].count = people[i].count;
        r->n_facets[2]++;
        st = pdx_query__author_display(&r->facets[2][i].value, db, people[i].key, people[i].n);
    }
    free(keys);
    free(lens);
    free(group);
    free(counts);
    free(people);
    return st;
}

/* Facet counts into the results: years and categories as indexed,
 * authors as people (fill_author_facet), shown as written on a paper. */
static pdx_status fill_facets(pdx_db *db, pdx_ixmset *m, pdx_results *r) {
    pdx_status st = fill_author_facet(db, m, r);
    for (size_t k = 0; k < 2 && !st; k++) {
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
            if (!(v[i].value = pdx_strndup(t, tn)))
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
    /* Nothing asked is a usage error, as `author ''` and a search with no
     * query at all are: an empty $q in a script is a mistake to show,
     * not a search that found nothing. */
    if (!query[strspn(query, " \t\r\n\f\v")])
        return pdx_db__fail(db, PDX_EQUERY, "empty query: give words to search for");
    pdx_hl_terms hl = PDX_HL_TERMS_INIT;
    pdx_parsed pq = {0};
    pdx_ixmset *m = NULL, *counted = NULL;
    pdx_results *r = NULL;
    pdx_docset known = {.all = true};
    pdx_status st = pdx_query__parse(&pq, db, query, o.ranking, &hl);
    if (!st)
        st = pdx_results__new(&r);
    if (!st)
        st = count_matching(&counted, db, pq.q, &o, r);
    if (!st && o.facets && counted)
        st = fill_facets(db, counted, r);
    if (!st && !o.count_only)
        st = pdx_query__run(&m, &known, db, &pq, o.ranking, o.offset, o.limit,
                            o.sort == PDX_SORT_DATE ? PDX_SLOT_DATE : -1, false);
    if (!st && m)
        st = fill_results(db, m, o.offset, &hl, &o, r);
    if (!st && m)
        st = mark_expanded(db, pq.q, m, &known, r);
    pdx_docset__free(&known);
    if (!st)
        st = pdx_query__suggest(&r->suggestion, db, query, &pq);
    pdx_index__mset_free(m);
    pdx_index__mset_free(counted);
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
    pdx_ixmset *m = NULL, *counted = NULL;
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
        st = pdx_results__new(&r);
    if (!st)
        st = count_matching(&counted, db, pq.q, &o, r);
    if (!st && o.facets && counted)
        st = fill_facets(db, counted, r);
    if (!st && !o.count_only)
        st = pdx_query__run(&m, NULL, db, &pq, &rk, o.offset, o.limit,
                            o.sort == PDX_SORT_DATE ? PDX_SLOT_DATE : -1, false);
    if (!st && m)
        st = fill_results(db, m, o.offset, NULL, &o, r);
    pdx_index__mset_free(m);
    pdx_index__mset_free(counted);
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
