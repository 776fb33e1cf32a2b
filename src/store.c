/*
 * store.c — records into Xapian documents (see store.h and schema.h).
 *
 * Per word of free text the index gets the exact folded form with its
 * position, the accent-folded form at the same position when it differs,
 * and the stem of the plain form.  So "Jörn" is found by "jorn" (plain) and
 * "Jörn" alike, while an exact "Jörn" query can still favour the exact form.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "schema.h"
#include "text/names.h"
#include "text/text.h"

#define SOURCE_KEY PDX_HASH_KEY /* hex digits of a source key */

/* A merge key and whether it is the one find_same() computed. */
typedef struct kept_key {
    pdx_buf key;
    bool kept;
} kept_key;

struct pdx_store {
    pdx_db *db;
    pdx_ixdoc *doc;     /* reused for every record */
    pdx_ixstem *stemmer; /* the store's own: a builder may run on another
                            thread than the database's writer (ingest.c) */
    pdx_tokenizer tz;
    pdx_buf term, stem, key, tmp;
    pdx_store_weights w;
    pdx_stem_entry *stems; /* PDX_STEM_CACHE entries, or NULL (no cache) */
    char source[SOURCE_KEY + 1]; /* the current input file's key, "" for none */
    pdx_buf sources;    /* source keys of the document being built, each
                           SOURCE_KEY bytes, no separators */
    /* The merge keys pdx_store__find_same() computed, for the paper it
     * was given: put() builds that paper's document with them rather
     * than tokenizing its title and abstract again. */
    kept_key title_key, abstract_key;
};

pdx_status pdx_store__new(pdx_store **out, pdx_db *db) {
    *out = NULL;
    if (!db->writable)
        return pdx_db__fail(db, PDX_EINVAL, "database %s is open read-only", db->path);
    pdx_store *s = calloc(1, sizeof *s);
    if (!s)
        return PDX_ENOMEM;
    s->db = db;
    pdx_store__default_weights(&s->w);
    pdx_status st = pdx_index__doc_new(&s->doc);
    if (!st)
        st = pdx_index__stem_new(&s->stemmer, "english");
    s->stems = calloc(PDX_STEM_CACHE, sizeof *s->stems); /* optional: NULL works */
    (void)pdx_text__tokenizer_cache(&s->tz);             /* optional too */
    if (st) {
        pdx_index__doc_free(s->doc);
        free(s);
        return st;
    }
    *out = s;
    return PDX_OK;
}

void pdx_store__default_weights(pdx_store_weights *out) {
    out->title = PDX_TITLE_WDF;
    out->abstract = 1;
    out->author = 1;
    out->author_text = true;
}

void pdx_store__set_weights(pdx_store *s, const pdx_store_weights *w) { s->w = *w; }

pdx_db *pdx_store__db(const pdx_store *s) { return s->db; }

void pdx_store__get_weights(pdx_store_weights *out, const pdx_store *s) { *out = s->w; }

void pdx_store__free(pdx_store *s) {
    if (!s)
        return;
    pdx_index__doc_free(s->doc);
    pdx_index__stem_free(s->stemmer);
    free(s->stems);
    pdx_text__tokenizer_free(&s->tz);
    pdx_buf__free(&s->term);
    pdx_buf__free(&s->stem);
    pdx_buf__free(&s->key);
    pdx_buf__free(&s->title_key.key);
    pdx_buf__free(&s->abstract_key.key);
    pdx_buf__free(&s->tmp);
    pdx_buf__free(&s->sources);
    free(s);
}

/* Stems a folded word into s->stem with the store's own stemmer. */
static pdx_status stem_word(pdx_store *s, const char *w, size_t n) {
    return pdx_db__stem_with(s->stemmer, s->stems, &s->stem, w, n);
}

/* Sets s->term to prefix + body. */
static void make_term(pdx_status *st, pdx_store *s, const char *prefix, const char *body, size_t n) {
    pdx_buf__clear(&s->term);
    pdx_buf__adds(st, &s->term, prefix);
    pdx_buf__add(st, &s->term, body, n);
}

static pdx_status add_bool(pdx_store *s, const char *prefix, const char *body, size_t n) {
    pdx_status st = PDX_OK;
    if (!n)
        return PDX_OK;
    make_term(&st, s, prefix, body, n);
    return st ? st : pdx_index__doc_boolean(s->doc, s->term.p, s->term.n);
}

