/*
 * author.c — "which papers did this person write, and with whom?"
 *
 * Candidates come from the index's author keys: the first-initial key
 * ("j lorraine") when the asked name has a given name, else the surname
 * key.  Every candidate's author list is then compared with the asked name
 * (names.h): the same full key is an exact match; the same surname with
 * compatible given names ("J." for "Jonathan", "Jon" for "Jonathan",
 * "Ricky Chen" for "Ricky T. Q. Chen") is a variant.  Exact matches rank
 * first, newest first within each group.
 *
 * Databases made since XAV terms exist (schema.h) take a faster road that
 * gives the same answers: every spelling under the asked name's key is one
 * term ("XAVlorraine\x1fj\x1fJon Lorraine"), so the names are compared
 * once per spelling, not once per paper; the exact and the variant papers
 * are then ORs of those terms, counted and ordered by date inside Xapian,
 * and only the papers shown are loaded.  A million papers hold a few
 * hundred spellings of even a common "W. Wang", against tens of thousands
 * of papers to load and parse.
 *
 * Coauthors are counted over the papers found here (coauthors.c).
 */
#include <stdlib.h>
#include <string.h>

#include "query/query.h"
#include "schema.h"
#include "text/names.h"
#include "text/text.h"

/* Candidates per look-up: a surname shared by more papers than this is
 * cut (with the total still counted from the key). */
#define MAX_CANDIDATES 200000

typedef pdx_author_hit match;

/* Newest first; undated ("--MM-DD" has no year) last; then by title. */
static int by_date(const void *a, const void *b) {
    const match *x = a, *y = b;
    const char *dx = x->paper->date ? x->paper->date : "";
    const char *dy = y->paper->date ? y->paper->date : "";
    int c = strcmp(dx[0] == '-' ? "" : dx, dy[0] == '-' ? "" : dy);
    if (c)
        return -c;
    if (x->paper->year != y->paper->year)
        return y->paper->year - x->paper->year;
    return strcmp(pdx_paper_title(x->paper), pdx_paper_title(y->paper));
}

/* Exact matches first, then variants; newest first within each. */
static int by_match(const void *a, const void *b) {
    const match *x = a, *y = b;
    if (x->rel != y->rel)
        return x->rel == PDX_NAME_SAME ? -1 : 1;
    return by_date(a, b);
}

static pdx_status name_queries(pdx_db *db, const pdx_name *asked, unsigned flags,
                               pdx_ixquery **same, pdx_ixquery **compat);

/* The papers `q` matches in document order, ids only, unweighted: at
 * most `max`; with max 0 none, but the total is exact. */
static pdx_status boolean_match(pdx_ixmset **out, pdx_db *db, const pdx_ixquery *q, unsigned max) {
    pdx_ixsearch s = {0};
    s.max = max;
    if (!max)
        s.check_at_least = UINT32_MAX;
    s.sort_slot = -1;
    s.boolean = true;
    s.ids_only = true;
    pdx_status st = pdx_index__search(out, db->ix, q, &s);
    return st ? pdx_db__fail_ix(db, st) : PDX_OK;
}


/* The papers of `asked` (fast road): those with a SAME or, unless
 * PDX_AUTHOR_EXACT, a COMPAT spelling; at most `max`, ascending. */
static pdx_status matching_ids(pdx_db *db, const pdx_name *asked, unsigned flags, size_t max,
                               uint32_t **out, size_t *n_out) {
    *out = NULL;
    *n_out = 0;
    pdx_ixquery *same = NULL, *compat = NULL, *q = NULL;
    pdx_status st = name_queries(db, asked, flags, &same, &compat);
    if (!st && same && compat) {
        const pdx_ixquery *w[2] = {same, compat};
        st = pdx_index__q_combine(&q, PDX_QOP_OR, (pdx_ixquery *const *)w, 2, 0);
    }
    const pdx_ixquery *run = q ? q : same ? same : compat;
    pdx_ixmset *m = NULL;
    if (!st && run)
        st = boolean_match(&m, db, run, (unsigned)max);
    size_t n = m ? pdx_index__mset_size(m) : 0;
    uint32_t *ids = n ? malloc(n * sizeof *ids) : NULL;
    if (!st && n && !ids)
        st = PDX_ENOMEM;
    for (size_t i = 0; !st && i < n; i++)
        ids[i] = pdx_index__mset_docid(m, i);
    pdx_index__mset_free(m);
    pdx_index__q_free(same);
    pdx_index__q_free(compat);
    pdx_index__q_free(q);
    if (st) {
        free(ids);
        return st;
    }
    *out = ids;
    *n_out = n;
    return PDX_OK;
}

