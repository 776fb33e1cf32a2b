/*
 * export.h — the parts of export.c its unit tests look at on their own:
 * author names split for citation formats, the entry kind, and the keys.
 * The writers themselves are public (pdx_export(), paperdex.h).
 */
#ifndef PDX_EXPORT_H
#define PDX_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "paperdex.h"
#include "util/buf.h"

/** What kind of work a record is, as citation formats tell them apart. */
typedef enum pdx_export_kind {
    PDX_KIND_ARTICLE,     /* a journal article: @article, JOUR, article-journal */
    PDX_KIND_PROCEEDINGS, /* a conference paper: @inproceedings, CONF, paper-conference */
    PDX_KIND_PREPRINT,    /* arXiv only: @misc with eprint, GEN, article */
    PDX_KIND_OTHER        /* nothing to tell: @misc, GEN, article */
} pdx_export_kind;

/** The kind of `p`: a venue that reads like a conference ("Proceedings of",
 *  "Workshop", "NeurIPS") is proceedings, any other venue a journal; no
 *  venue but an arXiv id is a preprint. */
pdx_export_kind pdx_export__kind(const pdx_paper *p);

/** A display name split the way citation formats want it.  Strings point
 *  into `store`. */
typedef struct pdx_export_name {
    pdx_buf store;
    const char *family; /* "de la Vega", "Okafor"; the whole name when literal */
    const char *given;  /* "Ana María", "" when none */
    const char *suffix; /* "Jr.", "" when none */
    bool literal;       /* an organisation ("FOOBAR Collaboration"): one unit */
} pdx_export_name;

/** Splits a display name: "Surname, Given" as written; else the last word
 *  (with lower-case particles before it: "de la", "van der") is the family
 *  name and the rest given names; "Jr."/"III" at the end is a suffix; a
 *  name with "Collaboration", "Consortium", "Group", "Team" or a single
 *  word is literal.  Free with pdx_export__name_free() on every path. */
pdx_status pdx_export__name(pdx_export_name *out, const char *s);
/** Frees a split name.  Accepts NULL. */
void pdx_export__name_free(pdx_export_name *nm);

/** Appends the generated citation key of `p`: folded ASCII surname of the
 *  first author, year (or "nd"), first title word that is not an article
 *  ("okafor2007counting").  The BibTeX key is used instead when there is
 *  one; pdx_export() makes keys unique within one export. */
void pdx_export__base_key(pdx_status *st, pdx_buf *out, const pdx_paper *p);

/** Appends `s` escaped for a BibTeX field value: & % $ # _ { } ~ ^ \
 *  become \&, \%, ..., \textasciitilde{}, \textasciicircum{},
 *  \textbackslash{}; everything else, non-ASCII included, is kept as UTF-8
 *  (biber reads UTF-8; BibTeX passes the bytes through to LaTeX). */
void pdx_export__tex(pdx_status *st, pdx_buf *out, const char *s);

#endif
