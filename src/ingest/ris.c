/*
 * ris.c — the reader for RIS, the tagged format of EndNote, Mendeley,
 * Zotero, Web of Science, Scopus and PubMed exports: a record is a run of
 * "TAG  - value" lines from TY to ER.
 *
 *   TY  - JOUR
 *   AU  - Ruiz, Ana
 *   AU  - van der Waals, Jan, Jr.
 *   TI  - Sparse Looms
 *   PY  - 2021/05/17/
 *   T2  - Journal of Looms
 *   AB  - We weave ...
 *     a line with no tag continues the value before it
 *   DO  - 10.1000/x
 *   ER  -
 *
 * A tag is two characters, a capital letter then a capital or digit,
 * followed by one to four spaces (exporters disagree: "TY  - ", "TY - "),
 * a hyphen, and the value after a space.  A line that is not a tag line
 * continues the value before it.  CRLF, a BOM and Latin-1 (older EndNote
 * writes Windows-1252) are handled below this reader (fields.h).
 *
 * Tags read (the RIS spec gives several names for most things; the first
 * present wins):
 *   title     TI, T1, CT (BT for a whole book)
 *   authors   AU, A1, one per line, "Family, Given[, Suffix]"; A2, A3 and
 *             ED (editors) when there is no author
 *   date      DA, PY, Y1: "2021/05/17/other", "2021///", "2021"; PY/Y1
 *             give the year, DA the month and day when its year agrees
 *   abstract  AB, N2
 *   venue     T2, JF, JO, BT, C3, JA, J2
 *   volume    VL; issue IS; pages SP and EP
 *   ids       DO (a DOI; 10.48550/arXiv.X also an arXiv id), UR (arXiv
 *             and doi.org links), "arXiv:ID" in N1, M1, M3; AN as a PubMed
 *             id (digits, in a PubMed/NLM export) or a Web of Science id
 *             ("WOS:..."); ID as the citation key when it looks like one;
 *             SN (the ISBN) of a whole book (TY BOOK) only: an ISSN names
 *             the journal, shared by all its papers, so it is no paper id
 * Other tags (KW keywords, PB, CY, N1 notes, ...) are not kept.  Text is
 * taken as it is, white space collapsed, with no LaTeX decoding (see
 * pdx_read__plain).
 *
 * Bad input: a record with no ER before the next TY or the end of the file
 * is reported and kept (the file was most likely cut); a tag line outside
 * a record, and a line of control characters (binary data), are reported
 * and skipped; a record with neither title nor abstract is reported and
 * skipped.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/fields.h"
#include "ingest/reader.h"
#include "ingest/tagged.h"

#define MAX_RECORD (16u << 20) /* bytes of one record's values */

typedef struct ris {
    pdx_read_ctx *ctx;
    bool open;          /* a TY was read and no ER yet */
    size_t ty_line;     /* the TY line of the open record */
    bool too_long;      /* the open record passed MAX_RECORD */
    bool stray_told;    /* the run of lines outside records was reported */
    pdx_tagged rec;     /* the open record's tag lines */
    pdx_buf line, tmp, name;
    /* a record ended by the next TY: that TY is kept for the next call */
    bool pending;
    size_t pending_line;
    pdx_buf pending_val;
} ris;

/* ---- lines ------------------------------------------------------------------ */

/* True for a tag line: *tag the two characters, *val its value (after
 * "- "), trailing blanks trimmed. */
static bool tag_line(const char *s, size_t n, char tag[5], const char **val, size_t *vn) {
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 2 && (memcmp(s, "ER", 2) == 0 || memcmp(s, "EF", 2) == 0)) {
        /* a bare end tag, as some exporters close a record or file */
        memcpy(tag, s, 2);
        tag[2] = '\0';
        *val = s + 2;
        *vn = 0;
        return true;
    }
    if (n < 3 || !isupper((unsigned char)s[0]) ||
        !(isupper((unsigned char)s[1]) || isdigit((unsigned char)s[1])))
        return false;
    size_t i = 2, sp = 0;
    while (i < n && s[i] == ' ' && sp < 5) {
        i++;
        sp++;
    }
    if (sp < 1 || sp > 4 || i >= n || s[i] != '-')
        return false;
    i++;
    if (i < n && s[i] != ' ')
        return false;
    if (i < n)
        i++;
    tag[0] = s[0];
    tag[1] = s[1];
    tag[2] = '\0';
    *val = s + i;
    *vn = n - i;
    return true;
}

