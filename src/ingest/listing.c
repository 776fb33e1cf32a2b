/*
 * listing.c — the reader for listing pages: paper lists copied as text
 * from sites that show, per paper,
 *
 *   LGOct 2, 2019Code                      category, date, optional "Code"
 *   Efficient Graph Generation with ... NetworksRenjie Liao, Yujia Li et al. · mit
 *   <abstract, one or more lines>
 *
 * The second line glues the title to the author list with no separator,
 * and titles end in anything: acronyms ("…of AGIDan Hendrycks"), plurals of
 * acronyms ("…LLMsAliaksandra"), mixed case ("JoLT"), names ("MacKay").
 * The boundary is found by scoring every candidate split (split_title):
 *
 *  - a candidate is a capital letter glued to the character before it (or,
 *    with a penalty, after a space);
 *  - the first author (text up to the first comma) is scored by the shapes
 *    of its words — "Dan", "T.", "Zhi-Xuan", "MacKay" are name-like,
 *    "IDan" and "CarloJack" are not — and by whether its given name and
 *    surname occur in other author lists of the same ingest;
 *  - the title is scored by its last word: a camel-case tail such as
 *    "…FunctionsMatthew" says the split came too late.
 *
 * Names are learned by a prescan from the unambiguous part of every author
 * list (the names after the first comma) of every listing file of the
 * ingest, before any of them is split.
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

/* Lines per block: bounds the memory of the reader whatever the size of
 * the file. */
#define BLOCK_LINES 20000

typedef struct line {
    char *s;
    size_t n;
    size_t no; /* line number in the file */
} line;

typedef struct listing {
    pdx_read_ctx *ctx;
    line *lines;
    size_t n, cap;
    size_t next;   /* index of the next line to parse in the block */
    line carry;    /* a date line read past the end of the block */
    bool eof;
    pdx_buf tmp, abstract;
} listing;

/* s[0..n) without surrounding blanks: pages copied from HTML keep the
 * indentation of their markup ("\tLGOct 2, 2019 \t"). */