/* The author entry of `p` that matches `asked` best: the same person if
 * one is, else the first compatible spelling. */
static pdx_status best_author(const pdx_paper *p, const pdx_name *asked, pdx_name_rel *rel,
                              const char **who) {
    *rel = PDX_NAME_OTHER;
    *who = NULL;
    pdx_status st = PDX_OK;
    for (size_t a = 0; a < p->authors.n && !st && *rel != PDX_NAME_SAME; a++) {
        const char *name = pdx_paper__authors(p)[a].name;
        pdx_name cand;
        if ((st = pdx_name__parse(&cand, name, strlen(name))))
            break;
        pdx_name_rel r = pdx_name__compare(asked, &cand);
        pdx_name__free(&cand);
        if (r == PDX_NAME_SAME || (r == PDX_NAME_COMPAT && *rel == PDX_NAME_OTHER)) {
            *rel = r;
            *who = name;
        }
    }
    return st;
}

pdx_status pdx_query__author_papers(match **out, size_t *n_out, pdx_db *db,
                                    const pdx_name *asked, unsigned flags) {
    *out = NULL;
    *n_out = 0;
    pdx_status st = PDX_OK;
    pdx_buf term = PDX_BUF_INIT;
    if (db->author_names) {
        /* only the papers that match are loaded */
    } else if (asked->n_given) {
        pdx_buf__adds(&st, &term, PDX_PFX_AUTHOR_INITIAL);
        pdx_name__key_initial(&st, &term, asked);
    } else {
        pdx_buf__adds(&st, &term, PDX_PFX_AUTHOR_SURNAME);
        pdx_buf__adds(&st, &term, asked->surname);
    }
    uint32_t *ids = NULL;
    size_t n_ids = 0;
    if (!st && db->author_names)
        st = matching_ids(db, asked, flags, MAX_CANDIDATES, &ids, &n_ids);
    else if (!st && (st = pdx_index__postings(&ids, &n_ids, db->ix, term.p, term.n, MAX_CANDIDATES)))
        st = pdx_db__fail_ix(db, st);
    pdx_buf__free(&term);
    match *v = n_ids ? calloc(n_ids, sizeof *v) : NULL;
    if (n_ids && !v)
        st = PDX_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < n_ids && !st; i++) {
        pdx_paper *p = NULL;
        if ((st = pdx_db__load(&p, db, ids[i])))
            break;
        pdx_name_rel best;
        const char *who;
        st = best_author(p, asked, &best, &who);
        if (!st && (best == PDX_NAME_SAME || (best == PDX_NAME_COMPAT && !(flags & PDX_AUTHOR_EXACT)))) {
            v[n++] = (match){p, best, who};
        } else {
            pdx_paper_free(p);
        }
    }
    free(ids);
    if (st) {
        for (size_t i = 0; i < n; i++)
            pdx_paper_free(v[i].paper);
        free(v);
        return st;
    }
    if (n)
        qsort(v, n, sizeof *v, by_match);
    *out = v;
    *n_out = n;
    return PDX_OK;
}

void pdx_query__author_papers_free(match *v, size_t n) {
    for (size_t i = 0; i < n; i++)
        pdx_paper_free(v[i].paper);
    free(v);
}

/* ---- the fast road: spellings from XAV terms ---------------------------------- */

/* The prefix of the XAV terms of `asked`'s candidates: its core surname
 * and, when it has a given name, the first initial ("XAVlorraine\x1fj\x1f"). */
static void spelling_prefix(pdx_status *st, pdx_buf *out, const pdx_name *asked) {
    pdx_buf__adds(st, out, PDX_PFX_AUTHOR_NAME);
    pdx_buf__adds(st, out, asked->core);
    pdx_buf__addc(st, out, '\x1f');
    if (asked->n_given) {
        size_t at = out->n;
        pdx_name__key_initial(st, out, asked);
        size_t sp = at;
        while (sp < out->n && out->p[sp] != ' ')
            sp++;
        out->n = sp;
        pdx_buf__addc(st, out, '\x1f');
    }
}

/* The spellings of a name's candidates as term queries: [0] SAME as the
 * asked name, [1] COMPAT with it. */
