/*
 * bibtex.h — what the two halves of the BibTeX reader share: bibtex.c
 * reads the file into entries through btparse, bibtex_record.c makes an
 * entry's record.  Private to them.
 */
#ifndef PDX_INGEST_BIBTEX_H
#define PDX_INGEST_BIBTEX_H

#include "ingest/reader.h"

typedef struct bib_field {
    const char *name; /* lower case */
    const char *value;
} bib_field;

typedef struct bib_entry {
    const char *type; /* lower case: "article" */
    const char *key;
    size_t line;
    size_t field0, n_fields;
} bib_entry;

/* A problem to report once stderr is ours again. */
typedef struct pending {
    size_t line;
    char *msg;
} pending;

typedef struct bibtex {
    pdx_read_ctx *ctx;
    pdx_arena arena;      /* the entries' strings */
    bib_entry *e;
    size_t n, cap;
    bib_field *f;
    size_t nf, capf;
    pdx_map keys;         /* lower-cased key → entry index */
    size_t next;          /* entry next() looks at */
    pending *rep;
    size_t nrep, caprep;
    pdx_buf tmp, tmp2, name;
} bibtex;

/** The record of entry `e`; *out NULL (reported) when it has nothing to
 *  index, or when it is no paper (@set, @xdata).
 *  @return PDX_OK or PDX_ENOMEM */
pdx_status pdx_bibtex__build(pdx_paper **out, bibtex *r, const bib_entry *e);

#endif
