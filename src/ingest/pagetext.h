/*
 * pagetext.h — repairs shared by the readers of pages copied from web
 * sites (listing, profile and stream pages).
 *
 * Sites show a preview of long fields with a "… (see more)" link; copying
 * the page after expanding it splices the preview and the rest:
 *
 *   "Features that hold across environments generalise out of distribut…
 *    (see more)ion, which we test on ..."
 *
 * which must read "distribution".  Author lists do the same with
 * "Ko Tanabe … (see 12 more)".
 */
#ifndef PDX_PAGETEXT_H
#define PDX_PAGETEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "paper.h"
#include "util/buf.h"

/** Appends s[0..n) to `out` with every "… (see more)" / "... (see more)"
 *  marker removed, joining the two sides.  When a marker ends the text,
 *  or the text stops mid-sentence (no closing punctuation), *truncated is
 *  set. */
void pdx_page__unsplice(pdx_status *st, pdx_buf *out, const char *s, size_t n, bool *truncated);

/** Recognises an author line ending in "… (see N more)".
 *  @param[out] name_len  bytes of the name before the marker (trimmed)
 *  @param[out] more      N
 *  @return true when the marker is there */
bool pdx_page__see_n_more(const char *s, size_t n, size_t *name_len, unsigned *more);

/** True when the text ends like a finished sentence ('.', '!', '?', or
 *  one of them followed by closing quotes or brackets), or with a web
 *  address ("… available at https://github.com/x/y"). */
bool pdx_page__ends_sentence(const char *s, size_t n);

/** Sets the abstract of `p` from one line of a page: splices repaired,
 *  LaTeX decoded when there is any, PDX_PAPER_ABSTRACT_TRUNCATED set when
 *  it is cut off.  `tmp` is scratch space. */
void pdx_page__set_abstract(pdx_status *st, pdx_paper *p, const char *s, size_t n, pdx_buf *tmp);

#endif