static void trim_blanks(const char **s, size_t *n) {
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

static bool is_date_line(const line *l) {
    size_t cl;
    char d[16];
    bool code;
    return l && pdx_shape__listing_date(l->s, l->n, &cl, d, &code);
}

static bool upper(uint32_t c) { return pdx_text__is_upper(c); }
static bool lower(uint32_t c) { return pdx_text__is_lower(c) || (c >= 0x300 && c < 0x370); }

/* ---- scoring a split ---------------------------------------------------- */

/* How much the title's end looks like the end of a title.  Titles end in
 * any shape ("MacKay", "MobileNetV2", "LiDAR"), so this only leans: a tail
 * like "…FunctionsMatthew" (a capitalised word glued to a lower-case one)
 * hints that the split came too late, and the shorter first author such a
 * split leaves is what really rules it out. */
static double title_score(const char *s, size_t n) {
    if (n == 0)
        return -100;
    if (s[n - 1] == ' ' || s[n - 1] == ',')
        return -8;
    /* "…Frolicher Spaces. Part IB. Dugmore, P" + "P. Ntumba": a title
     * does not end in a comma and an initial; the split came too late */
    for (size_t k = 1; k <= 3 && k + 2 <= n; k++)
        if (s[n - k - 2] == ',' && s[n - k - 1] == ' ' && s[n - k] >= 'A' && s[n - k] <= 'Z')
            return -8;
    size_t a = n;
    while (a > 0 && s[a - 1] != ' ')
        a--;
    if (pdx_shape__word(s + a, n - a) != PDX_WS_CAMEL)
        return 0;
    uint32_t prev2 = 0, prev = 0, c;
    for (size_t i = a; i < n;) {
        i += (size_t)pdx_text__decode(s + i, n - i, &c);
        if (lower(prev2) && upper(prev) && lower(c))
            return -1;
        prev2 = prev;
        prev = c;
    }
    return 0;
}

/* Whether s[0..i) ends in a quote that closes a quotation, which a title
 * may end in ("…a \"dynamical temperature\"Vincent Grenard", "…big bang
 * nucleosynthesis''Shunji Matsuura"): a '"' after an odd number of them,
 * LaTeX's '' after a `` or a ', or '”'.  An opening quote starts a word
 * of the title, never a name. */
static bool closes_quote(const char *s, size_t i) {
    if (i >= 3 && memcmp(s + i - 3, "\xE2\x80\x9D", 3) == 0) /* ” */
        return true;
    if (i >= 2 && s[i - 1] == '\'' && s[i - 2] == '\'') {
        for (size_t k = 0; k + 2 < i; k++)
            if (s[k] == '`' || s[k] == '\'')
                return true;
        return false;
    }
    if (i < 2 || s[i - 1] != '"')
        return false;
    size_t quotes = 0;
    for (size_t k = 0; k < i; k++)
        quotes += s[k] == '"';
    return quotes % 2 == 0;
}

/* A first author whose shape scores low ("Jingyun Liang Jr.": a suffix
 * where an initial would end a title) is believed a little more when a
 * full name follows it: 1 when the item after the comma at s[e] scores as
 * one (2 or more), else 0.  (Not enough for a mononym, "Sudha", or "Pieter
 * J. in 't Veld": those stay unsplit.) */
static double next_name_bonus(const char *s, size_t e, size_t n,
                              const pdx_ingest_knowledge *know) {
    if (e >= n)
        return 0;
    size_t a = e + 1;
    while (a < n && s[a] == ' ')
        a++;
    size_t b = a;
    while (b < n && s[b] != ',')
        b++;
    return b > a && pdx_shape__name_score(s + a, b - a, know) >= 2 ? 1 : 0;
}

/* Finds where the author list starts in `s[0..n)` (title and authors glued
 * together); returns n when there seem to be no authors. */
static size_t split_title(const char *s, size_t n, const pdx_ingest_knowledge *know) {
    size_t best = n;
    double best_score = 0.5; /* a split must look like a name at least this much */
    size_t i = 0;
    uint32_t prev = 0;
    while (i < n) {
        uint32_t c;
        int len = pdx_text__decode(s + i, n - i, &c);
        /* a name does not start after a hyphen, bracket or quote, but a
         * title may end in a prime ("…U(1)'S.W. Ham") or a dash pair
         * ("… neutrinos mixing --Ryo Takahashi") */
        bool prime = prev == '\'' && i >= 2 && s[i - 2] == ')';
        bool dashes = prev == '-' && i >= 2 && s[i - 2] == '-';
        bool closing = closes_quote(s, i);
        if (i > 0 && upper(c) && ((!pdx_text__is_dash(prev) && prev != '(' && prev != '"' &&
                                   prev != '/' && prev != '\'') || prime || dashes || closing)) {
            /* the first author runs to the first comma after i */
            size_t e = i;
            while (e < n && s[e] != ',')
                e++;
            double sc = pdx_shape__name_score(s + i, e - i, know) + title_score(s, i) +
                        next_name_bonus(s, e, n, know);
            if (prev == ' ')
                sc -= 3; /* titles and names are normally glued */
            if (prev == '.' && i >= 2 && upper((unsigned char)s[i - 2]))
                sc -= 3; /* inside run-together initials: "…parametersS.V. Molodtsov" */
            if (sc > best_score) {
                best_score = sc;
                best = i;
            }
        }
        prev = c;
        i += (size_t)len;
    }
    return best;
}

/* ---- reading blocks ----------------------------------------------------- */

static void free_lines(listing *r) {
    for (size_t i = 0; i < r->n; i++)
        free(r->lines[i].s);
    r->n = 0;
    r->next = 0;
}

static pdx_status push_line(listing *r, line l) {
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        line *ls = realloc(r->lines, cap * sizeof *ls);
        if (!ls)
            return PDX_ENOMEM;
        r->lines = ls;
        r->cap = cap;
    }
    r->lines[r->n++] = l;
    return PDX_OK;
}

/* Strips " · aff, aff" and " et al." from a glued line; returns the
 * length of the title+authors part. */
