/*
 * csljson.c — the reader for CSL-JSON, the item format of citeproc: what
 * Zotero ("Export → CSL JSON"), Pandoc (`pandoc --to csljson`), Better
 * BibTeX and citeproc-js read and write.
 *
 *   [
 *     {
 *       "id": "ruiz2021", "type": "article-journal",
 *       "title": "Sparse Looms",
 *       "author": [{"family": "Ruiz", "given": "Ana"},
 *                  {"family": "Waals", "given": "Jan", "non-dropping-particle": "van der"},
 *                  {"literal": "LHCb Collaboration"}],
 *       "issued": {"date-parts": [[2021, 5, 17]]},
 *       "container-title": "Journal of Looms", "DOI": "10.1000/x", ...
 *     },
 *     ...
 *   ]
 *
 * Also read: one item alone ({...}), several items one after another
 * (CSL items written as JSON Lines), and the Zotero web API's wrapper
 * {"items": [...]}.
 *
 * Memory.  A CSL-JSON file is one array, but it is not parsed as one: a
 * scanner walks the text line by line, keeping only the item being read
 * (its brackets and strings tracked), and hands each whole item to
 * jansson.  So a 100 MB export needs the memory of its largest item, not
 * of the file, and the first record comes out at once (100,000 items in
 * 108 MB ingest with a peak of 33 MB resident; json_load_file of the same
 * file alone peaks at 362 MB).  Only the wrapper
 * object is parsed whole (the web API pages it at 100 items).  Each item
 * is at most MAX_ITEM bytes; a minified file is limited by the input's
 * longest line (PDX_INPUT_MAX_LINE), which Zotero and Pandoc, writing one
 * key per line, never come near.
 *
 * Bad input.  An item jansson refuses is reported at its own line and
 * column (the item's first line + jansson's line) and skipped; the scanner
 * already knows where the next item starts.  When the scanner itself loses
 * track -- a closing bracket of the wrong kind, a string running past the
 * end of its line (JSON strings hold no raw line breaks), an item too deep
 * or too long -- it reports the line and skips to the next line that opens
 * an item where the items so far began (the column of "{"), so one broken
 * item costs that item only.  A file cut short reports the item left open
 * (or the array left open); every item before it is kept.
 *
 * Fields: title (CSL's rich-text tags <i>, <b>, <sup>, <sub>, <span
 * class="nocase"> removed), author (editor when there is no author; each
 * name from given, dropping-particle, non-dropping-particle, family,
 * suffix, or literal), issued (date-parts, else raw or literal), abstract,
 * DOI, URL (arXiv and doi.org links), container-title (else event-title,
 * event), volume, issue, page, arXiv ids in number ("arXiv:2101.00001",
 * how Zotero keeps a preprint's id) and note ("arXiv: 2101.00001", Zotero's
 * Extra), the ISBN of a whole book, and the id (or citation-key) as the
 * paper's citation key when it looks like one: Pandoc's ids are the .bib
 * keys, while Zotero's are item URIs, which are not kept.  ISSNs are not
 * ids: they name the journal, and every paper of it shares one.  Text is
 * taken as it is, white space collapsed: CSL-JSON is plain Unicode, and
 * LaTeX decoding would change again what `paperdex export` wrote decoded
 * (an abstract's "{A1,...,An}" would lose its braces).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "ingest/fields.h"
#include "ingest/reader.h"

#define MAX_ITEM (16u << 20) /* bytes of one item */
#define MAX_DEPTH 2048       /* jansson's own JSON_PARSER_MAX_DEPTH */

typedef struct csl {
    pdx_read_ctx *ctx;
    /* the current line and where the scanner is in it */
    const char *s;
    size_t n, pos;
    bool eof;
    /* the scanner */
    bool in_array;       /* inside the top-level array */
    bool collecting;     /* inside an item (or a top-level object) */
    bool in_str, esc;    /* inside a string of the item; after a backslash */
    bool resync;         /* lost track: skipping to the next item's line */
    bool junk_told;      /* stray text at the top level was reported */
    char stack[MAX_DEPTH]; /* the item's open brackets */
    size_t depth;
    pdx_buf item;        /* the item's text */
    size_t item_line;    /* its first line */
    long item_col;       /* column of the items' "{" when each opens its
                            line (Zotero, Pandoc), else -1 */
    bool col_known;
    size_t array_line;   /* line of the top-level "[" */
    /* the items of a {"items": [...]} wrapper, handed out in turn */
    json_t *wrapped;
    size_t wrapped_next, wrapped_line;
    pdx_buf tmp, name;
} csl;

