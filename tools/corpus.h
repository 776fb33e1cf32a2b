/*
 * corpus.h — a deterministic synthetic corpus of papers, for the benchmark
 * (tools/bench.c) and its tests.
 *
 * The same seed and size give the same bytes on every machine: the
 * generator uses its own PRNG (splitmix64) and no floating-point result
 * that could differ between libms reaches a choice except through tables
 * built once from exp/log of small integers.
 *
 * Statistics (checked by tests/test_corpus.c):
 *   vocabulary   ~50,000 word forms (stems with -s/-ing/-ed/-ation forms,
 *                a few with accents), drawn Zipf-like (s = 1.0) and
 *                through 400 topics so that words co-occur as in real text
 *   titles       6-14 words (mean 10)
 *   abstracts    150-200 words in sentences
 *   authors      3-8 per paper from a pool of people (about one per two
 *                papers) whose names have diacritics, initials, particles
 *                (van der, de la, O') and hyphens; prolific people recur
 *   years        1990-2025, recent years more often; ISO dates; arXiv-style
 *                categories
 */
#ifndef PDX_CORPUS_H
#define PDX_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct pdx_corpus pdx_corpus;

/** A generator of `n` papers from `seed`.  NULL when out of memory. */
pdx_corpus *pdx_corpus_new(uint64_t seed, uint64_t n);
/** Frees it.  Accepts NULL. */
void pdx_corpus_free(pdx_corpus *c);

/** Writes the next paper as one JSON line (with '\n') to `out`.
 *  @return false when all `n` papers were written or on a write error */
bool pdx_corpus_next_jsonl(pdx_corpus *c, FILE *out);

/** Writes the next paper as an entry of a listing page (paperdex's
 *  `listing` shape: category+date line, title glued to the authors,
 *  abstract).  @return as pdx_corpus_next_jsonl */
bool pdx_corpus_next_listing(pdx_corpus *c, FILE *out);

/** Kinds of benchmark queries. */
typedef enum pdx_corpus_qkind {
    PDX_CQ_WORD,   /**< one topic word */
    PDX_CQ_WORDS,  /**< two or three words of one topic */
    PDX_CQ_PHRASE, /**< two neighbouring words of some title */
    PDX_CQ_AUTHOR, /**< a person's name, as "Given Surname" */
} pdx_corpus_qkind;

/** Writes `nq` queries as lines "kind<TAB>text" (kind: word, words, phrase,
 *  author), drawn from what the papers written so far contain: call after
 *  the last paper.  Deterministic like the papers. */
bool pdx_corpus_queries(pdx_corpus *c, FILE *out, size_t nq);

/** The name of a query kind ("word", ...). */
const char *pdx_corpus_qkind_name(pdx_corpus_qkind k);

/** Parses a size as the tools' options take it: "200000", "200k" or
 *  "1M" (k and M: 1,000 and 1,000,000; either case).  False, *out
 *  unchanged, for anything else (a sign is taken as strtoull takes it). */
bool pdx_corpus_parse_size(uint64_t *out, const char *s);

#endif
