/*
 * names.c — parsing author names and matching their variants (names.h).
 *
 * The parser works on whitespace-separated words of the displayed name:
 *   1. a comma means "Surname, Given" (BibTeX's "von Last, Jr, First");
 *   2. trailing suffixes (Jr., Sr., II, III, IV) are set aside;
 *   3. the last word is the surname; lower-case particles before it (and a
 *      bare Irish "O") join it: "Sarah de Haas", "Sean O hEigeartaigh";
 *   4. the rest are given names; a word with a dot or a run of two or three
 *      capitals ("JB") is a list of initials; hyphenated given names are
 *      two names ("Jörn-Henrik").
 * Names written in Chinese, Japanese or Korean script put the family name
 * first ("山田 太郎": surname 山田); written without a space ("王小明") the
 * parts cannot be told apart, so the whole name is the surname and only an
 * exact match finds it.
 */
#include "text/names.h"

#include <string.h>

#include <unictype.h>

#include "text/text.h"

/* Name particles ("von" parts), folded.  Source: BibTeX's name grammar
 * treats lower-case words before the last name as its "von" part; the list
 * holds the particles of the common European and Arabic naming traditions
 * (Wikipedia, "Nobiliary particle" and "Arabic name"). */
static const char *const particles[] = {
    "al", "bin", "binti", "da", "das", "de", "degli", "dei", "del", "della", "dem", "den",
    "der", "des", "di", "do", "dos", "du", "el", "ibn", "la", "le", "lo", "mac", "st",
    "te", "ten", "ter", "van", "vande", "vander", "von", "zu", "zum", "zur", "y",
};

static const char *const suffixes[] = {"jr", "sr", "ii", "iii", "iv", "v", "jnr", "snr"};

static bool in_list(const char *const *list, size_t n, const char *w, size_t len) {
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
            return true;
    return false;
}

/* A word of the displayed name. */
typedef struct word {
    const char *s;
    size_t n;
} word;

#define MAX_WORDS 32

static size_t split_words(const char *s, size_t n, word *w, size_t max) {
    size_t k = 0, i = 0;
    while (i < n && k < max) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            i++;
        size_t a = i;
        while (i < n && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            i++;
        if (i > a) {
            w[k].s = s + a;
            w[k].n = i - a;
            k++;
        }
    }
    return k;
}

/* The folded key of a word ("Jörn-Henrik" → "jorn henrik"). */
static void fold_into(pdx_status *st, pdx_buf *tmp, const char *s, size_t n) {
    pdx_buf__clear(tmp);
    pdx_text__key(st, tmp, s, n);
}

static bool is_suffix_word(pdx_status *st, pdx_buf *tmp, const word *w) {
    fold_into(st, tmp, w->s, w->n);
    return !*st && tmp->n && in_list(suffixes, sizeof suffixes / sizeof *suffixes, tmp->p, tmp->n);
}

static bool is_particle_word(pdx_status *st, pdx_buf *tmp, const word *w, bool first) {
    if (first)
        return false;
    /* A bare capital "O" (Irish Ó) before the surname is a particle; with a
     * dot it is an initial. */
    if (w->n == 1 && w->s[0] == 'O')
        return true;
    if (w->n == 2 && memcmp(w->s, "\xc3\x93", 2) == 0) /* Ó */
        return true;
    uint32_t uc;
    pdx_text__decode(w->s, w->n, &uc);
    if (!pdx_text__is_lower(uc))
        return false;
    fold_into(st, tmp, w->s, w->n);
    return !*st && in_list(particles, sizeof particles / sizeof *particles, tmp->p, tmp->n);
}

/* True when the word is written as initials: it has a dot ("R.", "T.Q.")
 * or is a run of 2-3 capitals ("JB"), or one capital letter. */