/* ---- fields ---------------------------------------------------------------- */

/* The text of a string or integer value (numbers printed into num); NULL
 * for anything else or an empty string. */
static const char *text_of(json_t *v, char num[32]) {
    if (json_is_string(v))
        return json_string_length(v) ? json_string_value(v) : NULL;
    if (json_is_integer(v)) {
        snprintf(num, 32, "%lld", (long long)json_integer_value(v));
        return num;
    }
    return NULL;
}

static const char *str_of(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    return json_is_string(v) && json_string_length(v) ? json_string_value(v) : NULL;
}

/* Sets `tmp` to s without CSL's rich-text tags ("The <i>E. coli</i>
 * genome" → "The E. coli genome"); other text, "<" included, is kept. */
static void strip_tags(pdx_status *st, pdx_buf *tmp, const char *s) {
    static const char *const tags[] = {"<i>", "</i>", "<b>", "</b>", "<sup>", "</sup>",
                                       "<sub>", "</sub>", "<span class=\"nocase\">",
                                       "<span style=\"font-variant:small-caps;\">", "</span>"};
    pdx_buf__clear(tmp);
    while (*s) {
        size_t k = 0;
        if (*s == '<')
            for (size_t t = 0; t < sizeof tags / sizeof *tags && !k; t++)
                if (strncmp(s, tags[t], strlen(tags[t])) == 0)
                    k = strlen(tags[t]);
        if (k) {
            s += k;
            continue;
        }
        pdx_buf__addc(st, tmp, *s++);
    }
}

/* One name object: "Ludwig van Beethoven" from given "Ludwig",
 * dropping-particle "van", family "Beethoven"; a literal as it is. */
static void add_name(pdx_status *st, csl *r, pdx_paper *p, json_t *nm) {
    pdx_buf__clear(&r->name);
    const char *lit = str_of(nm, "literal");
    if (lit) {
        pdx_buf__adds(st, &r->name, lit);
    } else {
        static const char *const parts[] = {"given", "dropping-particle", "non-dropping-particle",
                                            "family", "suffix"};
        for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
            const char *v = str_of(nm, parts[i]);
            if (!v)
                continue;
            if (r->name.n)
                pdx_buf__addc(st, &r->name, ' ');
            pdx_buf__adds(st, &r->name, v);
        }
    }
    pdx_read__plain(st, &r->tmp, r->name.p ? r->name.p : "", r->name.n);
    if (*st || !r->tmp.n)
        return;
    if (strcasecmp(pdx_buf__str(&r->tmp), "others") == 0 ||
        strncasecmp(pdx_buf__str(&r->tmp), "et al", 5) == 0) {
        p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
        return;
    }
    pdx_paper__add_author(st, p, r->tmp.p, r->tmp.n, 0);
    if (!*st)
        *st = pdx_read__learn_name(r->ctx, r->tmp.p, r->tmp.n);
}

/* The names of `a` (an array of name objects; a plain string, which some
 * writers produce, is split like any author string).  False when it holds
 * none. */
static bool add_names(pdx_status *st, csl *r, pdx_paper *p, json_t *a) {
    size_t before = p->authors.n;
    if (json_is_string(a)) {
        pdx_read__plain(st, &r->tmp, json_string_value(a), json_string_length(a));
        pdx_read__authors(st, r->ctx, p, r->tmp.p ? r->tmp.p : "", r->tmp.n);
    }
    size_t i;
    json_t *e;
    json_array_foreach(a, i, e) {
        if (json_is_object(e)) {
            add_name(st, r, p, e);
        } else if (json_is_string(e)) {
            pdx_read__plain(st, &r->tmp, json_string_value(e), json_string_length(e));
            pdx_read__authors(st, r->ctx, p, r->tmp.p ? r->tmp.p : "", r->tmp.n);
        }
    }
    return p->authors.n > before;
}

