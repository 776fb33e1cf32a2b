/*
 * fields.c — parsing the fields several readers share (fields.h): Latin-1
 * repair, LaTeX-decoded text, DOIs, arXiv ids, dates and the --field-map
 * option.  Author-list strings are authors.c's.
 */
#include "ingest/fields.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/fields_str.h"
#include "text/text.h"

/* ---- lines ------------------------------------------------------------- */

/* Bytes 0x80..0x9F of Windows-1252; the other high bytes are Latin-1's
 * own code points.  Source: WHATWG Encoding Standard, index-windows-1252
 * (https://encoding.spec.whatwg.org/index-windows-1252.txt); the five
 * unassigned bytes map to the C1 controls, as there. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static uint32_t cp1252(unsigned char c) {
    return c >= 0x80 && c < 0xA0 ? cp1252_high[c - 0x80] : c;
}

void pdx_read__latin1(pdx_status *st, pdx_buf *out, const char *s, size_t n) {
    for (size_t i = 0; i < n && !*st; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80)
            pdx_buf__addc(st, out, (char)c);
        else
            pdx_buf__addu(st, out, cp1252(c));
    }
}

pdx_status pdx_read__line(pdx_read_ctx *ctx, pdx_buf *tmp, const char **line, size_t *n) {
    for (;;) {
        pdx_status st = pdx_input__line(line, n, ctx->in, ctx);
        if (st || !*line)
            return st;
        const char *nul = memchr(*line, '\0', *n);
        if (nul) {
            pdx_read__report(ctx, pdx_input__lineno(ctx->in), "NUL byte at column %zu; line skipped",
                             (size_t)(nul - *line) + 1);
            continue;
        }
        size_t ok = pdx_text__check(*line, *n);
        if (ok == *n)
            return PDX_OK;
        /* Keep the valid UTF-8 runs; decode each stray byte as Latin-1. */
        const char *s = *line;
        size_t len = *n, i = 0;
        pdx_buf__clear(tmp);
        while (i < len && !st) {
            size_t good = pdx_text__check(s + i, len - i);
            pdx_buf__add(&st, tmp, s + i, good);
            i += good;
            if (i < len) {
                pdx_read__latin1(&st, tmp, s + i, 1);
                i++;
            }
        }
        if (st)
            return st;
        *line = pdx_buf__str(tmp);
        *n = tmp->n;
        return PDX_OK;
    }
}

/* ---- text -------------------------------------------------------------- */

/* Makes every run of white space in b one space and trims both ends. */
static void collapse(pdx_buf *b) {
    size_t w = 0;
    bool space = true; /* drops leading space */
    for (size_t r = 0; r < b->n; r++) {
        char c = b->p[r];
        if (is_space(c)) {
            if (!space)
                b->p[w++] = ' ';
            space = true;
        } else {
            b->p[w++] = c;
            space = false;
        }
    }
    if (w && b->p[w - 1] == ' ')
        w--;
    b->n = w;
    if (b->p)
        b->p[w] = '\0';
}

void pdx_read__text(pdx_status *st, pdx_buf *tmp, const char *s, size_t n) {
    pdx_buf__clear(tmp);
    if (pdx_text__has_latex(s, n))
        pdx_text__latex(st, tmp, s, n);
    else
        pdx_buf__add(st, tmp, s, n);
    if (!*st)
        collapse(tmp);
}

void pdx_read__tex(pdx_status *st, pdx_buf *tmp, const char *s, size_t n) {
    pdx_buf__clear(tmp);
    pdx_text__latex(st, tmp, s, n);
    if (!*st)
        collapse(tmp);
}

void pdx_read__set_tex(pdx_status *st, pdx_buf *tmp, pdx_paper *p, pdx_read_setter set,
                       const char *s, size_t n) {
    if (*st || !s)
        return;
    pdx_read__tex(st, tmp, s, n);
    if (!*st && tmp->n)
        set(st, p, tmp->p, tmp->n);
}

