/*
 * shape.c — word and line shapes of copied web pages (see shape.h).
 *
 * The word shapes and the name score started in the listing reader, where
 * they find the boundary of a title glued to its first author; the profile
 * reader uses the same score to tell author lines from titles, and every
 * page reader's sniffer classifies lines with pdx_shape__classify().
 */
#include "ingest/shape.h"

#include <stdio.h>
#include <string.h>

#include "ingest/page.h"
#include "ingest/pagetext.h"
#include "text/text.h"

/* ---- dates ------------------------------------------------------------ */

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const month_names[] = {"January", "February", "March",     "April",
                                          "May",     "June",     "July",      "August",
                                          "September", "October", "November", "December"};

/* The month named at s[0..n) ("Oct", "Sept.", "October"); sets *used to
 * the bytes it took.  0 when none. */
static int month_at(const char *s, size_t n, size_t *used) {
    for (int m = 0; m < 12; m++) {
        size_t fl = strlen(month_names[m]);
        if (n >= fl && memcmp(s, month_names[m], fl) == 0) {
            *used = fl;
            return m + 1;
        }
        if (n >= 3 && memcmp(s, months[m], 3) == 0) {
            size_t i = 3;
            if (m == 8 && i < n && s[i] == 't') /* Sept */
                i++;
            if (i < n && s[i] == '.')
                i++;
            *used = i;
            return m + 1;
        }
    }
    return 0;
}

static size_t digits(const char *s, size_t n, size_t max, int *value) {
    size_t i = 0;
    *value = 0;
    while (i < n && i < max && s[i] >= '0' && s[i] <= '9')
        *value = *value * 10 + (s[i++] - '0');
    return i;
}

/* Parses "Oct 2, 2019", "Sept 2, 2019", "October 2, 2019" or "Jan 27"
 * at s[0..n), optionally followed by "Code".  Fills an ISO date into
 * `date` ("2019-10-02" or "--01-27"). */
static bool parse_month_day(const char *s, size_t n, char date[16], bool *code) {
    size_t i = 0;
    int month = month_at(s, n, &i);
    if (!month || i >= n || s[i] != ' ')
        return false;
    i++;
    int day = 0;
    size_t dd = digits(s + i, n - i, 2, &day);
    i += dd;
    if (!dd || day < 1 || day > 31)
        return false;
    int year = 0;
    if (i + 1 < n && s[i] == ',' && s[i + 1] == ' ') {
        size_t yd = digits(s + i + 2, n - i - 2, 4, &year);
        if (yd != 4)
            return false;
        i += 2 + yd;
    }
    *code = false;
    while (i < n && s[i] == ' ')
        i++;
    if (n - i >= 4 && memcmp(s + i, "Code", 4) == 0) {
        *code = true;
        i += 4;
    }
    while (i < n && s[i] == ' ')
        i++;
    if (i != n)
        return false;
    if (year)
        snprintf(date, 16, "%04u-%02u-%02u", (unsigned)year % 10000u, (unsigned)month % 100u,
                 (unsigned)day % 100u);
    else
        snprintf(date, 16, "--%02u-%02u", (unsigned)month % 100u, (unsigned)day % 100u);
    return true;
}

bool pdx_shape__listing_date(const char *s, size_t n, size_t *cat_len, char date[16], bool *code) {
    if (n < 5 || n > 64)
        return false;
    for (size_t i = 0; i < n && i <= 24; i++) {
        char c = s[i];
        if (i > 0 && c >= 'A' && c <= 'Z' && parse_month_day(s + i, n - i, date, code)) {
            *cat_len = i;
            return true;
        }
        if (i == 0 && parse_month_day(s, n, date, code)) {
            *cat_len = 0;
            return true;
        }
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '-'))
            return false;
    }
    return false;
}

