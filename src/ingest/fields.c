/*
 * fields.c — parsing the fields several readers share (fields.h): Latin-1
 * repair, LaTeX-decoded text, author-list strings, DOIs, arXiv ids, dates
 * and the --field-map option.
 */
#include "ingest/fields.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        pdx_status st = pdx_input__line(ctx->in, ctx, line, n);
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

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

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

/* ---- authors ------------------------------------------------------------ */

/* A slice of a string. */
typedef struct slice {
    const char *s;
    size_t n;
} slice;

static slice trim(const char *s, size_t n) {
    while (n && (is_space(*s) || *s == ',' || *s == ';' || *s == ':')) {
        s++;
        n--;
    }
    while (n && (is_space(s[n - 1]) || s[n - 1] == ',' || s[n - 1] == ';' || s[n - 1] == ':'))
        n--;
    slice r = {s, n};
    return r;
}

static bool ieq(const char *s, size_t n, const char *word) {
    size_t k = strlen(word);
    if (n != k)
        return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != word[i])
            return false;
    return true;
}

static bool istarts(const char *s, size_t n, const char *pfx) {
    size_t k = strlen(pfx);
    return n >= k && ieq(s, k, pfx);
}

static bool has_letter(const char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint32_t uc;
        i += (size_t)pdx_text__decode(s + i, n - i, &uc);
        if (pdx_text__is_wordchar(uc) && !(uc >= '0' && uc <= '9'))
            return true;
    }
    return false;
}

/* "et al", "et al.", "et. al.", "others", "etc." */
static bool is_et_al(slice w) {
    char b[16];
    size_t k = 0;
    for (size_t i = 0; i < w.n && k < sizeof b - 1; i++)
        if (w.s[i] != '.' && w.s[i] != ' ')
            b[k++] = (char)tolower((unsigned char)w.s[i]);
    b[k] = '\0';
    return w.n < 16 && (strcmp(b, "etal") == 0 || strcmp(b, "others") == 0 || strcmp(b, "etc") == 0);
}

/* "Jr.", "Sr", "III": a name suffix that a comma split from its name. */
static bool is_suffix(slice w) {
    static const char *const sfx[] = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"};
    for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++)
        if (ieq(w.s, w.n, sfx[i]))
            return true;
    return false;
}

/* True when every letter-bearing word of w is written as initials:
 * "m.", "e.r.", "J. W.", "JB". */
static bool initials_only(slice w) {
    size_t i = 0, words = 0;
    while (i < w.n) {
        while (i < w.n && (is_space(w.s[i]) || w.s[i] == '-'))
            i++;
        size_t a = i, letters = 0;
        bool dot = false, lower = false;
        while (i < w.n && !is_space(w.s[i]) && w.s[i] != '-') {
            uint32_t uc;
            i += (size_t)pdx_text__decode(w.s + i, w.n - i, &uc);
            if (uc == '.')
                dot = true;
            else if (pdx_text__is_wordchar(uc)) {
                letters++;
                lower |= pdx_text__is_lower(uc);
            }
        }
        if (i == a)
            continue;
        words++;
        /* "e.r." (dots), "JB" (capitals), "M" (one letter) */
        if (!(letters && (dot ? letters <= 3 : (!lower && letters <= 3))))
            return false;
    }
    return words > 0;
}

/* Words of w that are not lower-case particles ("van driest" has one). */
static size_t main_words(slice w) {
    size_t i = 0, k = 0;
    while (i < w.n) {
        while (i < w.n && is_space(w.s[i]))
            i++;
        size_t a = i;
        while (i < w.n && !is_space(w.s[i]))
            i++;
        if (i == a)
            continue;
        uint32_t uc;
        pdx_text__decode(w.s + a, i - a, &uc);
        if (!(pdx_text__is_lower(uc) && i < w.n)) /* the last word always counts */
            k++;
    }
    return k;
}

/* "for the STAR Collaboration", "on behalf of the LHCb collaboration":
 * the group is recorded as an affiliation of the paper. */
static bool on_behalf(pdx_status *st, pdx_paper *p, slice g) {
    static const char *const lead[] = {"for the ", "on behalf of the ", "on behalf of ", "for "};
    for (size_t k = 0; k < sizeof lead / sizeof *lead; k++)
        if (istarts(g.s, g.n, lead[k])) {
            size_t l = strlen(lead[k]);
            slice r = trim(g.s + l, g.n - l);
            pdx_paper__add_affiliation(st, p, r.s, r.n);
            return true;
        }
    return false;
}

