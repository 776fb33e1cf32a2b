/*
 * ids.h — what a pasted paper id means: the index terms to look it up by.
 *
 * People paste ids in many shapes: "arXiv:0704.0001v2",
 * "https://arxiv.org/pdf/0704.0001v1.pdf", "hep-th/9901001",
 * "https://doi.org/10.1103/PhysRevD.76.013009", "doi:10.1103/...", a
 * BibTeX key, or our own id.  The store indexes each paper under its own
 * id ("Q" + id, exact) and under every external id ("XI" + scheme ":" +
 * case-folded value, schema.h); pdx_ids__terms() turns any of those shapes
 * into the terms that would hold it, in tiers: a match in an earlier tier
 * wins, and several papers in one tier make the id ambiguous.  No new
 * terms are needed, so databases made before this module answer too.
 */
#ifndef PDX_IDS_H
#define PDX_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paperdex.h"
#include "util/buf.h"

/* Tiers of look-up terms, tried in this order. */
enum {
    PDX_IDS_OWN = 0,    /* our id exactly as given */
    PDX_IDS_WORK = 1,   /* an arXiv id or a DOI, normalised */
    PDX_IDS_LABEL = 2,  /* a BibTeX key or a source's own id, case-folded */
    PDX_IDS_TIERS = 3
};

/** Canonical arXiv id of `s` (n bytes) when it is one, in any pasted
 *  form: "0704.0001", "0704.0001v2", "arXiv:0704.0001", "arxiv.org/abs/…",
 *  "https://arxiv.org/pdf/0704.0001v1.pdf", "hep-th/9901001",
 *  "math.AG/0101001" (the subject class is dropped, as arXiv does).
 *  @param[out] out  the id without version ("0704.0001", "hep-th/9901001")
 *  @return its length, or 0 when `s` is not an arXiv id (out is then "") */
size_t pdx_ids__arxiv(char out[64], const char *s, size_t n);

/** The DOI in `s` when it is one: bare "10.1000/x", "doi:10.1000/x",
 *  "https://doi.org/…", "http://dx.doi.org/…" (percent escapes decoded).
 *  Appended to `out` as given (not folded).
 *  @return true when `s` is a DOI */
bool pdx_ids__doi(pdx_status *st, pdx_buf *out, const char *s, size_t n);

/** Appends to `out` the index terms that may hold the paper `id` names:
 *  each term NUL-terminated, a tier ending with an empty term, so the
 *  buffer reads "Qx\0\0XIarxiv:0704.0001\0\0XIbibtex:x\0XIid:x\0\0".
 *  Leading and trailing white space of `id` is ignored. */
void pdx_ids__terms(pdx_status *st, pdx_buf *out, const char *id);


/** The documents that pasted `id` names, by the first tier of
 *  pdx_ids__terms() that names any (ascending; several: ambiguous).
 *  @param[out] out    malloc()ed docids, NULL when none
 *  @param[out] n_out  how many (0: none)
 *  @return PDX_OK (also when none) or a database error (message on db) */
pdx_status pdx_db__find_ids(uint32_t **out, size_t *n_out, pdx_db *db, const char *id);

/** Sets db's message to "id ID is ambiguous: N papers have it:" and one
 *  line per candidate (its id and title), and returns PDX_ENOTFOUND. */
pdx_status pdx_db__ambiguous(pdx_db *db, const char *id, const uint32_t *docs, size_t n);

#endif