/* s[0..n) without surrounding blanks. */
static void trim(const char **s, size_t *n) {
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

bool pdx_shape__date_line(const char *s, size_t n, char date[16]) {
    trim(&s, &n);
    int y = 0, m = 0, d = 0;
    /* ISO: 2018-07-03, 2018-07 */
    if ((n == 10 || n == 7) && digits(s, n, 4, &y) == 4 && s[4] == '-' &&
        digits(s + 5, n - 5, 2, &m) == 2 && m >= 1 && m <= 12) {
        if (n == 7) {
            snprintf(date, 16, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
            return true;
        }
        if (s[7] == '-' && digits(s + 8, 2, 2, &d) == 2 && d >= 1 && d <= 31) {
            snprintf(date, 16, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
                     (unsigned)d % 100u);
            return true;
        }
        return false;
    }
    /* "July 3, 2018", "Jul 3, 2018", "Jan 27" */
    bool code = false;
    if (parse_month_day(s, n, date, &code))
        return !code;
    /* "July 2018", "Jul. 2018" */
    size_t used = 0;
    m = month_at(s, n, &used);
    if (m && used + 5 == n && s[used] == ' ' && digits(s + used + 1, 4, 4, &y) == 4) {
        snprintf(date, 16, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
        return true;
    }
    /* "3 July 2018" */
    size_t i = digits(s, n, 2, &d);
    if (i && d >= 1 && d <= 31 && i < n && s[i] == ' ') {
        size_t used = 0;
        i++;
        m = month_at(s + i, n - i, &used);
        i += used;
        if (m && i + 5 == n && s[i] == ' ' && digits(s + i + 1, 4, 4, &y) == 4) {
            snprintf(date, 16, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
                     (unsigned)d % 100u);
            return true;
        }
    }
    return false;
}

int pdx_shape__year_line(const char *s, size_t n) {
    trim(&s, &n);
    int y = 0;
    if (n == 4 && digits(s, 4, 4, &y) == 4 && y >= 1900 && y <= 2099)
        return y;
    return 0;
}

/* ---- words -------------------------------------------------------------- */

typedef struct ustr {
    uint32_t c[64];
    size_t n;
} ustr;

static void decode_word(const char *s, size_t n, ustr *u) {
    u->n = 0;
    size_t i = 0;
    while (i < n && u->n < 64) {
        i += (size_t)pdx_text__decode(s + i, n - i, &u->c[u->n]);
        u->n++;
    }
}

static bool upper(uint32_t c) { return pdx_text__is_upper(c); }
static bool lower(uint32_t c) { return pdx_text__is_lower(c) || (c >= 0x300 && c < 0x370); }

/* One hyphen-part of a name: Capitalised, or all lower after a hyphen
 * ("Shek-kam"). */
static bool name_part(const uint32_t *c, size_t n, bool allow_lower) {
    if (!n)
        return false;
    size_t i = 0;
    if (upper(c[0]))
        i = 1;
    else if (!allow_lower)
        return false;
    for (; i < n; i++) {
        if (lower(c[i]))
            continue;
        /* O'Keefe, D'Amour, Th'eo: an apostrophe inside */
        if (pdx_text__is_apostrophe(c[i]) && i + 1 < n && i > 0)
            continue;
        if (i > 0 && pdx_text__is_apostrophe(c[i - 1]) && upper(c[i]))
            continue;
        return false;
    }
    return true;
}

pdx_word_shape pdx_shape__word(const char *s, size_t n) {
    static const char *const prefixes[] = {"Mac", "Mc", "De", "Di", "Da", "La", "Le", "Van", "Von",
                                           "Du", "Fitz"};
    ustr u;
    decode_word(s, n, &u);
    if (!u.n)
        return PDX_WS_OTHER;
    /* initials: "T.", "T", "T.Q." */
    if (upper(u.c[0])) {
        bool ok = true;
        size_t letters = 0;
        for (size_t i = 0; i < u.n && ok; i++) {
            if (upper(u.c[i]))
                letters++;
            else if (u.c[i] == '-' && i > 0 && (u.c[i - 1] == '.' || upper(u.c[i - 1])) && i + 1 < u.n &&
                     upper(u.c[i + 1]))
                continue; /* "J.-C.", "K-C." */
            else if (u.c[i] != '.')
                ok = false;
        }
        if (ok && letters == 1)
            return PDX_WS_INITIAL;
        if (ok && letters <= 3 && u.c[u.n - 1] == '.')
            return PDX_WS_INITIAL;
        if (ok && letters <= 3)
            return PDX_WS_CAPS;
        /* transliterated two-letter initials: "Ya.", "Yu.", "Ch.", "Th." */
        if (u.n == 3 && lower(u.c[1]) && u.c[2] == '.')
            return PDX_WS_INITIAL;
    }
    /* hyphenated names: every part name-like, the last maybe an initial
     * ("Ulf-G.") */
    bool all_parts = true;
    size_t a = 0;
    for (size_t i = 0; i <= u.n && all_parts; i++) {
        if (i == u.n || pdx_text__is_dash(u.c[i])) {
            all_parts = name_part(u.c + a, i - a, a > 0) ||
                        (a > 0 && i == u.n && i - a == 2 && upper(u.c[a]) && u.c[a + 1] == '.');
            a = i + 1;
        }
    }
    if (all_parts)
        return PDX_WS_NAME;
    for (size_t k = 0; k < sizeof prefixes / sizeof *prefixes; k++) {
        size_t pl = strlen(prefixes[k]);
        if (n > pl + 1 && memcmp(s, prefixes[k], pl) == 0 && name_part(u.c + pl, u.n - pl, false))
            return PDX_WS_PREFIXED;
        /* "McClure-Griffiths": the prefixed part, then name parts */
        size_t d = pl;
        while (d < u.n && !pdx_text__is_dash(u.c[d]))
            d++;
        if (d < u.n && n > pl + 1 && memcmp(s, prefixes[k], pl) == 0 && name_part(u.c + pl, d - pl, false) &&
            name_part(u.c + d + 1, u.n - d - 1, false))
            return PDX_WS_PREFIXED;
    }
    /* an elided particle: "d'Ambrumenil", "dell'Orso", "l'Huillier" */
    for (size_t k = 1; k <= 4 && k + 2 < u.n; k++) {
        if (!lower(u.c[k - 1]))
            break;
        if (pdx_text__is_apostrophe(u.c[k]) && name_part(u.c + k + 1, u.n - k - 1, false))
            return PDX_WS_PREFIXED;
    }
    /* Irish "hEigeartaigh", "nGael": one or two lower letters, then a name */
    if (u.n > 3 && lower(u.c[0]) && (upper(u.c[1]) || (lower(u.c[1]) && upper(u.c[2])))) {
        size_t k = upper(u.c[1]) ? 1 : 2;
        if (name_part(u.c + k, u.n - k, false))
            return PDX_WS_PREFIXED;
    }
    bool any_lower = false, any_other = false;
    for (size_t i = 0; i < u.n; i++) {
        if (lower(u.c[i]))
            any_lower = true;
        else if (!upper(u.c[i]) && !pdx_text__is_dash(u.c[i]) && !pdx_text__is_apostrophe(u.c[i]))
            any_other = true;
    }
    if (any_other)
        return PDX_WS_OTHER;
    if (!upper(u.c[0])) {
        pdx_buf k = PDX_BUF_INIT;
        pdx_status st = PDX_OK;
        pdx_text__key(&st, &k, s, n);
        /* name particles (the table of src/text/names.c) */
        static const char *const parts[] = {"de", "van", "von", "der", "den", "da", "di", "le",
                                            "la", "du", "dos", "das", "del", "bin", "ibn", "al",
                                            "ter", "ten", "zu", "y", "e"};
        bool particle = false;
        for (size_t i = 0; i < sizeof parts / sizeof *parts && !st; i++)
            particle |= strcmp(pdx_buf__str(&k), parts[i]) == 0;
        pdx_buf__free(&k);
        return particle ? PDX_WS_PARTICLE : PDX_WS_LOWER;
    }
    return any_lower ? PDX_WS_CAMEL : PDX_WS_CAPS;
}

typedef struct words {
    const char *s[16];
    size_t n[16];
    size_t count;
} words;

static void split_spaces(const char *s, size_t n, words *w) {
    w->count = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        size_t a = i;
        while (i < n && s[i] != ' ' && s[i] != '\t')
            i++;
        if (i > a) {
            if (w->count == 16) {
                w->count = 17; /* too many to be a name */
                return;
            }
            w->s[w->count] = s + a;
            w->n[w->count] = i - a;
            w->count++;
        }
    }
}

size_t pdx_shape__words(const char *s, size_t n) {
    size_t count = 0, i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i < n)
            count++;
        while (i < n && s[i] != ' ' && s[i] != '\t')
            i++;
    }
    return count;
}

