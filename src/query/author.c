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
 * Coauthors are counted over the matched papers, one count per paper,
 * grouped by the accent- and case-folded full name, so "Jörn-Henrik
 * Jacobsen" and "Jorn-Henrik Jacobsen" are one person shown under the
 * spelling used most; less complete spellings join the one person they fit
 * (below).  Every spelling merged is listed, so a merge is never silent.
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

typedef struct match {
    pdx_paper *paper;
    pdx_name_rel rel;
    const char *author; /* the matched entry's display form */
} match;

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
    if (!st && run) {
        pdx_ixsearch s = {0};
        s.max = (unsigned)max;
        s.sort_slot = -1;
        s.boolean = true; /* document order */
        s.ids_only = true;
        if ((st = pdx_index__search(&m, db->ix, run, &s)))
            st = pdx_db__fail_ix(db, st);
    }
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

/* Every paper of `asked`: fills *out (caller frees each paper and the
 * array). */
static pdx_status find_matches(pdx_db *db, const pdx_name *asked, unsigned flags, match **out,
                               size_t *n_out) {
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

static void free_matches(match *v, size_t n) {
    for (size_t i = 0; i < n; i++)
        pdx_paper_free(v[i].paper);
    free(v);
}

/* ---- the fast road: spellings from XAV terms ---------------------------------- */

/* The papers with an author SAME as `asked` (*same) and those with one
 * COMPAT but none SAME (*compat, always NULL with PDX_AUTHOR_EXACT), as
 * queries; NULL when there are none.
 * The candidates are those of find_matches: first initial + core surname,
 * or (no given name) the surname with particles or its core. */
static pdx_status name_queries(pdx_db *db, const pdx_name *asked, unsigned flags,
                               pdx_ixquery **same, pdx_ixquery **compat) {
    *same = *compat = NULL;
    pdx_status st = PDX_OK;
    pdx_buf pfx = PDX_BUF_INIT;
    pdx_buf__adds(&st, &pfx, PDX_PFX_AUTHOR_NAME);
    pdx_buf__adds(&st, &pfx, asked->core);
    pdx_buf__addc(&st, &pfx, '\x1f');
    if (asked->n_given) {
        size_t at = pfx.n;
        pdx_name__key_initial(&st, &pfx, asked);
        size_t sp = at;
        while (sp < pfx.n && pfx.p[sp] != ' ')
            sp++;
        pfx.n = sp;
        pdx_buf__addc(&st, &pfx, '\x1f');
    }
    pdx_ixquery **terms[2] = {NULL, NULL}; /* SAME, COMPAT */
    size_t n[2] = {0, 0}, cap[2] = {0, 0};
    pdx_ixterms *it = NULL;
    if (!st && (st = pdx_index__terms(&it, db->ix, pfx.p, pfx.n)))
        st = pdx_db__fail_ix(db, st);
    const char *t;
    size_t tn;
    while (!st && pdx_index__terms_next(it, &t, &tn, NULL)) {
        /* the written name is after the second \x1f */
        const char *name = memchr(t + strlen(PDX_PFX_AUTHOR_NAME), '\x1f', tn - strlen(PDX_PFX_AUTHOR_NAME));
        name = name ? memchr(name + 1, '\x1f', (size_t)(t + tn - name - 1)) : NULL;
        if (!name)
            continue;
        name++;
        pdx_name cand;
        if ((st = pdx_name__parse(&cand, name, (size_t)(t + tn - name))))
            break;
        pdx_name_rel rel = pdx_name__compare(asked, &cand);
        /* without a given name, find_matches's candidates share the
         * asked surname as their surname or its core */
        if (rel != PDX_NAME_OTHER && !asked->n_given && strcmp(cand.surname, asked->surname) != 0 &&
            strcmp(cand.core, asked->surname) != 0)
            rel = PDX_NAME_OTHER;
        pdx_name__free(&cand);
        if (rel == PDX_NAME_OTHER || (rel == PDX_NAME_COMPAT && (flags & PDX_AUTHOR_EXACT)))
            continue;
        int k = rel == PDX_NAME_SAME ? 0 : 1;
        if (n[k] == cap[k]) {
            cap[k] = cap[k] ? cap[k] * 2 : 16;
            pdx_ixquery **v = realloc(terms[k], cap[k] * sizeof *v);
            if (!v) {
                st = PDX_ENOMEM;
                break;
            }
            terms[k] = v;
        }
        if (!(st = pdx_index__q_term(&terms[k][n[k]], t, tn, 1, 0)))
            n[k]++;
    }
    if (!st && (st = pdx_index__terms_status(it)))
        st = pdx_db__fail_ix(db, st);
    pdx_index__terms_free(it);
    pdx_ixquery *any_compat = NULL;
    if (!st && n[0])
        st = pdx_index__q_combine(same, PDX_QOP_OR, terms[0], n[0], 0);
    if (!st && n[1])
        st = pdx_index__q_combine(&any_compat, PDX_QOP_OR, terms[1], n[1], 0);
    if (!st && any_compat && *same) {
        const pdx_ixquery *v[2] = {any_compat, *same};
        st = pdx_index__q_combine(compat, PDX_QOP_AND_NOT, (pdx_ixquery *const *)v, 2, 0);
        pdx_index__q_free(any_compat);
    } else if (!st) {
        *compat = any_compat;
    }
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < n[k]; i++)
            pdx_index__q_free(terms[k][i]);
        free(terms[k]);
    }
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
    pdx_ixsearch s = {0};
    s.check_at_least = UINT32_MAX;
    s.sort_slot = -1;
    s.boolean = true;
    s.ids_only = true;
    pdx_ixmset *m = NULL;
    pdx_status st = pdx_index__search(&m, db->ix, q, &s);
    if (st)
        return pdx_db__fail_ix(db, st);
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
 * find_matches + by_match (or by_date with sort_date), and the total. */
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
        free_matches(v, n);
        return st;
    }
    *out = v;
    *n_out = n;
    *total = t1 + t2;
    return PDX_OK;
}

