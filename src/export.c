/*
 * export.c — records as citations: BibTeX, RIS and CSL-JSON (export.h,
 * pdx_export() in paperdex.h).
 *
 * The three formats say the same things in their own words; what they
 * share is decided once per record: its kind (article, proceedings paper,
 * preprint), its key, and its authors split into family and given names.
 * What a reader of each needs:
 *   BibTeX   "Family, Given" names joined by "and" (so particles and
 *            multi-word surnames parse), pages with "--", LaTeX specials
 *            escaped, capitalised words of titles braced ("{NeRF}") so
 *            styles that lower-case titles keep them; UTF-8 kept (biber
 *            reads it; BibTeX passes the bytes to LaTeX, which reads
 *            UTF-8 by default since 2018).
 *   RIS      "XX  - value" lines, one value per line (new lines in an
 *            abstract become spaces), LF line ends, ER closing a record.
 *   CSL-JSON the item shape citeproc-js and Zotero read: author objects,
 *            issued.date-parts, page "245-260".
 */
#include "export.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "paper.h"
#include "text/text.h"

pdx_status pdx_export_format_parse(pdx_export_format *out, const char *name) {
    *out = PDX_EXPORT_BIBTEX;
    if (strcmp(name, "bibtex") == 0)
        return PDX_OK;
    if (strcmp(name, "ris") == 0) {
        *out = PDX_EXPORT_RIS;
        return PDX_OK;
    }
    if (strcmp(name, "csl-json") == 0 || strcmp(name, "csljson") == 0) {
        *out = PDX_EXPORT_CSL_JSON;
        return PDX_OK;
    }
    return PDX_EINVAL;
}

/* ---- what the formats share ------------------------------------------------ */

/* True when `hay` contains `needle` as a whole word, ignoring ASCII case. */
static bool has_word(const char *hay, const char *needle) {
    size_t k = strlen(needle);
    for (const char *s = hay; *s; s++) {
        if (strncasecmp(s, needle, k) != 0)
            continue;
        bool start = s == hay || !isalnum((unsigned char)s[-1]);
        bool end = !isalnum((unsigned char)s[k]);
        if (start && end)
            return true;
    }
    return false;
}

pdx_export_kind pdx_export__kind(const pdx_paper *p) {
    const char *v = pdx_paper_venue(p);
    if (!v)
        return pdx_paper_extid(p, "arxiv") ? PDX_KIND_PREPRINT : PDX_KIND_OTHER;
    /* Words that name a meeting, and the acronyms of the big ones, whose
     * proceedings are cited by the acronym alone ("NeurIPS 2019"). */
    static const char *const meeting[] = {
        "proceedings", "proc", "conference", "conf", "workshop", "symposium", "congress",
        "colloquium", "meeting", "neurips", "nips", "icml", "iclr", "cvpr", "iccv", "eccv",
        "acl", "emnlp", "naacl", "coling", "aaai", "ijcai", "sigir", "kdd", "sigmod", "vldb",
        "chi", "uai", "aistats", "colt", "interspeech", "icassp",
    };
    for (size_t i = 0; i < sizeof meeting / sizeof *meeting; i++)
        if (has_word(v, meeting[i]))
            return PDX_KIND_PROCEEDINGS;
    return PDX_KIND_ARTICLE;
}

void pdx_export__name_free(pdx_export_name *nm) {
    if (nm)
        pdx_buf__free(&nm->store);
}

/* Name particles that belong to the family name when written in lower
 * case ("Ana María de la Vega", "Ludwig van der Waals"). */
static bool is_particle(const char *w, size_t n) {
    static const char *const particles[] = {"de", "la", "le", "van", "von", "der", "den", "du",
                                            "di", "da", "del", "della", "des", "dos", "das",
                                            "ten", "ter", "zu", "af", "al", "el", "bin", "ibn"};
    for (size_t i = 0; i < sizeof particles / sizeof *particles; i++)
        if (strlen(particles[i]) == n && memcmp(particles[i], w, n) == 0)
            return true;
    return false;
}

static bool is_suffix(const char *w, size_t n) {
    static const char *const suffixes[] = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
        if (strlen(suffixes[i]) == n && memcmp(suffixes[i], w, n) == 0)
            return true;
    return false;
}

