/*
 * jsonl.c — the reader for JSON Lines: one paper per line, as exported by
 * scripts and reference managers.
 *
 *   {"id": "p1", "title": "...", "authors": ["A. Author", ...],
 *    "abstract": "...", "year": 2021}
 *
 * Field names vary between exporters, so each field is looked up under its
 * common spellings (title; abstract/text/summary; authors as an array of
 * strings or of {"name": ...} objects, or one "A, B and C" string;
 * year/date; category/categories; venue/journal/journal-ref; doi).
 * A line that is not valid JSON, not an object, or has neither title nor
 * abstract is reported with its line number and skipped.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ingest/reader.h"
#include "text/text.h"

typedef struct jsonl {
    pdx_read_ctx *ctx;
    pdx_buf tmp;
} jsonl;

static const char *get_str(json_t *o, const char *const *keys) {
    for (size_t i = 0; keys[i]; i++) {
        json_t *v = json_object_get(o, keys[i]);
        if (json_is_string(v) && json_string_length(v))
            return json_string_value(v);
    }
    return NULL;
}

/* Sets a text field, decoding LaTeX when the text carries it. */
static void set_text(pdx_status *st, jsonl *r, pdx_paper *p, const char *s,
                     void (*set)(pdx_status *, pdx_paper *, const char *, size_t)) {
    size_t n = strlen(s);
    if (pdx_text__has_latex(s, n)) {
        pdx_buf__clear(&r->tmp);
        pdx_text__latex(st, &r->tmp, s, n);
        set(st, p, r->tmp.p, r->tmp.n);
    } else {
        set(st, p, s, n);
    }
}

/* "A, B and C" → three authors. */
static void add_author_string(pdx_status *st, pdx_paper *p, const char *s) {
    size_t n = strlen(s), i = 0;
    while (i < n && !*st) {
        size_t a = i, e = i;
        /* the next separator: a comma or the word "and" */
        while (e < n && s[e] != ',' && !(e + 5 <= n && memcmp(s + e, " and ", 5) == 0))
            e++;
        pdx_paper__add_author(st, p, s + a, e - a, 0);
        if (e < n && s[e] == ',')
            i = e + 1;
        else
            i = e + 5;
        while (i < n && s[i] == ' ')
            i++;
        if (i + 4 <= n && memcmp(s + i, "and ", 4) == 0)
            i += 4;
    }
}

static void add_authors(pdx_status *st, jsonl *r, pdx_paper *p, json_t *a) {
    if (json_is_string(a)) {
        const char *s = json_string_value(a);
        if (pdx_text__has_latex(s, strlen(s))) {
            pdx_buf__clear(&r->tmp);
            pdx_text__latex(st, &r->tmp, s, strlen(s));
            s = pdx_buf__str(&r->tmp);
        }
        add_author_string(st, p, s);
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
        size_t n = strlen(name);
        if (pdx_text__has_latex(name, n)) {
            pdx_buf__clear(&r->tmp);
            pdx_text__latex(st, &r->tmp, name, n);
            pdx_paper__add_author(st, p, r->tmp.p, r->tmp.n, 0);
        } else {
            pdx_paper__add_author(st, p, name, n, 0);
        }
    }
}

static pdx_status record_from(jsonl *r, json_t *o, size_t lineno, pdx_paper **out) {
    static const char *const k_title[] = {"title", NULL};
    static const char *const k_abstract[] = {"abstract", "text", "summary", NULL};
    static const char *const k_date[] = {"date", "published", "update_date", NULL};
    static const char *const k_cat[] = {"category", "categories", NULL};
    static const char *const k_venue[] = {"venue", "journal", "journal-ref", "booktitle", NULL};
    static const char *const k_id[] = {"id", "_id", NULL};
    static const char *const k_doi[] = {"doi", NULL};

    const char *title = get_str(o, k_title), *abstract = get_str(o, k_abstract);
    if (!title && !abstract) {
        pdx_read__report(r->ctx, lineno, "JSON object has neither a title nor an abstract; skipped");
        return PDX_OK;
    }
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    if (st)
        return st;
    pdx_paper__add_source(&st, p, r->ctx->file, lineno);
    if (title)
        set_text(&st, r, p, title, pdx_paper__set_title);
    if (abstract)
        set_text(&st, r, p, abstract, pdx_paper__set_abstract);
    add_authors(&st, r, p, json_object_get(o, "authors"));
    const char *v;
    if ((v = get_str(o, k_date)))
        pdx_paper__set_date(&st, p, v, strlen(v) > 10 ? 10 : strlen(v));
    json_t *y = json_object_get(o, "year");
    if (json_is_integer(y))
        p->year = (int)json_integer_value(y);
    else if (json_is_string(y))
        p->year = atoi(json_string_value(y));
    if (p->year < 0 || p->year > 9999)
        p->year = 0;
    if ((v = get_str(o, k_cat))) {
        size_t n = strcspn(v, " ,;");
        pdx_paper__set_category(&st, p, v, n);
    }
    if ((v = get_str(o, k_venue)))
        set_text(&st, r, p, v, pdx_paper__set_venue);
    if ((v = get_str(o, k_doi)))
        pdx_paper__add_id(&st, p, "doi", v, strlen(v));
    json_t *id = NULL;
    for (size_t i = 0; k_id[i] && !id; i++) {
        json_t *c = json_object_get(o, k_id[i]);
        if (json_is_string(c) || json_is_integer(c))
            id = c;
    }
    if (json_is_string(id))
        pdx_paper__add_id(&st, p, "id", json_string_value(id), json_string_length(id));
    else if (json_is_integer(id)) {
        char num[32];
        int len = snprintf(num, sizeof num, "%lld", (long long)json_integer_value(id));
        pdx_paper__add_id(&st, p, "id", num, (size_t)len);
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
        pdx_status st = pdx_input__line(r->ctx->in, r->ctx, &s, &n);
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