void pdx_read__plain(pdx_status *st, pdx_buf *tmp, const char *s, size_t n) {
    pdx_buf__clear(tmp);
    pdx_buf__add(st, tmp, s, n);
    if (!*st)
        collapse(tmp);
}

void pdx_read__set_plain(pdx_status *st, pdx_buf *tmp, pdx_paper *p, pdx_read_setter set,
                         const char *s, size_t n) {
    if (*st || !s)
        return;
    pdx_read__plain(st, tmp, s, n);
    if (!*st && tmp->n)
        set(st, p, tmp->p, tmp->n);
}

void pdx_read__set(pdx_status *st, pdx_buf *tmp, pdx_paper *p, pdx_read_setter set,
                   const char *s, size_t n) {
    if (*st || !s)
        return;
    pdx_read__text(st, tmp, s, n);
    if (!*st && tmp->n)
        set(st, p, tmp->p, tmp->n);
}

/* ---- ids ---------------------------------------------------------------- */

static slice strip_prefix(slice w, const char *const *pfx, size_t n_pfx) {
    for (size_t k = 0; k < n_pfx; k++)
        if (istarts(w.s, w.n, pfx[k])) {
            size_t l = strlen(pfx[k]);
            w.s += l;
            w.n -= l;
            while (w.n && is_space(*w.s)) {
                w.s++;
                w.n--;
            }
            break;
        }
    return w;
}

static slice first_word(const char *s, size_t n) {
    while (n && is_space(*s)) {
        s++;
        n--;
    }
    size_t k = 0;
    while (k < n && !is_space(s[k]))
        k++;
    slice r = {s, k};
    return r;
}

bool pdx_read__add_doi(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    static const char *const pfx[] = {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                                      "http://dx.doi.org/", "doi.org/", "doi:"};
    slice w = first_word(s, n);
    w = strip_prefix(w, pfx, sizeof pfx / sizeof *pfx);
    w = first_word(w.s, w.n);
    while (w.n && (w.s[w.n - 1] == '.' || w.s[w.n - 1] == ',' || w.s[w.n - 1] == ';'))
        w.n--;
    if (w.n < 6 || memcmp(w.s, "10.", 3) != 0 || !memchr(w.s, '/', w.n))
        return false;
    pdx_paper__add_id(st, p, "doi", w.s, w.n);
    return true;
}

bool pdx_read__add_arxiv(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    static const char *const pfx[] = {"https://arxiv.org/abs/", "http://arxiv.org/abs/",
                                      "arxiv.org/abs/", "arxiv:"};
    slice w = first_word(s, n);
    w = strip_prefix(w, pfx, sizeof pfx / sizeof *pfx);
    w = first_word(w.s, w.n);
    /* drop a version: "0704.0001v2" */
    size_t end = w.n;
    while (end && isdigit((unsigned char)w.s[end - 1]))
        end--;
    if (end && end < w.n && w.s[end - 1] == 'v')
        w.n = end - 1;
    const char *slash = memchr(w.s, '/', w.n);
    char id[64];
    size_t len = 0;
    if (!slash) {
        /* YYMM.NNNN or YYMM.NNNNN */
        size_t i = 0;
        while (i < w.n && isdigit((unsigned char)w.s[i]))
            i++;
        if (i != 4 || i >= w.n || w.s[i] != '.')
            return false;
        size_t j = i + 1;
        while (j < w.n && isdigit((unsigned char)w.s[j]))
            j++;
        if (j != w.n || j - i - 1 < 4 || j - i - 1 > 5)
            return false;
        len = w.n;
        memcpy(id, w.s, len);
    } else {
        /* archive[.XX]/YYMMNNN: "math-ph/0509002", "math.AG/0101001" */
        size_t a = (size_t)(slash - w.s), num = w.n - a - 1;
        size_t arch = a;
        const char *dot = memchr(w.s, '.', a);
        if (dot)
            arch = (size_t)(dot - w.s);
        if (arch == 0 || arch > 20 || num != 7)
            return false;
        for (size_t i = 0; i < arch; i++)
            if (!(islower((unsigned char)w.s[i]) || w.s[i] == '-'))
                return false;
        for (size_t i = a + 1; i < w.n; i++)
            if (!isdigit((unsigned char)w.s[i]))
                return false;
        memcpy(id, w.s, arch);
        id[arch] = '/';
        memcpy(id + arch + 1, slash + 1, num);
        len = arch + 1 + num;
    }
    pdx_paper__add_id(st, p, "arxiv", id, len);
    return true;
}

