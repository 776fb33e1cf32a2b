/*
 * cli_json.c — the JSON output of the command.  These shapes are a
 * contract: fields may be added, never renamed or removed (README, "JSON
 * output").
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* The database whose lost shards mark the output partial (cli_json_partial):
 * set by the command between its query and its output. */
static const pdx_db *partial_db;

void cli_json_partial(const pdx_db *db) { partial_db = db; }

/* Adds "partial" and "missing_shards" to `o` when shards were left out. */
static void mark_partial(json_t *o) {
    json_t *missing = partial_db ? json_array() : NULL;
    bool lost = false;
    const char *name;
    for (size_t i = 0; missing && (name = pdx_db_shard(partial_db, i, &lost)); i++)
        if (lost)
            json_array_append_new(missing, json_string(name));
    if (missing && json_array_size(missing)) {
        json_object_set_new(o, "partial", json_true());
        json_object_set_new(o, "missing_shards", missing);
    } else {
        json_decref(missing);
    }
}

/* Prints `o` on one line and frees it; -1 when it could not be built. */
static int emit(FILE *out, json_t *o) {
    if (!o)
        return -1;
    mark_partial(o);
    int r = json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(o);
    return r;
}

static json_t *authors_of(const pdx_paper *p) {
    json_t *a = json_array();
    for (size_t i = 0; a && i < pdx_paper_author_count(p); i++)
        json_array_append_new(a, json_string(pdx_paper_author(p, i)));
    return a;
}

static json_t *facets_of(const pdx_results *r) {
    static const char *const names[] = {"year", "category", "author"};
    json_t *o = json_object();
    for (int k = 0; o && k < 3; k++) {
        json_t *a = json_array();
        for (size_t i = 0; a && i < pdx_results_facet_count(r, (pdx_facet)k); i++) {
            uint64_t count = 0;
            const char *v = pdx_results_facet(&count, r, (pdx_facet)k, i);
            json_t *e = json_object();
            json_object_set_new(e, "value", k == 0 ? json_integer(strtol(v, NULL, 10)) : json_string(v));
            json_object_set_new(e, "count", json_integer((json_int_t)count));
            json_array_append_new(a, e);
        }
        json_object_set_new(o, names[k], a);
    }
    return o;
}

int cli_json_results(FILE *out, const char *query, const pdx_results *r, bool author) {
    return cli_json_results_ex(out, query, r, author, false);
}

/* The search/author result object, or NULL when out of memory. */
static json_t *results_object(const char *query, const pdx_results *r, bool author, bool facets) {
    json_t *hits = json_array();
    for (size_t i = 0; hits && i < pdx_results_count(r); i++) {
        const pdx_paper *p = pdx_results_paper(r, i);
        json_t *h = json_object();
        if (!h)
            break;
        json_object_set_new(h, "id", json_string(pdx_paper_id(p)));
        json_object_set_new(h, "rank", json_integer(pdx_results_rank(r, i)));
        json_object_set_new(h, "score", json_real(pdx_results_score(r, i)));
        json_object_set_new(h, "title", json_string(pdx_paper_title(p)));
        json_object_set_new(h, "authors", authors_of(p));
        json_object_set_new(h, "year", pdx_paper_year(p) ? json_integer(pdx_paper_year(p)) : json_null());
        json_object_set_new(h, "date", str_or_null(pdx_paper_date(p)));
        json_object_set_new(h, "category", str_or_null(pdx_paper_category(p)));
        json_object_set_new(h, "venue", str_or_null(pdx_paper_venue(p)));
        json_object_set_new(h, "snippet", json_string(pdx_results_snippet(r, i)));
        json_object_set_new(h, "source", str_or_null(pdx_paper_source(p, 0)));
        json_object_set_new(h, "authors_truncated", json_boolean(pdx_paper_authors_truncated(p)));
        json_object_set_new(h, "code", json_boolean(pdx_paper_code(p)));
        if (!author)
            json_object_set_new(h, "expanded", json_boolean(pdx_results_expanded(r, i)));
        if (author) {
            pdx_author_match m = pdx_results_match(r, i);
            json_object_set_new(h, "match", json_string(m == PDX_MATCH_EXACT ? "exact" : "variant"));
            json_object_set_new(h, "matched_author", str_or_null(pdx_results_matched_author(r, i)));
        }
        json_array_append_new(hits, h);
    }
    json_t *o = json_object();
    if (!o || !hits) {
        json_decref(o);
        json_decref(hits);
        return NULL;
    }
    json_object_set_new(o, "query", json_string(query));
    json_object_set_new(o, "total", json_integer((json_int_t)pdx_results_total(r)));
    json_object_set_new(o, "total_exact", json_boolean(pdx_results_total_exact(r)));
    json_object_set_new(o, "hits", hits);
    if (!author)
        json_object_set_new(o, "suggestion", str_or_null(pdx_results_suggestion(r)));
    if (facets)
        json_object_set_new(o, "facets", facets_of(r));
    return o;
}

