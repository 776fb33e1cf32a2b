/*
 * token_record.h — a tokenizer callback that writes down every token, so
 * that two tokenizers (with and without their fast paths) can be compared
 * byte for byte; shared by tests/test_text.c and tests/fuzz/fuzz_text.c.
 */
#ifndef PDX_TOKEN_RECORD_H
#define PDX_TOKEN_RECORD_H

#include "text/text.h"

/* Appends the token's exact and plain forms, position, flags and byte
 * span to the pdx_buf `payload`, one line per token. */
static inline pdx_status pdx_test__record_token(const pdx_token *t, void *payload) {
    pdx_buf *out = payload;
    pdx_status st = PDX_OK;
    pdx_buf__add(&st, out, t->exact, t->n_exact);
    pdx_buf__addc(&st, out, '|'); /* no word holds one */
    pdx_buf__add(&st, out, t->plain, t->n_plain);
    pdx_buf__printf(&st, out, "|%u|%u|%zu|%zu\n", t->pos, t->flags, t->start, t->end);
    return st;
}

#endif
