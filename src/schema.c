/*
 * schema.c — the index keys built from schema.h's parts, so that the
 * store, the ingest's resume state and `remove` spell them the same way.
 */
#include "schema.h"

#include <stdio.h>

#include "util/buf.h"

void pdx_schema__hash_key(char out[PDX_HASH_KEY + 1], const char *s, size_t n) {
    snprintf(out, PDX_HASH_KEY + 1, "%016llx", (unsigned long long)pdx_hash64(s, n));
}

void pdx_schema__state_key(char *out, size_t n, const char *source_key) {
    snprintf(out, n, "%s%s", PDX_META_SOURCE, source_key);
}
