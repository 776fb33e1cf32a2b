/*
 * map.h — a hash map from byte-string keys to size_t values (open
 * addressing, linear probing).  Keys are copied.  Used to merge records in
 * memory when there is no database (the `parse` command), and for the
 * name dictionaries of the page readers.
 */
#ifndef PDX_MAP_H
#define PDX_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include "paperdex.h"

typedef struct pdx_map_slot {
    char *key;    /* NULL: empty slot */
    size_t n;     /* key length */
    size_t value;
    unsigned long long hash;
} pdx_map_slot;

typedef struct pdx_map {
    pdx_map_slot *slots;
    size_t cap;  /* power of two, or 0 */
    size_t used;
} pdx_map;

#define PDX_MAP_INIT {NULL, 0, 0}

/** The value stored under key[0..n), or false when absent. */
bool pdx_map__get(const pdx_map *m, const char *key, size_t n, size_t *value);
/** Stores `value` under the key (replacing any earlier value). */
pdx_status pdx_map__put(pdx_map *m, const char *key, size_t n, size_t value);
/** Frees the map's memory.  Accepts NULL. */
void pdx_map__free(pdx_map *m);

#endif
