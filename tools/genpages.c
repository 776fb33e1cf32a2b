/*
 * genpages.c — renders real paper records as the web pages people copy
 * (listing, profile and stream pages), in many variants, with the ground
 * truth of each, and checks what the page readers make of them.
 *
 *   pdx-genpages [--seed N] [--cases N] [--kind listing|profile|stream|labelled|table]
 *                [--html] [--keep DIR] [--show N] [--min RATE] [--max-extra RATE]
 *                [--json] SOURCE...
 *
 * SOURCEs are read with paperdex's own readers (arxiv.jsonl, BibTeX
 * files): every record with a title, authors and a year is a paper the
 * generator can show.  Besides listing, profile and stream pages it
 * writes labelled records (arXiv's listing: an id line, Title:,
 * Authors:, Comments:, Subjects:, the abstract unlabelled; catalogues
 * with Title/Titel/Titre, Year/Jahr/Année, Abstract/Zusammenfassung/
 * Résumé; values wrapped over lines) and a citation profile's table rows
 * (title, authors, venue; a count and a year cell: after tabs, on lines
 * of their own, or the year ending the venue line), saved with --html as
 * a real <table>.  Each case is one page, or two pages of the same
 * list, written to a directory, read back through pdx_ingest (no
 * database) and compared with what was shown: title, authors, year and
 * abstract, the comparison of the seed tests.  The report counts the
 * papers read exactly, overall, by page kind and by variant, and lists
 * the first failures; the exit status is 1 when the exact rate is below
 * --min (default 0.98).
 *
 * The exact rate looks for the papers shown and cannot see a record that
 * is none of them: a news headline, "Follow us on …" or a cookie button
 * read as a paper.  Such extra records are counted too, by what they were
 * made of (site chrome, or a piece of a shown paper: the other half of a
 * failure) and by variant, and the exit status is 1 as well when they are
 * more than --max-extra (default 0.01) of the records read.
 *
 * Why the variants: the readers were written against four pages of three
 * sites.  Pages of other sites differ in everything that is not the
 * paper: where the "… (see more)" marker falls (inside a word, the
 * marker itself cut), how authors are laid out ("and X" alone, "et al.",
 * footnote marks), which chrome surrounds the list (menus, news, cookie
 * banners in three languages, "Load more"), date formats, line endings.
 * A reader that is right for the kind is right for all of them.
 *
 * With --html every page is written as the saved HTML of the same page
 * (page1.html): each line becomes a block, a <br>-separated line of a
 * paragraph or a list item, its text cut into glued inline elements,
 * wrapped across source lines, with entities, a "(see more)" link, and
 * scripts, styles, comments and hidden elements around it.  Its choices
 * draw on a random sequence of their own, so a seed gives the same pages
 * as text and as HTML, and the two rates can be compared.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paperdex.h"

/* ---- records ------------------------------------------------------------ */

typedef struct rec {
    char *title;
    char **authors;
    size_t n_authors;
    char *abstract; /* NULL when the source has none */
    int year, month, day;
} rec;

typedef struct recs {
    rec *v;
    size_t n, cap;
} recs;

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "pdx-genpages: out of memory\n");
        exit(2);
    }
    return p;
}

static char *xstrdup(const char *s) {
    size_t n = strlen(s);
    char *d = xmalloc(n + 1);
    memcpy(d, s, n + 1);
    return d;
}

/* Whitespace runs to one space, trimmed: the readers' own normal form of
 * a line, and how the comparison sees every field. */
static char *squash(const char *s) {
    size_t n = strlen(s);
    char *d = xmalloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool sp = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
        if (sp) {
            if (k && d[k - 1] != ' ')
                d[k++] = ' ';
        } else {
            d[k++] = s[i];
        }
    }
    while (k && d[k - 1] == ' ')
        k--;
    d[k] = '\0';
    return d;
}

static int collect(const pdx_paper *p, void *payload) {
    recs *rs = payload;
    const char *t = pdx_paper_title(p);
    size_t na = pdx_paper_author_count(p);
    const char *date = pdx_paper_date(p);
    if (!t[0] || pdx_paper_title_derived(p) || !na || !pdx_paper_year(p) || strchr(t, '$'))
        return 0;
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? 2 * rs->cap : 256;
        rec *v = realloc(rs->v, rs->cap * sizeof *v);
        if (!v)
            return 1;
        rs->v = v;
    }
    /* author fields that are not one person each ("X et al [A. B. X, …]",
     * "D0 Collaboration") are not what a page shows under a title */
    for (size_t i = 0; i < na; i++) {
        const char *a = pdx_paper_author(p, i);
        if (strpbrk(a, "[]():;0123456789") || strstr(a, "ollaboration") || strlen(a) > 40)
            return 0;
    }
    /* LaTeX is decoded by the page readers and kept by JSON Lines, so
     * the truth of a record with LaTeX in its text is not the record:
     * such records are left out.  Abstracts of a few words ("This
     * paper has been withdrawn") are title-shaped on a page: left off. */
    const char *a = pdx_paper_abstract(p);
    if (strpbrk(t, "{}\\") || (a && strpbrk(a, "{}\\")))
        return 0;
    rec *r = &rs->v[rs->n++];
    memset(r, 0, sizeof *r);
    r->title = squash(t);
    r->authors = xmalloc(na * sizeof *r->authors);
    for (size_t i = 0; i < na; i++)
        r->authors[i] = squash(pdx_paper_author(p, i));
    r->n_authors = na;
    r->abstract = a && !strchr(a, '$') && pdx_paper_abstract(p) && strlen(a) >= 80 ? squash(a) : NULL;
    r->year = pdx_paper_year(p);
    r->month = 1 + (int)(strlen(t) % 12);
    r->day = 1 + (int)(strlen(t) % 28);
    if (date && strlen(date) >= 7 && date[4] == '-' && date[0] != '-') {
        r->year = atoi(date);
        r->month = atoi(date + 5);
    }
    if (date && strlen(date) >= 10)
        r->day = atoi(date + 8);
    if (r->year < 1000 || r->month < 1 || r->month > 12 || r->day < 1 || r->day > 31) {
        rs->n--; /* "--01-27": no year to show */
        free(r->title);
        for (size_t i = 0; i < na; i++)
            free(r->authors[i]);
        free(r->authors);
        free(r->abstract);
        return 0;
    }
    return 0;
}

/* ---- randomness (xorshift64*: the same seed, the same pages) ------------- */

static uint64_t rng_state = 88172645463325252ull;
static uint64_t rnd(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}
static size_t pick(size_t n) { return n ? (size_t)(rnd() % n) : 0; }
static bool chance(unsigned pct) { return pick(100) < pct; }

/* ---- variants ----------------------------------------------------------- */

/* The variants a paper was shown in: what the report counts failures by. */
enum {
    V_LISTING, V_PROFILE, V_STREAM,
    V_MULTIPAGE, V_CRLF, V_TABS, V_HEADING, V_NO_HEADING,
    V_MENU, V_NEWS, V_COOKIE_EN, V_COOKIE_FR, V_COOKIE_DE, V_FOOTER, V_LOAD_MORE,
    V_SPLICE, V_SPLICE_NEXT_LINE, V_SPLICE_NO_ELLIPSIS, V_SPLICE_DOTS,
    V_CUT, V_CUT_MARKER, V_WHOLE, V_NO_ABSTRACT,
    V_AUTH_ONE_PER_LINE, V_AUTH_AND_ALONE, V_AUTH_ET_AL, V_AUTH_SEE_N_MORE,
    V_AUTH_AFFIL, V_AUTH_FOOTNOTE, V_AUTH_COMMA,
    V_TITLE_PERIOD, V_TITLE_COLON, V_TITLE_DIGIT, V_TITLE_ROMAN, V_TITLE_LATEX,
    V_DATE_ISO, V_DATE_MONTH_DAY, V_DATE_DAY_MONTH, V_DATE_MONTH_YEAR, V_DATE_ABBR,
    V_DATE_YEAR_HEADING, V_DATE_NONE, V_VENUE, V_HTML,
    V_LABELLED, V_TABLE, V_LABELS_ARXIV, V_LABELS_EN, V_LABELS_DE, V_LABELS_FR, V_WRAPPED,
    V_ROW_TABS, V_ROW_CELL_LINES, V_ROW_VENUE_LINE,
    V_COUNT
};
static const char *const vname[V_COUNT] = {
    "listing", "profile", "stream",
    "several pages", "CRLF", "tabs", "heading", "no heading",
    "menu", "news lines", "cookies (en)", "cookies (fr)", "cookies (de)", "footer", "load more",
    "splice in line", "splice, rest on next line", "splice without ellipsis", "splice with ...",
    "cut by marker", "marker itself cut", "whole abstract", "no abstract",
    "authors one per line", "'and X' alone", "et al.", "(see N more)",
    "affiliations", "footnote marks", "authors comma-separated",
    "title with period", "title with colon", "title with number", "title with roman numeral",
    "title with LaTeX",
    "date ISO", "date Month D, YYYY", "date D Month YYYY", "date Month YYYY", "date Mon D, YYYY",
    "year heading", "no date", "venue line", "html",
    "labelled", "table rows", "labels arXiv", "labels en", "labels de", "labels fr", "wrapped values",
    "row cells after tabs", "row cells on lines", "row venue with year",
};

