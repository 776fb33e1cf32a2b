/*
 * buf.c — growable buffers, the record arena and the id hash (see buf.h).
 */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void pdx_buf__free(pdx_buf *b) {
    if (!b)
        return;
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

void pdx_buf__clear(pdx_buf *b) {
    b->n = 0;
    if (b->p)
        b->p[0] = '\0';
}

void pdx_buf__grow(pdx_status *st, pdx_buf *b, size_t extra) {
    if (*st)
        return;
    if (extra > SIZE_MAX / 2 - b->n) {
        *st = PDX_ENOMEM;
        return;
    }
    size_t need = b->n + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        *st = PDX_ENOMEM;
        return;
    }
    b->p = p;
    b->cap = cap;
}

void pdx_buf__add(pdx_status *st, pdx_buf *b, const void *s, size_t n) {
    pdx_buf__grow(st, b, n);
    if (*st)
        return;
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void pdx_buf__adds(pdx_status *st, pdx_buf *b, const char *s) {
    pdx_buf__add(st, b, s, strlen(s));
}

void pdx_buf__addc(pdx_status *st, pdx_buf *b, char c) { pdx_buf__add(st, b, &c, 1); }

void pdx_buf__addu(pdx_status *st, pdx_buf *b, uint32_t uc) {
    unsigned char u[4];
    size_t n;
    if (uc > 0x10FFFF || (uc >= 0xD800 && uc <= 0xDFFF))
        uc = 0xFFFD;
    if (uc < 0x80) {
        u[0] = (unsigned char)uc;
        n = 1;
    } else if (uc < 0x800) {
        u[0] = (unsigned char)(0xC0 | (uc >> 6));
        u[1] = (unsigned char)(0x80 | (uc & 0x3F));
        n = 2;
    } else if (uc < 0x10000) {
        u[0] = (unsigned char)(0xE0 | (uc >> 12));
        u[1] = (unsigned char)(0x80 | ((uc >> 6) & 0x3F));
        u[2] = (unsigned char)(0x80 | (uc & 0x3F));
        n = 3;
    } else {
        u[0] = (unsigned char)(0xF0 | (uc >> 18));
        u[1] = (unsigned char)(0x80 | ((uc >> 12) & 0x3F));
        u[2] = (unsigned char)(0x80 | ((uc >> 6) & 0x3F));
        u[3] = (unsigned char)(0x80 | (uc & 0x3F));
        n = 4;
    }
    pdx_buf__add(st, b, u, n);
}

void pdx_buf__vprintf(pdx_status *st, pdx_buf *b, const char *fmt, va_list ap) {
    if (*st)
        return;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        *st = PDX_EINVAL;
        return;
    }
    pdx_buf__grow(st, b, (size_t)n);
    if (*st)
        return;
    vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
    b->n += (size_t)n;
}

void pdx_buf__printf(pdx_status *st, pdx_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    pdx_buf__vprintf(st, b, fmt, ap);
    va_end(ap);
}

const char *pdx_buf__str(const pdx_buf *b) { return b->p ? b->p : ""; }

char *pdx_buf__detach(pdx_buf *b) {
    char *p = b->p;
    if (!p)
        p = calloc(1, 1);
    b->p = NULL;
    b->n = b->cap = 0;
    return p;
}

/* ---- arena ----------------------------------------------------------- */

struct pdx_arena_chunk {
    struct pdx_arena_chunk *next;
    size_t used, cap;
    max_align_t data[]; /* cap bytes */
};

#define ARENA_CHUNK 4096

void *pdx_arena__alloc(pdx_arena *a, size_t n) {
    const size_t align = sizeof(max_align_t);
    size_t need = (n + align - 1) / align * align;
    if (need < n)
        return NULL;
    struct pdx_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < need) {
        size_t cap = need > ARENA_CHUNK ? need : ARENA_CHUNK;
        c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->used = 0;
        c->cap = cap;
        /* A big one-off allocation goes behind the current chunk so the
         * free space of the current one is not abandoned. */
        if (a->head && need > ARENA_CHUNK) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = (char *)c->data + c->used;
    c->used += need;
    return p;
}

char *pdx_arena__strndup(pdx_arena *a, const char *s, size_t n) {
    char *p = pdx_arena__alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void pdx_arena__free(pdx_arena *a) {
    struct pdx_arena_chunk *c = a->head;
    while (c) {
        struct pdx_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}

uint64_t pdx_hash64(const void *s, size_t n) {
    const unsigned char *p = s;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

char *pdx_strndup(const char *s, size_t n) {
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

double pdx_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
