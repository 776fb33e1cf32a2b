/*
 * profile.c — the reader for profile pages: one researcher's page copied
 * from an institute site.
 *
 *   Portrait of Ana Ruiz                  header: the owner's name, roles,
 *   Ana Ruiz                              biography
 *   Professor of Loom Science
 *   Biography
 *   Ana Ruiz studies how looms weave …
 *   Publications                          the list starts
 *   Sparse Weaving for Small Looms        a title
 *   Bo Chen                               the authors, one per line; a line
 *   Carla Diaz … (see 12 more)            may end in "(see N more)" and the
 *   Dmitri Orlov                          rest of the list may follow
 *   We weave sparse patt… (see more)erns  the abstract (one line)
 *   Neural Looms                          the next title: no authors here
 *   Looms learn to weave …                its abstract
 *
 * Titles, author lines and abstracts are told apart by shape and place
 * (shape.h), not by the particular lines of any site:
 *
 *  - an abstract is prose (pdx_shape__prose); it belongs to the entry
 *    whose title came last, or, when that entry already has one, it is a
 *    paper of its own with no title;
 *  - an author line is a name line (pdx_shape__name_line: "Helga K.
 *    Brandvold", "JB Castellanos") right after a title or another author
 *    line, and whose words are not the page's own vocabulary: "Weaving
 *    Neural Patterns" is name-shaped, but its words occur in lower case
 *    in the abstracts, and names do not.  A one-word name inside a
 *    run of them is one too ("Mausam"), and an organisation among them
 *    ("Valdoria Institute") is an affiliation;
 *  - anything else that is title-shaped starts a new entry.  A title
 *    repeated on the next line ("Loom Memory" three times) is
 *    the same entry.  An entry with neither authors nor an abstract is kept
 *    only when it looks like a real title (three words or more) or repeats
 *    one met on the page, so stray lines ("Contact") make no records.
 *
 * The owner — a name line of the header that another header line ends
 * with ("Portrait of Ana Ruiz"), else whose surname the biography
 * mentions, else that opens the page — wrote every paper on the page:
 * when an author list does not name them
 * (pdx_name__compare, so "Ana B. Ruiz" counts), they are added, flagged
 * PDX_AUTHOR_IMPLIED.  An author list cut by "(see N more)" and followed
 * by fewer than N lines is flagged truncated.  Entries repeated on the page
 * are separate records here; the driver merges them (same title, same id).
 *
 * Where the list starts and who the owner is are found first, over the
 * whole page (profile_head.c); read_entries then walks the list one line
 * at a time (read_line), the entry being read as its state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/page.h"
#include "ingest/pagetext.h"
#include "ingest/reader.h"
#include "ingest/shape.h"
#include "text/names.h"
#include "text/text.h"

/* Title-only entries after the last full one that are held to be the
 * page's footer at its end; more than these, and they are a list. */
#define MAX_TAIL 16

typedef struct profile {
    pdx_page_reader base; /* first: the page, its records, its titles */
    const char *owner;    /* a line of the page, or NULL */
    bool any_full;        /* an entry with authors or an abstract was kept */
    size_t tail[MAX_TAIL]; /* lines of the title-only entries kept since */
    size_t tail_n;         /* how many (MAX_TAIL + 1: too many to be a footer) */
} profile;

/* The entry being read. */
typedef struct entry {
    pdx_paper *p;       /* in r->base.entries, or NULL */
    const char *title;  /* its title line */
    size_t line;        /* its first line */
    bool authors_open;  /* author lines may still come */
    bool has_abstract;
    const pdx_page_line *preview; /* its abstract when it ends in "(see more)" */
    unsigned promised;  /* N of "(see N more)", 0 if none */
    unsigned after;     /* author lines after that marker */
    bool row_end;       /* its row's year was read: a line before authors is the next title */
    bool row_venue;     /* a venue and year line came under its title: a row, so a paper */
} entry;

/* A table's column-header row ("Title⇥Cited by⇥Year"): labels, never a
 * paper, nor the title that author lines follow. */