typedef uint64_t vset;
#define V(x) ((vset)1 << (x))

/* What one paper was shown as: the ground truth. */
typedef struct shown {
    const rec *r;
    bool title;          /* the title is on the page */
    size_t n_authors;    /* authors shown (0: none) */
    bool year;           /* the year is on the page */
    char *abstract;      /* what the page tells of the abstract, or NULL */
    vset v;
    unsigned page;       /* 0 or 1 */
} shown;

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void bput(buf *b, const char *s, size_t n) {
    if (n > (SIZE_MAX >> 2) || b->n > (SIZE_MAX >> 2)) {
        fprintf(stderr, "pdx-genpages: out of memory\n");
        exit(2);
    }
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        char *p = realloc(b->p, b->cap);
        if (!p) {
            fprintf(stderr, "pdx-genpages: out of memory\n");
            exit(2);
        }
        b->p = p;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}
static void bstr(buf *b, const char *s) { bput(b, s, strlen(s)); }
static void bfmt(buf *b, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    size_t len = k < 0 ? 0 : (size_t)k;
    if (len >= sizeof tmp)
        len = sizeof tmp - 1;
    bput(b, tmp, len);
}

/* The page being written: lines end with `eol`, and with tabs, start
 * with one. */
typedef struct page {
    buf b;
    const char *eol;
    bool tabs;
} page;

static void line(page *pg, const char *s) {
    if (pg->tabs && chance(30))
        bstr(&pg->b, "\t");
    bstr(&pg->b, s);
    if (pg->tabs && chance(20))
        bstr(&pg->b, " \t");
    bstr(&pg->b, pg->eol);
}

static const char *const MONTHS[] = {"January", "February", "March",     "April",   "May",      "June",
                                     "July",    "August",   "September", "October", "November", "December"};

/* ---- chrome --------------------------------------------------------------- */

static const char *const MENU[] = {"Home", "Research", "People", "Publications", "News", "Events", "Contact",
                                   "About us", "Careers", "Search"};
static const char *const NEWS[][2] = {
    {"Institute opens a new centre for robust machine learning",
     "The new centre brings together forty researchers and will host visiting students from next autumn."},
    {"Annual report 2024 now available",
     "Read about the year in research, teaching and outreach in our annual report."},
    {"Professor named fellow of the Royal Society",
     "The fellowship recognises two decades of work on statistical physics and learning theory."},
    {"Call for proposals: summer school on causal inference",
     "Applications are open until the end of the month for doctoral students and postdocs."},
};
static const char *const COOKIES_EN[] = {
    ("We use cookies to analyse the browsing and usage of our website and to personalise your experience. You can "
     "disable these technologies at any time, but this may limit certain functionalities of the site."),
    "Cookie settings", "Strictly necessary cookies", "Accept all", "Reject all"};
static const char *const COOKIES_FR[] = {
    ("Nous utilisons des cookies pour analyser la navigation sur notre site et personnaliser votre "
     "exp\xC3\xA9rience. Vous pouvez les d\xC3\xA9sactiver \xC3\xA0 tout moment."),
    "Param\xC3\xA8tres des cookies", ("Cookies n\xC3\xA9" "cessaires"), "Tout accepter", "Tout refuser"};
static const char *const COOKIES_DE[] = {
    ("Wir verwenden Cookies, um die Nutzung unserer Website zu analysieren und Ihr Erlebnis zu "
     "personalisieren. Sie k\xC3\xB6nnen diese jederzeit deaktivieren."),
    "Cookie-Einstellungen", "Notwendige Cookies", "Alle akzeptieren", "Alle ablehnen"};
static const char *const FOOTER[] = {"\xC2\xA9 2025 Institute for Advanced Computation. All rights reserved.",
                                     "Privacy policy", "Imprint", "Accessibility", "Follow us on Mastodon"};

static void chrome_header(page *pg, vset v, unsigned variant) {
    if (v & V(V_MENU))
        for (size_t i = 0; i < 7; i++)
            line(pg, MENU[(i + variant) % 10]);
    if (v & V(V_NEWS))
        for (size_t i = 0; i < 2; i++) {
            line(pg, NEWS[(i + variant) % 4][0]);
            line(pg, NEWS[(i + variant) % 4][1]);
        }
    const char *const *ck = v & V(V_COOKIE_FR) ? COOKIES_FR : v & V(V_COOKIE_DE) ? COOKIES_DE
                          : v & V(V_COOKIE_EN) ? COOKIES_EN : NULL;
    if (ck)
        for (size_t i = 0; i < 5; i++)
            line(pg, ck[i]);
}

static void chrome_footer(page *pg, vset v) {
    if (v & V(V_LOAD_MORE))
        line(pg, "Load more");
    if (v & V(V_FOOTER))
        for (size_t i = 0; i < 5; i++)
            line(pg, FOOTER[i]);
}

/* ---- abstracts ---------------------------------------------------------- */

/* A cut position in the abstract: at a character boundary, between 30%
 * and 60% of its length, so that both sides are prose. */
static size_t cut_at(const char *a) {
    size_t n = strlen(a);
    size_t at = n * 3 / 10 + pick(n * 3 / 10 + 1);
    while (at < n && ((unsigned char)a[at] & 0xC0) == 0x80)
        at++;
    return at;
}

/* Writes the abstract of `s` on the page in one of the ways sites show
 * it, and sets s->abstract to what a reader can know of it. */
static void abstract(page *pg, shown *s, bool spliced_site) {
    const char *a = s->r->abstract;
    if (!a) {
        s->v |= V(V_NO_ABSTRACT);
        return;
    }
    buf l = {0};
    /* sites show a preview only of abstracts long enough to need one */
    size_t words = 1;
    for (const char *c = a; *c; c++)
        words += *c == ' ';
    unsigned how = spliced_site && words >= 40 ? (unsigned)pick(10) : 9;
    if (how <= 5) {
        /* "… label cor… (see more)rection and …" */
        size_t at = cut_at(a);
        const char *ell = "\xE2\x80\xA6";
        if (how == 4) {
            /* "star (see more)should": with no ellipsis the space before
             * the link hides whether the cut fell on a space, so the
             * cut falls inside a word */
            while (a[at] && (a[at] == ' ' || (at && a[at - 1] == ' ')))
                at++;
            ell = "";
            s->v |= V(V_SPLICE_NO_ELLIPSIS);
        } else if (how == 5) {
            ell = "...";
            s->v |= V(V_SPLICE_DOTS);
        }
        bput(&l, a, at);
        bstr(&l, ell);
        bstr(&l, " (see more)");
        if (how == 3) {
            /* a line break hides a space: a rest on its own line starts
             * inside a word or right after the space the preview ends in */
            if (a[at] == ' ') {
                l.n = 0;
                bput(&l, a, at + 1);
                bstr(&l, ell);
                bstr(&l, " (see more)");
                at++;
            }
            s->v |= V(V_SPLICE_NEXT_LINE);
            line(pg, l.p);
            l.n = 0;
        } else {
            s->v |= V(V_SPLICE);
        }
        bstr(&l, a + at);
        s->abstract = xstrdup(a);
    } else if (how <= 7) {
        /* "… label cor… (see more)" or the marker itself cut: "… (see mo" */
        static const char marker[] = "\xE2\x80\xA6 (see more)";
        size_t at = cut_at(a);
        bput(&l, a, at);
        size_t keep = sizeof marker - 1;
        if (how == 7) {
            keep = 1 + pick(sizeof marker - 2);
            if (keep < 3)
                keep = 3; /* never half an ellipsis */
            s->v |= V(V_CUT_MARKER);
        } else {
            s->v |= V(V_CUT);
        }
        bput(&l, marker, keep);
        char *pre = xmalloc(at + 1);
        memcpy(pre, a, at);
        pre[at] = '\0';
        s->abstract = squash(pre);
        free(pre);
    } else {
        s->v |= V(V_WHOLE);
        bstr(&l, a);
        s->abstract = xstrdup(a);
    }
    line(pg, l.p);
    free(l.p);
}