static bool is_initials_word(const word *w) {
    size_t letters = 0, upper = 0;
    bool dot = false;
    size_t i = 0;
    while (i < w->n) {
        uint32_t uc;
        i += (size_t)pdx_text__decode(w->s + i, w->n - i, &uc);
        if (uc == '.')
            dot = true;
        else if (pdx_text__is_wordchar(uc)) {
            letters++;
            if (pdx_text__is_upper(uc))
                upper++;
        }
    }
    if (letters == 0)
        return false;
    if (dot)
        return letters <= 3 || letters == upper;
    return letters == upper && letters <= 3;
}

typedef struct builder {
    pdx_name *nm;
    size_t off_given[PDX_NAME_MAX_GIVEN];
    size_t off_surname, off_core, off_suffix;
    bool has_suffix;
} builder;

/* Appends a NUL-terminated part to the store and returns its offset. */
static size_t store_part(pdx_status *st, pdx_buf *store, const char *s, size_t n) {
    size_t off = store->n;
    pdx_buf__add(st, store, s, n);
    pdx_buf__addc(st, store, '\0');
    return off;
}

static void add_given(pdx_status *st, builder *b, pdx_buf *tmp, const word *w) {
    pdx_name *nm = b->nm;
    if (is_initials_word(w)) {
        /* Each letter of "R.", "T.Q.", "JB" is one initial. */
        size_t i = 0;
        while (i < w->n && !*st) {
            uint32_t uc;
            int len = pdx_text__decode(w->s + i, w->n - i, &uc);
            if (pdx_text__is_wordchar(uc) && nm->n_given < PDX_NAME_MAX_GIVEN) {
                fold_into(st, tmp, w->s + i, (size_t)len);
                if (!*st && tmp->n) {
                    b->off_given[nm->n_given] = store_part(st, &nm->store, tmp->p, tmp->n);
                    nm->initial[nm->n_given++] = true;
                }
            }
            i += (size_t)len;
        }
        return;
    }
    /* "Jörn-Henrik" folds to "jorn henrik": two given names. */
    fold_into(st, tmp, w->s, w->n);
    if (*st)
        return;
    size_t i = 0;
    while (i < tmp->n && nm->n_given < PDX_NAME_MAX_GIVEN) {
        size_t a = i;
        while (i < tmp->n && tmp->p[i] != ' ')
            i++;
        if (i > a) {
            b->off_given[nm->n_given] = store_part(st, &nm->store, tmp->p + a, i - a);
            nm->initial[nm->n_given++] = (i - a == 1);
        }
        i++;
    }
}

/* True when every letter of the word is Han, Hiragana, Katakana or Hangul. */
static bool is_cjk_word(const word *w) {
    size_t i = 0;
    bool any = false;
    while (i < w->n) {
        uint32_t uc;
        i += (size_t)pdx_text__decode(w->s + i, w->n - i, &uc);
        if (!pdx_text__is_wordchar(uc))
            continue;
        const uc_script_t *sc = uc_script(uc);
        if (!sc || (strcmp(sc->name, "Han") && strcmp(sc->name, "Hiragana") &&
                    strcmp(sc->name, "Katakana") && strcmp(sc->name, "Hangul")))
            return false;
        any = true;
    }
    return any;
}

/* Folds words w[a..b) into one space-separated part and stores it. */
static size_t store_words(pdx_status *st, pdx_buf *store, pdx_buf *tmp, const word *w, size_t a,
                          size_t b) {
    pdx_buf part = PDX_BUF_INIT;
    for (size_t i = a; i < b; i++) {
        fold_into(st, tmp, w[i].s, w[i].n);
        if (*st || !tmp->n)
            continue;
        if (part.n)
            pdx_buf__addc(st, &part, ' ');
        pdx_buf__add(st, &part, tmp->p, tmp->n);
    }
    size_t off = store_part(st, store, part.p ? part.p : "", part.n);
    pdx_buf__free(&part);
    return off;
}

