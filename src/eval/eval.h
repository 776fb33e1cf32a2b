/*
 * eval.h — the metric code of `paperdex eval`, shared with its unit tests.
 */
#ifndef PDX_EVAL_H
#define PDX_EVAL_H

#include <stddef.h>

/** The figures of one query (trec_eval's names in brackets). */
typedef struct pdx_eval__scores {
    double ndcg10;    /* ndcg_cut_10, gain = grade, discount log2(rank + 1) */
    double map;       /* map: mean of the precisions at each relevant hit,
                         over every relevant document */
    double recall100; /* recall_100 */
    double p10;       /* P_10 */
} pdx_eval__scores;

/** Scores one ranked list.
 *  @param gains     grade of the document at each rank, best first (0 for
 *                   unjudged or non-relevant documents); the list must be
 *                   in trec_eval's order (score descending, then document
 *                   id descending)
 *  @param n         length of the list
 *  @param judged    the grades of every judged document of the query
 *                   (any order; grades <= 0 are non-relevant)
 *  @param n_judged  their number
 *  A query with no relevant document scores 0 everywhere. */
void pdx_eval__score(pdx_eval__scores *out, const int *gains, size_t n, const int *judged,
                     size_t n_judged);

#endif
