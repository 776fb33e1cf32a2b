/*
 * parse.c — the query language: a recursive-descent parser from the
 * user's text to a Xapian query.
 *
 *   expr    := seq (OR seq)*
 *   seq     := conj conj*              juxtaposed: ranked OR, see below
 *   conj    := unary (AND unary)*
 *   unary   := NOT unary | -unary | primary
 *   primary := ( expr ) | field:value | field:( expr ) | "phrase" | word | prefix*
 *
 * Loosest first: OR, juxtaposition, AND, NOT.  So `a b AND c` is a OR (b AND
 * c), and `graph -neural year:2020` is graph, without neural, in 2020.
 * AND, OR and NOT are operators only in capitals; "not" is a word.
 *
 * Juxtaposed words are OR-ed and ranked by BM25, as the peers do; English
 * function words are dropped unless nothing else is left, and exclusions
 * (-w, NOT w) and filters (year:, category:, has:) in the same sequence
 * restrict it.  Each word becomes its indexed forms, made by the very
 * tokenizer and folding indexing used:
 *
 *   word          the stem of its accent-folded form ("Z"), OR-ed with its
 *                 exact form when that carries accents, and, as the
 *                 ranking says, its title-only stem and its author-name form
 *   "a phrase"    the words' plain forms in order
 *   prefix*       every plain form starting with the prefix (at most
 *                 PDX_WILDCARD_MAX of them, else a syntax error)
 *   title: author: venue:     the field's own terms (S/ZS, A, V)
 *   abstract:     the whole-text stem, kept only where the word occurs
 *                 more often than its title and author occurrences account
 *                 for (no abstract terms in the index: see schema.h)
 *   category: year:Y year:A..B has:code      boolean filters
 *
 * Field names ignore ASCII case ("Title:" is "title:").  Any other
 * "name:value" (letters, a colon, a value right after it) is an error
 * naming the nearest field, except identifier schemes (arXiv:, doi: ...),
 * URLs, and a colon followed by a space: those are text.
 *
 * A query that cannot be parsed gets PDX_EQUERY and "column N: why".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/query.h"
#include "schema.h"
#include "text/text.h"

#define MAX_DEPTH 32

typedef enum kind {
    K_NONE,   /* nothing searchable ("()", punctuation only) */
    K_POS,    /* ranked */
    K_FILTER, /* restricts, weighs nothing */
    K_NEG,    /* excludes */
} kind;

typedef struct node {
    pdx_ixquery *q;
    kind k;
    bool stop; /* a lone free word that is an English function word */
    bool bag;  /* made of free words only: feedback may add documents */
    pdx_ixquery *plain; /* a lone free word's plain form, for proximity */
} node;

typedef enum field {
    F_TEXT,
    F_TITLE,
    F_AUTHOR,
    F_VENUE,
    F_ABSTRACT,
} field;

typedef struct parser {
    pdx_db *db;
    const pdx_ranking *rk;
    const char *s;
    size_t n, i;
    unsigned depth;
    pdx_hl_terms *hl;
    pdx_parsed *out;
    pdx_tokenizer tz;
    pdx_buf tmp, stem, fold;
} parser;

static pdx_status fail_at(parser *p, size_t at, const char *why) {
    return pdx_db__fail(p->db, PDX_EQUERY, "column %zu: %s", at + 1, why);
}

static void node_free(node *x) {
    pdx_index__q_free(x->q);
    pdx_index__q_free(x->plain);
    x->q = x->plain = NULL;
    x->k = K_NONE;
}

static pdx_status term_q(pdx_ixquery **out, const char *prefix, const char *body, size_t n,
                         pdx_buf *tmp) {
    pdx_status st = PDX_OK;
    pdx_buf__clear(tmp);
    pdx_buf__adds(&st, tmp, prefix);
    pdx_buf__add(&st, tmp, body, n);
    return st ? st : pdx_index__q_term(out, tmp->p, tmp->n, 1, 0);
}

