/*
 * results.c — result lists and snippets.
 *
 * A snippet is cut from the abstract around the densest cluster of query
 * words, found by sliding a window over the tokens.  A word is highlighted
 * when its accent-folded form or its stem is one the query asked for, so a
 * search for "optimisation" marks "optimization" and "Optimizing" alike,
 * and "Jorn" marks "Jörn".  Offsets come from the tokenizer, so the
 * snippet shows the original text, not the folded one.
 */
#include "query/query.h"

#include <stdlib.h>
#include <string.h>

#include "text/text.h"

void pdx_hl_terms__free(pdx_hl_terms *hl) {
    pdx_map__free(&hl->plain);
    pdx_map__free(&hl->stems);
    pdx_buf__free(&hl->prefixes);
    hl->stem_first_set = false;
}

pdx_status pdx_results__new(pdx_results **out) {
    *out = calloc(1, sizeof **out);
    return *out ? PDX_OK : PDX_ENOMEM;
}

pdx_status pdx_results__push(pdx_results *r, pdx_paper *paper, double score, unsigned rank) {
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        pdx_hit *h = realloc(r->hits, cap * sizeof *h);
        if (!h) {
            pdx_paper_free(paper);
            return PDX_ENOMEM;
        }
        r->hits = h;
        r->cap = cap;
    }
    pdx_hit *h = &r->hits[r->n++];
    memset(h, 0, sizeof *h);
    h->paper = paper;
    h->score = score;
    h->rank = rank;
    return PDX_OK;
}

size_t pdx_results_count(const pdx_results *r) { return r->n; }
uint64_t pdx_results_total(const pdx_results *r) { return r->total; }
bool pdx_results_total_exact(const pdx_results *r) { return r->total_exact; }
bool pdx_results_expanded(const pdx_results *r, size_t i) { return i < r->n && r->hits[i].expanded; }

const pdx_paper *pdx_results_paper(const pdx_results *r, size_t i) {
    return i < r->n ? r->hits[i].paper : NULL;
}

double pdx_results_score(const pdx_results *r, size_t i) { return i < r->n ? r->hits[i].score : 0; }
unsigned pdx_results_rank(const pdx_results *r, size_t i) { return i < r->n ? r->hits[i].rank : 0; }

const char *pdx_results_snippet(const pdx_results *r, size_t i) {
    return i < r->n && r->hits[i].snippet ? r->hits[i].snippet : "";
}

pdx_author_match pdx_results_match(const pdx_results *r, size_t i) {
    return i < r->n ? r->hits[i].match : PDX_MATCH_NONE;
}

const char *pdx_results_matched_author(const pdx_results *r, size_t i) {
    return i < r->n ? r->hits[i].matched_author : NULL;
}

size_t pdx_results_facet_count(const pdx_results *r, pdx_facet f) {
    return (unsigned)f < 3 ? r->n_facets[f] : 0;
}

const char *pdx_results_facet(uint64_t *out, const pdx_results *r, pdx_facet f, size_t i) {
    *out = 0;
    if ((unsigned)f >= 3 || i >= r->n_facets[f])
        return NULL;
    *out = r->facets[f][i].count;
    return r->facets[f][i].value;
}

const char *pdx_results_suggestion(const pdx_results *r) { return r->suggestion; }

void pdx_results_free(pdx_results *r) {
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        pdx_paper_free(r->hits[i].paper);
        free(r->hits[i].snippet);
    }
    for (size_t k = 0; k < 3; k++) {
        for (size_t i = 0; i < r->n_facets[k]; i++)
            free(r->facets[k][i].value);
        free(r->facets[k]);
    }
    free(r->suggestion);
    free(r->hits);
    free(r);
}

/* ---- snippets ------------------------------------------------------------- */

typedef struct span {
    size_t start, end;
    bool hit;
} span;

/* Notes the first bytes of the stems asked for.  Snowball's English
 * stemmer rewrites only the ends of words (its prelude aside: a leading
 * apostrophe, which no token has), so a word's stem starts with the word's
 * first byte, and a word that starts with none of these cannot stem to one
 * of them: most words of an abstract are decided without stemming
 * (test_query.c checks the rule on the stemmer). */
static void note_stem_first(pdx_hl_terms *hl) {
    memset(hl->stem_first, 0, sizeof hl->stem_first);
    for (size_t i = 0; i < hl->stems.cap; i++) {
        const pdx_map_slot *e = &hl->stems.slots[i];
        if (e->key && e->n)
            hl->stem_first[(unsigned char)e->key[0] >> 3] |= (uint8_t)(1u << (e->key[0] & 7));
        else if (e->key) /* an empty stem: no rule to go by */
            memset(hl->stem_first, 0xff, sizeof hl->stem_first);
    }
    hl->stem_first_set = true;
}

