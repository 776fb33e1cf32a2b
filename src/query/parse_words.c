/*
 * parse_words.c — a word, phrase, wildcard or year filter of a query as
 * index terms, made by the very tokenizer and folding indexing used (the
 * forms each gets are listed in parse.c's opening comment).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/parse.h"
#include "schema.h"

pdx_status pdx_parse__term(pdx_ixquery **out, const char *prefix, const char *body, size_t n,
                           pdx_buf *tmp) {
    pdx_status st = PDX_OK;
    pdx_buf__clear(tmp);
    pdx_buf__adds(&st, tmp, prefix);
    pdx_buf__add(&st, tmp, body, n);
    return st ? st : pdx_index__q_term(out, tmp->p, tmp->n, 1, 0);
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
            st = pdx_parse__term(&t->compound, t->f == F_TITLE ? PDX_PFX_TITLE : "", tok->plain,
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
        st = pdx_parse__term(&q, pos_prefix(t->f), tok->plain, tok->n_plain, &p->tmp);
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
        st = pdx_parse__term(&alts[k++], title ? PDX_PFX_TITLE_STEM : PDX_PFX_STEM, p->stem.p, p->stem.n,
                    &p->tmp);
        if (!st && t->positive)
            st = pdx_map__put(&p->hl->stems, p->stem.p, p->stem.n, 1);
    }
    if (!st && !(st = pdx_db__stem(p->db, &p->stem, tok->plain, tok->n_plain)))
        st = pdx_parse__term(&alts[k++], title ? PDX_PFX_TITLE_STEM : PDX_PFX_STEM, p->stem.p, p->stem.n,
                    &p->tmp);
    if (!st && tok->exact != tok->plain)
        st = pdx_parse__term(&alts[k++], title ? PDX_PFX_TITLE : "", tok->exact, tok->n_exact, &p->tmp);
    if (!st && text && rk->title_weight > 0 &&
        !(st = pdx_parse__term(&tq, PDX_PFX_TITLE_STEM, p->stem.p, p->stem.n, &p->tmp)))
        st = pdx_parse__scaled(&alts[k++], tq, rk->title_weight);
    if (!st && text && rk->exact_weight > 0 &&
        !(st = pdx_parse__term(&tq, "", tok->plain, tok->n_plain, &p->tmp)))
        st = pdx_parse__scaled(&alts[k++], tq, rk->exact_weight);
    if (!st && text && rk->author_weight > 0 &&
        !(st = pdx_parse__term(&tq, PDX_PFX_AUTHOR, tok->plain, tok->n_plain, &p->tmp)))
        st = pdx_parse__scaled(&alts[k++], tq, rk->author_weight);
    if (!st && text && rk->near_weight > 0)
        st = pdx_parse__term(&t->plain, "", tok->plain, tok->n_plain, &p->tmp);
    pdx_ixquery *one = NULL;
    if (!st)
        st = pdx_parse__combine(&one, PDX_QOP_OR, alts, k, 0);
    else
        for (size_t i = 0; i < k; i++)
            pdx_index__q_free(alts[i]);
    if (!st && t->f == F_ABSTRACT) {
        pdx_ixquery *chk = NULL;
        st = in_abstract(&chk, PDX_PFX_STEM, PDX_PFX_TITLE_STEM, p->stem.p, p->stem.n,
                         tok->plain, tok->n_plain);
        if (!st)
            st = pdx_parse__combine2(&t->single, PDX_QOP_FILTER, one, chk);
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
pdx_status pdx_parse__words(node *out, parser *p, const char *s, size_t n, field f, bool phrase,
                            bool positive) {
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
                st = pdx_parse__combine2(&ph, PDX_QOP_FILTER, ph, chk);
        }
        if (!st && t.compound && !phrase) {
            st = pdx_parse__combine2(&q, PDX_QOP_OR, ph, t.compound);
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
pdx_status pdx_parse__wildcard(node *out, parser *p, const char *s, size_t n, size_t col, field f,
                               bool positive) {
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
            return pdx_parse__fail_at(p, col, "a wildcard is one word followed by *, like optim*");
    }
    if (p->fold.n == pfx_len)
        return pdx_parse__fail_at(p, col, "a wildcard needs at least one letter before the *");
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

pdx_status pdx_parse__year(pdx_ixquery **out, parser *p, const char *s, size_t n, size_t col) {
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
        return pdx_parse__term(out, PDX_PFX_YEAR, y, strlen(y), &p->tmp);
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