/* Adds prefix + hex hash of the key as a boolean merge term. */
static pdx_status add_hash_term(pdx_store *s, const char *prefix, const pdx_buf *key) {
    if (!key->n)
        return PDX_OK;
    char hex[PDX_HASH_KEY + 1];
    pdx_schema__hash_key(hex, key->p, key->n);
    return add_bool(s, prefix, hex, PDX_HASH_KEY);
}

/* What free-text indexing of one field needs per token. */
typedef struct field_ctx {
    pdx_store *s;
    unsigned wdf;
    const char *pos_prefix;  /* also index plain forms with this prefix and positions */
    const char *stem_prefix; /* stems of the field ("ZS" for titles), or NULL */
} field_ctx;

static pdx_status index_token(const pdx_token *tok, void *payload) {
    field_ctx *f = payload;
    pdx_store *s = f->s;
    pdx_ixdoc *doc = s->doc;
    pdx_status st = PDX_OK;
    if (tok->flags & PDX_TOK_COMPOUND) {
        /* The joined form, as one more word at the first part's position. */
        if ((st = pdx_index__doc_posting(doc, tok->plain, tok->n_plain, tok->pos, f->wdf)))
            return st;
        return PDX_OK;
    }
    if ((st = pdx_index__doc_posting(doc, tok->exact, tok->n_exact, tok->pos, f->wdf)))
        return st;
    if (tok->plain != tok->exact &&
        (st = pdx_index__doc_posting(doc, tok->plain, tok->n_plain, tok->pos, f->wdf)))
        return st;
    if ((st = stem_word(s, tok->plain, tok->n_plain)))
        return st;
    make_term(&st, s, PDX_PFX_STEM, s->stem.p, s->stem.n);
    if (!st)
        st = pdx_index__doc_term(doc, s->term.p, s->term.n, f->wdf);
    if (!st && f->pos_prefix) {
        make_term(&st, s, f->pos_prefix, tok->plain, tok->n_plain);
        if (!st)
            st = pdx_index__doc_posting(doc, s->term.p, s->term.n, tok->pos, 1);
    }
    if (!st && f->stem_prefix) {
        make_term(&st, s, f->stem_prefix, s->stem.p, s->stem.n);
        if (!st)
            st = pdx_index__doc_term(doc, s->term.p, s->term.n, 1);
    }
    return st;
}

/* Author words: "A"-prefixed with positions, and in the free text (plain
 * form and stem, as every other word) so that a topic search for a surname
 * finds the person's papers too. */
static pdx_status index_author_token(const pdx_token *tok, void *payload) {
    field_ctx *f = payload;
    pdx_store *s = f->s;
    pdx_status st = PDX_OK;
    if (tok->flags & PDX_TOK_COMPOUND)
        return PDX_OK;
    make_term(&st, s, PDX_PFX_AUTHOR, tok->plain, tok->n_plain);
    if (!st)
        st = pdx_index__doc_posting(s->doc, s->term.p, s->term.n, tok->pos, 1);
    if (st || !s->w.author_text)
        return st;
    if (!st)
        st = pdx_index__doc_posting(s->doc, tok->plain, tok->n_plain, tok->pos, f->wdf);
    if (!st)
        st = stem_word(s, tok->plain, tok->n_plain);
    if (!st)
        make_term(&st, s, PDX_PFX_STEM, s->stem.p, s->stem.n);
    if (!st)
        st = pdx_index__doc_term(s->doc, s->term.p, s->term.n, f->wdf);
    return st;
}

