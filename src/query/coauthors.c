/*
 * coauthors.c — "with whom?": the coauthors of a person, over the papers
 * the author search finds for them (author.c).
 *
 * Coauthors are counted over the matched papers, one count per paper,
 * grouped by the accent- and case-folded full name, so "Jörn-Henrik
 * Jacobsen" and "Jorn-Henrik Jacobsen" are one person shown under the
 * spelling used most; less complete spellings join the one person they fit
 * (below).  Every spelling merged is listed, so a merge is never silent.
 */
#include <stdlib.h>
#include <string.h>

#include "query/query.h"
#include "text/names.h"
#include "text/text.h"

/*
 * Coauthors are first grouped by their folded full name.  A group whose
 * spelling carries less (initials, a shorter given name, fewer given
 * names: "J. Lorraine", "Jon Lorraine", "David Krueger") then joins the one
 * more complete group it is compatible with ("Jonathan Lorraine", "David
 * Scott Krueger").  When two or more complete groups fit ("J. Smith" next to
 * "John Smith" and "Jane Smith"), joining either would be a guess: the group
 * stays apart and names the people it could be.  Groups are resolved from
 * the most complete down, so a chain Jon → Jonathan ← J. ends in one person.
 */

typedef struct spelling {
    char *name;
    size_t count;
} spelling;

typedef struct person {
    char *key;          /* folded full name */
    pdx_name name;      /* parsed, for compatibility checks */
    size_t detail;      /* how much the spelling says (see detail_of) */
    size_t *papers;     /* indices of matched papers, ascending, unique */
    size_t n_papers, cap_papers;
    spelling *forms;
    size_t n_forms;
    bool merged;        /* joined into a more complete person */
    char **ambiguous;   /* display names of the people it could be */
    size_t n_ambiguous;
} person;

struct pdx_coauthors {
    char *author;
    size_t papers;
    person *people;
    size_t n, cap;
};

/* Letters of full given names plus one per initial: "Jonathan" 8,
 * "Jon" 3, "J." 1, "Ricky T. Q." 7. */
static size_t detail_of(const pdx_name *nm) {
    size_t d = 0;
    for (size_t i = 0; i < nm->n_given; i++)
        d += nm->initial[i] ? 1 : strlen(nm->given[i]);
    return d;
}

static pdx_status add_form(person *pe, const char *name, size_t count) {
    for (size_t i = 0; i < pe->n_forms; i++)
        if (strcmp(pe->forms[i].name, name) == 0) {
            pe->forms[i].count += count;
            return PDX_OK;
        }
    spelling *f = realloc(pe->forms, (pe->n_forms + 1) * sizeof *f);
    if (!f)
        return PDX_ENOMEM;
    pe->forms = f;
    if (!(f[pe->n_forms].name = pdx_strndup(name, strlen(name))))
        return PDX_ENOMEM;
    f[pe->n_forms++].count = count;
    return PDX_OK;
}

/* Adds paper `i`; papers arrive in ascending order, so a repeat is the
 * last one. */