static size_t known(const pdx_map *m, const char *s, size_t n) {
    if (!m || !m->used)
        return 0;
    pdx_buf k = PDX_BUF_INIT;
    pdx_status st = PDX_OK;
    pdx_text__key(&st, &k, s, n);
    size_t c = 0;
    if (!st && k.n)
        pdx_map__get(m, k.p, k.n, &c);
    pdx_buf__free(&k);
    return c;
}

/* The words of a name, initials run together split apart: "R.B.Palmer"
 * is "R." "B." "Palmer", "Yu.S.Kalashnikova" "Yu." "S." "Kalashnikova"
 * (arXiv author lists write them so). */
static void split_name(const char *s, size_t n, words *w) {
    split_spaces(s, n, w);
    if (w->count > 16)
        return;
    words out = {{0}, {0}, 0};
    for (size_t k = 0; k < w->count; k++) {
        const char *p = w->s[k];
        size_t len = w->n[k], a = 0;
        for (size_t i = 1; i + 1 < len; i++)
            if (p[i] == '.' && p[a] >= 'A' && p[a] <= 'Z' && i - a <= 2 &&
                ((p[i + 1] >= 'A' && p[i + 1] <= 'Z') ||
                 /* "N.d'Ambrumenil": an initial glued to an elided particle */
                 (i + 3 < len && p[i + 1] >= 'a' && p[i + 1] <= 'z' && p[i + 2] == '\''))) {
                if (out.count == 16) {
                    w->count = 17;
                    return;
                }
                out.s[out.count] = p + a;
                out.n[out.count++] = i + 1 - a;
                a = i + 1;
            }
        if (out.count == 16) {
            w->count = 17;
            return;
        }
        out.s[out.count] = p + a;
        out.n[out.count++] = len - a;
    }
    *w = out;
}

double pdx_shape__name_score(const char *s, size_t n, const pdx_ingest_knowledge *know) {
    words w;
    split_name(s, n, &w);
    if (w.count == 0 || w.count > 6)
        return -10;
    double score = 0;
    if (w.count == 1)
        score -= 4;
    for (size_t i = 0; i < w.count; i++) {
        pdx_word_shape sh = pdx_shape__word(w.s[i], w.n[i]);
        bool last = i + 1 == w.count;
        switch (sh) {
        case PDX_WS_NAME: score += 1; break;
        case PDX_WS_INITIAL:
            /* "A." rather than "LTA.": run-together capitals before a
             * period are more often the end of an acronym glued to an
             * initial ("…at the VLTA. Tokovinin") than two initials */
            score += last ? -2 : w.n[i] > 2 && !memchr(w.s[i], '.', w.n[i] - 1) ? 0.5 : 1;
            break;
        case PDX_WS_CAPS: score += last ? -1 : 0.5; break;
        case PDX_WS_PREFIXED: score += last ? 0.5 : -1; break;
        case PDX_WS_PARTICLE: score += (i == 0 || last) ? -3 : 0; break;
        case PDX_WS_LOWER: score -= 3; break;
        case PDX_WS_CAMEL: score -= 4; break;
        case PDX_WS_OTHER: score -= 6; break;
        }
    }
    if (know) {
        if (known(&know->given, w.s[0], w.n[0]))
            score += 2;
        if (w.count > 1 && known(&know->surname, w.s[w.count - 1], w.n[w.count - 1]))
            score += 2;
    }
    return score;
}

/* Words that name organisations, not people ("Loom Institute",
 * "Stanford University", "Google Research"). */
static bool org_word(const char *s, size_t n) {
    static const char *const org_words[] = {
        "University", "Institute", "Laboratory", "Laboratories", "Lab", "Labs", "College",
        "School", "Department", "Center", "Centre", "Research", "Group", "Foundation",
        "Academy", "Inc.", "Inc", "Ltd.", "Corporation", "Company", "Hospital", "Society",
        "Association", "Council", "Agency", "Ministry", "Museum", "Library", "Université",
        "Universität", "Universidad", "Università", NULL};
    while (n && (s[n - 1] == ',' || s[n - 1] == ')'))
        n--;
    for (size_t k = 0; org_words[k]; k++)
        if (strlen(org_words[k]) == n && memcmp(org_words[k], s, n) == 0)
            return true;
    return false;
}

bool pdx_shape__org_line(const char *s, size_t n) {
    words w;
    split_spaces(s, n, &w);
    if (w.count < 1 || w.count > 8)
        return false;
    bool org = false;
    for (size_t i = 0; i < w.count; i++) {
        pdx_word_shape sh = pdx_shape__word(w.s[i], w.n[i]);
        org |= org_word(w.s[i], w.n[i]);
        if (sh == PDX_WS_OTHER && !org_word(w.s[i], w.n[i]))
            return false;
        if (sh == PDX_WS_LOWER && !(w.n[i] <= 3 && i > 0)) /* "of", "for", "and" */
            return false;
    }
    return org;
}