static bool column_labels(const pdx_page_line *l) { return pdx_shape__column_labels(l->s, l->n); }

#define COLUMN_LABELS "a table's column headers (short label cells): not a paper"

/* True when `p` lists someone who can be `name`. */
static bool lists(pdx_status *st, const pdx_paper *p, const pdx_name *owner) {
    bool found = false;
    for (size_t i = 0; i < p->authors.n && !found && !*st; i++) {
        const char *a = pdx_paper__authors(p)[i].name;
        pdx_name cand;
        if ((*st = pdx_name__parse(&cand, a, strlen(a)))) {
            pdx_name__free(&cand);
            break;
        }
        found = pdx_name__compare(owner, &cand) != PDX_NAME_OTHER;
        pdx_name__free(&cand);
    }
    return found;
}

/* True when the line ends in "…" or "...": a preview cut before its
 * "(see more)" link. */
static bool ends_in_ellipsis(const pdx_page_line *l) {
    size_t n = l->n;
    return n >= 3 && (memcmp(l->s + n - 3, "\xE2\x80\xA6", 3) == 0 || memcmp(l->s + n - 3, "...", 3) == 0);
}

/* A page's stamp, a label then a date: "Last updated: January 2024". */
static bool stamp(const char *t, size_t n) {
    const char *colon = memchr(t, ':', n);
    char date[16];
    return colon && pdx_shape__date_line(colon + 1, n - (size_t)(colon + 1 - t), date);
}

/* An entry with neither authors nor abstract: a paper only if it looks
 * like a title, or repeats a title of the page. */
static bool title_only_ok(const profile *r, const entry *e) {
    const char *t = e->title;
    size_t n = strlen(t), seen;
    if (pdx_map__get(&r->base.titles, t, n, &seen))
        return true;
    if (!pdx_shape__title(t, n) || pdx_shape__words(t, n) < 3)
        return false;
    if (stamp(t, n))
        return false;
    return !pdx_shape__name_line(t, n, NULL) || pdx_page__common_words(&r->base.page, t, n) >= 2;
}

/* Closes the entry being read. */
static pdx_status end_entry(profile *r, entry *e, const pdx_name *owner) {
    pdx_status st = PDX_OK;
    pdx_paper *p = e->p;
    if (!p)
        return PDX_OK;
    if (p->authors.n == 0 && !e->has_abstract && !e->row_venue && !title_only_ok(r, e)) {
        pdx_read__note_drop(r->base.ctx, p,
                            "a lone title-like line with no authors nor abstract: not a paper");
        if (stamp(e->title, strlen(e->title)))
            pdx_read__note(r->base.ctx, e->line, PDX_ROLE_CHROME, NULL,
                           "a label and a date, with no authors nor abstract: the page's stamp");
        pdx_page__entry_drop_last(&r->base.entries);
    } else {
        size_t seen;
        if (p->authors.n == 0 && !e->has_abstract && !p->date &&
            !pdx_map__get(&r->base.titles, e->title, strlen(e->title), &seen)) {
            if (r->tail_n < MAX_TAIL)
                r->tail[r->tail_n] = e->line;
            r->tail_n += r->tail_n <= MAX_TAIL;
        } else {
            r->any_full = true;
            r->tail_n = 0;
        }
        if (e->promised > e->after)
            p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
        if (owner && !lists(&st, p, owner) && !st)
            pdx_paper__add_author(&st, p, r->owner, strlen(r->owner), PDX_AUTHOR_IMPLIED);
        if (!st && *e->title)
            st = pdx_map__put(&r->base.titles, e->title, strlen(e->title), 1);
    }
    memset(e, 0, sizeof *e);
    return st;
}

