/*
 * pagetext.c — "(see more)" splices and truncation (see pagetext.h).
 */
#include "ingest/pagetext.h"

#include <stdlib.h>
#include <string.h>

#include "ingest/shape.h"
#include "text/text.h"

static const char ELLIPSIS[] = "\xE2\x80\xA6"; /* … */

/* Length of an ellipsis ("…" or "...") ending at s[end), or 0. */
static size_t ellipsis_before(const char *s, size_t end) {
    if (end >= 3 && memcmp(s + end - 3, ELLIPSIS, 3) == 0)
        return 3;
    if (end >= 3 && memcmp(s + end - 3, "...", 3) == 0)
        return 3;
    return 0;
}

/* True when the last word of s[0..n) is a web address: abstracts end with
 * "Code: https://github.com/…" and no period. */
static bool ends_with_url(const char *s, size_t n) {
    size_t a = n;
    while (a && s[a - 1] != ' ')
        a--;
    size_t len = n - a;
    return (len > 8 && memcmp(s + a, "https://", 8) == 0) ||
           (len > 7 && memcmp(s + a, "http://", 7) == 0) ||
           (len > 4 && memcmp(s + a, "www.", 4) == 0);
}

bool pdx_page__ends_sentence(const char *s, size_t n) {
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (ends_with_url(s, n))
        return true;
    while (n && (s[n - 1] == ')' || s[n - 1] == ']' || s[n - 1] == '"' || s[n - 1] == '\''))
        n--;
    if (n >= 3 && memcmp(s + n - 3, "\xE2\x80\x9D", 3) == 0) /* ” */
        n -= 3;
    return n && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?');
}

void pdx_page__unsplice(pdx_status *st, pdx_buf *out, const char *s, size_t n, bool *truncated) {
    static const char marker[] = "(see more)";
    const size_t mlen = sizeof marker - 1;
    size_t start = out->n, i = 0;
    bool cut_at_end = false;
    while (i < n && !*st) {
        const char *m = NULL;
        for (size_t j = i; j + mlen <= n; j++)
            if (s[j] == '(' && memcmp(s + j, marker, mlen) == 0) {
                m = s + j;
                break;
            }
        if (!m) {
            pdx_buf__add(st, out, s + i, n - i);
            break;
        }
        size_t at = (size_t)(m - s);
        /* Drop the ellipsis and the space before the marker. */
        size_t end = at;
        while (end > i && s[end - 1] == ' ')
            end--;
        size_t ell = ellipsis_before(s, end);
        if (ell <= end - i)
            end -= ell;
        pdx_buf__add(st, out, s + i, end - i);
        i = at + mlen;
        if (i >= n || strspn(s + i, " \t") == n - i)
            cut_at_end = true;
    }
    if (*st)
        return;
    /* Trim what the marker left at the end, and a marker cut short by the
     * copy ("… (see mo") or a bare ellipsis: the text stops there. */
    size_t cut = pdx_shape__cut_marker(out->p + start, out->n - start);
    if (cut) {
        out->n -= cut;
        cut_at_end = true;
    }
    while (out->n > start && out->p[out->n - 1] == ' ')
        out->n--;
    size_t ell = ellipsis_before(out->p, out->n);
    if (ell && out->n - start >= ell) {
        out->n -= ell;
        cut_at_end = true;
    }
    while (out->n > start && out->p[out->n - 1] == ' ')
        out->n--;
    if (out->p)
        out->p[out->n] = '\0';
    if (cut_at_end || (out->n > start && !pdx_page__ends_sentence(out->p + start, out->n - start)))
        *truncated = true;
}

bool pdx_page__see_n_more(const char *s, size_t n, size_t *name_len, unsigned *more) {
    /* "<name> … (see 39 more)" */
    while (n && s[n - 1] == ' ')
        n--;
    if (n < 12 || s[n - 1] != ')' || memcmp(s + n - 6, " more)", 6) != 0)
        return false;
    size_t d = n - 6;
    size_t e = d;
    while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9')
        d--;
    if (d == e || d < 5 || memcmp(s + d - 5, "(see ", 5) != 0)
        return false;
    *more = (unsigned)strtoul(s + d, NULL, 10);
    size_t end = d - 5;
    while (end && s[end - 1] == ' ')
        end--;
    end -= ellipsis_before(s, end);
    while (end && s[end - 1] == ' ')
        end--;
    *name_len = end;
    return true;
}

void pdx_page__set_abstract(pdx_status *st, pdx_paper *p, const char *s, size_t n, pdx_buf *tmp) {
    bool cut = false;
    pdx_buf__clear(tmp);
    pdx_page__unsplice(st, tmp, s, n, &cut);
    if (*st)
        return;
    if (pdx_text__has_latex(tmp->p, tmp->n)) {
        pdx_buf decoded = PDX_BUF_INIT;
        pdx_text__latex(st, &decoded, tmp->p, tmp->n);
        pdx_paper__set_abstract(st, p, decoded.p, decoded.n);
        pdx_buf__free(&decoded);
    } else {
        pdx_paper__set_abstract(st, p, tmp->p, tmp->n);
    }
    if (cut)
        p->flags |= PDX_PAPER_ABSTRACT_TRUNCATED;
}