/* "Jr.", "Sr.", "II", "III", "IV" after a name. */
static bool name_suffix(const char *s, size_t n) {
    static const char *const suffixes[] = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "SJ", "S.J.", NULL};
    for (size_t i = 0; suffixes[i]; i++)
        if (strlen(suffixes[i]) == n && memcmp(s, suffixes[i], n) == 0)
            return true;
    return false;
}

/* A given name or surname written as two capitalised parts, on a line of
 * its own: "HongSheng", "YoungJu", "BenZvi" (glued names such as
 * "CarloJack" are as camel-cased, but on a line of names they are rare,
 * while on a title line they are the glue; see listing.c). */
static bool two_part_name(const char *s, size_t n) {
    ustr u;
    decode_word(s, n, &u);
    size_t caps = 0;
    for (size_t i = 0; i < u.n; i++) {
        if (upper(u.c[i])) {
            if (i + 1 >= u.n || !lower(u.c[i + 1]))
                return false; /* each part: a capital, then lower case */
            caps++;
        } else if (!lower(u.c[i])) {
            return false;
        }
    }
    return caps == 2 && upper(u.c[0]);
}

bool pdx_shape__name_line(const char *s, size_t n, const pdx_ingest_knowledge *know) {
    words w;
    split_name(s, n, &w);
    /* "Martin Luther King Jr.", "Ana Ruiz, Jr.": the suffix is no part */
    if (w.count > 2 && w.count <= 16 && name_suffix(w.s[w.count - 1], w.n[w.count - 1])) {
        w.count--;
        n = (size_t)(w.s[w.count - 1] + w.n[w.count - 1] - s);
        if (n && s[n - 1] == ',')
            n--;
        w.n[w.count - 1] = (size_t)(s + n - w.s[w.count - 1]);
    }
    if (w.count < 2 || w.count > 6)
        return false;
    double bonus = 0;
    for (size_t i = 0; i < w.count; i++) {
        pdx_word_shape sh = pdx_shape__word(w.s[i], w.n[i]);
        if (sh == PDX_WS_CAMEL && two_part_name(w.s[i], w.n[i])) {
            bonus += 5; /* scored -4 as a camel word, +1 as a name */
            continue;
        }
        if (sh == PDX_WS_LOWER || sh == PDX_WS_CAMEL || sh == PDX_WS_OTHER ||
            org_word(w.s[i], w.n[i]))
            return false;
    }
    /* a surname in capitals after initials: "S.K. OH", "J. LEE" (scored
     * as an acronym ending a title, which a line of its own is not) */
    size_t initials = 0;
    while (initials + 1 < w.count && pdx_shape__word(w.s[initials], w.n[initials]) == PDX_WS_INITIAL &&
           memchr(w.s[initials], '.', w.n[initials]))
        initials++;
    if (initials && initials + 1 == w.count && w.n[initials] >= 2 &&
        pdx_shape__word(w.s[initials], w.n[initials]) == PDX_WS_CAPS)
        bonus += 2;
    return pdx_shape__name_score(s, n, know) + bonus >= 1.5;
}

bool pdx_shape__loose_name(const char *s, size_t n) {
    n = pdx_shape__strip_marks(s, n);
    words w;
    split_name(s, n, &w);
    if (w.count < 2 || w.count > 4)
        return false;
    size_t lower_words = 0, names = 0;
    for (size_t i = 0; i < w.count; i++) {
        pdx_word_shape sh = pdx_shape__word(w.s[i], w.n[i]);
        if (sh == PDX_WS_LOWER) {
            /* the given name or the surname, not a word inside: "bob
             * Smith", "Xiao-Ming xu", but not "Looms in Winter" */
            if ((i != 0 && i + 1 != w.count) || pdx_text__is_stopword(w.s[i], w.n[i]))
                return false;
            for (size_t k = 0; k < w.n[i]; k++)
                if (!((w.s[i][k] >= 'a' && w.s[i][k] <= 'z') || (unsigned char)w.s[i][k] >= 0x80))
                    return false;
            lower_words++;
        } else if (sh == PDX_WS_NAME) {
            names++;
        } else if (sh != PDX_WS_INITIAL && sh != PDX_WS_PREFIXED && sh != PDX_WS_PARTICLE) {
            return false;
        }
        if (org_word(w.s[i], w.n[i]))
            return false;
    }
    return lower_words == 1 && names >= 1;
}

/* ---- lines -------------------------------------------------------------- */

/* ASCII case-insensitive prefix test. */
static bool starts_ci(const char *s, size_t n, const char *pfx) {
    size_t k = strlen(pfx);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++) {
        char a = s[i], b = pfx[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return false;
    }
    return true;
}

static bool contains(const char *s, size_t n, const char *what) {
    size_t k = strlen(what);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, what, k) == 0)
            return true;
    return false;
}

size_t pdx_shape__cut_marker(const char *s, size_t n) {
    /* "…label cor… (see mo": an ellipsis, an optional space, then "(" and
     * any beginning of "see more)"; the page's copy stopped inside the
     * link.  An ellipsis alone is not enough: titles and news end in one. */
    static const char rest[] = "(see more)";
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    size_t k = sizeof rest - 1;
    for (; k >= 1; k--)
        if (n >= k && memcmp(s + n - k, rest, k) == 0)
            break;
    if (k == 0)
        return 0;
    size_t at = n - k;
    size_t sp = at && s[at - 1] == ' ' ? 1 : 0;
    if (at < sp + 3)
        return 0;
    if (memcmp(s + at - sp - 3, "\xE2\x80\xA6", 3) == 0 || memcmp(s + at - sp - 3, "...", 3) == 0)
        return k + sp + 3;
    /* without an ellipsis only the whole link counts: "…weights (see more)" */
    return k == sizeof rest - 1 ? k + sp : 0;
}