static pdx_status start_entry(profile *r, entry *e, const pdx_page_line *l, const pdx_name *owner,
                              bool with_title) {
    pdx_status st = end_entry(r, e, owner);
    pdx_paper *p = NULL;
    if (!st)
        st = pdx_paper__new(&p);
    if (st)
        return st;
    pdx_paper__add_source(&st, p, r->base.ctx->file, l->no);
    if (with_title)
        pdx_paper__set_title(&st, p, l->s, l->n);
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    if ((st = pdx_page__entry_add(&r->base.entries, p)))
        return st;
    e->p = p;
    e->line = l->no;
    e->title = with_title ? l->s : "";
    e->authors_open = with_title;
    return PDX_OK;
}

/* The names of an author line, as slices of the line. */
#define MAX_NAMES 64
typedef struct names {
    size_t at[MAX_NAMES], len[MAX_NAMES];
    size_t n;
    unsigned more;  /* N of a final "(see N more)", else 0 */
    bool et_al;     /* the line ends in "et al." */
} names;

/* An author line right after a title or another author line
 * (pdx_shape__author_parts), none of whose names is made of the page's
 * own vocabulary. */
static bool author_line(const profile *r, const pdx_page_line *l, names *out) {
    out->n = pdx_shape__author_parts(l->s, l->n, r->base.ctx->know, out->at, out->len, MAX_NAMES,
                                     &out->more, &out->et_al);
    for (size_t k = 0; k < out->n; k++)
        if (pdx_page__common_words(&r->base.page, l->s + out->at[k], out->len[k]) >= 2)
            return false;
    return out->n > 0;
}

/* A name with a word in lower case ("bob Smith", "and Xiao-Ming xu1")
 * where an author line may come: sets at/len to the name without "and "
 * and footnote marks.  Its words must not be the page's vocabulary. */
static bool loose_author(const profile *r, const pdx_page_line *l, size_t *at, size_t *len) {
    size_t a = 0;
    if (l->n > 4 && (memcmp(l->s, "and ", 4) == 0 || memcmp(l->s, "And ", 4) == 0))
        a = 4;
    size_t n = pdx_shape__strip_marks(l->s + a, l->n - a);
    if (!pdx_shape__loose_name(l->s + a, n) || pdx_page__common_words(&r->base.page, l->s + a, n) > 0)
        return false;
    *at = a;
    *len = n;
    return true;
}

/* A line of affiliations among the author lines: "Valdoria Institute",
 * "ETH Zurich, Google Research" (one organisation named as such is
 * enough: "ETH Zurich" alone is name-shaped). */
static bool affiliation_line(const pdx_page_line *l) {
    if (pdx_shape__org_line(l->s, l->n))
        return true;
    size_t i = 0, parts = 0;
    while (i < l->n) {
        const char *c = memchr(l->s + i, ',', l->n - i);
        size_t e = c ? (size_t)(c - l->s) : l->n;
        size_t a = i;
        while (a < e && l->s[a] == ' ')
            a++;
        parts += pdx_shape__org_line(l->s + a, e - a);
        i = e + 1;
    }
    return parts > 0;
}

/* A one-word name ("Mausam") inside a run of author lines: after another
 * author, or before one. */
static bool mononym_in_run(const profile *r, const entry *e, size_t i) {
    const pdx_page_line *l = &r->base.page.lines[i];
    if (pdx_shape__words(l->s, l->n) != 1 || pdx_shape__word(l->s, l->n) != PDX_WS_NAME ||
        pdx_page__common_words(&r->base.page, l->s, l->n) > 0)
        return false;
    if (e->p->authors.n > 0)
        return true;
    size_t j = pdx_profile__next_line(&r->base.page, i + 1);
    names nm;
    return j < r->base.page.n && author_line(r, &r->base.page.lines[j], &nm);
}

/* A line of digits only: a row's count or year cell. */
static bool number_line(const pdx_page_line *l) {
    size_t d = 0;
    while (d < l->n && l->s[d] >= '0' && l->s[d] <= '9')
        d++;
    return d == l->n && d > 0;
}

/* True when line k can end a citation profile's row: a venue line
 * closing with its year (pdx_shape__venue_year), or a number cell alone
 * (the count, the year). */
static bool row_tail(const pdx_page *pg, size_t k) {
    if (k >= pg->n)
        return false;
    const pdx_page_line *l = &pg->lines[k];
    size_t vl;
    return number_line(l) || pdx_shape__venue_year(l->s, l->n, &vl) > 0;
}

