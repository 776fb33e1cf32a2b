/*
 * text.h — text normalisation shared by indexing and querying.
 *
 * The index and the query parser must turn the same words into the same
 * terms, so both go through these functions and nothing else:
 *
 *   raw UTF-8 ──► pdx_text__latex (readers, when the source has LaTeX)
 *             ──► pdx_text__tokenize: UAX #29 words (libunistring)
 *                   each word: exact  = NFKC + full case folding, with
 *                                        apostrophes and dashes unified
 *                              plain  = exact without diacritics or
 *                                        intra-word apostrophes
 *
 * Keys for matching (names, titles) use pdx_text__key(): the plain forms of
 * the words joined by single spaces.
 *
 * Every function survives arbitrary bytes: invalid UTF-8 is replaced by
 * U+FFFD before it is looked at (ingest rejects such lines earlier, with a
 * message; this is the last line of defence).
 */
#ifndef PDX_TEXT_H
#define PDX_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* ---- UTF-8 ------------------------------------------------------------ */

/** Offset of the first byte that is not valid UTF-8 in s[0..n), or n when
 *  all of it is valid (u8_check). */
size_t pdx_text__check(const char *s, size_t n);

/** True when s[0..n) is all ASCII, which the fast paths of folding and
 *  tokenizing take. */
bool pdx_text__is_ascii(const char *s, size_t n);

/** Decodes the code point at `s` (n > 0 bytes left).  Invalid or truncated
 *  sequences decode as U+FFFD of length 1, so a loop always advances.
 *  @return the sequence length (1..4) */
int pdx_text__decode(const char *s, size_t n, uint32_t *uc);

/** True for letters and digits of any script (general categories L*, N*)
 *  and combining marks, i.e. what can be part of a word. */
bool pdx_text__is_wordchar(uint32_t uc);

/** True for an upper-case letter (Unicode property Uppercase). */
bool pdx_text__is_upper(uint32_t uc);

/** True for a lower-case letter (Unicode property Lowercase). */
bool pdx_text__is_lower(uint32_t uc);

/** True for every form of apostrophe or single quote that can sit inside a
 *  word: ' ’ ‘ ʼ ′ ` ´. */
bool pdx_text__is_apostrophe(uint32_t uc);

/** True for every form of hyphen and dash: - ‐ ‑ ‒ – — ― − ﹣ －. */
bool pdx_text__is_dash(uint32_t uc);

/* ---- folding ---------------------------------------------------------- */

/** Flags of pdx_text__fold(). */
#define PDX_FOLD_CASE 0x1u   /**< NFKC and full case folding (u8_casefold) */
#define PDX_FOLD_ACCENTS 0x2u /**< also drop diacritics (NFD, remove marks)
                                   and spell out letters that have no
                                   decomposition: ł ø đ ð ß æ œ ı þ ħ */

/** Appends the folded form of s[0..n) to `out`.  Apostrophe forms become
 *  U+0027 and dash forms U+002D; with PDX_FOLD_ACCENTS apostrophes between
 *  letters are dropped as well ("O’Keefe" → "okeefe").  Idempotent:
 *  folding a folded string changes nothing. */
void pdx_text__fold(pdx_status *st, pdx_buf *out, const char *s, size_t n, unsigned flags);

/** Appends a matching key: the accent- and case-folded words of s[0..n)
 *  (as the tokenizer splits them) joined by single spaces.  "Jörn-Henrik
 *  Jacobsen" and "jorn henrik  JACOBSEN" both give "jorn henrik jacobsen". */
void pdx_text__key(pdx_status *st, pdx_buf *out, const char *s, size_t n);

/* ---- LaTeX ------------------------------------------------------------ */

/** True when s[0..n) looks like it carries LaTeX markup worth decoding
 *  (a backslash command, a brace group, or a $...$ pair). */
bool pdx_text__has_latex(const char *s, size_t n);