/* `q` scaled by `w`, consuming `q`; NULL when w is 0. */
static pdx_status scaled(pdx_ixquery **out, pdx_ixquery *q, double w) {
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
static pdx_status combine(pdx_ixquery **out, pdx_qop op, pdx_ixquery **parts, size_t n,
                          unsigned window) {
    pdx_status st = pdx_index__q_combine(out, op, parts, n, window);
    for (size_t i = 0; i < n; i++)
        pdx_index__q_free(parts[i]);
    return st;
}

/* a op b, consuming both. */
static pdx_status combine2(pdx_ixquery **out, pdx_qop op, pdx_ixquery *a, pdx_ixquery *b) {
    pdx_ixquery *v[2] = {a, b};
    return combine(out, op, v, 2, 0);
}

/* ---- words ----------------------------------------------------------- */

/* The tokens of one query word or phrase. */
typedef struct toks {
    parser *p;
    field f;
    bool positive;
    pdx_ixquery *parts[64]; /* per-token queries (plain forms) for phrases */
    pdx_ixquery *inabs[64]; /* per-token "also in the abstract" checks */
    size_t n_parts;
    pdx_ixquery *single;    /* the weighted query when there is one token */
    pdx_ixquery *plain;     /* its plain form, for proximity */
    pdx_ixquery *compound;  /* the joined form, if any */
    bool all_stop;
    size_t words;
} toks;

static pdx_status add_hl(parser *p, const pdx_token *tok) {
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

/* The abstract holds `body`: its whole-text term (prefix "" or "Z") occurs
 * more often than PDX_TITLE_WDF times its title term (prefix "S" or "ZS")
 * plus its author-name term ("A" + the plain form) account for. */
static pdx_status in_abstract(pdx_ixquery **out, const char *whole_pfx, const char *title_pfx,
                              const char *body, size_t n, const char *plain, size_t n_plain) {
    pdx_status st = PDX_OK;
    pdx_buf w = PDX_BUF_INIT, t = PDX_BUF_INIT, a = PDX_BUF_INIT;
    pdx_buf__adds(&st, &w, whole_pfx);
    pdx_buf__add(&st, &w, body, n);
    pdx_buf__adds(&st, &t, title_pfx);
    pdx_buf__add(&st, &t, body, n);
    pdx_buf__adds(&st, &a, PDX_PFX_AUTHOR);
    pdx_buf__add(&st, &a, plain, n_plain);
    if (!st)
        st = pdx_index__q_excess(out, w.p, w.n, t.p, t.n, PDX_TITLE_WDF, a.p, a.n);
    pdx_buf__free(&w);
    pdx_buf__free(&t);
    pdx_buf__free(&a);
    return st;
}

/* British and American spellings stem apart in Snowball ("optimis" vs
 * "optim"), so a query word in one gets the other's stem as well:
 * "optimisation" also searches "optimization", "analyse" "analyze".
 * The table lists suffixes only (from the Oxford -ise/-ize and -yse/-yze
 * pairs); a variant that is no word ("precize") is simply not in the
 * index.  Writes the variant into `out`, or leaves it empty. */
static void spelling_variant(pdx_status *st, pdx_buf *out, const char *w, size_t n) {
    static const char *const pairs[][2] = {
        {"isation", "ization"}, {"isations", "izations"}, {"ise", "ize"}, {"ised", "ized"},
        {"ises", "izes"},       {"ising", "izing"},       {"iser", "izer"}, {"isers", "izers"},
        {"yse", "yze"},         {"ysed", "yzed"},         {"yses", "yzes"}, {"ysing", "yzing"},
    };
    pdx_buf__clear(out);
    if (n < 6)
        return;
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        for (int dir = 0; dir < 2; dir++) {
            const char *from = pairs[i][dir], *to = pairs[i][!dir];
            size_t fn = strlen(from);
            if (fn < n && memcmp(w + n - fn, from, fn) == 0) {
                pdx_buf__add(st, out, w, n - fn);
                pdx_buf__adds(st, out, to);
                return;
            }
        }
}

static pdx_status on_token(const pdx_token *tok, void *payload) {
    toks *t = payload;
    parser *p = t->p;
    const pdx_ranking *rk = p->rk;
    pdx_status st = PDX_OK;
    if (tok->flags & PDX_TOK_COMPOUND) {
        if (!t->compound && (t->f == F_TEXT || t->f == F_TITLE))
            st = term_q(&t->compound, t->f == F_TITLE ? PDX_PFX_TITLE : "", tok->plain,
                        tok->n_plain, &p->tmp);
        return st;
    }
    t->words++;
    if (!pdx_text__is_stopword(tok->plain, tok->n_plain))
        t->all_stop = false;
    if (t->positive && (t->f == F_TEXT || t->f == F_TITLE || t->f == F_ABSTRACT))
        st = add_hl(p, tok);
    if (!st && t->n_parts < 64) {
        pdx_ixquery *q = NULL;
        st = term_q(&q, pos_prefix(t->f), tok->plain, tok->n_plain, &p->tmp);
        if (!st)
            t->parts[t->n_parts] = q;
        if (!st && t->f == F_ABSTRACT)
            st = in_abstract(&t->inabs[t->n_parts], "", PDX_PFX_TITLE, tok->plain,
                             tok->n_plain, tok->plain, tok->n_plain);
        if (!st)
            t->n_parts++;
    }
    if (st || t->words > 1 || t->f == F_AUTHOR || t->f == F_VENUE)
        return st;
    /* The weighted form of a lone word: its stem, plus its exact form when
     * the word carries accents; in free text also, as the ranking says,
     * its title-only stem, its plain form and its author-name form. */
    pdx_ixquery *alts[6] = {NULL, NULL, NULL, NULL, NULL, NULL}, *tq = NULL;
    size_t k = 0;
    bool title = t->f == F_TITLE, text = t->f == F_TEXT;
    spelling_variant(&st, &p->fold, tok->plain, tok->n_plain);
    if (!st && p->fold.n && !(st = pdx_db__stem(p->db, &p->stem, p->fold.p, p->fold.n))) {
        st = term_q(&alts[k++], title ? PDX_PFX_TITLE_STEM : PDX_PFX_STEM, p->stem.p, p->stem.n,
                    &p->tmp);
        if (!st && t->positive)
            st = pdx_map__put(&p->hl->stems, p->stem.p, p->stem.n, 1);
    }
    if (!st && !(st = pdx_db__stem(p->db, &p->stem, tok->plain, tok->n_plain)))
        st = term_q(&alts[k++], title ? PDX_PFX_TITLE_STEM : PDX_PFX_STEM, p->stem.p, p->stem.n,
                    &p->tmp);
    if (!st && tok->exact != tok->plain)
        st = term_q(&alts[k++], title ? PDX_PFX_TITLE : "", tok->exact, tok->n_exact, &p->tmp);
    if (!st && text && rk->title_weight > 0 &&
        !(st = term_q(&tq, PDX_PFX_TITLE_STEM, p->stem.p, p->stem.n, &p->tmp)))
        st = scaled(&alts[k++], tq, rk->title_weight);
    if (!st && text && rk->exact_weight > 0 &&
        !(st = term_q(&tq, "", tok->plain, tok->n_plain, &p->tmp)))
        st = scaled(&alts[k++], tq, rk->exact_weight);
    if (!st && text && rk->author_weight > 0 &&
        !(st = term_q(&tq, PDX_PFX_AUTHOR, tok->plain, tok->n_plain, &p->tmp)))
        st = scaled(&alts[k++], tq, rk->author_weight);
    if (!st && text && rk->near_weight > 0)
        st = term_q(&t->plain, "", tok->plain, tok->n_plain, &p->tmp);
    pdx_ixquery *one = NULL;
    if (!st)
        st = combine(&one, PDX_QOP_OR, alts, k, 0);
    else
        for (size_t i = 0; i < k; i++)
            pdx_index__q_free(alts[i]);
    if (!st && t->f == F_ABSTRACT) {
        pdx_ixquery *chk = NULL;
        st = in_abstract(&chk, PDX_PFX_STEM, PDX_PFX_TITLE_STEM, p->stem.p, p->stem.n,
                         tok->plain, tok->n_plain);
        if (!st)
            st = combine2(&t->single, PDX_QOP_FILTER, one, chk);
        else
            pdx_index__q_free(one);
    } else {
        t->single = one;
    }
    return st;
}

/* The query for the words of s[0..n) in field `f`: a lone word, a phrase,
 * or a hyphenated word (its parts in order, or its joined form).  *out is
 * NULL when the text has no words. */
static pdx_status words_q(parser *p, const char *s, size_t n, field f, bool phrase, bool positive,
                          node *out) {
    memset(out, 0, sizeof *out);
    toks t = {0};
    t.p = p;
    t.f = f;
    t.positive = positive;
    t.all_stop = true;
    pdx_status st = pdx_text__tokenize(&p->tz, s, n, 1, NULL, on_token, &t);
    pdx_ixquery *q = NULL;
    if (!st && t.words == 1 && !phrase && t.single) {
        q = t.single;
        t.single = NULL;
        out->stop = t.all_stop && f == F_TEXT;
        out->bag = f == F_TEXT;
        out->plain = t.plain;
        t.plain = NULL;
    } else if (!st && t.words >= 1 && t.n_parts) {
        /* Phrases and hyphenated words: the parts in order; a compound
         * ("k-means") may also match as one joined word. */
        pdx_ixquery *ph = NULL;
        if (t.n_parts == 1) {
            ph = t.parts[0];
            t.parts[0] = NULL;
        } else {
            st = pdx_index__q_combine(&ph, PDX_QOP_PHRASE, t.parts, t.n_parts, 0);
        }
        if (!st && f == F_ABSTRACT) {
            pdx_ixquery *chk = NULL;
            st = pdx_index__q_combine(&chk, PDX_QOP_AND, t.inabs, t.n_parts, 0);
            if (!st)
                st = combine2(&ph, PDX_QOP_FILTER, ph, chk);
        }
        if (!st && t.compound && !phrase) {
            st = combine2(&q, PDX_QOP_OR, ph, t.compound);
            t.compound = NULL;
        } else if (!st) {
            q = ph;
        } else {
            pdx_index__q_free(ph);
        }
    }
    for (size_t i = 0; i < t.n_parts; i++) {
        pdx_index__q_free(t.parts[i]);
        pdx_index__q_free(t.inabs[i]);
    }
    pdx_index__q_free(t.single);
    pdx_index__q_free(t.plain);
    pdx_index__q_free(t.compound);
    if (st) {
        pdx_index__q_free(q);
        pdx_index__q_free(out->plain);
        memset(out, 0, sizeof *out);
        return st;
    }
    out->q = q;
    out->k = q ? K_POS : K_NONE;
    return PDX_OK;
}

/* prefix* : every plain form of the field that starts with the prefix. */
static pdx_status wildcard_q(parser *p, const char *s, size_t n, size_t col, field f, bool positive,
                             node *out) {
    memset(out, 0, sizeof *out);
    pdx_status st = PDX_OK;
    pdx_buf__clear(&p->fold);
    pdx_buf__adds(&st, &p->fold, f == F_TITLE ? PDX_PFX_TITLE : f == F_AUTHOR ? PDX_PFX_AUTHOR
                                 : f == F_VENUE ? PDX_PFX_VENUE : "");
    size_t pfx_len = p->fold.n;
    pdx_text__fold(&st, &p->fold, s, n, PDX_FOLD_CASE | PDX_FOLD_ACCENTS);
    if (st)
        return st;
    for (size_t i = pfx_len; i < p->fold.n; i++) {
        char c = p->fold.p[i];
        if (c == ' ' || c == '-' || c == '"' || c == '\'')
            return fail_at(p, col, "a wildcard is one word followed by *, like optim*");
    }
    if (p->fold.n == pfx_len)
        return fail_at(p, col, "a wildcard needs at least one letter before the *");
    st = pdx_index__q_wildcard(&out->q, p->db->ix, p->fold.p, p->fold.n, PDX_WILDCARD_MAX);
    if (st == PDX_EQUERY)
        return pdx_db__fail(p->db, st, "column %zu: %s", col + 1, pdx_index__errmsg(p->db->ix));
    if (st)
        return pdx_db__fail_ix(p->db, st);
    /* abstract:prefix* searches the whole text: a per-word abstract check
     * over up to PDX_WILDCARD_MAX expansions would cost more than it tells. */
    out->k = K_POS;
    out->bag = f == F_TEXT;
    if (positive && (f == F_TEXT || f == F_TITLE || f == F_ABSTRACT)) {
        pdx_buf__addc(&st, &p->hl->prefixes, '\0');
        pdx_buf__add(&st, &p->hl->prefixes, p->fold.p + pfx_len, p->fold.n - pfx_len);
    }
    return st;
}

/* ---- filters --------------------------------------------------------- */

static pdx_status year_filter(parser *p, const char *s, size_t n, size_t col, pdx_ixquery **out) {
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
        char y[8];
        snprintf(y, sizeof y, "%d", atoi(lo));
        return term_q(out, PDX_PFX_YEAR, y, strlen(y), &p->tmp);
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
                        col + 1, (int)n, s);
}

/* ---- combining ------------------------------------------------------- */

static node negate(node x) {
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
static pdx_status neg_to_filter(node *x) {
    pdx_ixquery *all = NULL;
    pdx_status st = pdx_index__q_all(&all);
    if (!st) {
        st = combine2(&x->q, PDX_QOP_AND_NOT, all, x->q);
        x->k = K_FILTER;
    }
    return st;
}

static pdx_status and_nodes(node *out, node a, node b) {
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
        st = combine2(&out->q, PDX_QOP_OR, a.q, b.q);
        out->k = K_NEG;
    } else if (b.k == K_NEG) {
        st = combine2(&out->q, PDX_QOP_AND_NOT, a.q, b.q);
        out->k = a.k;
    } else if (a.k == K_FILTER && b.k == K_FILTER) {
        st = combine2(&out->q, PDX_QOP_AND, a.q, b.q);
        out->k = K_FILTER;
    } else if (a.k == K_FILTER || b.k == K_FILTER) {
        bool af = a.k == K_FILTER;
        st = combine2(&out->q, PDX_QOP_FILTER, af ? b.q : a.q, af ? a.q : b.q);
        out->k = K_POS;
    } else {
        st = combine2(&out->q, PDX_QOP_AND, a.q, b.q);
        out->k = K_POS;
    }
    return st;
}

static pdx_status or_nodes(node *out, node a, node b) {
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
        st = neg_to_filter(&a);
    if (!st && b.k == K_NEG)
        st = neg_to_filter(&b);
    if (st) {
        node_free(&a);
        node_free(&b);
        return st;
    }
    out->bag = a.bag && b.bag;
    out->k = a.k == K_POS || b.k == K_POS ? K_POS : K_FILTER;
    return combine2(&out->q, PDX_QOP_OR, a.q, b.q);
}

/* The pieces of a sequence: its ranked words, filters and exclusions. */
typedef struct seqparts {
    pdx_ixquery *rank, *filter, *exclude;
    bool bag;
} seqparts;

/* Juxtaposed items: the ranked OR of the positive ones (function words
 * dropped unless nothing else is left; adjacent free words near each other
 * weigh more when the ranking asks), restricted by the filters, minus the
 * exclusions.  Consumes the items. */
static pdx_status seq_nodes(parser *p, node *out, node *items, size_t n, seqparts *parts) {
    memset(out, 0, sizeof *out);
    memset(parts, 0, sizeof *parts);
    pdx_status st = PDX_OK;
    bool any_content = false;
    for (size_t i = 0; i < n; i++)
        any_content |= items[i].k == K_POS && !items[i].stop;
    if (p->rk->keep_stopwords)
        any_content = false;
    pdx_ixquery **pos = calloc(2 * n + 1, sizeof *pos);
    pdx_ixquery **filt = calloc(n + 1, sizeof *filt);
    pdx_ixquery **neg = calloc(n + 1, sizeof *neg);
    size_t np = 0, nf = 0, nn = 0;
    bool bag = true;
    if (!pos || !filt || !neg)
        st = PDX_ENOMEM;
    pdx_ixquery *prev = NULL; /* the previous content word's plain form */
    for (size_t i = 0; i < n; i++) {
        node *x = &items[i];
        if (x->k == K_POS && any_content && x->stop) {
            node_free(x);
            continue;
        }
        if (!st && x->k == K_POS && x->plain && prev && p->rk->near_weight > 0) {
            pdx_ixquery *pair = NULL, *v[2] = {prev, x->plain};
            st = pdx_index__q_combine(&pair, PDX_QOP_NEAR, v, 2, p->rk->near_window);
            if (!st)
                st = scaled(&pos[np], pair, p->rk->near_weight);
            if (!st && pos[np])
                np++;
        }
        if (x->k == K_POS) {
            pdx_index__q_free(prev);
            prev = x->plain;
            x->plain = NULL;
        }
        if (st) {
            node_free(x);
            continue;
        }
        switch (x->k) {
        case K_POS:
            pos[np++] = x->q;
            bag &= x->bag;
            break;
        case K_FILTER: filt[nf++] = x->q; break;
        case K_NEG: neg[nn++] = x->q; break;
        case K_NONE: break;
        }
        x->q = NULL;
        node_free(x);
    }
    pdx_index__q_free(prev);
    if (!st && np)
        st = pdx_index__q_combine(&parts->rank, PDX_QOP_OR, pos, np, 0);
    if (!st && nf)
        st = pdx_index__q_combine(&parts->filter, PDX_QOP_AND, filt, nf, 0);
    if (!st && nn)
        st = pdx_index__q_combine(&parts->exclude, PDX_QOP_OR, neg, nn, 0);
    for (size_t i = 0; i < np; i++)
        pdx_index__q_free(pos[i]);
    for (size_t i = 0; i < nf; i++)
        pdx_index__q_free(filt[i]);
    for (size_t i = 0; i < nn; i++)
        pdx_index__q_free(neg[i]);
    free(pos);
    free(filt);
    free(neg);
    parts->bag = np && bag;
    /* The node: rank, else the filters, else the exclusions alone. */
    pdx_ixquery *q = NULL;
    if (!st && parts->rank) {
        st = pdx_index__q_combine(&q, PDX_QOP_OR, &parts->rank, 1, 0);
        out->k = K_POS;
        if (!st && parts->filter) {
            const pdx_ixquery *v[2] = {q, parts->filter};
            pdx_ixquery *f = NULL;
            st = pdx_index__q_combine(&f, PDX_QOP_FILTER, (pdx_ixquery *const *)v, 2, 0);
            pdx_index__q_free(q);
            q = f;
        }
    } else if (!st && parts->filter) {
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
    if (n == 1 && out->k == K_POS && items[0].stop)
        out->stop = true;
    return st;
}

static void parts_free(seqparts *s) {
    pdx_index__q_free(s->rank);
    pdx_index__q_free(s->filter);
    pdx_index__q_free(s->exclude);
    memset(s, 0, sizeof *s);
}

/* ---- the lexer --------------------------------------------------------- */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void skip_space(parser *p) {
    while (p->i < p->n && is_space(p->s[p->i]))
        p->i++;
}

/* Is the operator `op` (AND, OR, NOT) at the cursor, as a whole word? */
static bool at_op(parser *p, const char *op) {
    size_t k = strlen(op);
    if (p->i + k > p->n || memcmp(p->s + p->i, op, k) != 0)
        return false;
    return p->i + k == p->n || is_space(p->s[p->i + k]) || p->s[p->i + k] == '(' ||
           p->s[p->i + k] == ')' || p->s[p->i + k] == '"';
}

static bool at_end_of_seq(parser *p) {
    skip_space(p);
    return p->i >= p->n || p->s[p->i] == ')' || at_op(p, "OR");
}

/* The end of a bare word: a space, a quote, or a ')' that closes a group
 * rather than one opened inside the word ("O(n)"). */
static size_t word_end(parser *p, size_t from) {
    size_t i = from;
    int inner = 0;
    while (i < p->n && !is_space(p->s[i]) && p->s[i] != '"') {
        if (p->s[i] == '(' && i > from)
            inner++;
        else if (p->s[i] == ')') {
            if (inner == 0)
                break;
            inner--;
        }
        i++;
    }
    return i;
}

/* ---- the grammar ------------------------------------------------------- */

static pdx_status expr(parser *p, field f, node *out, seqparts *top);

static pdx_status phrase_at(parser *p, field f, bool positive, node *out) {
    size_t open = p->i;
    const char *close = memchr(p->s + open + 1, '"', p->n - open - 1);
    if (!close)
        return fail_at(p, open, "the quote opened here is never closed");
    size_t vs = open + 1, ve = (size_t)(close - p->s);
    p->i = ve + 1;
    return words_q(p, p->s + vs, ve - vs, f, true, positive, out);
}

static pdx_status group_at(parser *p, field f, node *out) {
    size_t open = p->i;
    if (++p->depth > MAX_DEPTH)
        return fail_at(p, open, "brackets are nested too deeply");
    p->i++;
    pdx_status st = expr(p, f, out, NULL);
    skip_space(p);
    if (!st && (p->i >= p->n || p->s[p->i] != ')')) {
        node_free(out);
        return fail_at(p, open, "the bracket opened here is never closed");
    }
    p->i++;
    p->depth--;
    out->stop = false;
    return st;
}

/* Records a free word's place in the query, for spelling suggestions. */
static pdx_status note_word(parser *p, size_t start, size_t n) {
    pdx_parsed *o = p->out;
    if (o->n_words == o->cap_words) {
        size_t cap = o->cap_words ? o->cap_words * 2 : 8;
        pdx_qword *v = realloc(o->words, cap * sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        o->words = v;
        o->cap_words = cap;
    }
    o->words[o->n_words++] = (pdx_qword){start, n};
    return PDX_OK;
}

/* The field names, lower case as they are matched (after folding the
 * name's ASCII case: "Title:" is "title:"). */
static const char *const field_names[] = {"title",    "author", "venue", "abstract",
                                          "category", "year",   "has"};

/* Identifier schemes and URL schemes written as "scheme:rest" that are
 * not fields but text to search: "arXiv:2106.01345", "doi:10.1/x",
 * "http://..." (the '/' already tells a URL), "isbn:0-262-03384-4". */
static const char *const not_fields[] = {"arxiv", "doi",  "http",  "https", "ftp", "isbn",
                                         "issn",  "pmid", "pmcid", "orcid", "urn", "hdl",
                                         "mailto"};

/* Optimal string alignment distance (Levenshtein plus a swap of two
 * neighbours) of two short ASCII names: "autor"/"author" 1, "titel"/"title" 1. */
static size_t name_distance(const char *a, size_t na, const char *b, size_t nb) {
    size_t d[17][17];
    if (na > 16 || nb > 16)
        return (size_t)-1;
    for (size_t i = 0; i <= na; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= na; i++)
        for (size_t j = 1; j <= nb; j++) {
            size_t c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c)
                c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c)
                c = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < c)
                c = d[i - 2][j - 2] + 1;
            d[i][j] = c;
        }
    return d[na][nb];
}

