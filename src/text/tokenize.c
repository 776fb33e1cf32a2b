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

#include <stdlib.h>
#include <string.h>

#include <uniwbrk.h>

/* Folded forms of recent non-ASCII words.  Folding one costs libunistring
 * thousands of instructions (case folding with NFKC, then NFD and NFC for
 * the accents), twenty times an ASCII word, and such words — names,
 * mostly — recur from paper to paper. */
#define FOLD_CACHE 2048 /* entries, a power of two */
#define FOLD_CACHE_WORD 40
struct pdx_fold_entry {
    uint8_t n_word, n_exact, n_plain; /* n_word 0: empty */
    bool same;                        /* plain == exact */
    char word[FOLD_CACHE_WORD], exact[FOLD_CACHE_WORD], plain[FOLD_CACHE_WORD];
};

pdx_status pdx_text__tokenizer_cache(pdx_tokenizer *tz) {
    if (!tz->folds)
        tz->folds = calloc(FOLD_CACHE, sizeof *tz->folds);
    return tz->folds ? PDX_OK : PDX_ENOMEM;
}

void pdx_text__tokenizer_free(pdx_tokenizer *tz) {
    free(tz->folds);
    tz->folds = NULL;
    pdx_buf__free(&tz->breaks);
    pdx_buf__free(&tz->exact);
    pdx_buf__free(&tz->plain);
    pdx_buf__free(&tz->clean);
    pdx_buf__free(&tz->joined);
}

/* Word_Break classes of the ASCII characters (UAX #29,
 * WordBreakProperty.txt); everything not listed is Other. */
enum { WB_OTHER, WB_CR, WB_LF, WB_NEWLINE, WB_SPACE, WB_LETTER, WB_DIGIT, WB_MIDLETTER,
       WB_MIDNUMLET, WB_MIDNUM, WB_EXTENDNUMLET };

static unsigned char ascii_class(unsigned char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return WB_LETTER;
    if (c >= '0' && c <= '9')
        return WB_DIGIT;
    switch (c) {
    case '\r': return WB_CR;
    case '\n': return WB_LF;
    case '\v': case '\f': return WB_NEWLINE;
    case ' ': return WB_SPACE;
    case ':': return WB_MIDLETTER;
    case '.': case '\'': return WB_MIDNUMLET; /* ' is Single_Quote: the same
                                                 outside Hebrew */
    case ',': case ';': return WB_MIDNUM;
    case '_': return WB_EXTENDNUMLET;
    default: return WB_OTHER;
    }
}

#define WB_LETTERLIKE(c) ((c) == WB_LETTER || (c) == WB_DIGIT)
#define WB_NEWLINES(c) ((c) == WB_CR || (c) == WB_LF || (c) == WB_NEWLINE)

/* UAX #29's rules as they apply to ASCII text, which has no Extend,
 * Format, ZWJ, Hebrew, Katakana or regional-indicator characters: the
 * same breaks as u8_wordbreaks() (test_text.c compares the two), at a
 * fraction of its cost, and most of what paperdex reads is ASCII. */
static void ascii_wordbreaks(const char *s, size_t n, char *br) {
    unsigned char prev2 = WB_OTHER, prev = WB_OTHER;
    unsigned char cur = n ? ascii_class((unsigned char)s[0]) : WB_OTHER;
    for (size_t i = 0; i < n; i++) {
        unsigned char next = i + 1 < n ? ascii_class((unsigned char)s[i + 1]) : WB_OTHER;
        bool brk = true;
        if (i == 0)
            brk = false; /* u8_wordbreaks never marks the start */
        else if (prev == WB_CR && cur == WB_LF)
            brk = false; /* WB3 */
        else if (WB_NEWLINES(prev) || WB_NEWLINES(cur))
            brk = true; /* WB3a, WB3b */
        else if (prev == WB_SPACE && cur == WB_SPACE)
            brk = false; /* WB3d */
        else if (WB_LETTERLIKE(prev) && WB_LETTERLIKE(cur))
            brk = false; /* WB5, WB8, WB9, WB10 */
        else if (prev == WB_LETTER && (cur == WB_MIDLETTER || cur == WB_MIDNUMLET) &&
                 next == WB_LETTER)
            brk = false; /* WB6 */
        else if (prev2 == WB_LETTER && (prev == WB_MIDLETTER || prev == WB_MIDNUMLET) &&
                 cur == WB_LETTER)
            brk = false; /* WB7 */
        else if (prev2 == WB_DIGIT && (prev == WB_MIDNUM || prev == WB_MIDNUMLET) &&
                 cur == WB_DIGIT)
            brk = false; /* WB11 */
        else if (prev == WB_DIGIT && (cur == WB_MIDNUM || cur == WB_MIDNUMLET) &&
                 next == WB_DIGIT)
            brk = false; /* WB12 */
        else if ((WB_LETTERLIKE(prev) || prev == WB_EXTENDNUMLET) && cur == WB_EXTENDNUMLET)
            brk = false; /* WB13a */
        else if (prev == WB_EXTENDNUMLET && WB_LETTERLIKE(cur))
            brk = false; /* WB13b */
        br[i] = (char)brk;
        prev2 = prev;
        prev = cur;
        cur = next;
    }
}

