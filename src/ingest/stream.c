/*
 * stream.c — the reader for abstract streams: institute pages that show a
 * run of paper abstracts with no titles or authors, under the site's
 * chrome.
 *
 *   Loom Institute opens a new wing      news items, navigation
 *   We use cookies to … (consent banner) chrome (page.h removes it)
 *   Publications                          an optional heading
 *   Sparse Weaving for Small Looms        a title with no abstract
 *   We weave sparse patt… (see more)erns  an abstract: one paper
 *   Looms learn to weave … (see more)…    another paper
 *   2031-05-04                            a date line   } of the paper above
 *   Proceedings of … (published)          a venue line  } (page.h's rule)
 *
 * After the chrome is gone:
 *
 *  - every abstract is a record: prose with a "(see more)" splice, or of
 *    40 words or more (news items and captions are shorter);
 *  - a title line followed by an abstract is that abstract's title only
 *    when they share words ("Neural Looms" / "… looms learn …"): streams
 *    put title-only entries right before unrelated abstracts;
 *  - a title line not taken by an abstract is a record of its own when it
 *    comes after a heading or an abstract (before them it is a headline of
 *    the site) and before the last abstract (after it, the site's footer),
 *    looks like a title of three words or more, and is not a person's
 *    name;
 *  - a title line followed by short prose that is no abstract is a news
 *    item's headline ("Annual report now available" / "Read about the
 *    year in …"): both are chrome, wherever they stand;
 *  - prose of 25 words or more right after an abstract or its date or
 *    venue line is the next paper's abstract, short;
 *  - other lines (short prose, stray labels) are not papers.
 *
 * A record with no title gets one derived from the abstract's first
 * sentence (pdx_paper__finish, flagged title_derived); the driver merges
 * it with the same paper read elsewhere by the first words of the abstract
 * (pdx_paper__abstract_key).
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/page.h"
#include "ingest/pagetext.h"
#include "ingest/reader.h"
#include "ingest/shape.h"
#include "text/text.h"

/* An abstract without a "(see more)" splice has at least this many words. */
#define MIN_ABSTRACT_WORDS 40

typedef struct stream {
    pdx_page_reader base; /* first: the page, its records, its titles */
} stream;

static bool skip(const pdx_page_line *l) { return l->kind == PDX_LINE_BLANK || l->chrome; }

static bool abstract_line(const pdx_page_line *l) {
    if (l->kind != PDX_LINE_PROSE)
        return false;
    return pdx_shape__has_see_more(l->s, l->n) || pdx_shape__prose(l->s, l->n, MIN_ABSTRACT_WORDS);
}

/* A shorter abstract inside the list (past its heading or another
 * abstract): prose of 25 words or more that speaks like an abstract ("we
 * show", "this paper") or is followed by its date or venue line.  News
 * items in a header are as long but come before the list.
 *   "Single-molecule detection with chemical specificity is … (35 words)"
 *   "April 3, 2007" */
static bool short_abstract(const pdx_page *pg, size_t i) {
    const pdx_page_line *l = &pg->lines[i];
    if (l->kind != PDX_LINE_PROSE)
        return false;
    if (pdx_shape__abstract_cue(l->s, l->n))
        return true;
    size_t j = i + 1;
    while (j < pg->n && skip(&pg->lines[j]))
        j++;
    return j < pg->n && (pg->lines[j].kind == PDX_LINE_DATE || pg->lines[j].kind == PDX_LINE_VENUE);
}

/* The folded content words of s[0..n) (four letters or more, not common
 * function words), space-separated, into `out`. */
static void content_words(pdx_status *st, pdx_buf *out, const char *s, size_t n) {
    pdx_buf k = PDX_BUF_INIT;
    pdx_buf__clear(out);
    pdx_text__key(st, &k, s, n);
    for (size_t i = 0; i < k.n && !*st;) {
        size_t e = i;
        while (e < k.n && k.p[e] != ' ')
            e++;
        if (e - i >= 4 && !pdx_text__is_stopword(k.p + i, e - i)) {
            if (out->n)
                pdx_buf__addc(st, out, ' ');
            pdx_buf__add(st, out, k.p + i, e - i);
        }
        i = e + 1;
    }
    pdx_buf__free(&k);
}

/* True when a title and an abstract share content words: two, or one of a
 * title that has at most two.  Words match on their first five letters, so
 * "memorization" meets "memorizing" and "hypernetworks" "hypernets". */
static bool related(const char *title, size_t tn, const char *abs, size_t an) {
    pdx_status st = PDX_OK;
    pdx_buf t = PDX_BUF_INIT, a = PDX_BUF_INIT;
    content_words(&st, &t, title, tn);
    content_words(&st, &a, abs, an);
    size_t words = 0, shared = 0;
    for (size_t i = 0; i < t.n && !st;) {
        size_t e = i;
        while (e < t.n && t.p[e] != ' ')
            e++;
        size_t len = e - i < 5 ? e - i : 5;
        words++;
        for (size_t j = 0; j < a.n;) {
            size_t f = j;
            while (f < a.n && a.p[f] != ' ')
                f++;
            if (f - j >= len && memcmp(t.p + i, a.p + j, len) == 0) {
                shared++;
                break;
            }
            j = f + 1;
        }
        i = e + 1;
    }
    pdx_buf__free(&t);
    pdx_buf__free(&a);
    return shared >= 2 || (shared >= 1 && words <= 2);
}

