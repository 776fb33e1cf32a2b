/*
 * paper.c — the pdx_paper record: getters, builders, ids and merging (its
 * JSON form, both the `parse`/`show` output and what the index stores for
 * each document, is in paper_json.c).
 */
#include "paper.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/names.h"
#include "text/text.h"

/* ---- vectors --------------------------------------------------------- */

static void *vec_push(pdx_status *st, pdx_vec *v, size_t size) {
    if (*st)
        return NULL;
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4;
        void *items = realloc(v->items, cap * size);
        if (!items) {
            *st = PDX_ENOMEM;
            return NULL;
        }
        v->items = items;
        v->cap = cap;
    }
    return (char *)v->items + size * v->n++;
}

/* ---- public getters -------------------------------------------------- */

const char *pdx_paper_id(const pdx_paper *p) { return p->id ? p->id : ""; }
const char *pdx_paper_title(const pdx_paper *p) { return p->title ? p->title : ""; }
bool pdx_paper_title_derived(const pdx_paper *p) { return p->flags & PDX_PAPER_TITLE_DERIVED; }
size_t pdx_paper_author_count(const pdx_paper *p) { return p->authors.n; }

const char *pdx_paper_author(const pdx_paper *p, size_t i) {
    return i < p->authors.n ? pdx_paper__authors(p)[i].name : NULL;
}

unsigned pdx_paper_author_flags(const pdx_paper *p, size_t i) {
    return i < p->authors.n ? pdx_paper__authors(p)[i].flags : 0;
}

bool pdx_paper_authors_truncated(const pdx_paper *p) {
    return p->flags & PDX_PAPER_AUTHORS_TRUNCATED;
}
const char *pdx_paper_abstract(const pdx_paper *p) { return p->abstract; }
bool pdx_paper_abstract_truncated(const pdx_paper *p) {
    return p->flags & PDX_PAPER_ABSTRACT_TRUNCATED;
}
const char *pdx_paper_date(const pdx_paper *p) { return p->date; }
int pdx_paper_year(const pdx_paper *p) { return p->year; }
const char *pdx_paper_category(const pdx_paper *p) { return p->category; }
bool pdx_paper_code(const pdx_paper *p) { return p->flags & PDX_PAPER_CODE; }
const char *pdx_paper_venue(const pdx_paper *p) { return p->venue; }
const char *pdx_paper_volume(const pdx_paper *p) { return p->volume; }
const char *pdx_paper_number(const pdx_paper *p) { return p->number; }
const char *pdx_paper_pages(const pdx_paper *p) { return p->pages; }
const char *pdx_paper_journal_ref(const pdx_paper *p) { return p->journal_ref; }
const char *pdx_paper_extid(const pdx_paper *p, const char *scheme) {
    return pdx_paper__get_id(p, scheme);
}
size_t pdx_paper_affiliation_count(const pdx_paper *p) { return p->affiliations.n; }

const char *pdx_paper_affiliation(const pdx_paper *p, size_t i) {
    return i < p->affiliations.n ? ((const char **)p->affiliations.items)[i] : NULL;
}

size_t pdx_paper_source_count(const pdx_paper *p) { return p->sources.n; }

const char *pdx_paper_source(const pdx_paper *p, size_t i) {
    return i < p->sources.n ? pdx_paper__sources(p)[i].text : NULL;
}

const char *pdx_paper_format(const pdx_paper *p) { return p->format ? p->format : ""; }

void pdx_paper_free(pdx_paper *p) {
    if (!p)
        return;
    free(p->authors.items);
    free(p->affiliations.items);
    free(p->sources.items);
    free(p->ids.items);
    pdx_arena__free(&p->arena);
    free(p);
}

/* ---- builders -------------------------------------------------------- */

