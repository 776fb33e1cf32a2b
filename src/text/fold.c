/*
 * fold.c — UTF-8 checks, case and accent folding, matching keys.
 *
 * Folding is what makes "Jörn", "JÖRN", "Jorn" and "Jo\u0308rn" one word.
 * libunistring does the Unicode work (u8_casefold with NFKC, u8_normalize
 * to NFD and back); the only table here is the handful of letters that
 * carry a diacritic but have no canonical decomposition, which NFD cannot
 * strip (source: Unicode's own decomposition data has none for them; the
 * spellings are the usual library transliterations, e.g. ICU's
 * Latin-ASCII transform).
 */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

size_t pdx_text__check(const char *s, size_t n) {
    const uint8_t *bad = u8_check((const uint8_t *)s, n);
    return bad ? (size_t)(bad - (const uint8_t *)s) : n;
}

int pdx_text__decode(const char *s, size_t n, uint32_t *uc) {
    ucs4_t c;
    int len = u8_mbtoucr(&c, (const uint8_t *)s, n);
    if (len <= 0) {
        *uc = 0xFFFD;
        return 1;
    }
    *uc = c;
    return len;
}

bool pdx_text__is_wordchar(uint32_t uc) {
    if (uc < 0x80)
        return (uc >= 'a' && uc <= 'z') || (uc >= 'A' && uc <= 'Z') || (uc >= '0' && uc <= '9');
    return uc_is_general_category(uc, UC_CATEGORY_L) || uc_is_general_category(uc, UC_CATEGORY_N) ||
           uc_is_general_category(uc, UC_CATEGORY_M);
}

bool pdx_text__is_upper(uint32_t uc) {
    if (uc < 0x80)
        return uc >= 'A' && uc <= 'Z';
    return uc_is_property_uppercase(uc);
}

bool pdx_text__is_lower(uint32_t uc) {
    if (uc < 0x80)
        return uc >= 'a' && uc <= 'z';
    return uc_is_property_lowercase(uc);
}

bool pdx_text__is_apostrophe(uint32_t uc) {
    switch (uc) {
    case 0x0027: /* ' */
    case 0x0060: /* ` */
    case 0x00B4: /* ´ */
    case 0x2018: /* ‘ */
    case 0x2019: /* ’ */
    case 0x201B: /* ‛ */
    case 0x02BC: /* ʼ */
    case 0x2032: /* ′ */
    case 0xFF07: /* ＇ */
        return true;
    default:
        return false;
    }
}

bool pdx_text__is_dash(uint32_t uc) {
    switch (uc) {
    case 0x002D: case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
        return true;
    default:
        return false;
    }
}

/* Letters with a diacritic but no decomposition, already case-folded. */
static const char *spell_out(uint32_t uc) {
    switch (uc) {
    case 0x0142: return "l";  /* ł */
    case 0x00F8: return "o";  /* ø */
    case 0x0111: return "d";  /* đ */
    case 0x00F0: return "d";  /* ð */
    case 0x00DF: return "ss"; /* ß (case folding already spells it out) */
    case 0x00E6: return "ae"; /* æ */
    case 0x0153: return "oe"; /* œ */
    case 0x0131: return "i";  /* ı */
    case 0x0237: return "j";  /* ȷ */
    case 0x00FE: return "th"; /* þ */
    case 0x0127: return "h";  /* ħ */
    case 0x0167: return "t";  /* ŧ */
    case 0x0140: return "l";  /* ŀ */
    case 0x0180: return "b";  /* ƀ */
    case 0x0268: return "i";  /* ɨ */
    default: return NULL;
    }
}