static pdx_status index_author_keys(pdx_store *s, const char *name) {
    pdx_name nm;
    pdx_status st = pdx_name__parse(&nm, name, strlen(name));
    if (st || !pdx_name__ok(&nm)) {
        pdx_name__free(&nm);
        return st;
    }
    pdx_buf__clear(&s->key);
    pdx_name__key_full(&st, &s->key, &nm);
    if (!st)
        st = add_bool(s, PDX_PFX_AUTHOR_FULL, s->key.p, s->key.n);
    if (!st)
        st = add_bool(s, PDX_PFX_AUTHOR_SURNAME, nm.surname, strlen(nm.surname));
    if (!st && strcmp(nm.core, nm.surname) != 0)
        st = add_bool(s, PDX_PFX_AUTHOR_SURNAME, nm.core, strlen(nm.core));
    if (!st) {
        /* the name as written, after its look-up key (schema.h) */
        pdx_buf__clear(&s->key);
        pdx_buf__adds(&st, &s->key, nm.core);
        pdx_buf__addc(&st, &s->key, '\x1f');
        if (nm.n_given) {
            size_t at = s->key.n;
            pdx_name__key_initial(&st, &s->key, &nm); /* "j lorraine": keep the "j" */
            size_t sp = at;
            while (sp < s->key.n && s->key.p[sp] != ' ')
                sp++;
            s->key.n = sp;
        }
        pdx_buf__addc(&st, &s->key, '\x1f');
        pdx_buf__adds(&st, &s->key, name);
        if (!st)
            st = add_bool(s, PDX_PFX_AUTHOR_NAME, s->key.p, s->key.n);
    }
    if (!st && nm.n_given) {
        pdx_buf__clear(&s->key);
        pdx_name__key_initial(&st, &s->key, &nm);
        if (!st)
            st = add_bool(s, PDX_PFX_AUTHOR_INITIAL, s->key.p, s->key.n);
        pdx_buf__clear(&s->key);
        pdx_name__key_initials(&st, &s->key, &nm);
        if (!st)
            st = add_bool(s, PDX_PFX_AUTHOR_INITIALS, s->key.p, s->key.n);
    }
    pdx_name__free(&nm);
    return st;
}

/* p's key as `make` computes it (pdx_paper__title_key or
 * pdx_paper__abstract_key), in k: the one find_same() kept there when
 * `reuse` (p is the paper it was given), else computed now. */
static const pdx_buf *paper_key(pdx_status *st, kept_key *k,
                                void (*make)(pdx_status *, pdx_buf *, const pdx_paper *),
                                const pdx_paper *p, bool reuse) {
    if (!reuse || !k->kept) {
        pdx_buf__clear(&k->key);
        make(st, &k->key, p);
        k->kept = false; /* not necessarily find_same's paper */
    }
    return &k->key;
}

/* The free text of p, by position: title, abstract a gap after it, and
 * the authors from PDX_POS_AUTHORS on, a gap between names so a phrase
 * never spans two of them; each name also gets its look-up keys. */
static pdx_status index_words(pdx_store *s, const pdx_paper *p) {
    pdx_status st = PDX_OK;
    unsigned pos = 1;
    field_ctx f = {s, s->w.title, PDX_PFX_TITLE, PDX_PFX_TITLE_STEM};
    if (p->title && *p->title && !(p->flags & PDX_PAPER_TITLE_DERIVED))
        st = pdx_text__tokenize(&s->tz, p->title, strlen(p->title), pos, &pos, index_token, &f);
    if (!st && p->abstract) {
        field_ctx fa = {s, s->w.abstract, NULL, NULL};
        st = pdx_text__tokenize(&s->tz, p->abstract, strlen(p->abstract), pos + PDX_POS_GAP, &pos,
                                index_token, &fa);
    }
    unsigned apos = PDX_POS_AUTHORS;
    field_ctx fn = {s, s->w.author, NULL, NULL};
    for (size_t i = 0; !st && i < p->authors.n; i++) {
        const char *name = pdx_paper__authors(p)[i].name;
        st = pdx_text__tokenize(&s->tz, name, strlen(name), apos, &apos, index_author_token, &fn);
        apos += PDX_POS_GAP;
        if (!st)
            st = index_author_keys(s, name);
    }
    return st;
}

/* One venue term a word of the venue's key ("Proc. ACL" → "proc", "acl"),
 * so a venue filter matches any venue naming those words. */
static pdx_status index_venue(pdx_store *s, const char *venue) {
    pdx_status st = PDX_OK;
    pdx_buf__clear(&s->key);
    pdx_text__key(&st, &s->key, venue, strlen(venue));
    for (size_t i = 0; !st && i < s->key.n;) {
        size_t a = i;
        while (i < s->key.n && s->key.p[i] != ' ')
            i++;
        make_term(&st, s, PDX_PFX_VENUE, s->key.p + a, i - a);
        if (!st)
            st = pdx_index__doc_term(s->doc, s->term.p, s->term.n, 1);
        i++;
    }
    return st;
}