typedef struct spellings {
    pdx_ixquery **v[2];
    size_t n[2], cap[2];
} spellings;

static void spellings_free(spellings *sp) {
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < sp->n[k]; i++)
            pdx_index__q_free(sp->v[k][i]);
        free(sp->v[k]);
    }
}

/* How the spelling written in XAV term t[0..tn) relates to `asked`. */
static pdx_status spelling_rel(pdx_name_rel *out, const pdx_name *asked, const char *t, size_t tn) {
    *out = PDX_NAME_OTHER;
    /* the written name is after the second \x1f */
    size_t pl = strlen(PDX_PFX_AUTHOR_NAME);
    const char *name = memchr(t + pl, '\x1f', tn - pl);
    name = name ? memchr(name + 1, '\x1f', (size_t)(t + tn - name - 1)) : NULL;
    if (!name)
        return PDX_OK;
    name++;
    pdx_name cand;
    pdx_status st = pdx_name__parse(&cand, name, (size_t)(t + tn - name));
    if (st)
        return st;
    pdx_name_rel rel = pdx_name__compare(asked, &cand);
    /* without a given name, pdx_query__author_papers's candidates share
     * the asked surname as their surname or its core */
    if (rel != PDX_NAME_OTHER && !asked->n_given && strcmp(cand.surname, asked->surname) != 0 &&
        strcmp(cand.core, asked->surname) != 0)
        rel = PDX_NAME_OTHER;
    pdx_name__free(&cand);
    *out = rel;
    return PDX_OK;
}

/* Sorts the spellings under `pfx` into `sp` (no COMPAT ones with
 * PDX_AUTHOR_EXACT). */
static pdx_status collect_spellings(spellings *sp, pdx_db *db, const pdx_name *asked,
                                    unsigned flags, const pdx_buf *pfx) {
    pdx_ixterms *it = NULL;
    pdx_status st = pdx_index__terms(&it, db->ix, pfx->p, pfx->n);
    if (st)
        return pdx_db__fail_ix(db, st);
    const char *t;
    size_t tn;
    while (!st && pdx_index__terms_next(it, &t, &tn, NULL)) {
        pdx_name_rel rel;
        if ((st = spelling_rel(&rel, asked, t, tn)))
            break;
        if (rel == PDX_NAME_OTHER || (rel == PDX_NAME_COMPAT && (flags & PDX_AUTHOR_EXACT)))
            continue;
        int k = rel == PDX_NAME_SAME ? 0 : 1;
        if (sp->n[k] == sp->cap[k]) {
            size_t cap = sp->cap[k] ? sp->cap[k] * 2 : 16;
            pdx_ixquery **v = realloc(sp->v[k], cap * sizeof *v);
            if (!v) {
                st = PDX_ENOMEM;
                break;
            }
            sp->v[k] = v;
            sp->cap[k] = cap;
        }
        if (!(st = pdx_index__q_term(&sp->v[k][sp->n[k]], t, tn, 1, 0)))
            sp->n[k]++;
    }
    if (!st && (st = pdx_index__terms_status(it)))
        st = pdx_db__fail_ix(db, st);
    pdx_index__terms_free(it);
    return st;
}

/* The papers with an author SAME as `asked` (*same) and those with one
 * COMPAT but none SAME (*compat, always NULL with PDX_AUTHOR_EXACT), as
 * queries; NULL when there are none.
 * The candidates are those of pdx_query__author_papers: first initial +
 * core surname, or (no given name) the surname with particles or its core. */
static pdx_status name_queries(pdx_db *db, const pdx_name *asked, unsigned flags,
                               pdx_ixquery **same, pdx_ixquery **compat) {
    *same = *compat = NULL;
    pdx_status st = PDX_OK;
    pdx_buf pfx = PDX_BUF_INIT;
    spellings sp = {{NULL, NULL}, {0, 0}, {0, 0}};
    spelling_prefix(&st, &pfx, asked);
    if (!st)
        st = collect_spellings(&sp, db, asked, flags, &pfx);
    pdx_ixquery *any_compat = NULL;
    if (!st && sp.n[0])
        st = pdx_index__q_combine(same, PDX_QOP_OR, sp.v[0], sp.n[0], 0);
    if (!st && sp.n[1])
        st = pdx_index__q_combine(&any_compat, PDX_QOP_OR, sp.v[1], sp.n[1], 0);
    if (!st && any_compat && *same) {
        const pdx_ixquery *v[2] = {any_compat, *same};
        st = pdx_index__q_combine(compat, PDX_QOP_AND_NOT, (pdx_ixquery *const *)v, 2, 0);
        pdx_index__q_free(any_compat);
    } else if (!st) {
        *compat = any_compat;
    }
    spellings_free(&sp);
    pdx_buf__free(&pfx);
    if (st) {
        pdx_index__q_free(*same);
        pdx_index__q_free(*compat);
        *same = *compat = NULL;
    }
    return st;
}