static size_t strip_tail(const char *s, size_t n, size_t *aff_at, bool *et_al) {
    static const char dot[] = " \xC2\xB7 "; /* " · " */
    *aff_at = 0;
    *et_al = false;
    for (size_t i = n; i >= 4; i--) {
        if (memcmp(s + i - 4, dot, 4) == 0) {
            *aff_at = i;
            n = i - 4;
            break;
        }
    }
    while (n && s[n - 1] == ' ')
        n--;
    if (n >= 7 && memcmp(s + n - 7, " et al.", 7) == 0) {
        *et_al = true;
        n -= 7;
    } else if (n >= 6 && memcmp(s + n - 6, " et al", 6) == 0) {
        *et_al = true;
        n -= 6;
    }
    return n;
}

/* Removes a "… (see N more)" marker from a glued line into `out`: the
 * names the page shows after it (when the list was expanded) continue the
 * list.
 *
 *   "TitleAna Ruiz, Bo Chen … (see 2 more)Carla Diaz"
 *     → "TitleAna Ruiz, Bo Chen, Carla Diaz", promised 2, after 1
 *
 * A list with fewer names after the marker than it promised is cut. */
static void drop_see_n_more(pdx_status *st, pdx_buf *out, const char *s, size_t n,
                            unsigned *promised, size_t *after) {
    *promised = 0;
    *after = 0;
    for (size_t j = 0; j + 11 <= n; j++) {
        if (memcmp(s + j, "(see ", 5) != 0)
            continue;
        size_t k = j + 5;
        while (k < n && s[k] >= '0' && s[k] <= '9')
            k++;
        if (k == j + 5 || n - k < 6 || memcmp(s + k, " more)", 6) != 0)
            continue;
        size_t end = k + 6, before;
        if (!pdx_page__see_n_more(s, end, &before, promised))
            continue;
        pdx_buf__add(st, out, s, before);
        const char *rest = s + end;
        size_t rn = n - end;
        while (rn && *rest == ' ') {
            rest++;
            rn--;
        }
        if (rn) {
            pdx_buf__adds(st, out, ", ");
            pdx_buf__add(st, out, rest, rn);
            *after = 1;
            for (size_t i = 0; i < rn; i++)
                *after += rest[i] == ',';
        }
        return;
    }
    pdx_buf__add(st, out, s, n);
}

/* Learns the names after the first comma of a glued line: they are
 * separated by ", " and cannot be part of the title. */
static pdx_status learn_glued(pdx_read_ctx *ctx, const char *s, size_t len) {
    pdx_status st = PDX_OK;
    size_t aff;
    bool et;
    size_t n = strip_tail(s, len, &aff, &et);
    const char *c = memchr(s, ',', n);
    while (c && !st) {
        const char *a = c + 1;
        const char *e = memchr(a, ',', n - (size_t)(a - s));
        size_t an = (size_t)((e ? e : s + n) - a);
        if (pdx_shape__name_score(a, an, NULL) >= 1)
            st = pdx_read__learn_name(ctx, a, an);
        c = e;
    }
    return st;
}

/* The prescan: learns the names of every listing file of the ingest
 * before any is split, so a split never depends on the order files are
 * read in, nor on which files a resumed ingest skips. */
pdx_status pdx_listing__prescan(pdx_read_ctx *ctx) {
    pdx_status st = PDX_OK;
    bool after_date = false;
    while (!st) {
        const char *s;
        size_t n;
        if ((st = pdx_input__line(&s, &n, ctx->in, ctx)) || !s)
            break;
        trim_blanks(&s, &n);
        line l = {(char *)s, n, 0};
        if (after_date && !is_date_line(&l))
            st = learn_glued(ctx, s, n);
        after_date = is_date_line(&l);
    }
    return st;
}

static pdx_status load_block(listing *r) {
    free_lines(r);
    pdx_status st = PDX_OK;
    if (r->carry.s) {
        st = push_line(r, r->carry);
        r->carry.s = NULL;
    }
    while (!st && !r->eof) {
        const char *s;
        size_t n;
        if ((st = pdx_input__line(&s, &n, r->ctx->in, r->ctx)))
            break;
        if (!s) {
            r->eof = true;
            break;
        }
        trim_blanks(&s, &n);
        line l = {pdx_strndup(s, n), n, pdx_input__lineno(r->ctx->in)};
        if (!l.s)
            return PDX_ENOMEM;
        if (r->n >= BLOCK_LINES && is_date_line(&l)) {
            r->carry = l;
            break;
        }
        if ((st = push_line(r, l)))
            free(l.s);
    }
    return st;
}