void pdx_read__arxiv_in(pdx_status *st, pdx_paper *p, const char *s) {
    for (const char *a = s; a && *a; a++) {
        if (strncasecmp(a, "arxiv:", 6) != 0)
            continue;
        const char *v = a + 6;
        while (*v == ' ')
            v++;
        if (pdx_read__add_arxiv(st, p, v, strcspn(v, " \t\n,;[]()")))
            return;
    }
}

bool pdx_read__key_like(const char *s) {
    size_t n = strlen(s);
    bool letter = false;
    if (!n || n > 128 || strstr(s, "://"))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == '{' || c == '}' || c == ',' || c == '"' || c == '\\')
            return false;
        letter |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    }
    return letter;
}

/* ---- dates -------------------------------------------------------------- */

int pdx_read__month(const char *s, size_t n) {
    static const char *const months[] = {"january", "february", "march",     "april",
                                         "may",     "june",     "july",      "august",
                                         "september", "october", "november", "december"};
    while (n && (is_space(*s) || *s == '{')) {
        s++;
        n--;
    }
    while (n && (is_space(s[n - 1]) || s[n - 1] == '.' || s[n - 1] == '}'))
        n--;
    if (n && n <= 2 && isdigit((unsigned char)s[0]) && (n == 1 || isdigit((unsigned char)s[1]))) {
        int m = atoi(s);
        return m >= 1 && m <= 12 ? m : 0;
    }
    if (n < 3)
        return 0;
    for (int m = 0; m < 12; m++) {
        size_t l = strlen(months[m]);
        if (n <= l) {
            bool ok = true;
            for (size_t i = 0; i < n && ok; i++)
                ok = tolower((unsigned char)s[i]) == months[m][i];
            if (ok)
                return m + 1;
        }
    }
    return 0;
}

static int days_in(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

static void digits(char *out, int v, int width) {
    for (int i = width - 1; i >= 0; i--, v /= 10)
        out[i] = (char)('0' + v % 10);
}

static size_t write_date(char out[11], int y, int m, int d) {
    size_t len = 4;
    if (y < 1000 || y > 2999)
        return 0;
    digits(out, y, 4);
    if (m >= 1 && m <= 12) {
        out[4] = '-';
        digits(out + 5, m, 2);
        len = 7;
        if (d >= 1 && d <= days_in(y, m)) {
            out[7] = '-';
            digits(out + 8, d, 2);
            len = 10;
        }
    }
    out[len] = '\0';
    return len;
}

size_t pdx_read__date(char out[11], const char *s, size_t n) {
    out[0] = '\0';
    while (n && (is_space(*s) || *s == '{')) {
        s++;
        n--;
    }
    /* ISO: YYYY, YYYY-MM, YYYY-MM-DD (anything after is a time or range) */
    if (n >= 4 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
        isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
        (n == 4 || !isdigit((unsigned char)s[4]))) {
        int y = atoi(s), m = 0, d = 0;
        if (n >= 7 && (s[4] == '-' || s[4] == '/') && isdigit((unsigned char)s[5]) &&
            isdigit((unsigned char)s[6]) && (n == 7 || !isdigit((unsigned char)s[7]))) {
            m = (s[5] - '0') * 10 + (s[6] - '0');
            if (n >= 10 && s[7] == s[4] && isdigit((unsigned char)s[8]) &&
                isdigit((unsigned char)s[9]) && (n == 10 || !isdigit((unsigned char)s[10])))
                d = (s[8] - '0') * 10 + (s[9] - '0');
            return write_date(out, y, m, d);
        }
        if (n == 4 || !isalpha((unsigned char)s[4]))
            return write_date(out, y, 0, 0);
    }
    /* Words: "Mon, 2 Apr 2007 19:18:42 GMT", "April 2, 2007", "Apr 2007" */
    int y = 0, m = 0, d = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && !isalnum((unsigned char)s[i]))
            i++;
        size_t a = i;
        if (i < n && isdigit((unsigned char)s[i])) {
            while (i < n && isdigit((unsigned char)s[i]))
                i++;
            if (i < n && s[i] == ':') { /* a time: skip it */
                while (i < n && (isdigit((unsigned char)s[i]) || s[i] == ':'))
                    i++;
                continue;
            }
            size_t len = i - a;
            int v = len <= 4 ? atoi(s + a) : -1;
            if (len == 4 && !y && v >= 1000)
                y = v;
            else if (len <= 2 && !d && v >= 1 && v <= 31)
                d = v;
        } else {
            while (i < n && isalpha((unsigned char)s[i]))
                i++;
            if (!m)
                m = pdx_read__month(s + a, i - a);
        }
    }
    if (!y)
        return 0;
    return write_date(out, y, m, m ? d : 0);
}