static const char *date_key(const pdx_paper *p) {
    return p->date && p->date[0] != '-' ? p->date : "";
}

/* The first `need` papers of `q` in by_date order, appended to v[*n..]
 * (room for them is made); *total gets the number of matches.  Xapian
 * orders by the date value; the papers tied with the last one needed are
 * all loaded, so that by_date (year, then title) orders the tie as the
 * slow road does. */
static pdx_status sorted_page(pdx_db *db, const pdx_ixquery *q, size_t need, const pdx_name *asked,
                              match **v, size_t *n, size_t *cap, uint64_t *total) {
    *total = 0;
    if (!q)
        return PDX_OK;
    pdx_ixsearch s = {0};
    s.max = need ? (unsigned)(need + 16) : 0; /* 0: only the count */
    s.check_at_least = UINT32_MAX; /* the total exactly: every match is sorted anyway */
    s.sort_slot = PDX_SLOT_DATE;
    s.sort_descending = true;
    s.boolean = true;
    size_t base = *n;
    for (;;) {
        pdx_ixmset *m = NULL;
        pdx_status st = pdx_index__search(&m, db->ix, q, &s);
        if (st)
            return pdx_db__fail_ix(db, st);
        *total = pdx_index__mset_total(m);
        size_t got = pdx_index__mset_size(m);
        bool more = s.max && got == s.max && *total > got; /* a tie may go on past got */
        for (size_t i = 0; i < got && !st; i++) {
            if (*n == *cap) {
                size_t c = *cap ? *cap * 2 : 32;
                match *w = realloc(*v, c * sizeof *w);
                if (!w) {
                    st = PDX_ENOMEM;
                    break;
                }
                *v = w;
                *cap = c;
            }
            pdx_paper *p = NULL;
            if ((st = pdx_db__load_hit(&p, db, m, i)))
                break;
            match *e = &(*v)[(*n)++];
            *e = (match){p, PDX_NAME_OTHER, NULL};
            st = best_author(p, asked, &e->rel, &e->author);
            /* past the ones needed, only the tie with the last needed */
            if (!st && i >= need && (need == 0 || strcmp(date_key(p), date_key((*v)[base + need - 1].paper)) != 0)) {
                more = false;
                break;
            }
        }
        pdx_index__mset_free(m);
        if (st || !more)
            return st;
        /* the tie runs on: load a longer list */
        for (size_t i = base; i < *n; i++)
            pdx_paper_free((*v)[i].paper);
        *n = base;
        s.max *= 2;
    }
}

/* The number of papers `q` matches, exactly; nothing is sorted. */
static pdx_status count_matches(pdx_db *db, const pdx_ixquery *q, uint64_t *out) {
    pdx_ixmset *m = NULL;
    pdx_status st = boolean_match(&m, db, q, 0);
    if (st)
        return st;
    *out = pdx_index__mset_total(m);
    pdx_index__mset_free(m);
    return PDX_OK;
}

/* One XD term (schema.h): "XD" and at most four bytes of a date. */
typedef struct date_head {
    char t[8];
    size_t n;
} date_head;

/* The database's XD terms in byte order, oldest first, "XD" (undated)
 * before all; *ok false if one is not of our making. */
static pdx_status list_date_heads(pdx_db *db, date_head **out, size_t *n_out, bool *ok) {
    *out = NULL;
    *n_out = 0;
    *ok = true;
    pdx_ixterms *it = NULL;
    pdx_status st = pdx_index__terms(&it, db->ix, PDX_PFX_DATE_HEAD, strlen(PDX_PFX_DATE_HEAD));
    if (st)
        return pdx_db__fail_ix(db, st);
    date_head *v = NULL;
    size_t n = 0, cap = 0;
    const char *t;
    size_t tn;
    uint32_t freq;
    while (!st && *ok && pdx_index__terms_next(it, &t, &tn, &freq)) {
        if (tn >= sizeof v->t) {
            *ok = false;
            break;
        }
        if (n == cap) {
            size_t c = cap ? cap * 2 : 64;
            date_head *w = realloc(v, c * sizeof *w);
            if (!w) {
                st = PDX_ENOMEM;
                break;
            }
            v = w;
            cap = c;
        }
        memcpy(v[n].t, t, tn);
        v[n++].n = tn;
    }
    if (!st && (st = pdx_index__terms_status(it)))
        st = pdx_db__fail_ix(db, st);
    pdx_index__terms_free(it);
    if (st) {
        free(v);
        return st;
    }
    *out = v;
    *n_out = n;
    return PDX_OK;
}