/* True when UAX #29 certainly breaks before s[i] and no rule looks past
 * it: at a space that follows an ASCII character other than a space.
 * Before a space only WB3d (space × space) keeps the two together;
 * after it, the rules that look two characters back (WB7, WB11) need a
 * letter or digit where the space is.  So the breaks of the text are those
 * of the pieces between such spaces, each on its own. */
static bool certain_break(const char *s, size_t i) {
    return s[i] == ' ' && i > 0 && (unsigned char)s[i - 1] < 0x80 && s[i - 1] != ' ';
}

/* Breaks of s[a..b), a piece of a longer text (see certain_break). */
static void piece_breaks(const char *s, size_t a, size_t b, bool ascii, char *br) {
    if (ascii)
        ascii_wordbreaks(s + a, b - a, br + a);
    else
        u8_wordbreaks((const uint8_t *)s + a, b - a, br + a);
    if (a > 0)
        br[a] = 1;
}

void pdx_text__wordbreaks(const char *s, size_t n, char *br) {
    /* Runs of ASCII pieces go to the fast path together; a piece with
     * anything else goes to libunistring alone, so one accented word does
     * not send a whole abstract down the slow path. */
    size_t run = 0, a = 0;
    while (a < n) {
        bool ascii = (unsigned char)s[a] < 0x80;
        size_t b = a + 1;
        for (; b < n && !certain_break(s, b); b++)
            ascii = ascii && (unsigned char)s[b] < 0x80;
        if (!ascii) {
            if (run < a)
                piece_breaks(s, run, a, true, br);
            piece_breaks(s, a, b, false, br);
            run = b;
        }
        a = b;
    }
    if (run < n)
        piece_breaks(s, run, n, true, br);
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

/* Folds s[0..n) into tz->exact and tz->plain; true when the plain form
 * is the exact one (and tz->plain is not to be used). */
static bool fold_forms(pdx_status *st, pdx_tokenizer *tz, const char *s, size_t n) {
    pdx_text__fold(st, &tz->exact, s, n, PDX_FOLD_CASE);
    /* Accent folding changes nothing in folded ASCII but apostrophes, and
     * most words are ASCII without one: skip it for them. */
    bool same = true;
    for (size_t i = 0; same && i < tz->exact.n; i++)
        same = (unsigned char)tz->exact.p[i] < 0x80 && tz->exact.p[i] != '\'';
    if (same || *st)
        return true;
    pdx_text__fold(st, &tz->plain, tz->exact.p, tz->exact.n, PDX_FOLD_ACCENTS);
    return tz->plain.n == tz->exact.n && memcmp(tz->plain.p, tz->exact.p, tz->exact.n) == 0;
}

/* fold_forms() through the tokenizer's cache, if it has one. */
static bool fold_cached(pdx_status *st, pdx_tokenizer *tz, const char *s, size_t n) {
    struct pdx_fold_entry *e = NULL;
    if (tz->folds && n < FOLD_CACHE_WORD && !pdx_text__is_ascii(s, n))
        e = &tz->folds[pdx_hash64(s, n) & (FOLD_CACHE - 1)];
    if (e && e->n_word == n && memcmp(e->word, s, n) == 0) {
        pdx_buf__add(st, &tz->exact, e->exact, e->n_exact);
        if (!e->same)
            pdx_buf__add(st, &tz->plain, e->plain, e->n_plain);
        return e->same;
    }
    bool same = fold_forms(st, tz, s, n);
    if (e && !*st && tz->exact.n && tz->exact.n < FOLD_CACHE_WORD &&
        (same || (tz->plain.n && tz->plain.n < FOLD_CACHE_WORD))) {
        e->n_word = (uint8_t)n;
        memcpy(e->word, s, n);
        e->n_exact = (uint8_t)tz->exact.n;
        memcpy(e->exact, tz->exact.p, tz->exact.n);
        e->same = same;
        e->n_plain = same ? 0 : (uint8_t)tz->plain.n;
        if (!same)
            memcpy(e->plain, tz->plain.p, tz->plain.n);
    }
    return same;
}

/* Folds a word into tz->exact and tz->plain and fills `tok`'s strings. */
static void fold_word(pdx_status *st, pdx_tokenizer *tz, const char *s, size_t n, pdx_token *tok) {
    pdx_buf__clear(&tz->exact);
    pdx_buf__clear(&tz->plain);
    bool same = fold_cached(st, tz, s, n);
    if (*st)
        return;
    tok->exact = pdx_buf__str(&tz->exact);
    tok->n_exact = tz->exact.n;
    if (same) {
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

/* Points *s at a copy of s[0..n) in tz->clean whose invalid bytes are
 * '?': the same length, so offsets still point into the caller's text,
 * and the word breaker and folding see valid UTF-8 only. */
static pdx_status clean_copy(pdx_tokenizer *tz, const char **s, size_t n) {
    pdx_status st = PDX_OK;
    pdx_buf__clear(&tz->clean);
    pdx_buf__add(&st, &tz->clean, *s, n);
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
    *s = tz->clean.p;
    return PDX_OK;
}

/* "O(n)": a word with a parenthesised tail, s[start..end), as one compound
 * at the word's position `pos`. Emitted when the word is read, since the
 * inner word comes as the next segment. */
static pdx_status emit_paren(pdx_tokenizer *tz, const char *s, size_t start, size_t end,
                             unsigned pos, pdx_token_fn fn, void *payload) {
    pdx_status st = PDX_OK;
    pdx_token ct = {0};
    fold_word(&st, tz, s + start, end - start, &ct);
    if (st)
        return st;
    ct.start = start;
    ct.end = end;
    ct.pos = pos;
    ct.flags = PDX_TOK_COMPOUND;
    return fn(&ct, payload);
}

pdx_status pdx_text__tokenize(pdx_tokenizer *tz, const char *s, size_t n, unsigned first_pos,
                              unsigned *next_pos, pdx_token_fn fn, void *payload) {
    pdx_status st = PDX_OK;
    unsigned pos = first_pos;
    if (next_pos)
        *next_pos = first_pos;
    if (n == 0)
        return PDX_OK;
    if (pdx_text__check(s, n) != n && (st = clean_copy(tz, &s, n)))
        return st;
    pdx_buf__clear(&tz->breaks);
    pdx_buf__grow(&st, &tz->breaks, n);
    if (st)
        return st;
    char *br = tz->breaks.p;
    pdx_text__wordbreaks(s, n, br);

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
        if (pl && comp.parts == 1 && (st = emit_paren(tz, s, i, j + pl, tok.pos, fn, payload)))
            break;
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

/* The key of text made of ASCII letters, digits and spaces only, which is
 * most name parts and many titles: UAX #29 splits it at the spaces, and
 * folding only lowers the case, so no tokenizer is needed.  False, with
 * nothing appended, for any other text. */
static bool simple_key(pdx_status *st, pdx_buf *out, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == ' '))
            return false;
    }
    pdx_buf__grow(st, out, n);
    if (*st)
        return true;
    size_t start = out->n;
    char *o = out->p + out->n;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ')
            i++;
        if (i == n)
            break;
        if (o > out->p + start)
            *o++ = ' ';
        for (; i < n && s[i] != ' '; i++)
            *o++ = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
    }
    out->n = (size_t)(o - out->p);
    out->p[out->n] = '\0';
    return true;
}

void pdx_text__key(pdx_status *st, pdx_buf *out, const char *s, size_t n) {
    if (*st || simple_key(st, out, s, n))
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
