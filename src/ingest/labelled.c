/*
 * labelled.c — the reader for labelled records: pages whose papers are
 * blocks of "Label: value" lines, as arXiv's listing pages show them and
 * many other sites (library catalogues, group pages, exports pasted into
 * a mail), in English and in other languages:
 *
 *   [1] arXiv:2301.01234 [pdf, ps, other]    an id line starts a record
 *   Title: Sparse Weaving with Fewer         Title / Titel / Titre ...
 *     Threads                                a value continues on the next
 *   Authors: Ana Ruiz, Bo Chen                 lines (indented, or before
 *   Comments: 12 pages                         the record's next label)
 *   Subjects: Machine Learning (cs.LG)       category cs.LG
 *   We weave sparse patterns on small        an abstract without a label:
 *   looms and show that ...                    prose after the labels
 *
 *   Titel: Dünne Gewebe                      the next record: a label the
 *   Autoren: Ana Ruiz und Bo Chen              record already has
 *   Jahr: 2019
 *   Zusammenfassung: Wir weben ...
 *
 * A record starts at an id line ("arXiv:ID [pdf …]", maybe numbered
 * "[3]"), or at a title, authors or abstract label when there is no record
 * or the record already has that field.  Date, venue, DOI and the labels
 * that are only known (Comments, Subjects, Keywords, …) belong to the
 * record being read.  An unlabelled line is, in this order:
 *
 *  - the rest of the value above it when it is indented, or when the
 *    next line is a label of the same record (a wrapped title before its
 *    "Authors:"), or when the value asks for more (an author list ending
 *    in a comma or "and", an abstract that has not ended its sentence);
 *  - the title, right after an id line when the record has none (arXiv's
 *    search results put the title there without a label);
 *  - the abstract, when it is prose and the record has a title and no
 *    abstract;
 *  - otherwise not part of any record: it ends the record (page chrome
 *    between records, a heading, a footer "Last updated: …").
 *
 * Values are read as the other readers read them: authors through
 * pdx_read__authors ("A, B and C", "Ruiz, Ana; Chen, Bo", "und"/"et"
 * made "and"), dates in every form the page readers accept
 * (pdx_shape__date_line, else pdx_read__date), abstracts through
 * pdx_page__set_abstract ("(see more)" splices repaired).  A record
 * without a date takes its year from its venue ("Journal of Loom
 * Science, 2019") or its new-style arXiv id (2301.01234: January 2023).
 * A record without a title is reported at its first line and skipped.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/fields.h"
#include "ingest/page.h"
#include "ingest/pagetext.h"
#include "ingest/reader.h"
#include "ingest/shape.h"

enum {
    F_TITLE, F_AUTHORS, F_ABSTRACT, F_DATE, F_DOI, F_ARXIV, F_VENUE, F_JOURNAL_REF,
    F_CATEGORY, F_LINK, F_OTHER, F_COUNT
};
#define F_NONE (-1)

/* Known labels, folded to ASCII lower case (UTF-8 bytes kept as they are):
 * English, German, French, Spanish and Italian as sites write them. */
