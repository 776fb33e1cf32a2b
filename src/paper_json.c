/*
 * paper_json.c — a record as JSON and back: what `parse --json` prints,
 * and what the database stores as each document's data (db.c reads it
 * back; since schema 2 with the abstract after the JSON, see
 * pdx_paper__stored), so every field of pdx_paper has a key here
 * (docs/json.md).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "paper.h"

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static int set_new(json_t *o, const char *k, json_t *v) {
    return v ? json_object_set_new(o, k, v) : -1;
}

/* The record as JSON; without its "abstract" key unless `abstract`. */
static pdx_status record_json(char **out, const pdx_paper *p, size_t flags, bool abstract) {
    *out = NULL;
    json_t *o = json_object();
    json_t *authors = json_array(), *implied = json_array(), *aff = json_array();
    json_t *sources = json_array(), *ids = json_object();
    int bad = !o || !authors || !implied || !aff || !sources || !ids;
    for (size_t i = 0; !bad && i < p->authors.n; i++) {
        const pdx_author_entry *a = &pdx_paper__authors(p)[i];
        bad |= json_array_append_new(authors, json_string(a->name));
        if (a->flags & PDX_AUTHOR_IMPLIED)
            bad |= json_array_append_new(implied, json_string(a->name));
    }
    for (size_t i = 0; !bad && i < p->affiliations.n; i++)
        bad |= json_array_append_new(aff, json_string(pdx_paper_affiliation(p, i)));
    for (size_t i = 0; !bad && i < p->sources.n; i++)
        bad |= json_array_append_new(sources, json_string(pdx_paper_source(p, i)));
    for (size_t i = 0; !bad && i < p->ids.n; i++)
        bad |= json_object_set_new(ids, pdx_paper__ids(p)[i].scheme,
                                   json_string(pdx_paper__ids(p)[i].value));
    if (bad) {
        json_decref(o);
        json_decref(authors);
        json_decref(implied);
        json_decref(aff);
        json_decref(sources);
        json_decref(ids);
        return PDX_ENOMEM;
    }
    bad |= set_new(o, "id", json_string(pdx_paper_id(p)));
    bad |= set_new(o, "title", json_string(pdx_paper_title(p)));
    bad |= set_new(o, "title_derived", json_boolean(p->flags & PDX_PAPER_TITLE_DERIVED));
    bad |= set_new(o, "authors", authors);
    bad |= set_new(o, "authors_implied", implied);
    bad |= set_new(o, "authors_truncated", json_boolean(p->flags & PDX_PAPER_AUTHORS_TRUNCATED));
    if (abstract)
        bad |= set_new(o, "abstract", str_or_null(p->abstract));
    bad |= set_new(o, "abstract_truncated", json_boolean(p->flags & PDX_PAPER_ABSTRACT_TRUNCATED));
    bad |= set_new(o, "date", str_or_null(p->date));
    bad |= set_new(o, "year", p->year ? json_integer(p->year) : json_null());
    bad |= set_new(o, "category", str_or_null(p->category));
    bad |= set_new(o, "code", json_boolean(p->flags & PDX_PAPER_CODE));
    bad |= set_new(o, "affiliations", aff);
    bad |= set_new(o, "venue", str_or_null(p->venue));
    bad |= set_new(o, "source", p->sources.n ? json_string(pdx_paper_source(p, 0)) : json_null());
    bad |= set_new(o, "sources", sources);
    bad |= set_new(o, "ids", ids);
    bad |= set_new(o, "format", str_or_null(p->format));
    bad |= set_new(o, "volume", str_or_null(p->volume));
    bad |= set_new(o, "number", str_or_null(p->number));
    bad |= set_new(o, "pages", str_or_null(p->pages));
    bad |= set_new(o, "journal_ref", str_or_null(p->journal_ref));
    char *s = bad ? NULL : json_dumps(o, flags | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        return PDX_ENOMEM;
    *out = s;
    return PDX_OK;
}

pdx_status pdx_paper__json(char **out, const pdx_paper *p, size_t flags) {
    return record_json(out, p, flags, true);
}

pdx_status pdx_paper__stored(char **out, size_t *n_out, const pdx_paper *p) {
    *out = NULL;
    *n_out = 0;
    char *json = NULL;
    pdx_status st = record_json(&json, p, JSON_COMPACT, !p->abstract);
    if (st || !p->abstract) {
        *out = json;
        *n_out = json ? strlen(json) : 0;
        return st;
    }
    /* JSON text never holds a NUL byte: the first one ends it */
    pdx_buf b = PDX_BUF_INIT;
    pdx_buf__adds(&st, &b, json);
    pdx_buf__addc(&st, &b, '\0');
    pdx_buf__adds(&st, &b, p->abstract);
    free(json);
    if (st) {
        pdx_buf__free(&b);
        return st;
    }
    *n_out = b.n;
    *out = pdx_buf__detach(&b);
    return *out ? PDX_OK : PDX_ENOMEM;
}

pdx_status pdx_paper_to_json(char **out, const pdx_paper *p) {
    return pdx_paper__json(out, p, JSON_COMPACT);
}

static const char *jstr(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Splits "FILE:LINE" at its last colon. */
static void add_source_text(pdx_status *st, pdx_paper *p, const char *s) {
    const char *colon = strrchr(s, ':');
    if (!colon) {
        pdx_paper__add_source(st, p, s, 0);
        return;
    }
    char *file = pdx_strndup(s, (size_t)(colon - s));
    if (!file) {
        *st = PDX_ENOMEM;
        return;
    }
    pdx_paper__add_source(st, p, file, (size_t)strtoull(colon + 1, NULL, 10));
    free(file);
}

/* The string fields a record's JSON sets through their setter. */
static const struct {
    const char *key;
    void (*set)(pdx_status *st, pdx_paper *p, const char *s, size_t n);
} string_fields[] = {
    {"title", pdx_paper__set_title},       {"abstract", pdx_paper__set_abstract},
    {"date", pdx_paper__set_date},         {"category", pdx_paper__set_category},
    {"venue", pdx_paper__set_venue},       {"volume", pdx_paper__set_volume},
    {"number", pdx_paper__set_number},     {"journal_ref", pdx_paper__set_journal_ref},
};

/* The flags a record's JSON keeps as booleans. */
static const struct {
    const char *key;
    unsigned flag;
} flag_fields[] = {
    {"title_derived", PDX_PAPER_TITLE_DERIVED},
    {"authors_truncated", PDX_PAPER_AUTHORS_TRUNCATED},
    {"abstract_truncated", PDX_PAPER_ABSTRACT_TRUNCATED},
    {"code", PDX_PAPER_CODE},
};

/* The id, the strings, the year and the flags of JSON object `o`. */
static void scalars_from_json(pdx_status *st, pdx_paper *p, json_t *o) {
    const char *v;
    if ((v = jstr(o, "id")))
        p->id = pdx_paper__str(st, p, v, strlen(v));
    for (size_t i = 0; i < sizeof string_fields / sizeof *string_fields; i++)
        if ((v = jstr(o, string_fields[i].key)))
            string_fields[i].set(st, p, v, strlen(v));
    if ((v = jstr(o, "format")))
        pdx_paper__set_format(st, p, v);
    /* stored as written: set_pages has normalised them once */
    if ((v = jstr(o, "pages")))
        p->pages = pdx_paper__str(st, p, v, strlen(v));
    json_t *y = json_object_get(o, "year");
    if (json_is_integer(y))
        p->year = (int)json_integer_value(y);
    for (size_t i = 0; i < sizeof flag_fields / sizeof *flag_fields; i++)
        if (json_is_true(json_object_get(o, flag_fields[i].key)))
            p->flags |= flag_fields[i].flag;
}

/* The authors (with their implied flags), affiliations, sources and ids
 * of JSON object `o`. */
static void lists_from_json(pdx_status *st, pdx_paper *p, json_t *o) {
    json_t *implied = json_object_get(o, "authors_implied");
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(o, "authors"), i, e) {
        if (!json_is_string(e))
            continue;
        unsigned flags = 0;
        size_t j;
        json_t *f;
        json_array_foreach(implied, j, f) {
            if (json_is_string(f) && strcmp(json_string_value(f), json_string_value(e)) == 0)
                flags = PDX_AUTHOR_IMPLIED;
        }
        pdx_paper__add_author(st, p, json_string_value(e), json_string_length(e), flags);
    }
    json_array_foreach(json_object_get(o, "affiliations"), i, e) {
        if (json_is_string(e))
            pdx_paper__add_affiliation(st, p, json_string_value(e), json_string_length(e));
    }
    json_t *sources = json_object_get(o, "sources");
    const char *v;
    if (json_is_array(sources) && json_array_size(sources)) {
        json_array_foreach(sources, i, e) {
            if (json_is_string(e))
                add_source_text(st, p, json_string_value(e));
        }
    } else if ((v = jstr(o, "source"))) {
        add_source_text(st, p, v);
    }
    const char *key;
    json_object_foreach(json_object_get(o, "ids"), key, e) {
        if (json_is_string(e))
            pdx_paper__add_id(st, p, key, json_string_value(e), json_string_length(e));
    }
}

pdx_status pdx_paper__from_json(pdx_paper **out, const char *s, size_t n) {
    *out = NULL;
    json_error_t err;
    json_t *o = json_loadb(s, n, 0, &err);
    if (!json_is_object(o)) {
        json_decref(o);
        return PDX_ECORRUPT;
    }
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    if (st) {
        json_decref(o);
        return st;
    }
    scalars_from_json(&st, p, o);
    lists_from_json(&st, p, o);
    json_decref(o);
    if (!st && !p->title)
        p->title = "";
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    *out = p;
    return PDX_OK;
}

pdx_status pdx_paper__from_stored(pdx_paper **out, const char *s, size_t n) {
    const char *nul = memchr(s, '\0', n);
    size_t nj = nul ? (size_t)(nul - s) : n;
    pdx_status st = pdx_paper__from_json(out, s, nj);
    if (!st && nul) {
        pdx_paper__set_abstract(&st, *out, nul + 1, n - nj - 1);
        if (st) {
            pdx_paper_free(*out);
            *out = NULL;
        }
    }
    return st;
}