static pdx_status add_paper(person *pe, size_t i) {
    if (pe->n_papers && pe->papers[pe->n_papers - 1] == i)
        return PDX_OK;
    if (pe->n_papers == pe->cap_papers) {
        size_t cap = pe->cap_papers ? pe->cap_papers * 2 : 8;
        size_t *v = realloc(pe->papers, cap * sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        pe->papers = v;
        pe->cap_papers = cap;
    }
    pe->papers[pe->n_papers++] = i;
    return PDX_OK;
}

/* Moves `from`'s spellings and papers into `to`. */
static pdx_status join(person *to, person *from) {
    pdx_status st = PDX_OK;
    for (size_t i = 0; i < from->n_forms && !st; i++)
        st = add_form(to, from->forms[i].name, from->forms[i].count);
    if (st)
        return st;
    size_t *v = malloc((to->n_papers + from->n_papers) * sizeof *v);
    if (!v && to->n_papers + from->n_papers)
        return PDX_ENOMEM;
    size_t a = 0, b = 0, n = 0;
    while (a < to->n_papers || b < from->n_papers) {
        if (b == from->n_papers || (a < to->n_papers && to->papers[a] < from->papers[b]))
            v[n++] = to->papers[a++];
        else if (a == to->n_papers || from->papers[b] < to->papers[a])
            v[n++] = from->papers[b++];
        else {
            v[n++] = to->papers[a++];
            b++;
        }
    }
    free(to->papers);
    to->papers = v;
    to->n_papers = to->cap_papers = n;
    from->merged = true;
    return PDX_OK;
}

/* Most used spelling first; ties keep the first seen. */
static void order_forms(person *pe) {
    for (size_t i = 1; i < pe->n_forms; i++) {
        spelling x = pe->forms[i];
        size_t j = i;
        while (j > 0 && pe->forms[j - 1].count < x.count) {
            pe->forms[j] = pe->forms[j - 1];
            j--;
        }
        pe->forms[j] = x;
    }
}

static void free_person(person *pe) {
    for (size_t j = 0; j < pe->n_forms; j++)
        free(pe->forms[j].name);
    free(pe->forms);
    for (size_t j = 0; j < pe->n_ambiguous; j++)
        free(pe->ambiguous[j]);
    free(pe->ambiguous);
    free(pe->papers);
    free(pe->key);
    pdx_name__free(&pe->name);
}

static int by_detail_desc(const void *a, const void *b) {
    const person *x = a, *y = b;
    if (x->detail != y->detail)
        return x->detail > y->detail ? -1 : 1;
    return strcmp(x->key, y->key);
}

static int by_shared(const void *a, const void *b) {
    const person *x = a, *y = b;
    if (x->n_papers != y->n_papers)
        return x->n_papers > y->n_papers ? -1 : 1;
    return strcmp(x->forms[0].name, y->forms[0].name);
}

/* Joins less complete spellings into the one person they fit (see the top
 * of this section).  `people` is sorted most complete first. */
static pdx_status resolve_variants(person *people, size_t n) {
    pdx_status st = PDX_OK;
    size_t *fit = n ? malloc(n * sizeof *fit) : NULL;
    if (n && !fit)
        return PDX_ENOMEM;
    for (size_t g = 0; g < n && !st; g++) {
        size_t k = 0;
        for (size_t h = 0; h < g; h++)
            if (!people[h].merged && people[h].detail > people[g].detail &&
                pdx_name__compare(&people[g].name, &people[h].name) != PDX_NAME_OTHER)
                fit[k++] = h;
        if (k == 1) {
            st = join(&people[fit[0]], &people[g]);
        } else if (k > 1) {
            people[g].ambiguous = calloc(k, sizeof *people[g].ambiguous);
            if (!people[g].ambiguous) {
                st = PDX_ENOMEM;
                break;
            }
            for (size_t j = 0; j < k && !st; j++) {
                person *h = &people[fit[j]];
                order_forms(h);
                const char *shown = h->forms[0].name;
                if (!(people[g].ambiguous[j] = pdx_strndup(shown, strlen(shown))))
                    st = PDX_ENOMEM;
                else
                    people[g].n_ambiguous++;
            }
        }
    }
    free(fit);
    return st;
}

/* A facet name being grouped (pdx_query__group_names). */
typedef struct fname {
    size_t i;      /* index in the caller's list */
    pdx_name name;
    size_t detail;
} fname;

/* Same core surname together, most complete first, then by index. */
static int by_core_detail(const void *a, const void *b) {
    const fname *x = a, *y = b;
    int c = strcmp(x->name.core ? x->name.core : "", y->name.core ? y->name.core : "");
    if (c)
        return c;
    if (x->detail != y->detail)
        return x->detail > y->detail ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

pdx_status pdx_query__group_names(size_t *group, const char *const *keys, const size_t *lens,
                                  size_t n) {
    for (size_t i = 0; i < n; i++)
        group[i] = i;
    if (n < 2)
        return PDX_OK;
    fname *v = calloc(n, sizeof *v);
    size_t *fit = malloc(n * sizeof *fit);
    pdx_status st = v && fit ? PDX_OK : PDX_ENOMEM;
    size_t parsed = 0;
    for (; !st && parsed < n; parsed++) {
        v[parsed].i = parsed;
        st = pdx_name__parse(&v[parsed].name, keys[parsed], lens[parsed]);
        v[parsed].detail = detail_of(&v[parsed].name);
    }
    if (!st)
        qsort(v, n, sizeof *v, by_core_detail);
    /* Within a core surname, as resolve_variants joins coauthors: a less
     * complete name joins the one more complete name it fits; fitting
     * two or more, it stays apart.  Only names that stay are joined to,
     * so a chain Jon → Jonathan ← J. ends in one person. */
    for (size_t from = 0; !st && from < n;) {
        size_t to = from + 1;
        while (to < n && strcmp(v[to].name.core ? v[to].name.core : "",
                                v[from].name.core ? v[from].name.core : "") == 0)
            to++;
        for (size_t g = from; g < to; g++) {
            if (!pdx_name__ok(&v[g].name))
                continue;
            size_t k = 0;
            for (size_t h = from; h < g; h++)
                if (group[v[h].i] == v[h].i && v[h].detail > v[g].detail &&
                    pdx_name__ok(&v[h].name) &&
                    pdx_name__compare(&v[g].name, &v[h].name) != PDX_NAME_OTHER)
                    fit[k++] = h;
            if (k == 1)
                group[v[g].i] = v[fit[0]].i;
        }
        from = to;
    }
    for (size_t i = 0; v && i < parsed; i++)
        pdx_name__free(&v[i].name);
    free(v);
    free(fit);
    return st;
}

void pdx_coauthors_free(pdx_coauthors *c) {
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        free_person(&c->people[i]);
    free(c->people);
    free(c->author);
    free(c);
}

/* The person grouped under `key`, created from spelling `an` if new. */
static pdx_status person_for(pdx_coauthors *c, pdx_map *index, const pdx_buf *key,
                             const char *an, person **out) {
    size_t idx;
    if (pdx_map__get(index, key->p, key->n, &idx)) {
        *out = &c->people[idx];
        return PDX_OK;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        person *pp = realloc(c->people, cap * sizeof *pp);
        if (!pp)
            return PDX_ENOMEM;
        c->people = pp;
        c->cap = cap;
    }
    person *pe = &c->people[c->n];
    memset(pe, 0, sizeof *pe);
    pdx_status st = pdx_name__parse(&pe->name, an, strlen(an));
    if (!st && !(pe->key = pdx_strndup(key->p, key->n)))
        st = PDX_ENOMEM;
    if (st) {
        free_person(pe);
        return st;
    }
    pe->detail = detail_of(&pe->name);
    st = pdx_map__put(index, key->p, key->n, c->n);
    c->n++;
    *out = pe;
    return st;
}

pdx_status pdx_coauthors_find(pdx_coauthors **out, pdx_db *db, const char *name, unsigned flags,
                              unsigned min) {
    *out = NULL;
    pdx_name asked;
    pdx_author_hit *v = NULL;
    size_t n = 0;
    pdx_map index = PDX_MAP_INIT; /* person key → index in people */
    pdx_buf key = PDX_BUF_INIT;
    person self = {0};
    pdx_coauthors *c = calloc(1, sizeof *c);
    pdx_status st = c ? pdx_query__author_name(&asked, db, name) : PDX_ENOMEM;
    if (!c)
        memset(&asked, 0, sizeof asked);
    if (!st)
        st = pdx_query__author_papers(&v, &n, db, &asked, flags);
    for (size_t i = 0; i < n && !st; i++) {
        const pdx_paper *p = v[i].paper;
        st = add_form(&self, v[i].author, 1);
        for (size_t a = 0; a < p->authors.n && !st; a++) {
            const char *an = pdx_paper__authors(p)[a].name;
            pdx_name cand;
            if ((st = pdx_name__parse(&cand, an, strlen(an))))
                break;
            /* the person asked for (in any compatible spelling) is not
             * their own coauthor */
            bool skip = an == v[i].author || !pdx_name__ok(&cand) ||
                        pdx_name__compare(&asked, &cand) == PDX_NAME_SAME;
            pdx_buf__clear(&key);
            if (!skip)
                pdx_name__key_full(&st, &key, &cand);
            pdx_name__free(&cand);
            if (skip || st)
                continue;
            person *pe = NULL;
            if (!(st = person_for(c, &index, &key, an, &pe)))
                st = add_form(pe, an, 1);
            if (!st)
                st = add_paper(pe, i);
        }
    }
    if (!st) {
        c->papers = n;
        order_forms(&self);
        const char *shown = self.n_forms ? self.forms[0].name : name;
        if (!(c->author = pdx_strndup(shown, strlen(shown))))
            st = PDX_ENOMEM;
    }
    if (!st && c->n) {
        qsort(c->people, c->n, sizeof *c->people, by_detail_desc);
        st = resolve_variants(c->people, c->n);
    }
    if (!st) {
        /* drop the joined and the rare, then order */
        size_t k = 0;
        for (size_t i = 0; i < c->n; i++) {
            if (!c->people[i].merged && c->people[i].n_papers >= (min ? min : 1)) {
                order_forms(&c->people[i]);
                c->people[k++] = c->people[i];
            } else {
                free_person(&c->people[i]);
            }
        }
        c->n = k;
        if (k)
            qsort(c->people, k, sizeof *c->people, by_shared);
    }
    for (size_t j = 0; j < self.n_forms; j++)
        free(self.forms[j].name);
    free(self.forms);
    pdx_query__author_papers_free(v, n);
    pdx_map__free(&index);
    pdx_buf__free(&key);
    pdx_name__free(&asked);
    if (st) {
        pdx_coauthors_free(c);
        return st;
    }
    *out = c;
    return PDX_OK;
}

const char *pdx_coauthors_author(const pdx_coauthors *c) { return c->author; }
size_t pdx_coauthors_papers(const pdx_coauthors *c) { return c->papers; }
size_t pdx_coauthors_count(const pdx_coauthors *c) { return c->n; }

const char *pdx_coauthors_name(const pdx_coauthors *c, size_t i) {
    return i < c->n ? c->people[i].forms[0].name : NULL;
}

size_t pdx_coauthors_shared(const pdx_coauthors *c, size_t i) {
    return i < c->n ? c->people[i].n_papers : 0;
}

size_t pdx_coauthors_variant_count(const pdx_coauthors *c, size_t i) {
    return i < c->n ? c->people[i].n_forms : 0;
}

const char *pdx_coauthors_variant(const pdx_coauthors *c, size_t i, size_t j) {
    return i < c->n && j < c->people[i].n_forms ? c->people[i].forms[j].name : NULL;
}

size_t pdx_coauthors_ambiguous_count(const pdx_coauthors *c, size_t i) {
    return i < c->n ? c->people[i].n_ambiguous : 0;
}

const char *pdx_coauthors_ambiguous(const pdx_coauthors *c, size_t i, size_t j) {
    return i < c->n && j < c->people[i].n_ambiguous ? c->people[i].ambiguous[j] : NULL;
}