static const struct {
    const char *name;
    int field;
} labels[] = {
    {"title", F_TITLE}, {"titel", F_TITLE}, {"titre", F_TITLE}, {"t\xC3\xADtulo", F_TITLE},
    {"titolo", F_TITLE}, {"paper title", F_TITLE},
    {"authors", F_AUTHORS}, {"author", F_AUTHORS}, {"author(s)", F_AUTHORS}, {"autoren", F_AUTHORS},
    {"autor", F_AUTHORS}, {"autor(en)", F_AUTHORS}, {"verfasser", F_AUTHORS}, {"auteurs", F_AUTHORS},
    {"auteur", F_AUTHORS}, {"auteur(s)", F_AUTHORS}, {"autores", F_AUTHORS}, {"autori", F_AUTHORS},
    {"creators", F_AUTHORS}, {"creator", F_AUTHORS},
    {"abstract", F_ABSTRACT}, {"summary", F_ABSTRACT}, {"zusammenfassung", F_ABSTRACT},
    {"kurzfassung", F_ABSTRACT}, {"r\xC3\xA9sum\xC3\xA9", F_ABSTRACT}, {"resume", F_ABSTRACT},
    {"resumen", F_ABSTRACT}, {"riassunto", F_ABSTRACT},
    {"year", F_DATE}, {"date", F_DATE}, {"published", F_DATE}, {"publication date", F_DATE},
    {"date published", F_DATE}, {"submitted", F_DATE}, {"submitted on", F_DATE},
    {"jahr", F_DATE}, {"datum", F_DATE}, {"erscheinungsjahr", F_DATE}, {"ver\xC3\xB6" "ffentlicht", F_DATE},
    {"ann\xC3\xA9" "e", F_DATE}, {"annee", F_DATE}, {"date de publication", F_DATE},
    {"publi\xC3\xA9", F_DATE}, {"a\xC3\xB1o", F_DATE}, {"fecha", F_DATE}, {"anno", F_DATE},
    {"doi", F_DOI},
    {"arxiv", F_ARXIV}, {"arxiv id", F_ARXIV}, {"e-print", F_ARXIV},
    {"journal", F_VENUE}, {"venue", F_VENUE}, {"published in", F_VENUE}, {"conference", F_VENUE},
    {"source", F_VENUE}, {"zeitschrift", F_VENUE}, {"erschienen in", F_VENUE}, {"revue", F_VENUE},
    {"publi\xC3\xA9 dans", F_VENUE}, {"journal-ref", F_JOURNAL_REF},
    {"subjects", F_CATEGORY}, {"subject", F_CATEGORY}, {"categories", F_CATEGORY},
    {"category", F_CATEGORY}, {"primary subject", F_CATEGORY},
    {"url", F_LINK}, {"link", F_LINK},
    {"comments", F_OTHER}, {"comment", F_OTHER}, {"keywords", F_OTHER}, {"schlagw\xC3\xB6rter", F_OTHER},
    {"stichw\xC3\xB6rter", F_OTHER}, {"mots-cl\xC3\xA9s", F_OTHER}, {"mots cl\xC3\xA9s", F_OTHER},
    {"palabras clave", F_OTHER}, {"pages", F_OTHER}, {"seiten", F_OTHER}, {"report-no", F_OTHER},
    {"msc-class", F_OTHER}, {"acm-class", F_OTHER}, {"cited by", F_OTHER}, {"citations", F_OTHER},
    {"pdf", F_OTHER}, {"notes", F_OTHER}, {"note", F_OTHER}, {"type", F_OTHER},
    {"language", F_OTHER}, {"sprache", F_OTHER}, {"langue", F_OTHER}, {"volume", F_OTHER},
    {"issue", F_OTHER}, {"publisher", F_OTHER}, {"verlag", F_OTHER}, {"\xC3\xA9" "diteur", F_OTHER},
    {"isbn", F_OTHER}, {"issn", F_OTHER}, {"kommentar", F_OTHER}, {"commentaires", F_OTHER},
};

/* A non-blank line of the file, without surrounding blanks. */
typedef struct lline {
    char *s;
    size_t n;
    size_t no;   /* 1-based line number in the file */
    bool indent; /* it started with a blank */
    bool gap;    /* a blank line came before it */
} lline;

typedef struct labelled {
    pdx_read_ctx *ctx;
    lline *v;
    size_t n, cap;
    size_t next;         /* the next line to read */
    pdx_status read_st;  /* a read error met while loading (returned last) */
    /* the record being read */
    pdx_buf field[F_COUNT];
    bool has[F_COUNT];
    bool open;
    size_t start;        /* its first line (file line number) */
    int cur;             /* the field its last line went to, or F_NONE */
    int last_label;      /* the field of its last label line, or F_NONE */
    bool label_indent;   /* that label line was indented */
    pdx_buf tmp, tmp2;
} labelled;

/* ---- lines ---------------------------------------------------------------- */

static bool blank(char c) { return c == ' ' || c == '\t'; }

static pdx_status load(labelled *r) {
    pdx_status st = PDX_OK;
    size_t bytes = 0;
    bool gap = false;
    for (;;) {
        const char *s;
        size_t n;
        if ((st = pdx_input__line(&s, &n, r->ctx->in, r->ctx)) || !s)
            break;
        size_t no = pdx_input__lineno(r->ctx->in);
        bool indent = n && blank(s[0]);
        while (n && blank(*s)) {
            s++;
            n--;
        }
        while (n && blank(s[n - 1]))
            n--;
        if (!n) {
            gap = true;
            continue;
        }
        if ((bytes += n) > PDX_PAGE_MAX_BYTES) {
            pdx_read__report(r->ctx, no, "more than %u MiB of records; the rest is not read",
                             PDX_PAGE_MAX_BYTES >> 20);
            break;
        }
        if (r->n == r->cap) {
            size_t cap = r->cap ? 2 * r->cap : 256;
            lline *v = realloc(r->v, cap * sizeof *v);
            if (!v)
                return PDX_ENOMEM;
            r->v = v;
            r->cap = cap;
        }
        char *c = malloc(n + 1);
        if (!c)
            return PDX_ENOMEM;
        memcpy(c, s, n);
        c[n] = '\0';
        r->v[r->n++] = (lline){c, n, no, indent, gap};
        gap = false;
    }
    return st;
}