/* True when the line after line i is an author line of two names or
 * more, or of one name followed by an abstract or by the end of a
 * table row ("Ana Ruiz" / "Journal of Loom Science, 2019⇥12⇥2019"): line i is then a title
 * whatever its punctuation ("The Source of Turbulence in Disks: An
 * Ill-posed Problem." / "Bo Chen, Ana Ruiz"), if it is made of words and
 * starts like a title (a capital or a digit): a stray line ("zq7 ## 0x3f",
 * "asdf qwer") before a real title is not the title of its authors. */
static bool before_authors(const profile *r, size_t i) {
    const pdx_page *pg = &r->base.page;
    if (!pdx_shape__starts_like_title(pg->lines[i].s, pg->lines[i].n))
        return false;
    size_t j = pdx_profile__next_line(pg, i + 1);
    names nm;
    if (j >= pg->n || !author_line(r, &pg->lines[j], &nm))
        return false;
    if (nm.n >= 2)
        return true;
    size_t k = pdx_profile__next_line(pg, j + 1);
    return k < pg->n && (pg->lines[k].kind == PDX_LINE_PROSE || pg->lines[k].kind == PDX_LINE_NAME ||
                         row_tail(pg, k));
}

/* The year a citation profile shows at the end of a paper's entry, after
 * its authors: a venue line closing with it ("Journal of Loom Science,
 * 2019. [pdf]"), the row's number cells after tabs ("…, 2019⇥152⇥2019"),
 * or the year cell alone after the count cell ("152" / "2019") or after
 * a venue line of the same year.  It is that paper's year, not a heading
 * for the papers below.  0 when line i is none. */
static int entry_year(const profile *r, size_t i, size_t *venue_len) {
    const pdx_page *pg = &r->base.page;
    const pdx_page_line *l = &pg->lines[i];
    int y = pdx_shape__year_line(l->s, l->n);
    if (!y) {
        /* a title ending in a year has its authors on the next line —
         * unless another author line follows them: then the next line
         * is the next title ("Paths, Cluster Algebras and Positivity" is
         * name-shaped too) and this one the venue */
        size_t j = pdx_profile__next_line(pg, i + 1);
        names nm;
        if (!memchr(l->s, '\t', l->n) && j < pg->n && author_line(r, &pg->lines[j], &nm) && nm.n >= 2) {
            size_t k = pdx_profile__next_line(pg, j + 1);
            if (!(k < pg->n && author_line(r, &pg->lines[k], &nm) && nm.n >= 2))
                return 0;
        }
        return pdx_shape__venue_year(l->s, l->n, venue_len);
    }
    *venue_len = 0;
    size_t k = i;
    while (k > 0 && pdx_profile__skip(&pg->lines[k - 1]))
        k--;
    if (k == 0)
        return 0;
    const pdx_page_line *prev = &pg->lines[k - 1];
    size_t d = 0, vl;
    while (d < prev->n && prev->s[d] >= '0' && prev->s[d] <= '9')
        d++;
    if (d == prev->n && !pdx_shape__year_line(prev->s, prev->n))
        return y; /* after the count */
    return pdx_shape__venue_year(prev->s, prev->n, &vl) == y ? y : 0;
}

/* Notes what the lines before the list (`start`) are: the page's owner,
 * the publications heading (line `heading`), the rest of the header. */
static void note_header(profile *r, size_t start, size_t heading) {
    const pdx_page *pg = &r->base.page;
    pdx_read_ctx *cx = r->base.ctx;
    for (size_t i = 0; i < start && i < pg->n; i++) {
        const pdx_page_line *l = &pg->lines[i];
        if (!l->chrome && column_labels(l))
            pdx_page__note(cx, l, PDX_ROLE_HEADER, NULL, COLUMN_LABELS);
        if (pdx_profile__skip(l))
            continue;
        if (l->s == r->owner)
            pdx_page__note(cx, l, PDX_ROLE_HEADER, NULL,
                           "the page's owner: added to every paper that does not name them");
        else if (i == heading)
            pdx_page__note(cx, l, PDX_ROLE_HEADING, NULL, "publications heading: the list starts");
        else
            pdx_page__note(cx, l, PDX_ROLE_HEADER, NULL,
                           "page header before the list (roles, biography, menu)");
    }
}