/* A date-parts part: 2021 or "2021". */
static int part_of(json_t *v) {
    if (json_is_integer(v))
        return (int)json_integer_value(v);
    if (json_is_string(v))
        return atoi(json_string_value(v));
    return 0;
}

/* The ISO form of a CSL date (`issued`) into out; its length, 0 when none:
 * {"date-parts": [[2021, 5, 17]]} (the first of a range), {"raw":
 * "2021-05-17"}, {"literal": "Spring 2021"}, or a plain string (CSL 1.0.2's
 * EDTF). */
static size_t csl_date(char out[11], json_t *d) {
    out[0] = '\0';
    if (json_is_string(d))
        return pdx_read__date(out, json_string_value(d), json_string_length(d));
    json_t *first = json_array_get(json_array_get(json_object_get(d, "date-parts"), 0), 0);
    json_t *dp = json_array_get(json_object_get(d, "date-parts"), 0);
    if (first) {
        int y = part_of(first), m = part_of(json_array_get(dp, 1)),
            day = part_of(json_array_get(dp, 2));
        char iso[32];
        if (m >= 1 && m <= 12 && day >= 1 && day <= 31)
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, day);
        else if (m >= 1 && m <= 12) /* 13-16 are CSL's seasons */
            snprintf(iso, sizeof iso, "%04d-%02d", y, m);
        else
            snprintf(iso, sizeof iso, "%04d", y);
        size_t k = y > 0 ? pdx_read__date(out, iso, strlen(iso)) : 0;
        if (k)
            return k;
    }
    static const char *const keys[] = {"raw", "literal"};
    for (size_t i = 0; i < 2; i++) {
        const char *v = str_of(d, keys[i]);
        size_t k = v ? pdx_read__date(out, v, strlen(v)) : 0;
        if (k)
            return k;
    }
    return 0;
}

/* The record of one item, or *out NULL (reported) when it is not one. */
static pdx_status record_from(csl *r, json_t *o, size_t line, pdx_paper **out) {
    *out = NULL;
    if (!json_is_object(o)) {
        pdx_read__report(r->ctx, line, "CSL item is not a JSON object; skipped");
        return PDX_OK;
    }
    char num[32];
    const char *title = text_of(json_object_get(o, "title"), num);
    const char *abstract = str_of(o, "abstract");
    if (!title && !abstract) {
        pdx_read__report(r->ctx, line, "CSL item has neither a title nor an abstract; skipped");
        return PDX_OK;
    }
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    if (st)
        return st;
    pdx_paper__add_source(&st, p, r->ctx->file, line);
    if (title) {
        pdx_buf plain = PDX_BUF_INIT;
        strip_tags(&st, &plain, title);
        pdx_read__set_plain(&st, &r->tmp, p, pdx_paper__set_title, pdx_buf__str(&plain), plain.n);
        pdx_buf__free(&plain);
    }
    if (abstract)
        pdx_read__set_plain(&st, &r->tmp, p, pdx_paper__set_abstract, abstract, strlen(abstract));
    if (!add_names(&st, r, p, json_object_get(o, "author")))
        add_names(&st, r, p, json_object_get(o, "editor"));
    char date[11];
    size_t dn = csl_date(date, json_object_get(o, "issued"));
    if (dn)
        pdx_paper__set_date(&st, p, date, dn);
    const char *v;
    static const char *const venue[] = {"container-title", "event-title", "event"};
    for (size_t i = 0; i < sizeof venue / sizeof *venue; i++)
        if ((v = str_of(o, venue[i]))) {
            pdx_read__set_plain(&st, &r->tmp, p, pdx_paper__set_venue, v, strlen(v));
            break;
        }
    if ((v = text_of(json_object_get(o, "volume"), num)))
        pdx_paper__set_volume(&st, p, v, strlen(v));
    if ((v = text_of(json_object_get(o, "issue"), num)))
        pdx_paper__set_number(&st, p, v, strlen(v));
    if ((v = text_of(json_object_get(o, "page"), num)))
        pdx_paper__set_pages(&st, p, v, strlen(v));
    if ((v = str_of(o, "DOI")) || (v = str_of(o, "doi"))) {
        pdx_read__add_doi(&st, p, v, strlen(v));
        /* arXiv's own DOIs: 10.48550/arXiv.2101.00001 */
        if (strncasecmp(v, "10.48550/arxiv.", 15) == 0)
            pdx_read__add_arxiv(&st, p, v + 15, strlen(v + 15));
    }
    if ((v = str_of(o, "URL"))) {
        if (!pdx_read__add_arxiv(&st, p, v, strlen(v)) && strstr(v, "doi.org/"))
            pdx_read__add_doi(&st, p, v, strlen(v));
    }
    if ((v = str_of(o, "number")))
        pdx_read__arxiv_in(&st, p, v);
    if ((v = str_of(o, "note"))) {
        pdx_read__arxiv_in(&st, p, v);
        if (strstr(v, PDX_NOTE_ET_AL)) /* paperdex's export of a cut list */
            p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
    }
    if ((v = str_of(o, "type")) && strcmp(v, "book") == 0 && (v = str_of(o, "ISBN")))
        pdx_paper__add_id(&st, p, "isbn", v, strcspn(v, " ,;"));
    if ((v = str_of(o, "citation-key")) || (v = str_of(o, "id")))
        if (pdx_read__key_like(v))
            pdx_paper__add_id(&st, p, "bibtex", v, strlen(v));
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    *out = p;
    return PDX_OK;
}

