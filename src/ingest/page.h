/*
 * page.h — a page copied from a web site, held in memory line by line,
 * with its site chrome marked: what the profile and stream readers read.
 *
 * Site chrome is everything on a page that is not about papers: the
 * navigation, news items, footers, cookie and consent banners.  Two rules
 * find it without knowing any site (pdx_page__mark_chrome):
 *
 *  - template: a line repeated verbatim on two or more pages of the same
 *    ingest, next to the same line above or below it, in the page's header
 *    or footer, is the site's template.  The header is what comes before
 *    the first anchor — a publications heading, or an abstract with a
 *    "(see more)" splice or of 60 words or more — and the footer what
 *    comes after the last.  The prescan (pdx_page__prescan) counts the
 *    pages each pair of neighbouring lines occurs on before any page is
 *    read.  Pairs, not lines: a header repeats in the same order, while a
 *    paper shown on two pages has other neighbours on each.  Anchors and
 *    date, year and venue lines are never template: two pages may well
 *    list the same paper or venue.
 *  - consent: a block of lines speaking about cookies to the reader
 *    ("We use cookies to …", "Functional cookies", "Do you allow the use
 *    of cookies …?") and the short lines inside or next to it
 *    ("Video Embeds", "Accept all") is a consent banner
 *    (pdx_page__consent_line);
 *  - labels: a short line made only of navigation words ("Back to top",
 *    "Contact us", "Read more"), a copyright notice, or a "follow us" or
 *    "share" link (a social network and a follow word, in the EU's
 *    languages: "Follow us on Mastodon", "Folgen Sie uns") is a site
 *    label;
 *  - buttons: next to a banner, a line of up to four words one of which is
 *    a consent verb or noun in one of the EU's languages ("Accept all",
 *    "Alle akzeptieren", "Tout refuser", "Rechazar todo") is its button.
 *
 * page_chrome.c holds these rules and the prescan; page.c the page, its
 * entries and the shared part of the readers.
 */
#ifndef PDX_PAGE_H
#define PDX_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "ingest/reader.h"
#include "ingest/shape.h"

/** The most text a page reader holds; a longer input is not a page (the
 *  rest is reported and skipped). */
#define PDX_PAGE_MAX_BYTES (64u << 20)

typedef struct pdx_page_line {
    char *s;            /* the line without surrounding blanks, NUL-terminated */
    size_t n;
    size_t no;          /* 1-based line number in the file */
    pdx_line_kind kind; /* pdx_shape__classify() */
    bool chrome;        /* template or consent banner: not content */
    const char *why;    /* why it is chrome (static), or NULL */
    size_t rest_no;     /* the line joined onto this one (its rest after a
                           "(see more)" split), or 0 */
    bool joined;        /* this line's text was joined onto the line above */
} pdx_page_line;

typedef struct pdx_page {
    pdx_page_line *lines;
    size_t n, cap;
    pdx_map lower; /* folded words met in lower case in the page's prose */
} pdx_page;

/** Reads every line of ctx->in into `out`, classifies the lines, marks
 *  the chrome (with what ctx->know learned in the prescan) and collects
 *  the prose vocabulary.  `out` is zeroed first; free it with
 *  pdx_page__free() on every path.
 *  @return PDX_OK, PDX_EIO (reported), PDX_ENOMEM */
pdx_status pdx_page__load(pdx_page *out, pdx_read_ctx *ctx);

/** Frees a page.  Accepts NULL. */
void pdx_page__free(pdx_page *pg);

/** The prescan of page readers (see pdx_prescan_fn): counts, in
 *  ctx->know->page_lines, the pages each pair of neighbouring lines occurs
 *  on (a page given twice counts once). */
pdx_status pdx_page__prescan(pdx_read_ctx *ctx);

/** True when the line speaks about cookies to the reader: a cookie word
 *  ("cookie", "cookies", "GDPR", "privacy policy") and, unless the line
 *  is a short heading such as "Functional cookies", words addressed to the
 *  visitor of a site ("you", "accept", "disable", "our website").  Long
 *  lines must say "you" or "your": an abstract about cookies does not. */