/* Gives `p` the year of its row as its date: the paper's own, not the
 * section's. */
static void set_row_year(pdx_status *st, pdx_paper *p, int year) {
    char date[16];
    snprintf(date, sizeof date, "%04d", year);
    pdx_paper__set_date(st, p, date, 4);
    p->year = 0;
}

/* Makes line `l` the abstract of the entry, which then takes no more
 * author lines; `why` is the note. */
static void take_abstract(pdx_status *st, profile *r, entry *e, const pdx_page_line *l, const char *why) {
    pdx_page__note(r->base.ctx, l, PDX_ROLE_ABSTRACT, e->p, why);
    pdx_page__set_abstract(st, e->p, l->s, l->n, &r->base.tmp);
    e->has_abstract = true;
    e->authors_open = false;
}

/* Adds one name of an author line to the entry, learns it for the rest
 * of the ingest, and counts it against a "(see N more)". */
static void add_name(pdx_status *st, profile *r, entry *e, const char *s, size_t n) {
    pdx_paper__add_author(st, e->p, s, n, 0);
    if (!*st)
        *st = pdx_read__learn_name(r->base.ctx, s, n);
    if (e->promised)
        e->after++;
}

/* The end of a citation profile's row, under the entry's authors: its
 * venue and year or its year cell, its count cell, or, after the row's
 * year, the next entry's title whatever its shape.  *out says whether
 * line i was one. */
static pdx_status take_row_end(bool *out, profile *r, entry *e, const pdx_name *owner, size_t i) {
    const pdx_page_line *l = &r->base.page.lines[i];
    pdx_read_ctx *cx = r->base.ctx;
    pdx_status st = PDX_OK;
    size_t vl;
    *out = true;
    int year = e->p && e->p->authors.n ? entry_year(r, i, &vl) : 0;
    if (year) {
        if (vl && !e->p->venue)
            pdx_paper__set_venue(&st, e->p, l->s, vl);
        if (!e->p->date)
            set_row_year(&st, e->p, year);
        pdx_page__note(cx, l, vl ? PDX_ROLE_VENUE : PDX_ROLE_DATE, e->p,
                       vl ? "venue and year ending the row of the entry above"
                          : "the row's year (or count) cells, after its venue");
        e->authors_open = false;
        e->row_end = true;
        return st;
    }
    if (e->row_end && !e->authors_open && number_line(l)) {
        /* "152" between "Journal of Loom Science, 2019" and "2019" */
        pdx_page__note(cx, l, PDX_ROLE_DATE, e->p, "the row's count cell, between its venue and year");
        return PDX_OK;
    }
    if (e->row_end && before_authors(r, i)) {
        /* "Are constant loop widths an artifact …?" after a row's
         * year: prose-shaped, but the next paper's title */
        st = start_entry(r, e, l, owner, true);
        if (!st)
            pdx_page__note(cx, l, PDX_ROLE_TITLE, e->p,
                           "after a row's year, followed by author lines: starts an entry");
        return st;
    }
    *out = false;
    return PDX_OK;
}

/* A prose line: the rest of the entry's cut preview, its abstract, or a
 * paper of its own with no title. */
