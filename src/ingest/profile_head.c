/*
 * profile_head.c — the head of a profile page: where its list of papers
 * starts and whose page it is (see profile.c for the page's layout).
 *
 * Both are decided once, over the whole page, before profile.c walks the
 * list line by line; they look at the page only, never at the entries.
 * Kept apart from profile.c so that the walk over the list, long enough
 * on its own, reads without them.
 */
#include <string.h>

#include "ingest/page.h"
#include "ingest/shape.h"

size_t pdx_profile__list_start(size_t *heading_out, const pdx_page *pg) {
    *heading_out = pg->n;
    /* A site menu names the publications too ("Home", "Publications",
     * "News"): the heading of the list is the one an entry follows, a
     * title then author lines or an abstract, or a title of three words
     * or more ("Warp Beam Scheduling Revisited" / "Mausam"). */
    for (size_t i = 0; i < pg->n; i++) {
        if (pdx_profile__skip(&pg->lines[i]) || pg->lines[i].kind != PDX_LINE_HEADING)
            continue;
        size_t t = pdx_profile__next_line(pg, i + 1);
        size_t a = t < pg->n ? pdx_profile__next_line(pg, t + 1) : pg->n;
        const pdx_page_line *tl = &pg->lines[t < pg->n ? t : i];
        bool entry = a < pg->n && pg->lines[a].kind != PDX_LINE_HEADING &&
                     (pdx_profile__titleish(tl->kind)
                          ? pg->lines[a].kind == PDX_LINE_NAME || pg->lines[a].kind == PDX_LINE_PROSE ||
                                pdx_shape__words(tl->s, tl->n) >= 3
                          /* a title of any punctuation, then its authors (a < n: tl is line t) */
                          : tl->kind == PDX_LINE_OTHER && pg->lines[a].kind == PDX_LINE_NAME &&
                                pdx_shape__starts_like_title(tl->s, tl->n));
        if (entry) {
            *heading_out = i;
            return i + 1;
        }
    }
    /* A table's rows follow its column headers: the lines above them
     * are the page's header ("Associate Professor, Department of …" is
     * title-shaped, and the first row's title name-shaped). */
    for (size_t i = 0; i < pg->n; i++)
        if (pg->lines[i].kind != PDX_LINE_BLANK &&
            pdx_shape__column_labels(pg->lines[i].s, pg->lines[i].n)) {
            *heading_out = i;
            return i + 1;
        }
    /* No heading before an entry: the first heading that does not head
     * prose ("Biography"), else the first title-shaped line followed by
     * author lines or an abstract. */
    for (size_t i = 0; i < pg->n; i++) {
        if (pdx_profile__skip(&pg->lines[i]) || pg->lines[i].kind != PDX_LINE_HEADING)
            continue;
        size_t t = pdx_profile__next_line(pg, i + 1);
        if (t < pg->n && pg->lines[t].kind != PDX_LINE_PROSE) {
            *heading_out = i;
            return i + 1;
        }
    }
    for (size_t i = 0; i < pg->n; i++) {
        if (pdx_profile__skip(&pg->lines[i]) || !pdx_profile__titleish(pg->lines[i].kind))
            continue;
        size_t j = pdx_profile__next_line(pg, i + 1);
        if (j < pg->n && (pg->lines[j].kind == PDX_LINE_PROSE ||
                          (pg->lines[j].kind == PDX_LINE_NAME && pg->lines[i].kind == PDX_LINE_TITLE)))
            return i;
    }
    return pg->n;
}

/* True when line `a` ends with the text of line `b` after a space:
 * "Portrait of Ana Ruiz" and "Ana Ruiz". */
static bool ends_with_line(const pdx_page_line *a, const pdx_page_line *b) {
    return a->n > b->n + 1 && a->s[a->n - b->n - 1] == ' ' &&
           memcmp(a->s + a->n - b->n, b->s, b->n) == 0;
}

/* True when the surname (last word) of name line `l` is a word of another
 * header line: "Ana Ruiz is a Senior Research Fellow …". */
static bool surname_elsewhere(const pdx_page *pg, size_t end, size_t i) {
    const pdx_page_line *l = &pg->lines[i];
    size_t a = l->n;
    while (a && l->s[a - 1] != ' ')
        a--;
    size_t len = l->n - a;
    for (size_t k = 0; k < end; k++) {
        const pdx_page_line *o = &pg->lines[k];
        if (k == i || pdx_profile__skip(o) || o->n < len)
            continue;
        for (size_t j = 0; j + len <= o->n; j++)
            if (memcmp(o->s + j, l->s + a, len) == 0 && (j == 0 || o->s[j - 1] == ' ') &&
                (j + len == o->n || !((o->s[j + len] | 0x20) >= 'a' && (o->s[j + len] | 0x20) <= 'z')))
                return true;
    }
    return false;
}

const char *pdx_profile__owner(const pdx_page *pg, size_t end, const pdx_ingest_knowledge *know) {
    const char *mentioned = NULL, *opening = NULL;
    size_t seen = 0; /* non-blank, non-chrome lines so far */
    for (size_t i = 0; i < end; i++) {
        const pdx_page_line *l = &pg->lines[i];
        if (pdx_profile__skip(l))
            continue;
        seen++;
        if (!pdx_shape__name_line(l->s, l->n, know))
            continue;
        for (size_t k = 0; k < end; k++)
            if (k != i && !pdx_profile__skip(&pg->lines[k]) && ends_with_line(&pg->lines[k], l))
                return l->s;
        if (!mentioned && surname_elsewhere(pg, end, i))
            mentioned = l->s;
        if (!opening && seen <= 2)
            opening = l->s;
    }
    return mentioned ? mentioned : opening;
}