/* "name:value" with a name that is no field: the nearest field when one
 * is close (at most 2 edits, and fewer than half the name's letters),
 * else the list of them. */
static pdx_status unknown_field(parser *p, size_t col, const char *name, size_t n) {
    size_t best = (size_t)-1, at = 0;
    for (size_t k = 0; k < sizeof field_names / sizeof *field_names; k++) {
        size_t dist = name_distance(name, n, field_names[k], strlen(field_names[k]));
        if (dist < best) {
            best = dist;
            at = k;
        }
    }
    if (best <= 2 && best * 2 < n)
        return pdx_db__fail(p->db, PDX_EQUERY, "column %zu: no field '%.*s'; did you mean '%s'?",
                            col + 1, (int)n, name, field_names[at]);
    return pdx_db__fail(p->db, PDX_EQUERY,
                        "column %zu: no field '%.*s'; the fields are title, author, venue, "
                        "abstract, category, year and has (quote \"%.*s:...\" to search "
                        "for the words)",
                        col + 1, (int)n, name, (int)n, name);
}

static pdx_status primary(parser *p, field f, bool positive, node *out) {
    memset(out, 0, sizeof *out);
    skip_space(p);
    size_t col = p->i;
    if (p->i >= p->n)
        return fail_at(p, col, "the query ends where a word was expected");
    char c = p->s[p->i];
    if (c == '(')
        return group_at(p, f, out);
    if (c == ')')
        return fail_at(p, col, "this ')' closes no bracket");
    if (c == '"')
        return phrase_at(p, f, positive, out);
    /* field:value */
    size_t a = p->i;
    char low[17]; /* the name in lower case, for the comparisons */
    while (p->i < p->n && ((p->s[p->i] >= 'a' && p->s[p->i] <= 'z') ||
                           (p->s[p->i] >= 'A' && p->s[p->i] <= 'Z'))) {
        if (p->i - a < sizeof low - 1)
            low[p->i - a] = (char)(p->s[p->i] | 0x20);
        p->i++;
    }
    const char *fname = p->s + a;
    size_t fn = p->i - a;
    size_t ln = fn < sizeof low - 1 ? fn : sizeof low - 1;
    low[ln] = '\0';
    enum { NONE, WORDS, YEAR, HAS, CATEGORY } special = NONE;
    field ff = f;
    if (p->i < p->n && p->s[p->i] == ':' && fn > 0) {
        special = WORDS;
        if (strcmp(low, "title") == 0)
            ff = F_TITLE;
        else if (strcmp(low, "author") == 0)
            ff = F_AUTHOR;
        else if (strcmp(low, "venue") == 0)
            ff = F_VENUE;
        else if (strcmp(low, "abstract") == 0)
            ff = F_ABSTRACT;
        else if (strcmp(low, "year") == 0)
            special = YEAR;
        else if (strcmp(low, "has") == 0)
            special = HAS;
        else if (strcmp(low, "category") == 0)
            special = CATEGORY;
        else
            special = NONE;
        /* No field: a typo ("autor:duvenaud") is an error, but text with a
         * colon is searched as it always was: "Review: deep nets" (a space
         * after the colon), an identifier ("arXiv:2106.01345",
         * "doi:10.1/x"), a URL ("http://..."). */
        if (special == NONE && fn == ln && p->i + 1 < p->n && !is_space(p->s[p->i + 1]) &&
            p->s[p->i + 1] != '/' && p->s[p->i + 1] != ')') {
            bool scheme = false;
            for (size_t k = 0; k < sizeof not_fields / sizeof *not_fields && !scheme; k++)
                scheme = strcmp(low, not_fields[k]) == 0;
            if (!scheme)
                return unknown_field(p, col, fname, fn);
        }
    }
    if (special == NONE) {
        p->i = a;
    } else {
        p->i++;
        if (p->i >= p->n || is_space(p->s[p->i]) || p->s[p->i] == ')')
            return pdx_db__fail(p->db, PDX_EQUERY, "column %zu: %.*s: needs a value", col + 1,
                                (int)fn, fname);
        if (special == WORDS && p->s[p->i] == '(')
            return group_at(p, ff, out);
        if (special == WORDS && p->s[p->i] == '"')
            return phrase_at(p, ff, positive, out);
    }
    size_t vs = p->i, ve = word_end(p, vs);
    p->i = ve;
    if (ve < p->n && p->s[ve] == '"')
        return fail_at(p, ve, "a quote must start a phrase (put a space before it)");
    const char *v = p->s + vs;
    size_t vn = ve - vs;
    pdx_status st = PDX_OK;
    switch (special) {
    case YEAR:
        out->k = K_FILTER;
        return year_filter(p, v, vn, col, &out->q);
    case HAS:
        if (vn != 4 || memcmp(v, "code", 4) != 0)
            return fail_at(p, col, "has: knows only 'code'");
        out->k = K_FILTER;
        return term_q(&out->q, PDX_PFX_HAS, "code", 4, &p->tmp);
    case CATEGORY:
        pdx_buf__clear(&p->fold);
        pdx_text__fold(&st, &p->fold, v, vn, PDX_FOLD_CASE);
        out->k = K_FILTER;
        return st ? st : term_q(&out->q, PDX_PFX_CATEGORY, p->fold.p, p->fold.n, &p->tmp);
    case NONE:
    case WORDS:
        break;
    }
    if (vn > 1 && v[vn - 1] == '*')
        return wildcard_q(p, v, vn - 1, col, ff, positive, out);
    if (vn == 1 && v[0] == '*')
        return fail_at(p, col, "a wildcard needs at least one letter before the *");
    st = words_q(p, v, vn, ff, false, positive, out);
    if (!st && out->bag && positive)
        st = note_word(p, vs, vn);
    if (!st && out->bag && positive && !out->stop)
        p->out->n_content++;
    return st;
}