/* Appends s[0..n) trimmed and a NUL to the store; returns its offset. */
static size_t put_part(pdx_status *st, pdx_buf *b, const char *s, size_t n) {
    while (n && *s == ' ') {
        s++;
        n--;
    }
    while (n && s[n - 1] == ' ')
        n--;
    size_t at = b->n;
    pdx_buf__add(st, b, s, n);
    pdx_buf__addc(st, b, '\0');
    return at;
}

/* "Given [particles] Family [Suffix]" into the store: the offsets of its
 * family, given and suffix parts. */
static void split_words(pdx_status *st, pdx_buf *b, const char *s, size_t n, size_t *fam,
                        size_t *giv, size_t *suf) {
    size_t end = n;
    while (end && s[end - 1] == ' ')
        end--;
    size_t last = end;
    while (last && s[last - 1] != ' ')
        last--;
    size_t suffix_at = end;
    if (is_suffix(s + last, end - last) && last) {
        suffix_at = last;
        end = last;
        while (end && s[end - 1] == ' ')
            end--;
        last = end;
        while (last && s[last - 1] != ' ')
            last--;
    }
    /* particles before the last word */
    size_t from = last;
    for (;;) {
        size_t e = from;
        while (e && s[e - 1] == ' ')
            e--;
        size_t a = e;
        while (a && s[a - 1] != ' ')
            a--;
        if (a == e || a == 0 || !is_particle(s + a, e - a))
            break;
        from = a;
    }
    *fam = put_part(st, b, s + from, end - from);
    *giv = put_part(st, b, s, from);
    *suf = put_part(st, b, s + suffix_at, n - suffix_at);
}

pdx_status pdx_export__name(pdx_export_name *out, const char *s) {
    memset(out, 0, sizeof *out);
    pdx_status st = PDX_OK;
    pdx_buf *b = &out->store;
    size_t n = strlen(s);
    size_t fam = 0, giv = 0, suf = 0;
    const char *comma = strchr(s, ','), *c2 = comma ? strchr(comma + 1, ',') : NULL;
    /* what follows the last comma, trimmed */
    const char *after = c2 ? c2 + 1 : comma ? comma + 1 : s + n;
    struct {
        const char *s;
        size_t n;
    } tail = {after, strlen(after)};
    while (tail.n && *tail.s == ' ') {
        tail.s++;
        tail.n--;
    }
    while (tail.n && tail.s[tail.n - 1] == ' ')
        tail.n--;
    static const char *const groups[] = {"collaboration", "consortium", "group", "team",
                                         "project", "committee"};
    bool literal = !strchr(s, ' ');
    for (size_t i = 0; !literal && i < sizeof groups / sizeof *groups; i++)
        literal = has_word(s, groups[i]);
    if (literal) {
        fam = put_part(&st, b, s, n);
        giv = suf = put_part(&st, b, "", 0);
        out->literal = true;
    } else if (comma && !c2 && is_suffix(tail.s, tail.n)) {
        /* "John Weir, Jr.": the words before the comma, then the suffix */
        char *joined = malloc(n + 1);
        if (!joined)
            return PDX_ENOMEM;
        snprintf(joined, n + 1, "%.*s %.*s", (int)(comma - s), s, (int)tail.n, tail.s);
        st = pdx_export__name(out, joined);
        free(joined);
        return st;
    } else if (comma) {
        /* "Family, Given", "Family, Jr., Given" (BibTeX), "Family, Given,
         * Jr." (RIS) */
        fam = put_part(&st, b, s, (size_t)(comma - s));
        if (c2 && is_suffix(tail.s, tail.n)) {
            giv = put_part(&st, b, comma + 1, (size_t)(c2 - comma - 1));
            suf = put_part(&st, b, tail.s, tail.n);
        } else if (c2) {
            suf = put_part(&st, b, comma + 1, (size_t)(c2 - comma - 1));
            giv = put_part(&st, b, c2 + 1, strlen(c2 + 1));
        } else {
            giv = put_part(&st, b, comma + 1, strlen(comma + 1));
            suf = put_part(&st, b, "", 0);
        }
    } else {
        /* words: [given...] [particles...] family [suffix] */
        split_words(&st, b, s, n, &fam, &giv, &suf);
    }
    if (st) {
        pdx_export__name_free(out);
        memset(out, 0, sizeof *out);
        return st;
    }
    out->family = b->p + fam;
    out->given = b->p + giv;
    out->suffix = b->p + suf;
    return PDX_OK;
}