/* Family name first: "山田 太郎". */
static void parse_cjk(pdx_status *st, builder *b, pdx_buf *tmp, word *w, size_t k) {
    b->off_surname = store_words(st, &b->nm->store, tmp, w, 0, 1);
    b->off_core = b->off_surname;
    for (size_t i = 1; i < k && !*st && b->nm->n_given < PDX_NAME_MAX_GIVEN; i++) {
        b->off_given[b->nm->n_given] = store_words(st, &b->nm->store, tmp, w, i, i + 1);
        b->nm->initial[b->nm->n_given++] = false;
    }
}

/* Parses the "Given von Last" order from words w[0..k). */
static void parse_words(pdx_status *st, builder *b, pdx_buf *tmp, word *w, size_t k) {
    while (k > 1 && is_suffix_word(st, tmp, &w[k - 1]) && !b->has_suffix) {
        b->off_suffix = store_part(st, &b->nm->store, tmp->p, tmp->n);
        b->has_suffix = true;
        k--;
    }
    if (k == 0)
        return;
    size_t first_surname = k - 1;
    while (first_surname > 0 && is_particle_word(st, tmp, &w[first_surname - 1], first_surname - 1 == 0))
        first_surname--;
    for (size_t i = 0; i < first_surname && !*st; i++)
        add_given(st, b, tmp, &w[i]);
    b->off_surname = store_words(st, &b->nm->store, tmp, w, first_surname, k);
    b->off_core = store_words(st, &b->nm->store, tmp, w, k - 1, k);
}

pdx_status pdx_name__parse(pdx_name *out, const char *s, size_t n) {
    memset(out, 0, sizeof *out);
    pdx_status st = PDX_OK;
    pdx_buf tmp = PDX_BUF_INIT;
    builder b = {0};
    b.nm = out;
    word w[MAX_WORDS];

    const char *comma = memchr(s, ',', n);
    if (comma) {
        /* "Surname, Given" or "Surname, Jr., Given"; "Given Surname, Jr." */
        const char *c2 = memchr(comma + 1, ',', n - (size_t)(comma + 1 - s));
        const char *last = s, *given = comma + 1, *given_end = s + n;
        size_t last_n = (size_t)(comma - s);
        word sw;
        if (c2) {
            sw.s = comma + 1;
            sw.n = (size_t)(c2 - comma - 1);
            given = c2 + 1;
        } else {
            sw.s = comma + 1;
            sw.n = (size_t)(given_end - given);
        }
        word sfx[2];
        size_t nsfx = split_words(sw.s, sw.n, sfx, 2);
        bool suffix_part = nsfx == 1 && is_suffix_word(&st, &tmp, &sfx[0]);
        if (suffix_part) {
            b.off_suffix = store_part(&st, &out->store, tmp.p, tmp.n);
            b.has_suffix = true;
        }
        if (suffix_part && !c2) {
            /* "Given Surname, Jr." */
            size_t k = split_words(last, last_n, w, MAX_WORDS);
            parse_words(&st, &b, &tmp, w, k);
        } else {
            size_t k = split_words(given, (size_t)(given_end - given), w, MAX_WORDS);
            for (size_t i = 0; i < k && !st; i++)
                add_given(&st, &b, &tmp, &w[i]);
            /* The surname part may start with particles: "de Haas, Sarah". */
            size_t kl = split_words(last, last_n, w, MAX_WORDS);
            b.off_surname = store_words(&st, &out->store, &tmp, w, 0, kl);
            b.off_core = store_words(&st, &out->store, &tmp, w, kl ? kl - 1 : 0, kl);
        }
    } else {
        size_t k = split_words(s, n, w, MAX_WORDS);
        bool cjk = k > 0;
        for (size_t i = 0; i < k && cjk; i++)
            cjk = is_cjk_word(&w[i]);
        if (cjk)
            parse_cjk(&st, &b, &tmp, w, k);
        else
            parse_words(&st, &b, &tmp, w, k);
    }
    pdx_buf__free(&tmp);
    if (st || !out->store.p) {
        pdx_buf__free(&out->store);
        memset(out, 0, sizeof *out);
        out->surname = out->core = "";
        return st;
    }
    /* The store no longer moves: turn offsets into pointers. */
    for (size_t i = 0; i < out->n_given; i++)
        out->given[i] = out->store.p + b.off_given[i];
    out->surname = out->store.p + b.off_surname;
    out->core = out->store.p + b.off_core;
    out->suffix = b.has_suffix ? out->store.p + b.off_suffix : NULL;
    /* A lone word ("Plato") is a surname with no given names; a surname
     * that folded to nothing means there were no letters. */
    return PDX_OK;
}

