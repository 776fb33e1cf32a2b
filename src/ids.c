/*
 * ids.c — pasted paper ids to index terms (see ids.h).
 *
 * Only the shapes people actually paste are recognised, from arXiv's and
 * doi.org's own pages and from citation managers; anything else is looked
 * up as a label (a BibTeX key, a source's own id) and as our own id, so an
 * unrecognised shape costs a miss, never a wrong paper.
 */
#include "ids.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "paper.h"
#include "schema.h"

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Trims white space (and the <> or quotes a mail client puts around a
 * URL) from both ends of s[0..*n). */
static const char *trim(const char *s, size_t *n) {
    while (*n && (is_space(*s) || *s == '<' || *s == '"')) {
        s++;
        (*n)--;
    }
    while (*n && (is_space(s[*n - 1]) || s[*n - 1] == '>' || s[*n - 1] == '"'))
        (*n)--;
    return s;
}

/* When s[0..*n) starts with `prefix` (ASCII, any case), drops it. */
static bool eat(const char **s, size_t *n, const char *prefix) {
    size_t k = strlen(prefix);
    if (*n < k || strncasecmp(*s, prefix, k) != 0)
        return false;
    *s += k;
    *n -= k;
    return true;
}

/* Drops "http://" or "https://" and then "www." (any case). */
static bool eat_scheme(const char **s, size_t *n) {
    if (!eat(s, n, "https://") && !eat(s, n, "http://"))
        return false;
    (void)eat(s, n, "www.");
    return true;
}

/* Cuts a URL's query or fragment ("?context=cs", "#page=3") and a final
 * slash. */
static void cut_query(const char *s, size_t *n) {
    for (size_t i = 0; i < *n; i++)
        if (s[i] == '?' || s[i] == '#') {
            *n = i;
            break;
        }
    while (*n && s[*n - 1] == '/')
        (*n)--;
}