/* ---- records ------------------------------------------------------------ */

static bool blank(const line *l) {
    for (size_t i = 0; i < l->n; i++)
        if (l->s[i] != ' ' && l->s[i] != '\t')
            return false;
    return true;
}

/* Adds the authors of "A B, C D, E F" to the record. */
static void add_authors(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    size_t i = 0;
    while (i < n && !*st) {
        size_t a = i;
        while (i < n && s[i] != ',')
            i++;
        const char *name = s + a;
        size_t len = i - a;
        /* "A and B" in the last slot */
        const char *and = NULL;
        for (size_t k = 0; k + 5 <= len; k++)
            if (memcmp(name + k, " and ", 5) == 0)
                and = name + k;
        if (and) {
            pdx_paper__add_author(st, p, name, (size_t)(and - name), 0);
            pdx_paper__add_author(st, p, and + 5, len - (size_t)(and - name) - 5, 0);
        } else {
            pdx_paper__add_author(st, p, name, len, 0);
        }
        i++;
    }
}

/* Reads the line of the title glued to its authors, `g`, into `p`: the
 * title and authors split apart (split_title), a "(see N more)" or "et
 * al." truncation, the affiliations after them.
 * @return true when the line had authors after the title */
static bool read_glued(pdx_status *st, listing *r, pdx_paper *p, const line *g) {
    size_t aff_at;
    bool et_al;
    size_t n = strip_tail(g->s, g->n, &aff_at, &et_al);
    unsigned promised = 0;
    size_t after = 0;
    pdx_buf__clear(&r->tmp);
    drop_see_n_more(st, &r->tmp, g->s, n, &promised, &after);
    const char *glued = r->tmp.p ? r->tmp.p : "";
    n = r->tmp.n;
    size_t split = split_title(glued, n, r->ctx->know);
    pdx_paper__set_title(st, p, glued, split);
    if (split < n)
        add_authors(st, p, glued + split, n - split);
    if (et_al || promised > after)
        p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
    if (aff_at) {
        const char *a = g->s + aff_at;
        size_t an = g->n - aff_at;
        size_t i = 0;
        while (i < an && !*st) {
            size_t b = i;
            while (i < an && a[i] != ',')
                i++;
            pdx_paper__add_affiliation(st, p, a + b, i - b);
            i++;
        }
    }
    return split < n;
}

/* A stray line among an entry's abstract lines: no words ("12 34 56"),
 * or, `after_end` of a sentence, a short line that neither goes on a
 * sentence nor ends one ("Loom Institute" under the last abstract). */
static bool stray_line(const line *al, bool after_end) {
    uint32_t c0 = 0;
    pdx_text__decode(al->s, al->n, &c0);
    return !pdx_shape__wordy(al->s, al->n) ||
           (after_end && pdx_shape__words(al->s, al->n) <= 8 && !pdx_text__is_lower(c0) &&
            !pdx_page__ends_sentence(al->s, al->n) && !pdx_shape__has_see_more(al->s, al->n));
}

/* The abstract: lines from..end (up to the next entry), paragraphs kept,
 * but for the site's chrome ("Load more", "© 2030 …", a banner) and
 * stray lines (stray_line). */