bool pdx_page__consent_line(const char *s, size_t n);

/** A site label: a navigation label or copyright notice ("Back to top",
 *  "© 2030 Loom Institute") or a "follow us" / "share" link in one of the
 *  EU's languages ("Follow us on Mastodon", "Suivez-nous", "Volg ons").
 *  @return why it is one (static text), or NULL */
const char *pdx_page__label_line(const char *s, size_t n);

/** True when s[0..n) is chrome by its text alone: a consent line, a site
 *  label, or (when `after_chrome`, the line above being chrome) a consent
 *  button in one of the EU's languages ("Alle akzeptieren", "Tout
 *  refuser").  What the sniffers leave out of their counts. */
bool pdx_page__chrome_text(const char *s, size_t n, bool after_chrome);

/** Marks the template and consent lines of `pg` (see above).  `know` may
 *  be NULL (no template known).
 *  @return the number of lines marked */
size_t pdx_page__mark_chrome(pdx_page *pg, const pdx_ingest_knowledge *know);

/** How many words (3 letters or more) of s[0..n) occur in lower case in
 *  the page's prose: "Neural Loom Flows" on a page whose
 *  abstracts speak of "neural loom flows" has 3, a person's name
 *  normally none. */
size_t pdx_page__common_words(const pdx_page *pg, const char *s, size_t n);

/* ---- entries ----------------------------------------------------------- */

/** The records of one page, in page order, and the rule that gives date
 *  and venue lines to records:
 *
 *    a date or venue line describes the entry it follows: it goes to the
 *    last record started in the same section, unless there is none (the
 *    line comes first after a heading) or that record already has that
 *    field; then it goes to the next record started.
 *
 *  A section ends at a heading or a year line; a year line ("2019") also
 *  gives its year to the records after it that have no date. */
typedef struct pdx_page_entries {
    pdx_paper **v; /* owned; NULL once handed out */
    size_t n, cap;
    size_t next;      /* the next record to hand out */
    pdx_paper *last;  /* the last record started in this section, or NULL */
    char date[16];    /* a date waiting for the next record ("" none) */
    pdx_buf venue;    /* a venue waiting for the next record (n == 0: none) */
    int year;         /* the year heading this section, or 0 */
    pdx_read_ctx *ctx; /* for notes (pdx_read__note), or NULL */
    size_t date_no, venue_no; /* lines of the waiting date and venue */
} pdx_page_entries;

/** Appends `p` (taken over, freed on failure) as the next record of the
 *  page, giving it a waiting date or venue and the section's year. */
pdx_status pdx_page__entry_add(pdx_page_entries *e, pdx_paper *p);
/** Removes the last record added (an entry that turned out not to be a
 *  paper). */
void pdx_page__entry_drop_last(pdx_page_entries *e);
/** A date line (ISO form): to the last record or the next one (above). */
void pdx_page__entry_date(pdx_status *st, pdx_page_entries *e, const char *date);
/** A venue line's venue: to the last record or the next one (above). */
void pdx_page__entry_venue(pdx_status *st, pdx_page_entries *e, const char *s, size_t n);
/** A heading (year 0) or a year line: a new section. */
void pdx_page__entry_section(pdx_page_entries *e, int year);
/** Joins title-less records of the page that are versions of one paper:
 *  abstracts sharing a run of PDX_PAGE_VERSION_RUN consecutive words
 *  (folded) — a site that shows a paper's preprint and its published
 *  abstract, reworded.  The later record merges into the earlier, which
 *  keeps its own abstract. */
pdx_status pdx_page__join_versions(pdx_page_entries *e);
#define PDX_PAGE_VERSION_RUN 12

/** Gives date line `l` (its ISO date `date`) to the entries as
 *  pdx_page__entry_date does, and notes where it went: the entry above,
 *  the next one, or none (a waiting date replaced by another). */
void pdx_page__take_date(pdx_status *st, pdx_page_entries *e, const pdx_page_line *l,
                         const char *date);
