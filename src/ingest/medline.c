/*
 * medline.c — the reader for MEDLINE, the tagged text PubMed saves
 * (Save / Send to: Citation manager, format "PubMed"; the .nbib files its
 * "Cite" button gives) and NLM's own tools write.  A record is a run of
 * tag lines that starts with PMID and ends at a blank line:
 *
 *   PMID- 31415926
 *   TI  - Sleep spindles in paper-folding experts: a randomised
 *         trial.
 *   AB  - BACKGROUND: Folding ... CONCLUSIONS: ...
 *   FAU - Łukasiewicz, Zofia
 *   AU  - Łukasiewicz Z
 *   CN  - Paper Sleep Consortium
 *   DP  - 2019 Jun 21
 *   JT  - Journal of Sleep and Craft
 *   VI  - 12
 *   IP  - 3
 *   PG  - 1123-30
 *   LID - 10.5555/jsc.2019.12 [doi]
 *   PMC - PMC6543210
 *
 * A tag is one to four capitals or digits (a capital first), padded with
 * spaces to four columns, then "- " and the value; any other line
 * continues the value before it (NLM indents six spaces; a copy that
 * lost the indent reads the same).  RIS looks alike but has two-letter tags between TY and ER
 * (ris.c); MEDLINE has neither.
 *
 * Tags read:
 *   title     TI, else BTI (a book); NLM's closing period is dropped, and
 *             the brackets it puts round a translated title ("[Sleep in
 *             cranes].")
 *   authors   FAU ("Family, Given"), CN (a group, as it is) in the
 *             order given; AU ("Family IN" → "I. N. Family") when there is
 *             no FAU; FED, ED (editors) when there are no authors
 *   date      DP ("2019 Jun 21", "2019 Jun-Jul", "2019 Spring", "2019"),
 *             made more precise by DEP (the electronic date, "20190621")
 *             when their years agree
 *   abstract  AB (its section labels kept: "BACKGROUND: ...")
 *   venue     JT, else TA; a chapter's book (BTI under a TI)
 *   volume VI; issue IP; pages PG, an abbreviated end page written out
 *             ("1123-30" → "1123-1130")
 *   ids       PMID (pmid), PMC (pmcid), "... [doi]" in LID or AID
 * Everything else (MeSH headings, affiliations, grants ...) is not kept.
 *
 * Bad input: text before the first record, and a line of control
 * characters, are reported and skipped; a record with neither title nor
 * abstract is reported and skipped; a cut last record is kept, since
 * MEDLINE has no end tag to miss.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/fields.h"
#include "ingest/reader.h"
#include "ingest/tagged.h"

#define MAX_RECORD (16u << 20) /* bytes of one record's values */

typedef struct medline {
    pdx_read_ctx *ctx;
    bool open;       /* a record has started and no blank line ended it */
    size_t at_line;  /* the first line of the open record */
    bool too_long;   /* the open record passed MAX_RECORD */
    bool stray_told; /* the run of lines outside records was reported */
    pdx_tagged rec;  /* the open record's tag lines */
    pdx_buf line, tmp, name;
    /* a record ended by the next PMID line: that line is kept for the next call */
    bool pending;
    size_t pending_line;
    pdx_buf pending_val;
} medline;

/* ---- lines ------------------------------------------------------------------ */

/* True for a tag line: *tag its tag, *val its value (after "- "),
 * trailing blanks trimmed. */
static bool tag_line(const char *s, size_t n, char tag[5], const char **val, size_t *vn) {
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n < 5 || !isupper((unsigned char)s[0]))
        return false;
    size_t t = 1;
    while (t < 4 && (isupper((unsigned char)s[t]) || isdigit((unsigned char)s[t])))
        t++;
    for (size_t i = t; i < 4; i++)
        if (s[i] != ' ')
            return false;
    if (s[4] != '-' || (n > 5 && s[5] != ' '))
        return false;
    memcpy(tag, s, t);
    tag[t] = '\0';
    *val = s + (n > 5 ? 6 : 5);
    *vn = n > 5 ? n - 6 : 0;
    return true;
}