static pdx_status parse_asked(pdx_db *db, const char *name, pdx_name *asked) {
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
    pdx_status st = parse_asked(db, name, &asked);
    if (!st && db->author_names) {
        /* need 0 only counts */
        size_t need = o.limit ? (size_t)o.offset + o.limit : 0;
        st = fast_page(db, &asked, flags, o.sort == PDX_SORT_DATE, need, &v, &n, &total);
    } else if (!st) {
        st = find_matches(db, &asked, flags, &v, &n);
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
    free_matches(v, n);
    pdx_name__free(&asked);
    if (st) {
        pdx_results_free(r);
        return st;
    }
    *out = r;
    return PDX_OK;
}

/* ---- coauthors ------------------------------------------------------------ */

/*
 * Coauthors are first grouped by their folded full name.  A group whose
 * spelling carries less (initials, a shorter given name, fewer given
 * names: "J. Lorraine", "Jon Lorraine", "David Krueger") then joins the one
 * more complete group it is compatible with ("Jonathan Lorraine", "David
 * Scott Krueger").  When two or more complete groups fit ("J. Smith" next to
 * "John Smith" and "Jane Smith"), joining either would be a guess: the group
 * stays apart and names the people it could be.  Groups are resolved from
 * the most complete down, so a chain Jon → Jonathan ← J. ends in one person.
 */

typedef struct spelling {
    char *name;
    size_t count;
} spelling;

typedef struct person {
    char *key;          /* folded full name */
    pdx_name name;      /* parsed, for compatibility checks */
    size_t detail;      /* how much the spelling says (see detail_of) */
    size_t *papers;     /* indices of matched papers, ascending, unique */
    size_t n_papers, cap_papers;
    spelling *forms;
    size_t n_forms;
    bool merged;        /* joined into a more complete person */
    char **ambiguous;   /* display names of the people it could be */
    size_t n_ambiguous;
} person;

struct pdx_coauthors {
    char *author;
    size_t papers;
    person *people;
    size_t n, cap;
};

/* Letters of full given names plus one per initial: "Jonathan" 8,
 * "Jon" 3, "J." 1, "Ricky T. Q." 7. */
static size_t detail_of(const pdx_name *nm) {
    size_t d = 0;
    for (size_t i = 0; i < nm->n_given; i++)
        d += nm->initial[i] ? 1 : strlen(nm->given[i]);
    return d;
}

static pdx_status add_form(person *pe, const char *name, size_t count) {
    for (size_t i = 0; i < pe->n_forms; i++)
        if (strcmp(pe->forms[i].name, name) == 0) {
            pe->forms[i].count += count;
            return PDX_OK;
        }
    spelling *f = realloc(pe->forms, (pe->n_forms + 1) * sizeof *f);
    if (!f)
        return PDX_ENOMEM;
    pe->forms = f;
    if (!(f[pe->n_forms].name = pdx_strndup(name, strlen(name))))
        return PDX_ENOMEM;
    f[pe->n_forms++].count = count;
    return PDX_OK;
}

/* Adds paper `i`; papers arrive in ascending order, so a repeat is the
 * last one. */
static pdx_status add_paper(person *pe, size_t i) {
    if (pe->n_papers && pe->papers[pe->n_papers - 1] == i)
        return PDX_OK;
    if (pe->n_papers == pe->cap_papers) {
        size_t cap = pe->cap_papers ? pe->cap_papers * 2 : 8;
        size_t *v = realloc(pe->papers, cap * sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        pe->papers = v;
        pe->cap_papers = cap;
    }
    pe->papers[pe->n_papers++] = i;
    return PDX_OK;
}

/* Moves `from`'s spellings and papers into `to`. */
static pdx_status join(person *to, person *from) {
    pdx_status st = PDX_OK;
    for (size_t i = 0; i < from->n_forms && !st; i++)
        st = add_form(to, from->forms[i].name, from->forms[i].count);
    if (st)
        return st;
    size_t *v = malloc((to->n_papers + from->n_papers) * sizeof *v);
    if (!v && to->n_papers + from->n_papers)
        return PDX_ENOMEM;
    size_t a = 0, b = 0, n = 0;
    while (a < to->n_papers || b < from->n_papers) {
        if (b == from->n_papers || (a < to->n_papers && to->papers[a] < from->papers[b]))
            v[n++] = to->papers[a++];
        else if (a == to->n_papers || from->papers[b] < to->papers[a])
            v[n++] = from->papers[b++];
        else {
            v[n++] = to->papers[a++];
            b++;
        }
    }
    free(to->papers);
    to->papers = v;
    to->n_papers = to->cap_papers = n;
    from->merged = true;
    return PDX_OK;
}

/* Most used spelling first; ties keep the first seen. */
static void order_forms(person *pe) {
    for (size_t i = 1; i < pe->n_forms; i++) {
        spelling x = pe->forms[i];
        size_t j = i;
        while (j > 0 && pe->forms[j - 1].count < x.count) {
            pe->forms[j] = pe->forms[j - 1];
            j--;
        }
        pe->forms[j] = x;
    }
}

static void free_person(person *pe) {
    for (size_t j = 0; j < pe->n_forms; j++)
        free(pe->forms[j].name);
    free(pe->forms);
    for (size_t j = 0; j < pe->n_ambiguous; j++)
        free(pe->ambiguous[j]);
    free(pe->ambiguous);
    free(pe->papers);
    free(pe->key);
    pdx_name__free(&pe->name);
}

static int by_detail_desc(const void *a, const void *b) {
    const person *x = a, *y = b;
    if (x->detail != y->detail)
        return x->detail > y->detail ? -1 : 1;
    return strcmp(x->key, y->key);
}

static int by_shared(const void *a, const void *b) {
    const person *x = a, *y = b;
    if (x->n_papers != y->n_papers)
        return x->n_papers > y->n_papers ? -1 : 1;
    return strcmp(x->forms[0].name, y->forms[0].name);
}

/* Joins less complete spellings into the one person they fit (see the top
 * of this section).  `people` is sorted most complete first. */
static pdx_status resolve_variants(person *people, size_t n) {
    pdx_status st = PDX_OK;
    size_t *fit = n ? malloc(n * sizeof *fit) : NULL;
    if (n && !fit)
        return PDX_ENOMEM;
    for (size_t g = 0; g < n && !st; g++) {
        size_t k = 0;
        for (size_t h = 0; h < g; h++)
            if (!people[h].merged && people[h].detail > people[g].detail &&
                pdx_name__compare(&people[g].name, &people[h].name) != PDX_NAME_OTHER)
                fit[k++] = h;
        if (k == 1) {
            st = join(&people[fit[0]], &people[g]);
        } else if (k > 1) {
            people[g].ambiguous = calloc(k, sizeof *people[g].ambiguous);
            if (!people[g].ambiguous) {
                st = PDX_ENOMEM;
                break;
            }
            for (size_t j = 0; j < k && !st; j++) {
                person *h = &people[fit[j]];
                order_forms(h);
                const char *shown = h->forms[0].name;
                if (!(people[g].ambiguous[j] = pdx_strndup(shown, strlen(shown))))
                    st = PDX_ENOMEM;
                else
                    people[g].n_ambiguous++;
            }
        }
    }
    free(fit);
    return st;
}

/* A facet name being grouped (pdx_query__group_names). */
typedef struct fname {
    size_t i;      /* index in the caller's list */
    pdx_name name;
    size_t detail;
} fname;

/* Same core surname together, most complete first, then by index. */
static int by_core_detail(const void *a, const void *b) {
    const fname *x = a, *y = b;
    int c = strcmp(x->name.core ? x->name.core : "", y->name.core ? y->name.core : "");
    if (c)
        return c;
    if (x->detail != y->detail)
        return x->detail > y->detail ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

pdx_status pdx_query__group_names(size_t *group, const char *const *keys, const size_t *lens,
                                  size_t n) {
    for (size_t i = 0; i < n; i++)
        group[i] = i;
    if (n < 2)
        return PDX_OK;
    fname *v = calloc(n, sizeof *v);
    size_t *fit = malloc(n * sizeof *fit);
    pdx_status st = v && fit ? PDX_OK : PDX_ENOMEM;
    size_t parsed = 0;
    for (; !st && parsed < n; parsed++) {
        v[parsed].i = parsed;
        st = pdx_name__parse(&v[parsed].name, keys[parsed], lens[parsed]);
        v[parsed].detail = detail_of(&v[parsed].name);
    }
    if (!st)
        qsort(v, n, sizeof *v, by_core_detail);
    /* Within a core surname, as resolve_variants joins coauthors: a less
     * complete name joins the one more complete name it fits; fitting
     * two or more, it stays apart.  Only names that stay are joined to,
     * so a chain Jon → Jonathan ← J. ends in one person. */
    for (size_t from = 0; !st && from < n;) {
        size_t to = from + 1;
        while (to < n && strcmp(v[to].name.core ? v[to].name.core : "",
                                v[from].name.core ? v[from].name.core : "") == 0)
            to++;
        for (size_t g = from; g < to; g++) {
            if (!pdx_name__ok(&v[g].name))
                continue;
            size_t k = 0;
            for (size_t h = from; h < g; h++)
                if (group[v[h].i] == v[h].i && v[h].detail > v[g].detail &&
                    pdx_name__ok(&v[h].name) &&
                    pdx_name__compare(&v[g].name, &v[h].name) != PDX_NAME_OTHER)
                    fit[k++] = h;
            if (k == 1)
                group[v[g].i] = v[fit[0]].i;
        }
        from = to;
    }
    for (size_t i = 0; v && i < parsed; i++)
        pdx_name__free(&v[i].name);
    free(v);
    free(fit);
    return st;
}

void pdx_coauthors_free(pdx_coauthors *c) {
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        free_person(&c->people[i]);
    free(c->people);
    free(c->author);
    free(c);
}

/* The person grouped under `key`, created from spelling `an` if new. */
static pdx_status person_for(pdx_coauthors *c, pdx_map *index, const pdx_buf *key,
                             const char *an, person **out) {
    size_t idx;
    if (pdx_map__get(index, key->p, key->n, &idx)) {
        *out = &c->people[idx];
        return PDX_OK;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        person *pp = realloc(c->people, cap * sizeof *pp);
        if (!pp)
            return PDX_ENOMEM;
        c->people = pp;
        c->cap = cap;
    }
    person *pe = &c->people[c->n];
    memset(pe, 0, sizeof *pe);
    pdx_status st = pdx_name__parse(&pe->name, an, strlen(an));
    if (!st && !(pe->key = pdx_strndup(key->p, key->n)))
        st = PDX_ENOMEM;
    if (st) {
        free_person(pe);
        return st;
    }
    pe->detail = detail_of(&pe->name);
    st = pdx_map__put(index, key->p, key->n, c->n);
    c->n++;
    *out = pe;
    return st;
}

pdx_status pdx_coauthors_find(pdx_coauthors **out, pdx_db *db, const char *name, unsigned flags,
                              unsigned min) {
    *out = NULL;
    pdx_name asked;
    match *v = NULL;
    size_t n = 0;
    pdx_map index = PDX_MAP_INIT; /* person key → index in people */
    pdx_buf key = PDX_BUF_INIT;
    person self = {0};
    pdx_coauthors *c = calloc(1, sizeof *c);
    pdx_status st = c ? parse_asked(db, name, &asked) : PDX_ENOMEM;
    if (!c)
        memset(&asked, 0, sizeof asked);
    if (!st)
        st = find_matches(db, &asked, flags, &v, &n);
    for (size_t i = 0; i < n && !st; i++) {
        const pdx_paper *p = v[i].paper;
        st = add_form(&self, v[i].author, 1);
        for (size_t a = 0; a < p->authors.n && !st; a++) {
            const char *an = pdx_paper__authors(p)[a].name;
            pdx_name cand;
            if ((st = pdx_name__parse(&cand, an, strlen(an))))
                break;
            /* the person asked for (in any compatible spelling) is not
             * their own coauthor */
            bool skip = an == v[i].author || !pdx_name__ok(&cand) ||
                        pdx_name__compare(&asked, &cand) == PDX_NAME_SAME;
            pdx_buf__clear(&key);
            if (!skip)
                pdx_name__key_full(&st, &key, &cand);
            pdx_name__free(&cand);
            if (skip || st)
                continue;
            person *pe = NULL;
            if (!(st = person_for(c, &index, &key, an, &pe)))
                st = add_form(pe, an, 1);
            if (!st)
                st = add_paper(pe, i);
        }
    }
    if (!st) {
        c->papers = n;
        order_forms(&self);
        const char *shown = self.n_forms ? self.forms[0].name : name;
        if (!(c->author = pdx_strndup(shown, strlen(shown))))
            st = PDX_ENOMEM;
    }
    if (!st && c->n) {
        qsort(c->people, c->n, sizeof *c->people, by_detail_desc);
        st = resolve_variants(c->people, c->n);
    }
    if (!st) {
        /* drop the joined and the rare, then order */
        size_t k = 0;
        for (size_t i = 0; i < c->n; i++) {
            if (!c->people[i].merged && c->people[i].n_papers >= (min ? min : 1)) {
                order_forms(&c->people[i]);
                c->people[k++] = c->people[i];
            } else {
                free_person(&c->people[i]);
            }
        }
        c->n = k;
        if (k)
            qsort(c->people, k, sizeof *c->people, by_shared);
    }
    for (size_t j = 0; j < self.n_forms; j++)
        free(self.forms[j].name);
    free(self.forms);
    free_matches(v, n);
    pdx_map__free(&index);
    pdx_buf__free(&key);
    pdx_name__free(&asked);
    if (st) {
        pdx_coauthors_free(c);
        return st;
    }
    *out = c;
    return PDX_OK;
}

const char *pdx_coauthors_author(const pdx_coauthors *c) { return c->author; }
size_t pdx_coauthors_papers(const pdx_coauthors *c) { return c->papers; }
size_t pdx_coauthors_count(const pdx_coauthors *c) { return c->n; }

const char *pdx_coauthors_name(const pdx_coauthors *c, size_t i) {
    return i < c->n ? c->people[i].forms[0].name : NULL;
}

size_t pdx_coauthors_shared(const pdx_coauthors *c, size_t i) {
    return i < c->n ? c->people[i].n_papers : 0;
}

size_t pdx_coauthors_variant_count(const pdx_coauthors *c, size_t i) {
    return i < c->n ? c->people[i].n_forms : 0;
}

const char *pdx_coauthors_variant(const pdx_coauthors *c, size_t i, size_t j) {
    return i < c->n && j < c->people[i].n_forms ? c->people[i].forms[j].name : NULL;
}

size_t pdx_coauthors_ambiguous_count(const pdx_coauthors *c, size_t i) {
    return i < c->n ? c->people[i].n_ambiguous : 0;
}

const char *pdx_coauthors_ambiguous(const pdx_coauthors *c, size_t i, size_t j) {
    return i < c->n && j < c->people[i].n_ambiguous ? c->people[i].ambiguous[j] : NULL;
}