bool pdx_shape__has_see_more(const char *s, size_t n) {
    return contains(s, n, "(see more)") || pdx_shape__cut_marker(s, n) > 0;
}

/* Capitalised words that name meetings and periodicals, and their
 * sponsors. */
static const char *const venue_words[] = {"Conference", "Symposium", "Workshop", "Proceedings",
                                          "Journal", "Transactions", "Letters", NULL};
static const char *const sponsor_words[] = {"International", "Annual", "ACM", "IEEE", "AAAI",
                                            "ACL", "SIAM", "USENIX", NULL};

/* True when one of `list` is a whole word of s[0..n). */
static bool has_word(const char *s, size_t n, const char *const *list) {
    for (size_t i = 0; list[i]; i++) {
        size_t k = strlen(list[i]);
        for (size_t j = 0; j + k <= n; j++)
            if (memcmp(s + j, list[i], k) == 0 && (j == 0 || s[j - 1] == ' ') &&
                (j + k == n || s[j + k] == ' ' || s[j + k] == ','))
                return true;
    }
    return false;
}

/* True when s[0..n) holds a four-digit year (19xx or 20xx) as a word. */
static bool has_year(const char *s, size_t n) {
    for (size_t j = 0; j + 4 <= n; j++) {
        int y = 0;
        if ((j == 0 || s[j - 1] == ' ' || s[j - 1] == '\'') && digits(s + j, n - j, 4, &y) == 4 &&
            y >= 1900 && y <= 2099 && (j + 4 == n || !(s[j + 4] >= '0' && s[j + 4] <= '9')))
            return true;
    }
    return false;
}

bool pdx_shape__venue_line(const char *s, size_t n, size_t *venue_len) {
    /* the publication status some sites print after the venue */
    static const char *const status[] = {"(published)", "(accepted)",  "(to appear)",
                                         "(in press)",  "(forthcoming)", "(submitted)",
                                         "(under review)"};
    static const char *const starts[] = {"proceedings of ", "in proceedings of ", "journal of ",
                                         "transactions on ", "arxiv preprint"};
    trim(&s, &n);
    size_t w = pdx_shape__words(s, n);
    if (w == 0 || w > 25 || pdx_shape__has_see_more(s, n))
        return false;
    for (size_t i = 0; i < sizeof status / sizeof *status; i++) {
        size_t k = strlen(status[i]);
        if (n > k + 1 && starts_ci(s + n - k, k, status[i])) {
            size_t v = n - k;
            while (v && s[v - 1] == ' ')
                v--;
            *venue_len = v;
            return v > 0;
        }
    }
    bool venue = false;
    for (size_t i = 0; i < sizeof starts / sizeof *starts; i++)
        venue |= starts_ci(s, n, starts[i]);
    /* "International Conference on Machine Learning 2019", "ACL Workshop
     * on Loom Semantics": a venue word and a year or a sponsor */
    if (!venue && w <= 15 && (has_word(s, n, venue_words) && (has_year(s, n) ||
                                                              has_word(s, n, sponsor_words))))
        venue = true;
    if (!venue)
        return false;
    *venue_len = n;
    while (*venue_len && s[*venue_len - 1] == '.')
        (*venue_len)--;
    return true;
}

/* The year in s[0..4), or 0. */
static int year4(const char *s) {
    int y = 0;
    return digits(s, 4, 4, &y) == 4 && y >= 1900 && y <= 2099 ? y : 0;
}

int pdx_shape__venue_year(const char *s, size_t n, size_t *venue_len) {
    *venue_len = 0;
    const char *tab = memchr(s, '\t', n);
    size_t head = tab ? (size_t)(tab - s) : n;
    int year = 0;
    for (size_t i = head; i < n;) { /* the cells: "⇥152⇥2019" */
        size_t a = i + 1, b = a;
        while (b < n && s[b] != '\t')
            b++;
        const char *c = s + a;
        size_t cn = b - a;
        trim(&c, &cn);
        for (size_t k = 0; k < cn; k++)
            if (!((c[k] >= '0' && c[k] <= '9') || c[k] == ',' || c[k] == '.' || c[k] == '*' ||
                  c[k] == '+'))
                return 0;
        if (cn == 4 && year4(c))
            year = year4(c);
        i = b;
    }
    const char *v = s;
    size_t e = head;
    trim(&v, &e);
    /* links after the venue: "… 2019. [pdf] [code]" */
    while (e && v[e - 1] == ']') {
        size_t k = e - 1;
        while (k && v[k - 1] != '[' && e - k < 12)
            k--;
        if (!k || v[k - 1] != '[')
            break;
        e = k - 1;
        while (e && v[e - 1] == ' ')
            e--;
    }
    while (e && v[e - 1] == '.')
        e--;
    int own = 0;
    size_t vend = e;
    if (e >= 6 && v[e - 6] == ',' && v[e - 5] == ' ' && (own = year4(v + e - 4)))
        vend = e - 6; /* "…, 2019" */
    else if (e >= 7 && v[e - 1] == ')' && v[e - 6] == '(' && (own = year4(v + e - 5)))
        vend = e - 6; /* "… (2019)" */
    if (!tab && !own)
        return 0;
    if (!year)
        year = own;
    if (!year)
        return 0;
    while (vend && v[vend - 1] == ' ')
        vend--;
    *venue_len = vend ? (size_t)(v + vend - s) : 0;
    return year;
}