/* Appends the lower-case ASCII letters and digits of the folded `s`. */
static void add_key_part(pdx_status *st, pdx_buf *out, const char *s, size_t n) {
    pdx_buf f = PDX_BUF_INIT;
    pdx_text__fold(st, &f, s, n, PDX_FOLD_CASE | PDX_FOLD_ACCENTS);
    for (size_t i = 0; i < f.n; i++)
        if (isalnum((unsigned char)f.p[i]) && !((unsigned char)f.p[i] & 0x80))
            pdx_buf__addc(st, out, (char)tolower((unsigned char)f.p[i]));
    pdx_buf__free(&f);
}

void pdx_export__base_key(pdx_status *st, pdx_buf *out, const pdx_paper *p) {
    const char *bib = pdx_paper_extid(p, "bibtex");
    if (bib) {
        pdx_buf__adds(st, out, bib);
        return;
    }
    size_t at = out->n;
    if (pdx_paper_author_count(p)) {
        pdx_export_name nm;
        pdx_status s2 = pdx_export__name(&nm, pdx_paper_author(p, 0));
        if (s2)
            *st = s2;
        else
            add_key_part(st, out, nm.family, strlen(nm.family));
        pdx_export__name_free(&nm);
    }
    if (out->n == at)
        pdx_buf__adds(st, out, "anon");
    if (pdx_paper_year(p))
        pdx_buf__printf(st, out, "%d", pdx_paper_year(p));
    else
        pdx_buf__adds(st, out, "nd");
    /* the first title word that is not an article: "The Lattice" → lattice */
    const char *t = pdx_paper_title(p);
    while (*t) {
        while (*t && !isalnum((unsigned char)*t) && !((unsigned char)*t & 0x80))
            t++;
        size_t k = 0;
        while (t[k] && (isalnum((unsigned char)t[k]) || ((unsigned char)t[k] & 0x80)))
            k++;
        if (!k)
            break;
        bool article = (k == 1 && (*t == 'a' || *t == 'A')) ||
                       (k == 2 && strncasecmp(t, "an", 2) == 0) ||
                       (k == 3 && strncasecmp(t, "the", 3) == 0);
        if (!article) {
            add_key_part(st, out, t, k);
            break;
        }
        t += k;
    }
}

/* Makes keys[0..n) unique: every key that occurs more than once gets a
 * suffix "a", "b", ... in order of occurrence, skipping any that would
 * equal another key ("smith2020a" given by a .bib file). */
static pdx_status unique_keys(char **keys, size_t n) {
    pdx_status st = PDX_OK;
    /* nth[i]: 0 for a key that occurs once, else 1 + how many times it
     * occurred before i */
    size_t *nth = calloc(n ? n : 1, sizeof *nth);
    if (!nth)
        return PDX_ENOMEM;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (j != i && strcmp(keys[i], keys[j]) == 0) {
                nth[i] = 1;
                for (size_t k = 0; k < i; k++)
                    nth[i] += strcmp(keys[k], keys[i]) == 0;
                break;
            }
    pdx_buf k = PDX_BUF_INIT;
    for (size_t i = 0; !st && i < n; i++) {
        if (!nth[i])
            continue;
        for (size_t s = nth[i] - 1, taken = 1; taken && !st; s++) {
            pdx_buf__clear(&k);
            pdx_buf__adds(&st, &k, keys[i]);
            if (s < 26)
                pdx_buf__addc(&st, &k, (char)('a' + s));
            else
                pdx_buf__printf(&st, &k, "z%zu", s);
            taken = 0;
            for (size_t j = 0; !st && j < n && !taken; j++)
                taken = j != i && strcmp(keys[j], pdx_buf__str(&k)) == 0;
        }
        char *nk = st ? NULL : pdx_buf__detach(&k);
        if (nk) {
            free(keys[i]);
            keys[i] = nk;
        } else if (!st) {
            st = PDX_ENOMEM;
        }
    }
    pdx_buf__free(&k);
    free(nth);
    return st;
}