/* ---- dates ---------------------------------------------------------------- */

static void date_line(page *pg, shown *s, bool allow_none) {
    const rec *r = s->r;
    unsigned how = (unsigned)pick(allow_none ? 6 : 5);
    char d[64];
    switch (how) {
    case 0: snprintf(d, sizeof d, "%04d-%02d-%02d", r->year, r->month, r->day); s->v |= V(V_DATE_ISO); break;
    case 1: snprintf(d, sizeof d, "%s %d, %d", MONTHS[r->month - 1], r->day, r->year); s->v |= V(V_DATE_MONTH_DAY); break;
    case 2: snprintf(d, sizeof d, "%d %s %d", r->day, MONTHS[r->month - 1], r->year); s->v |= V(V_DATE_DAY_MONTH); break;
    case 3: snprintf(d, sizeof d, "%s %d", MONTHS[r->month - 1], r->year); s->v |= V(V_DATE_MONTH_YEAR); break;
    case 4: snprintf(d, sizeof d, "%.3s %d, %d", MONTHS[r->month - 1], r->day, r->year); s->v |= V(V_DATE_ABBR); break;
    default: s->v |= V(V_DATE_NONE); return;
    }
    s->year = true;
    line(pg, d);
}

/* ---- the three kinds ------------------------------------------------------ */

static size_t words_of(const char *a) {
    size_t w = 1;
    for (const char *c = a; *c; c++)
        w += *c == ' ';
    return w;
}

static const char *const ORGS[] = {"University of Toronto", "Max Planck Institute for Astronomy",
                                   "Google Research", "ETH Zurich"};
static const char *const CATS[] = {"LG", "CL", "AI", "CV", "ML", "RO"};

static void title_variants(shown *s) {
    const char *t = s->r->title;
    if (strchr(t, ':'))
        s->v |= V(V_TITLE_COLON);
    if (strpbrk(t, "0123456789"))
        s->v |= V(V_TITLE_DIGIT);
    if (strchr(t, '\\') || strchr(t, '{'))
        s->v |= V(V_TITLE_LATEX);
    for (const char *p = t; (p = strchr(p, '.')) != NULL; p++)
        if (p[1] == ' ') {
            s->v |= V(V_TITLE_PERIOD);
            break;
        }
    static const char *const roman[] = {" II", " III", " IV", " V.", " VI", " IX", " X.", " XI", NULL};
    for (size_t i = 0; roman[i]; i++)
        if (strstr(t, roman[i]))
            s->v |= V(V_TITLE_ROMAN);
}

/* listing: "LGOct 20, 2023" / "TitleA, B, C et al. · org" / abstract */
static void listing_entry(page *pg, shown *s) {
    const rec *r = s->r;
    char d[64];
    if (chance(85)) {
        snprintf(d, sizeof d, "%s%.3s %d, %d%s", CATS[pick(6)], MONTHS[r->month - 1], r->day, r->year,
                 chance(20) ? "Code" : "");
        s->year = true;
        s->v |= V(V_DATE_ABBR);
    } else {
        snprintf(d, sizeof d, "%s%.3s %d", CATS[pick(6)], MONTHS[r->month - 1], r->day);
        s->v |= V(V_DATE_NONE);
    }
    line(pg, d);
    buf l = {0};
    bstr(&l, r->title);
    size_t na = r->n_authors > 3 ? 3 : r->n_authors;
    for (size_t i = 0; i < na; i++) {
        if (i)
            bstr(&l, ", ");
        bstr(&l, r->authors[i]);
    }
    if (r->n_authors > 3) {
        bstr(&l, " et al.");
        s->v |= V(V_AUTH_ET_AL);
    }
    if (chance(30)) {
        bfmt(&l, " \xC2\xB7 %s", chance(50) ? "openai, stanford" : "mila");
        s->v |= V(V_AUTH_AFFIL);
    }
    s->title = true;
    s->n_authors = na;
    line(pg, l.p);
    free(l.p);
    abstract(pg, s, false);
}

/* profile: title, the authors in one of several layouts, abstract, date */
static void profile_entry(page *pg, shown *s, bool dates) {
    const rec *r = s->r;
    line(pg, r->title);
    s->title = true;
    unsigned how = (unsigned)pick(5);
    size_t na = r->n_authors;
    buf l = {0};
    if (how == 0 && na > 1) {
        /* "A, B, C and D" on one line */
        s->v |= V(V_AUTH_COMMA);
        for (size_t i = 0; i < na; i++) {
            if (i)
                bstr(&l, i + 1 == na ? " and " : ", ");
            bstr(&l, r->authors[i]);
        }
        line(pg, l.p);
    } else if (how == 1 && na > 1) {
        /* one per line, the last as "and D" */
        s->v |= V(V_AUTH_AND_ALONE);
        for (size_t i = 0; i + 1 < na; i++)
            line(pg, r->authors[i]);
        bfmt(&l, "and %s", r->authors[na - 1]);
        line(pg, l.p);
    } else if (how == 2 && na > 4) {
        /* the first three, "… (see N more)" after the third */
        s->v |= V(V_AUTH_SEE_N_MORE);
        line(pg, r->authors[0]);
        line(pg, r->authors[1]);
        bfmt(&l, "%s \xE2\x80\xA6 (see %zu more)", r->authors[2], na - 3);
        line(pg, l.p);
        na = 3;
    } else if (how == 3) {
        /* footnote marks and affiliation numbers: "Ada Lovelace1,2*" */
        s->v |= V(V_AUTH_FOOTNOTE);
        for (size_t i = 0; i < na; i++) {
            l.n = 0;
            bfmt(&l, "%s%s", r->authors[i], i == 0 ? "*" : i % 2 ? "1" : "1,2");
            line(pg, l.p);
        }
    } else {
        s->v |= V(V_AUTH_ONE_PER_LINE);
        for (size_t i = 0; i < na; i++)
            line(pg, r->authors[i]);
    }
    if (chance(20)) {
        /* an affiliation line under the authors: "Google Research, ETH Zurich" */
        l.n = 0;
        size_t o = pick(4);
        bfmt(&l, "%s, %s", ORGS[o], ORGS[(o + 1 + pick(3)) % 4]);
        line(pg, l.p);
        s->v |= V(V_AUTH_AFFIL);
    }
    free(l.p);
    s->n_authors = na;
    abstract(pg, s, true);
    if (dates)
        date_line(pg, s, true);
}

/* stream: abstracts only, with date and venue lines */
static void stream_entry(page *pg, shown *s) {
    abstract(pg, s, true);
    date_line(pg, s, true);
    if (chance(30)) {
        char v[128];
        snprintf(v, sizeof v, "Proceedings of the %dth International Conference on Machine Learning (published)",
                 20 + (int)pick(20));
        line(pg, v);
        s->v |= V(V_VENUE);
    }
}

/* ---- labelled records ------------------------------------------------------ */

/* The label vocabularies: arXiv's listing, then catalogues in English,
 * German and French ("Titre :" with French spacing). */
static const char *const LABELS[4][5] = {
    /* title, authors, year, abstract, last "and" */
    {"Title: ", "Authors: ", NULL, NULL, ", "},
    {"Title: ", "Authors: ", "Year: ", "Abstract: ", " and "},
    {"Titel: ", "Autoren: ", "Jahr: ", "Zusammenfassung: ", " und "},
    {"Titre : ", "Auteurs : ", "Ann\xC3\xA9" "e : ", "R\xC3\xA9sum\xC3\xA9 : ", " et "},
};

/* Writes `label` + `text` as one line or wrapped over several: after a
 * space that does not end a sentence, every 60-90 bytes, the rest maybe
 * indented.  `commas`: wrap only after a comma (an author list). */