/* ---- the scanner ------------------------------------------------------------ */

/* Gives up the item being read: reports why at the current line and skips
 * to the next line where an item opens (see the top of the file). */
static void lose_track(csl *r, const char *why) {
    pdx_read__report(r->ctx, pdx_input__lineno(r->ctx->in),
                     "invalid JSON: %s; the item from line %zu skipped", why, r->item_line);
    r->collecting = r->in_str = r->esc = false;
    r->depth = 0;
    pdx_buf__clear(&r->item);
    r->resync = true;
    r->pos = r->n;
}

/* Starts an item at r->s[r->pos]. */
static void begin_item(csl *r) {
    r->collecting = true;
    r->in_str = r->esc = false;
    r->depth = 0;
    r->junk_told = false;
    pdx_buf__clear(&r->item);
    r->item_line = pdx_input__lineno(r->ctx->in);
    if (!r->col_known && r->s[r->pos] == '{') {
        size_t k = 0;
        while (k < r->pos && (r->s[k] == ' ' || r->s[k] == '\t'))
            k++;
        r->item_col = k == r->pos ? (long)k : -1;
        r->col_known = true;
    }
}

/* Parses the finished item; *out the record, or NULL when it made none
 * (reported) or was a wrapper (its items are queued). */
static pdx_status finish_item(csl *r, pdx_paper **out) {
    *out = NULL;
    r->collecting = false;
    json_error_t err;
    json_t *o = json_loadb(r->item.p ? r->item.p : "", r->item.n, JSON_DECODE_ANY, &err);
    pdx_status st = PDX_OK;
    if (!o) {
        pdx_read__report(r->ctx, r->item_line + (err.line > 0 ? (size_t)err.line - 1 : 0),
                         "invalid JSON at column %d: %s; item skipped", err.column, err.text);
    } else if (!r->in_array && json_is_array(json_object_get(o, "items")) &&
               !json_object_get(o, "title")) {
        r->wrapped = json_incref(json_object_get(o, "items"));
        r->wrapped_next = 0;
        r->wrapped_line = r->item_line;
    } else {
        st = record_from(r, o, r->item_line, out);
    }
    json_decref(o);
    pdx_buf__clear(&r->item);
    return st;
}