/* A short label cell: "Title", "Cited by". */
static bool label_cell(const char *c, size_t cn) {
    if (!cn || cn > 32 || !((c[0] | 0x20) >= 'a' && (c[0] | 0x20) <= 'z'))
        return false;
    for (size_t k = 0; k < cn; k++)
        if ((c[k] >= '0' && c[k] <= '9') || strchr(".,:;?!()[]\"", c[k]))
            return false;
    size_t w = pdx_shape__words(c, cn);
    return w >= 1 && w <= 3;
}

bool pdx_shape__column_labels(const char *s, size_t n) {
    size_t cells = 0;
    for (size_t i = 0; i <= n;) {
        size_t b = i;
        while (b < n && s[b] != '\t')
            b++;
        const char *c = s + i;
        size_t cn = b - i;
        trim(&c, &cn);
        if (cn && !label_cell(c, cn))
            return false;
        cells += cn > 0;
        i = b + 1;
    }
    return cells >= 2;
}

bool pdx_shape__heading(const char *s, size_t n) {
    /* Words that head a list of papers on researcher and institute pages. */
    static const char *const headings[] = {
        "publications", "selected publications", "recent publications", "all publications",
        "publication list", "list of publications", "papers", "selected papers",
        "recent papers", "research papers", "articles", "journal articles",
        "conference papers", "preprints", "bibliography",
    };
    trim(&s, &n);
    /* "Publications (12)", "Publications:" */
    if (n && s[n - 1] == ')') {
        size_t k = n;
        while (k && s[k - 1] != '(')
            k--;
        if (k)
            n = k - 1;
    }
    while (n && (s[n - 1] == ':' || s[n - 1] == ' '))
        n--;
    if (n == 0 || n > 40)
        return false;
    for (size_t i = 0; i < sizeof headings / sizeof *headings; i++)
        if (strlen(headings[i]) == n && starts_ci(s, n, headings[i]))
            return true;
    return false;
}

bool pdx_shape__prose(const char *s, size_t n, size_t min_words) {
    size_t words = 0, lower_words = 0;
    /* a preview cut before its link ends a sentence too: "… of the Euclide…" */
    bool sentence = pdx_shape__has_see_more(s, n) ||
                    (n >= 3 && (memcmp(s + n - 3, "\xE2\x80\xA6", 3) == 0 || memcmp(s + n - 3, "...", 3) == 0));
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t a = i;
        while (i < n && s[i] != ' ')
            i++;
        words++;
        uint32_t c;
        pdx_text__decode(s + a, i - a, &c);
        if (lower(c))
            lower_words++;
        char last = s[i - 1];
        if ((last == '.' || last == '?' || last == '!' || last == ';') && i - a > 2)
            sentence = true;
    }
    return words >= min_words && sentence && lower_words * 5 >= words * 2;
}

/* True when s[0..n) starts with " " and the number of a part in a series
 * of papers, roman or arabic, then '.', ':' or ',': the period before it
 * ends a title's part, not a sentence.
 *   "… southern extra-solar planets. IX. Exoplanets orbiting …"
 *   "… of looms. 2: Warp tension" */
static bool series_number(const char *s, size_t n) {
    if (n < 2 || s[0] != ' ')
        return false;
    size_t i = 1;
    static const char *const words[] = {"Chapter ", "Part ", "Paper ", "Section ", NULL};
    for (size_t k = 0; words[k]; k++)
        if (n > strlen(words[k]) + 1 && memcmp(s + 1, words[k], strlen(words[k])) == 0)
            i += strlen(words[k]);
    size_t from = i;
    bool roman = true, arabic = true;
    while (i < n && s[i] != '.' && s[i] != ':' && s[i] != ',' && s[i] != ' ') {
        roman &= strchr("IVXLC", s[i]) != NULL;
        arabic &= s[i] >= '0' && s[i] <= '9';
        i++;
    }
    return i > from && i - from <= 6 && (roman || arabic);
}

/* True when s[0..n) is a roman numeral of a series: "VIII", "IX". */
static bool roman_word(const char *s, size_t n) {
    if (!n || n > 6)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("IVXLC", s[i]))
            return false;
    return true;
}

/* True when most words of four letters or more are capitalised, as in
 * titles and not in sentences: "Universe Without Singularities. A Group
 * Approach to De Sitter Cosmology". */
static bool title_case(const char *s, size_t n) {
    size_t long_words = 0, caps = 0;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && s[e] != ' ')
            e++;
        if (e - i >= 4) {
            long_words++;
            caps += s[i] >= 'A' && s[i] <= 'Z';
        }
        i = e + 1;
    }
    return long_words >= 3 && caps * 4 >= long_words * 3;
}

bool pdx_shape__wordy(const char *s, size_t n) {
    size_t words = 0, letters = 0, marks = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        size_t a = i, wl = 0, wc = 0, caps = 0;
        bool vowel = false;
        while (i < n && s[i] != ' ' && s[i] != '\t') {
            uint32_t c;
            i += (size_t)pdx_text__decode(s + i, n - i, &c);
            wc++;
            if (upper(c) || lower(c)) {
                wl++;
                caps += upper(c);
                /* a vowel, or any letter outside ASCII (Greek, Cyrillic, CJK) */
                vowel |= c >= 0x80 || strchr("aeiouyAEIOUY", (int)c) != NULL;
            }
        }
        if (i == a)
            break;
        letters += wl;
        marks += wc - wl;
        /* a word: two letters or more, most of its characters letters, a
         * vowel unless it is an acronym in capitals ("CNN", "XMM") */
        if (wl >= 2 && wl * 2 > wc && (vowel || caps * 2 >= wl))
            words++;
    }
    return words >= 2 && letters >= 6 && letters >= marks;
}

