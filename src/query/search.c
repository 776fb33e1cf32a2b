/*
 * search.c — topic search: the query parser and ranking.
 *
 * The parser turns the user's text into a Xapian query through the shim,
 * using the very tokenizer and folding that indexing used, so a query word
 * meets its indexed forms by construction:
 *
 *   word          stem of its accent-folded form ("Z"), OR-ed with its
 *                 exact form when that carries accents (ranks "Jörn" over
 *                 "Jorn" for a "Jörn" query, finds both)
 *   "a phrase"    the words' plain forms in order
 *   -word         excluded
 *   title:w author:w venue:w     the word in that field only
 *   category:LG  year:2019  year:2019..2021  has:code     filters
 *
 * Free words are OR-ed and ranked by BM25, like the peers' defaults; the
 * English function words are dropped unless the query has nothing else.
 * A query that cannot be parsed (an unclosed quote, an empty field) gets
 * PDX_EQUERY and a message saying where.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/query.h"
#include "schema.h"
#include "text/text.h"

typedef struct qlist {
    pdx_ixquery **v;
    size_t n, cap;
} qlist;

typedef struct clause {
    pdx_ixquery *q;
    bool stop; /* made only of stopwords */
} clause;

typedef struct qparse {
    pdx_db *db;
    const char *q;
    size_t n, i;
    clause *pos;
    size_t n_pos, cap_pos;
    qlist neg, filt;
    pdx_hl_terms *hl;
    pdx_tokenizer tz;
    pdx_buf tmp, stem;
} qparse;

static pdx_status qlist_push(qlist *l, pdx_ixquery *q) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        pdx_ixquery **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            pdx_index__q_free(q);
            return PDX_ENOMEM;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = q;
    return PDX_OK;
}

static void qlist_free(qlist *l) {
    for (size_t i = 0; i < l->n; i++)
        pdx_index__q_free(l->v[i]);
    free(l->v);
}

static pdx_status push_clause(qparse *p, pdx_ixquery *q, bool stop) {
    if (p->n_pos == p->cap_pos) {
        size_t cap = p->cap_pos ? p->cap_pos * 2 : 8;
        clause *v = realloc(p->pos, cap * sizeof *v);
        if (!v) {
            pdx_index__q_free(q);
            return PDX_ENOMEM;
        }
        p->pos = v;
        p->cap_pos = cap;
    }
    p->pos[p->n_pos++] = (clause){q, stop};
    return PDX_OK;
}

static pdx_status term_q(pdx_ixquery **out, const char *prefix, const char *body, size_t n,
                         pdx_buf *tmp) {
    pdx_status st = PDX_OK;
    pdx_buf__clear(tmp);
    pdx_buf__adds(&st, tmp, prefix);
    pdx_buf__add(&st, tmp, body, n);
    return st ? st : pdx_index__q_term(out, tmp->p, tmp->n, 1, 0);
}

/* Combines `parts` with `op`, then frees the parts. */
static pdx_status combine(pdx_ixquery **out, pdx_qop op, pdx_ixquery **parts, size_t n,
                          unsigned window) {
    pdx_status st = pdx_index__q_combine(out, op, parts, n, window);
    for (size_t i = 0; i < n; i++)
        pdx_index__q_free(parts[i]);
    return st;
}

/* ---- words ----------------------------------------------------------------- */

typedef enum field {
    F_TEXT,
    F_TITLE,
    F_AUTHOR,
    F_VENUE,
} field;

/* The tokens of one query word or phrase. */
typedef struct toks {
    qparse *p;
    field f;
    bool positive;
    pdx_ixquery *parts[64]; /* per-token queries (plain forms) for phrases */
    size_t n_parts;
    pdx_ixquery *single;    /* the weighted query when there is one token */
    pdx_ixquery *compound;  /* the joined form, if any */
    bool all_stop;
    size_t words;
} toks;