/* ---- the record ------------------------------------------------------------- */

static const char *get(const medline *r, const char *tag) {
    return pdx_tagged__get(&r->rec, tag);
}

/* The title without what NLM adds: the closing period (but an ellipsis
 * or "?" stays) and the brackets round a translated title. */
static void set_title(pdx_status *st, medline *r, pdx_paper *p, const char *v) {
    pdx_read__plain(st, &r->tmp, v, strlen(v));
    if (*st || !r->tmp.n)
        return;
    char *s = r->tmp.p;
    size_t n = r->tmp.n;
    if (n > 1 && s[n - 1] == '.' && s[n - 2] != '.')
        n--;
    if (n > 2 && s[0] == '[' && s[n - 1] == ']' && !memchr(s + 1, '[', n - 2)) {
        s++;
        n -= 2;
    }
    pdx_paper__set_title(st, p, s, n);
}

/* The last space of v[0..n), or NULL. */
static const char *last_space(const char *v, size_t n) {
    while (n && v[n - 1] != ' ')
        n--;
    return n ? v + n - 1 : NULL;
}

/* The length of v without a closing generational suffix (" Jr", " 3rd",
 * " II"), *suffix pointing at it ("" when there is none). */
static size_t strip_suffix(const char *v, size_t n, const char **suffix) {
    static const char *const sfx[] = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV",
                                      "2nd", "3rd", "4th", NULL};
    *suffix = "";
    const char *sp = last_space(v, n);
    if (!sp)
        return n;
    for (size_t i = 0; sfx[i]; i++)
        if (strlen(sfx[i]) == n - (size_t)(sp + 1 - v) && memcmp(sp + 1, sfx[i], strlen(sfx[i])) == 0) {
            *suffix = sp + 1;
            return (size_t)(sp - v);
        }
    return n;
}

/* "Rajpurkar P" / "Müller-Schmidt JK" / "Weir J Jr" → "P. Rajpurkar" /
 * "J. K. Müller-Schmidt" / "J. Weir Jr" into r->name; a name whose last
 * word is not initials stays as it is. */
static void short_name(pdx_status *st, medline *r, const char *v) {
    pdx_buf__clear(&r->name);
    const char *suffix;
    size_t n = strip_suffix(v, strlen(v), &suffix);
    const char *sp = last_space(v, n);
    const char *ini = sp ? sp + 1 : NULL;
    size_t k = ini ? n - (size_t)(ini - v) : 0;
    bool initials = k >= 1 && k <= 4;
    for (size_t i = 0; initials && i < k; i++)
        initials = isupper((unsigned char)ini[i]);
    if (!initials) {
        pdx_buf__adds(st, &r->name, v);
        return;
    }
    for (size_t i = 0; i < k; i++) {
        pdx_buf__addc(st, &r->name, ini[i]);
        pdx_buf__adds(st, &r->name, ". ");
    }
    pdx_buf__add(st, &r->name, v, (size_t)(sp - v));
    if (*suffix) {
        pdx_buf__addc(st, &r->name, ' ');
        pdx_buf__adds(st, &r->name, suffix);
    }
}

/* Adds one name, in the long (FAU: "Family, Given") or short (AU) form. */
static void add_name(pdx_status *st, medline *r, pdx_paper *p, const char *v, bool is_short) {
    if (is_short) {
        short_name(st, r, v);
    } else {
        pdx_buf__clear(&r->name);
        pdx_tagged__turn_name(st, &r->name, v);
    }
    pdx_read__plain(st, &r->tmp, r->name.p ? r->name.p : "", r->name.n);
    if (*st || !r->tmp.n)
        return;
    size_t n = pdx_read__et_al(p, r->tmp.p, r->tmp.n);
    if (!n)
        return;
    pdx_paper__add_author(st, p, r->tmp.p, n, 0);
    if (!*st)
        *st = pdx_read__learn_name(r->ctx, r->tmp.p, n);
}

