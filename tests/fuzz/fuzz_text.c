/*
 * fuzz_text.c — libFuzzer target for the LaTeX decoder, folding, keys and
 * the tokenizer: each must return a status and, where it produces text,
 * valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>

#include "text/text.h"

static pdx_status count(const pdx_token *t, void *payload) {
    (void)t;
    (*(size_t *)payload)++;
    return PDX_OK;
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
    pdx_tokenizer tz = PDX_TOKENIZER_INIT;
    size_t k = 0;
    pdx_text__tokenize(&tz, s, n, 1, NULL, count, &k);
    pdx_text__tokenize(&tz, pdx_buf__str(&a), a.n, 1, NULL, count, &k);
    pdx_text__tokenizer_free(&tz);
    pdx_buf__free(&a);
    pdx_buf__free(&b);
    return 0;
}
