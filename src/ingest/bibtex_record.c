/*
 * bibtex_record.c — the record of one BibTeX entry (bibtex.c reads them).
 *
 * A `crossref` child inherits the fields it lacks from its parent (which
 * may come later in the file: every entry is read first), except those
 * that identify the parent itself (title, ids, abstract), and takes the
 * parent's title as its booktitle.
 *
 * Records: title (+ ": " subtitle), author (else editor), abstract, date
 * (date, else year/month/day), venue (journaltitle, journal, booktitle,
 * eventtitle, series), the entry key as id scheme "bibtex", doi, and
 * eprint as an arXiv id.  Names are "First von Last", "von Last, First"
 * or "von Last, Jr, First", joined by "and"; "others" marks the list as
 * truncated; LaTeX is decoded.  @comment, @preamble, @set and @xdata make
 * no records.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "ingest/bibtex.h"
#include "ingest/fields.h"

#define MAX_CROSSREF 4 /* parent chain followed */

static const char *own(const bibtex *r, const bib_entry *e, const char *name) {
    for (size_t i = 0; i < e->n_fields; i++) {
        const bib_field *f = &r->f[e->field0 + i];
        if (strcmp(f->name, name) == 0)
            return *f->value ? f->value : NULL;
    }
    return NULL;
}

static const bib_entry *parent_of(const bibtex *r, const bib_entry *e, pdx_buf *tmp) {
    const char *x = own(r, e, "crossref");
    if (!x)
        return NULL;
    pdx_status st = PDX_OK;
    pdx_buf__clear(tmp);
    for (const char *s = x; *s; s++)
        pdx_buf__addc(&st, tmp, (char)tolower((unsigned char)*s));
    size_t idx;
    if (st || !tmp->n || !pdx_map__get(&r->keys, tmp->p, tmp->n, &idx) || &r->e[idx] == e)
        return NULL;
    return &r->e[idx];
}

/* Fields a child never takes from its crossref parent: they say what the
 * parent itself is. */
static bool inheritable(const char *name) {
    static const char *const own_only[] = {"title",  "subtitle", "shorttitle", "doi", "eprint",
                                           "eprinttype", "archiveprefix", "url", "abstract",
                                           "crossref", "ids", "isbn", "pages", "key"};
    for (size_t i = 0; i < sizeof own_only / sizeof *own_only; i++)
        if (strcmp(own_only[i], name) == 0)
            return false;
    return true;
}

/* A field of e, or inherited through its crossref chain. */
static const char *get(bibtex *r, const bib_entry *e, const char *name) {
    const char *v = own(r, e, name);
    if (v || !inheritable(name))
        return v;
    const bib_entry *p = e;
    for (int depth = 0; depth < MAX_CROSSREF && !v; depth++) {
        if (!(p = parent_of(r, p, &r->name)))
            break;
        v = own(r, p, name);
        /* the proceedings' title is the paper's booktitle */
        if (!v && strcmp(name, "booktitle") == 0)
            v = own(r, p, "title");
    }
    return v;
}

/* Adds the names of a BibTeX name list: "A and B and others". */
static void add_names(pdx_status *st, bibtex *r, pdx_paper *p, const char *list) {
    size_t n = strlen(list), a = 0, depth = 0;
    for (size_t i = 0; i <= n && !*st; i++) {
        char c = i < n ? list[i] : ' ';
        if (c == '{')
            depth++;
        else if (c == '}' && depth)
            depth--;
        bool sep = i == n || (depth == 0 && i > a && isspace((unsigned char)list[i - 1]) &&
                              i + 4 <= n && strncasecmp(list + i, "and", 3) == 0 &&
                              isspace((unsigned char)list[i + 3]));
        if (!sep)
            continue;
        /* list[a..i): one name; commas at depth 0 order its parts */
        const char *s = list + a;
        size_t len = i - a;
        size_t comma[2], nc = 0, d = 0;
        for (size_t k = 0; k < len; k++) {
            if (s[k] == '{')
                d++;
            else if (s[k] == '}' && d)
                d--;
            else if (s[k] == ',' && d == 0 && nc < 2)
                comma[nc++] = k;
        }
        pdx_buf__clear(&r->tmp2);
        pdx_buf__add(st, &r->tmp2, s, len); /* NUL-separated parts */
        char *b = r->tmp2.p;
        if (!*st && b) {
            if (nc == 0) {
                pdx_read__author_parts(st, r->ctx, p, b, NULL, NULL, NULL);
            } else if (nc == 1) { /* von Last, First */
                b[comma[0]] = '\0';
                pdx_read__author_parts(st, r->ctx, p, b + comma[0] + 1, NULL, b, NULL);
            } else { /* von Last, Jr, First */
                b[comma[0]] = b[comma[1]] = '\0';
                pdx_read__author_parts(st, r->ctx, p, b + comma[1] + 1, NULL, b, b + comma[0] + 1);
            }
        }
        a = i + 3;
        i += 2;
    }
}

/* The date of e: biblatex's date, else year, month and day; its length
 * in date[] (0: none). */
