/*
 * parse.h — what the three files of the query parser share (parse.c:
 * lexer, grammar and entry; parse_words.c: a word, phrase, wildcard or
 * year as index terms; parse_nodes.c: combining parsed pieces).  Private
 * to them: the rest of the library sees query.h.
 */
#ifndef PDX_QUERY_PARSE_H
#define PDX_QUERY_PARSE_H

#include "query/query.h"
#include "text/text.h"

/* What a parsed piece does to the match. */
typedef enum kind {
    K_NONE,   /* nothing searchable ("()", punctuation only) */
    K_POS,    /* ranked */
    K_FILTER, /* restricts, weighs nothing */
    K_NEG,    /* excludes */
} kind;

/* A parsed piece of the query. */
typedef struct node {
    pdx_ixquery *q;
    kind k;
    bool stop; /* a lone free word that is an English function word */
    bool bag;  /* made of free words only: feedback may add documents */
    pdx_ixquery *plain; /* a lone free word's plain form, for proximity */
} node;

/* The field a piece searches (title:, author:, ...; F_TEXT for none). */
typedef enum field {
    F_TEXT,
    F_TITLE,
    F_AUTHOR,
    F_VENUE,
    F_ABSTRACT,
} field;

/* The parser's state: the text, the cursor, and scratch space. */
typedef struct parser {
    pdx_db *db;
    const pdx_ranking *rk;
    const char *s;
    size_t n, i;
    unsigned depth;
    pdx_hl_terms *hl;
    pdx_parsed *out;
    pdx_tokenizer tz;
    pdx_buf tmp, stem, fold;
} parser;

/* The pieces of a sequence: its ranked words, filters and exclusions. */
typedef struct seqparts {
    pdx_ixquery *rank, *filter, *exclude;
    bool bag;
} seqparts;


/* ---- parse.c ---------------------------------------------------------- */

/** Fails the parse with PDX_EQUERY and "column N: why" on the db. */
pdx_status pdx_parse__fail_at(parser *p, size_t at, const char *why);

/* ---- parse_words.c ---------------------------------------------------- */

/** The query for the single term prefix + body[0..n) (`tmp` is scratch). */
pdx_status pdx_parse__term(pdx_ixquery **out, const char *prefix, const char *body, size_t n,
                           pdx_buf *tmp);
/** The node for the words of s[0..n) in field `f`: a lone word (its
 *  weighted forms), a phrase (`phrase`, or several words: the parts in
 *  order) or a hyphenated word.  `positive`: not under a NOT, so its
 *  words are highlighted.  K_NONE when the text has no words. */
pdx_status pdx_parse__words(node *out, parser *p, const char *s, size_t n, field f, bool phrase,
                            bool positive);
/** The node for the wildcard s[0..n)* in field `f`; PDX_EQUERY (column
 *  `col`) when it is not one word or expands to too many. */
pdx_status pdx_parse__wildcard(node *out, parser *p, const char *s, size_t n, size_t col, field f,
                               bool positive);
/** The filter of year:s[0..n) (a year, or a range "A..B" with either end
 *  open); PDX_EQUERY (column `col`) when it is neither. */
pdx_status pdx_parse__year(pdx_ixquery **out, parser *p, const char *s, size_t n, size_t col);

/* ---- parse_nodes.c ---------------------------------------------------- */

/** Frees a node's queries and makes it K_NONE. */
void pdx_parse__node_free(node *x);
/** `q` scaled by `w`, consuming `q`; NULL when w is 0. */
pdx_status pdx_parse__scaled(pdx_ixquery **out, pdx_ixquery *q, double w);
/** Combines `parts` with `op`, then frees the parts. */
pdx_status pdx_parse__combine(pdx_ixquery **out, pdx_qop op, pdx_ixquery **parts, size_t n,
                              unsigned window);
/** a op b, consuming both. */
pdx_status pdx_parse__combine2(pdx_ixquery **out, pdx_qop op, pdx_ixquery *a, pdx_ixquery *b);
/** NOT x (NOT NOT x is a filter: only papers with x). */
node pdx_parse__negate(node x);
/** A negative node as a filter of its own: everything but it. */
pdx_status pdx_parse__neg_to_filter(node *x);
/** a AND b, consuming both. */
pdx_status pdx_parse__and(node *out, node a, node b);
/** a OR b, consuming both. */
pdx_status pdx_parse__or(node *out, node a, node b);
/** Juxtaposed items (consumed): the ranked OR of the positive ones,
 *  restricted by the filters, minus the exclusions; `parts_out` keeps the
 *  three apart for feedback. */
pdx_status pdx_parse__seq(node *out, seqparts *parts_out, parser *p, node *items, size_t n);
/** Frees the parts and zeroes them. */
void pdx_parse__parts_free(seqparts *s);

#endif
