/*
 * buf.h — growable byte buffers, a string arena, and a hash.
 *
 * The buffer functions are chainable in the style of FTS5's
 * sqlite3Fts5Buffer*(int *pRc, ...): they take a `pdx_status *st`, do
 * nothing when it already holds an error, and set it to PDX_ENOMEM when an
 * allocation fails.  A caller runs a sequence of appends and checks once.
 */
#ifndef PDX_BUF_H
#define PDX_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "paperdex.h"

/** A growable byte string.  `p` is NUL-terminated whenever `cap > 0`. */
typedef struct pdx_buf {
    char *p;    /* bytes; NULL until the first append */
    size_t n;   /* bytes used, not counting the NUL */
    size_t cap; /* bytes allocated */
} pdx_buf;

#define PDX_BUF_INIT {NULL, 0, 0}

/** Frees the bytes and resets to empty.  Accepts NULL. */
void pdx_buf__free(pdx_buf *b);
/** Empties the buffer, keeping its allocation. */
void pdx_buf__clear(pdx_buf *b);
/** Makes room for `extra` more bytes (plus a NUL). */
void pdx_buf__grow(pdx_status *st, pdx_buf *b, size_t extra);
/** Appends `n` bytes. */
void pdx_buf__add(pdx_status *st, pdx_buf *b, const void *s, size_t n);
/** Appends a NUL-terminated string. */
void pdx_buf__adds(pdx_status *st, pdx_buf *b, const char *s);
/** Appends one byte. */
void pdx_buf__addc(pdx_status *st, pdx_buf *b, char c);
/** Appends a code point as UTF-8 (invalid code points become U+FFFD). */
void pdx_buf__addu(pdx_status *st, pdx_buf *b, uint32_t uc);
/** Appends printf-formatted text. */
void pdx_buf__printf(pdx_status *st, pdx_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/** Appends vprintf-formatted text. */
void pdx_buf__vprintf(pdx_status *st, pdx_buf *b, const char *fmt, va_list ap);
/** The bytes as a C string; "" when empty.  Borrowed. */
const char *pdx_buf__str(const pdx_buf *b);
/** Hands the bytes to the caller (free()) and resets the buffer; returns a
 *  malloc()ed "" for an empty buffer, NULL only when that fails. */
char *pdx_buf__detach(pdx_buf *b);

/** A bump allocator for the many small strings of one record: everything
 *  is released by one pdx_arena__free() (libgit2's pool). */
typedef struct pdx_arena {
    struct pdx_arena_chunk *head; /* newest chunk first */
} pdx_arena;

/** `n` bytes aligned for any scalar, or NULL when out of memory. */
void *pdx_arena__alloc(pdx_arena *a, size_t n);
/** A NUL-terminated copy of `n` bytes, or NULL when out of memory. */
char *pdx_arena__strndup(pdx_arena *a, const char *s, size_t n);
/** Releases every allocation.  The arena can be reused afterwards. */
void pdx_arena__free(pdx_arena *a);

/** 64-bit FNV-1a: stable across platforms and releases, because ids and
 *  merge keys derived from it are stored in databases. */
uint64_t pdx_hash64(const void *s, size_t n);

/** A copy of `n` bytes, NUL-terminated, or NULL when out of memory. */
char *pdx_strndup(const char *s, size_t n);

/** Seconds on the monotonic clock: only differences mean anything, and they
 *  do not jump when the wall clock is set. */
double pdx_now(void);

#endif