static void wrapped(page *pg, const char *label, const char *text, bool wrap, bool commas, vset *v) {
    buf l = {0};
    bstr(&l, label);
    size_t n = strlen(text), from = 0, width = 60 + pick(30);
    bool indent = chance(50);
    for (size_t i = 0; wrap && i < n; i++) {
        bool ok = text[i] == ' ' && i > from + width && i + 20 < n && i &&
                  (commas ? text[i - 1] == ',' : text[i - 1] != '.' && text[i - 1] != '?' &&
                   text[i - 1] != '!' && text[i - 1] != ':' && text[i - 1] != ';');
        if (!ok)
            continue;
        bput(&l, text + from, i - from);
        line(pg, l.p);
        l.n = 0;
        bstr(&l, indent ? "  " : "");
        from = i + 1;
        *v |= V(V_WRAPPED);
    }
    bstr(&l, text + from);
    line(pg, l.p);
    free(l.p);
}

/* labelled: an arXiv listing's id line, Title:, Authors:, Comments:,
 * Subjects: and the abstract without a label; or a catalogue's Title:,
 * Authors:, Year:, Abstract: in one of three languages. */
static void labelled_entry(page *pg, shown *s, unsigned vocab, size_t no) {
    const rec *r = s->r;
    const char *const *lb = LABELS[vocab];
    bool wrap = chance(40);
    s->title = true;
    s->n_authors = r->n_authors;
    if (vocab == 0) {
        char id[96];
        if (r->year >= 2000)
            snprintf(id, sizeof id, "[%zu]  arXiv:%02d%02d.%05zu [pdf, %s]", no, r->year % 100, r->month,
                     1000 + pick(90000), chance(50) ? "ps, other" : "other");
        else
            snprintf(id, sizeof id, "arXiv:hep-th/%02d%02d%03zu [pdf]", r->year % 100, r->month, 1 + pick(900));
        s->year = r->year >= 2000;
        line(pg, id);
    }
    wrapped(pg, lb[0], r->title, wrap, false, &s->v);
    buf a = {0};
    for (size_t i = 0; i < r->n_authors; i++) {
        if (i)
            bstr(&a, i + 1 == r->n_authors ? lb[4] : ", ");
        bstr(&a, r->authors[i]);
    }
    wrapped(pg, lb[1], a.p, wrap, true, &s->v);
    free(a.p);
    if (vocab == 0) {
        if (chance(60))
            line(pg, chance(50) ? "Comments: 12 pages, 4 figures" : "Comments: accepted at the workshop");
        line(pg, chance(50) ? "Subjects: Machine Learning (cs.LG)"
                            : "Subjects: High Energy Physics - Phenomenology (hep-ph); Astrophysics (astro-ph)");
    } else if (chance(85)) {
        char y[64];
        unsigned how = (unsigned)pick(3);
        if (how == 0)
            snprintf(y, sizeof y, "%s%d", lb[2], r->year);
        else if (how == 1)
            snprintf(y, sizeof y, "%s%04d-%02d-%02d", vocab == 1 ? "Date: " : lb[2], r->year, r->month, r->day);
        else
            snprintf(y, sizeof y, "%s%s %d, %d", vocab == 1 ? "Published: " : lb[2], MONTHS[r->month - 1],
                     r->day, r->year);
        line(pg, y);
        s->year = true;
    }
    if (r->abstract && chance(80)) {
        wrapped(pg, vocab == 0 ? "" : lb[3], r->abstract, wrap, false, &s->v);
        s->abstract = xstrdup(r->abstract);
    } else {
        s->v |= V(V_NO_ABSTRACT);
    }
}

/* ---- table rows ------------------------------------------------------------ */

static bool html_mode; /* --html */
static buf table_html;  /* with --html, the table page's rows as HTML */

static const char *const VENUES[] = {"Journal of Machine Learning Research 21 (3), 45-67",
                                     "Physical Review D 76, 013009",
                                     "Proceedings of the 37th International Conference on Machine Learning, 112-119",
                                     "Monthly Notices of the Royal Astronomical Society 512 (2), 2001-2019",
                                     "arXiv preprint", "Nature Physics"};

static void html_escaped(buf *b, const char *s);

/* table: a citation profile's row: the title, the authors and the venue
 * in one cell, a count and the year in two more.  As text (a browser's
 * copy) the cells follow the venue after tabs, or stand on lines of their
 * own; or the venue line alone ends in the year ("…, 2019. [pdf]"). */
static void table_entry(page *pg, shown *s) {
    const rec *r = s->r;
    s->title = true;
    s->year = true;
    s->n_authors = r->n_authors;
    line(pg, r->title);
    buf a = {0}, v = {0}, l = {0};
    for (size_t i = 0; i < r->n_authors; i++) {
        if (i)
            bstr(&a, ", ");
        bstr(&a, r->authors[i]);
    }
    line(pg, a.p);
    bfmt(&v, "%s, %d", VENUES[pick(6)], r->year);
    char cites[16] = "";
    if (chance(80))
        snprintf(cites, sizeof cites, "%zu", pick(600));
    unsigned how = (unsigned)pick(3);
    if (how == 0) {
        bfmt(&l, "%s\t%s%s%d", v.p, cites, cites[0] ? "\t" : "", r->year);
        line(pg, l.p);
        s->v |= V(V_ROW_TABS);
    } else if (how == 1) {
        line(pg, v.p);
        if (cites[0])
            line(pg, cites);
        bfmt(&l, "%d", r->year);
        line(pg, l.p);
        s->v |= V(V_ROW_CELL_LINES);
    } else {
        bstr(&l, v.p);
        bstr(&l, chance(50) ? ". [pdf]" : "");
        line(pg, l.p);
        s->v |= V(V_ROW_VENUE_LINE);
    }
    if (html_mode) {
        buf *h = &table_html;
        bstr(h, "<tr class=\"gsc_a_tr\">\n  <td class=\"gsc_a_t\"><a href=\"#\" class=\"gsc_a_at\">");
        html_escaped(h, r->title);
        bstr(h, "</a>\n    <div class=\"gs_gray\">");
        html_escaped(h, a.p);
        bstr(h, "</div>\n    <div class=\"gs_gray\">");
        html_escaped(h, how == 2 ? l.p : v.p);
        bstr(h, "</div></td>\n");
        if (how != 2)
            bfmt(h, "  <td class=\"gsc_a_c\"><a href=\"#\">%s</a></td>\n  <td class=\"gsc_a_y\"><span>%d</span></td>\n",
                 cites, r->year);
        bstr(h, "</tr>\n");
    }
    free(a.p);
    free(v.p);
    free(l.p);
}

/* ---- saved HTML ----------------------------------------------------------- */

/* The HTML choices' own sequence: the text of a page stays the same. */
static uint64_t hrng_state = 0x2545F4914F6CDD1Dull;
static size_t hpick(size_t n) {
    hrng_state ^= hrng_state >> 12;
    hrng_state ^= hrng_state << 25;
    hrng_state ^= hrng_state >> 27;
    return n ? (size_t)((hrng_state * 2685821657736338717ull) % n) : 0;
}
static bool hchance(unsigned pct) { return hpick(100) < pct; }

/* Appends s[0..n) as HTML text: markup characters escaped, some letters
 * as numeric entities, some spaces as a line break and indentation of the
 * source (which the page collapses). */
static void html_text(buf *b, const char *s, size_t n, const char *eol) {
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + len > n)
            len = n - i;
        if (c == '&')
            bstr(b, hchance(50) ? "&amp;" : "&#38;");
        else if (c == '<')
            bstr(b, "&lt;");
        else if (c == '>')
            bstr(b, "&gt;");
        else if (c == '"')
            bstr(b, hchance(50) ? "&quot;" : "\"");
        else if (c == ' ' && hchance(4)) {
            bstr(b, eol);
            bstr(b, "      ");
        } else if (c >= 0x80 && len > 1 && hchance(30)) {
            /* the code point as &#N; */
            unsigned cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
            for (size_t k = 1; k < len; k++)
                cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3F);
            bfmt(b, hchance(50) ? "&#%u;" : "&#x%X;", cp);
        } else {
            bput(b, s + i, len);
        }
        i += len;
    }
}