/* A title line no abstract took: a paper only if it looks like one. */
static bool title_only_ok(const stream *r, const pdx_page_line *l) {
    size_t seen;
    if (pdx_map__get(&r->base.titles, l->s, l->n, &seen))
        return true;
    if (!pdx_shape__title(l->s, l->n) || pdx_shape__words(l->s, l->n) < 3)
        return false;
    return !pdx_shape__name_line(l->s, l->n, NULL) ||
           pdx_page__common_words(&r->base.page, l->s, l->n) >= 2;
}

static pdx_status add_record(stream *r, const pdx_page_line *title, const pdx_page_line *abs) {
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    if (st)
        return st;
    pdx_paper__add_source(&st, p, r->base.ctx->file, title ? title->no : abs->no);
    if (title) {
        pdx_paper__set_title(&st, p, title->s, title->n);
        if (!st)
            st = pdx_map__put(&r->base.titles, title->s, title->n, 1);
    }
    if (abs)
        pdx_page__set_abstract(&st, p, abs->s, abs->n, &r->base.tmp);
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    pdx_read_ctx *cx = r->base.ctx;
    if (title)
        pdx_page__note(cx, title, PDX_ROLE_TITLE, p,
                       abs ? "title line followed by an abstract that shares its words"
                           : "title-like line with no abstract: a paper of its own");
    if (abs)
        pdx_page__note(cx, abs, PDX_ROLE_ABSTRACT, p,
                       !abstract_line(abs) ? "shorter prose inside the list: it speaks like an abstract, "
                                              "follows another entry or has a date or venue"
                       : pdx_shape__has_see_more(abs->s, abs->n) ? "prose with a \"(see more)\" link"
                                                                : "prose of 40 words or more");
    return pdx_page__entry_add(&r->base.entries, p);
}

/* Makes the waiting title a record if it is one. */
static pdx_status flush(stream *r, const pdx_page_line **pending) {
    const pdx_page_line *t = *pending;
    *pending = NULL;
    if (t && !title_only_ok(r, t))
        pdx_page__note(r->base.ctx, t, PDX_ROLE_UNCLASSIFIED, NULL,
                       "title-like line with no abstract, too short or name-like to be a paper");
    return t && title_only_ok(r, t) ? add_record(r, t, NULL) : PDX_OK;
}

/* Where the walk over a page's lines is. */
typedef struct walk {
    bool content;                 /* past a heading or an abstract */
    const pdx_page_line *pending; /* a title waiting for an abstract */
    bool after_entry;             /* the line above is an abstract, date or venue */
    size_t last_abstract;         /* titles after it are the footer's */
    size_t list_heading;          /* the list's own heading, or 0 */
} walk;

/* Starts the walk over `pg`: finds its last abstract, and the list's
 * heading, the last one before the first abstract: a heading before it
 * ("Publications" in the site's menu) is followed by the header's news,
 * not by papers. */
static void start_walk(walk *out, const pdx_page *pg) {
    memset(out, 0, sizeof *out);
    size_t first_abstract = pg->n;
    for (size_t i = 0; i < pg->n; i++)
        if (!skip(&pg->lines[i]) && abstract_line(&pg->lines[i])) {
            out->last_abstract = i;
            if (first_abstract == pg->n)
                first_abstract = i;
        }
    for (size_t i = 0; i < first_abstract; i++)
        if (!skip(&pg->lines[i]) && pg->lines[i].kind == PDX_LINE_HEADING)
            out->list_heading = i;
}

/* A heading or a year line (line i): a new section, unless it comes
 * before the list's own heading (a site menu's). */
static pdx_status section_line(stream *r, walk *w, const pdx_page_line *l, size_t i) {
    pdx_status st = flush(r, &w->pending);
    pdx_page__entry_section(&r->base.entries,
                            l->kind == PDX_LINE_YEAR ? pdx_shape__year_line(l->s, l->n) : 0);
    w->content |= i >= w->list_heading;
    if (i < w->list_heading)
        pdx_page__note(r->base.ctx, l, PDX_ROLE_CHROME, NULL,
                       "heading before the list's own heading (a site menu's)");
    else
        pdx_page__note(r->base.ctx, l, PDX_ROLE_HEADING, NULL,
                       l->kind == PDX_LINE_YEAR ? "year line: a new section" : "section heading");
    return st;
}

/* A date or venue line: inside the list an entry's (page.h's rule), *out
 * set; before the content a news item's. */