static pdx_status take_prose(profile *r, entry *e, const pdx_name *owner, const pdx_page_line *l) {
    pdx_status st = PDX_OK;
    if (e->p && e->preview) {
        /* the rest of a preview the copy put on its own line:
         * entries here have titles, so prose right after a
         * preview is its rest even when it starts a sentence
         * ("… the case of axions. … (see more)" / "The motivation
         * is …"); page.c joins only lower-case rests */
        pdx_buf both = PDX_BUF_INIT;
        pdx_buf__add(&st, &both, e->preview->s, e->preview->n);
        pdx_buf__add(&st, &both, l->s, l->n);
        if (!st)
            pdx_page__set_abstract(&st, e->p, both.p, both.n, &r->base.tmp);
        pdx_buf__free(&both);
        pdx_page__note(r->base.ctx, l, PDX_ROLE_ABSTRACT, e->p,
                       "rest of the abstract above, cut at its \"(see more)\"");
        e->preview = NULL;
        return st;
    }
    const char *why = !e->p           ? "prose before any title: a paper of its own"
                      : e->has_abstract ? "prose after an abstract: a paper of its own"
                                        : "prose after the entry's title: its abstract";
    if (!e->p || e->has_abstract)
        st = start_entry(r, e, l, owner, false);
    if (!st) {
        take_abstract(&st, r, e, l, why);
        if (l->n >= 10 && memcmp(l->s + l->n - 10, "(see more)", 10) == 0)
            e->preview = l;
    }
    return st;
}

/* Lines whose kind says what they are: headings and year lines (a new
 * section), date and venue lines (page.h's rule gives them to an entry)
 * and prose.  *out says whether line `l` was one. */
static pdx_status take_by_kind(bool *out, profile *r, entry *e, const pdx_name *owner,
                               const pdx_page_line *l) {
    pdx_read_ctx *cx = r->base.ctx;
    pdx_status st = PDX_OK;
    char date[16];
    size_t vl;
    *out = true;
    switch (l->kind) {
    case PDX_LINE_HEADING:
        st = end_entry(r, e, owner);
        pdx_page__entry_section(&r->base.entries, 0);
        pdx_page__note(cx, l, PDX_ROLE_HEADING, NULL, "section heading");
        return st;
    case PDX_LINE_YEAR:
        st = end_entry(r, e, owner);
        pdx_page__entry_section(&r->base.entries, pdx_shape__year_line(l->s, l->n));
        pdx_page__note(cx, l, PDX_ROLE_HEADING, NULL, "year line: a new section");
        return st;
    case PDX_LINE_DATE:
        e->authors_open = false;
        pdx_shape__date_line(l->s, l->n, date);
        pdx_page__take_date(&st, &r->base.entries, l, date);
        return st;
    case PDX_LINE_VENUE:
        e->authors_open = false;
        /* "Journal of Loom Science, 2019" under a title: a row */
        e->row_venue |= e->p && pdx_shape__venue_year(l->s, l->n, &vl) > 0;
        pdx_shape__venue_line(l->s, l->n, &vl);
        pdx_page__take_venue(&st, &r->base.entries, l, vl);
        return st;
    case PDX_LINE_PROSE:
        return take_prose(r, e, owner, l);
    default:
        *out = false;
        return PDX_OK;
    }
}

/* The lines under an entry's title that are about its authors: the
 * title again, an author line, a name with a word in lower case, a
 * one-word name in a run, an affiliation among them.  *out says whether
 * line i was one. */
static pdx_status take_author(bool *out, profile *r, entry *e, size_t i) {
    const pdx_page_line *l = &r->base.page.lines[i];
    pdx_read_ctx *cx = r->base.ctx;
    pdx_status st = PDX_OK;
    names nm;
    size_t la, ll;
    *out = true;
    if (e->p && !e->has_abstract && e->p->authors.n == 0 && strcmp(e->title, l->s) == 0) {
        /* the same title again: one entry */
        pdx_page__note(cx, l, PDX_ROLE_TITLE, e->p, "the same title again: one entry");
    } else if (e->p && e->authors_open && author_line(r, l, &nm)) {
        pdx_page__note(cx, l, PDX_ROLE_AUTHOR, e->p,
                       nm.n > 1 ? "author line (names of people) after the title"
                                : "a name after the title or another author line");
        for (size_t k = 0; k < nm.n && !st; k++)
            add_name(&st, r, e, l->s + nm.at[k], nm.len[k]);
        if (nm.more) {
            e->promised = nm.more;
            e->after = 0;
        }
        if (nm.et_al)
            e->p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
    } else if (e->p && e->authors_open && loose_author(r, l, &la, &ll)) {
        pdx_page__note(cx, l, PDX_ROLE_AUTHOR, e->p,
                       "a name with a word in lower case, after the title or another author line");
        add_name(&st, r, e, l->s + la, ll);
    } else if (e->p && e->authors_open && mononym_in_run(r, e, i)) {
        pdx_page__note(cx, l, PDX_ROLE_AUTHOR, e->p, "a one-word name in a run of authors");
        add_name(&st, r, e, l->s, l->n);
    } else if (e->p && e->authors_open && e->p->authors.n && affiliation_line(l)) {
        /* an affiliation among the author lines */
        pdx_page__note(cx, l, PDX_ROLE_AFFILIATION, e->p, "names an organisation, among the author lines");
        pdx_paper__add_affiliation(&st, e->p, l->s, l->n);
    } else {
        *out = false;
    }
    return st;
}

