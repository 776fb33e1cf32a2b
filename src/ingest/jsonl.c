/*
 * jsonl.c — the reader for JSON Lines: one paper per line, as exported by
 * scripts and reference managers, arXiv's metadata snapshot, and BEIR
 * collections.
 *
 *   {"id": "p1", "title": "...", "authors": ["A. Author", ...],
 *    "abstract": "...", "year": 2021}
 *
 * Field names vary between exporters, so each field is looked up under its
 * common spellings (title; abstract/text/summary; authors as an array of
 * strings or of {"name": ...} objects, or one "A, B and C" string, also
 * under BEIR's metadata.authors; year/date; category/categories;
 * venue/journal/journal-ref; doi), unless --field-map names the key (a
 * dotted path reaches into objects: metadata.authors).
 *
 * Two shapes get more:
 *  - arXiv's metadata snapshot ({"id": "0704.0001", "submitter", "authors",
 *    "authors_parsed": [["Balázs", "C.", ""], ...], "versions": [{"version":
 *    "v1", "created": "Mon, 2 Apr 2007 ..."}], "journal-ref", ...}): the id
 *    is an arXiv id, authors come from authors_parsed when present, the
 *    date from `date` or the v1 version, the venue from journal-ref.
 *  - BEIR corpora ({"_id": "MED-10", "title", "text", "metadata"}): the id
 *    is _id, kept as the paper's id, so distinct documents with one title
 *    stay distinct (see pdx_paper__ids_conflict).
 *
 * A line that is not valid JSON, not an object, or has neither title nor
 * abstract is reported with its line number and skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ingest/fields.h"
#include "ingest/reader.h"
#include "text/text.h"

typedef struct jsonl {
    pdx_read_ctx *ctx;
    pdx_buf tmp;
} jsonl;

/* The value under `key`, or under the dotted path "a.b" (a key holding a
 * dot wins over the path). */
static json_t *get_path(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    if (v || !strchr(key, '.'))
        return v;
    const char *s = key;
    while (json_is_object(o)) {
        const char *dot = strchr(s, '.');
        size_t n = dot ? (size_t)(dot - s) : strlen(s);
        char part[256];
        if (n >= sizeof part)
            return NULL;
        memcpy(part, s, n);
        part[n] = '\0';
        o = json_object_get(o, part);
        if (!dot)
            return o;
        s = dot + 1;
    }
    return NULL;
}

/* The text of a string or number value (numbers are printed into num);
 * NULL for anything else or an empty string. */
static const char *text_of(json_t *v, char num[32]) {
    if (json_is_string(v))
        return json_string_length(v) ? json_string_value(v) : NULL;
    if (json_is_integer(v)) {
        snprintf(num, 32, "%lld", (long long)json_integer_value(v));
        return num;
    }
    if (json_is_real(v)) {
        snprintf(num, 32, "%g", json_real_value(v));
        return num;
    }
    return NULL;
}

/* The value of record field `f`: the --field-map key when mapped, else
 * the first of the usual spellings `keys` that holds something. */
static json_t *get_field(const jsonl *r, json_t *o, pdx_field f, const char *const *keys) {
    const char *mapped = pdx_fieldmap__get(r->ctx->fields, f);
    if (mapped)
        return get_path(o, mapped);
    for (size_t i = 0; keys[i]; i++) {
        json_t *v = get_path(o, keys[i]);
        if (json_is_string(v) ? json_string_length(v) > 0 : v && !json_is_null(v))
            return v;
    }
    return NULL;
}

static const char *get_text(const jsonl *r, json_t *o, pdx_field f, const char *const *keys,
                            char num[32]) {
    return text_of(get_field(r, o, f, keys), num);
}

static void add_authors(pdx_status *st, jsonl *r, pdx_paper *p, json_t *a) {
    if (json_is_string(a)) {
        const char *s = json_string_value(a);
        pdx_read__text(st, &r->tmp, s, strlen(s));
        pdx_read__authors(st, r->ctx, p, r->tmp.p, r->tmp.n);
        return;
    }
    size_t i;
    json_t *e;
    json_array_foreach(a, i, e) {
        const char *name = NULL;
        if (json_is_string(e))
            name = json_string_value(e);
        else if (json_is_object(e))
            name = json_string_value(json_object_get(e, "name"));
        if (!name)
            continue;
        pdx_read__text(st, &r->tmp, name, strlen(name));
        if (!*st)
            r->tmp.n = pdx_read__et_al(p, r->tmp.p, r->tmp.n);
        if (!*st && r->tmp.n) {
            pdx_paper__add_author(st, p, r->tmp.p, r->tmp.n, 0);
            if (!*st)
                *st = pdx_read__learn_name(r->ctx, r->tmp.p, r->tmp.n);
        }
    }
}

