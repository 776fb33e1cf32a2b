/*
 * arxiv.c — the reader for arXiv's .abs metadata files, the form in which
 * arXiv keeps (and mirrors hand out) each paper's abstract page:
 *
 *   ------------------------------------------------------------------
 *   \\
 *   arXiv:0704.0001                        (old style: arXiv:math-ph/0509002,
 *   From: Pavel Nadolsky <...>              or "Paper: hep-th/9108002")
 *   Date: Mon, 2 Apr 2007 19:18:42 GMT   (443kb)
 *   Date (revised v2): Tue, 24 Jul 2007 20:10:27 GMT   (370kb)
 *
 *   Title: Calculation of prompt diphoton production cross sections at
 *     Tevatron and LHC energies              (indented lines continue a field)
 *   Authors: C. Bal\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan
 *   Categories: hep-ph
 *   Journal-ref: Phys.Rev.D76:013009,2007
 *   DOI: 10.1103/PhysRevD.76.013009
 *   \\
 *     A fully differential calculation ...
 *   \\
 *
 * The date is the first (v1) Date line; the category the first of
 * Categories; the venue the Journal-ref.  A `\\` line inside the abstract
 * is LaTeX's line break, not the end: the abstract ends at the last `\\`
 * before the end of the file or the dashed line that starts another record
 * (so `cat *.abs` can be read as one stream).
 *
 * Old records carry Latin-1 bytes (a Journal-ref of "\xc9pijournal de
 * G\xe9om\xe9trie"): such a line is decoded as Latin-1, not lost, and not
 * reported, since nothing is skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/fields.h"
#include "ingest/reader.h"

enum { F_ID, F_TITLE, F_AUTHORS, F_CATEGORIES, F_JOURNAL, F_DOI, F_DATE, F_COUNT };
#define F_NONE (-1)

typedef struct arxiv {
    pdx_read_ctx *ctx;
    pdx_buf line;         /* a line repaired from Latin-1 */
    pdx_buf field[F_COUNT];
    bool has[F_COUNT];
    pdx_buf abstract;
    pdx_buf tmp, tmp2;
    size_t start;         /* line of the record's first `\\` */
    size_t id_line;       /* line of its arXiv: line (0: none) */
    bool eof;
} arxiv;

static bool is_rule(const char *s, size_t n) {
    if (n < 10)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '-')
            return false;
    return true;
}

static bool is_blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* The `\\` line that opens and closes the parts of a record. */
static bool is_bar(const char *s, size_t n) {
    return n >= 2 && s[0] == '\\' && s[1] == '\\' && is_blank(s + 2, n - 2);
}

/* Which field a header line starts, and where its value begins.  Returns
 * F_NONE for fields we do not keep, -2 for a line that is no field. */
static int header_field(const arxiv *r, const char *s, size_t n, size_t *value) {
    static const struct {
        const char *name;
        int field;
    } names[] = {
        {"arXiv:", F_ID},          {"Paper:", F_ID},         {"Title:", F_TITLE},
        {"Authors:", F_AUTHORS},   {"Author:", F_AUTHORS},   {"Categories:", F_CATEGORIES},
        {"Journal-ref:", F_JOURNAL}, {"DOI:", F_DOI},        {"Date:", F_DATE},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t l = strlen(names[i].name);
        if (n >= l && memcmp(s, names[i].name, l) == 0) {
            *value = l;
            /* Only the first Date line is v1's. */
            if (names[i].field == F_DATE && r->has[F_DATE])
                return F_NONE;
            return names[i].field;
        }
    }
    /* Other fields: "Comments:", "Date (revised v2):", "MSC-class:" ... */
    size_t i = 0;
    while (i < n && i < 40 && s[i] != ':' &&
           ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
            (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == ' ' || s[i] == '(' ||
            s[i] == ')'))
        i++;
    if (i > 0 && i < n && s[i] == ':' && s[0] >= 'A' && s[0] <= 'Z') {
        *value = i + 1;
        return F_NONE;
    }
    return -2;
}

static void reset(arxiv *r) {
    for (size_t i = 0; i < F_COUNT; i++) {
        pdx_buf__clear(&r->field[i]);
        r->has[i] = false;
    }
    pdx_buf__clear(&r->abstract);
    r->start = r->id_line = 0;
}

/* Makes a record of the fields read; *out stays NULL when the record has
 * nothing to index (reported). */