static pdx_status unary(parser *p, field f, bool positive, node *out) {
    memset(out, 0, sizeof *out);
    skip_space(p);
    size_t col = p->i;
    bool neg = false;
    if (at_op(p, "NOT")) {
        p->i += 3;
        neg = true;
    } else if (p->i + 1 < p->n && p->s[p->i] == '-' && !is_space(p->s[p->i + 1]) &&
               p->s[p->i + 1] != ')') {
        p->i++;
        neg = true;
    }
    if (!neg)
        return primary(p, f, positive, out);
    if (at_end_of_seq(p) || at_op(p, "AND"))
        return fail_at(p, col, "NOT or - needs a word after it");
    if (++p->depth > MAX_DEPTH)
        return fail_at(p, col, "too many NOTs in a row");
    node x;
    pdx_status st = unary(p, f, !positive, &x);
    p->depth--;
    if (!st)
        *out = negate(x);
    return st;
}

static pdx_status conjunction(parser *p, field f, node *out) {
    pdx_status st = unary(p, f, true, out);
    while (!st) {
        skip_space(p);
        if (!at_op(p, "AND"))
            break;
        size_t col = p->i;
        p->i += 3;
        if (at_end_of_seq(p) || at_op(p, "AND")) {
            node_free(out);
            return fail_at(p, col, "AND needs a word on each side");
        }
        node b, a = *out;
        memset(out, 0, sizeof *out);
        if ((st = unary(p, f, true, &b))) {
            node_free(&a);
            break;
        }
        st = and_nodes(out, a, b);
    }
    return st;
}