/* Any other line of the list: a short abstract, a venue and year with no
 * authors after them, a title that starts an entry, or a stray line. */
static pdx_status take_rest(profile *r, entry *e, const pdx_name *owner, size_t i) {
    const pdx_page_line *l = &r->base.page.lines[i];
    pdx_read_ctx *cx = r->base.ctx;
    pdx_status st = PDX_OK;
    size_t vl;
    int year;
    if (e->p && !e->has_abstract && e->p->authors.n && pdx_shape__prose(l->s, l->n, 8) &&
        (pdx_page__ends_sentence(l->s, l->n) || ends_in_ellipsis(l))) {
        /* a short abstract under the authors, its last period after
         * a short word ("… compactified on S2."), or a short preview
         * cut before its link ("… the coadjoint orbits of the Euclide…") */
        take_abstract(&st, r, e, l, "short prose ending a sentence, under the authors");
    } else if ((year = pdx_shape__venue_year(l->s, l->n, &vl)) && !before_authors(r, i)) {
        /* "Nature Physics, 2019" with no authors after it: the venue
         * of the entry above, never a paper of its own */
        bool take = e->p && !e->p->venue && vl;
        if (take)
            pdx_paper__set_venue(&st, e->p, l->s, vl);
        if (take && !e->p->date)
            set_row_year(&st, e->p, year);
        e->row_venue |= take;
        pdx_page__note(cx, l, PDX_ROLE_VENUE, take ? e->p : NULL,
                       take ? "venue and year with no authors after them: the entry above's"
                            : "venue and year with no authors after them: not a paper");
        e->authors_open = false;
    } else if (pdx_profile__titleish(l->kind) || pdx_shape__title(l->s, l->n) || before_authors(r, i)) {
        st = start_entry(r, e, l, owner, true);
        if (!st)
            pdx_page__note(cx, l, PDX_ROLE_TITLE, e->p,
                           pdx_profile__titleish(l->kind) || pdx_shape__title(l->s, l->n)
                               ? "shaped like a title: starts an entry"
                               : "followed by author lines: starts an entry");
    } else if (e->p && !e->has_abstract && pdx_shape__prose(l->s, l->n, 8)) {
        /* a short abstract */
        take_abstract(&st, r, e, l, "short prose after the entry's title");
    } else {
        /* a stray line in the list: it ends the author list */
        pdx_page__note(cx, l, PDX_ROLE_UNCLASSIFIED, NULL,
                       e->p ? "stray line in the list: neither title, author nor abstract"
                            : "stray line before the first entry");
        e->authors_open = false;
    }
    return st;
}

/* One step of the walk over the list: reads line i into the entry being
 * read, `e`, which it may close and start anew. */