/* Adds the names of the lines tagged `a` or `b` (NULL: none), in their
 * order; false when there are none. */
static bool add_names(pdx_status *st, medline *r, pdx_paper *p, const char *a, const char *b,
                      bool is_short) {
    size_t before = p->authors.n;
    for (size_t i = 0; i < r->rec.n && !*st; i++) {
        const pdx_tag_field *f = &r->rec.f[i];
        if (f->len && (strcmp(f->tag, a) == 0 || (b && strcmp(f->tag, b) == 0)))
            add_name(st, r, p, pdx_tagged__value(&r->rec, i), is_short && strcmp(f->tag, a) == 0);
    }
    return p->authors.n > before;
}

/* DP's date into out: "2019 Jun 21", "2019 Jun-Jul" (June), "2019
 * Spring" and "2019" (the year).  Returns its length, 0 when there is no
 * year. */
static size_t dp_date(char out[11], const char *dp) {
    if (strspn(dp, "0123456789") != 4)
        return pdx_read__date(out, dp, strlen(dp)); /* not NLM's shape */
    const char *m = dp + 4;
    while (*m == ' ')
        m++;
    size_t mn = 0;
    while (isalpha((unsigned char)m[mn]))
        mn++;
    int month = mn ? pdx_read__month(m, mn) : 0;
    char iso[11];
    memcpy(iso, dp, 4);
    size_t n = 4;
    if (month) {
        const char *d = m + mn;
        while (*d == ' ')
            d++;
        size_t dn = strspn(d, "0123456789");
        int day = dn && dn <= 2 ? atoi(d) : 0;
        n = (size_t)snprintf(iso + 4, sizeof iso - 4, "-%02d", month) + 4;
        if (day >= 1 && day <= 31 && d[dn] != '-')
            n += (size_t)snprintf(iso + n, sizeof iso - n, "-%02d", day);
    }
    return pdx_read__date(out, iso, n);
}

/* The date: DP, with DEP's month and day when DP has none and the years
 * agree ("DP 2019", "DEP 20190621" → 2019-06-21). */
static void set_date(pdx_status *st, medline *r, pdx_paper *p) {
    const char *dp = get(r, "DP"), *dep = get(r, "DEP");
    char a[11], b[11];
    size_t an = dp ? dp_date(a, dp) : 0, bn = 0;
    if (dep && strspn(dep, "0123456789") == 8) {
        char iso[11] = {dep[0], dep[1], dep[2], dep[3], '-', dep[4], dep[5], '-', dep[6], dep[7], 0};
        bn = pdx_read__date(b, iso, 10);
    }
    if (bn && (!an || (memcmp(a, b, 4) == 0 && bn > an)))
        pdx_paper__set_date(st, p, b, bn);
    else if (an)
        pdx_paper__set_date(st, p, a, an);
}

/* PG with an abbreviated end page written out: "1123-30" → "1123-1130";
 * "e1002686", "S12-9" and whole ranges as they are. */
static void set_pages(pdx_status *st, medline *r, pdx_paper *p) {
    const char *v = get(r, "PG");
    if (!v)
        return;
    pdx_buf__clear(&r->name);
    const char *dash = strchr(v, '-');
    size_t a = dash ? (size_t)(dash - v) : 0, b = dash ? strlen(dash + 1) : 0;
    if (dash && a && b && b < a && strspn(v, "0123456789") == a &&
        strspn(dash + 1, "0123456789") == b) {
        pdx_buf__add(st, &r->name, v, a + 1);
        pdx_buf__add(st, &r->name, v, a - b);
        pdx_buf__adds(st, &r->name, dash + 1);
    } else {
        pdx_buf__adds(st, &r->name, v);
    }
    pdx_paper__set_pages(st, p, pdx_buf__str(&r->name), r->name.n);
}

