/*
 * page.c — pages in memory, the records made from them, and what the page
 * readers share (see page.h; site chrome and the prescan are
 * page_chrome.c's).
 *
 * Pages are what people copy from a browser: tens of kilobytes.  Holding
 * one whole is what lets a reader look both ways from a line (a date line
 * belongs to the entry above it; a title binds to the abstract below it)
 * and find the runs of template lines at both ends.
 */
#include "ingest/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

/* ---- lines ------------------------------------------------------------- */

static pdx_status push_line(pdx_page *pg, const char *s, size_t n, size_t no) {
    if (pg->n == pg->cap) {
        size_t cap = pg->cap ? pg->cap * 2 : 128;
        pdx_page_line *v = realloc(pg->lines, cap * sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        pg->lines = v;
        pg->cap = cap;
    }
    char *copy = pdx_strndup(s, n);
    if (!copy)
        return PDX_ENOMEM;
    pg->lines[pg->n++] = (pdx_page_line){copy, n, no, pdx_shape__classify(s, n), false, NULL, 0, false};
    return PDX_OK;
}

void pdx_page__free(pdx_page *pg) {
    if (!pg)
        return;
    for (size_t i = 0; i < pg->n; i++)
        free(pg->lines[i].s);
    free(pg->lines);
    pdx_map__free(&pg->lower);
    memset(pg, 0, sizeof *pg);
}

/* Calls fn for each folded word of s[0..n) ("Out-of-Distribution" gives
 * out, of, distribution); `lower_only` keeps the words written with a
 * lower-case first letter. */
static pdx_status each_word(const char *s, size_t n, bool lower_only,
                            pdx_status (*fn)(const char *w, size_t wn, void *payload),
                            void *payload) {
    pdx_status st = PDX_OK;
    pdx_buf key = PDX_BUF_INIT;
    size_t i = 0;
    while (i < n && !st) {
        while (i < n && s[i] == ' ')
            i++;
        size_t a = i;
        while (i < n && s[i] != ' ')
            i++;
        if (i == a)
            break;
        uint32_t c = 0;
        size_t b = a;
        /* skip opening punctuation: "(lazy" is a lower-case word */
        while (b < i) {
            int len = pdx_text__decode(s + b, i - b, &c);
            if (pdx_text__is_wordchar(c))
                break;
            b += (size_t)len;
        }
        if (b == i || (lower_only && !pdx_text__is_lower(c)))
            continue;
        pdx_buf__clear(&key);
        pdx_text__key(&st, &key, s + b, i - b);
        for (size_t k = 0; k < key.n && !st;) {
            size_t e = k;
            while (e < key.n && key.p[e] != ' ')
                e++;
            if (e - k >= 3)
                st = fn(key.p + k, e - k, payload);
            k = e + 1;
        }
    }
    pdx_buf__free(&key);
    return st;
}

static pdx_status learn_word(const char *w, size_t n, void *payload) {
    return pdx_map__put(payload, w, n, 1);
}

typedef struct count_ctx {
    const pdx_map *m;
    size_t hits;
} count_ctx;

static pdx_status count_word(const char *w, size_t n, void *payload) {
    count_ctx *c = payload;
    size_t v;
    if (pdx_map__get(c->m, w, n, &v))
        c->hits++;
    return PDX_OK;
}

size_t pdx_page__common_words(const pdx_page *pg, const char *s, size_t n) {
    count_ctx c = {&pg->lower, 0};
    each_word(s, n, false, count_word, &c);
    return c.hits;
}

/* True when s[0..n) can go on a sentence cut in the middle: it starts
 * with a lower-case letter, a digit or punctuation that goes on a
 * sentence, not with a capital (a new abstract), an opening bracket or
 * a symbol ("© 2025 …", a footer).
 *   "se, and the labels are …"  yes
 *   "We study the …"            no */
static bool continues(const char *s, size_t n) {
    if (!n)
        return false;
    uint32_t c;
    pdx_text__decode(s, n, &c);
    return pdx_text__is_lower(c) || (c >= '0' && c <= '9') || (c < 0x80 && strchr(",.;:)-'\"", (int)c));
}

/* Joins a preview and its rest when the copy broke the line at the
 * "(see more)" link:
 *   "… we propose a noi… (see more)"
 *   "se-robust loss that …"
 * becomes one spliced line, as on pages copied in one piece.  The rest
 * must not start a new entry (see continues()) nor be a date, venue or
 * heading line. */
static pdx_status join_continuations(pdx_page *pg) {
    for (size_t i = 0; i + 1 < pg->n; i++) {
        pdx_page_line *l = &pg->lines[i];
        if (l->kind != PDX_LINE_PROSE || l->n < 10 || memcmp(l->s + l->n - 10, "(see more)", 10) != 0)
            continue;
        if (l->chrome)
            continue;
        size_t j = i + 1;
        while (j < pg->n && pg->lines[j].kind == PDX_LINE_BLANK)
            j++;
        if (j == pg->n)
            break;
        pdx_page_line *r = &pg->lines[j];
        if (r->chrome)
            continue;
        if (!continues(r->s, r->n) || r->kind == PDX_LINE_DATE || r->kind == PDX_LINE_VENUE ||
            r->kind == PDX_LINE_HEADING || r->kind == PDX_LINE_YEAR ||
            r->kind == PDX_LINE_LISTING_DATE)
            continue;
        char *s = malloc(l->n + r->n + 1);
        if (!s)
            return PDX_ENOMEM;
        memcpy(s, l->s, l->n);
        memcpy(s + l->n, r->s, r->n);
        s[l->n + r->n] = '\0';
        free(l->s);
        l->s = s;
        l->n += r->n;
        l->kind = pdx_shape__classify(l->s, l->n);
        r->s[0] = '\0';
        r->n = 0;
        r->kind = PDX_LINE_BLANK;
        l->rest_no = r->no;
        r->joined = true;
    }
    return PDX_OK;
}

pdx_status pdx_page__load(pdx_page *out, pdx_read_ctx *ctx) {
    memset(out, 0, sizeof *out);
    pdx_status st = PDX_OK;
    size_t total = 0;
    for (;;) {
        const char *s;
        size_t n;
        if ((st = pdx_input__line(&s, &n, ctx->in, ctx)) || !s)
            break;
        if (total + n > PDX_PAGE_MAX_BYTES) {
            pdx_read__report(ctx, pdx_input__lineno(ctx->in),
                             "a page longer than %u MiB is not a page; the rest is skipped",
                             PDX_PAGE_MAX_BYTES >> 20);
            break;
        }
        total += n + 1;
        pdx_shape__trim(&s, &n);
        if ((st = push_line(out, s, n, pdx_input__lineno(ctx->in))))
            return st;
    }
    pdx_page__mark_chrome(out, ctx->know);
    if (!st)
        st = join_continuations(out);
    /* every line noted before the reader decides: what it does not take
     * stays unclassified, and says so */
    for (size_t i = 0; i < out->n && !st; i++) {
        const pdx_page_line *l = &out->lines[i];
        if (l->joined)
            continue;
        if (l->chrome)
            pdx_page__note(ctx, l, PDX_ROLE_CHROME, NULL, l->why);
        else if (l->kind == PDX_LINE_BLANK)
            pdx_page__note(ctx, l, PDX_ROLE_BLANK, NULL, "blank line");
        else
            pdx_page__note(ctx, l, PDX_ROLE_UNCLASSIFIED, NULL, "not taken by the reader");
    }
    for (size_t i = 0; i < out->n; i++) {
        const pdx_page_line *l = &out->lines[i];
        if (l->kind == PDX_LINE_PROSE && !l->chrome) {
            pdx_status ws = each_word(l->s, l->n, true, learn_word, &out->lower);
            if (ws)
                return ws;
        }
    }
    return st;
}

/* ---- entries ------------------------------------------------------------ */

pdx_status pdx_page__entry_add(pdx_page_entries *e, pdx_paper *p) {
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 32;
        pdx_paper **v = realloc(e->v, cap * sizeof *v);
        if (!v) {
            pdx_paper_free(p);
            return PDX_ENOMEM;
        }
        e->v = v;
        e->cap = cap;
    }
    pdx_status st = PDX_OK;
    bool own_date = p->date != NULL, own_venue = p->venue != NULL;
    if (e->date[0] && !p->date) {
        pdx_paper__set_date(&st, p, e->date, strlen(e->date));
        pdx_read__note(e->ctx, e->date_no, PDX_ROLE_DATE, p,
                       "date line before the entry (first of its section)");
    }
    if (e->venue.n && !p->venue) {
        pdx_paper__set_venue(&st, p, e->venue.p, e->venue.n);
        pdx_read__note(e->ctx, e->venue_no, PDX_ROLE_VENUE, p,
                       "venue line before the entry (first of its section)");
    }
    if (e->date[0] && own_date)
        pdx_read__note(e->ctx, e->date_no, PDX_ROLE_UNCLASSIFIED, NULL,
                       "date line given to none: the next entry has its own");
    if (e->venue.n && own_venue)
        pdx_read__note(e->ctx, e->venue_no, PDX_ROLE_UNCLASSIFIED, NULL,
                       "venue line given to none: the next entry has its own");
    if (e->year && !p->date && !p->year)
        p->year = e->year;
    if (st) {
        pdx_paper_free(p);
        return st;
    }
    e->date[0] = '\0';
    pdx_buf__clear(&e->venue);
    e->v[e->n++] = p;
    e->last = p;
    return PDX_OK;
}