/* ---- what a line is --------------------------------------------------------- */

/* An arXiv id at s[0..n): "2301.01234", "2301.01234v2", "0704.0001",
 * "math-ph/0509002", "hep-th/9108002v1".  Returns its length, 0 if none. */
static size_t arxiv_id(const char *s, size_t n) {
    size_t i = 0;
    while (i < n && isdigit((unsigned char)s[i]))
        i++;
    if (i == 4 && i < n && s[i] == '.') {
        size_t d = ++i;
        while (i < n && isdigit((unsigned char)s[i]))
            i++;
        if (i - d < 4 || i - d > 5)
            return 0;
    } else {
        i = 0;
        while (i < n && (islower((unsigned char)s[i]) || s[i] == '-' || s[i] == '.' ||
                         isupper((unsigned char)s[i])))
            i++;
        if (i < 2 || i >= n || s[i] != '/')
            return 0;
        size_t d = ++i;
        while (i < n && isdigit((unsigned char)s[i]))
            i++;
        if (i - d != 7)
            return 0;
    }
    if (i < n && s[i] == 'v') {
        size_t d = ++i;
        while (i < n && isdigit((unsigned char)s[i]))
            i++;
        if (i == d)
            return 0;
    }
    return i == n || blank(s[i]) || s[i] == '[' || s[i] == '(' ? i : 0;
}

/* An id line of a listing: "arXiv:2301.01234 [pdf, ps, other]",
 * "[3]  arXiv:2301.01234 (cross-list from cs.AI) [pdf]", or the bare
 * "arXiv:2301.01234".  Sets the id's place in the line, and *listing when
 * the line is a listing's (numbered, or with links after the id): such a
 * line always starts a record, while a bare "arXiv: ID" may be a label of
 * the record above. */
static bool id_line(const char *s, size_t n, size_t *at, size_t *len, bool *listing) {
    size_t i = 0;
    *listing = n && s[0] == '[';
    if (*listing) { /* "[12]" */
        i = 1;
        while (i < n && isdigit((unsigned char)s[i]))
            i++;
        if (i == 1 || i >= n || s[i] != ']')
            return false;
        i++;
        while (i < n && blank(s[i]))
            i++;
        if (i + 2 <= n && memcmp(s + i, "\xC2\xA0", 2) == 0) /* &nbsp; kept by a copy */
            i += 2;
        while (i < n && blank(s[i]))
            i++;
    }
    if (n - i < 6 || strncasecmp(s + i, "arxiv:", 6) != 0)
        return false;
    i += 6;
    while (i < n && blank(s[i]))
        i++;
    *at = i;
    *len = arxiv_id(s + i, n - i);
    if (!*len)
        return false;
    /* after the id: nothing, or what listings put there (links, a cross-list note) */
    size_t j = i + *len;
    while (j < n && blank(s[j]))
        j++;
    *listing = *listing || j < n;
    return j == n || s[j] == '[' || s[j] == '(';
}

/* The known label opening s[0..n) ("Title:", "Titre :", "DOI:"): its
 * field and where the value starts.  F_NONE when the line has none. */
static int label_of(const char *s, size_t n, size_t *value) {
    const char *colon = memchr(s, ':', n < 32 ? n : 32);
    if (!colon || colon == s)
        return F_NONE;
    size_t k = (size_t)(colon - s);
    while (k && blank(s[k - 1])) /* French typography: "Titre :" */
        k--;
    char name[32];
    for (size_t i = 0; i < k; i++)
        name[i] = (char)tolower((unsigned char)s[i]);
    name[k] = '\0';
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        if (strcmp(labels[i].name, name) == 0) {
            size_t v = (size_t)(colon - s) + 1;
            while (v < n && blank(s[v]))
                v++;
            *value = v;
            return labels[i].field;
        }
    return F_NONE;
}