bool pdx_text__is_ascii(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

/* Appends s with apostrophes and dashes unified, and with accents on:
 * marks removed, undecomposable letters spelled out, apostrophes between
 * word characters dropped.  `s` is valid UTF-8 (NFD when `accents`). */
static void unify(pdx_status *st, pdx_buf *out, const uint8_t *s, size_t n, bool accents) {
    size_t i = 0;
    uint32_t prev = 0;
    while (i < n && !*st) {
        uint32_t uc;
        i += (size_t)pdx_text__decode((const char *)s + i, n - i, &uc);
        if (accents && uc >= 0x300 && uc_is_general_category(uc, UC_CATEGORY_M))
            continue; /* combining marks: the diacritics NFD split off */
        if (pdx_text__is_apostrophe(uc)) {
            if (accents && pdx_text__is_wordchar(prev) && i < n) {
                uint32_t next;
                pdx_text__decode((const char *)s + i, n - i, &next);
                if (pdx_text__is_wordchar(next))
                    continue; /* "o'keefe" → "okeefe" */
            }
            uc = '\'';
        } else if (pdx_text__is_dash(uc)) {
            uc = '-';
        }
        prev = uc;
        const char *sp = accents ? spell_out(uc) : NULL;
        if (sp)
            pdx_buf__adds(st, out, sp);
        else
            pdx_buf__addu(st, out, uc);
    }
}

/* The fast path: ASCII needs no tables, and most words are ASCII. */
static void fold_ascii(pdx_status *st, pdx_buf *out, const char *s, size_t n, unsigned flags) {
    pdx_buf__grow(st, out, n);
    if (*st)
        return;
    char *o = out->p + out->n;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((flags & PDX_FOLD_CASE) && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c == '`')
            c = '\'';
        if (c == '\'' && (flags & PDX_FOLD_ACCENTS) && i > 0 && i + 1 < n &&
            pdx_text__is_wordchar((unsigned char)s[i - 1]) &&
            pdx_text__is_wordchar((unsigned char)s[i + 1]))
            continue;
        *o++ = c;
    }
    out->n = (size_t)(o - out->p);
    out->p[out->n] = '\0';
}

void pdx_text__fold(pdx_status *st, pdx_buf *out, const char *s, size_t n, unsigned flags) {
    if (*st)
        return;
    if (pdx_text__is_ascii(s, n)) {
        fold_ascii(st, out, s, n, flags);
        return;
    }
    pdx_buf clean = PDX_BUF_INIT;
    if (pdx_text__check(s, n) != n) {
        /* Replace each invalid byte by U+FFFD so libunistring sees valid
         * input. */
        size_t i = 0;
        while (i < n && !*st) {
            uint32_t uc;
            int len = pdx_text__decode(s + i, n - i, &uc);
            pdx_buf__addu(st, &clean, uc);
            i += (size_t)len;
        }
        if (*st)
            goto done;
        s = clean.p;
        n = clean.n;
    }
    {
        uint8_t *folded = NULL, *nfd = NULL;
        size_t n_folded = n, n_nfd = 0;
        const uint8_t *cur = (const uint8_t *)s;
        if (flags & PDX_FOLD_CASE) {
            folded = u8_casefold(cur, n, NULL, UNINORM_NFKC, NULL, &n_folded);
            if (!folded) {
                *st = PDX_ENOMEM;
                goto done;
            }
            cur = folded;
        }
        if (flags & PDX_FOLD_ACCENTS) {
            nfd = u8_normalize(UNINORM_NFD, cur, n_folded, NULL, &n_nfd);
            if (!nfd) {
                free(folded);
                *st = PDX_ENOMEM;
                goto done;
            }
            /* Strip into a scratch buffer, then recompose: NFD also splits
             * Hangul syllables into jamo, which must come back together. */
            pdx_buf tmp = PDX_BUF_INIT;
            unify(st, &tmp, nfd, n_nfd, true);
            if (!*st) {
                size_t n_nfc = 0;
                uint8_t *nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)pdx_buf__str(&tmp),
                                            tmp.n, NULL, &n_nfc);
                if (nfc) {
                    pdx_buf__add(st, out, nfc, n_nfc);
                    free(nfc);
                } else if (tmp.n) {
                    *st = PDX_ENOMEM;
                }
            }
            pdx_buf__free(&tmp);
        } else {
            unify(st, out, cur, n_folded, false);
        }
        free(nfd);
        free(folded);
    }
done:
    pdx_buf__free(&clean);
}