/* ---- BibTeX ---------------------------------------------------------------- */

void pdx_export__tex(pdx_status *st, pdx_buf *out, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': case '%': case '$': case '#': case '_': case '{': case '}':
            pdx_buf__addc(st, out, '\\');
            pdx_buf__addc(st, out, *s);
            break;
        case '~': pdx_buf__adds(st, out, "\\textasciitilde{}"); break;
        case '^': pdx_buf__adds(st, out, "\\textasciicircum{}"); break;
        case '\\': pdx_buf__adds(st, out, "\\textbackslash{}"); break;
        case '\n': case '\r': case '\t': pdx_buf__addc(st, out, ' '); break;
        default: pdx_buf__addc(st, out, *s);
        }
    }
}

/* A title, escaped, with words that must keep their capitals braced:
 * "Event Cameras Meet NeRF" → "Event Cameras Meet {NeRF}". */
static void tex_title(pdx_status *st, pdx_buf *out, const char *s) {
    pdx_buf w = PDX_BUF_INIT;
    while (*s && !*st) {
        size_t k = strcspn(s, " ");
        bool caps = false;
        for (size_t i = 1; i < k; i++)
            caps |= isupper((unsigned char)s[i]) != 0;
        pdx_buf__clear(&w);
        pdx_buf__add(st, &w, s, k);
        if (caps)
            pdx_buf__addc(st, out, '{');
        pdx_export__tex(st, out, pdx_buf__str(&w));
        if (caps)
            pdx_buf__addc(st, out, '}');
        s += k;
        while (*s == ' ')
            pdx_buf__addc(st, out, *s++);
    }
    pdx_buf__free(&w);
}

static void bib_field(pdx_status *st, pdx_buf *out, const char *name, const char *value) {
    if (!value || !*value)
        return;
    pdx_buf__printf(st, out, "  %s = {", name);
    pdx_export__tex(st, out, value);
    pdx_buf__adds(st, out, "},\n");
}

/* "245-260" with BibTeX's "--" between a range's ends. */
static void bib_pages(pdx_status *st, pdx_buf *out, const char *pages) {
    if (!pages)
        return;
    pdx_buf v = PDX_BUF_INIT;
    for (const char *s = pages; *s; s++) {
        if (*s == '-')
            pdx_buf__adds(st, &v, "--");
        else
            pdx_buf__addc(st, &v, *s);
    }
    pdx_buf__printf(st, out, "  pages = {%s},\n", pdx_buf__str(&v));
    pdx_buf__free(&v);
}

static void bib_authors(pdx_status *st, pdx_buf *out, const pdx_paper *p) {
    size_t n = pdx_paper_author_count(p);
    if (!n)
        return;
    pdx_buf__adds(st, out, "  author = {");
    for (size_t i = 0; i < n && !*st; i++) {
        pdx_export_name nm;
        pdx_status s2 = pdx_export__name(&nm, pdx_paper_author(p, i));
        if (s2) {
            *st = s2;
            break;
        }
        if (i)
            pdx_buf__adds(st, out, " and ");
        if (nm.literal) {
            pdx_buf__addc(st, out, '{');
            pdx_export__tex(st, out, nm.family);
            pdx_buf__addc(st, out, '}');
        } else {
            pdx_export__tex(st, out, nm.family);
            if (*nm.suffix) {
                pdx_buf__adds(st, out, ", ");
                pdx_export__tex(st, out, nm.suffix);
            }
            if (*nm.given) {
                pdx_buf__adds(st, out, ", ");
                pdx_export__tex(st, out, nm.given);
            }
        }
        pdx_export__name_free(&nm);
    }
    if (pdx_paper_authors_truncated(p))
        pdx_buf__adds(st, out, " and others");
    pdx_buf__adds(st, out, "},\n");
}

/* The month (1-12) of an ISO date "YYYY-MM[-DD]", else 0. */
static int month_of(const char *date) {
    if (!date || strlen(date) < 7 || date[4] != '-' || !isdigit((unsigned char)date[5]) ||
        !isdigit((unsigned char)date[6]))
        return 0;
    int m = (date[5] - '0') * 10 + (date[6] - '0');
    return m >= 1 && m <= 12 ? m : 0;
}