/* The year as a term and a sortable value, the date as a value, and the
 * date's head term: kept together, since the date head must agree with
 * the date slot (schema.h). */
static pdx_status index_date(pdx_store *s, const pdx_paper *p) {
    pdx_status st = PDX_OK;
    if (p->year) {
        char y[16];
        int n = snprintf(y, sizeof y, "%d", p->year);
        st = add_bool(s, PDX_PFX_YEAR, y, (size_t)n);
        char v[16];
        int vn = snprintf(v, sizeof v, "%04d", p->year);
        if (!st)
            st = pdx_index__doc_set_value(s->doc, PDX_SLOT_YEAR, v, (size_t)vn);
    }
    bool dated = p->date && p->date[0] != '-';
    if (!st && dated)
        st = pdx_index__doc_set_value(s->doc, PDX_SLOT_DATE, p->date, strlen(p->date));
    /* From the date slot itself, so the two can never disagree (schema.h) */
    if (!st) {
        size_t dn = dated ? strlen(p->date) : 0;
        make_term(&st, s, PDX_PFX_DATE_HEAD, p->date, dn < 4 ? dn : 4);
        if (!st)
            st = pdx_index__doc_boolean(s->doc, s->term.p, s->term.n);
    }
    return st;
}

/* Fills s->doc with the terms, values and data of `p`; `reuse`: p is the
 * paper last given to pdx_store__find_same(), whose keys are kept. */
static pdx_status build_doc(pdx_store *s, const pdx_paper *p, bool reuse) {
    pdx_status st = pdx_index__doc_clear(s->doc);
    for (size_t i = 0; !st && i + SOURCE_KEY <= s->sources.n; i += SOURCE_KEY)
        st = add_bool(s, PDX_PFX_SOURCE, s->sources.p + i, SOURCE_KEY);
    if (!st)
        st = index_words(s, p);
    if (!st)
        st = add_bool(s, PDX_PFX_ID, pdx_paper_id(p), strlen(pdx_paper_id(p)));
    for (size_t i = 0; !st && i < p->ids.n; i++) {
        pdx_buf__clear(&s->tmp);
        pdx_paper__extid_key(&st, &s->tmp, &pdx_paper__ids(p)[i]);
        if (!st)
            st = add_bool(s, PDX_PFX_EXTID, s->tmp.p, s->tmp.n);
    }
    if (!st) {
        const pdx_buf *k = paper_key(&st, &s->title_key, pdx_paper__title_key, p, reuse);
        if (!st)
            st = add_hash_term(s, PDX_PFX_TITLEKEY, k);
        k = paper_key(&st, &s->abstract_key, pdx_paper__abstract_key, p, reuse);
        if (!st)
            st = add_hash_term(s, PDX_PFX_ABSKEY, k);
    }
    if (!st && p->category) {
        pdx_buf__clear(&s->tmp);
        pdx_text__fold(&st, &s->tmp, p->category, strlen(p->category), PDX_FOLD_CASE);
        if (!st)
            st = add_bool(s, PDX_PFX_CATEGORY, s->tmp.p, s->tmp.n);
    }
    if (!st && p->venue)
        st = index_venue(s, p->venue);
    if (!st)
        st = index_date(s, p);
    if (!st && (p->flags & PDX_PAPER_CODE))
        st = add_bool(s, PDX_PFX_HAS, "code", 4);
    if (!st) {
        char *data = NULL;
        size_t n = 0;
        if (s->db->json_only) /* schema 1 */
            st = pdx_paper__json(&data, p, JSON_COMPACT);
        else
            st = pdx_paper__stored(&data, &n, p);
        if (!st)
            st = pdx_index__doc_set_data(s->doc, data, s->db->json_only ? strlen(data) : n);
        free(data);
    }
    return st;
}

/* The first document holding prefix + body, or 0. */
static pdx_status find_term(pdx_store *s, const char *prefix, const char *body, size_t n,
                            uint32_t *docid) {
    pdx_status st = PDX_OK;
    *docid = 0;
    if (!n)
        return PDX_OK;
    make_term(&st, s, prefix, body, n);
    if (!st && (st = pdx_index__find(docid, s->db->ix, s->term.p, s->term.n)))
        return pdx_db__fail_ix(s->db, st);
    return st;
}