/* arXiv's authors_parsed: [["Balázs", "C.", ""], ["Berger", "E. L.", ""]],
 * surname, given names, suffix, then (sometimes) affiliations. */
static bool add_authors_parsed(pdx_status *st, jsonl *r, pdx_paper *p, json_t *a) {
    if (!json_is_array(a) || !json_array_size(a))
        return false;
    size_t i;
    json_t *e;
    json_array_foreach(a, i, e) {
        if (!json_is_array(e))
            continue;
        const char *last = json_string_value(json_array_get(e, 0));
        const char *first = json_string_value(json_array_get(e, 1));
        const char *jr = json_string_value(json_array_get(e, 2));
        pdx_read__author_parts(st, r->ctx, p, first, NULL, last, jr);
        for (size_t k = 3; k < json_array_size(e); k++) {
            const char *aff = json_string_value(json_array_get(e, k));
            if (aff && *aff) {
                pdx_read__text(st, &r->tmp, aff, strlen(aff));
                pdx_paper__add_affiliation(st, p, r->tmp.p, r->tmp.n);
            }
        }
    }
    return true;
}

/* True for the shape of arXiv's metadata snapshot. */
static bool arxiv_shape(json_t *o) {
    return json_is_string(json_object_get(o, "id")) &&
           (json_is_array(json_object_get(o, "versions")) ||
            json_is_array(json_object_get(o, "authors_parsed")) ||
            json_object_get(o, "submitter"));
}

/* The date of o. A snapshot's (`arxiv`) update_date is its last
 * revision's: the v1 submission comes first, as in the .abs reader. Does
 * nothing after an error. */
static void set_date(pdx_status *st, jsonl *r, json_t *o, pdx_paper *p, bool arxiv) {
    static const char *const k_date[] = {"date", "published", "update_date", NULL};
    static const char *const k_date_arxiv[] = {"date", "published", NULL};
    char num[32], date[11];
    const char *v;
    size_t dn = 0;
    if ((v = get_text(r, o, PDX_FIELD_DATE, arxiv ? k_date_arxiv : k_date, num)))
        dn = pdx_read__date(date, v, strlen(v));
    if (!dn && arxiv) {
        json_t *v1 = json_array_get(json_object_get(o, "versions"), 0);
        if ((v = json_string_value(json_object_get(v1, "created"))))
            dn = pdx_read__date(date, v, strlen(v));
        else if ((v = get_text(r, o, PDX_FIELD_DATE, k_date, num)))
            dn = pdx_read__date(date, v, strlen(v));
    }
    if (dn)
        pdx_paper__set_date(st, p, date, dn);
}