/* The day of an ISO date "YYYY-MM-DD", else 0. */
static int day_of(const char *date) {
    if (!month_of(date) || strlen(date) < 10 || date[7] != '-')
        return 0;
    int d = atoi(date + 8);
    return d >= 1 && d <= 31 ? d : 0;
}

static void bibtex_entry(pdx_status *st, pdx_buf *out, const pdx_paper *p, const char *key) {
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    pdx_export_kind kind = pdx_export__kind(p);
    const char *type = kind == PDX_KIND_ARTICLE       ? "article"
                       : kind == PDX_KIND_PROCEEDINGS ? "inproceedings"
                                                      : "misc";
    pdx_buf__printf(st, out, "@%s{%s,\n", type, key);
    bib_authors(st, out, p);
    pdx_buf__adds(st, out, "  title = {");
    tex_title(st, out, pdx_paper_title(p));
    pdx_buf__adds(st, out, "},\n");
    if (kind == PDX_KIND_ARTICLE)
        bib_field(st, out, "journal", pdx_paper_venue(p));
    else if (kind == PDX_KIND_PROCEEDINGS)
        bib_field(st, out, "booktitle", pdx_paper_venue(p));
    if (pdx_paper_year(p))
        pdx_buf__printf(st, out, "  year = {%d},\n", pdx_paper_year(p));
    int m = month_of(pdx_paper_date(p));
    if (m)
        pdx_buf__printf(st, out, "  month = %s,\n", months[m - 1]);
    bib_field(st, out, "volume", pdx_paper_volume(p));
    bib_field(st, out, "number", pdx_paper_number(p));
    bib_pages(st, out, pdx_paper_pages(p));
    bib_field(st, out, "doi", pdx_paper_extid(p, "doi"));
    const char *ax = pdx_paper_extid(p, "arxiv");
    if (ax) {
        bib_field(st, out, "eprint", ax);
        pdx_buf__adds(st, out, "  archivePrefix = {arXiv},\n");
        bib_field(st, out, "primaryClass", pdx_paper_category(p));
    }
    if (pdx_paper_journal_ref(p) && kind != PDX_KIND_ARTICLE)
        bib_field(st, out, "note", pdx_paper_journal_ref(p));
    bib_field(st, out, "abstract", pdx_paper_abstract(p));
    pdx_buf__adds(st, out, "}\n\n");
}

/* ---- RIS ------------------------------------------------------------------- */

static void ris_line(pdx_status *st, pdx_buf *out, const char *tag, const char *value) {
    if (!value || !*value)
        return;
    pdx_buf__printf(st, out, "%s  - ", tag);
    for (const char *s = value; *s; s++)
        pdx_buf__addc(st, out, *s == '\n' || *s == '\r' ? ' ' : *s);
    pdx_buf__addc(st, out, '\n');
}

