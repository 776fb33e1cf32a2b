/*
 * fields.h — what several readers share: lines repaired from Latin-1,
 * text fields with LaTeX decoded, author lists written as one string,
 * DOIs and arXiv ids, dates in the shapes sources write them, and the
 * user's --field-map.
 *
 * The arXiv, JSON Lines, BibTeX and CSV readers all meet "C. Bal\'azs,
 * E. L. Berger and C.-P. Yuan (Fermilab)" or "Mon, 2 Apr 2007 19:18:42
 * GMT"; parsing them in one place keeps a paper read from two formats
 * identical, so the two records merge.
 */
#ifndef PDX_INGEST_FIELDS_H
#define PDX_INGEST_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "ingest/reader.h"

/* ---- lines ------------------------------------------------------------- */

/** Appends s[0..n) decoded as Windows-1252 (the superset of Latin-1 that
 *  WHATWG decodes "latin1" labels as), so every byte becomes a character. */
void pdx_read__latin1(pdx_status *st, pdx_buf *out, const char *s, size_t n);

/** The next line like pdx_input__line(), for readers that called
 *  pdx_input__accept_invalid(in, true): a line that is not UTF-8 is
 *  decoded as Latin-1 (Windows-1252) into `tmp` instead of being lost; a
 *  line holding a NUL byte is reported and skipped.
 *  @return PDX_OK (*line NULL at the end), PDX_EIO, PDX_ENOMEM */
pdx_status pdx_read__line(pdx_read_ctx *ctx, pdx_buf *tmp, const char **line, size_t *n);

/* ---- text -------------------------------------------------------------- */

/** Sets `tmp` to s[0..n) with LaTeX decoded (when it has any) and every
 *  run of white space made one space, trimmed. */
void pdx_read__text(pdx_status *st, pdx_buf *tmp, const char *s, size_t n);

/** Like pdx_read__text(), but always decodes LaTeX: in BibTeX a lone "~"
 *  or "--" is LaTeX too ("J.~Chem. Phys.", "1736--1739"). */
void pdx_read__tex(pdx_status *st, pdx_buf *tmp, const char *s, size_t n);

/** A record setter (pdx_paper__set_title, ...). */
typedef void (*pdx_read_setter)(pdx_status *st, pdx_paper *p, const char *s, size_t n);

/** Sets a field of `p` to pdx_read__text(s); `tmp` is scratch space. */
void pdx_read__set(pdx_status *st, pdx_buf *tmp, pdx_paper *p, pdx_read_setter set,
                   const char *s, size_t n);

/** Sets a field of `p` to pdx_read__tex(s). */
void pdx_read__set_tex(pdx_status *st, pdx_buf *tmp, pdx_paper *p, pdx_read_setter set,
                       const char *s, size_t n);

/** Sets `tmp` to s[0..n) with every run of white space made one space,
 *  trimmed, and nothing decoded: for formats of plain Unicode text (RIS,
 *  CSL-JSON), where "{" and "\\" are the text itself, and where decoding
 *  would change again text that paperdex exported already decoded. */
void pdx_read__plain(pdx_status *st, pdx_buf *tmp, const char *s, size_t n);

/** Sets a field of `p` to pdx_read__plain(s). */
void pdx_read__set_plain(pdx_status *st, pdx_buf *tmp, pdx_paper *p, pdx_read_setter set,
                         const char *s, size_t n);

/* ---- authors ------------------------------------------------------------ */

/** Adds the authors of one author-list string (LaTeX already decoded):
 *
 *    "C. Balázs, E. L. Berger and C.-P. Yuan"      three authors
 *    "Smith, J. and van Driest, E. R."             "Surname, Given" form
 *    "A. Mishchenko (1 and 2) and N. Nagaosa (1) ((1) CREST, (2) RRC)"
 *                                                  numbers dropped, CREST
 *                                                  and RRC affiliations
 *    "V. Biryukov (Serpukhov, IHEP)"               one affiliation
 *    "The BABAR Collaboration, B. Aubert, et al"   "BABAR Collaboration",
 *                                                  B. Aubert, truncated
 *    "LHCb collaboration: R. Aaij, ..."            the colon separates
 *
 *  "et al", "others" and "etc." set PDX_PAPER_AUTHORS_TRUNCATED; names are
 *  learned in ctx's shared knowledge. */
void pdx_read__authors(pdx_status *st, pdx_read_ctx *ctx, pdx_paper *p, const char *s, size_t n);
/** The length of s[0..n) without a closing "et al." ("B. Aubert et al.",
 *  " and others"), 0 when it is nothing else ("et al.", "others"); either
 *  sets p's PDX_PAPER_AUTHORS_TRUNCATED.  For readers whose author lists
 *  come already split (JSON arrays), as pdx_read__authors does for its
 *  items. */
