/*
 * landing.c — a paper's landing page (a journal's article page, an arXiv
 * abstract page, a repository's record) read from the metadata it carries
 * for search engines, not from its text:
 *
 *   <meta name="citation_title" content="Sparse Looms">
 *   <meta name="citation_author" content="Weaver, Ada">
 *   <meta name="citation_doi" content="10.1234/looms.5">
 *   <script type="application/ld+json">{"@type": "ScholarlyArticle", …}</script>
 *   <meta name="DC.creator" content="Ada Weaver">
 *
 * Three vocabularies say the same things; each is read into a `meta` of
 * its own and the record takes each field from the first that has it:
 * citation_* (Highwire Press tags, what Google Scholar asks publishers
 * for, the most complete and exact), then JSON-LD (schema.org, written
 * for search engines, often with a shortened description), then Dublin
 * Core (the oldest, often the site's and not the paper's).  DOIs and
 * arXiv ids are taken the same way: the first source that has one.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "ingest/fields.h"
#include "ingest/html.h"

/* Articles read from one page's JSON-LD, at most. */
#define MAX_LD 256

/* What one vocabulary says about the paper.  Strings are owned. */
typedef struct meta {
    char *title, *date, *abstract, *description, *venue, *volume, *issue, *first, *last;
    char **authors;
    size_t n_authors, cap_authors;
    char **ids; /* DOIs and arXiv ids in any form ("doi:…", URLs) */
    size_t n_ids, cap_ids;
    size_t line; /* where the metadata is in the HTML */
} meta;

static void meta_free(meta *m) {
    free(m->title);
    free(m->date);
    free(m->abstract);
    free(m->description);
    free(m->venue);
    free(m->volume);
    free(m->issue);
    free(m->first);
    free(m->last);
    for (size_t i = 0; i < m->n_authors; i++)
        free(m->authors[i]);
    free(m->authors);
    for (size_t i = 0; i < m->n_ids; i++)
        free(m->ids[i]);
    free(m->ids);
    memset(m, 0, sizeof *m);
}

static char *dup_trim(const char *s, size_t n) {
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return n ? pdx_strndup(s, n) : NULL;
}

/* Sets *field to s unless it is set already (the first value of a tag
 * given twice wins). */
static void set_once(pdx_status *st, char **field, const char *s) {
    if (*st || *field || !s)
        return;
    *field = dup_trim(s, strlen(s));
    if (!*field && strspn(s, " \t\r\n") != strlen(s))
        *st = PDX_ENOMEM;
}

static void push(pdx_status *st, char ***v, size_t *n, size_t *cap, const char *s, size_t len) {
    if (*st)
        return;
    char *d = dup_trim(s, len);
    if (!d)
        return; /* blank */
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 8;
        char **nv = realloc(*v, c * sizeof *nv);
        if (!nv) {
            free(d);
            *st = PDX_ENOMEM;
            return;
        }
        *v = nv;
        *cap = c;
    }
    (*v)[(*n)++] = d;
}

static void add_author(pdx_status *st, meta *m, const char *s, size_t n) {
    push(st, &m->authors, &m->n_authors, &m->cap_authors, s, n);
}

static void add_id(pdx_status *st, meta *m, const char *s) {
    if (s)
        push(st, &m->ids, &m->n_ids, &m->cap_ids, s, strlen(s));
}

/* ---- meta tags ------------------------------------------------------------ */

typedef struct metas {
    meta cit, dc, any;  /* citation_*, Dublin Core, generic (description) */
    json_t *ld[MAX_LD]; /* the JSON-LD articles (borrowed from ld_docs) */
    size_t n_ld;
    size_t ld_line[MAX_LD];
    json_t **ld_docs;   /* every JSON-LD document parsed (owned) */
    size_t n_docs, cap_docs;
} metas;

static bool is(const char *name, const char *w) { return strcasecmp(name, w) == 0; }

