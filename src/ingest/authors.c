/*
 * authors.c — author-list strings as readers find them ("Smith, J. and
 * Doe, K.", "A. Author (1), B. Author (1,2) ((1) Univ. X, (2) Lab Y)",
 * "LHCb collaboration: R. Aaij, ... et al."), into the record's authors
 * and affiliations (fields.h: pdx_read__authors, pdx_read__author_parts).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/fields.h"
#include "ingest/fields_str.h"
#include "text/text.h"

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

size_t pdx_read__et_al(pdx_paper *p, const char *s, size_t n) {
    slice w = trim(s, n);
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
    if (w.n && is_et_al(w)) {
        p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
        w.n = 0;
    }
    return w.n ? (size_t)(w.s - s) + w.n : 0;
}

/* Adds one author item (a name, a collaboration, or "et al"). */
static void add_item(pdx_status *st, pdx_read_ctx *ctx, pdx_paper *p, slice w) {
    w.n = pdx_read__et_al(p, w.s, w.n);
    w = trim(w.s, w.n);
    if (!w.n)
        return;
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

/* 1. The text of s[0..n) without its parenthesised groups, each of which
 *    is given to add_group (affiliations or reference numbers) and left
 *    as a space; an unmatched parenthesis is dropped.  The pairs are
 *    matched in one pass with a stack, so that a string of unmatched "("
 *    costs linear time. */
static void take_groups(pdx_status *st, pdx_buf *out, pdx_paper *p, const char *s, size_t n) {
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
    size_t i = 0;
    while (i < n && !*st) {
        if (s[i] == '(' && close[i]) {
            add_group(st, p, s + i + 1, close[i] - i - 1);
            pdx_buf__addc(st, out, ' ');
            i = close[i] + 1;
            continue;
        }
        if (s[i] != '(' && s[i] != ')')
            pdx_buf__addc(st, out, s[i] == '\n' || s[i] == '\t' ? ' ' : s[i]);
        i++;
    }
    free(close);
}

/* 2. Whether every part is "Surname, Given": "Smith, J." and "van
 *    Driest, Edward" are; "A.B.Kaidalov, M.I.Vysotsky" and "Ileana
 *    Streinu, Louis Theran" are not. */
static bool surname_first(const slice *parts, size_t k) {
    bool yes = k > 0;
    for (size_t j = 0; j < k && yes; j++) {
        slice before, after;
        yes = comma_halves(parts[j], &before, &after) && !is_suffix(after) &&
              bare_surname(before) && (initials_only(after) || main_words(before) == 1);
    }
    return yes;
}

/* Adds "a b" (two slices joined by a space, in `name`) as an item. */
static void add_joined(pdx_status *st, pdx_read_ctx *ctx, pdx_paper *p, pdx_buf *name, slice a,
                       slice b) {
    pdx_buf__clear(name);
    pdx_buf__add(st, name, a.s, a.n);
    pdx_buf__addc(st, name, ' ');
    pdx_buf__add(st, name, b.s, b.n);
    slice w = {pdx_buf__str(name), name->n};
    if (!*st)
        add_item(st, ctx, p, w);
}

/* 3. The names of one part that commas and colons separate ("A, B, C",
 *    "LHCb collaboration: A, B"): a lone "Jr." belongs to the name before
 *    it, and initials after a bare surname are its given names
 *    ("holder,d.w., north,r.j. and chinneck,a.").  `pieces` is room for
 *    MAX_PARTS slices, `name` scratch space; *prev is the last name added
 *    (NULL .s: none a suffix may join), kept from one part to the next. */
static void add_listed(pdx_status *st, pdx_read_ctx *ctx, pdx_paper *p, slice part, slice *pieces,
                       pdx_buf *name, slice *prev) {
    size_t np = 0, a = 0;
    for (size_t q = 0; q <= part.n && np < MAX_PARTS; q++) {
        if (q < part.n && part.s[q] != ',' && part.s[q] != ':')
            continue;
        slice w = trim(part.s + a, q - a);
        a = q + 1;
        if (w.n)
            pieces[np++] = w;
    }
    if (np == MAX_PARTS)
        p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
    for (size_t q = 0; q < np && !*st; q++) {
        slice w = pieces[q];
        if (is_suffix(w) && prev->s && p->authors.n) {
            /* Rebuild the previous author with its suffix. */
            pdx_buf__clear(name);
            pdx_buf__add(st, name, prev->s, prev->n);
            pdx_buf__addc(st, name, ' ');
            pdx_buf__add(st, name, w.s, w.n);
            if (!*st) {
                p->authors.n--;
                pdx_paper__add_author(st, p, name->p, name->n, 0);
            }
            prev->s = NULL;
            continue;
        }
        if (q + 1 < np && bare_surname(w) && initials_only(pieces[q + 1]) &&
            !is_suffix(pieces[q + 1])) {
            add_joined(st, ctx, p, name, pieces[q + 1], w);
            prev->s = NULL;
            q++;
            continue;
        }
        size_t before = p->authors.n;
        add_item(st, ctx, p, w);
        *prev = p->authors.n > before ? w : (slice){NULL, 0};
    }
}

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
    pdx_buf top = PDX_BUF_INIT, name = PDX_BUF_INIT;
    take_groups(st, &top, p, s, n);
    slice *parts = NULL, *pieces = NULL;
    if (!*st && top.n && (!(parts = malloc(MAX_PARTS * sizeof *parts)) ||
                          !(pieces = malloc(MAX_PARTS * sizeof *pieces))))
        *st = PDX_ENOMEM;
    /* 2. Split at "and"; then decide whether commas separate names or
     *    surnames from given names ("Smith, J. and Doe, K."). */
    size_t k = 0;
    if (!*st && top.n) {
        k = split_and((slice){top.p, top.n}, parts, MAX_PARTS);
        if (k == MAX_PARTS)
            p->flags |= PDX_PAPER_AUTHORS_TRUNCATED;
    }
    bool swap = surname_first(parts, k);
    /* 3. Each name. */
    slice prev = {NULL, 0};
    for (size_t j = 0; j < k && !*st; j++) {
        slice before, after;
        if (swap && comma_halves(parts[j], &before, &after))
            add_joined(st, ctx, p, &name, after, before);
        else
            add_listed(st, ctx, p, parts[j], pieces, &name, &prev);
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