static void read_abstract(pdx_status *st, listing *r, pdx_paper *p, size_t from, size_t end) {
    pdx_buf__clear(&r->abstract);
    bool truncated = false, any = false, chrome = false, ended = false;
    for (size_t k = from; k < end && !*st; k++) {
        const line *al = &r->lines[k];
        if (blank(al)) {
            pdx_read__note(r->ctx, al->no, PDX_ROLE_BLANK, p, "blank line");
            continue;
        }
        bool was_chrome = chrome;
        chrome = pdx_page__chrome_text(al->s, al->n, was_chrome) &&
                 !pdx_shape__has_see_more(al->s, al->n);
        if (chrome) {
            pdx_read__note(r->ctx, al->no, PDX_ROLE_CHROME, NULL,
                           "site label, banner or button after the title: not the abstract");
            continue;
        }
        if (stray_line(al, any && ended)) {
            pdx_read__note(r->ctx, al->no, PDX_ROLE_UNCLASSIFIED, NULL,
                           "stray line in the entry: no words, or no sentence after the abstract "
                           "ended");
            continue;
        }
        ended = pdx_page__ends_sentence(al->s, al->n);
        pdx_read__note(r->ctx, al->no, PDX_ROLE_ABSTRACT, p,
                       "after the title, up to the next date line: the abstract");
        if (any)
            pdx_buf__addc(st, &r->abstract, '\n');
        pdx_buf__clear(&r->tmp);
        bool t = false;
        pdx_page__unsplice(st, &r->tmp, r->lines[k].s, r->lines[k].n, &t);
        pdx_buf__add(st, &r->abstract, r->tmp.p, r->tmp.n);
        truncated = t; /* only the last paragraph's end counts */
        any = true;
    }
    if (any) {
        if (pdx_text__has_latex(r->abstract.p, r->abstract.n)) {
            pdx_buf__clear(&r->tmp);
            pdx_text__latex(st, &r->tmp, r->abstract.p, r->abstract.n);
            pdx_paper__set_abstract(st, p, r->tmp.p, r->tmp.n);
        } else {
            pdx_paper__set_abstract(st, p, r->abstract.p, r->abstract.n);
        }
        if (truncated)
            p->flags |= PDX_PAPER_ABSTRACT_TRUNCATED;
    }
}

/* One entry, lines at..end: its date line (category, date, "Code"), the
 * title glued to its authors, the abstract.  *out is left alone when the
 * entry has no title (reported, skipped). */
static pdx_status make_record(listing *r, size_t at, size_t end, pdx_paper **out) {
    const line *dl = &r->lines[at];
    size_t cat_len;
    char date[16];
    bool code;
    pdx_shape__listing_date(dl->s, dl->n, &cat_len, date, &code);
    size_t gi = at + 1;
    if (gi < end && r->lines[gi].n == 4 && memcmp(r->lines[gi].s, "Code", 4) == 0) {
        code = true;
        gi++;
    }
    if (gi >= end) {
        pdx_read__report(r->ctx, dl->no, "listing entry has a date but no title; skipped");
        return PDX_OK;
    }
    const line *g = &r->lines[gi];
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    if (st)
        return st;
    pdx_paper__add_source(&st, p, r->ctx->file, dl->no);
    pdx_paper__set_date(&st, p, date, strlen(date));
    if (cat_len)
        pdx_paper__set_category(&st, p, dl->s, cat_len);
    if (code)
        p->flags |= PDX_PAPER_CODE;
    bool authors = read_glued(&st, r, p, g);
    pdx_read__note(r->ctx, dl->no, PDX_ROLE_DATE, p,
                   cat_len ? "glued category+date: starts an entry" : "date line: starts an entry");
    if (gi > at + 1)
        pdx_read__note(r->ctx, r->lines[at + 1].no, PDX_ROLE_DATE, p, "the entry's \"Code\" link");
    pdx_read__note(r->ctx, g->no, PDX_ROLE_TITLE, p,
                   authors ? "title glued to its authors, after the date line"
                           : "line after the date line: a title (no authors found in it)");
    read_abstract(&st, r, p, gi + 1, end);
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    *out = p;
    return PDX_OK;
}