/* Appends s with markup characters escaped (no random choices). */
static void html_escaped(buf *b, const char *s) {
    for (; *s; s++) {
        if (*s == '&')
            bstr(b, "&amp;");
        else if (*s == '<')
            bstr(b, "&lt;");
        else if (*s == '>')
            bstr(b, "&gt;");
        else
            bput(b, s, 1);
    }
}

/* A line's text cut at a few places into inline elements glued to each
 * other ("<span>LG</span><span>Oct 2, 2019</span>"), its "(see more)"
 * marker a link, as sites write them. */
static void html_inline(buf *b, const char *s, size_t n, const char *eol) {
    static const char *const open[] = {"<span>", "<a href=\"#\">", "<b>", "<em>", "<span class=\"x\">"};
    static const char *const close[] = {"</span>", "</a>", "</b>", "</em>", "</span>"};
    const char *more = NULL;
    for (size_t i = 0; i + 10 <= n && !more; i++)
        if (memcmp(s + i, "(see more)", 10) == 0)
            more = s + i;
    if (more) {
        html_inline(b, s, (size_t)(more - s), eol);
        bstr(b, "<a href=\"#\" class=\"more\">(see more)</a>");
        html_inline(b, more + 10, n - (size_t)(more + 10 - s), eol);
        return;
    }
    size_t at = 0;
    while (at < n) {
        size_t len = n - at;
        if (hchance(40) && len > 8) {
            len = 1 + hpick(len - 1);
            while (at + len < n && ((unsigned char)s[at + len] & 0xC0) == 0x80)
                len++;
        }
        if (hchance(50)) {
            size_t k = hpick(5);
            bstr(b, open[k]);
            html_text(b, s + at, len, eol);
            bstr(b, close[k]);
        } else {
            html_text(b, s + at, len, eol);
        }
        at += len;
    }
}

/* What a page keeps out of sight, between its lines. */
static void html_noise(buf *b, const char *eol) {
    switch (hpick(12)) {
    case 0: bstr(b, "<div hidden>A hidden paragraph about sparse weaving that no visitor sees.</div>"); break;
    case 1: bstr(b, "<span style=\"display: none\">Screen-reader label</span>"); break;
    case 2: bstr(b, "<div aria-hidden=\"true\">Decorative text</div>"); break;
    case 3: bstr(b, "<script>var track = {page: 'publications', n: 3};</script>"); break;
    case 4: bstr(b, "<!-- list item: template v2 -->"); break;
    case 5: bstr(b, "<noscript><p>Please enable JavaScript.</p></noscript>"); break;
    default: return;
    }
    bstr(b, eol);
}

/* The page's text, one line a line, as the saved HTML of that page. */
static void to_html(const buf *text, const char *eol, buf *out) {
    bfmt(out, "<!DOCTYPE html>%s<html lang=\"en\">%s<head>%s<meta charset=\"utf-8\">%s", eol, eol, eol, eol);
    bfmt(out, "<title>Publications</title>%s<style>.x { color: #333 } p { margin: 0 }</style>%s", eol, eol);
    bfmt(out, "<script>window.dataLayer = []; document.write('<p>not shown</p>');</script>%s", eol);
    bfmt(out, "</head>%s<body>%s<main>%s", eol, eol, eol);
    size_t el = strlen(eol);
    bool in_p = false, in_ul = false;
    for (size_t i = 0; i < text->n;) {
        const char *e = strstr(text->p + i, eol);
        size_t n = e ? (size_t)(e - (text->p + i)) : text->n - i;
        const char *s = text->p + i;
        i += n + (e ? el : 0);
        unsigned how = (unsigned)hpick(5);
        if (in_p && how != 0) {
            bstr(out, "</p>");
            bstr(out, eol);
            in_p = false;
        }
        if (in_ul && how != 3) {
            bstr(out, "</ul>");
            bstr(out, eol);
            in_ul = false;
        }
        if (!in_p)
            html_noise(out, eol); /* a block inside a <p> would end it */
        if (how == 0) {
            /* lines of one paragraph, apart by <br> */
            bstr(out, in_p ? "<br>" : "<p>");
            bstr(out, eol);
            in_p = true;
            html_inline(out, s, n, eol);
            continue;
        }
        static const char *const open[] = {"", "<div class=\"item\">", "<h3>", "<li>", "<div><div>"};
        static const char *const close[] = {"", "</div>", "</h3>", "</li>", "</div></div>"};
        if (how == 3 && !in_ul) {
            bstr(out, "<ul class=\"list\">");
            bstr(out, eol);
            in_ul = true;
        }
        bstr(out, hchance(50) ? "  " : "");
        bstr(out, open[how]);
        html_inline(out, s, n, eol);
        bstr(out, close[how]);
        bstr(out, eol);
    }
    if (in_p)
        bstr(out, "</p>");
    if (in_ul)
        bstr(out, "</ul>");
    bfmt(out, "%s</main>%s<footer hidden>hidden footer</footer>%s</body>%s</html>%s", eol, eol, eol, eol, eol);
}

/* ---- one case --------------------------------------------------------------- */

typedef struct kase {
    shown *s;
    size_t n;
    unsigned pages;
    unsigned kind;
    unsigned vocab; /* labelled pages: arXiv's labels, or English, German, French */
    vset v;         /* the variants every paper of the case is shown in */
} kase;

static void write_file(const char *path, const buf *b) {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b->p, 1, b->n, f) != b->n || fclose(f) != 0) {
        fprintf(stderr, "pdx-genpages: %s: %s\n", path, strerror(errno));
        exit(2);
    }
}

/* --kind: one page kind only (0 listing, 1 profile, 2 stream, 3 labelled, 4 table) */
static int only_kind = -1;
static const char *const KINDS[] = {"listing", "profile", "stream", "labelled", "table"};

/* The chrome around a profile's or a stream's list: a menu, news, a
 * cookie banner, a footer, "Load more", a heading or none. */
static vset chrome_variants(unsigned kind) {
    vset v = 0;
    if (chance(50))
        v |= V(V_MENU);
    if (chance(50))
        v |= V(V_NEWS);
    unsigned c = (unsigned)pick(5);
    if (c == 1)
        v |= V(V_COOKIE_EN);
    else if (c == 2)
        v |= V(V_COOKIE_FR);
    else if (c == 3)
        v |= V(V_COOKIE_DE);
    if (chance(40))
        v |= V(V_FOOTER);
    if (chance(30))
        v |= V(V_LOAD_MORE);
    v |= chance(75) || kind == 1 ? V(V_HEADING) : V(V_NO_HEADING);
    return v;
}

/* Draws the case's page kind, label vocabulary, page count and the
 * variants all its papers share (the rest each entry draws). */
static void choose_variants(kase *out) {
    memset(out, 0, sizeof *out);
    out->kind = only_kind >= 0 ? (unsigned)only_kind : (unsigned)pick(5);
    static const unsigned kind_v[] = {V_LISTING, V_PROFILE, V_STREAM, V_LABELLED, V_TABLE};
    vset v = V(kind_v[out->kind]);
    unsigned vocab = out->vocab = (unsigned)pick(4);
    if (out->kind == 3)
        v |= V(vocab == 0 ? V_LABELS_ARXIV : vocab == 1 ? V_LABELS_EN : vocab == 2 ? V_LABELS_DE : V_LABELS_FR);
    out->pages = chance(30) ? 2 : 1;
    if (out->pages == 2)
        v |= V(V_MULTIPAGE);
    if (html_mode)
        v |= V(V_HTML);
    if (chance(20))
        v |= V(V_CRLF);
    if (chance(15))
        v |= V(V_TABS);
    if (out->kind == 1 || out->kind == 2)
        v |= chrome_variants(out->kind);
    out->v = v;
}

/* Draws the papers the case shows (3 to 10, none twice), the second half
 * of them on page 2 of a two-page case. */
static void choose_papers(kase *k, const recs *rs) {
    /* streams show only papers with an abstract */
    size_t want = 3 + pick(8);
    k->s = xmalloc(want * sizeof *k->s);
    for (size_t tries = 0; k->n < want && tries < 100; tries++) {
        const rec *r = &rs->v[pick(rs->n)];
        /* a stream's entry is its abstract: one of fewer than 25 words
         * is as short as the site's news items, which a reader must not
         * take for papers, so streams show longer ones */
        if (k->kind == 2 && (!r->abstract || words_of(r->abstract) < 25))
            continue;
        bool dup = false;
        for (size_t i = 0; i < k->n; i++)
            dup |= k->s[i].r == r;
        if (dup)
            continue;
        shown *s = &k->s[k->n++];
        memset(s, 0, sizeof *s);
        s->r = r;
        s->v = k->v;
        s->page = k->pages == 2 && k->n * 2 > want ? 1 : 0;
    }
}