/* ---- the record ------------------------------------------------------------- */

static const char *get(const ris *r, const char *tag) { return pdx_tagged__get(&r->rec, tag); }

static const char *get_any(const ris *r, const char *const *tags) {
    return pdx_tagged__get_any(&r->rec, tags);
}

/* Adds one "Family, Given[, Suffix]" name ("Ruiz, Ana" → "Ana Ruiz"); a
 * name without a comma ("LHCb Collaboration", "Ana Ruiz") as it is. */
static void add_name(pdx_status *st, ris *r, pdx_paper *p, const char *v) {
    pdx_buf__clear(&r->name);
    pdx_tagged__turn_name(st, &r->name, v);
    pdx_read__plain(st, &r->tmp, r->name.p ? r->name.p : "", r->name.n);
    if (*st || !r->tmp.n)
        return;
    const char *s = pdx_buf__str(&r->tmp);
    if (strcasecmp(s, "others") == 0 || strncasecmp(s, "et al", 5) == 0) {
        p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
        return;
    }
    pdx_paper__add_author(st, p, r->tmp.p, r->tmp.n, 0);
    if (!*st)
        *st = pdx_read__learn_name(r->ctx, r->tmp.p, r->tmp.n);
}

/* Adds the names of every `tag` line; false when there are none. */
static bool add_names(pdx_status *st, ris *r, pdx_paper *p, const char *tag) {
    size_t before = p->authors.n;
    for (size_t i = 0; i < r->rec.n && !*st; i++)
        if (strcmp(r->rec.f[i].tag, tag) == 0 && r->rec.f[i].len)
            add_name(st, r, p, pdx_tagged__value(&r->rec, i));
    return p->authors.n > before;
}

/* The date: the year of PY/Y1, made more precise by DA when DA's year
 * agrees ("PY 2021", "DA 2021/05/17/" → 2021-05-17). */
static void set_date(pdx_status *st, ris *r, pdx_paper *p) {
    static const char *const year_tags[] = {"PY", "Y1", NULL};
    const char *py = get_any(r, year_tags), *da = get(r, "DA");
    char a[11], b[11];
    size_t an = py ? pdx_read__date(a, py, strlen(py)) : 0;
    size_t bn = da ? pdx_read__date(b, da, strlen(da)) : 0;
    if (bn && (!an || (memcmp(a, b, 4) == 0 && bn > an)))
        pdx_paper__set_date(st, p, b, bn);
    else if (an)
        pdx_paper__set_date(st, p, a, an);
}

/* The pages: SP, and SP-EP when SP is not already a range ("SP 12",
 * "EP 19" → 12-19). Does nothing after an error. */
static void set_pages(pdx_status *st, ris *r, pdx_paper *p) {
    const char *v = get(r, "SP");
    if (!v)
        return;
    const char *ep = get(r, "EP");
    pdx_buf__clear(&r->name);
    pdx_buf__adds(st, &r->name, v);
    if (ep && !strchr(v, '-')) {
        pdx_buf__addc(st, &r->name, '-');
        pdx_buf__adds(st, &r->name, ep);
    }
    pdx_paper__set_pages(st, p, pdx_buf__str(&r->name), r->name.n);
}

/* The identifiers: DOI and arXiv id wherever converters put them (DO,
 * UR, notes), the accession number of Web of Science or PubMed, a book's
 * ISBN and a citation key. Does nothing after an error. */
