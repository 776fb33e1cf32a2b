/*
 * shape_name.c — word shapes and the shapes of names (the "words" half of
 * shape.h).
 *
 * What a word looks like as part of a name ("Dan", "T.", "Zhi-Xuan",
 * "MacKay", "de"), how much a line looks like one person's name, and the
 * author lines made of such names ("Bo Chen, Carla Diaz and Dmitri
 * Orlov").  They started in the listing reader, where they find the
 * boundary of a title glued to its first author; the profile reader uses
 * the same score to tell author lines from titles.  Kept apart from
 * shape.c, whose line shapes (dates, venues, titles, prose) ask these only
 * "is this a name line?": the name rules can be read, and changed, on
 * their own.
 */
#include "ingest/shape.h"

#include <string.h>

#include "ingest/pagetext.h"
#include "text/text.h"

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

bool pdx_shape__is_lower(uint32_t c) { return pdx_text__is_lower(c) || (c >= 0x300 && c < 0x370); }

/* Short names for the two tests the word shapes make at every letter. */
static bool upper(uint32_t c) { return pdx_text__is_upper(c); }
static bool lower(uint32_t c) { return pdx_shape__is_lower(c); }

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

/* Initials: "T.", "T", "T.Q.", "J.-C.", and the transliterated two-letter
 * ones ("Ya.", "Yu.", "Ch.", "Th."); up to three capitals run together
 * ("JB") are PDX_WS_CAPS.  Sets *out and returns true when u is one of
 * these, else returns false. */
static bool initials(pdx_word_shape *out, const ustr *u) {
    *out = PDX_WS_OTHER;
    if (!upper(u->c[0]))
        return false;
    bool ok = true;
    size_t letters = 0;
    for (size_t i = 0; i < u->n && ok; i++) {
        if (upper(u->c[i]))
            letters++;
        else if (u->c[i] == '-' && i > 0 && (u->c[i - 1] == '.' || upper(u->c[i - 1])) && i + 1 < u->n &&
                 upper(u->c[i + 1]))
            continue; /* "J.-C.", "K-C." */
        else if (u->c[i] != '.')
            ok = false;
    }
    if (ok && letters == 1)
        *out = PDX_WS_INITIAL;
    else if (ok && letters <= 3 && u->c[u->n - 1] == '.')
        *out = PDX_WS_INITIAL;
    else if (ok && letters <= 3)
        *out = PDX_WS_CAPS;
    else if (u->n == 3 && lower(u->c[1]) && u->c[2] == '.') /* "Ya.", "Th." */
        *out = PDX_WS_INITIAL;
    else
        return false;
    return true;
}

/* A name of one part or of hyphen-parts, every part name-like, the last
 * maybe an initial: "Dan", "Zhi-Xuan", "Shek-kam", "Ulf-G.". */
static bool hyphenated_name(const ustr *u) {
    bool all_parts = true;
    size_t a = 0;
    for (size_t i = 0; i <= u->n && all_parts; i++) {
        if (i == u->n || pdx_text__is_dash(u->c[i])) {
            all_parts = name_part(u->c + a, i - a, a > 0) ||
                        (a > 0 && i == u->n && i - a == 2 && upper(u->c[a]) && u->c[a + 1] == '.');
            a = i + 1;
        }
    }
    return all_parts;
}

/* A name behind a prefix or a particle glued to it: "MacKay",
 * "McClure-Griffiths", "d'Ambrumenil", "dell'Orso", Irish "hEigeartaigh"
 * and "nGael".  s[0..n) is the word, u its characters. */
static bool prefixed_name(const char *s, size_t n, const ustr *u) {
    static const char *const prefixes[] = {"Mac", "Mc", "De", "Di", "Da", "La", "Le", "Van", "Von",
                                           "Du", "Fitz"};
    for (size_t k = 0; k < sizeof prefixes / sizeof *prefixes; k++) {
        size_t pl = strlen(prefixes[k]);
        if (n > pl + 1 && memcmp(s, prefixes[k], pl) == 0 && name_part(u->c + pl, u->n - pl, false))
            return true;
        /* "McClure-Griffiths": the prefixed part, then name parts */
        size_t d = pl;
        while (d < u->n && !pdx_text__is_dash(u->c[d]))
            d++;
        if (d < u->n && n > pl + 1 && memcmp(s, prefixes[k], pl) == 0 &&
            name_part(u->c + pl, d - pl, false) && name_part(u->c + d + 1, u->n - d - 1, false))
            return true;
    }
    /* an elided particle: "d'Ambrumenil", "dell'Orso", "l'Huillier" */
    for (size_t k = 1; k <= 4 && k + 2 < u->n; k++) {
        if (!lower(u->c[k - 1]))
            break;
        if (pdx_text__is_apostrophe(u->c[k]) && name_part(u->c + k + 1, u->n - k - 1, false))
            return true;
    }
    /* Irish "hEigeartaigh", "nGael": one or two lower letters, then a name */
    if (u->n > 3 && lower(u->c[0]) && (upper(u->c[1]) || (lower(u->c[1]) && upper(u->c[2])))) {
        size_t k = upper(u->c[1]) ? 1 : 2;
        if (name_part(u->c + k, u->n - k, false))
            return true;
    }
    return false;
}

/* The shape of a word that is no name nor initial: digits or punctuation
 * inside (PDX_WS_OTHER), lower case (a name particle such as "van", else
 * PDX_WS_LOWER), camel case ("IDan", "CarloJack") or capitals. */
static pdx_word_shape plain_shape(const char *s, size_t n, const ustr *u) {
    bool any_lower = false, any_other = false;
    for (size_t i = 0; i < u->n; i++) {
        if (lower(u->c[i]))
            any_lower = true;
        else if (!upper(u->c[i]) && !pdx_text__is_dash(u->c[i]) && !pdx_text__is_apostrophe(u->c[i]))
            any_other = true;
    }
    if (any_other)
        return PDX_WS_OTHER;
    if (!upper(u->c[0])) {
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

pdx_word_shape pdx_shape__word(const char *s, size_t n) {
    ustr u;
    decode_word(s, n, &u);
    if (!u.n)
        return PDX_WS_OTHER;
    pdx_word_shape sh;
    if (initials(&sh, &u))
        return sh;
    if (hyphenated_name(&u))
        return PDX_WS_NAME;
    if (prefixed_name(s, n, &u))
        return PDX_WS_PREFIXED;
    return plain_shape(s, n, &u);
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
    pdx_shape__trim(&s, &n);
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