void pdx_page__entry_drop_last(pdx_page_entries *e) {
    if (e->n <= e->next)
        return;
    pdx_paper *p = e->v[--e->n];
    if (e->last == p)
        e->last = NULL;
    pdx_paper_free(p);
}

void pdx_page__entry_date(pdx_status *st, pdx_page_entries *e, const char *date) {
    if (e->last && !e->last->date) {
        pdx_paper__set_date(st, e->last, date, strlen(date));
        if (e->last->year && e->year == e->last->year)
            e->last->year = 0; /* the date says the year now */
        return;
    }
    snprintf(e->date, sizeof e->date, "%s", date);
}

void pdx_page__entry_venue(pdx_status *st, pdx_page_entries *e, const char *s, size_t n) {
    if (e->last && !e->last->venue) {
        pdx_paper__set_venue(st, e->last, s, n);
        return;
    }
    pdx_buf__clear(&e->venue);
    pdx_buf__add(st, &e->venue, s, n);
}

void pdx_page__entry_section(pdx_page_entries *e, int year) {
    e->last = NULL;
    e->year = year;
}

/* The hashes of every run of PDX_PAGE_VERSION_RUN consecutive words of a
 * folded key ("w1 w2 w3 ..."), into `runs` (cleared first). */
static pdx_status word_runs(const char *key, size_t n, pdx_map *runs) {
    pdx_map__free(runs);
    size_t starts[PDX_PAGE_VERSION_RUN + 1];
    size_t k = 0, i = 0;
    pdx_status st = PDX_OK;
    while (i < n && !st) {
        /* keep the starts of the last RUN words in a ring */
        starts[k % (PDX_PAGE_VERSION_RUN + 1)] = i;
        while (i < n && key[i] != ' ')
            i++;
        k++;
        if (k >= PDX_PAGE_VERSION_RUN) {
            size_t a = starts[(k - PDX_PAGE_VERSION_RUN) % (PDX_PAGE_VERSION_RUN + 1)];
            st = pdx_map__put(runs, key + a, i - a, 1);
        }
        i++;
    }
    return st;
}