static pdx_status record_from(jsonl *r, json_t *o, size_t lineno, pdx_paper **out) {
    static const char *const k_title[] = {"title", NULL};
    static const char *const k_abstract[] = {"abstract", "text", "summary", NULL};
    static const char *const k_authors[] = {"authors", "author", "metadata.authors", NULL};
    static const char *const k_year[] = {"year", NULL};
    static const char *const k_cat[] = {"category", "categories", NULL};
    static const char *const k_venue[] = {"venue", "journal", "journal-ref", "booktitle", NULL};
    static const char *const k_id[] = {"id", "_id", NULL};
    static const char *const k_doi[] = {"doi", NULL};
    static const char *const k_arxiv[] = {"arxiv_id", "arxiv", NULL};

    char num[32], num_t[32], num_a[32];
    const char *title = get_text(r, o, PDX_FIELD_TITLE, k_title, num_t);
    const char *abstract = get_text(r, o, PDX_FIELD_ABSTRACT, k_abstract, num_a);
    if (!title && !abstract) {
        pdx_read__report(r->ctx, lineno, "JSON object has neither a title nor an abstract; skipped");
        return PDX_OK;
    }
    bool arxiv = arxiv_shape(o);
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    if (st)
        return st;
    pdx_paper__add_source(&st, p, r->ctx->file, lineno);
    if (title)
        pdx_read__set(&st, &r->tmp, p, pdx_paper__set_title, title, strlen(title));
    if (abstract)
        pdx_read__set(&st, &r->tmp, p, pdx_paper__set_abstract, abstract, strlen(abstract));
    json_t *authors = get_field(r, o, PDX_FIELD_AUTHORS, k_authors);
    if (pdx_fieldmap__get(r->ctx->fields, PDX_FIELD_AUTHORS) ||
        !add_authors_parsed(&st, r, p, json_object_get(o, "authors_parsed")))
        add_authors(&st, r, p, authors);
    else if (json_is_string(authors) && strstr(json_string_value(authors), "et al"))
        p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
    set_date(&st, r, o, p, arxiv);
    const char *v;
    if ((v = get_text(r, o, PDX_FIELD_YEAR, k_year, num))) {
        int y = atoi(v);
        if (y > 0 && y <= 9999)
            p->year = y;
    }
    if ((v = get_text(r, o, PDX_FIELD_CATEGORY, k_cat, num))) {
        size_t a = strspn(v, " \t"), n = strcspn(v + a, " ,;\t");
        pdx_paper__set_category(&st, p, v + a, n);
    }
    if ((v = get_text(r, o, PDX_FIELD_VENUE, k_venue, num)))
        pdx_read__set(&st, &r->tmp, p, pdx_paper__set_venue, v, strlen(v));
    if ((v = get_text(r, o, PDX_FIELD_DOI, k_doi, num)))
        pdx_read__add_doi(&st, p, v, strlen(v));
    if (arxiv && (v = json_string_value(json_object_get(o, "journal-ref"))))
        pdx_read__set(&st, &r->tmp, p, pdx_paper__set_journal_ref, v, strlen(v));
    if ((v = get_text(r, o, PDX_FIELD_ARXIV, k_arxiv, num)))
        pdx_read__add_arxiv(&st, p, v, strlen(v));
    if ((v = get_text(r, o, PDX_FIELD_ID, k_id, num))) {
        /* A snapshot's id is an arXiv id; any other id is the source's own. */
        if (!(arxiv && !pdx_fieldmap__get(r->ctx->fields, PDX_FIELD_ID) &&
              pdx_read__add_arxiv(&st, p, v, strlen(v))))
            pdx_paper__add_id(&st, p, "id", v, strlen(v));
    }
    json_t *code = json_object_get(o, "code");
    if (json_is_true(code) || (json_is_string(code) && json_string_length(code)))
        p->flags |= PDX_PAPER_CODE;
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    *out = p;
    return PDX_OK;
}

static pdx_status jsonl_next(void *vr, pdx_paper **out) {
    jsonl *r = vr;
    *out = NULL;
    for (;;) {
        const char *s;
        size_t n;
        pdx_status st = pdx_input__line(&s, &n, r->ctx->in, r->ctx);
        if (st || !s)
            return st;
        size_t lineno = pdx_input__lineno(r->ctx->in);
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i == n)
            continue;
        json_error_t err;
        /* Depth is bounded by jansson itself (JSON_PARSER_MAX_DEPTH). */
        json_t *o = json_loadb(s, n, 0, &err);
        if (!o) {
            pdx_read__report(r->ctx, lineno, "invalid JSON at column %d: %s; skipped", err.column,
                             err.text);
            continue;
        }
        if (!json_is_object(o)) {
            json_decref(o);
            pdx_read__report(r->ctx, lineno, "JSON value is not an object; skipped");
            continue;
        }
        st = record_from(r, o, lineno, out);
        json_decref(o);
        if (st || *out)
            return st;
    }
}

static pdx_status jsonl_open(void **out, pdx_read_ctx *ctx) {
    jsonl *r = calloc(1, sizeof *r);
    *out = r;
    if (!r)
        return PDX_ENOMEM;
    r->ctx = ctx;
    return PDX_OK;
}

static void jsonl_close(void *vr) {
    jsonl *r = vr;
    if (!r)
        return;
    pdx_buf__free(&r->tmp);
    free(r);
}

static int jsonl_sniff(const char *head, size_t n, const char *path) {
    size_t i = 0;
    while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
        i++;
    if (i >= n || head[i] != '{')
        return 0;
    const char *e = memchr(head + i, '\n', n - i);
    size_t len = e ? (size_t)(e - (head + i)) : n - i;
    json_error_t err;
    json_t *o = json_loadb(head + i, len, 0, &err);
    int score = json_is_object(o) ? 80 : 40;
    json_decref(o);
    size_t pl = strlen(path);
    if (pl > 6 && (strcmp(path + pl - 6, ".jsonl") == 0 || strstr(path, ".jsonl.")))
        score += 10;
    return score;
}

const pdx_reader pdx_reader__jsonl = {
    "jsonl",
    "JSON Lines, one paper per line (title, authors, abstract, year, date, id, doi, ...)",
    jsonl_sniff,
    jsonl_open,
    jsonl_next,
    jsonl_close,
};