static pdx_status date_venue_line(bool *out, stream *r, walk *w, const pdx_page_line *l) {
    char date[16];
    size_t vl;
    pdx_status st = flush(r, &w->pending);
    *out = false;
    if (l->kind == PDX_LINE_DATE) {
        if (w->content && pdx_shape__date_line(l->s, l->n, date)) {
            pdx_page__take_date(&st, &r->base.entries, l, date);
            *out = true;
        } else {
            pdx_page__note(r->base.ctx, l, PDX_ROLE_CHROME, NULL, "date before the list (a news item's)");
        }
    } else {
        if (w->content && pdx_shape__venue_line(l->s, l->n, &vl)) {
            pdx_page__take_venue(&st, &r->base.entries, l, vl);
            *out = true;
        } else {
            pdx_page__note(r->base.ctx, l, PDX_ROLE_CHROME, NULL, "venue before the list (a news item's)");
        }
    }
    return st;
}

/* Any other line (line i): an abstract (a record, with the waiting title
 * when they share words: *out set), a title (it waits for an abstract), a
 * news item's headline and text, a short abstract right after an entry
 * (*out set), or a line that is no paper. */
static pdx_status body_line(bool *out, stream *r, walk *w, size_t i) {
    const pdx_page *pg = &r->base.page;
    const pdx_page_line *l = &pg->lines[i];
    pdx_status st = PDX_OK;
    *out = false;
    if (abstract_line(l) || (w->content && short_abstract(pg, i))) {
        if (w->pending && related(w->pending->s, w->pending->n, l->s, l->n)) {
            st = add_record(r, w->pending, l);
            w->pending = NULL;
        } else if (!(st = flush(r, &w->pending))) {
            st = add_record(r, NULL, l);
        }
        w->content = true;
        *out = true;
    } else if (w->content && i < w->last_abstract && l->kind != PDX_LINE_PROSE &&
               (l->kind == PDX_LINE_TITLE || l->kind == PDX_LINE_NAME || pdx_shape__title(l->s, l->n))) {
        if (!(st = flush(r, &w->pending)))
            w->pending = l;
    } else if (w->pending && pdx_shape__prose(l->s, l->n, 6)) {
        /* a headline and its text: a news item, not a paper */
        pdx_page__note(r->base.ctx, w->pending, PDX_ROLE_CHROME, NULL,
                       "a headline followed by a short text, not an abstract: a news item");
        pdx_page__note(r->base.ctx, l, PDX_ROLE_CHROME, NULL,
                       "a news item's text under its headline (too short for an abstract)");
        w->pending = NULL;
    } else if (w->content && l->kind == PDX_LINE_PROSE && w->after_entry) {
        /* prose of 25 words or more right after an abstract, its
         * date or its venue: the next paper's abstract, short */
        st = add_record(r, NULL, l);
        *out = true;
    } else {
        st = flush(r, &w->pending);
        bool inside = w->content && i < w->last_abstract;
        pdx_page__note(r->base.ctx, l, inside ? PDX_ROLE_UNCLASSIFIED : PDX_ROLE_CHROME, NULL,
                       inside        ? "inside the list, neither an abstract nor a title"
                       : !w->content ? "before the list (site header, news)"
                                     : "after the last abstract (site footer)");
    }
    return st;
}

/* One step of the walk: reads line i, and remembers whether it was an
 * entry's (an abstract, its date or venue) for the next line. */
static pdx_status read_line(stream *r, walk *w, size_t i) {
    const pdx_page_line *l = &r->base.page.lines[i];
    if (skip(l))
        return PDX_OK;
    bool entry_line = false;
    pdx_status st;
    switch (l->kind) {
    case PDX_LINE_HEADING:
    case PDX_LINE_YEAR:
        st = section_line(r, w, l, i);
        break;
    case PDX_LINE_DATE: /* before the content: a news item's */
    case PDX_LINE_VENUE:
        st = date_venue_line(&entry_line, r, w, l);
        break;
    default:
        st = body_line(&entry_line, r, w, i);
    }
    w->after_entry = entry_line;
    return st;
}

static pdx_status read_entries(pdx_page_reader *b) {
    stream *r = (stream *)b;
    walk w;
    start_walk(&w, &r->base.page);
    pdx_status st = PDX_OK;
    for (size_t i = 0; i < r->base.page.n && !st; i++)
        st = read_line(r, &w, i);
    if (!st)
        st = flush(r, &w.pending);
    if (!st)
        st = pdx_page__join_versions(&r->base.entries);
    return st;
}

static pdx_status stream_open(void **out, pdx_read_ctx *ctx) {
    stream *r = calloc(1, sizeof *r);
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

/* Sniffing: abstracts with no title before them ("bare"), unless the
 * page's titles are followed by author lines and most abstracts by titles
 * (a profile page; see profile_sniff). */
static int stream_sniff(const char *head, size_t n, const char *path) {
    (void)path;
    pdx_page_stats ps;
    pdx_shape__page_stats(&ps, head, n);
    if (ps.listing_dates >= 3 || ps.bare == 0)
        return 0;
    if (ps.author_runs && ps.bare * 2 <= ps.abstracts)
        return 0;
    return ps.bare >= 2 ? 70 : 50;
}

const pdx_reader pdx_reader__stream = {
    "stream",
    "abstract streams: pages of bare abstracts under site chrome, with date and venue lines",
    stream_sniff,
    stream_open,
    pdx_page__reader_next,
    pdx_page__reader_close,
};
