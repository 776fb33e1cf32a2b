/*
 * fuzz_text.c — libFuzzer target for the LaTeX decoder, folding, keys and
 * the tokenizer: each must return a status and, where it produces text,
 * valid UTF-8.  The tokenizer's fast paths must also agree with the slow
 * ones: word breaks with libunistring's, a tokenizer with the fold cache
 * with one without (run twice, so the second run reads the cache).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uniwbrk.h>

#include "text/text.h"
#include "../token_record.h"

static void same_breaks(const char *s, size_t n) {
    if (pdx_text__check(s, n) != n)
        return; /* both want valid UTF-8 */
    char *want = malloc(n + 1), *got = malloc(n + 1);
    if (want && got) {
        u8_wordbreaks((const uint8_t *)s, n, want);
        pdx_text__wordbreaks(s, n, got);
        if (memcmp(want, got, n) != 0)
            abort(); /* the fast path broke a word differently */
    }
    free(want);
    free(got);
}

static void same_tokens(const char *s, size_t n) {
    pdx_tokenizer cached = PDX_TOKENIZER_INIT, plain = PDX_TOKENIZER_INIT;
    pdx_buf a = PDX_BUF_INIT, b = PDX_BUF_INIT;
    if (pdx_text__tokenizer_cache(&cached) == PDX_OK) {
        for (int pass = 0; pass < 2; pass++) {
            pdx_buf__clear(&a);
            pdx_buf__clear(&b);
            pdx_status sa = pdx_text__tokenize(&cached, s, n, 1, NULL, pdx_test__record_token, &a);
            pdx_status sb = pdx_text__tokenize(&plain, s, n, 1, NULL, pdx_test__record_token, &b);
            if (sa || sb)
                break; /* out of memory: nothing to compare */
            if (a.n != b.n || (a.n && memcmp(a.p, b.p, a.n) != 0))
                abort(); /* the fold cache changed a token */
        }
    }
    pdx_text__tokenizer_free(&cached);
    pdx_text__tokenizer_free(&plain);
    pdx_buf__free(&a);
    pdx_buf__free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    const char *s = (const char *)data;
    pdx_status st = PDX_OK;
    pdx_buf a = PDX_BUF_INIT, b = PDX_BUF_INIT;
    pdx_text__latex(&st, &a, s, n);
    if (!st && pdx_text__check(pdx_buf__str(&a), a.n) != a.n)
        abort(); /* decoding must never produce invalid UTF-8 */
    pdx_text__fold(&st, &b, s, n, PDX_FOLD_CASE | PDX_FOLD_ACCENTS);
    pdx_buf__clear(&b);
    pdx_text__key(&st, &b, s, n);
    same_breaks(s, n);
    same_breaks(pdx_buf__str(&a), a.n);
    same_tokens(s, n);
    same_tokens(pdx_buf__str(&a), a.n);
    pdx_buf__free(&a);
    pdx_buf__free(&b);
    return 0;
}