static pdx_status listing_next(void *vr, pdx_paper **out) {
    listing *r = vr;
    *out = NULL;
    for (;;) {
        if (r->next >= r->n) {
            if (r->eof && !r->carry.s)
                return PDX_OK;
            pdx_status st = load_block(r);
            if (st)
                return st;
            if (r->n == 0)
                return PDX_OK;
        }
        /* Find the next entry start, then its end (the next entry start). */
        size_t at = r->next;
        while (at < r->n && !(is_date_line(&r->lines[at]) && at + 1 < r->n &&
                              !is_date_line(&r->lines[at + 1])))
            at++;
        bool chrome = false;
        for (size_t k = r->next; k < at; k++) { /* no entry holds these */
            const line *l = &r->lines[k];
            bool was_chrome = chrome;
            chrome = !blank(l) && pdx_page__chrome_text(l->s, l->n, was_chrome);
            /* the page's header: its chrome, and short lines made of words
             * that start like a heading and are no prose ("Loom Lab",
             * "Our group's papers"); longer text, or a stray line ("asdf
             * qwer", "12 34 56"), is not understood */
            uint32_t c0 = 0;
            pdx_text__decode(l->s, l->n, &c0);
            bool header = !blank(l) && !is_date_line(l) && pdx_shape__words(l->s, l->n) <= 8 &&
                          pdx_shape__wordy(l->s, l->n) && (pdx_text__is_upper(c0) || (c0 >= '0' && c0 <= '9')) &&
                          !pdx_shape__prose(l->s, l->n, 8) && !pdx_shape__has_see_more(l->s, l->n);
            pdx_read__note(r->ctx, l->no,
                           blank(l) ? PDX_ROLE_BLANK
                           : chrome ? PDX_ROLE_CHROME
                           : header ? PDX_ROLE_HEADER
                                    : PDX_ROLE_UNCLASSIFIED,
                           NULL,
                           blank(l)           ? "blank line"
                           : chrome           ? "site label, banner or button: chrome"
                           : is_date_line(l)  ? "date line with no entry after it"
                           : header           ? "short line before the first entry (the page's header)"
                                              : "not in an entry (no date line above it)");
        }
        if (at >= r->n) {
            r->next = r->n;
            continue;
        }
        size_t end = at + 2;
        while (end < r->n && !(is_date_line(&r->lines[end]) &&
                               (end + 1 >= r->n || !is_date_line(&r->lines[end + 1]))))
            end++;
        r->next = end;
        pdx_status st = make_record(r, at, end, out);
        if (st || *out)
            return st;
    }
}

static pdx_status listing_open(void **out, pdx_read_ctx *ctx) {
    listing *r = calloc(1, sizeof *r);
    *out = r;
    if (!r)
        return PDX_ENOMEM;
    r->ctx = ctx;
    return PDX_OK;
}

static void listing_close(void *vr) {
    listing *r = vr;
    if (!r)
        return;
    free_lines(r);
    free(r->lines);
    free(r->carry.s);
    pdx_buf__free(&r->tmp);
    pdx_buf__free(&r->abstract);
    free(r);
}

/* Sure when several lines of the head are date lines each followed by a
 * line that is not one. */
static int listing_sniff(const char *head, size_t n, const char *path) {
    (void)path;
    size_t i = 0, dates = 0, lines = 0;
    int bare_date = 0; /* 1: after a date with no category, 2: and a title */
    while (i < n && lines < 400) {
        const char *e = memchr(head + i, '\n', n - i);
        size_t len = (size_t)((e ? e : head + n) - (head + i));
        if (!e && lines > 0)
            break; /* a cut last line proves nothing */
        if (len && head[i + len - 1] == '\r')
            len--;
        const char *ls = head + i;
        trim_blanks(&ls, &len);
        line l = {(char *)ls, len, 0};
        /* A date with a category ("LGOct 2, 2019") is a listing's; a bare
         * one ("Apr 3, 2007") only when a glued title line and then an
         * abstract follow it: profile and stream pages put bare dates
         * after abstracts, before a venue line, the next abstract, or the
         * next title and its author lines. */
        if (bare_date == 2) {
            if (pdx_shape__classify(l.s, l.n) == PDX_LINE_PROSE)
                dates++;
            bare_date = 0;
        } else if (bare_date == 1) {
            pdx_line_kind k = pdx_shape__classify(l.s, l.n);
            bare_date = k == PDX_LINE_TITLE || k == PDX_LINE_OTHER ? 2 : 0;
        }
        size_t cl;
        char d[16];
        bool code;
        if (is_date_line(&l)) {
            pdx_shape__listing_date(l.s, l.n, &cl, d, &code);
            if (cl > 0)
                dates++;
            else
                bare_date = 1;
        }
        lines++;
        if (!e)
            break;
        i = (size_t)(e - head) + 1;
    }
    if (dates >= 3)
        return 90;
    if (dates >= 1 && lines <= 4 * dates + 2)
        return 70;
    return dates ? 30 : 0;
}

const pdx_reader pdx_reader__listing = {
    "listing",
    "paper listings copied from web pages: CATEGORY+date line, title glued to authors, abstract",
    listing_sniff,
    listing_open,
    listing_next,
    listing_close,
};