static pdx_status find_hash(pdx_store *s, const char *prefix, const pdx_buf *key, uint32_t *docid) {
    *docid = 0;
    if (!key->n)
        return PDX_OK;
    char hex[PDX_HASH_KEY + 1];
    pdx_schema__hash_key(hex, key->p, key->n);
    return find_term(s, prefix, hex, PDX_HASH_KEY, docid);
}

pdx_status pdx_store__find_same(uint32_t *out, pdx_store *s, const pdx_paper *p) {
    s->title_key.kept = s->abstract_key.kept = false;
    pdx_status st = find_term(s, PDX_PFX_ID, pdx_paper_id(p), strlen(pdx_paper_id(p)), out);
    for (size_t i = 0; !st && !*out && i < p->ids.n; i++) {
        pdx_buf__clear(&s->tmp);
        pdx_paper__extid_key(&st, &s->tmp, &pdx_paper__ids(p)[i]);
        if (!st)
            st = find_term(s, PDX_PFX_EXTID, s->tmp.p, s->tmp.n, out);
    }
    if (!st && !*out) {
        const pdx_buf *k = paper_key(&st, &s->title_key, pdx_paper__title_key, p, false);
        s->title_key.kept = !st;
        /* One- or two-word titles ("Introduction", "Reply") name many
         * papers: never merge on them. */
        size_t spaces = 0;
        for (size_t i = 0; i < k->n; i++)
            spaces += k->p[i] == ' ';
        if (!st && spaces >= 2)
            st = find_hash(s, PDX_PFX_TITLEKEY, k, out);
    }
    if (!st && !*out) {
        const pdx_buf *k = paper_key(&st, &s->abstract_key, pdx_paper__abstract_key, p, false);
        s->abstract_key.kept = !st;
        if (!st)
            st = find_hash(s, PDX_PFX_ABSKEY, k, out);
    }
    return st;
}

void pdx_store__set_source(pdx_store *s, const char *key) {
    snprintf(s->source, sizeof s->source, "%s", key ? key : "");
}

/* Adds the source key `key` (SOURCE_KEY bytes) to s->sources unless it is
 * there. */
static void add_source(pdx_status *st, pdx_store *s, const char *key) {
    for (size_t i = 0; i + SOURCE_KEY <= s->sources.n; i += SOURCE_KEY)
        if (memcmp(s->sources.p + i, key, SOURCE_KEY) == 0)
            return;
    pdx_buf__add(st, &s->sources, key, SOURCE_KEY);
}

/* Appends to s->sources the source keys document `docid` of `db` carries
 * (none for 0) that it does not hold yet, leaving out `skip` (NULL: none). */
static pdx_status append_sources(pdx_store *s, pdx_db *db, uint32_t docid, const char *skip) {
    if (!docid)
        return PDX_OK;
    pdx_ixterms *it = NULL;
    pdx_status st = pdx_index__doc_terms(&it, db->ix, docid);
    const size_t pl = strlen(PDX_PFX_SOURCE);
    if (!st)
        pdx_index__terms_skip(it, PDX_PFX_SOURCE, pl);
    const char *t;
    size_t n;
    while (!st && pdx_index__terms_next(it, &t, &n, NULL)) {
        if (n < pl || memcmp(t, PDX_PFX_SOURCE, pl) != 0)
            break;
        if (n != pl + SOURCE_KEY || (skip && memcmp(t + pl, skip, SOURCE_KEY) == 0))
            continue;
        add_source(&st, s, t + pl);
    }
    if (!st && it)
        st = pdx_index__terms_status(it);
    pdx_index__terms_free(it);
    return st ? pdx_db__fail_ix(db, st) : PDX_OK;
}

/* Sets s->sources to the source keys document `docid` carries (none for
 * 0), leaving out `skip` (NULL: none). */
static pdx_status doc_sources(pdx_store *s, uint32_t docid, const char *skip) {
    pdx_buf__clear(&s->sources);
    return append_sources(s, s->db, docid, skip);
}

/* Adds the current input's key to s->sources unless it is there. */
static void add_current_source(pdx_status *st, pdx_store *s) {
    if (s->source[0])
        add_source(st, s, s->source);
}