int cli_json_results_ex(FILE *out, const char *query, const pdx_results *r, bool author,
                        bool facets) {
    json_t *o = results_object(query, r, author, facets);
    return o ? emit(out, o) : -1;
}

int cli_json_batch_result(FILE *out, const char *query, const pdx_results *r, bool author,
                          bool facets, double took_ms, const char *error) {
    json_t *o = r ? results_object(query, r, author, facets) : json_object();
    if (!o)
        return -1;
    if (!r) {
        json_object_set_new(o, "query", json_string(query));
        json_object_set_new(o, "error", json_string(error ? error : "failed"));
    }
    json_object_set_new(o, "took_ms", json_real(took_ms));
    return emit(out, o);
}

int cli_json_coauthors(FILE *out, const pdx_coauthors *c) {
    json_t *list = json_array();
    for (size_t i = 0; list && i < pdx_coauthors_count(c); i++) {
        json_t *e = json_object();
        json_t *v = json_array();
        for (size_t j = 0; v && j < pdx_coauthors_variant_count(c, i); j++)
            json_array_append_new(v, json_string(pdx_coauthors_variant(c, i, j)));
        json_object_set_new(e, "name", json_string(pdx_coauthors_name(c, i)));
        json_object_set_new(e, "papers", json_integer((json_int_t)pdx_coauthors_shared(c, i)));
        json_object_set_new(e, "variants", v);
        json_t *amb = json_array();
        for (size_t j = 0; amb && j < pdx_coauthors_ambiguous_count(c, i); j++)
            json_array_append_new(amb, json_string(pdx_coauthors_ambiguous(c, i, j)));
        json_object_set_new(e, "ambiguous_with", amb);
        json_array_append_new(list, e);
    }
    json_t *o = json_object();
    if (!o || !list) {
        json_decref(o);
        json_decref(list);
        return -1;
    }
    json_object_set_new(o, "author", json_string(pdx_coauthors_author(c)));
    json_object_set_new(o, "papers", json_integer((json_int_t)pdx_coauthors_papers(c)));
    json_object_set_new(o, "coauthors", list);
    return emit(out, o);
}

int cli_json_stats(FILE *out, const pdx_stats *s, const char *db) {
    json_t *o = json_object();
    if (!o)
        return -1;
    json_object_set_new(o, "papers", json_integer((json_int_t)s->papers));
    /* null: not counted (remote shards) */
    json_object_set_new(o, "authors", s->terms_counted ? json_integer((json_int_t)s->authors)
                                                       : json_null());
    json_object_set_new(o, "terms", s->terms_counted ? json_integer((json_int_t)s->terms)
                                                     : json_null());
    json_object_set_new(o, "db", json_string(db));
    return emit(out, o);
}

int cli_json_check(FILE *out, const char *db, size_t problems, const char *report) {
    json_t *o = json_object();
    json_t *lines = json_array();
    if (!o || !lines) {
        json_decref(o);
        json_decref(lines);
        return -1;
    }
    for (const char *p = report; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n)
            json_array_append_new(lines, json_stringn(p, n));
        p += n + (e ? 1 : 0);
    }
    json_object_set_new(o, "db", json_string(db));
    json_object_set_new(o, "ok", json_boolean(problems == 0));
    json_object_set_new(o, "problems", json_integer((json_int_t)problems));
    json_object_set_new(o, "report", lines);
    return emit(out, o);
}

int cli_json_paper(FILE *out, const pdx_paper *p) {
    char *s = NULL;
    if (pdx_paper_to_json(&s, p))
        return -1;
    fputs(s, out);
    fputc('\n', out);
    free(s);
    return 0;
}