static pdx_status add_hl(qparse *p, const pdx_token *tok) {
    pdx_status st = pdx_map__put(&p->hl->plain, tok->plain, tok->n_plain, 1);
    if (!st)
        st = pdx_db__stem(p->db, &p->stem, tok->plain, tok->n_plain);
    if (!st)
        st = pdx_map__put(&p->hl->stems, p->stem.p, p->stem.n, 1);
    return st;
}

static const char *pos_prefix(field f) {
    switch (f) {
    case F_TITLE: return PDX_PFX_TITLE;
    case F_AUTHOR: return PDX_PFX_AUTHOR;
    case F_VENUE: return PDX_PFX_VENUE;
    default: return "";
    }
}

static pdx_status on_token(const pdx_token *tok, void *payload) {
    toks *t = payload;
    qparse *p = t->p;
    pdx_status st = PDX_OK;
    if (tok->flags & PDX_TOK_COMPOUND) {
        if (!t->compound && t->f != F_AUTHOR && t->f != F_VENUE)
            st = term_q(&t->compound, t->f == F_TITLE ? PDX_PFX_TITLE : "", tok->plain,
                        tok->n_plain, &p->tmp);
        return st;
    }
    t->words++;
    if (!pdx_text__is_stopword(tok->plain, tok->n_plain))
        t->all_stop = false;
    if (t->positive && (t->f == F_TEXT || t->f == F_TITLE))
        st = add_hl(p, tok);
    if (!st && t->n_parts < 64) {
        pdx_ixquery *q = NULL;
        st = term_q(&q, pos_prefix(t->f), tok->plain, tok->n_plain, &p->tmp);
        if (!st)
            t->parts[t->n_parts++] = q;
    }
    if (st || t->words > 1 || t->f == F_AUTHOR || t->f == F_VENUE)
        return st;
    /* The weighted form of a lone word: its stem, plus its exact form
     * when the word carries accents. */
    pdx_ixquery *alts[2] = {NULL, NULL};
    size_t k = 0;
    if (!(st = pdx_db__stem(p->db, &p->stem, tok->plain, tok->n_plain)))
        st = term_q(&alts[k++], t->f == F_TITLE ? PDX_PFX_TITLE_STEM : PDX_PFX_STEM, p->stem.p,
                    p->stem.n, &p->tmp);
    if (!st && tok->exact != tok->plain)
        st = term_q(&alts[k++], t->f == F_TITLE ? PDX_PFX_TITLE : "", tok->exact, tok->n_exact,
                    &p->tmp);
    if (!st)
        st = combine(&t->single, PDX_QOP_OR, alts, k, 0);
    else
        for (size_t i = 0; i < k; i++)
            pdx_index__q_free(alts[i]);
    return st;
}

/* Builds the query for a word or phrase text in field `f`.  *out is NULL
 * when the text has no words. */
static pdx_status words_q(qparse *p, const char *s, size_t n, field f, bool phrase, bool positive,
                          pdx_ixquery **out, bool *all_stop) {
    *out = NULL;
    toks t = {0};
    t.p = p;
    t.f = f;
    t.positive = positive;
    t.all_stop = true;
    pdx_status st = pdx_text__tokenize(&p->tz, s, n, 1, NULL, on_token, &t);
    *all_stop = t.all_stop;
    if (!st && t.words == 1 && !phrase && t.single) {
        *out = t.single;
        t.single = NULL;
    } else if (!st && t.words == 1) {
        *out = t.parts[0];
        t.parts[0] = NULL;
    } else if (!st && t.words > 1) {
        /* Hyphenated words and phrases: the parts in order; a compound
         * ("k-means") may also match as one joined word. */
        pdx_ixquery *ph = NULL;
        st = pdx_index__q_combine(&ph, PDX_QOP_PHRASE, t.parts, t.n_parts, 0);
        if (!st && t.compound && !phrase) {
            pdx_ixquery *both[2] = {ph, t.compound};
            t.compound = NULL;
            st = combine(out, PDX_QOP_OR, both, 2, 0);
        } else if (!st) {
            *out = ph;
        }
    }
    for (size_t i = 0; i < t.n_parts; i++)
        pdx_index__q_free(t.parts[i]);
    pdx_index__q_free(t.single);
    pdx_index__q_free(t.compound);
    return st;
}

