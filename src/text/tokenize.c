/*
 * tokenize.c — words by UAX #29, with compounds, and matching keys.
 *
 * u8_wordbreaks() gives the Unicode word boundaries: "Don’t" and "3.5" stay
 * one word, "BERT-base" is three segments ("BERT", "-", "base").  A segment
 * is a word when it holds a letter or digit.  Technical terms people search
 * for as a whole are joined back as compounds after their parts:
 *
 *   "k-means"   → k, means, and the compound "kmeans"
 *   "GPT-4"     → gpt, 4, and "gpt4"
 *   "O(n)"      → o, n, and "o(n)"    (a word glued to a short "(...)")
 *
 * A compound takes the position of its first part, so phrase queries over
 * the parts and single-term queries for the compound both work.
 */
#include "text/text.h"

#include <string.h>

#include <uniwbrk.h>

void pdx_text__tokenizer_free(pdx_tokenizer *tz) {
    pdx_buf__free(&tz->breaks);
    pdx_buf__free(&tz->exact);
    pdx_buf__free(&tz->plain);
    pdx_buf__free(&tz->clean);
    pdx_buf__free(&tz->joined);
}

static bool segment_is_word(const char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint32_t uc;
        i += (size_t)pdx_text__decode(s + i, n - i, &uc);
        if (pdx_text__is_wordchar(uc) && !(uc >= 0x300 && uc < 0x370))
            return true;
    }
    return false;
}

/* Folds a word into tz->exact and tz->plain and fills `tok`'s strings. */
static void fold_word(pdx_status *st, pdx_tokenizer *tz, const char *s, size_t n, pdx_token *tok) {
    pdx_buf__clear(&tz->exact);
    pdx_buf__clear(&tz->plain);
    pdx_text__fold(st, &tz->exact, s, n, PDX_FOLD_CASE);
    pdx_text__fold(st, &tz->plain, pdx_buf__str(&tz->exact), tz->exact.n, PDX_FOLD_ACCENTS);
    if (*st)
        return;
    tok->exact = pdx_buf__str(&tz->exact);
    tok->n_exact = tz->exact.n;
    if (tz->plain.n == tz->exact.n && memcmp(tz->plain.p, tz->exact.p, tz->exact.n) == 0) {
        tok->plain = tok->exact;
        tok->n_plain = tok->n_exact;
    } else {
        tok->plain = pdx_buf__str(&tz->plain);
        tok->n_plain = tz->plain.n;
    }
}

/* Length of the dash at s[0..n), or 0. */
static size_t dash_len(const char *s, size_t n) {
    if (n == 0)
        return 0;
    uint32_t uc;
    int len = pdx_text__decode(s, n, &uc);
    return pdx_text__is_dash(uc) && uc != 0x2014 && uc != 0x2015 ? (size_t)len : 0;
}

/* For "O(n)": the length of a glued "(...)" of at most 12 bytes of word
 * characters right at s, or 0. */
static size_t paren_len(const char *s, size_t n) {
    if (n < 3 || s[0] != '(')
        return 0;
    for (size_t i = 1; i < n && i < 14; i++) {
        if (s[i] == ')')
            return i >= 2 ? i + 1 : 0;
        uint32_t uc;
        int len = pdx_text__decode(s + i, n - i, &uc);
        if (!pdx_text__is_wordchar(uc))
            return 0;
        i += (size_t)len - 1;
    }
    return 0;
}

/* A compound being collected: parts separated by single dashes. */
typedef struct compound {
    size_t start, end; /* byte span in the input */
    unsigned pos;      /* position of the first part */
    unsigned parts;
} compound;

static pdx_status emit_compound(pdx_tokenizer *tz, const char *s, const compound *c,
                                pdx_token_fn fn, void *payload) {
    pdx_status st = PDX_OK;
    /* The joined form: the words of the span without their separators. */
    pdx_buf__clear(&tz->joined);
    size_t i = c->start;
    while (i < c->end && !st) {
        size_t d = dash_len(s + i, c->end - i);
        if (d) {
            i += d;
            continue;
        }
        pdx_buf__addc(&st, &tz->joined, s[i]);
        i++;
    }
    if (st)
        return st;
    pdx_token tok = {0};
    fold_word(&st, tz, tz->joined.p, tz->joined.n, &tok);
    if (st)
        return st;
    tok.start = c->start;
    tok.end = c->end;
    tok.pos = c->pos;
    tok.flags = PDX_TOK_COMPOUND;
    return fn(&tok, payload);
}