/* True when one of `key`'s runs is in `runs`. */
static bool shares_run(const char *key, size_t n, const pdx_map *runs) {
    pdx_map mine = PDX_MAP_INIT;
    bool found = false;
    if (word_runs(key, n, &mine) == PDX_OK)
        for (size_t i = 0; i < mine.cap && !found; i++) {
            size_t v;
            found = mine.slots[i].key && pdx_map__get(runs, mine.slots[i].key, mine.slots[i].n, &v);
        }
    pdx_map__free(&mine);
    return found;
}

pdx_status pdx_page__join_versions(pdx_page_entries *e) {
    pdx_status st = PDX_OK;
    pdx_buf ka = PDX_BUF_INIT, kb = PDX_BUF_INIT;
    pdx_map runs = PDX_MAP_INIT;
    for (size_t i = e->next; i < e->n && !st; i++) {
        pdx_paper *a = e->v[i];
        if (!a || (a->title && *a->title) || !a->abstract)
            continue;
        pdx_buf__clear(&ka);
        pdx_text__key(&st, &ka, a->abstract, strlen(a->abstract));
        if (!st)
            st = word_runs(pdx_buf__str(&ka), ka.n, &runs);
        for (size_t j = i + 1; j < e->n && !st; j++) {
            pdx_paper *b = e->v[j];
            if (!b || (b->title && *b->title) || !b->abstract)
                continue;
            pdx_buf__clear(&kb);
            pdx_text__key(&st, &kb, b->abstract, strlen(b->abstract));
            if (st || !shares_run(pdx_buf__str(&kb), kb.n, &runs))
                continue;
            /* the first version keeps its text (the date and venue
             * lines beside it are its); the other gives its sources and
             * what the first lacks */
            b->abstract = NULL;
            b->flags &= ~PDX_PAPER_ABSTRACT_TRUNCATED;
            pdx_read__note_join(e->ctx, b, a);
            st = pdx_paper__merge(a, b);
            pdx_paper_free(b);
            e->v[j] = NULL;
        }
    }
    /* close the gaps the joined records left */
    size_t k = e->next;
    for (size_t i = e->next; i < e->n; i++)
        if (e->v[i])
            e->v[k++] = e->v[i];
    e->n = k;
    e->last = NULL;
    pdx_map__free(&runs);
    pdx_buf__free(&ka);
    pdx_buf__free(&kb);
    return st;
}