static void add_ids(pdx_status *st, ris *r, pdx_paper *p, bool book) {
    for (size_t i = 0; i < r->rec.n && !*st; i++) {
        const char *tag = r->rec.f[i].tag, *val = pdx_tagged__value(&r->rec, i);
        size_t n = r->rec.f[i].len;
        if (!n)
            continue;
        if (strcmp(tag, "DO") == 0) {
            pdx_read__add_doi(st, p, val, n);
            if (strncasecmp(val, "10.48550/arxiv.", 15) == 0)
                pdx_read__add_arxiv(st, p, val + 15, n - 15);
        } else if (strcmp(tag, "UR") == 0) {
            if (!pdx_read__add_arxiv(st, p, val, n) && strstr(val, "doi.org/"))
                pdx_read__add_doi(st, p, val, n);
        } else if (strcmp(tag, "N1") == 0 || strcmp(tag, "M1") == 0 || strcmp(tag, "M3") == 0) {
            if (strstr(val, PDX_NOTE_ET_AL)) /* paperdex's export of a cut list */
                p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
            /* converters from PubMed put the DOI here ("M3  - 10.1/x") */
            pdx_read__arxiv_in(st, p, val);
            if (!get(r, "DO"))
                pdx_read__add_doi(st, p, val, n);
        }
    }
    const char *v;
    if ((v = get(r, "AN"))) {
        const char *db = get(r, "DB"), *dp = get(r, "DP");
        bool pubmed = (db && (strstr(db, "PubMed") || strstr(db, "NLM") ||
                              strstr(db, "MEDLINE"))) ||
                      (dp && (strstr(dp, "PubMed") || strstr(dp, "NLM")));
        if (strncmp(v, "WOS:", 4) == 0)
            pdx_paper__add_id(st, p, "wos", v + 4, strlen(v + 4));
        else if (pubmed && strspn(v, "0123456789") == strlen(v))
            pdx_paper__add_id(st, p, "pmid", v, strlen(v));
    }
    if (book && (v = get(r, "SN")))
        pdx_paper__add_id(st, p, "isbn", v, strcspn(v, " ,;("));
    if ((v = get(r, "ID")) && pdx_read__key_like(v))
        pdx_paper__add_id(st, p, "bibtex", v, strlen(v));
}

/* Makes the record read so far into *out; NULL when it is not one
 * (reported). */
static pdx_status make_record(ris *r, pdx_paper **out) {
    static const char *const k_title[] = {"TI", "T1", "CT", NULL};
    static const char *const k_abstract[] = {"AB", "N2", NULL};
    static const char *const k_venue[] = {"T2", "JF", "JO", "BT", "C3", "JA", "J2", NULL};
    *out = NULL;
    if (r->too_long) {
        pdx_read__report(r->ctx, r->ty_line, "RIS record longer than %u MiB; skipped",
                         MAX_RECORD >> 20);
        return PDX_OK;
    }
    const char *type = get(r, "TY");
    bool book = type && strcmp(type, "BOOK") == 0;
    const char *title = get_any(r, k_title);
    if (!title && book)
        title = get(r, "BT");
    const char *abstract = get_any(r, k_abstract);
    if (!title && !abstract) {
        pdx_read__report(r->ctx, r->ty_line,
                         "RIS record has neither a title (TI) nor an abstract (AB); skipped");
        return PDX_OK;
    }
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    if (st)
        return st;
    pdx_paper__add_source(&st, p, r->ctx->file, r->ty_line);
    pdx_read__set_plain(&st, &r->tmp, p, pdx_paper__set_title, title, title ? strlen(title) : 0);
    pdx_read__set_plain(&st, &r->tmp, p, pdx_paper__set_abstract, abstract,
                  abstract ? strlen(abstract) : 0);
    if (!add_names(&st, r, p, "AU") && !add_names(&st, r, p, "A1") &&
        !add_names(&st, r, p, "A2") && !add_names(&st, r, p, "ED"))
        add_names(&st, r, p, "A3");
    set_date(&st, r, p);
    const char *v;
    if ((v = get_any(r, k_venue)) && !(book && v == title))
        pdx_read__set_plain(&st, &r->tmp, p, pdx_paper__set_venue, v, strlen(v));
    if ((v = get(r, "VL")))
        pdx_paper__set_volume(&st, p, v, strlen(v));
    if ((v = get(r, "IS")))
        pdx_paper__set_number(&st, p, v, strlen(v));
    set_pages(&st, r, p);
    add_ids(&st, r, p, book);
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    *out = p;
    return PDX_OK;
}

/* ---- reading ---------------------------------------------------------------- */

/* Opens a record at the TY line `line` whose value is v. */
static void begin_record(pdx_status *st, ris *r, size_t line, const char *v, size_t n) {
    pdx_tagged__reset(&r->rec);
    r->too_long = false;
    r->open = true;
    r->stray_told = false;
    r->ty_line = line;
    pdx_tagged__add(st, &r->rec, "TY", v, n);
}

/* A TY line (`line`, value v): it opens a record. When one is open, that
 * record never ended: it is kept into *out and this TY saved for the next
 * call, since one call returns one record. */