/* `q` with only the papers under heads h[0..n). */
static pdx_status in_heads(pdx_ixquery **out, const pdx_ixquery *q, const date_head *h, size_t n) {
    *out = NULL;
    pdx_ixquery **t = calloc(n, sizeof *t), *heads = NULL;
    pdx_status st = t ? PDX_OK : PDX_ENOMEM;
    for (size_t i = 0; !st && i < n; i++)
        st = pdx_index__q_term(&t[i], h[i].t, h[i].n, 1, 0);
    if (!st)
        st = pdx_index__q_combine(&heads, PDX_QOP_OR, t, n, 0);
    if (!st) {
        const pdx_ixquery *w[2] = {q, heads};
        st = pdx_index__q_combine(out, PDX_QOP_FILTER, (pdx_ixquery *const *)w, 2, 0);
    }
    for (size_t i = 0; t && i < n; i++)
        pdx_index__q_free(t[i]);
    free(t);
    pdx_index__q_free(heads);
    return st;
}

/* sorted_page's answer, read a few years at a time where the database
 * has XD terms and the name has many papers.  Sorting by date reads every
 * match's date value, about a microsecond each (the slowest names of the
 * benchmark's million papers have 11,000); the XD terms cut the papers
 * into runs of the date's byte order, so the newest year or two hold the
 * page and only they are sorted.  Windows of 1, 2, 4 ... years, newest
 * first: each is sorted as the whole would be, ties included, and none
 * overlaps another, so the concatenation is the whole's order. */
static pdx_status top_by_date(pdx_db *db, const pdx_ixquery *q, size_t need, const pdx_name *asked,
                              match **v, size_t *n, size_t *cap, uint64_t *total) {
    *total = 0;
    if (!q)
        return PDX_OK;
    if (!need)
        return count_matches(db, q, total);
    if (!db->date_heads)
        return sorted_page(db, q, need, asked, v, n, cap, total);
    uint64_t count = 0;
    pdx_status st = count_matches(db, q, &count);
    if (st || count < db->narrow_from)
        return st ? st : sorted_page(db, q, need, asked, v, n, cap, total);
    date_head *h = NULL;
    size_t nh = 0;
    bool ok = true;
    if ((st = list_date_heads(db, &h, &nh, &ok)) || !ok) {
        free(h);
        return st ? st : sorted_page(db, q, need, asked, v, n, cap, total);
    }
    size_t base = *n;
    for (size_t end = nh, k = 1; !st && end > 0 && *n - base < need; k *= 2) {
        size_t from = end > k ? end - k : 0;
        pdx_ixquery *w = NULL;
        uint64_t in_window = 0;
        st = in_heads(&w, q, h + from, end - from);
        if (!st)
            st = sorted_page(db, w, need - (*n - base), asked, v, n, cap, &in_window);
        pdx_index__q_free(w);
        end = from;
    }
    free(h);
    *total = count;
    return st;
}

/* Sorts v[from..*n) by `cmp` and keeps the first `keep` of them. */
static void sort_keep(match *v, size_t from, size_t *n, size_t keep,
                      int (*cmp)(const void *, const void *)) {
    if (*n > from)
        qsort(v + from, *n - from, sizeof *v, cmp);
    while (*n > from + keep)
        pdx_paper_free(v[--*n].paper);
}

/* The page [offset, offset + limit) of `asked`'s papers, in the order of
 * pdx_query__author_papers + by_match (or by_date with sort_date), and the total. */