/* Takes one character of an item; *done when the item closed with it. */
static void item_char(pdx_status *st, csl *r, char c, bool *done) {
    *done = false;
    if (r->in_str) {
        pdx_buf__addc(st, &r->item, c);
        if (r->esc)
            r->esc = false;
        else if (c == '\\')
            r->esc = true;
        else if (c == '"')
            r->in_str = false;
        return;
    }
    if (r->depth == 0 && (c == ',' || c == ']')) {
        /* the end of a scalar item: the array takes the character */
        r->pos--;
        *done = true;
        return;
    }
    pdx_buf__addc(st, &r->item, c);
    if (c == '"') {
        r->in_str = true;
    } else if (c == '{' || c == '[') {
        if (r->depth == MAX_DEPTH) {
            lose_track(r, "nested too deep");
            return;
        }
        r->stack[r->depth++] = c;
    } else if (c == '}' || c == ']') {
        char want = c == '}' ? '{' : '[';
        if (!r->depth || r->stack[r->depth - 1] != want) {
            char msg[64];
            snprintf(msg, sizeof msg, "'%c' does not close the bracket open here", c);
            lose_track(r, msg);
            return;
        }
        *done = --r->depth == 0;
    }
}

/* The next line into r->s; false at the end of the input.  While
 * resyncing, lines are skipped up to one whose first character is "{" in
 * the items' column. */
static pdx_status next_line(csl *r, bool *got) {
    *got = false;
    for (;;) {
        const char *s;
        size_t n;
        pdx_status st = pdx_input__line(&s, &n, r->ctx->in, r->ctx);
        if (st || !s) {
            r->eof = !st;
            return st;
        }
        r->s = s;
        r->n = n;
        r->pos = 0;
        if (r->resync) {
            size_t k = 0;
            while (k < n && (s[k] == ' ' || s[k] == '\t'))
                k++;
            if (k == n || s[k] != '{' || (r->item_col >= 0 && (long)k != r->item_col))
                continue;
            r->resync = false;
            r->pos = k;
        }
        *got = true;
        return PDX_OK;
    }
}

/* What the end of the input leaves unfinished is reported. */
static void at_end(csl *r) {
    size_t last = pdx_input__lineno(r->ctx->in);
    if (r->collecting)
        pdx_read__report(r->ctx, r->item_line,
                         "JSON cut off: the item opened here is not closed at the end of the "
                         "file (line %zu); skipped", last);
    else if (r->in_array && !r->resync)
        pdx_read__report(r->ctx, last,
                         "JSON cut off: the array opened at line %zu is not closed; the items "
                         "before are kept", r->array_line);
    r->collecting = r->in_array = false;
}

/* At the end of a line: a string or a scalar item ends there, an open
 * item takes the newline, then the next line is read (at the end of the
 * input what is left unfinished is reported and r->eof set). Sets *out
 * when an item ends here. */
static pdx_status line_end(csl *r, pdx_paper **out) {
    pdx_status st = PDX_OK;
    if (r->collecting) {
        if (r->in_str) {
            lose_track(r, "a string runs past the end of its line");
            return PDX_OK;
        }
        if (r->depth == 0) /* a scalar item ends with its line */
            return finish_item(r, out);
        pdx_buf__addc(&st, &r->item, '\n');
        if (st)
            return st;
        if (r->item.n > MAX_ITEM) {
            lose_track(r, "an item longer than 16 MiB");
            return PDX_OK;
        }
    }
    bool got;
    if ((st = next_line(r, &got)))
        return st;
    if (!got)
        at_end(r);
    return PDX_OK;
}

/* Inside an item: a run of characters that change nothing goes in at
 * once (item_char() per character made reading half as fast), then the
 * one that may close the item. Sets *out when it does. */
static pdx_status collect(csl *r, pdx_paper **out) {
    pdx_status st = PDX_OK;
    if (!r->esc) {
        size_t k = strcspn(r->s + r->pos, r->in_str ? "\"\\" : "\"\\{}[],");
        if (k > r->n - r->pos)
            k = r->n - r->pos;
        pdx_buf__add(&st, &r->item, r->s + r->pos, k);
        if (st)
            return st;
        r->pos += k;
        if (r->pos >= r->n)
            return PDX_OK;
    }
    bool done;
    item_char(&st, r, r->s[r->pos++], &done);
    if (!st && done)
        st = finish_item(r, out);
    return st;
}

/* One character c between items: inside the array, separators and its
 * end; at the top level, an array of items or items standing alone.
 * Anything else is reported once and the rest of the line skipped. */