/** Appends s[0..n) with LaTeX decoded: accents ({\"o}, \"{o}, \'e, \c{c},
 *  \v{s}) become composed characters, special letters (\ss, \l, \o, \aa,
 *  \ae, \i) their Unicode forms, -- and --- dashes, ~ a space, braces
 *  vanish, and math $...$ keeps its content as words (\alpha → α,
 *  other commands → their names).  The result is NFC. */
void pdx_text__latex(pdx_status *st, pdx_buf *out, const char *s, size_t n);

/* ---- tokenizing ------------------------------------------------------- */

/** Flags of a token. */
#define PDX_TOK_COMPOUND 0x1u /**< the joined form of a hyphenated or
                                   parenthesised word ("k-means" → "kmeans",
                                   "O(n)" → "o(n)"); shares the position of
                                   its first part */

/** One word of a text. */
typedef struct pdx_token {
    const char *exact; /**< NFKC + case-folded form */
    size_t n_exact;
    const char *plain; /**< `exact` without diacritics or inner apostrophes;
                            the same pointer as `exact` when they are equal */
    size_t n_plain;
    size_t start, end; /**< byte offsets of the word in the input */
    unsigned pos;      /**< word position, from `first_pos` upwards */
    unsigned flags;    /**< PDX_TOK_* */
} pdx_token;

/** Receives each token; the token's strings are borrowed for the call.
 *  Return PDX_OK to go on, anything else stops the walk with that status. */
typedef pdx_status (*pdx_token_fn)(const pdx_token *tok, void *payload);

/** Scratch space for tokenizing; reuse one across calls to avoid
 *  allocations.  Zero-initialise (PDX_TOKENIZER_INIT); free with
 *  pdx_text__tokenizer_free(). */
typedef struct pdx_tokenizer {
    pdx_buf breaks; /* u8_wordbreaks output */
    pdx_buf exact;  /* the current word's folded forms */
    pdx_buf plain;
    pdx_buf clean;  /* a repaired copy of invalid input */
    pdx_buf joined; /* a compound's joined form */
    struct pdx_fold_entry *folds; /* see pdx_text__tokenizer_cache, or NULL */
} pdx_tokenizer;

#define PDX_TOKENIZER_INIT {PDX_BUF_INIT, PDX_BUF_INIT, PDX_BUF_INIT, PDX_BUF_INIT, PDX_BUF_INIT, NULL}

/** Gives the tokenizer a cache (about 250 KB) of the folded forms of the
 *  non-ASCII words it met last, for a tokenizer that reads a lot of text
 *  (ingest): folding such a word is costly and they recur.  The tokens are
 *  the same with or without it.
 *  @return PDX_OK, or PDX_ENOMEM (the tokenizer then works without) */
pdx_status pdx_text__tokenizer_cache(pdx_tokenizer *tz);

/** Sets br[i] (for i < n) to 1 where UAX #29 puts a word boundary before
 *  s[i], else 0 — exactly what u8_wordbreaks() gives.  ASCII stretches of
 *  the text take a path of their own, several times faster; only the words
 *  around other characters go to libunistring.  `s` is valid UTF-8. */
void pdx_text__wordbreaks(const char *s, size_t n, char *br);

/** Splits s[0..n) into words by UAX #29 and calls `fn` for each word, then
 *  for compounds (see PDX_TOK_COMPOUND).  Positions start at `first_pos`.
 *  @param[out] next_pos  the position after the last word (may be NULL)
 *  @return PDX_OK, PDX_ENOMEM, or what `fn` returned */
pdx_status pdx_text__tokenize(pdx_tokenizer *tz, const char *s, size_t n, unsigned first_pos,
                              unsigned *next_pos, pdx_token_fn fn, void *payload);

/** Frees the tokenizer's buffers and cache. */
void pdx_text__tokenizer_free(pdx_tokenizer *tz);

/** True for the English words that carry no topic ("the", "of", "and", ...)
 *  given in their folded form.  Used at query time only: the index keeps
 *  them, so phrases with them still match. */
bool pdx_text__is_stopword(const char *w, size_t n);

#endif
