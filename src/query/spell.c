/*
 * spell.c — "did you mean": spelling suggestions from the index's own
 * vocabulary.
 *
 * A free word of the query that is in no paper (neither its plain form
 * nor its stem is an index term) is replaced by the closest word that is:
 * the smallest edit distance (insertions, deletions, substitutions and
 * swaps of neighbours: "nueral" → "neural"), then the most papers.  Only
 * unprefixed terms that start with the same byte and are at most two
 * bytes longer or shorter are compared, and the distance is cut off early
 * at its bound (1 for words of up to five bytes, else 2), so a suggestion
 * costs one pass over a slice of the vocabulary and no ingest time.
 * Xapian's own spelling table would have to be built at ingest, for every
 * word, and kept up to date on merges; this needs nothing stored.
 * A word whose first letter is wrong gets no suggestion.
 */
#include <stdlib.h>
#include <string.h>

#include "query/query.h"
#include "schema.h"
#include "text/text.h"

#define MAX_LEN 64

/* Optimal-string-alignment distance of a and b, or bound + 1 when it
 * exceeds `bound`. */
static unsigned distance(const char *a, size_t na, const char *b, size_t nb, unsigned bound) {
    if (na > MAX_LEN || nb > MAX_LEN)
        return bound + 1;
    if ((na > nb ? na - nb : nb - na) > bound)
        return bound + 1;
    unsigned d[MAX_LEN + 1][MAX_LEN + 1];
    for (size_t i = 0; i <= na; i++)
        d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= na; i++) {
        unsigned row_min = bound + 1;
        for (size_t j = 1; j <= nb; j++) {
            unsigned cost = a[i - 1] != b[j - 1];
            unsigned v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > bound)
            return bound + 1;
    }
    return d[na][nb];
}

typedef struct word_ctx {
    pdx_buf plain;
    size_t words;
} word_ctx;

static pdx_status take_word(const pdx_token *tok, void *payload) {
    word_ctx *w = payload;
    if (tok->flags & PDX_TOK_COMPOUND)
        return PDX_OK;
    w->words++;
    pdx_status st = PDX_OK;
    pdx_buf__clear(&w->plain);
    pdx_buf__add(&st, &w->plain, tok->plain, tok->n_plain);
    return st;
}

/* The best replacement for `w` (not in the index), into `best`; empty when
 * none is close enough. */
static pdx_status closest(pdx_db *db, const char *w, size_t n, pdx_buf *best) {
    pdx_buf__clear(best);
    unsigned bound = n <= 5 ? 1 : 2;
    unsigned best_d = bound + 1;
    uint32_t best_f = 0;
    pdx_ixterms *it = NULL;
    pdx_status st = pdx_index__terms(&it, db->ix, w, 1);
    const char *t;
    size_t tn;
    uint32_t freq;
    while (!st && pdx_index__terms_next(it, &t, &tn, &freq)) {
        if (tn + 2 < n || tn > n + 2)
            continue;
        unsigned d = distance(w, n, t, tn, best_d < bound ? best_d : bound);
        if (d > bound || d == 0)
            continue;
        if (d < best_d || (d == best_d && freq > best_f)) {
            best_d = d;
            best_f = freq;
            pdx_buf__clear(best);
            pdx_buf__add(&st, best, t, tn);
        }
    }
    if (!st)
        st = pdx_index__terms_status(it);
    pdx_index__terms_free(it);
    return st ? pdx_db__fail(db, st, "%s", "reading the vocabulary for a spelling suggestion")
              : PDX_OK;
}

pdx_status pdx_query__suggest(char **out, pdx_db *db, const char *query, const pdx_parsed *pq) {
    *out = NULL;
    pdx_status st = PDX_OK;
    pdx_tokenizer tz = PDX_TOKENIZER_INIT;
    word_ctx w = {PDX_BUF_INIT, 0};
    pdx_buf term = PDX_BUF_INIT, stem = PDX_BUF_INIT, best = PDX_BUF_INIT, res = PDX_BUF_INIT;
    size_t at = 0;
    bool changed = false;
    for (size_t i = 0; i < pq->n_words && !st; i++) {
        const pdx_qword *qw = &pq->words[i];
        w.words = 0;
        if ((st = pdx_text__tokenize(&tz, query + qw->start, qw->n, 1, NULL, take_word, &w)))
            break;
        const char *pl = w.plain.p;
        size_t pn = w.plain.n;
        if (w.words != 1 || pn < 4 || pn > MAX_LEN || (pl[0] >= '0' && pl[0] <= '9') ||
            pdx_text__is_stopword(pl, pn))
            continue;
        uint64_t tf = 0, sf = 0;
        if ((st = pdx_index__termfreq(&tf, db->ix, pl, pn)))
            break;
        if (!tf && !(st = pdx_db__stem(db, &stem, pl, pn))) {
            pdx_buf__clear(&term);
            pdx_buf__adds(&st, &term, PDX_PFX_STEM);
            pdx_buf__add(&st, &term, stem.p, stem.n);
            if (!st)
                st = pdx_index__termfreq(&sf, db->ix, term.p, term.n);
        }
        if (st || tf || sf)
            continue;
        if ((st = closest(db, pl, pn, &best)) || !best.n)
            continue;
        pdx_buf__add(&st, &res, query + at, qw->start - at);
        pdx_buf__add(&st, &res, best.p, best.n);
        at = qw->start + qw->n;
        changed = true;
    }
    if (!st && changed) {
        pdx_buf__adds(&st, &res, query + at);
        if (!st && !(*out = pdx_buf__detach(&res)))
            st = PDX_ENOMEM;
    }
    pdx_text__tokenizer_free(&tz);
    pdx_buf__free(&w.plain);
    pdx_buf__free(&term);
    pdx_buf__free(&stem);
    pdx_buf__free(&best);
    pdx_buf__free(&res);
    return st;
}