bool pdx_shape__title(const char *s, size_t n) {
    trim(&s, &n);
    size_t w = pdx_shape__words(s, n);
    if (w < 2 || w > 40 || !pdx_shape__wordy(s, n))
        return false;
    uint32_t c;
    size_t q = 0;
    /* an opening quote: "`Stückelberg interferometry' with …" */
    while (q < n && (s[q] == '`' || s[q] == '\'' || s[q] == '"'))
        q++;
    pdx_text__decode(s + q, n - q, &c);
    if (!upper(c) && !(c >= '0' && c <= '9')) {
        /* a first word with a capital or a digit inside ("q-Deformed",
         * "mRNA", "p53"), or a letter and a hyphen ("d-wave") */
        bool inner = q + 2 < n && s[q + 1] == '-'; /* "d-wave", "p-adic" */
        for (size_t i = q; i < n && s[i] != ' '; i++)
            inner |= (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9');
        if (!inner || !lower(c))
            return false;
    }
    if (contains(s, n, "http") || contains(s, n, "www.") || memchr(s, '@', n))
        return false;
    bool tcase = title_case(s, n) && s[n - 1] != '.';
    /* Sentences end with a period after a word longer than an
     * abbreviation ("al.", "vs.", "U.S." are fine). */
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '.' || (i + 1 < n && s[i + 1] != ' '))
            continue;
        size_t a = i;
        while (a && s[a - 1] != ' ')
            a--;
        size_t len = i - a;
        bool abbrev = len <= 3 || memchr(s + a, '.', len);
        /* a title's parts: "… planets. IX. Exoplanets …", "… Clouds
         * VIII. Serpens", "… structures. II", a title-case line */
        if (!abbrev && !series_number(s + i + 1, n - i - 1) && !roman_word(s + a, len) && !tcase)
            return false;
    }
    return true;
}

/* Length of s[0..n) without footnote and affiliation marks after a
 * name: "Ferretti1,2" → "Ferretti", "Argurio*" → "Argurio",
 * "Rossi†" → "Rossi", "Chen¹" → "Chen". */
size_t pdx_shape__strip_marks(const char *s, size_t n) {
    for (;;) {
        while (n && (s[n - 1] == ' ' || s[n - 1] == '*' || s[n - 1] == ',' || s[n - 1] == '#' ||
                     (s[n - 1] >= '0' && s[n - 1] <= '9')))
            n--;
        /* † ‡ § ¶ and superscript digits ¹ ² ³ ⁴… */
        if (n >= 3 && memcmp(s + n - 3, "\xE2\x80", 2) == 0 &&
            ((unsigned char)s[n - 1] == 0xA0 || (unsigned char)s[n - 1] == 0xA1)) {
            n -= 3;
            continue;
        }
        if (n >= 3 && memcmp(s + n - 3, "\xE2\x81", 2) == 0 && (unsigned char)s[n - 1] >= 0xB0) {
            n -= 3;
            continue;
        }
        if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 &&
            ((unsigned char)s[n - 1] == 0xA7 || (unsigned char)s[n - 1] == 0xB6 ||
             (unsigned char)s[n - 1] == 0xB9 || (unsigned char)s[n - 1] == 0xB2 ||
             (unsigned char)s[n - 1] == 0xB3)) {
            n -= 2;
            continue;
        }
        return n;
    }
}

size_t pdx_shape__author_parts(const char *s0, size_t n0, const pdx_ingest_knowledge *know,
                               size_t *at, size_t *len, size_t max, unsigned *more, bool *et_al) {
    const char *s = s0;
    size_t n = n0, count = 0, monos = 0;
    *more = 0;
    *et_al = false;
    trim(&s, &n);
    if (n > 4 && (memcmp(s, "and ", 4) == 0 || memcmp(s, "And ", 4) == 0)) {
        s += 4;
        n -= 4;
    } else if (n > 2 && memcmp(s, "& ", 2) == 0) {
        s += 2;
        n -= 2;
    }
    if (n > 7 && memcmp(s + n - 7, " et al.", 7) == 0) {
        n -= 7;
        *et_al = true;
    }
    size_t i = 0;
    while (i < n) {
        /* the next part ends at ", ", "; ", " and " or " & " */
        size_t e = i, sep = 0;
        for (; e < n; e++) {
            if ((s[e] == ',' || s[e] == ';') && e + 1 < n && s[e + 1] == ' ') {
                sep = 2;
                break;
            }
            if (s[e] == ' ' && e + 5 <= n && memcmp(s + e, " and ", 5) == 0) {
                sep = 5;
                break;
            }
            if (s[e] == ' ' && e + 3 <= n && memcmp(s + e, " & ", 3) == 0) {
                sep = 3;
                break;
            }
        }
        size_t nl = e - i;
        unsigned m = 0;
        if (e == n && pdx_page__see_n_more(s + i, e - i, &nl, &m)) {
            if (nl == 0)
                return 0;
            *more = m;
        }
        nl = pdx_shape__strip_marks(s + i, nl);
        /* one name alone ("Sudha, A. V. Gopala Rao, …") counts among more
         * full names than single words: a title's list of nouns ("Warp,
         * Weft and Loom Tension") has fewer */
        bool mono = nl && pdx_shape__words(s + i, nl) == 1 && sep != 0 &&
                    pdx_shape__word(s + i, nl) == PDX_WS_NAME;
        if (count == max || (!mono && !pdx_shape__name_line(s + i, nl, know)) ||
            pdx_shape__org_line(s + i, nl))
            return 0;
        monos += mono;
        at[count] = (size_t)(s + i - s0);
        len[count++] = nl;
        i = e + sep;
    }
    if (monos && (count - monos < 2 || count - monos <= monos))
        return 0;
    return count;
}

