/*
 * query.h — shared by the query modules: the results object and the
 * snippet maker.
 */
#ifndef PDX_QUERY_H
#define PDX_QUERY_H

#include "db.h"
#include "paper.h"
#include "text/names.h"
#include "util/map.h"

typedef struct pdx_hit {
    pdx_paper *paper;
    double score;
    unsigned rank;
    char *snippet;
    pdx_author_match match;
    const char *matched_author; /* in paper's arena */
    bool expanded;              /* ranked in by feedback's expansion terms
                                   only: the query itself does not match it */
} pdx_hit;

typedef struct pdx_facet_entry {
    char *value;
    uint64_t count;
} pdx_facet_entry;

struct pdx_results {
    pdx_hit *hits;
    size_t n, cap;
    uint64_t total;             /* papers the query itself matches */
    bool total_exact;           /* total is a count, not Xapian's estimate */
    pdx_facet_entry *facets[3]; /* by pdx_facet */
    size_t n_facets[3];
    char *suggestion;           /* "did you mean", or NULL */
};

/** A new empty result list. */
pdx_status pdx_results__new(pdx_results **out);
/** Appends a hit; takes ownership of `paper`. */
pdx_status pdx_results__push(pdx_results *r, pdx_paper *paper, double score, unsigned rank);

/** The words a snippet should highlight: plain (accent-folded) forms and
 *  stems of the query's positive words, and wildcard prefixes. */
typedef struct pdx_hl_terms {
    pdx_map plain;
    pdx_map stems;
    pdx_buf prefixes; /* each prefix preceded by a NUL byte */
    /* The first bytes of the stems, a bit each, that the first snippet
     * notes (results.c): a word that starts with none of them is not
     * stemmed, as its stem cannot be one of them. */
    uint8_t stem_first[32];
    bool stem_first_set;
} pdx_hl_terms;

#define PDX_HL_TERMS_INIT {PDX_MAP_INIT, PDX_MAP_INIT, PDX_BUF_INIT, {0}, false}

/** Frees the maps and the prefixes. */
void pdx_hl_terms__free(pdx_hl_terms *hl);

/** Makes a snippet of at most `max_words` words of `text` around the
 *  densest cluster of highlighted words, each highlighted word between
 *  `hl_start` and `hl_end`, "…" where the text was cut.  `hl` may be NULL
 *  (nothing highlighted: the start of the text); its words must not
 *  change after the first snippet (hl->stem_first).
 *  @param[out] out  malloc()ed string */
pdx_status pdx_query__snippet(char **out, pdx_db *db, pdx_hl_terms *hl, const char *text,
                              unsigned max_words, const char *hl_start, const char *hl_end);

/** A free word's place in the query text (for spelling suggestions). */
typedef struct pdx_qword {
    size_t start, n;
} pdx_qword;

/** A parsed topic query. */
typedef struct pdx_parsed {
    pdx_ixquery *q;       /* the whole query */
    bool ranked;          /* it has words that weigh (not only filters) */
    bool bag;             /* the query is free words, maybe with filters and
                             exclusions: feedback may add documents.  Then
                             q = (rank FILTER filter) AND_NOT exclude */
    pdx_ixquery *rank;    /* with bag: the ranked words */
    pdx_ixquery *filter;  /* with bag: the filters, or NULL */
    pdx_ixquery *exclude; /* with bag: the exclusions, or NULL */
    size_t n_content;     /* free words that are not function words */
    pdx_qword *words;     /* the free words, in order */
    size_t n_words, cap_words;
    struct pdx_parsed *plain; /* the query without proximity pairs, for
                                 feedback's second pass; NULL when the
                                 ranking keeps them there (or has none) */
} pdx_parsed;

/** Parses a topic query (parse.c).
 *  @param rk  NULL = pdx_ranking_default()
 *  @param hl  filled with the words snippets should mark; may be NULL
 *  @return PDX_OK; PDX_EQUERY with "column N: why" on db */
pdx_status pdx_query__parse(pdx_parsed *out, pdx_db *db, const char *query,
                            const pdx_ranking *rk, pdx_hl_terms *hl);
/** Frees what a parse made.  Accepts NULL. */
void pdx_parsed__free(pdx_parsed *q);

/** The display form of the author whose folded full-name key is key[0..n)
 *  (as written on one of their papers; the key itself if none is found).
 *  @param[out] out  malloc()ed */
pdx_status pdx_query__author_display(char **out, pdx_db *db, const char *key, size_t n);