/* PMID, PMC, and the DOI of LID or AID ("10.1/x [doi]"; a "[pii]" is the
 * publisher's own number). Does nothing after an error. */
static void add_ids(pdx_status *st, medline *r, pdx_paper *p) {
    const char *v;
    if ((v = get(r, "PMID")) && strspn(v, "0123456789") == strlen(v))
        pdx_paper__add_id(st, p, "pmid", v, strlen(v));
    if ((v = get(r, "PMC")) && strncmp(v, "PMC", 3) == 0)
        pdx_paper__add_id(st, p, "pmcid", v, strcspn(v, " "));
    for (size_t i = 0; i < r->rec.n && !*st; i++) {
        const pdx_tag_field *f = &r->rec.f[i];
        const char *val = pdx_tagged__value(&r->rec, i);
        if ((strcmp(f->tag, "LID") == 0 || strcmp(f->tag, "AID") == 0) && f->len > 6 &&
            strcmp(val + f->len - 6, " [doi]") == 0 && !pdx_paper_extid(p, "doi"))
            pdx_read__add_doi(st, p, val, f->len - 6);
    }
}

/* Makes the record read so far into *out; NULL when it is not one
 * (reported). */
static pdx_status make_record(medline *r, pdx_paper **out) {
    *out = NULL;
    if (r->too_long) {
        pdx_read__report(r->ctx, r->at_line, "MEDLINE record longer than %u MiB; skipped",
                         MAX_RECORD >> 20);
        return PDX_OK;
    }
    const char *title = get(r, "TI"), *book = get(r, "BTI");
    const char *abstract = get(r, "AB");
    if (!title && !book && !abstract) {
        pdx_read__report(r->ctx, r->at_line,
                         "MEDLINE record has neither a title (TI) nor an abstract (AB); skipped");
        return PDX_OK;
    }
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    if (st)
        return st;
    pdx_paper__add_source(&st, p, r->ctx->file, r->at_line);
    if (title || book)
        set_title(&st, r, p, title ? title : book);
    pdx_read__set_plain(&st, &r->tmp, p, pdx_paper__set_abstract, abstract,
                        abstract ? strlen(abstract) : 0);
    if (!add_names(&st, r, p, "FAU", "CN", false) && !add_names(&st, r, p, "AU", "CN", true) &&
        !add_names(&st, r, p, "FED", NULL, false))
        add_names(&st, r, p, "ED", NULL, true);
    set_date(&st, r, p);
    const char *v = get(r, "JT");
    if (!v)
        v = get(r, "TA");
    if (!v && title && book)
        v = book;
    if (v)
        pdx_read__set_plain(&st, &r->tmp, p, pdx_paper__set_venue, v, strlen(v));
    if ((v = get(r, "VI")))
        pdx_paper__set_volume(&st, p, v, strlen(v));
    if ((v = get(r, "IP")))
        pdx_paper__set_number(&st, p, v, strlen(v));
    set_pages(&st, r, p);
    add_ids(&st, r, p);
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    *out = p;
    return PDX_OK;
}

/* ---- reading ---------------------------------------------------------------- */

static void begin_record(pdx_status *st, medline *r, size_t line, const char *tag,
                         const char *v, size_t n) {
    pdx_tagged__reset(&r->rec);
    r->too_long = false;
    r->open = true;
    r->stray_told = false;
    r->at_line = line;
    pdx_tagged__add(st, &r->rec, tag, v, n);
}

/* Ends the open record into *out (NULL when it was not one). */
static pdx_status end_record(medline *r, pdx_paper **out) {
    r->open = false;
    return make_record(r, out);
}

/* A PMID line inside a record with no blank line before it: the open
 * record ends there and this line is kept for the next call, since one
 * call returns one record. */