/* ---- records ----------------------------------------------------------------- */

static void reset(labelled *r) {
    for (size_t i = 0; i < F_COUNT; i++) {
        pdx_buf__clear(&r->field[i]);
        r->has[i] = false;
    }
    r->open = false;
    r->start = 0;
    r->cur = r->last_label = F_NONE;
}

/* Appends a line to a field's value, one space between lines. */
static void append(pdx_status *st, labelled *r, int f, const char *s, size_t n) {
    pdx_buf *b = &r->field[f];
    if (b->n && n)
        pdx_buf__addc(st, b, ' ');
    pdx_buf__add(st, b, s, n);
    r->has[f] = true;
}

/* True when a label line for field `f` (or an id line; `gap`: after a
 * blank line) starts a new record rather than adding to the one being
 * read.  *opens: whether the line may open a record at all. */
static bool starts_record(const labelled *r, int f, bool is_id, bool listing, bool gap,
                          bool *opens) {
    *opens = is_id || f == F_TITLE || f == F_AUTHORS || f == F_ABSTRACT;
    if (!r->open)
        return *opens;
    if (is_id)
        return r->has[F_ARXIV] || (listing && (r->has[F_TITLE] || r->has[F_AUTHORS]));
    /* "Author: A" / "Author: B": one list written a name a line */
    if (f == F_AUTHORS && r->last_label == F_AUTHORS && r->cur == F_AUTHORS)
        return false;
    /* a title after a record's abstract, or after its authors across a
     * blank line, is the next record's (the one above lost its title) */
    if (f == F_TITLE && (r->has[F_ABSTRACT] || (gap && r->has[F_AUTHORS])))
        return true;
    return *opens && r->has[f];
}

/* The year at the end of a venue: "Journal of Loom Science, 2019",
 * "Proc. Looms (2019) 12-19" — the last four-digit number 1900..2099 that
 * stands alone.  0 when none. */
static int venue_year(const char *s, size_t n) {
    int year = 0;
    for (size_t i = 0; i + 4 <= n; i++) {
        if (i && isdigit((unsigned char)s[i - 1]))
            continue;
        size_t k = 0;
        while (i + k < n && isdigit((unsigned char)s[i + k]))
            k++;
        if (k == 4) {
            int y = atoi(s + i);
            if (y >= 1900 && y <= 2099)
                year = y;
        }
        i += k;
    }
    return year;
}

/* Writes a date value as the page readers read dates ("July 3, 2018",
 * "3 July 2018", "2018-07", "Jan 27") or, failing that, as the metadata
 * readers do ("Mon, 2 Apr 2007 19:18:42 GMT", "2019", "3. Juli 2018" → its
 * year).  Returns the length, 0 when there is no date. */
static size_t read_date(char out[16], const char *s, size_t n) {
    if (pdx_shape__date_line(s, n, out))
        return strlen(out);
    char d[11];
    size_t k = pdx_read__date(d, s, n);
    memcpy(out, d, k + 1);
    return k;
}

/* "Ana Ruiz und Bo Chen", "Ana Ruiz et Bo Chen": the list's last "and"
 * in German or French made English, for pdx_read__authors. */
static void english_and(pdx_status *st, pdx_buf *out, const char *s, size_t n) {
    pdx_buf__clear(out);
    for (size_t i = 0; i < n && !*st;) {
        if (i + 5 <= n && memcmp(s + i, " und ", 5) == 0) {
            pdx_buf__add(st, out, " and ", 5);
            i += 5;
        } else if (i + 4 <= n && memcmp(s + i, " et ", 4) == 0 &&
                   !(i + 6 <= n && memcmp(s + i + 4, "al", 2) == 0)) {
            pdx_buf__add(st, out, " and ", 5);
            i += 4;
        } else {
            pdx_buf__addc(st, out, s[i++]);
        }
    }
}

/* The category of a Subjects value: the first code in brackets ("Machine
 * Learning (cs.LG); …" → cs.LG), else its first item. */
static void set_category(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    const char *o = memchr(s, '(', n);
    const char *c = o ? memchr(o, ')', n - (size_t)(o - s)) : NULL;
    if (o && c && c - o > 1 && c - o < 24 && !memchr(o + 1, ' ', (size_t)(c - o - 1))) {
        pdx_paper__set_category(st, p, o + 1, (size_t)(c - o - 1));
        return;
    }
    size_t e = strcspn(s, ";,");
    pdx_paper__set_category(st, p, s, e < n ? e : n);
}