void pdx_name__free(pdx_name *nm) {
    if (!nm)
        return;
    pdx_buf__free(&nm->store);
    memset(nm, 0, sizeof *nm);
}

bool pdx_name__ok(const pdx_name *nm) { return nm->surname && nm->surname[0]; }

void pdx_name__key_full(pdx_status *st, pdx_buf *out, const pdx_name *nm) {
    for (size_t i = 0; i < nm->n_given; i++) {
        pdx_buf__adds(st, out, nm->given[i]);
        pdx_buf__addc(st, out, ' ');
    }
    pdx_buf__adds(st, out, nm->surname ? nm->surname : "");
}

/* Appends the first UTF-8 character of s. */
static void add_first_char(pdx_status *st, pdx_buf *out, const char *s) {
    size_t n = strlen(s);
    if (!n)
        return;
    uint32_t uc;
    int len = pdx_text__decode(s, n, &uc);
    pdx_buf__add(st, out, s, (size_t)len);
}

void pdx_name__key_initial(pdx_status *st, pdx_buf *out, const pdx_name *nm) {
    if (nm->n_given) {
        add_first_char(st, out, nm->given[0]);
        pdx_buf__addc(st, out, ' ');
    }
    pdx_buf__adds(st, out, nm->core ? nm->core : "");
}

void pdx_name__key_initials(pdx_status *st, pdx_buf *out, const pdx_name *nm) {
    for (size_t i = 0; i < nm->n_given; i++)
        add_first_char(st, out, nm->given[i]);
    if (nm->n_given)
        pdx_buf__addc(st, out, ' ');
    pdx_buf__adds(st, out, nm->core ? nm->core : "");
}

/* Two given names can be the same person's: equal; an initial and a name
 * with that first letter; or a name and a prefix of it at least three
 * letters long ("Jon" / "Jonathan", "Will" / "William"). */
static bool given_compatible(const char *a, bool a_init, const char *b, bool b_init) {
    size_t na = strlen(a), nb = strlen(b);
    if (na == nb && memcmp(a, b, na) == 0)
        return true;
    if (a_init || b_init) {
        uint32_t ua, ub;
        pdx_text__decode(a, na, &ua);
        pdx_text__decode(b, nb, &ub);
        return na && nb && ua == ub;
    }
    size_t m = na < nb ? na : nb;
    return m >= 3 && memcmp(a, b, m) == 0;
}

pdx_name_rel pdx_name__compare(const pdx_name *asked, const pdx_name *cand) {
    if (!pdx_name__ok(asked) || !pdx_name__ok(cand))
        return PDX_NAME_OTHER;
    bool same_surname = strcmp(asked->surname, cand->surname) == 0;
    if (!same_surname && strcmp(asked->core, cand->core) != 0)
        return PDX_NAME_OTHER;
    if (same_surname && asked->n_given == cand->n_given) {
        bool all = true;
        for (size_t i = 0; i < asked->n_given && all; i++)
            all = strcmp(asked->given[i], cand->given[i]) == 0;
        if (all)
            return PDX_NAME_SAME;
    }
    size_t m = asked->n_given < cand->n_given ? asked->n_given : cand->n_given;
    for (size_t i = 0; i < m; i++)
        if (!given_compatible(asked->given[i], asked->initial[i], cand->given[i], cand->initial[i]))
            return PDX_NAME_OTHER;
    return PDX_NAME_COMPAT;
}