/* ---- filters ------------------------------------------------------------ */

static pdx_status year_filter(qparse *p, const char *s, size_t n, size_t col, pdx_ixquery **out) {
    *out = NULL;
    char lo[16] = "", hi[16] = "";
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '.' && s[i + 1] == '.')
            dots = s + i;
    size_t ln = dots ? (size_t)(dots - s) : n;
    size_t hn = dots ? n - ln - 2 : 0;
    if (ln > 4 || hn > 4)
        goto bad;
    memcpy(lo, s, ln);
    if (dots)
        memcpy(hi, dots + 2, hn);
    for (size_t i = 0; lo[i]; i++)
        if (lo[i] < '0' || lo[i] > '9')
            goto bad;
    for (size_t i = 0; hi[i]; i++)
        if (hi[i] < '0' || hi[i] > '9')
            goto bad;
    if (!dots) {
        if (!ln)
            goto bad;
        return term_q(out, PDX_PFX_YEAR, lo, ln, &p->tmp);
    }
    if (!ln && !hn)
        goto bad;
    /* The year slot holds "%04d", whose byte order is the numeric order. */
    char vlo[8], vhi[8];
    snprintf(vlo, sizeof vlo, "%04d", atoi(lo));
    snprintf(vhi, sizeof vhi, "%04d", atoi(hi));
    return pdx_index__q_range(out, PDX_SLOT_YEAR, ln ? vlo : NULL, hn ? vhi : NULL);
bad:
    return pdx_db__fail(p->db, PDX_EQUERY,
                        "column %zu: year: wants a year or a range like 2019..2021, not '%.*s'",
                        col, (int)n, s);
}

/* ---- the parser ---------------------------------------------------------- */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static pdx_status add_clause(qparse *p, pdx_ixquery *q, bool negate, bool stop) {
    if (!q)
        return PDX_OK;
    return negate ? qlist_push(&p->neg, q) : push_clause(p, q, stop);
}