typedef struct snip_ctx {
    pdx_db *db;
    const pdx_hl_terms *hl;
    span *v;
    size_t n, cap;
    pdx_buf stem;
} snip_ctx;

/* Whether the plain form w[0..n) is a word to highlight. */
static pdx_status decide(bool *out, snip_ctx *c, const char *w, size_t n) {
    const pdx_hl_terms *hl = c->hl;
    size_t dummy;
    *out = pdx_map__get(&hl->plain, w, n, &dummy);
    /* wildcard prefixes: "\0optim\0graph" */
    for (size_t i = 0; !*out && i < hl->prefixes.n; i++) {
        if (hl->prefixes.p[i])
            continue;
        const char *pf = hl->prefixes.p + i + 1;
        size_t pn = strnlen(pf, hl->prefixes.n - i - 1);
        *out = pn && pn <= n && memcmp(w, pf, pn) == 0;
    }
    unsigned char c0 = n ? (unsigned char)w[0] : 0;
    bool may_stem = hl->stem_first[c0 >> 3] & (1u << (c0 & 7));
    if (!*out && hl->stems.used && may_stem) {
        pdx_status st = pdx_db__stem(c->db, &c->stem, w, n);
        if (st)
            return st;
        *out = pdx_map__get(&hl->stems, c->stem.p, c->stem.n, &dummy);
    }
    return PDX_OK;
}

static pdx_status collect(const pdx_token *tok, void *payload) {
    snip_ctx *c = payload;
    if (tok->flags & PDX_TOK_COMPOUND)
        return PDX_OK;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 128;
        span *v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        c->v = v;
        c->cap = cap;
    }
    bool hit = false;
    if (c->hl) {
        pdx_status st = decide(&hit, c, tok->plain, tok->n_plain);
        if (st)
            return st;
    }
    c->v[c->n++] = (span){tok->start, tok->end, hit};
    return PDX_OK;
}

pdx_status pdx_query__snippet(char **out, pdx_db *db, pdx_hl_terms *hl, const char *text,
                              unsigned max_words, const char *hl_start, const char *hl_end) {
    *out = NULL;
    size_t n = strlen(text);
    pdx_tokenizer tz = PDX_TOKENIZER_INIT;
    if (hl && !hl->stem_first_set)
        note_stem_first(hl);
    snip_ctx c = {db, hl, NULL, 0, 0, PDX_BUF_INIT};
    pdx_status st = pdx_text__tokenize(&tz, text, n, 1, NULL, collect, &c);
    pdx_buf b = PDX_BUF_INIT;
    if (!st && c.n) {
        /* The window of max_words tokens with the most hits; the earliest
         * on ties, so a snippet tends to start where the abstract does. */
        size_t w = c.n < max_words ? c.n : max_words;
        size_t best = 0, hits = 0, best_hits = 0;
        for (size_t i = 0; i < w; i++)
            hits += c.v[i].hit;
        best_hits = hits;
        for (size_t i = w; i < c.n; i++) {
            hits += c.v[i].hit;
            hits -= c.v[i - w].hit;
            if (hits > best_hits) {
                best_hits = hits;
                best = i - w + 1;
            }
        }
        size_t from = c.v[best].start, to = c.v[best + w - 1].end;
        if (best > 0)
            pdx_buf__adds(&st, &b, "…");
        size_t at = from;
        for (size_t i = best; i < best + w && !st; i++) {
            if (!c.v[i].hit)
                continue;
            pdx_buf__add(&st, &b, text + at, c.v[i].start - at);
            pdx_buf__adds(&st, &b, hl_start);
            pdx_buf__add(&st, &b, text + c.v[i].start, c.v[i].end - c.v[i].start);
            pdx_buf__adds(&st, &b, hl_end);
            at = c.v[i].end;
        }
        pdx_buf__add(&st, &b, text + at, to - at);
        if (best + w < c.n)
            pdx_buf__adds(&st, &b, "…");
    }
    /* Newlines in abstracts would break one-line output. */
    for (size_t i = 0; i < b.n; i++)
        if (b.p[i] == '\n' || b.p[i] == '\r' || b.p[i] == '\t')
            b.p[i] = ' ';
    free(c.v);
    pdx_buf__free(&c.stem);
    pdx_text__tokenizer_free(&tz);
    if (st) {
        pdx_buf__free(&b);
        return st;
    }
    *out = pdx_buf__detach(&b);
    return *out ? PDX_OK : PDX_ENOMEM;
}