size_t pdx_read__et_al(pdx_paper *p, const char *s, size_t n);

/** Adds one author given as parts (BibTeX's First von Last Jr, arXiv's
 *  authors_parsed): joined as "First von Last Jr" display form, LaTeX
 *  decoded (always: the parts come from BibTeX or arXiv's LaTeX). */
void pdx_read__author_parts(pdx_status *st, pdx_read_ctx *ctx, pdx_paper *p, const char *first,
                            const char *von, const char *last, const char *jr);

/* ---- ids ---------------------------------------------------------------- */

/** Adds a DOI, accepting "10.1000/x", "doi:10.1000/x" and doi.org URLs;
 *  the first of several space-separated DOIs.  False when it is not one. */
bool pdx_read__add_doi(pdx_status *st, pdx_paper *p, const char *s, size_t n);

/** Adds an arXiv id as scheme "arxiv": "0704.0001", "1501.00001",
 *  "math-ph/0509002", "hep-th/9108002"; an "arXiv:" prefix, an
 *  arxiv.org/abs/ URL and a version ("v2") are dropped.  False when it is
 *  not one. */
bool pdx_read__add_arxiv(pdx_status *st, pdx_paper *p, const char *s, size_t n);

/** Adds the first arXiv id written after "arXiv:" somewhere in free text
 *  s ("see arXiv: 2101.00001 [cs.LG]"), as notes and "number" fields of
 *  RIS and CSL-JSON hold them.  s may be NULL; nothing after an error. */
void pdx_read__arxiv_in(pdx_status *st, pdx_paper *p, const char *s);

/** True for an id that reads as a citation key ("ruiz2021",
 *  "Ruiz:EPODD-8-2/3"): a letter, no spaces, braces, commas, quotes or
 *  backslashes, at most 128 bytes, not a URI ("http://zotero.org/users/1/
 *  items/ABCD").  A record number ("1234") is not one. */
bool pdx_read__key_like(const char *s);

/* ---- dates -------------------------------------------------------------- */

/** The month 1..12 of an English month name or abbreviation ("Apr",
 *  "april", "Sept.") or a number "4"; 0 when it is none. */
int pdx_read__month(const char *s, size_t n);

/** Writes the ISO 8601 form of a date as sources write it into `out`
 *  (NUL-terminated): "2007-04-02" from "Mon, 2 Apr 2007 19:18:42 GMT",
 *  "2 Apr 2007", "April 2, 2007", "2007-04-02T10:00Z"; "2007-04" from
 *  "April 2007"; "2007" from "2007".  Returns the length, 0 when no year
 *  is found. */
size_t pdx_read__date(char out[11], const char *s, size_t n);

/* ---- --field-map -------------------------------------------------------- */

/** The record fields a source field can be mapped to. */
typedef enum pdx_field {
    PDX_FIELD_TITLE,
    PDX_FIELD_ABSTRACT,
    PDX_FIELD_AUTHORS,
    PDX_FIELD_YEAR,
    PDX_FIELD_DATE,
    PDX_FIELD_ID,
    PDX_FIELD_DOI,
    PDX_FIELD_ARXIV,
    PDX_FIELD_VENUE,
    PDX_FIELD_CATEGORY,
    PDX_FIELD_COUNT
} pdx_field;

/** Which source field (JSON key, "a.b" path, or CSV column name) feeds
 *  each record field; NULL entries use the reader's own spellings. */
typedef struct pdx_fieldmap {
    char *src[PDX_FIELD_COUNT];
} pdx_fieldmap;

/** The name of a record field ("title", ...), or NULL past the last. */
const char *pdx_field__name(pdx_field f);

/** Parses "title=Title,abstract=Summary,authors=metadata.authors".
 *  @param[out] out     filled on success (free with pdx_fieldmap__free on
 *                      every path; zeroed first)
 *  @param[out] errmsg  on PDX_EINVAL, what is wrong (caller frees)
 *  @return PDX_OK, PDX_EINVAL (unknown field name, missing '=', empty
 *          source), PDX_ENOMEM */
pdx_status pdx_fieldmap__parse(pdx_fieldmap *out, const char *spec, char **errmsg);

/** Frees the map's strings.  Accepts NULL. */
void pdx_fieldmap__free(pdx_fieldmap *fm);

/** The mapped source of `f`, or NULL (no map, or `f` not mapped). */
const char *pdx_fieldmap__get(const pdx_fieldmap *fm, pdx_field f);

#endif