pdx_status pdx_text__tokenize(pdx_tokenizer *tz, const char *s, size_t n, unsigned first_pos,
                              unsigned *next_pos, pdx_token_fn fn, void *payload) {
    pdx_status st = PDX_OK;
    unsigned pos = first_pos;
    if (next_pos)
        *next_pos = first_pos;
    if (n == 0)
        return PDX_OK;
    if (pdx_text__check(s, n) != n) {
        /* Same length, so offsets still point into the caller's text. */
        pdx_buf__clear(&tz->clean);
        pdx_buf__add(&st, &tz->clean, s, n);
        if (st)
            return st;
        size_t i = 0;
        while (i < n) {
            uint32_t uc;
            int len = pdx_text__decode(tz->clean.p + i, n - i, &uc);
            if (uc == 0xFFFD && len == 1)
                tz->clean.p[i] = '?';
            i += (size_t)len;
        }
        s = tz->clean.p;
    }
    pdx_buf__clear(&tz->breaks);
    pdx_buf__grow(&st, &tz->breaks, n);
    if (st)
        return st;
    char *br = tz->breaks.p;
    u8_wordbreaks((const uint8_t *)s, n, br);

    compound comp = {0, 0, 0, 0};
    size_t i = 0;
    while (i < n && !st) {
        size_t j = i + 1;
        while (j < n && !br[j])
            j++;
        if (!segment_is_word(s + i, j - i)) {
            i = j;
            continue;
        }
        /* A word continues the compound when only one dash separates it
         * from the previous part. */
        bool chained = comp.parts > 0 && dash_len(s + comp.end, i - comp.end) == i - comp.end &&
                       i > comp.end;
        if (!chained) {
            if (comp.parts > 1)
                st = emit_compound(tz, s, &comp, fn, payload);
            comp.start = i;
            comp.pos = pos;
            comp.parts = 0;
        }
        if (st)
            break;
        comp.end = j;
        comp.parts++;

        pdx_token tok = {0};
        fold_word(&st, tz, s + i, j - i, &tok);
        if (st)
            break;
        tok.start = i;
        tok.end = j;
        tok.pos = pos++;
        if ((st = fn(&tok, payload)))
            break;

        size_t pl = paren_len(s + j, n - j);
        if (pl && comp.parts == 1) {
            /* "O(n)": its inner word comes as the next segment; emit the
             * whole as a compound now, at this word's position. */
            pdx_token ct = {0};
            fold_word(&st, tz, s + i, j - i + pl, &ct);
            if (st)
                break;
            ct.start = i;
            ct.end = j + pl;
            ct.pos = tok.pos;
            ct.flags = PDX_TOK_COMPOUND;
            if ((st = fn(&ct, payload)))
                break;
        }
        i = j;
    }
    if (!st && comp.parts > 1)
        st = emit_compound(tz, s, &comp, fn, payload);
    if (next_pos)
        *next_pos = pos;
    return st;
}

typedef struct key_ctx {
    pdx_buf *out;
    size_t start_n;
} key_ctx;

static pdx_status add_key_word(const pdx_token *tok, void *payload) {
    key_ctx *k = payload;
    pdx_status st = PDX_OK;
    if (tok->flags & PDX_TOK_COMPOUND)
        return PDX_OK;
    if (k->out->n > k->start_n)
        pdx_buf__addc(&st, k->out, ' ');
    pdx_buf__add(&st, k->out, tok->plain, tok->n_plain);
    return st;
}

void pdx_text__key(pdx_status *st, pdx_buf *out, const char *s, size_t n) {
    if (*st)
        return;
    pdx_tokenizer tz = PDX_TOKENIZER_INIT;
    key_ctx k = {out, out->n};
    pdx_status r = pdx_text__tokenize(&tz, s, n, 1, NULL, add_key_word, &k);
    if (r)
        *st = r;
    pdx_text__tokenizer_free(&tz);
}

/* The SMART/Xapian-omega core of English function words, folded. */
static const char *const stopwords[] = {
    "a",     "about", "an",   "and",   "are",   "as",   "at",    "be",    "been",  "but",
    "by",    "can",   "do",   "does",  "for",   "from", "had",   "has",   "have",  "he",
    "her",   "his",   "how",  "i",     "if",    "in",   "into",  "is",    "it",    "its",
    "me",    "my",    "no",   "not",   "of",    "on",   "or",    "our",   "she",   "so",
    "such",  "than",  "that", "the",   "their", "them", "then",  "there", "these", "they",
    "this",  "those", "to",   "too",   "very",  "was",  "we",    "were",  "what",  "when",
    "where", "which", "while", "who",  "whom",  "why",  "will",  "with",  "would", "you",
    "your",
};

bool pdx_text__is_stopword(const char *w, size_t n) {
    size_t lo = 0, hi = sizeof stopwords / sizeof *stopwords;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *m = stopwords[mid];
        size_t mn = strlen(m);
        int c = memcmp(w, m, n < mn ? n : mn);
        if (c == 0)
            c = n < mn ? -1 : n > mn ? 1 : 0;
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}
