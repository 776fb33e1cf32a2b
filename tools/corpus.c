/*
 * corpus.c — the synthetic corpus of the benchmark (see corpus.h).
 *
 * Everything is drawn from one splitmix64 stream in a fixed order, so a
 * seed and a size fix every byte.  Queries come from a second stream (and
 * from reservoirs filled while the papers are written), so asking for
 * queries never changes the papers.
 *
 * Skewed choices use Zipf–Mandelbrot weights 1/(rank + q): the weights
 * and their running sums are exact IEEE divisions and additions in a fixed
 * order, so the tables are the same on every machine (pow() would not
 * promise that).
 */
#include "corpus.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- randomness ------------------------------------------------------------ */

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint32_t below(uint64_t *s, uint32_t n) {
    return (uint32_t)(((splitmix(s) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [0, 1). */
static double unit(uint64_t *s) { return (double)(splitmix(s) >> 11) * (1.0 / 9007199254740992.0); }

/* A Zipf–Mandelbrot table over n ranks: cdf[i] = sum of 1/(k+q), k <= i. */
typedef struct zipf {
    double *cdf;
    uint32_t n;
} zipf;

static bool zipf_init(zipf *z, uint32_t n, double q) {
    z->n = n;
    z->cdf = malloc((size_t)n * sizeof *z->cdf);
    if (!z->cdf)
        return false;
    double sum = 0;
    for (uint32_t i = 0; i < n; i++) {
        sum += 1.0 / ((double)i + 1.0 + q);
        z->cdf[i] = sum;
    }
    return true;
}

static uint32_t zipf_draw(const zipf *z, uint64_t *s) {
    double u = unit(s) * z->cdf[z->n - 1];
    uint32_t lo = 0, hi = z->n - 1;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (z->cdf[mid] <= u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- word forms ---------------------------------------------------------------- */

static const char *const function_words[] = {
    "the", "of", "and", "a", "in", "to", "for", "we", "is", "with", "on", "that", "by", "this",
    "are", "as", "an", "from", "our", "which", "be", "can", "these", "it", "at", "or", "its",
    "than", "their", "both", "such", "between", "into", "when", "while", "over", "under",
    "also", "more", "not",
};
#define N_FUNCTION (sizeof function_words / sizeof *function_words)

/* Syllables: single letters are listed more than once to be drawn more
 * often, so that words are about as long as English ones. */
static const char *const onsets[] = {
    "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
    "b", "c", "d", "g", "l", "m", "n", "p", "r", "s", "t", "br", "cr", "dr", "gr", "pr",
    "tr", "st", "sp", "ch", "th", "ph", "pl", "cl", "fl", "sh",
};
static const char *const nuclei[] = {"a", "e", "i", "o", "u", "a", "e", "i", "o", "ea", "io",
                                     "ou", "y"};
static const char *const codas[] = {"n", "r", "s", "l", "m", "t", "x", "nd", "rt", "st", "ct",
                                    "ng"};
/* Accented vowels (UTF-8) put into a few words, so that folding matters. */
static const char *const accented[] = {"\xc3\xa9", "\xc3\xbc", "\xc3\xb6", "\xc3\xa0", "\xc3\xa8",
                                       "\xc3\xaf"};
static const char *const suffixes[] = {"s", "ing", "ed", "ation", "al", "ity"};

#define N(a) (sizeof(a) / sizeof *(a))

#define N_FORMS 50000u
#define N_TOPICS 400u
#define TOPIC_WORDS 250u

/* ---- names -------------------------------------------------------------------- */

static const char *const given_names[] = {
    "Wei", "Jing", "Li", "Yan", "Hao", "Xin", "Ming", "Jun", "Yu", "Lei", "Hiroshi", "Yuki",
    "Takeshi", "Aiko", "Min-jun", "Seo-yeon", "Ji-hoon", "Priya", "Rahul", "Ananya", "Arjun",
    "Sanjay", "Deepa", "John", "Mary", "David", "Sarah", "Michael", "Emily", "James", "Anna",
    "Robert", "Laura", "Thomas", "Julia", "Daniel", "Sophie", "Peter", "Emma", "Paul",
    "Jonathan", "Jon", "William", "Will", "Katherine", "Kate", "Alexander", "Alex", "Jörn",
    "Jörg", "Jürgen", "Günther", "Björn", "Søren", "Åsa", "Øystein", "Zoë", "Chloé", "Hélène",
    "François", "Jean-Pierre", "Jean-Luc", "Marie-Claire", "José", "María", "Ángel", "Raúl",
    "Inés", "João", "Conceição", "Łukasz", "Michał", "Paweł", "Zoltán", "Dávid", "Ákos",
    "Václav", "Jiří", "Tomáš", "Ilya", "Sergei", "Natalia", "Olga", "Dmitri", "Mehmet",
    "Ayşe", "Çağrı", "Nguyễn", "Minh", "Thảo", "Fatima", "Omar", "Yusuf", "Amira", "Kwame",
    "Chidi", "Ngozi", "Oluwaseun", "Sipho", "Lars", "Ingrid", "Sven", "Matteo", "Giulia",
    "Lorenzo", "Chiara", "Pieter", "Maarten", "Sanne", "Sean", "Siobhán", "Niamh", "Eoin",
    "Ricky", "Tian", "Qi", "Xiaoming", "Zhiwei", "Hyun", "Mario", "Elena", "Nikolaos",
    "Eleni", "Andrés", "Camila", "Mateo", "Valentina", "Noah", "Liam", "Olivia", "Ava",
    "Ethan", "Mia", "Lucas", "Isabel", "Hugo", "Léa", "Chen", "Rui", "Bo", "Ke",
};

static const char *const surname_list[] = {
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
    "Smith", "Johnson", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Kim", "Lee",
    "Park", "Choi", "Nguyen", "Tran", "Singh", "Kumar", "Sharma", "Patel", "Gupta", "Müller",
    "Schmidt", "Schneider", "Fischer", "Weiß", "Köhler", "García", "Martínez", "López",
    "González", "Rodríguez", "Pérez", "Sánchez", "Rossi", "Russo", "Bianchi", "Silva",
    "Santos", "Oliveira", "Pereira", "Ivanov", "Petrov", "Novák", "Dvořák", "Kowalski",
    "Wiśniewski", "Nowak", "Nagy", "Horváth", "Yılmaz", "Öztürk", "Tanaka", "Suzuki",
    "Takahashi", "Watanabe", "Sato", "Dubois", "Lefèvre", "Moreau", "Girard", "Jensen",
    "Nielsen", "Hansen", "Johansson", "Andersson", "Åberg", "Østergaard", "Papadopoulos",
    "Okafor", "Adeyemi", "Mensah", "Cohen", "Levi", "Haddad", "Khan", "Ahmed", "Hassan",
    "Murphy", "Kelly", "Walsh", "Lorraine", "Jacobsen", "Krueger", "Ferro", "Pike",
};

static const char *const particles[] = {"van", "van der", "de", "de la", "von", "da", "di",
                                        "van den", "del", "le"};

static const char *const categories[] = {
    "cs.LG", "cs.CL", "cs.CV", "cs.AI", "stat.ML", "cs.IR", "cs.RO", "cs.CR", "cs.DS",
    "cs.NE", "math.OC", "math.ST", "physics.comp-ph", "q-bio.NC", "eess.SP", "cs.SE",
    "cs.DB", "cs.DC", "cs.HC", "cs.SI", "quant-ph", "cond-mat.stat-mech", "astro-ph.IM",
    "econ.EM", "q-fin.ST", "cs.GT", "cs.LO", "cs.PL", "math.NA", "eess.IV",
};

/* A person: indices into the name tables; rendered on demand. */
typedef struct person {
    uint32_t surname;   /* index into c->surnames */
    uint16_t given, given2; /* index + 1 into given_names; given2 0 = none */
    char middle;        /* middle initial, or 0 */
} person;

/* A reservoir of strings, for sampling queries uniformly from what was
 * written (Vitter's algorithm R). */
#define RESERVOIR 4096
typedef struct reservoir {
    char *v[RESERVOIR];
    uint64_t seen;
} reservoir;

struct pdx_corpus {
    uint64_t rng, qrng;   /* papers; queries and reservoirs */
    uint64_t n, done;
    /* word forms: 0 .. N_FUNCTION-1 function words, then content words */
    char **forms;
    uint32_t n_forms;
    char *form_store;
    zipf zfunc, zcontent, ztopic_words, ztopics;
    uint32_t *topics;     /* N_TOPICS x TOPIC_WORDS form indices */
    /* names */
    char **surnames;
    uint32_t n_surnames;
    char *surname_store;
    person *people;
    uint32_t n_people;
    zipf zpeople, zgiven, zcats, zage;
    reservoir phrases, authors;
    /* scratch */
    char *line;
    size_t n_line, cap_line;
};

/* ---- growing scratch text ---- */

static bool put(pdx_corpus *c, const char *s, size_t n) {
    if (c->n_line + n + 1 > c->cap_line) {
        size_t cap = c->cap_line ? c->cap_line * 2 : 4096;
        while (cap < c->n_line + n + 1)
            cap *= 2;
        char *p = realloc(c->line, cap);
        if (!p)
            return false;
        c->line = p;
        c->cap_line = cap;
    }
    memcpy(c->line + c->n_line, s, n);
    c->n_line += n;
    c->line[c->n_line] = '\0';
    return true;
}

static bool puts_(pdx_corpus *c, const char *s) { return put(c, s, strlen(s)); }

/* ---- building the tables ---- */

/* FNV-1a, for the uniqueness set of generated words. */
static uint64_t hash(const char *s) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

typedef struct strset {
    const char **v;
    size_t cap;
} strset;

/* Adds s; false when it was there. */
static bool strset_add(strset *set, const char *s) {
    size_t i = (size_t)hash(s) & (set->cap - 1);
    while (set->v[i]) {
        if (strcmp(set->v[i], s) == 0)
            return false;
        i = (i + 1) & (set->cap - 1);
    }
    set->v[i] = s;
    return true;
}

/* Writes a pronounceable word of `syl` syllables into buf. */
static void make_word(uint64_t *rng, char *buf, size_t cap, unsigned syl, bool accent) {
    size_t n = 0;
    buf[0] = '\0';
    for (unsigned k = 0; k < syl; k++) {
        const char *parts[3] = {onsets[below(rng, N(onsets))], nuclei[below(rng, N(nuclei))],
                                below(rng, k + 1 == syl ? 2 : 5) == 0 ? codas[below(rng, N(codas))] : ""};
        if (accent && k == syl - 1 && strlen(parts[1]) == 1)
            parts[1] = accented[below(rng, N(accented))];
        for (int j = 0; j < 3; j++) {
            size_t l = strlen(parts[j]);
            if (n + l + 1 < cap) {
                memcpy(buf + n, parts[j], l);
                n += l;
            }
        }
    }
    buf[n] = '\0';
}

static bool build_vocabulary(pdx_corpus *c) {
    /* Generated words are at most ~20 bytes; forms add a suffix. */
    size_t store_cap = (size_t)N_FORMS * 32;
    c->form_store = malloc(store_cap);
    c->forms = malloc(N_FORMS * sizeof *c->forms);
    strset set = {calloc(1u << 17, sizeof(char *)), 1u << 17};
    if (!c->form_store || !c->forms || !set.v) {
        free(set.v);
        return false;
    }
    size_t used = 0;
    uint32_t n = 0;
    for (size_t i = 0; i < N_FUNCTION; i++) {
        c->forms[n++] = (char *)function_words[i];
        strset_add(&set, function_words[i]);
    }
    char base[64], form[96];
    while (n < N_FORMS) {
        /* frequent words come first and are shorter */
        unsigned syl = n < 2000 ? 2 : 2 + below(&c->rng, n < 15000 ? 2 : 3);
        make_word(&c->rng, base, sizeof base, syl, below(&c->rng, 100) < 3);
        if (strlen(base) < 4)
            continue;
        unsigned n_extra = below(&c->rng, 4); /* 0-3 more forms of the stem */
        for (unsigned k = 0; k <= n_extra && n < N_FORMS; k++) {
            if (k == 0)
                snprintf(form, sizeof form, "%s", base);
            else
                snprintf(form, sizeof form, "%s%s", base, suffixes[below(&c->rng, N(suffixes))]);
            size_t l = strlen(form) + 1;
            if (used + l > store_cap)
                break;
            char *s = c->form_store + used;
            memcpy(s, form, l);
            if (!strset_add(&set, s))
                continue;
            used += l;
            c->forms[n++] = s;
        }
    }
    free(set.v);
    c->n_forms = n;
    if (!zipf_init(&c->zfunc, (uint32_t)N_FUNCTION, 1.0) ||
        !zipf_init(&c->zcontent, n - (uint32_t)N_FUNCTION, 2.0) ||
        !zipf_init(&c->ztopic_words, TOPIC_WORDS, 4.0) || !zipf_init(&c->ztopics, N_TOPICS, 20.0))
        return false;
    /* Each topic: words drawn from the content range, mid-frequency ones
     * more often (the head of the vocabulary is everyone's). */
    c->topics = malloc((size_t)N_TOPICS * TOPIC_WORDS * sizeof *c->topics);
    if (!c->topics)
        return false;
    uint32_t span = n - (uint32_t)N_FUNCTION;
    for (uint32_t t = 0; t < N_TOPICS; t++)
        for (uint32_t k = 0; k < TOPIC_WORDS; k++) {
            uint32_t r = zipf_draw(&c->zcontent, &c->rng);
            r = (r + 50 + below(&c->rng, 200)) % span; /* skip the very top */
            c->topics[t * TOPIC_WORDS + k] = (uint32_t)N_FUNCTION + r;
        }
    return true;
}

static bool build_names(pdx_corpus *c) {
    c->n_people = c->n / 2 > 1000 ? (uint32_t)(c->n / 2) : 1000;
    c->n_surnames = c->n_people / 4 > 500 ? c->n_people / 4 : 500;
    size_t store_cap = (size_t)c->n_surnames * 48;
    c->surname_store = malloc(store_cap);
    c->surnames = malloc((size_t)c->n_surnames * sizeof *c->surnames);
    c->people = malloc((size_t)c->n_people * sizeof *c->people);
    size_t set_cap = 1;
    while (set_cap < (size_t)c->n_surnames * 2)
        set_cap <<= 1;
    strset set = {calloc(set_cap, sizeof(char *)), set_cap};
    if (!c->surname_store || !c->surnames || !c->people || !set.v) {
        free(set.v);
        return false;
    }
    size_t used = 0;
    uint32_t n = 0;
    char word[64], name[160];
    for (size_t i = 0; i < N(surname_list) && n < c->n_surnames; i++) {
        size_t l = strlen(surname_list[i]) + 1;
        memcpy(c->surname_store + used, surname_list[i], l);
        strset_add(&set, c->surname_store + used);
        c->surnames[n++] = c->surname_store + used;
        used += l;
    }
    while (n < c->n_surnames) {
        make_word(&c->rng, word, sizeof word, 2 + below(&c->rng, 2), below(&c->rng, 100) < 8);
        word[0] = (char)(word[0] - 'a' + 'A');
        unsigned kind = below(&c->rng, 100);
        if (kind < 5) {
            snprintf(name, sizeof name, "%s %s", particles[below(&c->rng, N(particles))], word);
        } else if (kind < 7) {
            snprintf(name, sizeof name, "O'%s", word);
        } else if (kind < 11) {
            char w2[64];
            make_word(&c->rng, w2, sizeof w2, 2, false);
            w2[0] = (char)(w2[0] - 'a' + 'A');
            snprintf(name, sizeof name, "%s-%s", word, w2);
        } else {
            snprintf(name, sizeof name, "%s", word);
        }
        size_t l = strlen(name) + 1;
        if (used + l > store_cap)
            break;
        char *s = c->surname_store + used;
        memcpy(s, name, l);
        if (!strset_add(&set, s))
            continue;
        used += l;
        c->surnames[n++] = s;
    }
    free(set.v);
    c->n_surnames = n;
    zipf zsur;
    if (!zipf_init(&zsur, c->n_surnames, 20.0) || !zipf_init(&c->zgiven, (uint32_t)N(given_names), 10.0)) {
        free(zsur.cdf);
        return false;
    }
    for (uint32_t i = 0; i < c->n_people; i++) {
        person *p = &c->people[i];
        p->surname = zipf_draw(&zsur, &c->rng);
        p->given = (uint16_t)(zipf_draw(&c->zgiven, &c->rng) + 1);
        p->given2 = below(&c->rng, 100) < 10 ? (uint16_t)(zipf_draw(&c->zgiven, &c->rng) + 1) : 0;
        p->middle = below(&c->rng, 100) < 20 ? (char)('A' + below(&c->rng, 26)) : 0;
    }
    free(zsur.cdf);
    return zipf_init(&c->zpeople, c->n_people, 50.0) &&
           zipf_init(&c->zcats, (uint32_t)N(categories), 2.0) && zipf_init(&c->zage, 36, 4.0);
}

pdx_corpus *pdx_corpus_new(uint64_t seed, uint64_t n) {
    pdx_corpus *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->rng = seed;
    c->qrng = seed ^ 0x5851f42d4c957f2dULL;
    c->n = n;
    if (!build_vocabulary(c) || !build_names(c)) {
        pdx_corpus_free(c);
        return NULL;
    }
    return c;
}

void pdx_corpus_free(pdx_corpus *c) {
    if (!c)
        return;
    free(c->forms);
    free(c->form_store);
    free(c->topics);
    free(c->zfunc.cdf);
    free(c->zcontent.cdf);
    free(c->ztopic_words.cdf);
    free(c->ztopics.cdf);
    free(c->surnames);
    free(c->surname_store);
    free(c->people);
    free(c->zpeople.cdf);
    free(c->zgiven.cdf);
    free(c->zcats.cdf);
    free(c->zage.cdf);
    for (size_t i = 0; i < RESERVOIR; i++) {
        free(c->phrases.v[i]);
        free(c->authors.v[i]);
    }
    free(c->line);
    free(c);
}

/* ---- one paper ---- */

static void sample(pdx_corpus *c, reservoir *r, const char *s) {
    uint64_t k = r->seen++;
    size_t slot;
    if (k < RESERVOIR)
        slot = (size_t)k;
    else if ((slot = (size_t)(splitmix(&c->qrng) % (k + 1))) >= RESERVOIR)
        return;
    char *d = strdup(s);
    if (d) {
        free(r->v[slot]);
        r->v[slot] = d;
    }
}

typedef struct paper_topics {
    uint32_t a, b;
} paper_topics;

static uint32_t content_word(pdx_corpus *c, const paper_topics *t, bool title) {
    unsigned r = below(&c->rng, 100);
    uint32_t topic = r < (title ? 70u : 60u) ? t->a : r < 85 ? t->b : N_TOPICS;
    if (topic == N_TOPICS)
        return (uint32_t)N_FUNCTION + zipf_draw(&c->zcontent, &c->rng);
    return c->topics[topic * TOPIC_WORDS + zipf_draw(&c->ztopic_words, &c->rng)];
}

/* Appends a word, its first letter in upper case when `cap` (ASCII only:
 * generated words never start with an accent). */
static bool put_word(pdx_corpus *c, const char *w, bool cap) {
    if (cap && w[0] >= 'a' && w[0] <= 'z') {
        char first = (char)(w[0] - 'a' + 'A');
        return put(c, &first, 1) && puts_(c, w + 1);
    }
    return puts_(c, w);
}

/* The title into the scratch line; also feeds the phrase reservoir. */
static bool write_title(pdx_corpus *c, const paper_topics *t) {
    unsigned len = 6 + below(&c->rng, 9); /* 6-14 */
    const char *prev = NULL;
    char pair[256];
    for (unsigned i = 0; i < len; i++) {
        const char *w;
        bool fn = i > 0 && i + 1 < len && below(&c->rng, 100) < 18;
        w = fn ? function_words[zipf_draw(&c->zfunc, &c->rng) % 12] : c->forms[content_word(c, t, true)];
        if ((i && !put(c, " ", 1)) || !put_word(c, w, !fn))
            return false;
        if (prev && !fn && below(&c->qrng, 8) == 0) {
            snprintf(pair, sizeof pair, "%s %s", prev, w);
            sample(c, &c->phrases, pair);
        }
        prev = fn ? NULL : w;
    }
    return true;
}

static bool write_abstract(pdx_corpus *c, const paper_topics *t) {
    unsigned len = 150 + below(&c->rng, 51); /* 150-200 */
    unsigned in_sentence = 0, sentence = 8 + below(&c->rng, 18);
    for (unsigned i = 0; i < len; i++) {
        unsigned r = below(&c->rng, 100);
        const char *w = r < 38 ? function_words[zipf_draw(&c->zfunc, &c->rng)]
                               : c->forms[content_word(c, t, false)];
        if (i && !put(c, " ", 1))
            return false;
        if (!put_word(c, w, in_sentence == 0))
            return false;
        in_sentence++;
        if (in_sentence >= sentence || i + 1 == len) {
            if (!put(c, ".", 1))
                return false;
            in_sentence = 0;
            sentence = 8 + below(&c->rng, 18);
        } else if (below(&c->rng, 100) < 6 && !put(c, ",", 1)) {
            return false;
        }
    }
    return true;
}

/* A person's name as written on one paper. */
static void render_name(pdx_corpus *c, const person *p, char *buf, size_t cap, bool canonical) {
    const char *g = given_names[p->given - 1];
    const char *g2 = p->given2 ? given_names[p->given2 - 1] : NULL;
    const char *s = c->surnames[p->surname];
    unsigned form = canonical ? 100 : below(&c->rng, 100);
    char mid[4] = "";
    if (p->middle)
        snprintf(mid, sizeof mid, "%c.", p->middle);
    if (canonical) {
        snprintf(buf, cap, "%s%s%s %s", g, g2 ? " " : "", g2 ? g2 : "", s);
    } else if (form < 70) {
        snprintf(buf, cap, "%s%s%s%s%s %s", g, g2 ? " " : "", g2 ? g2 : "", *mid ? " " : "", mid,
                 s);
    } else if (form < 85) {
        /* initials: "J.-P." for a hyphenated given name */
        const char *h = strchr(g, '-');
        char ini[16];
        if (h && h[1])
            snprintf(ini, sizeof ini, "%c.-%c.", g[0], h[1]);
        else
            snprintf(ini, sizeof ini, "%c.", g[0]);
        if ((unsigned char)g[0] >= 0x80) /* a multi-byte first letter: keep it whole */
            snprintf(ini, sizeof ini, "%.*s.", (unsigned char)g[0] >= 0xe0 ? 3 : 2, g);
        snprintf(buf, cap, "%s%s%s %s", ini, *mid ? " " : "", mid, s);
    } else if (form < 93) {
        snprintf(buf, cap, "%s %s", g, s);
    } else {
        snprintf(buf, cap, "%s, %s%s%s", s, g, *mid ? " " : "", mid);
    }
}

/* Appends s as a JSON string (generated text has no control characters;
 * quotes and backslashes are escaped anyway). */
static bool put_json_string(pdx_corpus *c, const char *s) {
    if (!put(c, "\"", 1))
        return false;
    for (const char *p = s; *p; p++) {
        if ((*p == '"' || *p == '\\') && !put(c, "\\", 1))
            return false;
        if (!put(c, p, 1))
            return false;
    }
    return put(c, "\"", 1);
}

/* The next paper: title and abstract as slices of the scratch line,
 * authors as people (their spelling is drawn when written). */
typedef struct fields {
    size_t title, title_end, abstract, abstract_end;
    uint32_t authors[8];
    unsigned n_authors;
    int year, month, day;
    const char *category;
} fields;

static bool make_paper(pdx_corpus *c, fields *f) {
    c->n_line = 0;
    paper_topics t = {zipf_draw(&c->ztopics, &c->rng), below(&c->rng, N_TOPICS)};
    f->title = c->n_line;
    if (!write_title(c, &t))
        return false;
    f->title_end = c->n_line;
    f->abstract = c->n_line;
    if (!write_abstract(c, &t))
        return false;
    f->abstract_end = c->n_line;
    f->n_authors = 3 + below(&c->rng, 6); /* 3-8 */
    for (unsigned i = 0; i < f->n_authors; i++) {
        uint32_t who = zipf_draw(&c->zpeople, &c->rng);
        /* ranks are scattered over the pool, so that the prolific are not
         * the people made first */
        f->authors[i] = (uint32_t)(((uint64_t)who * 2654435761u) % c->n_people);
    }
    f->year = 2025 - (int)zipf_draw(&c->zage, &c->rng);
    f->month = 1 + (int)below(&c->rng, 12);
    f->day = 1 + (int)below(&c->rng, 28);
    f->category = categories[zipf_draw(&c->zcats, &c->rng)];
    char name[160];
    render_name(c, &c->people[f->authors[0]], name, sizeof name, true);
    if (below(&c->qrng, 4) == 0)
        sample(c, &c->authors, name);
    return true;
}

bool pdx_corpus_next_jsonl(pdx_corpus *c, FILE *out) {
    if (c->done >= c->n)
        return false;
    fields f;
    if (!make_paper(c, &f))
        return false;
    /* The paper's text is at the start of the line buffer; the JSON is
     * built after it. */
    size_t text_end = c->n_line;
    char buf[256];
    snprintf(buf, sizeof buf, "{\"id\": \"g%08llu\", \"title\": ", (unsigned long long)c->done + 1);
    bool ok = puts_(c, buf);
    /* Copies: put() may move the buffer. */
    char *title = strndup(c->line + f.title, f.title_end - f.title);
    char *abstract = strndup(c->line + f.abstract, f.abstract_end - f.abstract);
    ok = ok && title && abstract && put_json_string(c, title) && puts_(c, ", \"authors\": [");
    for (unsigned i = 0; ok && i < f.n_authors; i++) {
        char name[160];
        render_name(c, &c->people[f.authors[i]], name, sizeof name, false);
        ok = (!i || puts_(c, ", ")) && put_json_string(c, name);
    }
    snprintf(buf, sizeof buf, "], \"date\": \"%04d-%02d-%02d\", \"categories\": \"%s\", \"abstract\": ",
             f.year, f.month, f.day, f.category);
    ok = ok && puts_(c, buf) && put_json_string(c, abstract) && puts_(c, "}\n");
    free(title);
    free(abstract);
    ok = ok && fwrite(c->line + text_end, 1, c->n_line - text_end, out) == c->n_line - text_end;
    c->done++;
    return ok;
}

bool pdx_corpus_next_listing(pdx_corpus *c, FILE *out) {
    if (c->done >= c->n)
        return false;
    fields f;
    if (!make_paper(c, &f))
        return false;
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    /* "LGOct 2, 2019": the category's last part in capitals, the date */
    const char *dot = strrchr(f.category, '.');
    const char *cat = dot ? dot + 1 : f.category;
    char catu[16];
    size_t k = 0;
    for (; cat[k] && k + 1 < sizeof catu; k++)
        catu[k] = (char)(cat[k] >= 'a' && cat[k] <= 'z' ? cat[k] - 'a' + 'A' : cat[k]);
    catu[k] = '\0';
    bool ok = fprintf(out, "%s%s %d, %d\n%.*s", catu, months[f.month - 1], f.day, f.year,
                      (int)(f.title_end - f.title), c->line + f.title) > 0;
    for (unsigned i = 0; ok && i < f.n_authors; i++) {
        char name[160];
        render_name(c, &c->people[f.authors[i]], name, sizeof name, false);
        if (strchr(name, ',')) /* a list of names: no "Surname, Given" here */
            render_name(c, &c->people[f.authors[i]], name, sizeof name, true);
        ok = fprintf(out, "%s%s", i ? ", " : "", name) > 0;
    }
    ok = ok && fprintf(out, "\n%.*s\n\n", (int)(f.abstract_end - f.abstract), c->line + f.abstract) > 0;
    c->done++;
    return ok;
}

/* ---- queries ---- */

const char *pdx_corpus_qkind_name(pdx_corpus_qkind k) {
    switch (k) {
    case PDX_CQ_WORD: return "word";
    case PDX_CQ_WORDS: return "words";
    case PDX_CQ_PHRASE: return "phrase";
    case PDX_CQ_AUTHOR: return "author";
    }
    return "?";
}

static const char *topic_word(pdx_corpus *c, uint32_t topic) {
    return c->forms[c->topics[topic * TOPIC_WORDS + zipf_draw(&c->ztopic_words, &c->qrng)]];
}

bool pdx_corpus_queries(pdx_corpus *c, FILE *out, size_t nq) {
    bool ok = true;
    for (size_t i = 0; i < nq && ok; i++) {
        /* 30% one word, 30% several, 15% phrases, 25% authors */
        unsigned slot = (unsigned)(i % 20);
        pdx_corpus_qkind kind = slot < 6    ? PDX_CQ_WORD
                                : slot < 12 ? PDX_CQ_WORDS
                                : slot < 15 ? PDX_CQ_PHRASE
                                            : PDX_CQ_AUTHOR;
        reservoir *r = kind == PDX_CQ_PHRASE ? &c->phrases : &c->authors;
        if ((kind == PDX_CQ_PHRASE || kind == PDX_CQ_AUTHOR) && !r->seen)
            kind = PDX_CQ_WORDS;
        uint32_t topic = zipf_draw(&c->ztopics, &c->qrng);
        ok = fprintf(out, "%s\t", pdx_corpus_qkind_name(kind)) > 0;
        if (kind == PDX_CQ_WORD) {
            ok = ok && fputs(topic_word(c, topic), out) >= 0;
        } else if (kind == PDX_CQ_WORDS) {
            unsigned k = 2 + below(&c->qrng, 2);
            const char *prev[3] = {NULL, NULL, NULL};
            for (unsigned j = 0; j < k && ok; j++) {
                const char *w = topic_word(c, topic);
                for (unsigned tries = 0; tries < 8 && ((j > 0 && w == prev[0]) || (j > 1 && w == prev[1])); tries++)
                    w = topic_word(c, topic);
                prev[j] = w;
                ok = fprintf(out, "%s%s", j ? " " : "", w) > 0;
            }
        } else {
            size_t have = r->seen < RESERVOIR ? (size_t)r->seen : RESERVOIR;
            const char *s = r->v[below(&c->qrng, (uint32_t)have)];
            /* phrases are written in lower case, as people type them */
            for (const char *p = s; *p && ok; p++)
                ok = fputc(kind == PDX_CQ_PHRASE && *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p, out) != EOF;
        }
        ok = ok && fputc('\n', out) != EOF;
    }
    return ok;
}

bool pdx_corpus_parse_size(uint64_t *out, const char *s) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return false;
    if (*end == 'k' || *end == 'K')
        v *= 1000, end++;
    else if (*end == 'm' || *end == 'M')
        v *= 1000000, end++;
    if (*end)
        return false;
    *out = v;
    return true;
}