static pdx_status fast_page(pdx_db *db, const pdx_name *asked, unsigned flags, bool sort_date,
                            size_t need, match **out, size_t *n_out, uint64_t *total) {
    *out = NULL;
    *n_out = 0;
    *total = 0;
    pdx_ixquery *same = NULL, *compat = NULL, *both = NULL;
    pdx_status st = name_queries(db, asked, flags, &same, &compat);
    match *v = NULL;
    size_t n = 0, cap = 0;
    uint64_t t1 = 0, t2 = 0;
    if (!st && sort_date) {
        /* one list, newest first, exact and variant papers together */
        if (same && compat) {
            const pdx_ixquery *w[2] = {same, compat};
            st = pdx_index__q_combine(&both, PDX_QOP_OR, (pdx_ixquery *const *)w, 2, 0);
        }
        if (!st)
            st = top_by_date(db, both ? both : same ? same : compat, need, asked, &v, &n, &cap, &t1);
        if (!st)
            sort_keep(v, 0, &n, need, by_date);
    } else if (!st) {
        st = top_by_date(db, same, need, asked, &v, &n, &cap, &t1);
        if (!st)
            sort_keep(v, 0, &n, need, by_date);
        size_t have = n;
        if (!st)
            st = top_by_date(db, compat, need > have ? need - have : 0, asked, &v, &n, &cap, &t2);
        if (!st)
            sort_keep(v, have, &n, need > have ? need - have : 0, by_date);
    }
    pdx_index__q_free(same);
    pdx_index__q_free(compat);
    pdx_index__q_free(both);
    if (st) {
        pdx_query__author_papers_free(v, n);
        return st;
    }
    *out = v;
    *n_out = n;
    *total = t1 + t2;
    return PDX_OK;
}

pdx_status pdx_query__author_name(pdx_name *asked, pdx_db *db, const char *name) {
    size_t n = strlen(name);
    if (pdx_text__check(name, n) != n) {
        memset(asked, 0, sizeof *asked);
        return pdx_db__fail(db, PDX_EQUERY, "the name is not valid UTF-8");
    }
    if (!name[strspn(name, " \t\r\n\f\v")]) {
        memset(asked, 0, sizeof *asked);
        return pdx_db__fail(db, PDX_EQUERY, "empty query: give a name to look for");
    }
    pdx_status st = pdx_name__parse(asked, name, n);
    if (!st && !pdx_name__ok(asked))
        st = pdx_db__fail(db, PDX_EQUERY, "'%s' holds no name to look for", name);
    return st;
}

pdx_status pdx_author_search(pdx_results **out, pdx_db *db, const char *name, unsigned flags,
                             const pdx_search_opts *opts) {
    *out = NULL;
    pdx_search_opts o = {0};
    if (opts)
        o = *opts;
    if (!o.limit)
        o.limit = 10;
    if (o.count_only)
        o.limit = 0;
    pdx_name asked;
    match *v = NULL;
    size_t n = 0;
    pdx_results *r = NULL;
    uint64_t total = 0;
    pdx_status st = pdx_query__author_name(&asked, db, name);
    if (!st && db->author_names) {
        /* need 0 only counts */
        size_t need = o.limit ? (size_t)o.offset + o.limit : 0;
        st = fast_page(db, &asked, flags, o.sort == PDX_SORT_DATE, need, &v, &n, &total);
    } else if (!st) {
        st = pdx_query__author_papers(&v, &n, db, &asked, flags);
        total = n;
        if (!st && o.sort == PDX_SORT_DATE && n)
            qsort(v, n, sizeof *v, by_date);
    }
    if (!st)
        st = pdx_results__new(&r);
    if (!st) {
        r->total = total;
        r->total_exact = true; /* both roads count every match */
    }
    for (size_t i = o.offset; !st && i < n && i < (size_t)o.offset + o.limit; i++) {
        pdx_paper *p = v[i].paper;
        v[i].paper = NULL;
        double score = v[i].rel == PDX_NAME_SAME ? 1.0 : 0.5;
        if ((st = pdx_results__push(r, p, score, (unsigned)i + 1)))
            break;
        pdx_hit *h = &r->hits[r->n - 1];
        h->match = v[i].rel == PDX_NAME_SAME ? PDX_MATCH_EXACT : PDX_MATCH_VARIANT;
        h->matched_author = v[i].author;
        const char *text = p->abstract ? p->abstract : pdx_paper_title(p);
        st = pdx_query__snippet(&h->snippet, db, NULL, text, 24, "", "");
    }
    pdx_query__author_papers_free(v, n);
    pdx_name__free(&asked);
    if (st) {
        pdx_results_free(r);
        return st;
    }
    *out = r;
    return PDX_OK;
}