pdx_status pdx_store__build(pdx_ixdoc *out, pdx_store *s, const pdx_paper *p) {
    /* build_doc fills s->doc: lend it the caller's document */
    pdx_ixdoc *own = s->doc;
    s->doc = out;
    /* a new paper's sources: the current input's */
    pdx_status st = PDX_OK;
    pdx_buf__clear(&s->sources);
    add_current_source(&st, s);
    if (!st)
        st = build_doc(s, p, false);
    s->doc = own;
    return st;
}

/* Two different papers derived one id ("Introduction", 2008 and 2019): a
 * copy of `p` gets the first free "id-N", or the "id-N" already holding
 * the same work (so a re-ingest finds it again), whose document and record
 * come back in *docid and *old.  With `also`, an id its database holds (but
 * for document `self`) is not free either. */
static pdx_status other_id(pdx_store *s, const pdx_paper *p, pdx_paper **renamed,
                           pdx_paper **old, uint32_t *docid, pdx_store *also, uint32_t self) {
    *old = NULL;
    *docid = 0;
    pdx_status st = pdx_paper__clone(renamed, p);
    pdx_buf id = PDX_BUF_INIT;
    for (unsigned k = 2; !st; k++) {
        pdx_paper__alt_id(&st, &id, pdx_paper_id(p), k);
        if (!st)
            st = find_term(s, PDX_PFX_ID, id.p, id.n, docid);
        if (!st && !*docid && also) {
            uint32_t there = 0;
            st = find_term(also, PDX_PFX_ID, id.p, id.n, &there);
            if (!st && there && there != self)
                continue;
        }
        if (st || !*docid)
            break;
        if ((st = pdx_db__load(old, s->db, *docid)))
            break;
        if (pdx_paper__same_work(*old, p))
            break;
        pdx_paper_free(*old);
        *old = NULL;
        *docid = 0;
    }
    if (!st)
        (*renamed)->id = pdx_paper__str(&st, *renamed, id.p, id.n);
    pdx_buf__free(&id);
    return st;
}

/* The shard a new paper goes to in a sharded database (its route, taken
 * modulo the shards): the hash of its title key when that key may merge
 * (find_same() computed it), else of its id.  A paper that is already
 * stored is found, by any merge key, on whatever shard holds it and
 * replaced there, so re-reading lands where it is and a merged record
 * stays whole; the title key only decides where a new paper starts, so
 * that two records of one work under different ids (an arXiv id and a
 * DOI) start on one shard even when they cannot see each other (written
 * at once by two ingests). */
static uint64_t route(const pdx_store *s, const pdx_paper *p) {
    const pdx_buf *k = &s->title_key.key;
    size_t spaces = 0;
    for (size_t i = 0; s->title_key.kept && i < k->n; i++)
        spaces += k->p[i] == ' ';
    if (spaces >= 2)
        return pdx_hash64(k->p, k->n);
    return pdx_hash64(pdx_paper_id(p), strlen(pdx_paper_id(p)));
}

/* Appends to `out` the hash of the term prefix + body (none when empty). */
static void key_hash(pdx_status *st, pdx_buf *out, pdx_store *s, const char *prefix,
                     const char *body, size_t n) {
    if (!n || *st)
        return;
    make_term(st, s, prefix, body, n);
    uint64_t h = pdx_hash64(s->term.p, s->term.n);
    pdx_buf__add(st, out, &h, sizeof h);
}

pdx_status pdx_store__keys(pdx_buf *out, uint64_t *route_out, pdx_store *s, const pdx_paper *p) {
    pdx_status st = PDX_OK;
    char hex[PDX_HASH_KEY + 1];
    pdx_buf__clear(out);
    key_hash(&st, out, s, PDX_PFX_ID, pdx_paper_id(p), strlen(pdx_paper_id(p)));
    for (size_t i = 0; !st && i < p->ids.n; i++) {
        pdx_buf__clear(&s->tmp);
        pdx_paper__extid_key(&st, &s->tmp, &pdx_paper__ids(p)[i]);
        key_hash(&st, out, s, PDX_PFX_EXTID, s->tmp.p, s->tmp.n);
    }
    const pdx_buf *k = paper_key(&st, &s->title_key, pdx_paper__title_key, p, false);
    s->title_key.kept = !st;
    size_t spaces = 0;
    for (size_t i = 0; !st && i < k->n; i++)
        spaces += k->p[i] == ' ';
    if (!st && spaces >= 2 && k->n) { /* as find_same() */
        pdx_schema__hash_key(hex, k->p, k->n);
        key_hash(&st, out, s, PDX_PFX_TITLEKEY, hex, PDX_HASH_KEY);
    }
    k = paper_key(&st, &s->abstract_key, pdx_paper__abstract_key, p, false);
    s->abstract_key.kept = !st;
    if (!st && k->n) {
        pdx_schema__hash_key(hex, k->p, k->n);
        key_hash(&st, out, s, PDX_PFX_ABSKEY, hex, PDX_HASH_KEY);
    }
    *route_out = st ? 0 : route(s, p);
    return st;
}