pdx_line_kind pdx_shape__classify(const char *s, size_t n) {
    trim(&s, &n);
    if (!n)
        return PDX_LINE_BLANK;
    char date[16];
    size_t cat, vl, nl;
    bool code;
    unsigned more;
    if (pdx_shape__listing_date(s, n, &cat, date, &code) && cat > 0)
        return PDX_LINE_LISTING_DATE;
    if (pdx_shape__date_line(s, n, date))
        return PDX_LINE_DATE;
    if (pdx_shape__year_line(s, n))
        return PDX_LINE_YEAR;
    if (pdx_shape__heading(s, n))
        return PDX_LINE_HEADING;
    if (pdx_shape__venue_line(s, n, &vl))
        return PDX_LINE_VENUE;
    size_t w = pdx_shape__words(s, n);
    if (pdx_shape__has_see_more(s, n) ? w >= 8 : pdx_shape__prose(s, n, 25))
        return PDX_LINE_PROSE;
    if (pdx_page__see_n_more(s, n, &nl, &more) && nl > 0)
        return PDX_LINE_NAME;
    if (pdx_shape__name_line(s, n, NULL))
        return PDX_LINE_NAME;
    size_t at[16], len[16];
    bool et_al;
    if (pdx_shape__author_parts(s, n, NULL, at, len, 16, &more, &et_al))
        return PDX_LINE_NAME;
    if (pdx_shape__title(s, n))
        return PDX_LINE_TITLE;
    return PDX_LINE_OTHER;
}

void pdx_shape__head_lines(const char *head, size_t n, size_t max,
                           bool (*fn)(const char *s, size_t n, void *payload), void *payload) {
    size_t i = 0, lines = 0;
    while (i < n && lines < max) {
        const char *e = memchr(head + i, '\n', n - i);
        if (!e && lines > 0)
            break; /* a cut last line proves nothing */
        size_t len = (size_t)((e ? e : head + n) - (head + i));
        if (len && head[i + len - 1] == '\r')
            len--;
        lines++;
        if (!fn(head + i, len, payload) || !e)
            break;
        i = (size_t)(e - head) + 1;
    }
}

bool pdx_shape__abstract_cue(const char *s, size_t n) {
    static const char *const cues[] = {" we ",       "We ",        " our ",   "Our ",
                                       "this paper", "This paper", "this work", "This work",
                                       "In this",    "(see more)", NULL};
    for (size_t i = 0; cues[i]; i++)
        if (contains(s, n, cues[i]))
            return true;
    return false;
}

/* A line of organisations, comma-separated: "ETH Zurich, Google
 * Research" (one part naming an organisation is enough). */
static bool affiliations(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        const char *c = memchr(s + i, ',', n - i);
        size_t e = c ? (size_t)(c - s) : n, a = i;
        while (a < e && s[a] == ' ')
            a++;
        if (pdx_shape__org_line(s + a, e - a))
            return true;
        i = e + 1;
    }
    return false;
}

typedef struct stats_walk {
    pdx_page_stats *st;
    pdx_line_kind prev, prev2;
    bool chrome; /* the line above was chrome by its text */
} stats_walk;

static bool stats_line(const char *s, size_t n, void *payload) {
    stats_walk *w = payload;
    pdx_page_stats *st = w->st;
    pdx_line_kind k = pdx_shape__classify(s, n);
    if (k == PDX_LINE_BLANK)
        return true;
    /* a banner's lines are no entry: "Tout refuser" before an abstract is
     * not its title */
    bool anchor = k == PDX_LINE_HEADING ||
                  (k == PDX_LINE_PROSE && (pdx_shape__has_see_more(s, n) || pdx_shape__words(s, n) >= 60));
    w->chrome = !anchor && pdx_page__chrome_text(s, n, w->chrome);
    if (w->chrome)
        return true;
    /* an affiliation line under the authors ("ETH Zurich, Google
     * Research") continues the author run */
    if (w->prev == PDX_LINE_NAME && k != PDX_LINE_PROSE && k != PDX_LINE_NAME && affiliations(s, n))
        return true;
    /* a title, one author, an abstract: a profile's entry as surely as a
     * run of authors */
    if (k == PDX_LINE_PROSE && w->prev == PDX_LINE_NAME && w->prev2 == PDX_LINE_TITLE)
        st->author_runs++;
    if (k == PDX_LINE_PROSE && pdx_shape__abstract_cue(s, n)) {
        /* after a title any prose is its abstract; alone, only what is
         * long enough (or spliced) to be one */
        if (w->prev == PDX_LINE_TITLE || w->prev == PDX_LINE_NAME) {
            st->after_title++;
            st->abstracts++;
        } else if (pdx_shape__has_see_more(s, n) || pdx_shape__words(s, n) >= 40) {
            st->bare++;
            st->abstracts++;
        }
    }
    if (k == PDX_LINE_NAME && w->prev == PDX_LINE_NAME && w->prev2 == PDX_LINE_TITLE)
        st->author_runs++;
    /* a title, one author line, then venue and year (a citation profile's
     * row: "Journal of Loom Science, 2019⇥152⇥2019"): an entry too */
    size_t vl;
    if (k != PDX_LINE_NAME && k != PDX_LINE_PROSE && w->prev == PDX_LINE_NAME &&
        (w->prev2 == PDX_LINE_TITLE || w->prev2 == PDX_LINE_NAME) && pdx_shape__venue_year(s, n, &vl))
        st->author_runs++;
    st->headings += k == PDX_LINE_HEADING;
    st->listing_dates += k == PDX_LINE_LISTING_DATE;
    w->prev2 = w->prev;
    w->prev = k;
    return true;
}

void pdx_shape__page_stats(pdx_page_stats *out, const char *head, size_t n) {
    memset(out, 0, sizeof *out);
    stats_walk w = {out, PDX_LINE_BLANK, PDX_LINE_BLANK, false};
    pdx_shape__head_lines(head, n, 4000, stats_line, &w);
}