/* True for reference numbers and marks: "1 and 2", "1,3", "a". */
static bool only_refs(slice g) {
    size_t letters = 0;
    for (size_t i = 0; i < g.n; i++)
        letters += isalpha((unsigned char)g.s[i]) != 0;
    if (letters < 2)
        return true;
    size_t i = 0;
    while (i < g.n) {
        if (isdigit((unsigned char)g.s[i]) || g.s[i] == ',' || g.s[i] == ' ')
            i++;
        else if (i + 3 <= g.n && memcmp(g.s + i, "and", 3) == 0)
            i += 3;
        else
            return false;
    }
    return true;
}

/* Adds the affiliations of a parenthesised group that follows a name:
 *   "1 and 2", "1,2"                          reference numbers: nothing
 *   "Serpukhov, IHEP"                         one affiliation
 *   "for the STAR Collaboration"              "STAR Collaboration"
 *   "(1) CREST, Japan, (2) RRC Kurchatov"     "CREST, Japan", "RRC Kurchatov"
 *   "1 Univ. of Bologna, 2 INAF"              "Univ. of Bologna", "INAF" */
static void add_group(pdx_status *st, pdx_paper *p, const char *s, size_t n) {
    slice g = trim(s, n);
    if (!g.n)
        return;
    if (only_refs(g))
        return;
    if (on_behalf(st, p, g))
        return;
    /* Split at numbered markers: "(1)", "(1,2)", or a leading "1 ". */
    size_t start = 0, i = 0;
    bool numbered = false;
    while (i <= g.n) {
        size_t mark_end = 0;
        if (i < g.n && g.s[i] == '(' && i + 1 < g.n && isdigit((unsigned char)g.s[i + 1])) {
            size_t j = i + 1;
            while (j < g.n && (isdigit((unsigned char)g.s[j]) || g.s[j] == ','))
                j++;
            if (j < g.n && g.s[j] == ')')
                mark_end = j + 1;
        } else if (i < g.n && isdigit((unsigned char)g.s[i]) &&
                   (i == 0 || g.s[i - 1] == ' ') &&
                   (i == 0 || numbered || isdigit((unsigned char)g.s[0]))) {
            /* "1 Univ. of Bologna, 2 INAF": a number, a space, a letter */
            size_t j = i;
            while (j < g.n && isdigit((unsigned char)g.s[j]))
                j++;
            size_t before = i;
            while (before > 0 && g.s[before - 1] == ' ')
                before--;
            bool after_sep = before == 0 || g.s[before - 1] == ',' || g.s[before - 1] == ';';
            /* "2 INAF", "2 - INAF" */
            size_t k = j;
            while (k < g.n && (g.s[k] == ' ' || g.s[k] == '-'))
                k++;
            if (after_sep && k > j && g.s[j] == ' ' && k < g.n && isalpha((unsigned char)g.s[k]))
                mark_end = k;
        }
        if (mark_end || i == g.n) {
            slice a = trim(g.s + start, i - start);
            if (a.n && has_letter(a.s, a.n))
                pdx_paper__add_affiliation(st, p, a.s, a.n);
            if (i == g.n)
                break;
            numbered = true;
            start = i = mark_end;
            continue;
        }
        i++;
    }
}

/* Adds one author item (a name, a collaboration, or "et al"). */
static void add_item(pdx_status *st, pdx_read_ctx *ctx, pdx_paper *p, slice w) {
    w = trim(w.s, w.n);
    if (!w.n)
        return;
    /* "B. Aubert et al." */
    static const char *const tails[] = {" et al.", " et al", " et. al.", " and others"};
    for (size_t k = 0; k < sizeof tails / sizeof *tails; k++) {
        size_t l = strlen(tails[k]);
        if (w.n > l && ieq(w.s + w.n - l, l, tails[k])) {
            p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
            w = trim(w.s, w.n - l);
            break;
        }
    }
    if (is_et_al(w)) {
        p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
        return;
    }
    if (!has_letter(w.s, w.n) || on_behalf(st, p, w))
        return;
    /* "The BABAR Collaboration" is listed as "BABAR Collaboration". */
    bool collab = false;
    static const char *const groups[] = {" collaboration", " collaborations", " consortium",
                                         " team", " group"};
    for (size_t k = 0; k < sizeof groups / sizeof *groups; k++) {
        size_t l = strlen(groups[k]);
        collab |= w.n > l && ieq(w.s + w.n - l, l, groups[k]);
    }
    if (collab && istarts(w.s, w.n, "the ")) {
        w.s += 4;
        w.n -= 4;
    }
    pdx_paper__add_author(st, p, w.s, w.n, 0);
    if (!*st && !collab)
        *st = pdx_read__learn_name(ctx, w.s, w.n);
}