/* Stores p; `built` (may be NULL) is p's document made beforehand, used
 * when p merges with nothing. */
static pdx_status put(bool *out, pdx_store *s, const pdx_paper *p, const pdx_ixdoc *built) {
    *out = false;
    uint32_t docid = 0;
    pdx_paper *old = NULL, *renamed = NULL;
    pdx_status st = pdx_store__find_same(&docid, s, p);
    const pdx_paper *rec = p;
    if (!st && docid) {
        st = pdx_db__load(&old, s->db, docid);
        if (!st && pdx_paper__same_work(old, p)) {
            st = pdx_paper__merge(old, p);
            rec = old;
            *out = true;
        } else if (!st) {
            /* same key, another paper (see same_work); when the key was
             * the id itself, the newcomer needs an id of its own */
            bool taken = strcmp(pdx_paper_id(old), pdx_paper_id(p)) == 0;
            pdx_paper_free(old);
            old = NULL;
            docid = 0;
            if (taken)
                st = other_id(s, p, &renamed, &old, &docid, NULL, 0);
            if (!st && old) {
                st = pdx_paper__merge(old, renamed);
                rec = old;
                *out = true;
            } else if (!st && renamed) {
                rec = renamed;
            }
        }
    }
    /* the files it came from: those of the paper it merged with, and this
     * one (a document built beforehand has them already) */
    if (!st && (rec != p || !built)) {
        st = doc_sources(s, docid, NULL);
        add_current_source(&st, s);
    }
    if (!st && (rec != p || !built))
        st = build_doc(s, rec, rec == p);
    const pdx_ixdoc *doc = rec == p && built ? built : s->doc;
    if (!st && (st = pdx_index__put_routed(s->db->ix, docid, doc, docid ? 0 : route(s, rec),
                                           NULL)))
        st = pdx_db__fail_ix(s->db, st);
    pdx_paper_free(old);
    pdx_paper_free(renamed);
    return st;
}

pdx_status pdx_store__put(bool *out, pdx_store *s, const pdx_paper *p) {
    return put(out, s, p, NULL);
}

pdx_status pdx_store__put_built(bool *out, pdx_store *s, const pdx_paper *p,
                                const pdx_ixdoc *doc) {
    return put(out, s, p, doc);
}

/* Stores `rec` as document `docid` of s's database with the sources of
 * that document and of document `also` of `other` (0: none). */
static pdx_status rewrite(pdx_store *s, const pdx_paper *rec, uint32_t docid, pdx_db *other,
                          uint32_t also) {
    pdx_status st = doc_sources(s, docid, NULL);
    if (!st)
        st = append_sources(s, other, also, NULL);
    if (!st)
        st = build_doc(s, rec, false);
    if (!st && (st = pdx_index__put(s->db->ix, docid, s->doc, NULL)))
        st = pdx_db__fail_ix(s->db, st);
    return st;
}

pdx_status pdx_store__absorb(pdx_absorbed *out, pdx_store *s, pdx_store *from, uint32_t docid) {
    *out = PDX_ABSORB_KEPT;
    pdx_paper *p = NULL, *old = NULL, *renamed = NULL;
    uint32_t into = 0;
    pdx_status st = pdx_db__load(&p, from->db, docid);
    if (!st)
        st = pdx_store__find_same(&into, s, p);
    if (!st && into)
        st = pdx_db__load(&old, s->db, into);
    const pdx_paper *rec = p;
    if (!st && old && !pdx_paper__same_work(old, p)) {
        /* the same key, another paper: only a taken id needs anything
         * (put() gives the newcomer an id of its own) */
        bool taken = strcmp(pdx_paper_id(old), pdx_paper_id(p)) == 0;
        pdx_paper_free(old);
        old = NULL;
        into = 0;
        if (taken && !(st = other_id(s, p, &renamed, &old, &into, from, docid)))
            rec = renamed;
    }
    if (!st && old) {
        /* merged into s's paper, with the sources of both */
        st = pdx_paper__merge(old, rec);
        if (!st)
            st = rewrite(s, old, into, from->db, docid);
        if (!st && (st = pdx_index__delete(from->db->ix, docid)))
            st = pdx_db__fail_ix(from->db, st);
        if (!st)
            *out = PDX_ABSORB_MERGED;
    } else if (!st && renamed) {
        if (!(st = rewrite(from, renamed, docid, from->db, 0)))
            *out = PDX_ABSORB_RENAMED;
    }
    pdx_paper_free(p);
    pdx_paper_free(old);
    pdx_paper_free(renamed);
    return st;
}