static pdx_status build(arxiv *r, pdx_paper **out) {
    *out = NULL;
    if (!r->has[F_TITLE] && !r->abstract.n) {
        pdx_read__report(r->ctx, r->start, "arXiv record has neither a title nor an abstract; skipped");
        return PDX_OK;
    }
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    if (st)
        return st;
    pdx_paper__add_source(&st, p, r->ctx->file, r->id_line ? r->id_line : r->start);
    pdx_buf *f = r->field;
    if (r->has[F_ID])
        pdx_read__add_arxiv(&st, p, f[F_ID].p, f[F_ID].n);
    if (r->has[F_TITLE])
        pdx_read__set(&st, &r->tmp, p, pdx_paper__set_title, f[F_TITLE].p, f[F_TITLE].n);
    if (r->has[F_AUTHORS]) {
        pdx_read__text(&st, &r->tmp2, f[F_AUTHORS].p, f[F_AUTHORS].n);
        pdx_read__authors(&st, r->ctx, p, r->tmp2.p, r->tmp2.n);
    }
    if (r->abstract.n)
        pdx_read__set(&st, &r->tmp, p, pdx_paper__set_abstract, r->abstract.p, r->abstract.n);
    if (r->has[F_CATEGORIES]) {
        const char *c = f[F_CATEGORIES].p;
        size_t a = strspn(c, " \t"), e = a + strcspn(c + a, " \t,;");
        pdx_paper__set_category(&st, p, c + a, e - a);
    }
    if (r->has[F_JOURNAL]) {
        pdx_read__set(&st, &r->tmp, p, pdx_paper__set_venue, f[F_JOURNAL].p, f[F_JOURNAL].n);
        /* kept verbatim too: the venue may be replaced by a merge, and an
         * export cites the journal-ref as arXiv shows it */
        pdx_read__set(&st, &r->tmp, p, pdx_paper__set_journal_ref, f[F_JOURNAL].p, f[F_JOURNAL].n);
    }
    if (r->has[F_DOI])
        pdx_read__add_doi(&st, p, f[F_DOI].p, f[F_DOI].n);
    char date[11];
    size_t dn = r->has[F_DATE] ? pdx_read__date(date, f[F_DATE].p, f[F_DATE].n) : 0;
    if (dn)
        pdx_paper__set_date(&st, p, date, dn);
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    *out = p;
    return PDX_OK;
}

/* The next line of the input into s, n; s NULL (and r->eof set) at its
 * end. */
static pdx_status next_line(arxiv *r, const char **s, size_t *n) {
    pdx_status st = pdx_read__line(r->ctx, &r->line, s, n);
    if (!st && !*s)
        r->eof = true;
    return st;
}

/* Phase 1: skips to the `\\` that opens a record, reporting once any
 * text before it. *found is false at the end of the input. */
static pdx_status find_start(arxiv *r, bool *found) {
    pdx_read_ctx *ctx = r->ctx;
    bool junk = false;
    *found = false;
    for (;;) {
        const char *s;
        size_t n;
        pdx_status st = next_line(r, &s, &n);
        if (st || !s)
            return st;
        if (is_bar(s, n)) {
            *found = true;
            return PDX_OK;
        }
        if (!is_blank(s, n) && !is_rule(s, n) && !junk) {
            pdx_read__report(ctx, pdx_input__lineno(ctx->in),
                             "text outside an arXiv record (no \\\\ line before it); skipped");
            junk = true;
        }
    }
}

/* Phase 2: the header fields, up to the next `\\` (then *in_abstract)
 * or the end of the input. Indented lines continue the field before;
 * a repeated field keeps its first value. */
static pdx_status read_header(arxiv *r, bool *in_abstract) {
    pdx_read_ctx *ctx = r->ctx;
    int cur = F_NONE;
    *in_abstract = false;
    for (;;) {
        const char *s;
        size_t n;
        pdx_status st = next_line(r, &s, &n);
        if (st || !s)
            return st;
        if (is_bar(s, n)) {
            *in_abstract = true;
            return PDX_OK;
        }
        if (is_blank(s, n)) {
            cur = F_NONE;
            continue;
        }
        size_t v = 0;
        int f = (s[0] == ' ' || s[0] == '\t') ? -2 : header_field(r, s, n, &v);
        if (f == -2) { /* a continuation line */
            if (cur >= 0) {
                pdx_buf__addc(&st, &r->field[cur], ' ');
                pdx_buf__add(&st, &r->field[cur], s, n);
            }
            if (st)
                return st;
            continue;
        }
        cur = f;
        if (f >= 0 && !r->has[f]) {
            pdx_buf__add(&st, &r->field[f], s + v, n - v);
            r->has[f] = true;
            if (f == F_ID)
                r->id_line = pdx_input__lineno(ctx->in);
        } else {
            cur = F_NONE; /* a repeated field: keep the first */
        }
        if (st)
            return st;
    }
}

