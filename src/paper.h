/*
 * paper.h — the inside of pdx_paper, for readers, the store and search.
 *
 * A record owns one arena; every string of the record lives in it and is
 * released with the record.  The arrays (authors, affiliations, sources,
 * ids) are small malloc()ed vectors.  Readers fill a record through the
 * pdx_paper__set_* / __add_* helpers, which copy their input into the
 * arena, so the reader's line buffers can be reused at once.
 */
#ifndef PDX_PAPER_H
#define PDX_PAPER_H

#include <stdbool.h>
#include <stddef.h>

#include "paperdex.h"
#include "util/buf.h"

/* Record flags. */
#define PDX_PAPER_TITLE_DERIVED 0x1u      /* title made from the abstract */
#define PDX_PAPER_AUTHORS_TRUNCATED 0x2u  /* "et al.", "(see N more)" */
/* The note RIS (N1) and CSL-JSON ("note") exports carry for a cut author
 * list, which have no "et al." name; their readers take it back. */
#define PDX_NOTE_ET_AL "The source lists only the first authors (et al.)."

#define PDX_PAPER_ABSTRACT_TRUNCATED 0x4u /* cut off in the source */
#define PDX_PAPER_CODE 0x8u               /* the source marks code */

typedef struct pdx_author_entry {
    const char *name; /* display form, decoded */
    unsigned flags;   /* PDX_AUTHOR_* */
} pdx_author_entry;

/* An identifier given by a source: scheme "arxiv", "doi", "bibtex", ... */
typedef struct pdx_extid {
    const char *scheme;
    const char *value;
} pdx_extid;

typedef struct pdx_source_ref {
    const char *file; /* as the user named it */
    size_t line;      /* 1-based first line of the entry */
    const char *text; /* "FILE:LINE", what pdx_paper_source() shows */
} pdx_source_ref;

/* A growable vector of fixed-size items. */
typedef struct pdx_vec {
    void *items;
    size_t n, cap;
} pdx_vec;

struct pdx_paper {
    pdx_arena arena;
    const char *id;       /* NULL until assigned by pdx_paper__finish */
    const char *title;    /* "" when unknown */
    const char *abstract; /* NULL when none */
    const char *date;     /* ISO 8601 (see paperdex.h) or NULL */
    int year;             /* 0 = unknown */
    const char *category;
    const char *venue;
    const char *volume;      /* as the source gives it ("12", "12A") or NULL */
    const char *number;      /* issue number, or NULL */
    const char *pages;       /* "117-129", "e1234", with one "-" between a
                                range's ends whatever dash the source used */
    const char *journal_ref; /* arXiv's free-text Journal-ref, verbatim */
    const char *format;   /* reader name ("listing", ...) */
    unsigned flags;       /* PDX_PAPER_* */
    pdx_vec authors;      /* pdx_author_entry */
    pdx_vec affiliations; /* const char * */
    pdx_vec sources;      /* pdx_source_ref */
    pdx_vec ids;          /* pdx_extid */
};

/** A new empty record. */
pdx_status pdx_paper__new(pdx_paper **out);

/** Copies s[0..n) into the record's arena (NUL-terminated), trimming
 *  surrounding white space; NULL for an empty result or no memory (check
 *  `*st`). */
const char *pdx_paper__str(pdx_status *st, pdx_paper *p, const char *s, size_t n);

/* Setters: copy into the arena; empty strings leave the field unset. */
void pdx_paper__set_title(pdx_status *st, pdx_paper *p, const char *s, size_t n);
void pdx_paper__set_abstract(pdx_status *st, pdx_paper *p, const char *s, size_t n);
void pdx_paper__set_date(pdx_status *st, pdx_paper *p, const char *s, size_t n);
void pdx_paper__set_category(pdx_status *st, pdx_paper *p, const char *s, size_t n);
void pdx_paper__set_venue(pdx_status *st, pdx_paper *p, const char *s, size_t n);
void pdx_paper__set_volume(pdx_status *st, pdx_paper *p, const char *s, size_t n);
void pdx_paper__set_number(pdx_status *st, pdx_paper *p, const char *s, size_t n);
/** Sets the pages; a run of dashes ("--", "–") between the ends of a range
 *  becomes one "-" ("117--129" → "117-129"), so every writer of a record
 *  (BibTeX's "--", RIS's SP/EP, CSL's "-") can split it the same way. */