static pdx_status seq(parser *p, field f, node *out, seqparts *parts) {
    node *items = NULL;
    size_t n = 0, cap = 0;
    pdx_status st = PDX_OK;
    memset(out, 0, sizeof *out);
    while (!st && !at_end_of_seq(p)) {
        if (at_op(p, "AND")) {
            st = fail_at(p, p->i, "AND needs a word on each side");
            break;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            node *v = realloc(items, cap * sizeof *v);
            if (!v) {
                st = PDX_ENOMEM;
                break;
            }
            items = v;
        }
        if (!(st = conjunction(p, f, &items[n])))
            n++;
    }
    seqparts local;
    if (!st)
        st = seq_nodes(p, out, items, n, parts ? parts : &local);
    else
        for (size_t i = 0; i < n; i++)
            node_free(&items[i]);
    if (!parts)
        parts_free(&local);
    free(items);
    return st;
}

static pdx_status expr(parser *p, field f, node *out, seqparts *top) {
    seqparts first = {0};
    pdx_status st = seq(p, f, out, &first);
    bool alone = true;
    while (!st) {
        skip_space(p);
        if (!at_op(p, "OR"))
            break;
        size_t col = p->i;
        p->i += 2;
        alone = false;
        node b, a = *out;
        memset(out, 0, sizeof *out);
        if (at_end_of_seq(p)) {
            node_free(&a);
            st = fail_at(p, col, "OR needs a word on each side");
            break;
        }
        if (a.k == K_NONE) {
            st = fail_at(p, col, "OR needs a word on each side");
            break;
        }
        seqparts unused = {0};
        st = seq(p, f, &b, &unused);
        parts_free(&unused);
        if (st) {
            node_free(&a);
            break;
        }
        st = or_nodes(out, a, b);
    }
    if (!st && top && alone) {
        *top = first;
        memset(&first, 0, sizeof first);
    }
    parts_free(&first);
    return st;
}

