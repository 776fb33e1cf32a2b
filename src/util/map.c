/*
 * map.c — string-keyed hash map (see map.h).
 */
#include "util/map.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static pdx_map_slot *find(const pdx_map *m, const char *key, size_t n, unsigned long long h) {
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        pdx_map_slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && s->n == n && memcmp(s->key, key, n) == 0))
            return s;
    }
}

bool pdx_map__get(const pdx_map *m, const char *key, size_t n, size_t *value) {
    if (!m->cap)
        return false;
    pdx_map_slot *s = find(m, key, n, pdx_hash64(key, n));
    if (!s->key)
        return false;
    *value = s->value;
    return true;
}

static pdx_status grow(pdx_map *m) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    pdx_map_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return PDX_ENOMEM;
    pdx_map old = *m;
    m->slots = slots;
    m->cap = cap;
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i].key)
            *find(m, old.slots[i].key, old.slots[i].n, old.slots[i].hash) = old.slots[i];
    free(old.slots);
    return PDX_OK;
}

pdx_status pdx_map__put(pdx_map *m, const char *key, size_t n, size_t value) {
    if ((m->used + 1) * 4 > m->cap * 3) {
        pdx_status st = grow(m);
        if (st)
            return st;
    }
    unsigned long long h = pdx_hash64(key, n);
    pdx_map_slot *s = find(m, key, n, h);
    if (!s->key) {
        if (!(s->key = pdx_strndup(key, n)))
            return PDX_ENOMEM;
        s->n = n;
        s->hash = h;
        m->used++;
    }
    s->value = value;
    return PDX_OK;
}

void pdx_map__free(pdx_map *m) {
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    m->slots = NULL;
    m->cap = m->used = 0;
}