/* What a page of the case's kind shows above its list: a person's name
 * and biography, a site's header, a catalogue's title, a table's head
 * (with --html the table page is written as HTML of its own). */
static void page_top(page *pg, const kase *k, unsigned variant) {
    vset v = k->v;
    unsigned vocab = k->vocab;
    if (k->kind == 1) {
        line(pg, "Portrait of Ilse Marchetti");
        line(pg, "Ilse Marchetti");
        line(pg, "Associate Professor, Department of Physics");
        if (v & V(V_MENU))
            chrome_header(pg, v & ~(V(V_NEWS)), variant);
        line(pg, "Biography");
        line(pg, "Ilse Marchetti studies how large collections of measurements can be turned into reliable "
                 "knowledge, and has worked on instruments, surveys and the statistics that connect them.");
    } else if (k->kind == 2) {
        chrome_header(pg, v, variant);
    } else if (k->kind == 3) {
        line(pg, vocab == 0 ? "New submissions for Tue, 3 Apr 29" : vocab == 2 ? "Publikationsliste"
                 : vocab == 3 ? "Liste des publications" : "Library catalogue");
        if (chance(50))
            line(pg, "");
    } else if (k->kind == 4) {
        line(pg, "Ilse Marchetti");
        line(pg, "Associate Professor, Department of Physics");
        line(pg, "Title\tCited by\tYear");
        table_html.n = 0;
        bstr(&table_html, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Profile</title></head>\n"
                          "<body>\n<div id=\"gsc_prf_in\">Ilse Marchetti</div>\n"
                          "<div class=\"gsc_prf_il\">Associate Professor, Department of Physics</div>\n"
                          "<table id=\"gsc_a_t\"><thead><tr><th>Title</th><th>Cited by</th><th>Year</th></tr>"
                          "</thead>\n<tbody>\n");
    }
}

/* The list of page `p`: its heading, then each paper shown on it as an
 * entry of the case's kind. */
static void page_list(page *pg, kase *k, unsigned p, bool dates) {
    if (k->v & V(V_HEADING))
        line(pg, p == 0 ? "Publications" : "Publications (page 2)");
    size_t no = 0;
    bool blank = chance(50);
    for (size_t i = 0; i < k->n; i++) {
        shown *s = &k->s[i];
        if (s->page != p)
            continue;
        title_variants(s);
        if (k->kind == 0)
            listing_entry(pg, s);
        else if (k->kind == 1)
            profile_entry(pg, s, dates);
        else if (k->kind == 2)
            stream_entry(pg, s);
        else if (k->kind == 3)
            labelled_entry(pg, s, k->vocab, ++no);
        else
            table_entry(pg, s);
        if (k->kind == 3 && blank)
            line(pg, "");
    }
}

/* What a page shows below its list, then the page written to
 * DIR/pageN.txt (or .html, as HTML with --html). */
static void page_end(page *pg, const kase *k, unsigned p, const char *dir) {
    if (k->kind == 1 || k->kind == 2)
        chrome_footer(pg, k->v);
    if (k->kind == 3 || k->kind == 4)
        line(pg, "Last updated: January 2024");
    if (k->kind == 4)
        bstr(&table_html, "</tbody></table>\n<div>Last updated: January 2024</div>\n</body></html>\n");
    char path[4200];
    snprintf(path, sizeof path, "%s/page%u.%s", dir, p + 1, html_mode ? "html" : "txt");
    if (html_mode && k->kind == 4) {
        write_file(path, &table_html);
    } else if (html_mode) {
        buf h = {0};
        to_html(&pg->b, pg->eol, &h);
        write_file(path, &h);
        free(h.p);
    } else {
        write_file(path, &pg->b);
    }
}

/* Draws a case (its variants, then its papers) and writes its pages to
 * `dir`; every choice comes from the seeded sequence, in this order. */
static void make_case(kase *out, const recs *rs, const char *dir) {
    choose_variants(out);
    choose_papers(out, rs);
    bool dates = chance(50);
    unsigned variant = (unsigned)pick(4);
    for (unsigned p = 0; p < out->pages; p++) {
        page pg = {{0}, out->v & V(V_CRLF) ? "\r\n" : "\n", (out->v & V(V_TABS)) != 0};
        page_top(&pg, out, variant);
        page_list(&pg, out, p, dates);
        page_end(&pg, out, p, dir);
        free(pg.b.p);
    }
}

/* ---- checking ------------------------------------------------------------- */

typedef struct got {
    char **title, **abstract, **authors; /* authors: "A|B|C", implied ones left out */
    int *year;
    size_t n, cap;
} got;

static int keep_got(const pdx_paper *p, void *payload) {
    got *g = payload;
    if (g->n == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 16;
        g->title = realloc(g->title, g->cap * sizeof *g->title);
        g->abstract = realloc(g->abstract, g->cap * sizeof *g->abstract);
        g->authors = realloc(g->authors, g->cap * sizeof *g->authors);
        g->year = realloc(g->year, g->cap * sizeof *g->year);
        if (!g->title || !g->abstract || !g->authors || !g->year)
            return 1;
    }
    g->title[g->n] = pdx_paper_title_derived(p) ? xstrdup("") : squash(pdx_paper_title(p));
    g->abstract[g->n] = squash(pdx_paper_abstract(p) ? pdx_paper_abstract(p) : "");
    buf a = {0};
    bstr(&a, "");
    for (size_t i = 0; i < pdx_paper_author_count(p); i++) {
        if (pdx_paper_author_flags(p, i) & PDX_AUTHOR_IMPLIED)
            continue;
        if (a.n)
            bstr(&a, "|");
        bstr(&a, pdx_paper_author(p, i));
    }
    g->authors[g->n] = a.p;
    g->year[g->n] = pdx_paper_year(p);
    g->n++;
    return 0;
}

static void got_free(got *g) {
    for (size_t i = 0; i < g->n; i++) {
        free(g->title[i]);
        free(g->abstract[i]);
        free(g->authors[i]);
    }
    free(g->title);
    free(g->abstract);
    free(g->authors);
    free(g->year);
}

/* The record read for `s`: the one with its title (listing, profile) or,
 * on a stream, its abstract; SIZE_MAX when none. */
static size_t find(const got *g, const shown *s) {
    for (size_t i = 0; i < g->n; i++)
        if (s->title ? strcmp(g->title[i], s->r->title) == 0
                     : s->abstract && strcmp(g->abstract[i], s->abstract) == 0)
            return i;
    return SIZE_MAX;
}

/* Why `s` was not read exactly, or NULL when it was. */
static const char *mismatch(const got *g, const shown *s, size_t *at) {
    size_t i = *at = find(g, s);
    if (i == SIZE_MAX)
        return s->title ? "title" : "abstract";
    buf a = {0};
    bstr(&a, "");
    for (size_t k = 0; k < s->n_authors; k++) {
        if (a.n)
            bstr(&a, "|");
        bstr(&a, s->r->authors[k]);
    }
    bool ok_auth = strcmp(a.p, g->authors[i]) == 0;
    free(a.p);
    if (!ok_auth)
        return "authors";
    if (s->year && g->year[i] != s->r->year)
        return "year";
    if (strcmp(g->abstract[i], s->abstract ? s->abstract : "") != 0)
        return "abstract";
    return NULL;
}

/* What a record that has none of the titles (or, on streams, abstracts)
 * shown was made of.  The record of a shown paper read with a wrong title
 * ("…at CDF IIA. Abulencia": the first author glued on) is that paper's
 * failure, which the exact rate counts already: it is paired with the
 * paper, one record each, and is no extra.  A second piece of a shown
 * paper (its abstract taken as a paper of its own) is an extra, and so is
 * anything made of the site around the list (a menu, a news item, a
 * footer line, a banner), which only this count sees. */
enum { X_CHROME, X_PIECE, X_COUNT };
static const char *const xname[X_COUNT] = {"site chrome", "piece of a paper shown"};

static bool inside(const char *hay, const char *needle, size_t n) {
    if (!hay || n == 0)
        return false;
    for (const char *h = hay; (h = strchr(h, needle[0])) != NULL; h++)
        if (strncmp(h, needle, n) == 0)
            return true;
    return false;
}