static void ris_entry(pdx_status *st, pdx_buf *out, const pdx_paper *p, const char *key) {
    pdx_export_kind kind = pdx_export__kind(p);
    ris_line(st, out, "TY", kind == PDX_KIND_ARTICLE       ? "JOUR"
                            : kind == PDX_KIND_PROCEEDINGS ? "CONF"
                                                           : "GEN");
    ris_line(st, out, "ID", key);
    pdx_buf name = PDX_BUF_INIT;
    for (size_t i = 0; i < pdx_paper_author_count(p) && !*st; i++) {
        pdx_export_name nm;
        pdx_status s2 = pdx_export__name(&nm, pdx_paper_author(p, i));
        if (s2) {
            *st = s2;
            break;
        }
        /* "Family, Given, Suffix": RIS's order */
        pdx_buf__clear(&name);
        pdx_buf__adds(st, &name, nm.family);
        if (*nm.given)
            pdx_buf__printf(st, &name, ", %s", nm.given);
        if (*nm.suffix)
            pdx_buf__printf(st, &name, ", %s", nm.suffix);
        ris_line(st, out, "AU", pdx_buf__str(&name));
        pdx_export__name_free(&nm);
    }
    pdx_buf__free(&name);
    /* RIS has no "et al.": a note says the list is cut */
    if (pdx_paper_authors_truncated(p))
        ris_line(st, out, "N1", PDX_NOTE_ET_AL);
    ris_line(st, out, "TI", pdx_paper_title(p));
    ris_line(st, out, "T2", pdx_paper_venue(p));
    char v[32];
    if (pdx_paper_year(p)) {
        snprintf(v, sizeof v, "%d", pdx_paper_year(p));
        ris_line(st, out, "PY", v);
    }
    int m = month_of(pdx_paper_date(p)), d = day_of(pdx_paper_date(p));
    if (m && pdx_paper_year(p)) {
        if (d)
            snprintf(v, sizeof v, "%04d/%02d/%02d/", pdx_paper_year(p), m, d);
        else
            snprintf(v, sizeof v, "%04d/%02d//", pdx_paper_year(p), m);
        ris_line(st, out, "DA", v);
    }
    ris_line(st, out, "VL", pdx_paper_volume(p));
    ris_line(st, out, "IS", pdx_paper_number(p));
    const char *pages = pdx_paper_pages(p);
    if (pages) {
        const char *dash = strchr(pages, '-');
        if (dash && dash > pages) {
            pdx_buf sp = PDX_BUF_INIT;
            pdx_buf__add(st, &sp, pages, (size_t)(dash - pages));
            ris_line(st, out, "SP", pdx_buf__str(&sp));
            ris_line(st, out, "EP", dash + 1);
            pdx_buf__free(&sp);
        } else {
            ris_line(st, out, "SP", pages);
        }
    }
    const char *doi = pdx_paper_extid(p, "doi"), *ax = pdx_paper_extid(p, "arxiv");
    ris_line(st, out, "DO", doi);
    pdx_buf url = PDX_BUF_INIT;
    if (ax)
        pdx_buf__printf(st, &url, "https://arxiv.org/abs/%s", ax);
    else if (doi)
        pdx_buf__printf(st, &url, "https://doi.org/%s", doi);
    if (url.n)
        ris_line(st, out, "UR", pdx_buf__str(&url));
    pdx_buf__free(&url);
    ris_line(st, out, "AB", pdx_paper_abstract(p));
    pdx_buf__adds(st, out, "ER  - \n\n");
}

/* ---- CSL-JSON -------------------------------------------------------------- */

static int set_str(json_t *o, const char *k, const char *v) {
    return v && *v ? json_object_set_new(o, k, json_string(v)) : 0;
}

/* CSL's "author" array: each name split into family, given and suffix,
 * or kept "literal" when it is an organisation. Returns non-zero when out
 * of memory, as jansson's setters do. */
static int csl_authors(json_t *o, const pdx_paper *p) {
    json_t *authors = json_array();
    int bad = !authors;
    for (size_t i = 0; !bad && i < pdx_paper_author_count(p); i++) {
        pdx_export_name nm;
        if (pdx_export__name(&nm, pdx_paper_author(p, i))) {
            bad = 1;
            break;
        }
        json_t *a = json_object();
        bad |= !a;
        if (!bad && nm.literal) {
            bad |= set_str(a, "literal", nm.family);
        } else if (!bad) {
            bad |= set_str(a, "family", nm.family);
            bad |= set_str(a, "given", nm.given);
            bad |= set_str(a, "suffix", nm.suffix);
        }
        if (a)
            bad |= json_array_append_new(authors, a);
        pdx_export__name_free(&nm);
    }
    if (authors)
        bad |= json_object_set_new(o, "author", authors);
    return bad;
}

/* CSL's "issued": {"date-parts": [[year, month, day]]}, as precise as the
 * date is known (a year alone gives [[2021]]). Returns non-zero when out
 * of memory. */
static int csl_issued(json_t *o, const pdx_paper *p) {
    json_t *parts = json_array(), *dp = json_array();
    int m = month_of(pdx_paper_date(p)), d = day_of(pdx_paper_date(p));
    int bad = !parts || !dp;
    if (!bad) {
        bad |= json_array_append_new(parts, json_integer(pdx_paper_year(p)));
        if (m)
            bad |= json_array_append_new(parts, json_integer(m));
        if (m && d)
            bad |= json_array_append_new(parts, json_integer(d));
        bad |= json_array_append(dp, parts);
        json_t *issued = json_object();
        bad |= !issued;
        if (issued) {
            bad |= json_object_set(issued, "date-parts", dp);
            bad |= json_object_set_new(o, "issued", issued);
        }
    }
    json_decref(parts);
    json_decref(dp);
    return bad;
}