/** The same for venue line `l`, whose venue is its first `venue_len` bytes. */
void pdx_page__take_venue(pdx_status *st, pdx_page_entries *e, const pdx_page_line *l,
                          size_t venue_len);

/** Notes what line `l` was taken as (pdx_read__note), and the same for
 *  the line joined onto it, if any. */
void pdx_page__note(pdx_read_ctx *ctx, const pdx_page_line *l, pdx_line_role role,
                    const pdx_paper *p, const char *reason);

/** Hands out the next record (*out NULL at the end). */
void pdx_page__entry_next(pdx_page_entries *e, pdx_paper **out);
/** Frees the records not handed out.  Accepts NULL. */
void pdx_page__entries_free(pdx_page_entries *e);

/** What the profile and stream readers share: the page held in memory,
 *  the records made from it, and the titles kept so far.  A reader's own
 *  struct starts with it, so the reader table's functions can be shared. */
typedef struct pdx_page_reader {
    pdx_read_ctx *ctx;
    pdx_page page;
    pdx_page_entries entries;
    pdx_status read_st; /* a read error met while loading the page */
    pdx_map titles;     /* titles of the records kept so far */
    pdx_buf tmp;
} pdx_page_reader;

/** Loads ctx's page into `r` (which must be zeroed) and makes its records
 *  with `read_entries`.  A read error part-way keeps the lines before it
 *  (the error is returned by the last pdx_page__reader_next). */
pdx_status pdx_page__reader_open(pdx_page_reader *r, pdx_read_ctx *ctx,
                                 pdx_status (*read_entries)(pdx_page_reader *r));
/** The next record (owned by the caller), NULL at the end. */
pdx_status pdx_page__reader_next(void *r, pdx_paper **out);
/** Frees what a page reader holds, and the reader (its first member).
 *  Accepts NULL. */
void pdx_page__reader_close(void *r);

/* ---- profile pages (profile.c, profile_head.c) ------------------------- */

/** A line the profile reader passes over: blank, chrome, or a table's
 *  column-header row ("Title⇥Cited by⇥Year": labels, never a paper, nor
 *  the title that author lines follow). */
static inline bool pdx_profile__skip(const pdx_page_line *l) {
    return l->kind == PDX_LINE_BLANK || l->chrome || pdx_shape__column_labels(l->s, l->n);
}

/** The next line from i on that the profile reader does not pass over
 *  (pdx_profile__skip), or pg->n. */
static inline size_t pdx_profile__next_line(const pdx_page *pg, size_t i) {
    while (i < pg->n && pdx_profile__skip(&pg->lines[i]))
        i++;
    return i;
}

/** A line that can be a title by its kind: title-shaped, or name-shaped
 *  ("Paths, Cluster Algebras and Positivity" is both). */
static inline bool pdx_profile__titleish(pdx_line_kind k) {
    return k == PDX_LINE_TITLE || k == PDX_LINE_NAME;
}

/** Where a profile page's list of papers starts: after the first
 *  publications heading an entry follows (a site menu names the
 *  publications too), else after a table's column-header row, else after
 *  the first heading that does not head prose (not "Biography"), else at the
 *  first title-shaped line followed by author lines or an abstract.
 *  @param[out] heading_out  the heading or header row the list starts
 *                           after, pg->n when none
 *  @return the list's first line (pg->n when there is none) */
size_t pdx_profile__list_start(size_t *heading_out, const pdx_page *pg);

/** The owner of a profile page: a name line of the header (lines before
 *  `end`, chrome left out) that another header line ends with ("Portrait
 *  of Ana Ruiz"), else one whose surname the header's other lines mention
 *  (a biography), else a name line that opens the page (its title).  A
 *  name elsewhere in the header — a news item, a colleague — is never
 *  taken: the owner is added to every paper.
 *  @return the owner's line (pg's text), or NULL */
const char *pdx_profile__owner(const pdx_page *pg, size_t end, const pdx_ingest_knowledge *know);

#endif