/* The shown paper record r of `g` was made from, or SIZE_MAX (chrome):
 * the one whose title, authors or abstract hold the record's first 24
 * bytes (its whole text when shorter), or whose title it holds.  A paper
 * not read (`unread`, cleared when taken; *paired set) is preferred: that
 * is its misread record. */
static size_t made_from(const got *g, size_t r, const kase *k, bool *unread, bool *paired) {
    *paired = false;
    const char *t = g->title[r][0] ? g->title[r] : g->abstract[r];
    size_t n = strlen(t) < 24 ? strlen(t) : 24, any = SIZE_MAX;
    for (size_t i = 0; i < k->n; i++) {
        const rec *p = k->s[i].r;
        bool from = inside(p->title, t, n) || inside(p->abstract, t, n) ||
                    inside(t, p->title, strlen(p->title));
        for (size_t a = 0; a < p->n_authors && !from; a++) {
            size_t an = strlen(p->authors[a]);
            from = (an >= n && inside(p->authors[a], t, n)) || (an >= 8 && inside(t, p->authors[a], an));
        }
        if (from && unread[i]) {
            unread[i] = false;
            *paired = true;
            return i;
        }
        if (from && any == SIZE_MAX)
            any = i;
    }
    return any;
}

/* ---- options ---------------------------------------------------------------- */

typedef struct opts {
    unsigned long cases, seed, limit; /* limit: --show */
    double min, max_extra;
    const char *keep;
    bool json, html;
    int kind; /* -1: any */
} opts;

/* The options, one row each, for the parser. */
typedef enum { OPT_FLAG, OPT_ULONG, OPT_DOUBLE, OPT_STRING, OPT_KIND } opt_type;
static const struct opt_def {
    const char *name;
    opt_type type;
    size_t at; /* offsetof(opts, field) */
} OPT_DEFS[] = {
    {"--json", OPT_FLAG, offsetof(opts, json)},
    {"--html", OPT_FLAG, offsetof(opts, html)},
    {"--seed", OPT_ULONG, offsetof(opts, seed)},
    {"--cases", OPT_ULONG, offsetof(opts, cases)},
    {"--show", OPT_ULONG, offsetof(opts, limit)},
    {"--min", OPT_DOUBLE, offsetof(opts, min)},
    {"--max-extra", OPT_DOUBLE, offsetof(opts, max_extra)},
    {"--kind", OPT_KIND, offsetof(opts, kind)},
    {"--keep", OPT_STRING, offsetof(opts, keep)},
};

/* Sets option `d` in `out` from `val` (NULL for a flag); false, with a
 * message, for a kind that is none of KINDS. */
static bool set_option(opts *out, const struct opt_def *d, const char *val) {
    char *at = (char *)out + d->at;
    switch (d->type) {
    case OPT_FLAG: *(bool *)at = true; break;
    case OPT_ULONG: *(unsigned long *)at = strtoul(val, NULL, 10); break;
    case OPT_DOUBLE: *(double *)at = strtod(val, NULL); break;
    case OPT_STRING: *(const char **)at = val; break;
    case OPT_KIND:
        *(int *)at = -1;
        for (int k = 0; k < 5; k++)
            if (strcmp(val, KINDS[k]) == 0)
                *(int *)at = k;
        if (*(int *)at < 0) {
            fprintf(stderr, "pdx-genpages: unknown kind %s\n", val);
            return false;
        }
        break;
    }
    return true;
}

/* Reads the options into `out`: the index of the first SOURCE, or 0
 * (message printed) for an unknown option, a bad kind or no SOURCE. */
static int parse_options(opts *out, int argc, char **argv) {
    *out = (opts){.cases = 300, .seed = 1, .limit = 15, .min = 0.98, .max_extra = 0.01, .kind = -1};
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        const struct opt_def *d = NULL;
        for (size_t o = 0; !d && o < sizeof OPT_DEFS / sizeof *OPT_DEFS; o++)
            if (strcmp(argv[i], OPT_DEFS[o].name) == 0 && (OPT_DEFS[o].type == OPT_FLAG || i + 1 < argc))
                d = &OPT_DEFS[o];
        if (!d) {
            fprintf(stderr, "pdx-genpages: unknown option %s\n", argv[i]);
            return 0;
        }
        if (!set_option(out, d, d->type == OPT_FLAG ? NULL : argv[++i]))
            return 0;
    }
    if (i >= argc) {
        fprintf(stderr, "Usage: pdx-genpages [--seed N] [--cases N] [--html] [--keep DIR] [--min RATE] "
                        "[--max-extra RATE] [--kind KIND] [--show N] [--json] SOURCE...\n");
        return 0;
    }
    return i;
}

/* ---- the run ---------------------------------------------------------------- */

/* What the cases add up to, for the report. */
typedef struct tally {
    size_t total, exact, by_total[V_COUNT], by_fail[V_COUNT], shown_fail;
    /* cases whose pages have lines the readers left unclassified (neither
     * chrome nor part of a paper: see parse --explain), and those lines */
    size_t uncl_cases, uncl_lines, by_uncl[V_COUNT], shown_uncl;
    /* records that are none of the papers shown (a news headline read as
     * a paper): the exact rate, which looks for the papers shown, cannot
     * see them */
    size_t extra_records, extra_cases, records, misread, by_xkind[X_COUNT], by_extra[V_COUNT];
} tally;

/* Counts one in `out` for each variant of `v`. */
static void count_variants(size_t *out, vset v) {
    for (unsigned b = 0; b < V_COUNT; b++)
        if (v & V(b))
            out[b]++;
}

/* Reads the records of `sources` into `out`: 0, or 2 (message printed). */
static int load_records(recs *out, char **sources, int n) {
    pdx_ingest *ing = NULL;
    if (pdx_ingest_new(&ing, NULL, NULL))
        return 2;
    for (int i = 0; i < n; i++)
        if (pdx_ingest_add(ing, sources[i])) {
            fprintf(stderr, "pdx-genpages: %s: %s\n", sources[i], pdx_ingest_errmsg(ing));
            return 2;
        }
    pdx_ingest_run(ing, collect, out);
    pdx_ingest_free(ing);
    if (out->n < 20) {
        fprintf(stderr, "pdx-genpages: only %zu usable records\n", out->n);
        return 2;
    }
    return 0;
}

/* Reads the case's pages in `dir` back into `out`, counting (and showing
 * the first --show of) the lines the readers left unclassified: 0, or 2. */
static int read_case(got *out, tally *t, vset case_v, const char *dir, const opts *o) {
    pdx_ingest *in = NULL;
    if (pdx_ingest_new(&in, NULL, NULL) || pdx_ingest_add(in, dir))
        return 2;
    pdx_ingest_run(in, keep_got, out);
    size_t uncl = (size_t)pdx_ingest_summary_get(in)->unclassified;
    if (uncl) {
        t->uncl_cases++;
        t->uncl_lines += uncl;
        count_variants(t->by_uncl, case_v);
        for (size_t u = 0; u < pdx_ingest_unclassified_count(in) && t->shown_uncl < o->limit; u++) {
            const size_t *runs;
            size_t n_runs, lines;
            const char *path = pdx_ingest_unclassified(in, u, &runs, &n_runs, &lines);
            fprintf(o->json ? stderr : stdout, "UNCLASSIFIED %s: %zu line%s from line %zu\n", path,
                    lines, lines == 1 ? "" : "s", runs[0]);
            t->shown_uncl++;
        }
    }
    pdx_ingest_free(in);
    return 0;
}

/* Shows on `f` how paper `sh` of the case in `dir` was misread (`why`,
 * from mismatch(); `at`: its record in `g`, or SIZE_MAX). */
static void show_failure(FILE *f, const shown *sh, const got *g, size_t at, const char *why, const char *dir) {
    fprintf(f, "FAIL %s (%s): %.70s%s\n", dir, why, sh->r->title, sh->title ? "" : " [stream]");
    if (at == SIZE_MAX) {
        fprintf(f, "    not read\n");
    } else if (strcmp(why, "authors") == 0) {
        fprintf(f, "    want:");
        for (size_t k = 0; k < sh->n_authors; k++)
            fprintf(f, "%s%s", k ? "|" : " ", sh->r->authors[k]);
        fprintf(f, "\n    got:  %.300s\n", g->authors[at]);
    } else if (strcmp(why, "year") == 0) {
        fprintf(f, "    want: %d\n    got:  %d\n", sh->r->year, g->year[at]);
    } else {
        const char *w = sh->abstract ? sh->abstract : "", *o = g->abstract[at];
        size_t d = 0;
        while (w[d] && w[d] == o[d])
            d++;
        size_t from = d > 30 ? d - 30 : 0;
        fprintf(f, "    want: …%.80s\n    got:  …%.80s\n", w + from, o + from);
    }
}