static pdx_status read_line(profile *r, entry *e, const pdx_name *owner, size_t i) {
    const pdx_page_line *l = &r->base.page.lines[i];
    if (!l->chrome && l->kind != PDX_LINE_BLANK && column_labels(l)) {
        /* the header row again: a later page of the table */
        pdx_page__note(r->base.ctx, l, PDX_ROLE_HEADER, NULL, COLUMN_LABELS);
        e->authors_open = false;
    }
    if (pdx_profile__skip(l))
        return PDX_OK;
    if (l->kind != PDX_LINE_PROSE)
        e->preview = NULL; /* only the very next line can be its rest */
    bool taken = false;
    pdx_status st;
    if ((st = take_row_end(&taken, r, e, owner, i)) || taken)
        return st;
    if ((st = take_by_kind(&taken, r, e, owner, l)) || taken)
        return st;
    if ((st = take_author(&taken, r, e, i)) || taken)
        return st;
    return take_rest(r, e, owner, i);
}

/* Title-only entries after the last entry with authors or an abstract
 * are the page's footer ("Follow us on Mastodon", "Research Data
 * Policy"): an entry is a title and what makes it one. */
static void drop_footer(profile *r) {
    if (!r->any_full || r->tail_n > MAX_TAIL)
        return;
    pdx_read_ctx *cx = r->base.ctx;
    for (size_t k = r->tail_n; k-- > 0;) {
        pdx_page_entries *en = &r->base.entries;
        pdx_read__note_drop(cx, en->v[en->n - 1], "");
        pdx_page__entry_drop_last(en);
        pdx_read__note(cx, r->tail[k], PDX_ROLE_CHROME, NULL,
                       "a title-like line after the last entry, with no authors nor abstract "
                       "(site footer)");
    }
}

static pdx_status read_entries(pdx_page_reader *b) {
    profile *r = (profile *)b;
    pdx_page *pg = &r->base.page;
    size_t heading;
    size_t start = pdx_profile__list_start(&heading, pg);
    r->owner = pdx_profile__owner(pg, heading < pg->n ? heading : start, r->base.ctx->know);
    pdx_name owner_name = {0}, *owner = NULL;
    pdx_status st = PDX_OK;
    if (r->owner) {
        if ((st = pdx_name__parse(&owner_name, r->owner, strlen(r->owner)))) {
            pdx_name__free(&owner_name);
            return st;
        }
        owner = &owner_name;
    }
    note_header(r, start, heading);
    entry e = {0};
    for (size_t i = start; i < pg->n && !st; i++)
        st = read_line(r, &e, owner, i);
    if (!st)
        st = end_entry(r, &e, owner);
    if (!st)
        drop_footer(r);
    pdx_name__free(&owner_name);
    return st;
}

static pdx_status profile_open(void **out, pdx_read_ctx *ctx) {
    profile *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return PDX_ENOMEM;
    pdx_status st = pdx_page__reader_open(&r->base, ctx, read_entries);
    if (st) {
        pdx_page__reader_close(r);
        return st;
    }
    *out = r;
    return PDX_OK;
}

/* Sniffing: a profile page's abstracts follow their titles or author
 * lines, and its titles are followed by author lines; a stream's abstracts
 * mostly follow one another (pdx_page_stats counts both).
 *
 *   Sparse Weaving with Fewer Threads     title
 *   Bo Chen                               } an author run
 *   Carla Diaz                            }
 *   We show that sparse weaving …         an abstract after a title */
static int profile_sniff(const char *head, size_t n, const char *path) {
    (void)path;
    pdx_page_stats ps;
    pdx_shape__page_stats(&ps, head, n);
    if (ps.listing_dates >= 3)
        return 0;
    int bonus = ps.headings ? 10 : 0;
    if (ps.author_runs >= 1 && ps.bare * 2 <= ps.abstracts)
        return 70 + bonus;
    if (ps.bare == 0 && ps.after_title >= 2)
        return 60 + bonus;
    if (ps.bare == 0 && ps.after_title >= 1 && ps.headings)
        return 55;
    if (ps.author_runs >= 1)
        return 40;
    return 0;
}

const pdx_reader pdx_reader__profile = {
    "profile",
    "a researcher's profile page: name and biography, then titles, author lines, abstracts",
    profile_sniff,
    profile_open,
    pdx_page__reader_next,
    pdx_page__reader_close,
};