static pdx_status at_ty(ris *r, pdx_paper **out, size_t line, const char *v, size_t n) {
    pdx_status st = PDX_OK;
    if (r->open) {
        pdx_read__report(r->ctx, r->ty_line,
                         "RIS record has no ER line before the next TY (line %zu); kept", line);
        r->open = false;
        if ((st = make_record(r, out)))
            return st;
        if (*out) {
            r->pending = true;
            r->pending_line = line;
            pdx_buf__clear(&r->pending_val);
            pdx_buf__add(&st, &r->pending_val, v, n);
            if (st) {
                pdx_paper_free(*out);
                *out = NULL;
            }
            return st;
        }
    }
    begin_record(&st, r, line, v, n);
    return st;
}

static pdx_status ris_next(void *vr, pdx_paper **out) {
    ris *r = vr;
    *out = NULL;
    pdx_status st = PDX_OK;
    if (r->pending) {
        r->pending = false;
        begin_record(&st, r, r->pending_line, r->pending_val.p ? r->pending_val.p : "",
                     r->pending_val.n);
        if (st)
            return st;
    }
    for (;;) {
        const char *s;
        size_t n;
        if ((st = pdx_read__line(r->ctx, &r->line, &s, &n)))
            return st;
        if (!s) {
            if (!r->open)
                return PDX_OK;
            r->open = false;
            pdx_read__report(r->ctx, r->ty_line,
                             "RIS record has no ER line before the end of the file; kept");
            return make_record(r, out);
        }
        size_t lineno = pdx_input__lineno(r->ctx->in);
        size_t b = 0;
        while (b < n && (s[b] == ' ' || s[b] == '\t'))
            b++;
        if (b == n)
            continue;
        if (pdx_tagged__binary_line(s, n)) {
            pdx_read__report(r->ctx, lineno, "control characters (binary data?); line skipped");
            continue;
        }
        char tag[5];
        const char *v;
        size_t vn;
        bool tagged = tag_line(s, n, tag, &v, &vn);
        if (tagged && strcmp(tag, "TY") == 0) {
            if ((st = at_ty(r, out, lineno, v, vn)) || *out)
                return st;
            continue;
        }
        if (!r->open) {
            /* between records: blank lines only (and an export's EF) */
            if (!(tagged && strcmp(tag, "EF") == 0) && !r->stray_told)
                pdx_read__report(r->ctx, lineno,
                                 "%s outside a RIS record (no TY before it); skipped up to "
                                 "the next TY",
                                 tagged ? "tag line" : "text");
            r->stray_told = true;
            continue;
        }
        if (tagged && strcmp(tag, "ER") == 0) {
            r->open = false;
            if ((st = make_record(r, out)) || *out)
                return st;
            continue;
        }
        if (r->too_long)
            continue;
        if (tagged)
            pdx_tagged__add(&st, &r->rec, tag, v, vn);
        else
            pdx_tagged__continue(&st, &r->rec, s + b, n - b);
        if (st)
            return st;
        r->too_long = r->rec.vals.n > MAX_RECORD;
    }
}

static pdx_status ris_open(void **out, pdx_read_ctx *ctx) {
    ris *r = calloc(1, sizeof *r);
    *out = r;
    if (!r)
        return PDX_ENOMEM;
    r->ctx = ctx;
    pdx_input__accept_invalid(ctx->in, true); /* EndNote's Windows-1252 */
    return PDX_OK;
}

static void ris_close(void *vr) {
    ris *r = vr;
    if (!r)
        return;
    pdx_tagged__free(&r->rec);
    pdx_buf__free(&r->line);
    pdx_buf__free(&r->tmp);
    pdx_buf__free(&r->name);
    pdx_buf__free(&r->pending_val);
    free(r);
}

/* 95 when the first line that is not blank is a TY tag line; 60 when one
 * of the first ten is and two more tag lines follow (an export with a
 * header line or two). */
static int ris_sniff(const char *head, size_t n, const char *path) {
    (void)path;
    return pdx_tagged__sniff(head, n, tag_line, "TY");
}

const pdx_reader pdx_reader__ris = {
    "ris",
    "RIS exports (EndNote, Mendeley, Zotero, Web of Science, PubMed): TY  - JOUR ... ER  -",
    ris_sniff,
    ris_open,
    ris_next,
    ris_close,
};