void pdx_paper__set_pages(pdx_status *st, pdx_paper *p, const char *s, size_t n);
void pdx_paper__set_journal_ref(pdx_status *st, pdx_paper *p, const char *s, size_t n);
void pdx_paper__set_format(pdx_status *st, pdx_paper *p, const char *s);
void pdx_paper__add_author(pdx_status *st, pdx_paper *p, const char *s, size_t n, unsigned flags);
void pdx_paper__add_affiliation(pdx_status *st, pdx_paper *p, const char *s, size_t n);
/** Adds a source reference unless it is already there. */
void pdx_paper__add_source(pdx_status *st, pdx_paper *p, const char *file, size_t line);
/** Adds an external id (scheme and value are copied) unless present. */
void pdx_paper__add_id(pdx_status *st, pdx_paper *p, const char *scheme, const char *value,
                       size_t n);
/** The value of the id with `scheme`, or NULL. */
const char *pdx_paper__get_id(const pdx_paper *p, const char *scheme);

/** Accessors for the vectors. */
static inline const pdx_author_entry *pdx_paper__authors(const pdx_paper *p) {
    return (const pdx_author_entry *)p->authors.items;
}
static inline const pdx_source_ref *pdx_paper__sources(const pdx_paper *p) {
    return (const pdx_source_ref *)p->sources.items;
}
static inline const pdx_extid *pdx_paper__ids(const pdx_paper *p) {
    return (const pdx_extid *)p->ids.items;
}

/** Appends the key of an external id as the index stores it: the scheme,
 *  ':' and the case-folded value ("doi:10.1/x"). */
void pdx_paper__extid_key(pdx_status *st, pdx_buf *out, const pdx_extid *e);

/** The id to try when `base` belongs to another paper: "base-2",
 *  "base-3", ... for attempt 2, 3, ... (written to out, NUL-terminated). */
void pdx_paper__alt_id(pdx_status *st, pdx_buf *out, const char *base, unsigned attempt);

/** Derives what a reader left open: the year from the date, the id (from
 *  an external id, else the normalised title, else the abstract), and a
 *  display title from the abstract's first sentence when there is none. */
pdx_status pdx_paper__finish(pdx_paper *p);

/** Appends the normalised title key used for merging ("" when no title or
 *  a derived one). */
void pdx_paper__title_key(pdx_status *st, pdx_buf *out, const pdx_paper *p);

/** Appends the abstract-prefix key used to merge title-less records: the
 *  first 16 folded words of the abstract, short enough to fit in a site's
 *  preview of it ("" when the abstract has fewer complete words; the last
 *  word of a cut abstract does not count). */
void pdx_paper__abstract_key(pdx_status *st, pdx_buf *out, const pdx_paper *p);

/** True when `a` and `b` carry different values for the same id scheme
 *  (two DOIs, two source ids): they are different papers, whatever their
 *  titles say.  Values compare case-insensitively.  BibTeX keys never
 *  conflict: they are labels, not identifiers of the work. */
bool pdx_paper__ids_conflict(const pdx_paper *a, const pdx_paper *b);

/** True when `a` and `b` may be the same paper once a merge key matched:
 *  no conflicting ids, years (when both known) at most one apart, and
 *  real titles (when both have one) sharing half their words unless an id
 *  is shared. */
bool pdx_paper__same_work(const pdx_paper *a, const pdx_paper *b);

/** Merges `src` into `dst`, keeping the most complete value of each field
 *  and every source, author flag and id.  `dst` keeps its id.
 *  @return PDX_OK or PDX_ENOMEM */
pdx_status pdx_paper__merge(pdx_paper *dst, const pdx_paper *src);

/** A deep copy. */
pdx_status pdx_paper__clone(pdx_paper **out, const pdx_paper *src);

/** Reads a record back from its JSON form (pdx_paper_to_json).
 *  @return PDX_OK, PDX_ECORRUPT (not a record), PDX_ENOMEM */
pdx_status pdx_paper__from_json(pdx_paper **out, const char *s, size_t n);

/** Serialises to JSON (`flags`: JSON_COMPACT etc. from jansson; the caller
 *  frees the result). */
pdx_status pdx_paper__json(char **out, const pdx_paper *p, size_t flags);

/** The form a document stores (schema 2, docs/index-schema.md): the
 *  record's compact JSON without its abstract, then a NUL byte and the
 *  abstract as it is (no abstract: the JSON alone).  Reading a hit back
 *  then decodes a few hundred bytes of JSON instead of the whole abstract
 *  too, which was most of a hit's cost (jansson checks each byte).
 *  @param[out] out    malloc()ed, `*n_out` bytes (NUL-terminated too) */
pdx_status pdx_paper__stored(char **out, size_t *n_out, const pdx_paper *p);

/** Reads a record back from pdx_paper__stored()'s form, or from the JSON
 *  alone (what schema 1 stored).
 *  @return PDX_OK, PDX_ECORRUPT (not a record), PDX_ENOMEM */
pdx_status pdx_paper__from_stored(pdx_paper **out, const char *s, size_t n);

#endif
