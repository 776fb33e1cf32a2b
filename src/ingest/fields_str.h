/*
 * fields_str.h — the small string helpers of fields.c and authors.c:
 * slices, trimming, ASCII case-insensitive comparison.  Private to the two
 * (static inline: each keeps its own copy).
 */
#ifndef PDX_INGEST_FIELDS_STR_H
#define PDX_INGEST_FIELDS_STR_H

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

static inline bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A slice of a string. */
typedef struct slice {
    const char *s;
    size_t n;
} slice;

/* s[0..n) without surrounding white space, commas, semicolons and colons. */
static inline slice trim(const char *s, size_t n) {
    while (n && (is_space(*s) || *s == ',' || *s == ';' || *s == ':')) {
        s++;
        n--;
    }
    while (n && (is_space(s[n - 1]) || s[n - 1] == ',' || s[n - 1] == ';' || s[n - 1] == ':'))
        n--;
    slice r = {s, n};
    return r;
}

/* s[0..n) is `word` (lower case) but for ASCII case. */
static inline bool ieq(const char *s, size_t n, const char *word) {
    size_t k = strlen(word);
    if (n != k)
        return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != word[i])
            return false;
    return true;
}

/* s[0..n) starts with `pfx` (lower case) but for ASCII case. */
static inline bool istarts(const char *s, size_t n, const char *pfx) {
    size_t k = strlen(pfx);
    return n >= k && ieq(s, k, pfx);
}

#endif