/* One CSL item, or NULL when out of memory. */
static json_t *csl_item(const pdx_paper *p, const char *key) {
    json_t *o = json_object();
    if (!o)
        return NULL;
    pdx_export_kind kind = pdx_export__kind(p);
    int bad = set_str(o, "id", key);
    bad |= set_str(o, "type", kind == PDX_KIND_ARTICLE       ? "article-journal"
                              : kind == PDX_KIND_PROCEEDINGS ? "paper-conference"
                                                             : "article");
    bad |= set_str(o, "title", pdx_paper_title(p));
    if (!bad)
        bad = csl_authors(o, p);
    /* CSL has no "et al." either: its free-text note says so */
    if (!bad && pdx_paper_authors_truncated(p))
        bad = set_str(o, "note", PDX_NOTE_ET_AL);
    if (!bad && pdx_paper_year(p))
        bad = csl_issued(o, p);
    bad |= set_str(o, "container-title", pdx_paper_venue(p));
    bad |= set_str(o, "volume", pdx_paper_volume(p));
    bad |= set_str(o, "issue", pdx_paper_number(p));
    bad |= set_str(o, "page", pdx_paper_pages(p));
    const char *doi = pdx_paper_extid(p, "doi"), *ax = pdx_paper_extid(p, "arxiv");
    bad |= set_str(o, "DOI", doi);
    char url[160];
    url[0] = '\0';
    if (ax)
        snprintf(url, sizeof url, "https://arxiv.org/abs/%s", ax);
    else if (doi && strlen(doi) < 120)
        snprintf(url, sizeof url, "https://doi.org/%s", doi);
    bad |= set_str(o, "URL", url);
    if (ax && kind == PDX_KIND_PREPRINT) {
        /* how Zotero writes a preprint's arXiv id */
        char num[80];
        snprintf(num, sizeof num, "arXiv:%s", ax);
        bad |= set_str(o, "number", num);
        bad |= set_str(o, "publisher", "arXiv");
    }
    bad |= set_str(o, "abstract", pdx_paper_abstract(p));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ---- the writer ------------------------------------------------------------ */

pdx_status pdx_export(char **out, const pdx_paper *const *papers, size_t n,
                      pdx_export_format fmt) {
    *out = NULL;
    pdx_status st = PDX_OK;
    char **keys = calloc(n ? n : 1, sizeof *keys);
    if (!keys)
        return PDX_ENOMEM;
    pdx_buf b = PDX_BUF_INIT;
    for (size_t i = 0; !st && i < n; i++) {
        pdx_buf__clear(&b);
        pdx_export__base_key(&st, &b, papers[i]);
        if (!st && !(keys[i] = pdx_buf__detach(&b)))
            st = PDX_ENOMEM;
    }
    if (!st)
        st = unique_keys(keys, n);
    pdx_buf__clear(&b);
    if (!st && fmt == PDX_EXPORT_CSL_JSON) {
        json_t *arr = json_array();
        st = arr ? PDX_OK : PDX_ENOMEM;
        for (size_t i = 0; !st && i < n; i++) {
            json_t *item = csl_item(papers[i], keys[i]);
            if (!item || json_array_append_new(arr, item))
                st = PDX_ENOMEM;
        }
        char *s = st ? NULL : json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(arr);
        if (!st && !s)
            st = PDX_ENOMEM;
        pdx_buf__adds(&st, &b, s ? s : "");
        pdx_buf__addc(&st, &b, '\n');
        free(s);
    } else {
        for (size_t i = 0; !st && i < n; i++) {
            if (fmt == PDX_EXPORT_RIS)
                ris_entry(&st, &b, papers[i], keys[i]);
            else
                bibtex_entry(&st, &b, papers[i], keys[i]);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    if (st) {
        pdx_buf__free(&b);
        return st;
    }
    *out = pdx_buf__detach(&b);
    return *out ? PDX_OK : PDX_ENOMEM;
}