pdx_status pdx_paper__new(pdx_paper **out) {
    *out = calloc(1, sizeof **out);
    return *out ? PDX_OK : PDX_ENOMEM;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

const char *pdx_paper__str(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    if (*st || !s)
        return NULL;
    while (n && is_space(*s)) {
        s++;
        n--;
    }
    while (n && is_space(s[n - 1]))
        n--;
    if (!n)
        return NULL;
    char *r = pdx_arena__strndup(&p->arena, s, n);
    if (!r)
        *st = PDX_ENOMEM;
    return r;
}

/* Sets *field to the record's copy of s[0..n) unless that is empty (the
 * field keeps what it had). */
static void set_str(pdx_status *st, pdx_paper *p, const char **field, const char *s, size_t n) {
    const char *v = pdx_paper__str(st, p, s, n);
    if (v)
        *field = v;
}

void pdx_paper__set_title(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    set_str(st, p, &p->title, s, n);
}

void pdx_paper__set_abstract(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    set_str(st, p, &p->abstract, s, n);
}

void pdx_paper__set_date(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    set_str(st, p, &p->date, s, n);
}

void pdx_paper__set_category(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    set_str(st, p, &p->category, s, n);
}

void pdx_paper__set_venue(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    set_str(st, p, &p->venue, s, n);
}

void pdx_paper__set_volume(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    set_str(st, p, &p->volume, s, n);
}

void pdx_paper__set_number(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    set_str(st, p, &p->number, s, n);
}

void pdx_paper__set_pages(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    if (*st)
        return;
    /* "117--129", "117 – 129", "117—129": one "-" between the ends */
    pdx_buf b = PDX_BUF_INIT;
    for (size_t i = 0; i < n && !*st;) {
        size_t k = i;
        bool dash = false;
        for (;;) {
            const unsigned char *u = (const unsigned char *)s + k;
            if (k < n && s[k] == ' ') {
                k++;
            } else if (k < n && s[k] == '-') {
                k++;
                dash = true;
            } else if (k + 3 <= n && u[0] == 0xe2 && u[1] == 0x80 &&
                       (u[2] == 0x93 || u[2] == 0x94)) {
                k += 3; /* en dash, em dash */
                dash = true;
            } else {
                break;
            }
        }
        if (dash && b.n && k < n)
            pdx_buf__addc(st, &b, '-');
        else if (k > i)
            pdx_buf__add(st, &b, s + i, k - i);
        else
            pdx_buf__addc(st, &b, s[k++]);
        i = k;
    }
    if (!*st)
        set_str(st, p, &p->pages, b.p, b.n);
    pdx_buf__free(&b);
}

void pdx_paper__set_journal_ref(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    set_str(st, p, &p->journal_ref, s, n);
}

void pdx_paper__set_format(pdx_status *st, pdx_paper *p, const char *s) {
    set_str(st, p, &p->format, s, strlen(s));
}

void pdx_paper__add_author(pdx_status *st, pdx_paper *p, const char *s, size_t n, unsigned flags) {
    const char *v = pdx_paper__str(st, p, s, n);
    if (!v)
        return;
    pdx_author_entry *a = vec_push(st, &p->authors, sizeof *a);
    if (a) {
        a->name = v;
        a->flags = flags;
    }
}

void pdx_paper__add_affiliation(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    const char *v = pdx_paper__str(st, p, s, n);
    if (!v)
        return;
    for (size_t i = 0; i < p->affiliations.n; i++)
        if (strcmp(((const char **)p->affiliations.items)[i], v) == 0)
            return;
    const char **slot = vec_push(st, &p->affiliations, sizeof *slot);
    if (slot)
        *slot = v;
}

void pdx_paper__add_source(pdx_status *st, pdx_paper *p, const char *file, size_t line) {
    if (*st)
        return;
    for (size_t i = 0; i < p->sources.n; i++) {
        const pdx_source_ref *s = &pdx_paper__sources(p)[i];
        if (s->line == line && strcmp(s->file, file) == 0)
            return;
    }
    size_t n = strlen(file);
    char *text = pdx_arena__alloc(&p->arena, n + 24);
    if (!text) {
        *st = PDX_ENOMEM;
        return;
    }
    snprintf(text, n + 24, "%s:%zu", file, line);
    const char *f = pdx_arena__strndup(&p->arena, file, n);
    pdx_source_ref *r = f ? vec_push(st, &p->sources, sizeof *r) : NULL;
    if (!f)
        *st = PDX_ENOMEM;
    if (r) {
        r->file = f;
        r->line = line;
        r->text = text;
    }
}

const char *pdx_paper__get_id(const pdx_paper *p, const char *scheme) {
    for (size_t i = 0; i < p->ids.n; i++)
        if (strcmp(pdx_paper__ids(p)[i].scheme, scheme) == 0)
            return pdx_paper__ids(p)[i].value;
    return NULL;
}

void pdx_paper__add_id(pdx_status *st, pdx_paper *p, const char *scheme, const char *value,
                       size_t n) {
    if (*st || pdx_paper__get_id(p, scheme))
        return;
    const char *v = pdx_paper__str(st, p, value, n);
    const char *sc = pdx_paper__str(st, p, scheme, strlen(scheme));
    if (!v || !sc)
        return;
    pdx_extid *e = vec_push(st, &p->ids, sizeof *e);
    if (e) {
        e->scheme = sc;
        e->value = v;
    }
}

/* ---- ids and keys ----------------------------------------------------- */

void pdx_paper__extid_key(pdx_status *st, pdx_buf *out, const pdx_extid *e) {
    pdx_buf__adds(st, out, e->scheme);
    pdx_buf__addc(st, out, ':');
    pdx_text__fold(st, out, e->value, strlen(e->value), PDX_FOLD_CASE);
}

void pdx_paper__alt_id(pdx_status *st, pdx_buf *out, const char *base, unsigned attempt) {
    pdx_buf__clear(out);
    pdx_buf__printf(st, out, "%s-%u", base, attempt);
}

/* The year of an ISO date ("2019-10-02", "2019"), or 0. */
static int year_of(const char *date) {
    if (!date || !isdigit((unsigned char)date[0]) || !isdigit((unsigned char)date[1]) ||
        !isdigit((unsigned char)date[2]) || !isdigit((unsigned char)date[3]))
        return 0;
    return (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
}

void pdx_paper__title_key(pdx_status *st, pdx_buf *out, const pdx_paper *p) {
    if (!p->title || (p->flags & PDX_PAPER_TITLE_DERIVED))
        return;
    pdx_text__key(st, out, p->title, strlen(p->title));
}

/* Appends the first `max` words of the key of `s`; returns the words
 * appended. */
static size_t key_prefix(pdx_status *st, pdx_buf *out, const char *s, size_t max) {
    pdx_buf k = PDX_BUF_INIT;
    /* Only as much of the text as holds `max` words is keyed: a space
     * always ends a word, so the keys of the text cut at a space are the
     * first keys of the whole.  Eight spaces more than words are
     * plenty; when they are not (punctuation-only tokens), twice as many. */
    size_t n = strlen(s), spaces = max + 8;
    for (;;) {
        size_t cut = n, seen = 0, got = 0;
        for (size_t i = 0; i < n; i++)
            if (s[i] == ' ' && ++seen == spaces) {
                cut = i;
                break;
            }
        pdx_buf__clear(&k);
        pdx_text__key(st, &k, s, cut);
        for (size_t i = 0; i < k.n; i++)
            got += k.p[i] == ' ';
        if (*st || cut == n || (k.n && got + 1 >= max))
            break;
        spaces *= 2;
    }
    size_t words = 0, i = 0;
    while (i < k.n && words < max) {
        size_t a = i;
        while (i < k.n && k.p[i] != ' ')
            i++;
        if (words)
            pdx_buf__addc(st, out, ' ');
        pdx_buf__add(st, out, k.p + a, i - a);
        words++;
        i++;
    }
    pdx_buf__free(&k);
    return words;
}

/* Words of an abstract that identify its paper.  Sites preview abstracts
 * in about 20 words ("… (see more)" with nothing after it), so the key
 * must fit inside a preview to merge it with the full text read elsewhere;
 * 16 words are still far more than two papers share by chance (and
 * same_work() keeps apart records whose real titles disagree). */
#define ABSTRACT_KEY_WORDS 16

void pdx_paper__abstract_key(pdx_status *st, pdx_buf *out, const pdx_paper *p) {
    if (!p->abstract)
        return;
    size_t at = out->n;
    /* The last word of a cut abstract may be cut too ("…label cor"). */
    size_t need = ABSTRACT_KEY_WORDS + ((p->flags & PDX_PAPER_ABSTRACT_TRUNCATED) ? 1 : 0);
    if (key_prefix(st, out, p->abstract, need) < need) {
        out->n = at; /* too short to identify a paper */
    } else if (need > ABSTRACT_KEY_WORDS) {
        while (out->n > at && out->p[out->n - 1] != ' ')
            out->n--;
        if (out->n > at)
            out->n--; /* the space */
    }
    if (out->p)
        out->p[out->n] = '\0';
}

/* The first sentence of the abstract, at most 12 words, as a title; "…"
 * marks a sentence cut at the word limit. */
static void derive_title(pdx_status *st, pdx_paper *p) {
    const char *a = p->abstract;
    size_t n = strlen(a), end = n, words = 0;
    bool cut = false;
    for (size_t i = 0; i < n; i++) {
        if (a[i] == ' ' && ++words >= 12) {
            end = i;
            cut = true;
            break;
        }
        if ((a[i] == '.' || a[i] == '?' || a[i] == '!') && (i + 1 == n || a[i + 1] == ' ') &&
            words >= 3) {
            end = i + 1;
            break;
        }
    }
    pdx_buf t = PDX_BUF_INIT;
    pdx_buf__add(st, &t, a, end);
    if (cut)
        pdx_buf__adds(st, &t, "…");
    if (!*st)
        pdx_paper__set_title(st, p, t.p, t.n);
    pdx_buf__free(&t);
    p->flags |= PDX_PAPER_TITLE_DERIVED;
}

pdx_status pdx_paper__finish(pdx_paper *p) {
    pdx_status st = PDX_OK;
    if (!p->year)
        p->year = year_of(p->date);
    if ((!p->title || !*p->title) && p->abstract)
        derive_title(&st, p);
    if (!p->title)
        p->title = "";
    if (p->id || st)
        return st;
    /* The source's own ids are the most stable; then the title. */
    static const char *const schemes[] = {"arxiv", "doi", "id", "bibtex"};
    static const char *const labels[] = {"arXiv:", "doi:", "", "bib:"};
    for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++) {
        const char *v = pdx_paper__get_id(p, schemes[i]);
        if (v) {
            pdx_buf b = PDX_BUF_INIT;
            pdx_buf__adds(&st, &b, labels[i]);
            pdx_buf__adds(&st, &b, v);
            p->id = pdx_paper__str(&st, p, pdx_buf__str(&b), b.n);
            pdx_buf__free(&b);
            return st;
        }
    }
    pdx_buf key = PDX_BUF_INIT;
    char prefix = 't';
    pdx_paper__title_key(&st, &key, p);
    if (!key.n) {
        prefix = 'a';
        pdx_paper__abstract_key(&st, &key, p);
    }
    if (!key.n && p->abstract) {
        prefix = 'a';
        pdx_text__key(&st, &key, p->abstract, strlen(p->abstract));
    }
    if (!key.n) {
        /* Nothing to identify it by but where it came from. */
        prefix = 's';
        for (size_t i = 0; i < p->sources.n; i++)
            pdx_buf__printf(&st, &key, "%s:%zu", pdx_paper__sources(p)[i].file,
                            pdx_paper__sources(p)[i].line);
    }
    char id[24];
    snprintf(id, sizeof id, "%c%015llx", prefix,
             (unsigned long long)(pdx_hash64(key.p, key.n) & 0xfffffffffffffffull));
    p->id = pdx_paper__str(&st, p, id, strlen(id));
    pdx_buf__free(&key);
    return st;
}

/* ---- merging ---------------------------------------------------------- */

static bool same_ci(const char *a, const char *b) {
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return *a == *b;
}

bool pdx_paper__ids_conflict(const pdx_paper *a, const pdx_paper *b) {
    for (size_t i = 0; i < a->ids.n; i++) {
        /* BibTeX keys are labels each file's owner picks: the same paper
         * is "smith2020" in one .bib and "Smith:2020:ABC" in another. */
        if (strcmp(pdx_paper__ids(a)[i].scheme, "bibtex") == 0)
            continue;
        const char *other = pdx_paper__get_id(b, pdx_paper__ids(a)[i].scheme);
        if (other && !same_ci(other, pdx_paper__ids(a)[i].value))
            return true;
    }
    return false;
}

static bool real_title(const pdx_paper *p) {
    return p->title && *p->title && !(p->flags & PDX_PAPER_TITLE_DERIVED);
}

/* True when a and b carry the same value of some id scheme. */
static bool shares_id(const pdx_paper *a, const pdx_paper *b) {
    for (size_t i = 0; i < a->ids.n; i++) {
        const char *other = pdx_paper__get_id(b, pdx_paper__ids(a)[i].scheme);
        if (other && same_ci(other, pdx_paper__ids(a)[i].value))
            return true;
    }
    return false;
}

/* True when two titles share at least half the words of the shorter one:
 * "Toward Trustworthy AI Development" and "Towards Trustworthy AI
 * Development" do, two unrelated papers do not. */
static bool titles_compatible(const char *ta, const char *tb) {
    pdx_status st = PDX_OK;
    pdx_buf ka = PDX_BUF_INIT, kb = PDX_BUF_INIT;
    pdx_text__key(&st, &ka, ta, strlen(ta));
    pdx_text__key(&st, &kb, tb, strlen(tb));
    size_t wa = 0, wb = 0, shared = 0;
    for (size_t i = 0; i < kb.n; i++)
        wb += i == 0 || kb.p[i - 1] == ' ';
    for (size_t i = 0; i < ka.n && !st;) {
        size_t e = i;
        while (e < ka.n && ka.p[e] != ' ')
            e++;
        wa++;
        for (size_t j = 0; j < kb.n;) {
            size_t f = j;
            while (f < kb.n && kb.p[f] != ' ')
                f++;
            if (f - j == e - i && memcmp(ka.p + i, kb.p + j, e - i) == 0) {
                shared++;
                break;
            }
            j = f + 1;
        }
        i = e + 1;
    }
    pdx_buf__free(&ka);
    pdx_buf__free(&kb);
    size_t shorter = wa < wb ? wa : wb;
    return st || shared * 2 >= shorter;
}

bool pdx_paper__same_work(const pdx_paper *a, const pdx_paper *b) {
    if (pdx_paper__ids_conflict(a, b))
        return false;
    /* a 2008 and a 2019 "Deep Learning" are two papers */
    if (a->year && b->year && abs(a->year - b->year) > 1)
        return false;
    /* Two real titles that disagree name two papers, even when their
     * abstracts open alike — unless a source id says they are one (a
     * preprint retitled in a later version). */
    if (real_title(a) && real_title(b) && !shares_id(a, b) &&
        !titles_compatible(a->title, b->title))
        return false;
    return true;
}

/* How precise an ISO date is: YYYY-MM-DD 3, YYYY-MM 2, YYYY 1, --MM-DD 1. */
static int date_rank(const char *d) {
    if (!d)
        return 0;
    size_t n = strlen(d);
    if (d[0] == '-')
        return 1;
    return n >= 10 ? 3 : n >= 7 ? 2 : 1;
}

/* Authors read from the list itself, not implied by a profile page. */
static size_t listed_authors(const pdx_paper *p) {
    size_t n = 0;
    for (size_t i = 0; i < p->authors.n; i++)
        n += !(pdx_paper__authors(p)[i].flags & PDX_AUTHOR_IMPLIED);
    return n;
}

/* True when `dst` lists someone who can be `name` ("David Krueger" for
 * "David Scott Krueger"). */
static bool has_person(pdx_status *st, const pdx_paper *dst, const char *name) {
    pdx_name asked, cand;
    if ((*st = pdx_name__parse(&asked, name, strlen(name))))
        return false;
    bool found = false;
    for (size_t j = 0; j < dst->authors.n && !found && !*st; j++) {
        const char *nm = pdx_paper__authors(dst)[j].name;
        if ((*st = pdx_name__parse(&cand, nm, strlen(nm))))
            break;
        found = pdx_name__compare(&asked, &cand) != PDX_NAME_OTHER;
        pdx_name__free(&cand);
    }
    pdx_name__free(&asked);
    return found;
}

/* Appends the implied authors of `from` that `dst` does not list. */
static void add_missing_implied(pdx_status *st, pdx_paper *dst, const pdx_author_entry *from,
                                size_t n) {
    for (size_t i = 0; i < n && !*st; i++) {
        if ((from[i].flags & PDX_AUTHOR_IMPLIED) && !has_person(st, dst, from[i].name))
            pdx_paper__add_author(st, dst, from[i].name, strlen(from[i].name), from[i].flags);
    }
}

/* The title and the abstract: a real title beats a derived one, a
 * complete abstract a cut one; then the longer. */
static void merge_texts(pdx_status *st, pdx_paper *dst, const pdx_paper *src) {
    bool dst_derived = dst->flags & PDX_PAPER_TITLE_DERIVED;
    bool src_derived = src->flags & PDX_PAPER_TITLE_DERIVED;
    if (src->title && *src->title &&
        ((dst_derived && !src_derived) || !dst->title || !*dst->title ||
         (dst_derived == src_derived && strlen(src->title) > strlen(dst->title)))) {
        pdx_paper__set_title(st, dst, src->title, strlen(src->title));
        dst->flags = (dst->flags & ~PDX_PAPER_TITLE_DERIVED) | (src->flags & PDX_PAPER_TITLE_DERIVED);
    }
    /* The abstract: a complete one beats a cut one, then the longer. */
    if (src->abstract) {
        bool dt = dst->flags & PDX_PAPER_ABSTRACT_TRUNCATED;
        bool s_t = src->flags & PDX_PAPER_ABSTRACT_TRUNCATED;
        if (!dst->abstract || (dt && !s_t) ||
            (dt == s_t && strlen(src->abstract) > strlen(dst->abstract))) {
            pdx_paper__set_abstract(st, dst, src->abstract, strlen(src->abstract));
            dst->flags = (dst->flags & ~PDX_PAPER_ABSTRACT_TRUNCATED) |
                         (src->flags & PDX_PAPER_ABSTRACT_TRUNCATED);
        }
    }
}

/* Authors: a complete list beats a cut one, then the longer list.
 * Implied authors (a profile's owner) survive from either side. */
static void merge_authors(pdx_status *st, pdx_paper *dst, const pdx_paper *src) {
    bool dat = dst->flags & PDX_PAPER_AUTHORS_TRUNCATED;
    bool sat = src->flags & PDX_PAPER_AUTHORS_TRUNCATED;
    size_t dn = listed_authors(dst), sn = listed_authors(src);
    if (sn && (!dn || (dat && !sat) || (dat == sat && sn > dn))) {
        pdx_vec old = dst->authors;
        memset(&dst->authors, 0, sizeof dst->authors);
        for (size_t i = 0; i < src->authors.n; i++)
            pdx_paper__add_author(st, dst, pdx_paper__authors(src)[i].name,
                                  strlen(pdx_paper__authors(src)[i].name),
                                  pdx_paper__authors(src)[i].flags);
        add_missing_implied(st, dst, old.items, old.n);
        free(old.items);
        dst->flags = (dst->flags & ~PDX_PAPER_AUTHORS_TRUNCATED) |
                     (src->flags & PDX_PAPER_AUTHORS_TRUNCATED);
    } else {
        add_missing_implied(st, dst, src->authors.items, src->authors.n);
    }
}

/* The date (the more precise), category, venue, volume/number/pages,
 * Journal-ref, format and the code flag. */
static void merge_details(pdx_status *st, pdx_paper *dst, const pdx_paper *src) {
    if (date_rank(src->date) > date_rank(dst->date)) {
        pdx_paper__set_date(st, dst, src->date, strlen(src->date));
        if (src->year)
            dst->year = src->year; /* the year goes with the more precise date */
    }
    if (!dst->year)
        dst->year = src->year;
    if (!dst->category && src->category)
        pdx_paper__set_category(st, dst, src->category, strlen(src->category));
    /* A journal's name beats arXiv's free-text Journal-ref ("J. Comb. Walks
     * 31 (2008) 245-260"), which is only the venue for want of one; the
     * Journal-ref itself stays in its own field. */
    bool dst_ref = dst->venue && dst->journal_ref && strcmp(dst->venue, dst->journal_ref) == 0;
    bool src_ref = src->venue && src->journal_ref && strcmp(src->venue, src->journal_ref) == 0;
    if (src->venue && (!dst->venue || (dst_ref && !src_ref)))
        pdx_paper__set_venue(st, dst, src->venue, strlen(src->venue));
    /* Volume, number and pages travel together: taken only when dst has
     * none of them, so a merge never makes "vol 12 of one source, pages of
     * another". */
    if (!dst->volume && !dst->number && !dst->pages) {
        if (src->volume)
            pdx_paper__set_volume(st, dst, src->volume, strlen(src->volume));
        if (src->number)
            pdx_paper__set_number(st, dst, src->number, strlen(src->number));
        if (src->pages)
            dst->pages = pdx_paper__str(st, dst, src->pages, strlen(src->pages));
    }
    if (!dst->journal_ref && src->journal_ref)
        pdx_paper__set_journal_ref(st, dst, src->journal_ref, strlen(src->journal_ref));
    if (!dst->format && src->format)
        pdx_paper__set_format(st, dst, src->format);
    dst->flags |= src->flags & PDX_PAPER_CODE;
}

/* Every affiliation, source and id of src that dst lacks. */
static void merge_lists(pdx_status *st, pdx_paper *dst, const pdx_paper *src) {
    for (size_t i = 0; i < src->affiliations.n; i++) {
        const char *a = ((const char **)src->affiliations.items)[i];
        pdx_paper__add_affiliation(st, dst, a, strlen(a));
    }
    for (size_t i = 0; i < src->sources.n; i++)
        pdx_paper__add_source(st, dst, pdx_paper__sources(src)[i].file,
                              pdx_paper__sources(src)[i].line);
    for (size_t i = 0; i < src->ids.n; i++)
        pdx_paper__add_id(st, dst, pdx_paper__ids(src)[i].scheme, pdx_paper__ids(src)[i].value,
                          strlen(pdx_paper__ids(src)[i].value));
}

pdx_status pdx_paper__merge(pdx_paper *dst, const pdx_paper *src) {
    pdx_status st = PDX_OK;
    merge_texts(&st, dst, src);
    merge_authors(&st, dst, src);
    merge_details(&st, dst, src);
    merge_lists(&st, dst, src);
    return st;
}

pdx_status pdx_paper__clone(pdx_paper **out, const pdx_paper *src) {
    pdx_paper *p = NULL;
    pdx_status st = pdx_paper__new(&p);
    if (st) {
        *out = NULL;
        return st;
    }
    st = pdx_paper__merge(p, src);
    if (!st && src->id)
        p->id = pdx_paper__str(&st, p, src->id, strlen(src->id));
    p->flags = src->flags;
    p->year = src->year;
    if (st) {
        pdx_paper_free(p);
        p = NULL;
    }
    *out = p;
    return st;
}