static pdx_status parse(qparse *p) {
    pdx_status st = PDX_OK;
    while (!st) {
        while (p->i < p->n && is_space(p->q[p->i]))
            p->i++;
        if (p->i >= p->n)
            break;
        size_t col = p->i + 1;
        bool negate = false;
        if (p->q[p->i] == '-' && p->i + 1 < p->n && !is_space(p->q[p->i + 1])) {
            negate = true;
            p->i++;
        }
        /* field:value */
        field f = F_TEXT;
        size_t a = p->i;
        while (p->i < p->n && p->q[p->i] >= 'a' && p->q[p->i] <= 'z')
            p->i++;
        const char *fname = p->q + a;
        size_t fn = p->i - a;
        bool has_field = p->i < p->n && p->q[p->i] == ':' && fn > 0;
        enum { NONE, YEAR, HAS, CATEGORY } special = NONE;
        if (has_field) {
            if (fn == 5 && memcmp(fname, "title", 5) == 0)
                f = F_TITLE;
            else if (fn == 6 && memcmp(fname, "author", 6) == 0)
                f = F_AUTHOR;
            else if (fn == 5 && memcmp(fname, "venue", 5) == 0)
                f = F_VENUE;
            else if (fn == 8 && memcmp(fname, "abstract", 8) == 0)
                f = F_TEXT; /* abstract words live in the free text */
            else if (fn == 4 && memcmp(fname, "year", 4) == 0)
                special = YEAR;
            else if (fn == 3 && memcmp(fname, "has", 3) == 0)
                special = HAS;
            else if (fn == 8 && memcmp(fname, "category", 8) == 0)
                special = CATEGORY;
            else
                has_field = false; /* "re:" or a URL: plain text */
        }
        if (has_field)
            p->i++;
        else
            p->i = a;
        /* the value: a quoted phrase or a run of non-space */
        bool quoted = p->i < p->n && p->q[p->i] == '"';
        size_t vs, ve;
        if (quoted) {
            const char *close = memchr(p->q + p->i + 1, '"', p->n - p->i - 1);
            if (!close)
                return pdx_db__fail(p->db, PDX_EQUERY,
                                    "column %zu: the quote opened here is never closed", p->i + 1);
            vs = p->i + 1;
            ve = (size_t)(close - p->q);
            p->i = ve + 1;
        } else {
            vs = p->i;
            while (p->i < p->n && !is_space(p->q[p->i]))
                p->i++;
            ve = p->i;
            /* a quote inside a word starts nothing: "O'Keefe" has none, but
             * 'ab"cd' would: reject it clearly */
            if (memchr(p->q + vs, '"', ve - vs))
                return pdx_db__fail(p->db, PDX_EQUERY,
                                    "column %zu: a quote must start a phrase (put a space before it)",
                                    (size_t)((const char *)memchr(p->q + vs, '"', ve - vs) - p->q) + 1);
        }
        const char *v = p->q + vs;
        size_t vn = ve - vs;
        if (has_field && vn == 0)
            return pdx_db__fail(p->db, PDX_EQUERY, "column %zu: %.*s: needs a value", col, (int)fn,
                                fname);
        pdx_ixquery *q = NULL;
        bool stop = false;
        switch (special) {
        case YEAR:
            if (!(st = year_filter(p, v, vn, col, &q)))
                st = negate ? qlist_push(&p->neg, q) : qlist_push(&p->filt, q);
            continue;
        case HAS:
            if (vn != 4 || memcmp(v, "code", 4) != 0)
                return pdx_db__fail(p->db, PDX_EQUERY, "column %zu: has: knows only 'code'", col);
            if (!(st = term_q(&q, PDX_PFX_HAS, "code", 4, &p->tmp)))
                st = negate ? qlist_push(&p->neg, q) : qlist_push(&p->filt, q);
            continue;
        case CATEGORY:
            pdx_buf__clear(&p->stem);
            pdx_text__fold(&st, &p->stem, v, vn, PDX_FOLD_CASE);
            if (!st && !(st = term_q(&q, PDX_PFX_CATEGORY, p->stem.p, p->stem.n, &p->tmp)))
                st = negate ? qlist_push(&p->neg, q) : qlist_push(&p->filt, q);
            continue;
        case NONE:
            break;
        }
        st = words_q(p, v, vn, f, quoted, !negate, &q, &stop);
        if (!st)
            st = add_clause(p, q, negate, stop && !quoted && f == F_TEXT);
    }
    return st;
}

static pdx_status build(qparse *p, pdx_ixquery **out) {
    *out = NULL;
    pdx_status st = PDX_OK;
    bool any_content = false;
    for (size_t i = 0; i < p->n_pos; i++)
        any_content |= !p->pos[i].stop;
    pdx_ixquery **keep = calloc(p->n_pos ? p->n_pos : 1, sizeof *keep);
    if (!keep)
        return PDX_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < p->n_pos; i++)
        if (!any_content || !p->pos[i].stop)
            keep[k++] = p->pos[i].q;
    pdx_ixquery *q = NULL;
    if (k)
        st = pdx_index__q_combine(&q, PDX_QOP_OR, keep, k, 0);
    else if (p->filt.n || p->neg.n)
        st = pdx_index__q_all(&q); /* only filters: every paper they allow */
    else
        st = pdx_index__q_combine(&q, PDX_QOP_OR, NULL, 0, 0); /* matches nothing */
    free(keep);
    if (!st && p->filt.n) {
        pdx_ixquery *f = NULL, *parts[2];
        st = pdx_index__q_combine(&f, PDX_QOP_AND, p->filt.v, p->filt.n, 0);
        parts[0] = q;
        parts[1] = f;
        if (!st) {
            q = NULL;
            st = combine(&q, PDX_QOP_FILTER, parts, 2, 0);
        }
    }
    if (!st && p->neg.n) {
        pdx_ixquery *ng = NULL, *parts[2];
        st = pdx_index__q_combine(&ng, PDX_QOP_OR, p->neg.v, p->neg.n, 0);
        parts[0] = q;
        parts[1] = ng;
        if (!st) {
            q = NULL;
            st = combine(&q, PDX_QOP_AND_NOT, parts, 2, 0);
        }
    }
    if (st) {
        pdx_index__q_free(q);
        return st;
    }
    *out = q;
    return PDX_OK;
}