/** Groups folded full names (the author facet's keys[i], lens[i] bytes)
 *  into people the way coauthors groups spellings (author.c): a less
 *  complete name ("d meloni") joins the one more complete name of the
 *  same surname it fits ("davide meloni"), as `author "Davide Meloni"`
 *  finds both; a name that fits two people ("j smith" beside "john smith"
 *  and "jane smith") stays apart.
 *  @param[out] group  n entries: group[i] is the index of the name that
 *                     name i joins (i itself when it stays apart) */
pdx_status pdx_query__group_names(size_t *group, const char *const *keys, const size_t *lens,
                                  size_t n);

/** A corrected query when some free word of `query` is in no paper and a
 *  close spelling is (spell.c); *out NULL when there is nothing to offer. */
pdx_status pdx_query__suggest(char **out, pdx_db *db, const char *query, const pdx_parsed *pq);

/** Facet prefixes counted by pdx_query__run when asked. */
extern const char *const pdx_query__facets[3];

/** Papers known to match a query as typed, from its run (see
 *  pdx_query__run).  Free with pdx_docset__free. */
typedef struct pdx_docset {
    bool all;    /* every paper of the run's list matches the query */
    uint32_t *v; /* else these docids do (sorted), and others may */
    size_t n;
} pdx_docset;

/** Frees a docset's ids and empties it.  Accepts NULL. */
void pdx_docset__free(pdx_docset *s);
/** Makes v[0..n) (malloc()ed; the set takes it) s's ids, sorted, so that
 *  pdx_docset__has is a binary search even on a page of a million hits. */
void pdx_docset__adopt(pdx_docset *s, uint32_t *v, size_t n);
/** Whether `docid` is among s's ids (s->all is not consulted). */
bool pdx_docset__has(const pdx_docset *s, uint32_t docid);

/** Runs a parsed query with the ranking (rank.c): weighting, parameters
 *  and, when the ranking asks for it, pseudo-relevance feedback.
 *  @param[out] known_out  may be NULL; else what the run learnt of which
 *                         papers match the query as typed: feedback's
 *                         expansion may rank in papers that do not, and
 *                         its first pass names a hundred-odd that do, so
 *                         the caller checks only the rest
 *  @param sort_slot  a value slot to sort by (newest first), or -1
 *  @param facets     count pdx_query__facets over every match */
pdx_status pdx_query__run(pdx_ixmset **out, pdx_docset *known_out, pdx_db *db, const pdx_parsed *q,
                          const pdx_ranking *rk, unsigned first, unsigned max, int sort_slot,
                          bool facets);

/** RM3's expansion (feedback.c): the relevance model of documents
 *  `ids[0..n)` (first-pass `scores`, best first; may be NULL unless
 *  rk->fb_by_score) for query `q`, as the OR of at most rk->fb_terms stems,
 *  each scaled by its probability (the scales sum to 1).
 *  @param[out] out        the expansion; NULL when no stem qualifies
 *  @param[out] n_out      the number of stems in it
 *  @param[out] clarity_out  the model's clarity in nats (0 with no stem)
 *  @return PDX_OK, PDX_ENOMEM, an index error (message on db->ix) */
pdx_status pdx_feedback__rm3(pdx_ixquery **out, size_t *n_out, double *clarity_out, pdx_db *db,
                             const pdx_ixquery *q, const uint32_t *ids, const double *scores,
                             size_t n, const pdx_ranking *rk);

/* ---- author.c, for coauthors.c ------------------------------------------ */

/** A paper of the person asked for, and how one of its authors matched. */
typedef struct pdx_author_hit {
    pdx_paper *paper;   /* owned */
    pdx_name_rel rel;   /* PDX_NAME_SAME or PDX_NAME_COMPAT */
    const char *author; /* the matched entry's display form (paper's arena) */
} pdx_author_hit;

/** Parses the asked name; PDX_EQUERY (message on db) when it is not UTF-8,
 *  empty, or holds no name.  `out` is to be freed with pdx_name__free on
 *  every path. */
pdx_status pdx_query__author_name(pdx_name *out, pdx_db *db, const char *name);

/** Every paper of `asked` (the exact spellings first, then, unless
 *  PDX_AUTHOR_EXACT is in `flags`, the compatible ones; newest first
 *  within each).
 *  @param[out] out, n_out  free with pdx_query__author_papers_free() */
pdx_status pdx_query__author_papers(pdx_author_hit **out, size_t *n_out, pdx_db *db,
                                    const pdx_name *asked, unsigned flags);
/** Frees the papers and the array.  Accepts NULL. */
void pdx_query__author_papers_free(pdx_author_hit *v, size_t n);

#endif
