/*
 * fuzz_names.c — libFuzzer target for the author-name parser: parse, make
 * every key, and compare with fixed names both ways.
 */
#include <stdint.h>

#include "text/names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    pdx_name nm, other;
    if (pdx_name__parse(&nm, (const char *)data, n) != PDX_OK)
        return 0;
    pdx_status st = PDX_OK;
    pdx_buf b = PDX_BUF_INIT;
    pdx_name__key_full(&st, &b, &nm);
    pdx_name__key_initial(&st, &b, &nm);
    pdx_name__key_initials(&st, &b, &nm);
    pdx_buf__free(&b);
    static const char *const fixed[] = {"Jörn-Henrik Jacobsen", "R. T. Q. Chen", "de Haas, Sarah", "山田 太郎"};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
        if (pdx_name__parse(&other, fixed[i], __builtin_strlen(fixed[i])) == PDX_OK) {
            (void)pdx_name__compare(&nm, &other);
            (void)pdx_name__compare(&other, &nm);
        }
        pdx_name__free(&other);
    }
    (void)pdx_name__compare(&nm, &nm);
    pdx_name__free(&nm);
    return 0;
}