void pdx_parsed__free(pdx_parsed *q) {
    if (!q)
        return;
    pdx_index__q_free(q->q);
    pdx_index__q_free(q->rank);
    pdx_index__q_free(q->filter);
    pdx_index__q_free(q->exclude);
    free(q->words);
    if (q->plain) {
        pdx_parsed__free(q->plain);
        free(q->plain);
    }
    memset(q, 0, sizeof *q);
}

static pdx_status parse_one(pdx_parsed *out, pdx_db *db, const char *query, const pdx_ranking *rk,
                            pdx_hl_terms *hl) {
    memset(out, 0, sizeof *out);
    size_t qn = strlen(query);
    if (pdx_text__check(query, qn) != qn)
        return pdx_db__fail(db, PDX_EQUERY, "the query is not valid UTF-8");
    if (qn > 4096)
        return pdx_db__fail(db, PDX_EQUERY, "the query is longer than 4096 bytes");
    pdx_hl_terms scratch = PDX_HL_TERMS_INIT;
    parser p = {0};
    p.db = db;
    p.rk = rk;
    p.s = query;
    p.n = qn;
    p.hl = hl ? hl : &scratch;
    p.out = out;
    node top = {0};
    seqparts parts = {0};
    pdx_status st = expr(&p, F_TEXT, &top, &parts);
    skip_space(&p);
    if (!st && p.i < p.n)
        st = fail_at(&p, p.i, "this ')' closes no bracket");
    if (!st && top.k == K_NEG) {
        /* Only exclusions: every paper but those. */
        st = neg_to_filter(&top);
        parts_free(&parts);
    }
    if (!st && top.k == K_NONE)
        st = pdx_index__q_combine(&top.q, PDX_QOP_OR, NULL, 0, 0); /* matches nothing */
    if (!st) {
        out->q = top.q;
        out->ranked = top.k == K_POS;
        top.q = NULL;
        out->bag = parts.bag;
        if (parts.bag) {
            out->rank = parts.rank;
            out->filter = parts.filter;
            out->exclude = parts.exclude;
            memset(&parts, 0, sizeof parts);
        }
    }
    node_free(&top);
    parts_free(&parts);
    pdx_text__tokenizer_free(&p.tz);
    pdx_buf__free(&p.tmp);
    pdx_buf__free(&p.stem);
    pdx_buf__free(&p.fold);
    pdx_hl_terms__free(&scratch);
    if (st)
        pdx_parsed__free(out);
    return st;
}

pdx_status pdx_query__parse(pdx_parsed *out, pdx_db *db, const char *query, const pdx_ranking *rk,
                            pdx_hl_terms *hl) {
    pdx_ranking def;
    if (!rk) {
        pdx_ranking_default(&def);
        rk = &def;
    }
    pdx_status st = parse_one(out, db, query, rk, hl);
    if (st || rk->near_weight <= 0 || rk->fb_near || !rk->fb_docs || !rk->fb_terms)
        return st;
    /* Feedback's second pass ranks without the proximity pairs (see
     * rank.c): the same query parsed with near_weight 0. */
    pdx_ranking plain = *rk;
    plain.near_weight = 0;
    if (!(out->plain = malloc(sizeof *out->plain)))
        st = PDX_ENOMEM;
    else if ((st = parse_one(out->plain, db, query, &plain, NULL))) {
        free(out->plain);
        out->plain = NULL;
    }
    if (st)
        pdx_parsed__free(out);
    return st;
}