/* Makes the record read so far; *out stays NULL when it has no title
 * (reported). */
static pdx_status build(labelled *r, pdx_paper **out) {
    *out = NULL;
    pdx_buf *f = r->field;
    if (!r->has[F_TITLE] || !f[F_TITLE].n) {
        pdx_read__report(r->ctx, r->start, "a labelled record with no title%s%.60s%s; skipped",
                         r->has[F_AUTHORS] ? " (authors: " : "",
                         r->has[F_AUTHORS] ? f[F_AUTHORS].p : "", r->has[F_AUTHORS] ? ")" : "");
        return PDX_OK;
    }
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    if (st)
        return st;
    pdx_paper__add_source(&st, p, r->ctx->file, r->start);
    pdx_read__set(&st, &r->tmp, p, pdx_paper__set_title, f[F_TITLE].p, f[F_TITLE].n);
    if (r->has[F_AUTHORS] && !st) {
        english_and(&st, &r->tmp2, f[F_AUTHORS].p, f[F_AUTHORS].n);
        pdx_read__text(&st, &r->tmp, r->tmp2.p, r->tmp2.n);
        if (!st)
            pdx_read__authors(&st, r->ctx, p, r->tmp.p, r->tmp.n);
    }
    if (r->has[F_ABSTRACT] && f[F_ABSTRACT].n)
        pdx_page__set_abstract(&st, p, f[F_ABSTRACT].p, f[F_ABSTRACT].n, &r->tmp);
    if (r->has[F_ARXIV]) {
        size_t at, len;
        const char *s = f[F_ARXIV].p;
        size_t n = f[F_ARXIV].n;
        bool listing;
        if (id_line(s, n, &at, &len, &listing))
            pdx_read__add_arxiv(&st, p, s + at, len);
        else if ((len = arxiv_id(s, n)) > 0)
            pdx_read__add_arxiv(&st, p, s, len);
        else
            pdx_read__add_arxiv(&st, p, s, strcspn(s, " \t"));
    }
    if (r->has[F_DOI])
        pdx_read__add_doi(&st, p, f[F_DOI].p, f[F_DOI].n);
    if (r->has[F_LINK] && !pdx_read__add_doi(&st, p, f[F_LINK].p, f[F_LINK].n))
        pdx_read__add_arxiv(&st, p, f[F_LINK].p, strcspn(f[F_LINK].p, " \t"));
    if (r->has[F_CATEGORY] && f[F_CATEGORY].n)
        set_category(&st, p, f[F_CATEGORY].p, f[F_CATEGORY].n);
    int venue = r->has[F_VENUE] ? F_VENUE : r->has[F_JOURNAL_REF] ? F_JOURNAL_REF : F_NONE;
    if (venue != F_NONE)
        pdx_read__set(&st, &r->tmp, p, pdx_paper__set_venue, f[venue].p, f[venue].n);
    if (r->has[F_JOURNAL_REF])
        pdx_read__set(&st, &r->tmp, p, pdx_paper__set_journal_ref, f[F_JOURNAL_REF].p,
                      f[F_JOURNAL_REF].n);
    char date[16];
    size_t dn = r->has[F_DATE] ? read_date(date, f[F_DATE].p, f[F_DATE].n) : 0;
    int y = 0;
    const char *ax = pdx_paper__get_id(p, "arxiv");
    if (!dn && venue != F_NONE && (y = venue_year(f[venue].p, f[venue].n)) > 0)
        dn = (size_t)snprintf(date, sizeof date, "%04d", y);
    else if (!dn && ax && arxiv_id(ax, strlen(ax)) && ax[4] == '.' && ax[2] >= '0' && ax[2] <= '1')
        /* a new-style id names its month: 2301.01234 was sent in January 2023 */
        dn = (size_t)snprintf(date, sizeof date, "20%.2s-%.2s", ax, ax + 2);
    if (dn)
        pdx_paper__set_date(&st, p, date, dn);
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    *out = p;
    return PDX_OK;
}

/* True when the line after `i` is a label that adds to the record being
 * read (not one that starts the next). */
