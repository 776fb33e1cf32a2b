/*
 * tagged.c — records of tag lines, for the RIS and MEDLINE readers (see
 * tagged.h).
 */
#include "ingest/tagged.h"

#include <stdlib.h>
#include <string.h>

void pdx_tagged__reset(pdx_tagged *t) {
    t->n = 0;
    pdx_buf__clear(&t->vals);
}

void pdx_tagged__add(pdx_status *st, pdx_tagged *t, const char *tag, const char *v, size_t n) {
    if (*st)
        return;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        pdx_tag_field *f = realloc(t->f, cap * sizeof *f);
        if (!f) {
            *st = PDX_ENOMEM;
            return;
        }
        t->f = f;
        t->cap = cap;
    }
    pdx_tag_field *f = &t->f[t->n++];
    size_t k = strnlen(tag, sizeof f->tag - 1);
    memcpy(f->tag, tag, k);
    f->tag[k] = '\0';
    f->off = t->vals.n;
    f->len = n;
    pdx_buf__add(st, &t->vals, v, n);
    pdx_buf__addc(st, &t->vals, '\0');
}

void pdx_tagged__continue(pdx_status *st, pdx_tagged *t, const char *s, size_t n) {
    if (*st || !t->n)
        return;
    t->vals.n--; /* the last value's NUL */
    pdx_buf__addc(st, &t->vals, ' ');
    pdx_buf__add(st, &t->vals, s, n);
    pdx_buf__addc(st, &t->vals, '\0');
    t->f[t->n - 1].len += 1 + n;
}

const char *pdx_tagged__value(const pdx_tagged *t, size_t i) { return t->vals.p + t->f[i].off; }

const char *pdx_tagged__get(const pdx_tagged *t, const char *tag) {
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->f[i].tag, tag) == 0 && t->f[i].len)
            return pdx_tagged__value(t, i);
    return NULL;
}

const char *pdx_tagged__get_any(const pdx_tagged *t, const char *const *tags) {
    const char *v = NULL;
    for (size_t i = 0; tags[i] && !v; i++)
        v = pdx_tagged__get(t, tags[i]);
    return v;
}

void pdx_tagged__free(pdx_tagged *t) {
    free(t->f);
    pdx_buf__free(&t->vals);
    *t = (pdx_tagged){0};
}

void pdx_tagged__turn_name(pdx_status *st, pdx_buf *out, const char *v) {
    const char *c1 = strchr(v, ',');
    if (!c1) {
        pdx_buf__adds(st, out, v);
        return;
    }
    const char *c2 = strchr(c1 + 1, ',');
    const char *given = c1 + 1;
    pdx_buf__add(st, out, given, c2 ? (size_t)(c2 - given) : strlen(given));
    pdx_buf__addc(st, out, ' ');
    pdx_buf__add(st, out, v, (size_t)(c1 - v));
    if (c2) {
        pdx_buf__addc(st, out, ' ');
        pdx_buf__adds(st, out, c2 + 1);
    }
}

bool pdx_tagged__binary_line(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
            return true;
    return false;
}

int pdx_tagged__sniff(const char *head, size_t n, pdx_tag_line_fn tag_line, const char *first) {
    size_t i = 0, lines = 0, tags = 0;
    bool opened = false;
    while (i < n && lines < 10) {
        const char *e = memchr(head + i, '\n', n - i);
        size_t len = (size_t)((e ? e : head + n) - (head + i));
        const char *s = head + i;
        i += len + 1;
        while (len && (s[len - 1] == '\r' || s[len - 1] == ' '))
            len--;
        if (!len)
            continue;
        char tag[5];
        const char *v;
        size_t vn;
        bool tagged = tag_line(s, len, tag, &v, &vn);
        if (tagged && strcmp(tag, first) == 0 && !opened) {
            if (lines == 0)
                return 95;
            opened = true;
        } else if (tagged && opened) {
            tags++;
        }
        lines++;
    }
    return opened && tags >= 2 ? 60 : 0;
}