static void meta_tag(pdx_status *st, metas *ms, const char *name, const char *content,
                     size_t line) {
    meta *c = &ms->cit, *d = &ms->dc;
    if (strncasecmp(name, "citation_", 9) == 0) {
        const char *k = name + 9;
        if (is(k, "title") && !c->title)
            c->line = line;
        if (is(k, "title"))
            set_once(st, &c->title, content);
        else if (is(k, "author"))
            add_author(st, c, content, strlen(content));
        else if (is(k, "authors")) {
            /* the older Highwire form: "Weaver, Ada; Loom, Bo" */
            for (const char *s = content; *s;) {
                size_t n = strcspn(s, ";");
                add_author(st, c, s, n);
                s += n + (s[n] == ';');
            }
        } else if (is(k, "publication_date") || is(k, "date") || is(k, "online_date") ||
                   is(k, "cover_date"))
            set_once(st, &c->date, content);
        else if (is(k, "abstract"))
            set_once(st, &c->abstract, content);
        else if (is(k, "doi") || is(k, "arxiv_id"))
            add_id(st, c, content);
        else if (is(k, "pdf_url") || is(k, "abstract_html_url"))
            /* an arXiv page's only id may be its URL; other URLs are not ids */
            add_id(st, c, strstr(content, "arxiv.org/") ? content : NULL);
        else if (is(k, "journal_title") || is(k, "conference_title"))
            set_once(st, &c->venue, content);
        else if (is(k, "volume"))
            set_once(st, &c->volume, content);
        else if (is(k, "issue"))
            set_once(st, &c->issue, content);
        else if (is(k, "firstpage"))
            set_once(st, &c->first, content);
        else if (is(k, "lastpage"))
            set_once(st, &c->last, content);
        return;
    }
    if (strncasecmp(name, "dc.", 3) == 0 || strncasecmp(name, "dcterms.", 8) == 0) {
        const char *k = name + (name[2] == '.' ? 3 : 8);
        if (is(k, "title") && !d->title)
            d->line = line;
        if (is(k, "title"))
            set_once(st, &d->title, content);
        else if (is(k, "creator") || is(k, "creator.personalname") || is(k, "contributor.author"))
            add_author(st, d, content, strlen(content));
        else if (is(k, "date") || is(k, "issued") || is(k, "created") || is(k, "date.issued"))
            set_once(st, &d->date, content);
        else if (is(k, "abstract"))
            set_once(st, &d->abstract, content);
        else if (is(k, "description"))
            set_once(st, &d->description, content);
        else if (is(k, "identifier") || is(k, "identifier.doi"))
            add_id(st, d, content);
        else if (is(k, "source") || is(k, "ispartof") || is(k, "relation.ispartof"))
            set_once(st, &d->venue, content);
        return;
    }
    if (is(name, "description") || is(name, "og:description"))
        set_once(st, &ms->any.description, content);
}

/* ---- JSON-LD -------------------------------------------------------------- */

static bool article_type(const char *t) {
    static const char *const types[] = {"ScholarlyArticle", "Article", "MedicalScholarlyArticle",
                                        "Report", "Thesis", "Chapter", NULL};
    if (!t)
        return false;
    if (strncmp(t, "http://schema.org/", 18) == 0 || strncmp(t, "https://schema.org/", 19) == 0)
        t = strchr(t + 8, '/') + 1;
    for (size_t i = 0; types[i]; i++)
        if (strcmp(t, types[i]) == 0)
            return true;
    return false;
}

static bool is_article(json_t *o) {
    json_t *t = json_object_get(o, "@type");
    if (json_is_string(t))
        return article_type(json_string_value(t));
    size_t i;
    json_t *e;
    json_array_foreach(t, i, e) if (article_type(json_string_value(e))) return true;
    return false;
}

/* Collects the articles of a JSON-LD value: the value itself, the items
 * of an array, the nodes of an @graph (one level: articles are not
 * nested in each other). */