static bool label_follows(const labelled *r, size_t i) {
    if (i + 1 >= r->n || r->v[i + 1].gap)
        return false;
    const lline *l = &r->v[i + 1];
    size_t v, a, len;
    int f = label_of(l->s, l->n, &v);
    bool listing = false, opens;
    bool is_id = id_line(l->s, l->n, &a, &len, &listing);
    if (is_id)
        f = F_ARXIV;
    return f != F_NONE && !starts_record(r, f, is_id, listing, l->gap, &opens);
}

/* A value that asks for more: an author list ending in "," or "and". */
static bool wants_more(const pdx_buf *b) {
    size_t n = b->n;
    while (n && blank(b->p[n - 1]))
        n--;
    return n && (b->p[n - 1] == ',' || b->p[n - 1] == ';' ||
                 (n >= 4 && memcmp(b->p + n - 4, " and", 4) == 0) ||
                 (n >= 4 && memcmp(b->p + n - 4, " und", 4) == 0) ||
                 (n >= 3 && memcmp(b->p + n - 3, " et", 3) == 0));
}

/* Prose that opens an abstract without a label: eight words or more, half
 * of them lower case ("We weave sparse patterns on small
 * looms and show that"), or a sentence (pdx_shape__prose). */
static bool abstract_start(const lline *l) {
    if (pdx_shape__prose(l->s, l->n, 8))
        return true;
    size_t words = 0, lower = 0;
    for (size_t i = 0; i < l->n;) {
        while (i < l->n && l->s[i] == ' ')
            i++;
        if (i >= l->n)
            break;
        words++;
        lower += islower((unsigned char)l->s[i]) != 0;
        while (i < l->n && l->s[i] != ' ')
            i++;
    }
    return words >= 8 && lower * 2 >= words;
}

/* Where an unlabelled line goes: a field of the record, or F_NONE (it
 * ends the record). */
static int unlabelled(const labelled *r, size_t i) {
    const lline *l = &r->v[i];
    int cur = r->cur;
    /* a page's stamp, "Last updated: January 2024", is no one's value */
    const char *colon = memchr(l->s, ':', l->n < 32 ? l->n : 32);
    char date[16];
    if (colon && pdx_shape__date_line(colon + 1, l->n - (size_t)(colon + 1 - l->s), date))
        return F_NONE;
    if (cur == F_ABSTRACT && !l->gap) {
        const pdx_buf *a = &r->field[F_ABSTRACT];
        return !pdx_page__ends_sentence(a->p, a->n) || abstract_start(l) ? F_ABSTRACT : F_NONE;
    }
    /* prose after the labels, indented or not, unless a wrapped title or
     * author list goes on to the next label */
    if (!r->has[F_ABSTRACT] && r->has[F_TITLE] && abstract_start(l) &&
        !((cur == F_TITLE || cur == F_AUTHORS) && label_follows(r, i)))
        return F_ABSTRACT;
    /* indented under a label that is not: a page indented by its markup
     * indents labels and chrome alike */
    if (cur != F_NONE && l->indent && !l->gap && !r->label_indent)
        return cur;
    if ((cur == F_TITLE || cur == F_AUTHORS) && !l->gap &&
        (label_follows(r, i) || (cur == F_AUTHORS && wants_more(&r->field[F_AUTHORS]))))
        return cur;
    if (cur == F_ARXIV && !r->has[F_TITLE] && !l->gap && pdx_shape__title(l->s, l->n) &&
        !pdx_shape__prose(l->s, l->n, 8))
        return F_TITLE;
    if (!r->has[F_ABSTRACT] && r->has[F_TITLE] && abstract_start(l))
        return F_ABSTRACT;
    if (cur != F_NONE && cur != F_ABSTRACT && !l->gap && label_follows(r, i))
        return cur;
    return F_NONE;
}