int cli_json_summary(FILE *out, const pdx_ingest_summary *s, const pdx_stats *after,
                     const char *db, const pdx_ingest *ing) {
    json_t *o = json_object();
    json_t *formats = json_object();
    if (!o || !formats) {
        json_decref(o);
        json_decref(formats);
        return -1;
    }
    /* "listing=2 jsonl=1" → {"listing": 2, "jsonl": 1} */
    const char *f = s->formats ? s->formats : "";
    while (*f) {
        const char *eq = strchr(f, '=');
        if (!eq)
            break;
        char name[64];
        size_t n = (size_t)(eq - f) < sizeof name - 1 ? (size_t)(eq - f) : sizeof name - 1;
        memcpy(name, f, n);
        name[n] = '\0';
        json_object_set_new(formats, name, json_integer(strtoll(eq + 1, NULL, 10)));
        f = strchr(eq, ' ');
        if (!f)
            break;
        f++;
    }
    json_object_set_new(o, "files", json_integer((json_int_t)s->files));
    json_object_set_new(o, "records", json_integer((json_int_t)s->records));
    json_object_set_new(o, "added", json_integer((json_int_t)s->added));
    json_object_set_new(o, "merged", json_integer((json_int_t)s->merged));
    json_object_set_new(o, "skipped", json_integer((json_int_t)s->skipped));
    json_object_set_new(o, "files_failed", json_integer((json_int_t)s->files_failed));
    json_object_set_new(o, "files_skipped", json_integer((json_int_t)s->files_skipped));
    json_object_set_new(o, "files_unchanged", json_integer((json_int_t)s->files_unchanged));
    json_object_set_new(o, "replaced", json_integer((json_int_t)s->replaced));
    json_object_set_new(o, "shards", json_integer(s->shards > 1 ? (json_int_t)s->shards : 1));
    json_object_set_new(o, "writers", json_integer(s->writers > 1 ? (json_int_t)s->writers : 1));
    json_object_set_new(o, "merge_seconds", json_real(s->merge_seconds));
    json_object_set_new(o, "formats", formats);
    if (after)
        json_object_set_new(o, "papers", json_integer((json_int_t)after->papers));
    json_object_set_new(o, "db", str_or_null(db));
    /* each input not read, and why: [{"path", "error"}] */
    json_t *failed = json_array();
    for (size_t i = 0; failed && i < pdx_ingest_failed_count(ing); i++) {
        const char *why = NULL;
        const char *path = pdx_ingest_failed(ing, i, &why);
        json_t *f = json_pack("{s:s, s:s}", "path", path, "error", why);
        if (f)
            json_array_append_new(failed, f);
    }
    if (failed)
        json_object_set_new(o, "failed_inputs", failed);
    /* lines neither chrome nor part of a paper:
     * [{"file", "lines": [[first, last], ...], "count"}] */
    json_t *uncl = json_array();
    for (size_t i = 0; uncl && i < pdx_ingest_unclassified_count(ing); i++) {
        const size_t *runs = NULL;
        size_t n_runs = 0, lines = 0;
        const char *path = pdx_ingest_unclassified(ing, i, &runs, &n_runs, &lines);
        json_t *rs = json_array();
        for (size_t k = 0; rs && k < n_runs; k++)
            json_array_append_new(rs, json_pack("[I, I]", (json_int_t)runs[2 * k],
                                                (json_int_t)runs[2 * k + 1]));
        json_t *u = rs ? json_pack("{s:s, s:o, s:I}", "file", path, "lines", rs, "count",
                                   (json_int_t)lines)
                       : NULL;
        if (u)
            json_array_append_new(uncl, u);
    }
    if (uncl)
        json_object_set_new(o, "unclassified", uncl);
    json_object_set_new(o, "unclassified_lines", json_integer((json_int_t)s->unclassified));
    return emit(out, o);
}

int cli_json_note(FILE *out, const pdx_line_note *n) {
    json_t *o = json_pack("{s:s, s:I, s:s, s:o, s:s}", "file", n->file, "line", (json_int_t)n->line,
                          "kind", pdx_line_role_name(n->role), "paper",
                          n->paper ? json_integer((json_int_t)n->paper) : json_null(), "reason",
                          n->reason);
    if (!o)
        return -1;
    return emit(out, o);
}

/* A JSON array of the strings v[0..n). */
static json_t *strings_of(char *const *v, size_t n) {
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

int cli_json_removal(FILE *out, const pdx_removal *r) {
    json_t *o = json_object();
    if (!o)
        return -1;
    json_object_set_new(o, "removed", strings_of(r->removed, r->n_removed));
    json_object_set_new(o, "updated", strings_of(r->updated, r->n_updated));
    json_object_set_new(o, "not_found", strings_of(r->not_found, r->n_not_found));
    json_object_set_new(o, "ambiguous", strings_of(r->ambiguous, r->n_ambiguous));
    return emit(out, o);
}