static void collect_ld(metas *ms, json_t *v, size_t line, int depth) {
    if (depth > 3)
        return;
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) collect_ld(ms, e, line, depth + 1);
        return;
    }
    if (!json_is_object(v))
        return;
    if (is_article(v) && ms->n_ld < MAX_LD) {
        ms->ld_line[ms->n_ld] = line;
        ms->ld[ms->n_ld++] = v;
    }
    json_t *g = json_object_get(v, "@graph");
    if (g)
        collect_ld(ms, g, line, depth + 1);
}

static const char *jstr(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A string or a whole number ("issueNumber": 3) as text, in buf. */
static const char *jtext(json_t *o, const char *k, char *buf, size_t n) {
    json_t *v = json_object_get(o, k);
    if (json_is_integer(v)) {
        snprintf(buf, n, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The article's pages: "pageStart"/"pageEnd", else "pagination" ("45-67"). */
static void ld_pages(pdx_status *st, meta *m, json_t *o) {
    char a[32], b[32];
    const char *first = jtext(o, "pageStart", a, sizeof a), *last = jtext(o, "pageEnd", b, sizeof b);
    const char *span = jstr(o, "pagination");
    if (!first && span) {
        size_t cut = strcspn(span, "-\xe2"); /* "45-67", "45–67" */
        if (cut && cut < sizeof a) {
            memcpy(a, span, cut);
            a[cut] = '\0';
            first = a;
            const char *rest = span + cut;
            rest += strspn(rest, "-\xe2\x80\x93 ");
            last = *rest ? rest : NULL;
        }
    }
    set_once(st, &m->first, first);
    set_once(st, &m->last, last);
}

/* A JSON-LD author: "Ada Weaver", {"name": …}, {"givenName", "familyName"}. */
static void ld_author(pdx_status *st, meta *m, json_t *a) {
    if (json_is_string(a)) {
        add_author(st, m, json_string_value(a), json_string_length(a));
        return;
    }
    const char *name = jstr(a, "name");
    if (name) {
        add_author(st, m, name, strlen(name));
        return;
    }
    const char *given = jstr(a, "givenName"), *family = jstr(a, "familyName");
    if (!family)
        return;
    pdx_buf b = PDX_BUF_INIT;
    if (given) {
        pdx_buf__adds(st, &b, given);
        pdx_buf__addc(st, &b, ' ');
    }
    pdx_buf__adds(st, &b, family);
    if (!*st)
        add_author(st, m, b.p, b.n);
    pdx_buf__free(&b);
}

/* An identifier: "10.1234/x", "https://doi.org/…", {"propertyID": "DOI",
 * "value": …}, or an array of them. */
static void ld_ids(pdx_status *st, meta *m, json_t *v) {
    if (json_is_string(v)) {
        add_id(st, m, json_string_value(v));
    } else if (json_is_object(v)) {
        add_id(st, m, jstr(v, "value"));
        add_id(st, m, jstr(v, "@id"));
    } else if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) ld_ids(st, m, e);
    }
}

static void ld_meta(pdx_status *st, meta *m, json_t *o, size_t line) {
    m->line = line;
    set_once(st, &m->title, jstr(o, "name"));
    set_once(st, &m->title, jstr(o, "headline"));
    json_t *a = json_object_get(o, "author");
    if (!a)
        a = json_object_get(o, "creator");
    if (json_is_array(a)) {
        size_t i;
        json_t *e;
        json_array_foreach(a, i, e) ld_author(st, m, e);
    } else if (a) {
        ld_author(st, m, a);
    }
    set_once(st, &m->date, jstr(o, "datePublished"));
    set_once(st, &m->date, jstr(o, "dateCreated"));
    set_once(st, &m->abstract, jstr(o, "abstract"));
    set_once(st, &m->description, jstr(o, "description"));
    ld_ids(st, m, json_object_get(o, "identifier"));
    ld_ids(st, m, json_object_get(o, "sameAs"));
    ld_ids(st, m, json_object_get(o, "url"));
    ld_ids(st, m, json_object_get(o, "@id"));
    ld_pages(st, m, o);
    /* isPartOf: a Periodical, or an issue of a volume of one */
    json_t *part = json_object_get(o, "isPartOf");
    char num[32];
    for (int i = 0; i < 3 && json_is_object(part); i++) {
        const char *t = jstr(part, "@type");
        if (t && strstr(t, "Issue")) {
            set_once(st, &m->issue, jtext(part, "issueNumber", num, sizeof num));
        } else if (t && strstr(t, "Volume")) {
            set_once(st, &m->volume, jtext(part, "volumeNumber", num, sizeof num));
        } else {
            set_once(st, &m->venue, jstr(part, "name"));
            break;
        }
        part = json_object_get(part, "isPartOf");
    }
}

/* ---- the walk --------------------------------------------------------------- */

static void scan(pdx_status *st, metas *ms, const GumboNode *node) {
    if (*st || node->type != GUMBO_NODE_ELEMENT)
        return;
    const GumboElement *el = &node->v.element;
    if (el->tag == GUMBO_TAG_META) {
        const GumboAttribute *name = gumbo_get_attribute(&el->attributes, "name");
        if (!name)
            name = gumbo_get_attribute(&el->attributes, "property");
        const GumboAttribute *content = gumbo_get_attribute(&el->attributes, "content");
        if (name && content)
            meta_tag(st, ms, name->value, content->value, el->start_pos.line);
        return;
    }
    if (el->tag == GUMBO_TAG_SCRIPT) {
        const GumboAttribute *type = gumbo_get_attribute(&el->attributes, "type");
        if (!type || strncasecmp(type->value, "application/ld+json", 19) != 0 ||
            el->children.length != 1)
            return;
        const GumboNode *t = el->children.data[0];
        if (t->type != GUMBO_NODE_TEXT && t->type != GUMBO_NODE_WHITESPACE)
            return;
        json_error_t err;
        json_t *doc = json_loads(t->v.text.text, 0, &err);
        if (!doc)
            return; /* broken JSON-LD: the page's other metadata may do */
        if (ms->n_docs == ms->cap_docs) {
            size_t c = ms->cap_docs ? 2 * ms->cap_docs : 4;
            json_t **v = realloc(ms->ld_docs, c * sizeof *v);
            if (!v) {
                json_decref(doc);
                *st = PDX_ENOMEM;
                return;
            }
            ms->ld_docs = v;
            ms->cap_docs = c;
        }
        ms->ld_docs[ms->n_docs++] = doc;
        collect_ld(ms, doc, el->start_pos.line, 0);
        return;
    }
    for (unsigned i = 0; i < el->children.length; i++)
        scan(st, ms, el->children.data[i]);
}

/* ---- the record ------------------------------------------------------------- */

/* "Weaver, Ada" → "Ada Weaver"; names with no comma, or with more than
 * one ("Weaver, Jr., Ada"), are left to the author-list parser. */
static void add_name(pdx_status *st, pdx_read_ctx *ctx, pdx_paper *p, const char *s) {
    const char *comma = strchr(s, ',');
    if (comma && !strchr(comma + 1, ',')) {
        const char *given = comma + 1;
        while (*given == ' ')
            given++;
        pdx_buf b = PDX_BUF_INIT;
        pdx_buf__adds(st, &b, given);
        pdx_buf__addc(st, &b, ' ');
        pdx_buf__add(st, &b, s, (size_t)(comma - s));
        if (!*st && *given)
            pdx_read__authors(st, ctx, p, b.p, b.n);
        pdx_buf__free(&b);
        if (*given)
            return;
    }
    pdx_read__authors(st, ctx, p, s, strlen(s));
}

/* An abstract as sites write it in metadata: sometimes HTML ("<p>We…</p>"),
 * sometimes opening with its label ("Abstract: We …"). */
static void set_abstract(pdx_status *st, pdx_paper *p, pdx_buf *tmp, const char *s) {
    pdx_html_text t = {0};
    if (strchr(s, '<') && strchr(s, '>')) {
        pdx_status rs = pdx_html__render_string(&t, s, strlen(s));
        if (rs == PDX_ENOMEM)
            *st = rs;
        if (!rs) {
            for (size_t i = 0; i < t.text.n; i++)
                if (t.text.p[i] == '\n')
                    t.text.p[i] = ' ';
            s = t.text.n ? t.text.p : s;
        }
    }
    while (isspace((unsigned char)*s))
        s++;
    if (strncasecmp(s, "abstract", 8) == 0 && (s[8] == ':' || s[8] == '.' || s[8] == '\n'))
        s += 9;
    pdx_read__set(st, tmp, p, pdx_paper__set_abstract, s, strlen(s));
    pdx_html__text_free(&t);
}

/* The ids of every source in `ms`, in order of trust: the first source
 * with a DOI gives the DOI, and so for arXiv (a PDF link counts, as
 * https://arxiv.org/pdf/2301.00001v2.pdf). Does nothing after an error. */
static void add_ids(pdx_status *st, pdx_paper *p, meta *const *ms, size_t n_ms) {
    for (size_t i = 0; i < n_ms && !*st; i++)
        for (size_t k = 0; k < ms[i]->n_ids && !*st; k++) {
            const char *v = ms[i]->ids[k];
            size_t vn = strlen(v);
            if (!pdx_paper__get_id(p, "doi") && pdx_read__add_doi(st, p, v, vn))
                continue;
            if (pdx_paper__get_id(p, "arxiv"))
                continue;
            /* arXiv's PDF links: https://arxiv.org/pdf/2301.00001v2(.pdf) */
            const char *pdf = strstr(v, "arxiv.org/pdf/");
            if (pdf) {
                v = pdf + 14;
                vn = strlen(v);
                if (vn > 4 && strcmp(v + vn - 4, ".pdf") == 0)
                    vn -= 4;
            }
            pdx_read__add_arxiv(st, p, v, vn);
        }
}

/* `ms` in order of trust; a field comes from the first that has it. */
static pdx_status make_record(pdx_paper **out, pdx_read_ctx *ctx, meta *const *ms, size_t n_ms,
                              const char *description) {
    *out = NULL;
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    if (st)
        return st;
    pdx_buf tmp = PDX_BUF_INIT;
    const meta *authors = NULL;
    const char *title = NULL, *date = NULL, *abstract = NULL, *venue = NULL;
    size_t line = 0;
    char d[11];
    for (size_t i = 0; i < n_ms; i++) {
        const meta *m = ms[i];
        if (!title && m->title) {
            title = m->title;
            line = m->line;
        }
        if (!authors && m->n_authors)
            authors = m;
        if (!date && m->date && pdx_read__date(d, m->date, strlen(m->date)))
            date = m->date;
        if (!abstract)
            abstract = m->abstract;
        if (!venue)
            venue = m->venue;
    }
    for (size_t i = 0; i < n_ms && !abstract; i++)
        abstract = ms[i]->description;
    if (!abstract)
        abstract = description;
    pdx_read__set(&st, &tmp, p, pdx_paper__set_title, title, strlen(title));
    for (size_t i = 0; authors && i < authors->n_authors; i++)
        add_name(&st, ctx, p, authors->authors[i]);
    if (date) {
        size_t dn = pdx_read__date(d, date, strlen(date));
        pdx_paper__set_date(&st, p, d, dn);
    }
    if (abstract)
        set_abstract(&st, p, &tmp, abstract);
    if (venue)
        pdx_read__set(&st, &tmp, p, pdx_paper__set_venue, venue, strlen(venue));
    /* volume, issue and pages together, from the first source with any */
    const meta *c = ms[0];
    for (size_t i = 0; i < n_ms; i++)
        if (ms[i]->volume || ms[i]->issue || ms[i]->first) {
            c = ms[i];
            break;
        }
    if (c->volume)
        pdx_paper__set_volume(&st, p, c->volume, strlen(c->volume));
    if (c->issue)
        pdx_paper__set_number(&st, p, c->issue, strlen(c->issue));
    if (c->first) {
        pdx_buf__clear(&tmp);
        pdx_buf__adds(&st, &tmp, c->first);
        if (c->last) {
            pdx_buf__addc(&st, &tmp, '-');
            pdx_buf__adds(&st, &tmp, c->last);
        }
        if (!st)
            pdx_paper__set_pages(&st, p, tmp.p, tmp.n);
    }
    add_ids(&st, p, ms, n_ms);
    pdx_paper__set_format(&st, p, "html");
    pdx_paper__add_source(&st, p, ctx->file, line ? line : 1);
    pdx_buf__free(&tmp);
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    *out = p;
    return PDX_OK;
}

static pdx_status add_record(pdx_paper ***v, size_t *n, pdx_paper *p) {
    pdx_paper **nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv) {
        pdx_paper_free(p);
        return PDX_ENOMEM;
    }
    nv[(*n)++] = p;
    *v = nv;
    return PDX_OK;
}

/* A DC.title is a paper's only with something a site's page does not
 * have: an identifier that is a DOI or arXiv id, or an abstract. */
static bool dc_is_paper(const meta *d) {
    if (!d->title)
        return false;
    if (d->abstract)
        return true;
    for (size_t i = 0; i < d->n_ids; i++)
        if (strstr(d->ids[i], "10.") || strncasecmp(d->ids[i], "arxiv:", 6) == 0 ||
            strstr(d->ids[i], "arxiv.org/"))
            return true;
    return false;
}

pdx_status pdx_html__landing(pdx_paper ***out, size_t *n, pdx_read_ctx *ctx,
                             const GumboNode *root) {
    *out = NULL;
    *n = 0;
    pdx_status st = PDX_OK;
    metas ms;
    memset(&ms, 0, sizeof ms);
    meta ld;
    memset(&ld, 0, sizeof ld);
    if (root)
        scan(&st, &ms, root);
    pdx_paper *p = NULL;
    if (!st && (ms.cit.title || ms.n_ld == 1 || (ms.n_ld == 0 && dc_is_paper(&ms.dc)))) {
        if (ms.n_ld >= 1)
            ld_meta(&st, &ld, ms.ld[0], ms.ld_line[0]);
        meta *order[] = {&ms.cit, &ld, &ms.dc};
        if (!st && (ms.cit.title || ld.title || ms.dc.title) &&
            !(st = make_record(&p, ctx, order, 3, ms.any.description)))
            st = add_record(out, n, p);
    } else if (!st && ms.n_ld > 1) {
        /* a list of articles in JSON-LD: each is a record */
        for (size_t i = 0; i < ms.n_ld && !st; i++) {
            meta_free(&ld);
            ld_meta(&st, &ld, ms.ld[i], ms.ld_line[i]);
            meta *order[] = {&ld};
            if (!st && ld.title && !(st = make_record(&p, ctx, order, 1, NULL)))
                st = add_record(out, n, p);
        }
    }
    meta_free(&ld);
    meta_free(&ms.cit);
    meta_free(&ms.dc);
    meta_free(&ms.any);
    for (size_t i = 0; i < ms.n_docs; i++)
        json_decref(ms.ld_docs[i]);
    free(ms.ld_docs);
    if (st) {
        for (size_t i = 0; i < *n; i++)
            pdx_paper_free((*out)[i]);
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return st;
}