void pdx_page__take_date(pdx_status *st, pdx_page_entries *e, const pdx_page_line *l,
                         const char *date) {
    const pdx_paper *to = e->last && !e->last->date ? e->last : NULL;
    if (!to && e->date[0])
        pdx_read__note(e->ctx, e->date_no, PDX_ROLE_UNCLASSIFIED, NULL,
                       "date line given to none: another date came before the next entry");
    pdx_page__entry_date(st, e, date);
    if (to) {
        pdx_page__note(e->ctx, l, PDX_ROLE_DATE, to, "date line of the entry above");
    } else {
        e->date_no = l->no;
        pdx_page__note(e->ctx, l, PDX_ROLE_DATE, NULL, "date line waiting for the next entry");
    }
}

void pdx_page__take_venue(pdx_status *st, pdx_page_entries *e, const pdx_page_line *l,
                          size_t venue_len) {
    const pdx_paper *to = e->last && !e->last->venue ? e->last : NULL;
    if (!to && e->venue.n)
        pdx_read__note(e->ctx, e->venue_no, PDX_ROLE_UNCLASSIFIED, NULL,
                       "venue line given to none: another venue came before the next entry");
    pdx_page__entry_venue(st, e, l->s, venue_len);
    if (to) {
        pdx_page__note(e->ctx, l, PDX_ROLE_VENUE, to, "venue line of the entry above");
    } else {
        e->venue_no = l->no;
        pdx_page__note(e->ctx, l, PDX_ROLE_VENUE, NULL, "venue line waiting for the next entry");
    }
}

void pdx_page__note(pdx_read_ctx *ctx, const pdx_page_line *l, pdx_line_role role,
                    const pdx_paper *p, const char *reason) {
    pdx_read__note(ctx, l->no, role, p, reason);
    if (l->rest_no)
        pdx_read__note(ctx, l->rest_no, role, p,
                       role == PDX_ROLE_UNCLASSIFIED || role == PDX_ROLE_CHROME
                           ? reason
                           : "rest of the line above, split at its \"(see more)\"");
}

void pdx_page__entry_next(pdx_page_entries *e, pdx_paper **out) {
    *out = NULL;
    if (e->next < e->n) {
        *out = e->v[e->next];
        e->v[e->next++] = NULL;
    }
}

void pdx_page__entries_free(pdx_page_entries *e) {
    if (!e)
        return;
    for (size_t i = e->next; i < e->n; i++)
        pdx_paper_free(e->v[i]);
    free(e->v);
    pdx_buf__free(&e->venue);
    memset(e, 0, sizeof *e);
}

/* ---- the shared part of the page readers ------------------------------- */

pdx_status pdx_page__reader_open(pdx_page_reader *r, pdx_read_ctx *ctx,
                                 pdx_status (*read_entries)(pdx_page_reader *r)) {
    r->ctx = ctx;
    r->entries.ctx = ctx;
    pdx_status st = pdx_page__load(&r->page, ctx);
    if (st == PDX_EIO) {
        r->read_st = st; /* the lines before the error are read */
        st = PDX_OK;
    }
    if (!st)
        st = read_entries(r);
    /* a date or venue still waiting went to no entry */
    if (!st && r->entries.date[0])
        pdx_read__note(ctx, r->entries.date_no, PDX_ROLE_UNCLASSIFIED, NULL,
                       "date line after the last entry: given to none");
    if (!st && r->entries.venue.n)
        pdx_read__note(ctx, r->entries.venue_no, PDX_ROLE_UNCLASSIFIED, NULL,
                       "venue line after the last entry: given to none");
    return st;
}

pdx_status pdx_page__reader_next(void *vr, pdx_paper **out) {
    pdx_page_reader *r = vr;
    pdx_page__entry_next(&r->entries, out);
    return *out ? PDX_OK : r->read_st;
}

void pdx_page__reader_close(void *vr) {
    pdx_page_reader *r = vr;
    if (!r)
        return;
    pdx_page__free(&r->page);
    pdx_page__entries_free(&r->entries);
    pdx_map__free(&r->titles);
    pdx_buf__free(&r->tmp);
    free(r);
}