/* Compares each paper shown with its record read: marks the records
 * `matched` and the papers `unread`, and counts the exact ones. */
static void score_papers(tally *t, kase *k, const got *g, bool *matched, bool *unread, const char *dir,
                         const opts *o) {
    for (size_t s = 0; s < k->n; s++) {
        shown *sh = &k->s[s];
        size_t at;
        const char *why = mismatch(g, sh, &at);
        if (at != SIZE_MAX)
            matched[at] = true;
        else
            unread[s] = true;
        t->total++;
        count_variants(t->by_total, sh->v);
        if (!why) {
            t->exact++;
        } else {
            count_variants(t->by_fail, sh->v);
            /* with --json the failures go to stderr, the report to stdout */
            if (t->shown_fail++ < o->limit)
                show_failure(o->json ? stderr : stdout, sh, g, at, why, dir);
        }
        free(sh->abstract);
    }
}

/* Counts the records read that match no paper shown: a misread paper's
 * record, or an extra one (chrome, a piece of a paper). */
static void count_extras(tally *t, const kase *k, const got *g, const bool *matched, bool *unread,
                         vset case_v, const char *dir, const opts *o) {
    size_t extra = 0;
    for (size_t r = 0; r < g->n; r++) {
        if (matched[r])
            continue;
        bool paired;
        size_t from = made_from(g, r, k, unread, &paired);
        if (paired) {
            t->misread++; /* the failure of the paper it was made from */
            continue;
        }
        unsigned xk = from == SIZE_MAX ? X_CHROME : X_PIECE;
        t->by_xkind[xk]++;
        count_variants(t->by_extra, case_v);
        if (t->extra_records + extra++ < o->limit)
            fprintf(o->json ? stderr : stdout, "EXTRA %s (%s): %.70s\n", dir, xname[xk],
                    g->title[r][0] ? g->title[r] : g->abstract[r]);
    }
    t->records += g->n;
    t->extra_records += extra;
    t->extra_cases += extra > 0;
}

/* Removes a case's pages and directory. */
static void remove_case(const char *dir) {
    char path[4200];
    for (unsigned p = 1; p <= 2; p++) {
        snprintf(path, sizeof path, "%s/page%u.txt", dir, p);
        unlink(path);
        snprintf(path, sizeof path, "%s/page%u.html", dir, p);
        unlink(path);
    }
    rmdir(dir);
}

/* Case `c`: writes its pages under `root`, reads them back and adds what
 * was read to `t`: 0, or 2 when reading could not start. */
static int run_case(tally *t, const recs *rs, const char *root, unsigned long c, const opts *o) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/case%05lu", root, c);
    mkdir(dir, 0777);
    kase k;
    make_case(&k, rs, dir);
    vset case_v = 0; /* every variant of the case */
    for (size_t s = 0; s < k.n; s++)
        case_v |= k.s[s].v;
    got g = {0};
    if (read_case(&g, t, case_v, dir, o))
        return 2;
    bool *matched = calloc(g.n + 1, sizeof *matched), *unread = calloc(k.n + 1, sizeof *unread);
    if (!matched || !unread)
        return 2;
    score_papers(t, &k, &g, matched, unread, dir, o);
    count_extras(t, &k, &g, matched, unread, case_v, dir, o);
    free(matched);
    free(unread);
    got_free(&g);
    free(k.s);
    if (!o->keep)
        remove_case(dir);
    return 0;
}

/* ---- the report ------------------------------------------------------------- */

static void report_json(const tally *t, unsigned long cases, double rate, double xrate) {
    printf("{\"cases\": %lu, \"papers\": %zu, \"exact\": %zu, \"rate\": %.4f, "
           "\"unclassified_cases\": %zu, \"unclassified_lines\": %zu, \"extra_cases\": %zu, "
           "\"extra_records\": %zu, \"records\": %zu, \"extra_rate\": %.4f, \"misread_records\": %zu, "
           "\"extra_by_kind\": {",
           cases, t->total, t->exact, rate, t->uncl_cases, t->uncl_lines, t->extra_cases, t->extra_records,
           t->records, xrate, t->misread);
    for (unsigned x = 0; x < X_COUNT; x++)
        printf("%s\"%s\": %zu", x ? ", " : "", xname[x], t->by_xkind[x]);
    printf("}, \"by_variant\": {");
    bool first = true;
    for (unsigned b = 0; b < V_COUNT; b++) {
        if (!t->by_total[b])
            continue;
        printf("%s\"%s\": {\"papers\": %zu, \"failed\": %zu, \"unclassified_cases\": %zu, "
               "\"extra_records\": %zu}",
               first ? "" : ", ", vname[b], t->by_total[b], t->by_fail[b], t->by_uncl[b], t->by_extra[b]);
        first = false;
    }
    printf("}}\n");
}

static void report_text(const tally *t, unsigned long cases, double rate, double xrate) {
    printf("%zu of %zu papers exact (%.2f%%) on %lu cases\n", t->exact, t->total, 100 * rate, cases);
    printf("%zu cases with lines not understood (%zu lines)\n", t->uncl_cases, t->uncl_lines);
    printf("%zu cases with records that are no paper shown (%zu of %zu records, %.2f%%:", t->extra_cases,
           t->extra_records, t->records, 100 * xrate);
    for (unsigned x = 0; x < X_COUNT; x++)
        printf("%s %zu %s", x ? "," : "", t->by_xkind[x], xname[x]);
    printf(")\n%zu records of papers shown read with a wrong title (counted as failed)\n", t->misread);
    printf("%-28s %7s %7s %7s %7s %7s\n", "variant", "papers", "failed", "exact%", "uncl.", "extra");
    for (unsigned b = 0; b < V_COUNT; b++)
        if (t->by_total[b])
            printf("%-28s %7zu %7zu %6.1f%% %7zu %7zu\n", vname[b], t->by_total[b], t->by_fail[b],
                   100.0 * (double)(t->by_total[b] - t->by_fail[b]) / (double)t->by_total[b], t->by_uncl[b],
                   t->by_extra[b]);
}

static void free_records(recs *rs) {
    for (size_t r = 0; r < rs->n; r++) {
        free(rs->v[r].title);
        for (size_t a = 0; a < rs->v[r].n_authors; a++)
            free(rs->v[r].authors[a]);
        free(rs->v[r].authors);
        free(rs->v[r].abstract);
    }
    free(rs->v);
}

int main(int argc, char **argv) {
    opts o;
    int i = parse_options(&o, argc, argv);
    if (i == 0)
        return 2;
    html_mode = o.html;
    only_kind = o.kind;
    rng_state ^= o.seed * 0x9E3779B97F4A7C15ull;
    hrng_state ^= o.seed * 0xBF58476D1CE4E5B9ull;
    recs rs = {0};
    if (load_records(&rs, argv + i, argc - i))
        return 2;

    char tmpl[] = "/tmp/pdx-genpages-XXXXXX";
    const char *root = o.keep;
    if (!root && !(root = mkdtemp(tmpl))) {
        fprintf(stderr, "pdx-genpages: mkdtemp: %s\n", strerror(errno));
        return 2;
    }
    mkdir(root, 0777);
    tally t = {0};
    for (unsigned long c = 0; c < o.cases; c++)
        if (run_case(&t, &rs, root, c, &o))
            return 2;
    if (!o.keep)
        rmdir(root);
    double rate = t.total ? (double)t.exact / (double)t.total : 0;
    /* extra records per record read: what a search over the pages would
     * find that is no paper */
    double xrate = t.records ? (double)t.extra_records / (double)t.records : 0;
    if (o.json)
        report_json(&t, o.cases, rate, xrate);
    else
        report_text(&t, o.cases, rate, xrate);
    free_records(&rs);
    free(table_html.p);
    return rate >= o.min && xrate <= o.max_extra ? 0 : 1;
}