/* Drops the sources of `p` that name the forgotten file. */
static pdx_status drop_file_sources(pdx_paper *p, const char *path, const char *real) {
    const pdx_source_ref *v = pdx_paper__sources(p);
    size_t n = p->sources.n, k = 0;
    pdx_source_ref *out = n ? malloc(n * sizeof *out) : NULL;
    if (n && !out)
        return PDX_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        bool same = strcmp(v[i].file, path) == 0;
        if (!same && real) {
            char *r = realpath(v[i].file, NULL);
            same = r && strcmp(r, real) == 0;
            free(r);
        }
        if (!same)
            out[k++] = v[i];
    }
    free(p->sources.items);
    p->sources.items = out;
    p->sources.n = p->sources.cap = k;
    return PDX_OK;
}

pdx_status pdx_store__forget_source(uint64_t *removed_out, uint64_t *kept_out, pdx_store *s,
                                    const char *key, const char *path, const char *real) {
    return pdx_store__forget_source_each(removed_out, kept_out, s, key, path, real, NULL, NULL);
}

/* Tells a forget callback (NULL: none) of document `docid`, deleted. */
static pdx_status tell_deleted(pdx_store *s, uint32_t docid, pdx_forget_fn fn, void *payload) {
    if (!fn)
        return PDX_OK;
    pdx_paper *p = NULL;
    pdx_status st = pdx_db__load(&p, s->db, docid);
    if (!st)
        st = fn(&p, true, payload);
    pdx_paper_free(p);
    return st;
}

pdx_status pdx_store__forget_source_each(uint64_t *removed_out, uint64_t *kept_out, pdx_store *s,
                                         const char *key, const char *path, const char *real,
                                         pdx_forget_fn fn, void *payload) {
    *removed_out = *kept_out = 0;
    pdx_status st = PDX_OK;
    pdx_buf__clear(&s->term);
    pdx_buf__adds(&st, &s->term, PDX_PFX_SOURCE);
    pdx_buf__adds(&st, &s->term, key);
    uint32_t *ids = NULL;
    size_t n = 0;
    if (!st && (st = pdx_index__postings(&ids, &n, s->db->ix, s->term.p, s->term.n, SIZE_MAX)))
        st = pdx_db__fail_ix(s->db, st);
    for (size_t i = 0; i < n && !st; i++) {
        if ((st = doc_sources(s, ids[i], key)))
            break;
        if (s->sources.n == 0) {
            if ((st = tell_deleted(s, ids[i], fn, payload)))
                break;
            if ((st = pdx_index__delete(s->db->ix, ids[i])))
                st = pdx_db__fail_ix(s->db, st);
            (*removed_out)++;
            continue;
        }
        /* merged with other inputs: keep the record, minus this file */
        pdx_paper *p = NULL;
        if (!(st = pdx_db__load(&p, s->db, ids[i])))
            st = drop_file_sources(p, path, real);
        if (!st && fn)
            st = fn(&p, false, payload);
        if (!st)
            st = build_doc(s, p, false);
        if (!st && (st = pdx_index__put(s->db->ix, ids[i], s->doc, NULL)))
            st = pdx_db__fail_ix(s->db, st);
        pdx_paper_free(p);
        (*kept_out)++;
    }
    free(ids);
    return st;
}

pdx_status pdx_store__commit(pdx_store *s) {
    pdx_status st = pdx_index__commit(s->db->ix);
    return st ? pdx_db__fail_ix(s->db, st) : PDX_OK;
}