size_t pdx_ids__arxiv(char out[64], const char *s, size_t n) {
    out[0] = '\0';
    s = trim(s, &n);
    /* a URL, with or without its scheme ("arxiv.org/abs/0704.0001") */
    bool scheme = eat_scheme(&s, &n);
    if (!scheme)
        (void)eat(&s, &n, "www.");
    bool host = eat(&s, &n, "export.arxiv.org/") || eat(&s, &n, "arxiv.org/");
    if (scheme && !host)
        return 0;
    if (host) {
        if (!eat(&s, &n, "abs/") && !eat(&s, &n, "pdf/") && !eat(&s, &n, "format/"))
            return 0;
        cut_query(s, &n);
        if (n > 4 && strncasecmp(s + n - 4, ".pdf", 4) == 0)
            n -= 4;
    } else if (eat(&s, &n, "arxiv:")) {
        while (n && is_space(*s)) {
            s++;
            n--;
        }
    }
    /* a version: "0704.0001v2" */
    size_t end = n;
    while (end && isdigit((unsigned char)s[end - 1]))
        end--;
    if (end && end < n && (s[end - 1] == 'v' || s[end - 1] == 'V'))
        n = end - 1;
    const char *slash = memchr(s, '/', n);
    if (!slash) {
        /* YYMM.NNNN (2007-2014) or YYMM.NNNNN (2015 on) */
        size_t i = 0;
        while (i < n && isdigit((unsigned char)s[i]))
            i++;
        if (i != 4 || i >= n || s[i] != '.' || n - i - 1 < 4 || n - i - 1 > 5)
            return 0;
        for (size_t j = i + 1; j < n; j++)
            if (!isdigit((unsigned char)s[j]))
                return 0;
        memcpy(out, s, n);
        out[n] = '\0';
        return n;
    }
    /* archive[.XX]/YYMMNNN: "hep-th/9901001", "math.AG/0101001" */
    size_t a = (size_t)(slash - s), num = n - a - 1;
    const char *dot = memchr(s, '.', a);
    size_t arch = dot ? (size_t)(dot - s) : a;
    if (arch == 0 || arch > 20 || num != 7)
        return 0;
    for (size_t i = 0; i < arch; i++)
        if (!(isalpha((unsigned char)s[i]) || s[i] == '-'))
            return 0;
    for (size_t i = a + 1; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    for (size_t i = 0; i < arch; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    out[arch] = '/';
    memcpy(out + arch + 1, slash + 1, num);
    out[arch + 1 + num] = '\0';
    return arch + 1 + num;
}

static int hex(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool pdx_ids__doi(pdx_status *st, pdx_buf *out, const char *s, size_t n) {
    s = trim(s, &n);
    bool url = false;
    bool scheme = eat_scheme(&s, &n);
    if (!scheme)
        (void)eat(&s, &n, "www.");
    bool host = eat(&s, &n, "dx.doi.org/") || eat(&s, &n, "doi.org/");
    if (scheme && !host)
        return false;
    if (host) {
        cut_query(s, &n);
        url = true;
    } else if (eat(&s, &n, "doi:")) {
        while (n && is_space(*s)) {
            s++;
            n--;
        }
    }
    /* a URL's percent escapes: "10.1000%2Fx" */
    pdx_buf d = PDX_BUF_INIT;
    for (size_t k = 0; k < n; k++) {
        int h1, h2;
        if (url && s[k] == '%' && k + 2 < n && (h1 = hex(s[k + 1])) >= 0 &&
            (h2 = hex(s[k + 2])) >= 0) {
            pdx_buf__addc(st, &d, (char)(h1 * 16 + h2));
            k += 2;
        } else {
            pdx_buf__addc(st, &d, s[k]);
        }
    }
    const char *v = pdx_buf__str(&d);
    n = d.n;
    /* a sentence's end pasted with it: "see 10.1000/x." */
    while (n && (v[n - 1] == '.' || v[n - 1] == ',' || v[n - 1] == ';'))
        n--;
    /* "10." registrant digits "/" suffix, no spaces */
    bool ok = n >= 6 && memcmp(v, "10.", 3) == 0;
    size_t i = 3;
    while (ok && i < n && (isdigit((unsigned char)v[i]) || v[i] == '.'))
        i++;
    ok = ok && i > 3 && i + 1 < n && v[i] == '/';
    for (size_t k = 0; ok && k < n; k++)
        ok = !is_space(v[k]);
    if (ok)
        pdx_buf__add(st, out, v, n);
    pdx_buf__free(&d);
    return ok;
}

/* Appends "XI" + the store's key of (scheme, value) as one term. */
static void add_extid(pdx_status *st, pdx_buf *out, const char *scheme, const char *value) {
    pdx_extid e = {scheme, value};
    pdx_buf__adds(st, out, PDX_PFX_EXTID);
    pdx_paper__extid_key(st, out, &e);
    pdx_buf__addc(st, out, '\0');
}

/* True when s[0..n) is ASCII digits only (and not empty). */
static bool all_digits(const char *s, size_t n) {
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    return n && i == n;
}

/* The other ids readers store, as pasted: "pmid:31415926", "PMID:
 * 31415926", a PubMed URL, "PMC6543210" or a PMC URL, "wos:000…",
 * "isbn:…".  Appends the term when `s` is one; `tmp` is scratch. */
static void add_scheme_id(pdx_status *st, pdx_buf *out, pdx_buf *tmp, const char *s, size_t n) {
    static const char *const schemes[] = {"pmid", "pmcid", "wos", "isbn", NULL};
    bool url = eat_scheme(&s, &n);
    cut_query(s, &n);
    const char *scheme = NULL;
    if (eat(&s, &n, "pubmed.ncbi.nlm.nih.gov/") || eat(&s, &n, "ncbi.nlm.nih.gov/pubmed/"))
        scheme = "pmid";
    else if (eat(&s, &n, "ncbi.nlm.nih.gov/pmc/articles/") ||
             eat(&s, &n, "pmc.ncbi.nlm.nih.gov/articles/"))
        scheme = "pmcid";
    else if (url)
        return;
    for (size_t i = 0; !scheme && schemes[i]; i++) {
        const char *t = s;
        size_t k = n;
        if (eat(&t, &k, schemes[i]) && k && (*t == ':' || *t == ' ')) {
            t++;
            k--;
            t = trim(t, &k);
            s = t;
            n = k;
            scheme = schemes[i];
        }
    }
    if (!scheme && n > 3 && strncasecmp(s, "PMC", 3) == 0 && all_digits(s + 3, n - 3))
        scheme = "pmcid";
    if (!scheme || !n || (strcmp(scheme, "pmid") == 0 && !all_digits(s, n)))
        return;
    pdx_buf__clear(tmp);
    if (strcmp(scheme, "pmcid") == 0 && all_digits(s, n)) /* "pmcid:6543210" */
        pdx_buf__adds(st, tmp, "PMC");
    pdx_buf__add(st, tmp, s, n);
    add_extid(st, out, scheme, pdx_buf__str(tmp));
}

void pdx_ids__terms(pdx_status *st, pdx_buf *out, const char *id) {
    size_t n = strlen(id);
    const char *s = trim(id, &n);
    pdx_buf tmp = PDX_BUF_INIT;
    /* tier 0: our own id, exactly */
    if (n) {
        pdx_buf__adds(st, out, PDX_PFX_ID);
        pdx_buf__add(st, out, s, n);
        pdx_buf__addc(st, out, '\0');
    }
    pdx_buf__addc(st, out, '\0');
    /* tier 1: the work's own ids */
    char ax[64];
    if (pdx_ids__arxiv(ax, s, n))
        add_extid(st, out, "arxiv", ax);
    if (pdx_ids__doi(st, &tmp, s, n))
        add_extid(st, out, "doi", pdx_buf__str(&tmp));
    add_scheme_id(st, out, &tmp, s, n);
    pdx_buf__addc(st, out, '\0');
    /* tier 2: labels; "bib:KEY" is our id of a paper known by its key */
    pdx_buf__clear(&tmp);
    pdx_buf__add(st, &tmp, s, n);
    const char *label = pdx_buf__str(&tmp);
    if (n) {
        if (n > 4 && strncmp(label, "bib:", 4) == 0)
            add_extid(st, out, "bibtex", label + 4);
        add_extid(st, out, "bibtex", label);
        add_extid(st, out, "id", label);
        if (all_digits(label, n)) /* a bare number may be a PubMed id */
            add_extid(st, out, "pmid", label);
    }
    pdx_buf__addc(st, out, '\0');
    pdx_buf__free(&tmp);
}

/* ---- look-up -------------------------------------------------------------- */

/* Adds the documents holding `term` to the set v[0..*n), kept sorted. */
static pdx_status add_postings(pdx_db *db, const char *term, uint32_t **v, size_t *n) {
    uint32_t *ids = NULL;
    size_t k = 0;
    /* a label held by more than a few papers is ambiguous already: a few
     * more than two are enough to name the candidates */
    pdx_status st = pdx_index__postings(&ids, &k, db->ix, term, strlen(term), 16);
    if (st)
        return pdx_db__fail_ix(db, st);
    for (size_t i = 0; i < k; i++) {
        size_t at = 0;
        while (at < *n && (*v)[at] < ids[i])
            at++;
        if (at < *n && (*v)[at] == ids[i])
            continue;
        uint32_t *grown = realloc(*v, (*n + 1) * sizeof **v);
        if (!grown) {
            free(ids);
            return PDX_ENOMEM;
        }
        *v = grown;
        memmove(*v + at + 1, *v + at, (*n - at) * sizeof **v);
        (*v)[at] = ids[i];
        (*n)++;
    }
    free(ids);
    return PDX_OK;
}

pdx_status pdx_db__find_ids(uint32_t **out, size_t *n_out, pdx_db *db, const char *id) {
    *out = NULL;
    *n_out = 0;
    pdx_status st = PDX_OK;
    pdx_buf terms = PDX_BUF_INIT;
    pdx_ids__terms(&st, &terms, id);
    uint32_t *v = NULL;
    size_t n = 0;
    /* the first tier that names any paper decides */
    for (size_t i = 0; !st && i < terms.n && !n;) {
        for (; !st && i < terms.n && terms.p[i]; i += strlen(terms.p + i) + 1)
            st = add_postings(db, terms.p + i, &v, &n);
        i++; /* the tier's end */
    }
    pdx_buf__free(&terms);
    if (st) {
        free(v);
        return st;
    }
    *out = v;
    *n_out = n;
    return PDX_OK;
}

pdx_status pdx_db_find_id(pdx_paper ***out, size_t *n_out, pdx_db *db, const char *id) {
    *out = NULL;
    *n_out = 0;
    uint32_t *docs = NULL;
    size_t n = 0;
    pdx_status st = pdx_db__find_ids(&docs, &n, db, id);
    pdx_paper **v = n ? calloc(n, sizeof *v) : NULL;
    if (!st && n && !v)
        st = PDX_ENOMEM;
    size_t k = 0;
    for (; !st && k < n; k++)
        st = pdx_db__load(&v[k], db, docs[k]);
    free(docs);
    if (st) {
        pdx_papers_free(v, k);
        return st;
    }
    *out = v;
    *n_out = n;
    return PDX_OK;
}

void pdx_papers_free(pdx_paper **v, size_t n) {
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        pdx_paper_free(v[i]);
    free(v);
}

pdx_status pdx_db__ambiguous(pdx_db *db, const char *id, const uint32_t *docs, size_t n) {
    pdx_status st = PDX_OK;
    pdx_buf m = PDX_BUF_INIT;
    pdx_buf__printf(&st, &m, "id %s is ambiguous: %zu papers have it:", id, n);
    for (size_t i = 0; !st && i < n; i++) {
        pdx_paper *p = NULL;
        if ((st = pdx_db__load(&p, db, docs[i])))
            break;
        pdx_buf__printf(&st, &m, "\n  %s  %s", pdx_paper_id(p), pdx_paper_title(p));
        pdx_paper_free(p);
    }
    if (!st)
        st = pdx_db__fail(db, PDX_ENOTFOUND, "%s", pdx_buf__str(&m));
    pdx_buf__free(&m);
    return st;
}