/* A surname standing alone: letters, no initials, at most two words
 * besides particles ("chinneck", "van driest"). */
static bool bare_surname(slice w) {
    return has_letter(w.s, w.n) && !memchr(w.s, '.', w.n) && !initials_only(w) &&
           main_words(w) <= 2;
}

/* The top-level parts of s separated by ';', " and " or " & ". */
static size_t split_and(slice s, slice *parts, size_t max) {
    size_t k = 0, a = 0, i = 0;
    while (i <= s.n && k < max) {
        size_t skip = 0;
        if (i == s.n)
            skip = 1;
        else if (s.s[i] == ';')
            skip = 1;
        else if (i > 0 && is_space(s.s[i - 1]) && i + 4 <= s.n && memcmp(s.s + i, "and", 3) == 0 &&
                 is_space(s.s[i + 3]))
            skip = 3;
        else if (i > 0 && is_space(s.s[i - 1]) && i + 2 <= s.n && s.s[i] == '&' && is_space(s.s[i + 1]))
            skip = 1;
        if (skip) {
            slice t = trim(s.s + a, i - a);
            if (t.n)
                parts[k++] = t;
            i += skip;
            a = i;
            continue;
        }
        i++;
    }
    return k;
}

/* The part of a "Surname, Given" item before and after its only comma. */
static bool comma_halves(slice w, slice *before, slice *after) {
    before->s = after->s = w.s;
    before->n = after->n = 0;
    const char *c = memchr(w.s, ',', w.n);
    if (!c || memchr(c + 1, ',', w.n - (size_t)(c + 1 - w.s)))
        return false;
    *before = trim(w.s, (size_t)(c - w.s));
    *after = trim(c + 1, w.n - (size_t)(c + 1 - w.s));
    return before->n && after->n;
}

#define MAX_PARTS 16384 /* names in one list; more mark it truncated */
#define MAX_AUTHOR_TEXT (1u << 20)