static void qparse_free(qparse *p) {
    for (size_t i = 0; i < p->n_pos; i++)
        pdx_index__q_free(p->pos[i].q);
    free(p->pos);
    qlist_free(&p->neg);
    qlist_free(&p->filt);
    pdx_text__tokenizer_free(&p->tz);
    pdx_buf__free(&p->tmp);
    pdx_buf__free(&p->stem);
}

/* Loads the hits of a match set into results, with snippets. */
static pdx_status fill_results(pdx_db *db, pdx_ixmset *m, unsigned offset, const pdx_hl_terms *hl,
                               const pdx_search_opts *o, pdx_results *r) {
    pdx_status st = PDX_OK;
    r->total = pdx_index__mset_total(m);
    for (size_t i = 0; i < pdx_index__mset_size(m) && !st; i++) {
        char *data = NULL;
        size_t n = 0;
        pdx_paper *paper = NULL;
        if ((st = pdx_index__mset_data(&data, &n, db->ix, m, i))) {
            st = pdx_db__fail_ix(db, st);
            break;
        }
        st = pdx_paper__from_json(&paper, data, n);
        free(data);
        if (st == PDX_ECORRUPT)
            st = pdx_db__fail(db, st, "%s: a stored record is damaged", db->path);
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

pdx_status pdx_search(pdx_results **out, pdx_db *db, const char *query,
                      const pdx_search_opts *opts) {
    *out = NULL;
    pdx_search_opts o = {0};
    if (opts)
        o = *opts;
    if (!o.limit)
        o.limit = 10;
    size_t qn = strlen(query);
    if (pdx_text__check(query, qn) != qn)
        return pdx_db__fail(db, PDX_EQUERY, "the query is not valid UTF-8");
    if (qn > 4096)
        return pdx_db__fail(db, PDX_EQUERY, "the query is longer than 4096 bytes");
    pdx_hl_terms hl = {PDX_MAP_INIT, PDX_MAP_INIT};
    qparse p = {0};
    p.db = db;
    p.q = query;
    p.n = qn;
    p.hl = &hl;
    pdx_ixquery *q = NULL;
    pdx_ixmset *m = NULL;
    pdx_results *r = NULL;
    pdx_status st = parse(&p);
    if (!st)
        st = build(&p, &q);
    if (!st) {
        pdx_ixsearch s = {0};
        s.first = o.offset;
        s.max = o.limit;
        s.check_at_least = o.offset + o.limit;
        s.sort_slot = o.sort == PDX_SORT_DATE ? PDX_SLOT_DATE : -1;
        s.sort_descending = true;
        s.k1 = 1.2;
        s.b = 0.75;
        if ((st = pdx_index__search(&m, db->ix, q, &s)))
            st = pdx_db__fail_ix(db, st);
    }
    if (!st)
        st = pdx_results__new(&r);
    if (!st)
        st = fill_results(db, m, o.offset, &hl, &o, r);
    pdx_index__mset_free(m);
    pdx_index__q_free(q);
    qparse_free(&p);
    pdx_map__free(&hl.plain);
    pdx_map__free(&hl.stems);
    if (st) {
        pdx_results_free(r);
        return st;
    }
    *out = r;
    return PDX_OK;
}