/* Phase 3: the abstract, up to the last `\\` of the record. A `\\` is
 * the end only when a rule follows it; otherwise it was a LaTeX line
 * break and is kept. */
static pdx_status read_abstract(arxiv *r) {
    bool pending = false; /* a `\\` seen: the end, or a LaTeX line break */
    for (;;) {
        const char *s;
        size_t n;
        pdx_status st = next_line(r, &s, &n);
        if (st || !s)
            return st;
        if (pending) {
            if (is_rule(s, n))
                return PDX_OK;
            pdx_buf__adds(&st, &r->abstract, "\\\\\n");
            pending = false;
        }
        if (is_bar(s, n)) {
            pending = true;
            continue;
        }
        pdx_buf__add(&st, &r->abstract, s, n);
        pdx_buf__addc(&st, &r->abstract, '\n');
        if (st)
            return st;
    }
}

static pdx_status arxiv_next(void *vr, pdx_paper **out) {
    arxiv *r = vr;
    *out = NULL;
    while (!r->eof) {
        bool found, in_abstract;
        pdx_status st = find_start(r, &found);
        if (st || !found)
            return st;
        reset(r);
        r->start = pdx_input__lineno(r->ctx->in);
        if ((st = read_header(r, &in_abstract)) ||
            (in_abstract && (st = read_abstract(r))) ||
            (st = build(r, out)) || *out)
            return st;
    }
    return PDX_OK;
}

static pdx_status arxiv_open(void **out, pdx_read_ctx *ctx) {
    arxiv *r = calloc(1, sizeof *r);
    *out = r;
    if (!r)
        return PDX_ENOMEM;
    r->ctx = ctx;
    pdx_input__accept_invalid(ctx->in, true);
    return PDX_OK;
}

static void arxiv_close(void *vr) {
    arxiv *r = vr;
    if (!r)
        return;
    pdx_buf__free(&r->line);
    for (size_t i = 0; i < F_COUNT; i++)
        pdx_buf__free(&r->field[i]);
    pdx_buf__free(&r->abstract);
    pdx_buf__free(&r->tmp);
    pdx_buf__free(&r->tmp2);
    free(r);
}

static bool contains(const char *s, size_t n, const char *needle) {
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return true;
    return false;
}

/* The next line of head at *i, without its end. */
static bool head_line(const char *head, size_t n, size_t *i, const char **s, size_t *len) {
    if (*i >= n)
        return false;
    const char *e = memchr(head + *i, '\n', n - *i);
    *s = head + *i;
    *len = e ? (size_t)(e - *s) : n - *i;
    if (*len && (*s)[*len - 1] == '\r')
        (*len)--;
    *i = e ? (size_t)(e - head) + 1 : n;
    return true;
}

static int arxiv_sniff(const char *head, size_t n, const char *path) {
    size_t i = 0, len = 0;
    const char *s = NULL;
    bool ok = head_line(head, n, &i, &s, &len);
    while (ok && (is_blank(s, len) || is_rule(s, len)))
        ok = head_line(head, n, &i, &s, &len);
    if (ok && is_bar(s, len) && head_line(head, n, &i, &s, &len) &&
        ((len > 6 && memcmp(s, "arXiv:", 6) == 0) || (len > 6 && memcmp(s, "Paper:", 6) == 0)))
        return 95;
    size_t pl = strlen(path);
    bool abs_name = (pl > 4 && strcmp(path + pl - 4, ".abs") == 0) || strstr(path, ".abs.");
    if (abs_name && contains(head, n, "\nTitle:") && contains(head, n, "\nAuthors:"))
        return 70;
    return 0;
}

const pdx_reader pdx_reader__arxiv = {
    "arxiv",
    "arXiv .abs metadata files (arXiv:/Paper:, Title:, Authors:, Date:, ... then the abstract)",
    arxiv_sniff,
    arxiv_open,
    arxiv_next,
    arxiv_close,
};