void pdx_read__authors(pdx_status *st, pdx_read_ctx *ctx, pdx_paper *p, const char *s, size_t n) {
    if (*st || !s)
        return;
    /* A list longer than any real one (LHCb's 900 names take 30 KB) is
     * cut, at a character boundary. */
    if (n > MAX_AUTHOR_TEXT) {
        n = MAX_AUTHOR_TEXT;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
    }
    /* 1. Take the parenthesised groups out; they are affiliations or
     *    reference numbers.  An unmatched parenthesis is dropped.  The
     *    pairs are matched in one pass with a stack, so that a string of
     *    unmatched "(" costs linear time. */
    uint32_t *close = calloc(n + 1, sizeof *close), *stack = malloc((n + 1) * sizeof *stack);
    size_t depth = 0;
    if (!close || !stack) {
        free(close);
        free(stack);
        *st = PDX_ENOMEM;
        return;
    }
    for (size_t k = 0; k < n; k++) {
        if (s[k] == '(')
            stack[depth++] = (uint32_t)k;
        else if (s[k] == ')' && depth)
            close[stack[--depth]] = (uint32_t)k; /* 0: no match (0 is never a close) */
    }
    free(stack);
    pdx_buf top = PDX_BUF_INIT;
    size_t i = 0;
    while (i < n && !*st) {
        if (s[i] == '(' && close[i]) {
            add_group(st, p, s + i + 1, close[i] - i - 1);
            pdx_buf__addc(st, &top, ' ');
            i = close[i] + 1;
            continue;
        }
        if (s[i] != '(' && s[i] != ')')
            pdx_buf__addc(st, &top, s[i] == '\n' || s[i] == '\t' ? ' ' : s[i]);
        i++;
    }
    free(close);
    slice *parts = NULL, *pieces = NULL;
    if (!*st && top.n && (!(parts = malloc(MAX_PARTS * sizeof *parts)) ||
                          !(pieces = malloc(MAX_PARTS * sizeof *pieces))))
        *st = PDX_ENOMEM;
    if (*st || !top.n) {
        pdx_buf__free(&top);
        free(parts);
        free(pieces);
        return;
    }
    /* 2. Split at "and"; then decide whether commas separate names or
     *    surnames from given names ("Smith, J. and Doe, K."). */
    slice all = {top.p, top.n};
    size_t k = split_and(all, parts, MAX_PARTS);
    if (k == MAX_PARTS)
        p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
    bool surname_first = k > 0;
    for (size_t j = 0; j < k && surname_first; j++) {
        slice before, after;
        /* "Smith, J." and "van Driest, Edward" are; "A.B.Kaidalov,
         * M.I.Vysotsky" and "Ileana Streinu, Louis Theran" are not */
        surname_first = comma_halves(parts[j], &before, &after) && !is_suffix(after) &&
                        bare_surname(before) && (initials_only(after) || main_words(before) == 1);
    }
    /* 3. Each name. */
    pdx_buf name = PDX_BUF_INIT;
    slice prev = {NULL, 0};
    for (size_t j = 0; j < k && !*st; j++) {
        if (surname_first) {
            slice before, after;
            comma_halves(parts[j], &before, &after);
            pdx_buf__clear(&name);
            pdx_buf__add(st, &name, after.s, after.n);
            pdx_buf__addc(st, &name, ' ');
            pdx_buf__add(st, &name, before.s, before.n);
            slice w = {pdx_buf__str(&name), name.n};
            add_item(st, ctx, p, w);
            continue;
        }
        /* "A, B, C" (and "LHCb collaboration: A, B"): commas and colons
         * separate names; a lone "Jr." belongs to the name before it, and
         * initials after a bare surname are its given names
         * ("holder,d.w., north,r.j. and chinneck,a."). */
        size_t np = 0, a = 0;
        const char *ps = parts[j].s;
        size_t pn = parts[j].n;
        for (size_t q = 0; q <= pn && np < MAX_PARTS; q++) {
            if (q < pn && ps[q] != ',' && ps[q] != ':')
                continue;
            slice w = trim(ps + a, q - a);
            a = q + 1;
            if (w.n)
                pieces[np++] = w;
        }
        if (np == MAX_PARTS)
            p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
        for (size_t q = 0; q < np && !*st; q++) {
            slice w = pieces[q];
            if (is_suffix(w) && prev.s && p->authors.n) {
                /* Rebuild the previous author with its suffix. */
                pdx_buf__clear(&name);
                pdx_buf__add(st, &name, prev.s, prev.n);
                pdx_buf__addc(st, &name, ' ');
                pdx_buf__add(st, &name, w.s, w.n);
                if (!*st) {
                    p->authors.n--;
                    pdx_paper__add_author(st, p, name.p, name.n, 0);
                }
                prev.s = NULL;
                continue;
            }
            if (q + 1 < np && bare_surname(w) && initials_only(pieces[q + 1]) &&
                !is_suffix(pieces[q + 1])) {
                pdx_buf__clear(&name);
                pdx_buf__add(st, &name, pieces[q + 1].s, pieces[q + 1].n);
                pdx_buf__addc(st, &name, ' ');
                pdx_buf__add(st, &name, w.s, w.n);
                slice joined = {pdx_buf__str(&name), name.n};
                if (!*st)
                    add_item(st, ctx, p, joined);
                prev.s = NULL;
                q++;
                continue;
            }
            size_t before = p->authors.n;
            add_item(st, ctx, p, w);
            prev = p->authors.n > before ? w : (slice){NULL, 0};
        }
    }
    pdx_buf__free(&name);
    pdx_buf__free(&top);
    free(parts);
    free(pieces);
}

void pdx_read__author_parts(pdx_status *st, pdx_read_ctx *ctx, pdx_paper *p, const char *first,
                            const char *von, const char *last, const char *jr) {
    if (*st)
        return;
    pdx_buf raw = PDX_BUF_INIT, dec = PDX_BUF_INIT;
    const char *parts[4] = {first, von, last, jr};
    for (size_t i = 0; i < 4; i++) {
        if (!parts[i] || !*parts[i])
            continue;
        if (raw.n)
            pdx_buf__addc(st, &raw, ' ');
        pdx_buf__adds(st, &raw, parts[i]);
    }
    if (!*st && raw.n) {
        pdx_read__tex(st, &dec, raw.p, raw.n);
        slice w = {pdx_buf__str(&dec), dec.n};
        if (!*st)
            add_item(st, ctx, p, w);
    }
    pdx_buf__free(&raw);
    pdx_buf__free(&dec);
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
