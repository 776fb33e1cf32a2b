/*
 * html.h — saved HTML pages: rendered to the lines a reader of the page
 * would copy (html.c), and paper landing pages read from their metadata
 * (landing.c).  Both serve the "html" reader (html.c).
 *
 * A saved page (File → Save page as, a curl of a profile or listing page)
 * becomes text the way a browser's copy of the rendered page does: block
 * elements start lines, inline elements join, white space collapses,
 * scripts, styles and hidden elements are gone.  That text then goes to
 * the page reader that sniffs best on it (listing, profile, stream, ...),
 * so every page reader reads HTML too.  Each rendered line remembers the
 * line of the HTML source its first text came from, so messages and
 * record sources name FILE:LINE of the HTML.
 */
#ifndef PDX_INGEST_HTML_H
#define PDX_INGEST_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include <gumbo.h>

#include "ingest/reader.h"

/** Deepest nesting of elements read: gumbo frees its tree recursively, so
 *  a page nested deeper (no real page is; hostile ones are) is refused
 *  before parsing (pdx_html__too_deep). */
#define PDX_HTML_MAX_DEPTH 10000

/** A page rendered to text. */
typedef struct pdx_html_text {
    pdx_buf text;  /* the lines, each ending in '\n'; no blank lines */
    size_t *src;   /* src[i]: the HTML source line of rendered line i + 1 */
    size_t n, cap; /* rendered lines */
} pdx_html_text;

/** Renders the tree under `node` into `out` (zeroed first; free it with
 *  pdx_html__text_free on every path).
 *
 *    <ul><li><b>Sparse Looms</b>, <i>A. Weaver</i></li>      Sparse Looms, A. Weaver
 *    <li><span>LG</span><span>Oct 2, 2019</span></li></ul>  LGOct 2, 2019
 *
 *  Block elements (p, div, li, h1-h6, tr, td, dt, dd, section, ...) and
 *  br start new lines; inline ones (a, b, i, span, sup, sub and unknown
 *  tags) join their text with no space unless the source has white space
 *  between them; runs of white space (no-break spaces too) are one space;
 *  pre keeps its line breaks.  head, script, style, noscript, template,
 *  svg, select, iframe and elements hidden by the `hidden` attribute,
 *  aria-hidden="true" or an inline display:none / visibility:hidden
 *  style are dropped.  A row of th cells (a table's column headers) is
 *  one line, its cells after tabs, as a browser's copy gives it.
 *  @return PDX_OK or PDX_ENOMEM */
pdx_status pdx_html__render(pdx_html_text *out, const GumboNode *node);

/** Parses s[0..n) and renders it (for tests and for HTML inside a meta
 *  tag's content).  @return PDX_OK, PDX_EINPUT (nested too deep),
 *  PDX_ENOMEM */
pdx_status pdx_html__render_string(pdx_html_text *out, const char *s, size_t n);

/** Frees a rendering.  Accepts NULL. */
void pdx_html__text_free(pdx_html_text *t);

/** True when s[0..n) opens more than PDX_HTML_MAX_DEPTH elements that are
 *  never closed (counted over the tags, roughly: elements that close
 *  themselves, such as p and li, and void ones are not counted). */
bool pdx_html__too_deep(const char *s, size_t n);

/** The paper records a landing page's metadata makes, in `*out` (an array
 *  of *n records, owned by the caller; NULL and 0 when the page is not a
 *  landing page):
 *
 *   - Highwire / Google Scholar meta tags: citation_title, citation_author
 *     (repeated, "Surname, Given" or "Given Surname"), citation_date,
 *     citation_publication_date, citation_online_date, citation_abstract,
 *     citation_doi, citation_arxiv_id, citation_journal_title,
 *     citation_conference_title, citation_volume, citation_issue,
 *     citation_firstpage, citation_lastpage, citation_pdf_url;
 *   - JSON-LD (<script type="application/ld+json">) objects of @type
 *     ScholarlyArticle or Article (also inside @graph): name or headline,
 *     author ({name} or {givenName, familyName} or a string),
 *     datePublished, abstract or description, identifier and sameAs (DOI,
 *     arXiv), isPartOf's name;
 *   - Dublin Core: DC.title, DC.creator, DC.date, DC.identifier,
 *     DCTERMS.abstract, DC.description.
 *
 *  When they disagree, citation_* wins over JSON-LD, which wins over
 *  Dublin Core, field by field (a field one source lacks comes from the
 *  next).  A page is a landing page when it has citation_title, or one
 *  JSON-LD article with a name, or a DC.title with a DOI, arXiv id or
 *  abstract; a page whose JSON-LD lists several articles (and has no
 *  citation_title) gives one record each.  Records get `file` and the
 *  HTML line of their metadata as source.
 *  @return PDX_OK or PDX_ENOMEM */
pdx_status pdx_html__landing(pdx_paper ***out, size_t *n, pdx_read_ctx *ctx,
                             const GumboNode *root);

/** The html reader's prescan (see pdx_prescan_fn): renders the page and
 *  runs the prescan of the reader its text goes to. */
pdx_status pdx_html__prescan(pdx_read_ctx *ctx);

#endif
