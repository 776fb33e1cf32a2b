/*
 * query.h — shared by the query modules: the results object and the
 * snippet maker.
 */
#ifndef PDX_QUERY_H
#define PDX_QUERY_H

#include "db.h"
#include "paper.h"
#include "util/map.h"

typedef struct pdx_hit {
    pdx_paper *paper;
    double score;
    unsigned rank;
    char *snippet;
    pdx_author_match match;
    const char *matched_author; /* in paper's arena */
} pdx_hit;

struct pdx_results {
    pdx_hit *hits;
    size_t n, cap;
    uint64_t total;
};

/** A new empty result list. */
pdx_status pdx_results__new(pdx_results **out);
/** Appends a hit; takes ownership of `paper`. */
pdx_status pdx_results__push(pdx_results *r, pdx_paper *paper, double score, unsigned rank);

/** The words a snippet should highlight: plain (accent-folded) forms and
 *  stems of the query's positive words. */
typedef struct pdx_hl_terms {
    pdx_map plain;
    pdx_map stems;
} pdx_hl_terms;

/** Makes a snippet of at most `max_words` words of `text` around the
 *  densest cluster of highlighted words, each highlighted word between
 *  `hl_start` and `hl_end`, "…" where the text was cut.  `hl` may be NULL
 *  (nothing highlighted: the start of the text).
 *  @param[out] out  malloc()ed string */
pdx_status pdx_query__snippet(char **out, pdx_db *db, const pdx_hl_terms *hl, const char *text,
                              unsigned max_words, const char *hl_start, const char *hl_end);

#endif