static size_t entry_date(pdx_status *st, char date[11], bibtex *r, const bib_entry *e) {
    const char *v;
    size_t dn = 0;
    if ((v = get(r, e, "date")))
        dn = pdx_read__date(date, v, strlen(v));
    if (dn || !(v = get(r, e, "year")))
        return dn;
    pdx_buf__clear(&r->name);
    const char *day = get(r, e, "day"), *month = get(r, e, "month");
    if (day) {
        pdx_buf__adds(st, &r->name, day);
        pdx_buf__addc(st, &r->name, ' ');
    }
    if (month && pdx_read__month(month, strcspn(month, " ~,"))) {
        pdx_buf__adds(st, &r->name, month);
        pdx_buf__addc(st, &r->name, ' ');
    }
    /* the first four-digit run of the year: "1989", "{1989}", "1989/90" */
    const char *y = v;
    while (*y && !(isdigit((unsigned char)y[0]) && isdigit((unsigned char)y[1]) &&
                   isdigit((unsigned char)y[2]) && isdigit((unsigned char)y[3])))
        y++;
    if (*y) {
        pdx_buf__add(st, &r->name, y, 4);
        if (!*st)
            dn = pdx_read__date(date, r->name.p, r->name.n);
    }
    return dn;
}

/* The venue, volume, number and pages of e. */
static void add_venue(pdx_status *st, bibtex *r, const bib_entry *e, pdx_paper *p) {
    static const char *const venues[] = {"journaltitle", "journal", "booktitle", "eventtitle",
                                         "series"};
    const char *v;
    for (size_t i = 0; i < sizeof venues / sizeof *venues; i++)
        if ((v = get(r, e, venues[i]))) {
            pdx_read__set_tex(st, &r->tmp, p, pdx_paper__set_venue, v, strlen(v));
            break;
        }
    /* volume and number may come from a crossref'd parent; pages never */
    if ((v = get(r, e, "volume")))
        pdx_read__set_tex(st, &r->tmp, p, pdx_paper__set_volume, v, strlen(v));
    if ((v = get(r, e, "number")) || (v = get(r, e, "issue")))
        pdx_read__set_tex(st, &r->tmp, p, pdx_paper__set_number, v, strlen(v));
    if ((v = own(r, e, "pages")))
        pdx_paper__set_pages(st, p, v, strlen(v));
}

/* The ids of e: its key, its DOI, and an arXiv id from eprint or a URL. */
static void add_ids(pdx_status *st, bibtex *r, const bib_entry *e, pdx_paper *p) {
    const char *v;
    if (e->key)
        pdx_paper__add_id(st, p, "bibtex", e->key, strlen(e->key));
    if ((v = own(r, e, "doi")))
        pdx_read__add_doi(st, p, v, strlen(v));
    if ((v = own(r, e, "eprint"))) {
        const char *kind = own(r, e, "eprinttype");
        if (!kind)
            kind = own(r, e, "archiveprefix");
        if (!kind || strcasecmp(kind, "arxiv") == 0)
            pdx_read__add_arxiv(st, p, v, strlen(v));
    }
    if ((v = own(r, e, "url"))) {
        const char *abs = strstr(v, "arxiv.org/abs/");
        if (abs)
            pdx_read__add_arxiv(st, p, abs, strlen(abs));
        else if (strstr(v, "doi.org/"))
            pdx_read__add_doi(st, p, v, strlen(v));
    }
}

pdx_status pdx_bibtex__build(pdx_paper **out, bibtex *r, const bib_entry *e) {
    *out = NULL;
    if (strcmp(e->type, "set") == 0 || strcmp(e->type, "xdata") == 0)
        return PDX_OK;
    const char *title = own(r, e, "title"), *abstract = own(r, e, "abstract");
    if (!title && !abstract) {
        pdx_read__report(r->ctx, e->line, "BibTeX entry %s has neither a title nor an abstract; skipped",
                         e->key ? e->key : "(no key)");
        return PDX_OK;
    }
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    if (st)
        return st;
    pdx_paper__add_source(&st, p, r->ctx->file, e->line);
    const char *v;
    if (title) {
        pdx_buf__clear(&r->name);
        pdx_buf__adds(&st, &r->name, title);
        if ((v = own(r, e, "subtitle"))) {
            pdx_buf__adds(&st, &r->name, ": ");
            pdx_buf__adds(&st, &r->name, v);
        }
        pdx_read__set_tex(&st, &r->tmp, p, pdx_paper__set_title, r->name.p, r->name.n);
    }
    if (abstract)
        pdx_read__set_tex(&st, &r->tmp, p, pdx_paper__set_abstract, abstract, strlen(abstract));
    if (!st && !p->title && !p->abstract) { /* "{}" or "\relax" decode to nothing */
        pdx_read__report(r->ctx, e->line, "BibTeX entry %s has an empty title; skipped",
                         e->key ? e->key : "(no key)");
        pdx_paper_free(p);
        return PDX_OK;
    }
    if ((v = get(r, e, "author")) || (v = get(r, e, "editor")))
        add_names(&st, r, p, v);
    char date[11];
    size_t dn = entry_date(&st, date, r, e);
    if (dn)
        pdx_paper__set_date(&st, p, date, dn);
    add_venue(&st, r, e, p);
    add_ids(&st, r, e, p);
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    *out = p;
    return PDX_OK;
}