/* Reads lines until a record is complete; *out NULL at the end. */
static pdx_status read_record(labelled *r, pdx_paper **out) {
    *out = NULL;
    while (r->next < r->n) {
        const lline *l = &r->v[r->next];
        size_t v = 0, at = 0, len = 0;
        int f = label_of(l->s, l->n, &v);
        bool listing = false, opens;
        bool is_id = id_line(l->s, l->n, &at, &len, &listing);
        if (is_id)
            f = F_ARXIV, v = 0;
        if (f != F_NONE) {
            if (starts_record(r, f, is_id, listing, l->gap, &opens) && r->open)
                return build(r, out); /* this line starts the next one */
            r->next++;
            if (!r->open && !opens)
                continue; /* "Last updated: …" outside a record */
            if (!r->open) {
                r->open = true;
                r->start = l->no;
            }
            r->last_label = f;
            r->label_indent = l->indent;
            if (r->has[f] && f != F_AUTHORS && f != F_OTHER) {
                r->cur = F_OTHER; /* a second date or DOI: the first stays */
                continue;
            }
            pdx_status st = PDX_OK;
            if (f == F_AUTHORS && r->has[f])
                pdx_buf__addc(&st, &r->field[f], ',');
            append(&st, r, f, l->s + v, l->n - v);
            if (st)
                return st;
            r->cur = f;
            continue;
        }
        if (!r->open) {
            r->next++; /* chrome before the first record or between records */
            continue;
        }
        int to = unlabelled(r, r->next);
        if (to == F_NONE)
            return build(r, out); /* the line is read again, outside a record */
        pdx_status st = PDX_OK;
        append(&st, r, to, l->s, l->n);
        if (st)
            return st;
        r->cur = to;
        r->next++;
    }
    return r->open ? build(r, out) : PDX_OK;
}

/* ---- the reader ------------------------------------------------------------ */

static void labelled_close(void *vr) {
    labelled *r = vr;
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i].s);
    free(r->v);
    for (size_t i = 0; i < F_COUNT; i++)
        pdx_buf__free(&r->field[i]);
    pdx_buf__free(&r->tmp);
    pdx_buf__free(&r->tmp2);
    free(r);
}

static pdx_status labelled_open(void **out, pdx_read_ctx *ctx) {
    labelled *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return PDX_ENOMEM;
    r->ctx = ctx;
    reset(r);
    pdx_status st = load(r);
    if (st == PDX_ENOMEM) {
        labelled_close(r);
        return st;
    }
    r->read_st = st; /* a read error keeps the lines before it */
    *out = r;
    return PDX_OK;
}

static pdx_status labelled_next(void *vr, pdx_paper **out) {
    labelled *r = vr;
    *out = NULL;
    pdx_status st = PDX_OK;
    while (!st && !*out && (r->next < r->n || r->open)) {
        st = read_record(r, out);
        reset(r);
    }
    if (!st && !*out) {
        st = r->read_st;
        r->read_st = PDX_OK;
    }
    return st;
}

/* ---- sniffing -------------------------------------------------------------- */

typedef struct sniff_counts {
    size_t titles, authors, ids, other, lines, bars;
} sniff_counts;

static bool sniff_line(const char *s, size_t n, void *payload) {
    sniff_counts *c = payload;
    while (n && blank(*s)) {
        s++;
        n--;
    }
    if (!n)
        return true;
    c->lines++;
    if (n >= 2 && s[0] == '\\' && s[1] == '\\')
        c->bars++;
    size_t v, a, len;
    bool listing;
    int f = label_of(s, n, &v);
    if (id_line(s, n, &a, &len, &listing))
        c->ids++;
    else if (f == F_TITLE)
        c->titles++;
    else if (f == F_AUTHORS)
        c->authors++;
    else if (f != F_NONE)
        c->other++;
    return true;
}

/* Sure when two records or more each show a title and authors under
 * labels (or an id line and authors: arXiv's search results leave the
 * title unlabelled); fairly sure for one such record among few other
 * lines.  Never for arXiv's own .abs files (their `\\` lines), which the
 * arxiv reader reads. */
static int labelled_sniff(const char *head, size_t n, const char *path) {
    size_t pl = strlen(path);
    if ((pl > 4 && strcmp(path + pl - 4, ".abs") == 0) || strstr(path, ".abs."))
        return 0;
    sniff_counts c = {0};
    pdx_shape__head_lines(head, n, 2000, sniff_line, &c);
    if (c.bars)
        return 0;
    size_t recs = c.titles > c.ids ? c.titles : c.ids;
    if (recs >= 2 && c.authors >= 2)
        return 92;
    if (recs == 1 && c.authors >= 1 && (c.titles + c.authors + c.other + c.ids) * 4 >= c.lines)
        return 75;
    return 0;
}

const pdx_reader pdx_reader__labelled = {
    "labelled",
    "records written as labelled lines (Title:, Authors:, Abstract:, ...; arXiv listing pages)",
    labelled_sniff,
    labelled_open,
    labelled_next,
    labelled_close,
};