static void between_items(csl *r, char c) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        return;
    if (r->in_array) {
        if (c == ',')
            return;
        if (c == ']') {
            r->in_array = false;
            return;
        }
        r->pos--;
        begin_item(r);
        return;
    }
    if (c == '[') {
        r->in_array = true;
        r->junk_told = false;
        r->array_line = pdx_input__lineno(r->ctx->in);
        return;
    }
    if (c == '{') {
        r->pos--;
        begin_item(r);
        return;
    }
    if (!r->junk_told)
        pdx_read__report(r->ctx, pdx_input__lineno(r->ctx->in),
                         "not CSL-JSON: '%c' where an array or an item should start; "
                         "skipped up to the next one", c);
    r->junk_told = true;
    r->pos = r->n;
}

static pdx_status csl_next(void *vr, pdx_paper **out) {
    csl *r = vr;
    *out = NULL;
    pdx_status st = PDX_OK;
    for (;;) {
        if (r->wrapped) {
            json_t *e = json_array_get(r->wrapped, r->wrapped_next++);
            if (!e) {
                json_decref(r->wrapped);
                r->wrapped = NULL;
                continue;
            }
            if ((st = record_from(r, e, r->wrapped_line, out)) || *out)
                return st;
            continue;
        }
        if (r->eof)
            return PDX_OK;
        if (r->pos >= r->n)
            st = line_end(r, out);
        else if (r->collecting)
            st = collect(r, out);
        else
            between_items(r, r->s[r->pos++]);
        if (st || *out)
            return st;
    }
}

static pdx_status csl_open(void **out, pdx_read_ctx *ctx) {
    csl *r = calloc(1, sizeof *r);
    *out = r;
    if (!r)
        return PDX_ENOMEM;
    r->ctx = ctx;
    r->item_col = -1;
    return PDX_OK;
}

static void csl_close(void *vr) {
    csl *r = vr;
    if (!r)
        return;
    json_decref(r->wrapped);
    pdx_buf__free(&r->item);
    pdx_buf__free(&r->tmp);
    pdx_buf__free(&r->name);
    free(r);
}

/* ---- sniffing --------------------------------------------------------------- */

/* True when s[0..n) contains the string `w`. */
static bool contains(const char *s, size_t n, const char *w) {
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == w[0] && memcmp(s + i, w, k) == 0)
            return true;
    return false;
}

/* True when the text holds a key only CSL uses. */
static bool csl_keys(const char *head, size_t n) {
    static const char *const keys[] = {"\"issued\"", "\"container-title\"", "\"date-parts\"",
                                       "\"family\"", "\"citation-key\"", "\"title-short\""};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (contains(head, n, keys[i]))
            return true;
    return false;
}

static size_t skip_ws(const char *s, size_t n, size_t i) {
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        i++;
    return i;
}

/* An array whose first value is an object: 50, with a CSL key 95 (a JSON
 * Lines file never starts with "["); an object: 90 for the {"items": [...]}
 * wrapper, 85 with a CSL key (above JSON Lines' 80: the jsonl reader would
 * miss CSL's name objects and dates), else 0. */
static int csl_sniff(const char *head, size_t n, const char *path) {
    size_t i = skip_ws(head, n, 0);
    if (i >= n)
        return 0;
    size_t pl = strlen(path);
    int ext = pl > 5 && strcasecmp(path + pl - 5, ".json") == 0 ? 4 : 0;
    if (head[i] == '[') {
        i = skip_ws(head, n, i + 1);
        if (i < n && head[i] == ']')
            return 50 + ext;
        if (i >= n || head[i] != '{')
            return 0;
        return (csl_keys(head, n) ? 95 : 50) + ext;
    }
    if (head[i] != '{')
        return 0;
    i = skip_ws(head, n, i + 1);
    if (n - i > 7 && memcmp(head + i, "\"items\"", 7) == 0)
        return 90 + ext;
    return csl_keys(head, n) ? 85 + ext : 0;
}

const pdx_reader pdx_reader__csljson = {
    "csl-json",
    "CSL-JSON items as Zotero, Pandoc and citeproc write them (an array, one item, or "
    "{\"items\": [...]})",
    csl_sniff,
    csl_open,
    csl_next,
    csl_close,
};