/* ---- --field-map -------------------------------------------------------- */

static const char *const field_names[PDX_FIELD_COUNT] = {
    "title", "abstract", "authors", "year", "date", "id", "doi", "arxiv", "venue", "category",
};

const char *pdx_field__name(pdx_field f) {
    return (unsigned)f < PDX_FIELD_COUNT ? field_names[f] : NULL;
}

static char *msg(const char *fmt, const char *a, size_t an) {
    pdx_status st = PDX_OK;
    pdx_buf b = PDX_BUF_INIT;
    pdx_buf__printf(&st, &b, fmt, (int)an, a);
    if (st) {
        pdx_buf__free(&b);
        return NULL;
    }
    return pdx_buf__detach(&b);
}

pdx_status pdx_fieldmap__parse(pdx_fieldmap *out, const char *spec, char **errmsg) {
    memset(out, 0, sizeof *out);
    *errmsg = NULL;
    const char *s = spec;
    while (*s) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        slice item = first_word(s, len);
        item.n = len - (size_t)(item.s - s);
        while (item.n && is_space(item.s[item.n - 1]))
            item.n--;
        if (item.n) {
            const char *eq = memchr(item.s, '=', item.n);
            if (!eq) {
                *errmsg = msg("'%.*s' is not NAME=FIELD", item.s, item.n);
                pdx_fieldmap__free(out);
                return PDX_EINVAL;
            }
            slice name = trim(item.s, (size_t)(eq - item.s));
            slice src = trim(eq + 1, item.n - (size_t)(eq + 1 - item.s));
            size_t f = 0;
            while (f < PDX_FIELD_COUNT && !ieq(name.s, name.n, field_names[f]))
                f++;
            if (f == PDX_FIELD_COUNT || !src.n) {
                *errmsg = msg(f == PDX_FIELD_COUNT
                                  ? "unknown field '%.*s' (title, abstract, authors, year, date, "
                                    "id, doi, arxiv, venue, category)"
                                  : "no source field given for '%.*s'",
                              name.s, name.n);
                pdx_fieldmap__free(out);
                return PDX_EINVAL;
            }
            free(out->src[f]);
            if (!(out->src[f] = pdx_strndup(src.s, src.n))) {
                pdx_fieldmap__free(out);
                return PDX_ENOMEM;
            }
        }
        s += len + (e ? 1 : 0);
    }
    return PDX_OK;
}

void pdx_fieldmap__free(pdx_fieldmap *fm) {
    if (!fm)
        return;
    for (size_t i = 0; i < PDX_FIELD_COUNT; i++) {
        free(fm->src[i]);
        fm->src[i] = NULL;
    }
}

const char *pdx_fieldmap__get(const pdx_fieldmap *fm, pdx_field f) {
    return fm && (unsigned)f < PDX_FIELD_COUNT ? fm->src[f] : NULL;
}