static pdx_status at_pmid(medline *r, pdx_paper **out, size_t line, const char *v, size_t n) {
    pdx_status st = end_record(r, out);
    if (st || !*out) {
        if (!st)
            begin_record(&st, r, line, "PMID", v, n);
        return st;
    }
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

/* One line s[0..n) that is neither blank nor binary, at `lineno`. */
static pdx_status read_line(medline *r, pdx_paper **out, const char *s, size_t n,
                            size_t lineno) {
    pdx_status st = PDX_OK;
    char tag[5];
    const char *v;
    size_t vn;
    bool tagged = tag_line(s, n, tag, &v, &vn);
    if (tagged && r->open && strcmp(tag, "PMID") == 0)
        return at_pmid(r, out, lineno, v, vn);
    if (!r->open) {
        if (tagged) {
            begin_record(&st, r, lineno, tag, v, vn);
        } else if (!r->stray_told) {
            pdx_read__report(r->ctx, lineno,
                             "text outside a MEDLINE record (no tag line before it); skipped up "
                             "to the next record");
            r->stray_told = true;
        }
        return st;
    }
    if (r->too_long)
        return PDX_OK;
    if (tagged) {
        pdx_tagged__add(&st, &r->rec, tag, v, vn);
    } else {
        size_t b = 0;
        while (b < n && (s[b] == ' ' || s[b] == '\t'))
            b++;
        pdx_tagged__continue(&st, &r->rec, s + b, n - b);
    }
    r->too_long = r->rec.vals.n > MAX_RECORD;
    return st;
}

static pdx_status medline_next(void *vr, pdx_paper **out) {
    medline *r = vr;
    *out = NULL;
    pdx_status st = PDX_OK;
    if (r->pending) {
        r->pending = false;
        begin_record(&st, r, r->pending_line, "PMID",
                     r->pending_val.p ? r->pending_val.p : "", r->pending_val.n);
        if (st)
            return st;
    }
    for (;;) {
        const char *s;
        size_t n;
        if ((st = pdx_read__line(r->ctx, &r->line, &s, &n)))
            return st;
        if (!s)
            return r->open ? end_record(r, out) : PDX_OK;
        size_t lineno = pdx_input__lineno(r->ctx->in);
        size_t b = 0;
        while (b < n && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r'))
            b++;
        if (b == n) { /* a blank line ends a record */
            if (r->open && ((st = end_record(r, out)) || *out))
                return st;
            continue;
        }
        if (pdx_tagged__binary_line(s, n)) {
            pdx_read__report(r->ctx, lineno, "control characters (binary data?); line skipped");
            continue;
        }
        if ((st = read_line(r, out, s, n, lineno)) || *out)
            return st;
    }
}

static pdx_status medline_open(void **out, pdx_read_ctx *ctx) {
    medline *r = calloc(1, sizeof *r);
    *out = r;
    if (!r)
        return PDX_ENOMEM;
    r->ctx = ctx;
    pdx_input__accept_invalid(ctx->in, true); /* a file re-saved as Latin-1 */
    return PDX_OK;
}

static void medline_close(void *vr) {
    medline *r = vr;
    if (!r)
        return;
    pdx_tagged__free(&r->rec);
    pdx_buf__free(&r->line);
    pdx_buf__free(&r->tmp);
    pdx_buf__free(&r->name);
    pdx_buf__free(&r->pending_val);
    free(r);
}

/* 95 when the first line that is not blank is a PMID tag line; 60 when
 * one of the first ten is and two more tag lines follow it (a file with a
 * header line or two). */
static int medline_sniff(const char *head, size_t n, const char *path) {
    (void)path;
    return pdx_tagged__sniff(head, n, tag_line, "PMID");
}

const pdx_reader pdx_reader__medline = {
    "medline",
    "PubMed / MEDLINE exports (.nbib, PubMed format): PMID- ... TI  - ... FAU - ...",
    medline_sniff,
    medline_open,
    medline_next,
    medline_close,
};
