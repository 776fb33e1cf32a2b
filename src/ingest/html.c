/*
 * html.c — the reader for saved HTML pages: a paper's landing page gives
 * its one record from the metadata (landing.c); any other page is
 * rendered to the text a reader would copy from it and read by the page
 * reader that sniffs best on that text.
 *
 *   <html>…<ul class="pubs">                     Publications
 *     <li><b>Sparse Looms</b><br>                Sparse Looms
 *         A. Weaver, B. Loom<br>           →     A. Weaver, B. Loom
 *         We weave sparse patterns …</li>        We weave sparse patterns …
 *
 * The rendered text is written to a temporary file and read through the
 * input layer like any page, so the page readers need nothing new; their
 * messages and records' sources, which count rendered lines, are mapped
 * back to the line of the HTML the text came from.  A page that gives no
 * record is reported ("no papers"), so an ingest of it exits 3.
 *
 * The whole page is held in memory (gumbo parses a buffer), at most
 * PDX_PAGE_MAX_BYTES of it.  Bytes that are not UTF-8 are decoded as
 * Windows-1252 when the page declares another charset; otherwise gumbo
 * replaces them.
 */
#include "ingest/html.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/fields.h"
#include "ingest/page.h"
#include "text/text.h"

/* ---- rendering ------------------------------------------------------------ */

typedef struct render {
    pdx_status st;
    pdx_html_text *out;
    pdx_buf line;
    size_t line_src; /* source line of the line's first character */
    bool space;      /* white space met since the line's last character */
    unsigned pre;    /* inside this many <pre> */
    size_t row;      /* rendered lines before the current table row, or SIZE_MAX */
} render;

static void push_src(render *r, size_t src) {
    pdx_html_text *t = r->out;
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        size_t *v = realloc(t->src, cap * sizeof *v);
        if (!v) {
            r->st = PDX_ENOMEM;
            return;
        }
        t->src = v;
        t->cap = cap;
    }
    t->src[t->n++] = src;
}

/* Ends the current line; an empty one is dropped (a copied page has no
 * blank lines that the page readers need). */
static void flush(render *r) {
    r->space = false;
    if (r->st || !r->line.n)
        return;
    pdx_buf__add(&r->st, &r->out->text, r->line.p, r->line.n);
    pdx_buf__addc(&r->st, &r->out->text, '\n');
    push_src(r, r->line_src);
    pdx_buf__clear(&r->line);
}

/* Appends text, collapsing white space (not inside <pre>, where a line
 * break ends the line).  `src` is the source line where s starts. */
static void add_text(render *r, const char *s, size_t n, size_t src) {
    for (size_t i = 0; i < n && !r->st; i++) {
        unsigned char c = (unsigned char)s[i];
        bool nbsp = c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0;
        if (c == '\n') {
            if (r->pre)
                flush(r);
            else
                r->space = true;
            src++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || nbsp) {
            r->space = true;
            i += nbsp;
            continue;
        }
        if (!r->line.n)
            r->line_src = src;
        else if (r->space)
            pdx_buf__addc(&r->st, &r->line, ' ');
        r->space = false;
        pdx_buf__addc(&r->st, &r->line, (char)c);
    }
}

static bool ieq(const char *a, const char *b) {
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return !*a && !*b;
}

/* An inline style that hides the element: "display: none",
 * "visibility:hidden" (spaces and case ignored). */
static bool hidden_style(const char *s) {
    char flat[256];
    size_t k = 0;
    for (; *s && k + 1 < sizeof flat; s++)
        if (!isspace((unsigned char)*s))
            flat[k++] = (char)tolower((unsigned char)*s);
    flat[k] = '\0';
    return strstr(flat, "display:none") || strstr(flat, "visibility:hidden");
}

static bool is_hidden(const GumboElement *el) {
    const GumboAttribute *a;
    if (gumbo_get_attribute(&el->attributes, "hidden"))
        return true;
    if ((a = gumbo_get_attribute(&el->attributes, "aria-hidden")) && ieq(a->value, "true"))
        return true;
    return (a = gumbo_get_attribute(&el->attributes, "style")) && hidden_style(a->value);
}

/* Elements whose content is not shown as text. */
static bool dropped(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_DATALIST: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_TITLE:
        return true;
    default:
        return false;
    }
}

/* Elements a browser lays out as blocks (or table rows and cells, which a
 * copy also puts apart): their text starts and ends a line. */
static bool block(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR: case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR: case GUMBO_TAG_HTML:
    case GUMBO_TAG_LEGEND: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR: case GUMBO_TAG_UL: case GUMBO_TAG_OPTION:
        return true;
    default:
        return false;
    }
}

/* Appends the text under `node` to `out`, white space runs made one
 * space; false when it holds an element that starts a line (a block, a
 * <br>) or is longer than `max` bytes.  Depth is bounded as walk()'s. */
static bool inline_text(const GumboNode *node, pdx_buf *out, size_t max) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE) {
        for (const char *c = node->v.text.text; *c && out->n <= max; c++) {
            bool sp = *c == ' ' || *c == '\t' || *c == '\n' || *c == '\r';
            if (!sp || (out->n && out->p[out->n - 1] != ' ')) {
                pdx_status st = PDX_OK;
                pdx_buf__addc(&st, out, sp ? ' ' : *c);
                if (st)
                    return false;
            }
        }
        return out->n <= max;
    }
    if (node->type != GUMBO_NODE_ELEMENT)
        return true;
    const GumboElement *el = &node->v.element;
    if (dropped(el->tag) || is_hidden(el))
        return true;
    if (block(el->tag) || el->tag == GUMBO_TAG_BR)
        return false;
    for (unsigned i = 0; i < el->children.length; i++)
        if (!inline_text(el->children.data[i], out, max))
            return false;
    return true;
}

/* A table cell after the first of its row that holds only a number — a
 * citation count, a year: "<td>152</td><td>2019</td>" — joins the row's
 * last line after a tab, as a browser's copy of the row does, so that
 * the year stays with the paper of its row instead of standing alone
 * above the next one:
 *
 *   Journal of Loom Science 12 (3), 45-67, 2019⇥152⇥2019
 *
 * An empty cell adds nothing; any other cell is a block as before. */
static bool number_cell(render *r, const GumboNode *node) {
    const GumboElement *el = &node->v.element;
    if ((el->tag != GUMBO_TAG_TD && el->tag != GUMBO_TAG_TH) || r->row == SIZE_MAX ||
        r->out->n <= r->row || r->line.n || r->pre)
        return false;
    pdx_buf cell = PDX_BUF_INIT;
    bool ok = true;
    for (unsigned i = 0; i < el->children.length && ok; i++)
        ok = inline_text(el->children.data[i], &cell, 16);
    size_t a = 0, b = cell.n;
    while (a < b && cell.p[a] == ' ')
        a++;
    while (b > a && cell.p[b - 1] == ' ')
        b--;
    for (size_t i = a; i < b && ok; i++)
        ok = (cell.p[i] >= '0' && cell.p[i] <= '9') || cell.p[i] == ',' || cell.p[i] == '.' ||
             cell.p[i] == '*' || cell.p[i] == '+';
    if (ok && b > a) {
        /* the last line ends in '\n': the cell goes before it */
        pdx_buf *t = &r->out->text;
        t->n--;
        pdx_buf__addc(&r->st, t, '\t');
        pdx_buf__add(&r->st, t, cell.p + a, b - a);
        pdx_buf__addc(&r->st, t, '\n');
    }
    pdx_buf__free(&cell);
    return ok;
}

/* A table's column headers by markup — a row of <th> cells and no <td>
 * — become one line, the cells after tabs, as a browser's copy of the
 * row gives them ("Title⇥Cited by⇥Year"): the page readers know such a
 * line of labels for the header row.  One label a line, a reader would
 * take the last for a title and the first row's title for its authors.
 * False (nothing written) when `el` is no such row or a cell holds a
 * block. */
static bool header_row(render *r, const GumboElement *el) {
    if (el->tag != GUMBO_TAG_TR || r->pre)
        return false;
    bool th = false;
    for (unsigned i = 0; i < el->children.length; i++) {
        const GumboNode *c = el->children.data[i];
        if (c->type != GUMBO_NODE_ELEMENT || dropped(c->v.element.tag) || is_hidden(&c->v.element))
            continue;
        if (c->v.element.tag != GUMBO_TAG_TH)
            return false;
        th = true;
    }
    if (!th)
        return false;
    pdx_buf row = PDX_BUF_INIT, cell = PDX_BUF_INIT;
    bool ok = true;
    for (unsigned i = 0; i < el->children.length && ok; i++) {
        const GumboNode *c = el->children.data[i];
        if (c->type != GUMBO_NODE_ELEMENT || dropped(c->v.element.tag) || is_hidden(&c->v.element))
            continue;
        pdx_buf__clear(&cell);
        for (unsigned k = 0; k < c->v.element.children.length && ok; k++)
            ok = inline_text(c->v.element.children.data[k], &cell, 256);
        size_t a = 0, b = cell.n;
        while (a < b && cell.p[a] == ' ')
            a++;
        while (b > a && cell.p[b - 1] == ' ')
            b--;
        if (ok && b > a) {
            if (row.n)
                pdx_buf__addc(&r->st, &row, '\t');
            pdx_buf__add(&r->st, &row, cell.p + a, b - a);
        }
    }
    if (ok && row.n) {
        flush(r);
        r->line_src = el->start_pos.line;
        pdx_buf__add(&r->st, &r->line, row.p, row.n);
        flush(r);
    }
    pdx_buf__free(&row);
    pdx_buf__free(&cell);
    return ok;
}

/* Depth is bounded by pdx_html__too_deep() before parsing. */
static void walk(render *r, const GumboNode *node) {
    if (r->st)
        return;
    switch (node->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_WHITESPACE: {
        /* add_text counts the line breaks before the first character:
         * "<li>\n    Sparse Looms" is the line after the <li>'s */
        const GumboText *t = &node->v.text;
        add_text(r, t->text, strlen(t->text), t->start_pos.line);
        return;
    }
    case GUMBO_NODE_DOCUMENT:
        for (unsigned i = 0; i < node->v.document.children.length; i++)
            walk(r, node->v.document.children.data[i]);
        return;
    case GUMBO_NODE_ELEMENT:
        break;
    default: /* comments, templates */
        return;
    }
    const GumboElement *el = &node->v.element;
    if (dropped(el->tag) || is_hidden(el))
        return;
    if (header_row(r, el))
        return;
    if (el->tag == GUMBO_TAG_BR) {
        flush(r);
        return;
    }
    bool b = block(el->tag);
    if (b)
        flush(r);
    if (number_cell(r, node))
        return;
    size_t row = r->row;
    if (el->tag == GUMBO_TAG_TR)
        r->row = r->out->n;
    else if (el->tag == GUMBO_TAG_TABLE)
        r->row = SIZE_MAX; /* a table in a cell has rows of its own */
    r->pre += el->tag == GUMBO_TAG_PRE;
    for (unsigned i = 0; i < el->children.length; i++)
        walk(r, el->children.data[i]);
    r->pre -= el->tag == GUMBO_TAG_PRE;
    r->row = row;
    if (b)
        flush(r);
}

pdx_status pdx_html__render(pdx_html_text *out, const GumboNode *node) {
    memset(out, 0, sizeof *out);
    render r = {PDX_OK, out, PDX_BUF_INIT, 0, false, 0, SIZE_MAX};
    walk(&r, node);
    flush(&r);
    pdx_buf__free(&r.line);
    return r.st;
}

void pdx_html__text_free(pdx_html_text *t) {
    if (!t)
        return;
    pdx_buf__free(&t->text);
    free(t->src);
    memset(t, 0, sizeof *t);
}

/* Tags that need no end tag, or whose end is implied by the next one of
 * their kind: not counted as open. */
static bool closes_itself(const char *name, size_t n) {
    static const char *const names[] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                        "link", "meta", "param", "source", "track", "wbr", "p",
                                        "li", "dt", "dd", "tr", "td", "th", "option", "html",
                                        "head", "body", "tbody", "thead", "colgroup", NULL};
    for (size_t i = 0; names[i]; i++)
        if (strlen(names[i]) == n && strncasecmp(names[i], name, n) == 0)
            return true;
    return false;
}

bool pdx_html__too_deep(const char *s, size_t n) {
    long open = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != '<')
            continue;
        bool end = s[i + 1] == '/';
        size_t a = i + 1 + end, b = a;
        while (b < n && isalnum((unsigned char)s[b]))
            b++;
        if (b == a || !isalpha((unsigned char)s[a]) || closes_itself(s + a, b - a))
            continue;
        if (end) {
            open -= open > 0;
            continue;
        }
        const char *gt = memchr(s + b, '>', n - b);
        if (gt && gt > s + b && gt[-1] == '/')
            continue; /* <x/> */
        if (++open > PDX_HTML_MAX_DEPTH)
            return true;
    }
    return false;
}

pdx_status pdx_html__render_string(pdx_html_text *out, const char *s, size_t n) {
    memset(out, 0, sizeof *out);
    if (pdx_html__too_deep(s, n))
        return PDX_EINPUT;
    GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, s, n);
    if (!g)
        return PDX_ENOMEM;
    pdx_status st = pdx_html__render(out, g->document);
    gumbo_destroy_output(&kGumboDefaultOptions, g);
    return st;
}

/* ---- the reader ------------------------------------------------------------ */

typedef struct html {
    pdx_read_ctx *ctx;      /* the HTML file's */
    pdx_read_ctx inner;     /* the rendered text's: what the page reader gets */
    const pdx_reader *rd;   /* the reader of the rendered text, or NULL */
    void *r;                /* its state */
    FILE *tmp;              /* the rendered text */
    size_t *src;            /* rendered line i + 1 → HTML line src[i] */
    size_t n_src;
    pdx_paper **recs;       /* a landing page's records */
    size_t n_recs, next_rec;
    unsigned long long got; /* records handed out */
    bool done;
} html;

/* The HTML line of rendered line `line` (0: the whole file stays 0; a
 * line past the text, such as the end of a cut page, is the last one). */
static size_t map_line(const html *h, size_t line) {
    if (!line || !h->n_src)
        return line;
    return h->src[(line <= h->n_src ? line : h->n_src) - 1];
}

/* The page reader's reports, at the HTML line of the rendered one. */
static void inner_report(pdx_read_ctx *ctx, size_t line, const char *msg) {
    html *h = ctx->driver;
    if (h->ctx->report)
        h->ctx->report(h->ctx, map_line(h, line), msg);
}

/* True when the page declares a charset other than UTF-8 in its first
 * bytes ("<meta charset=iso-8859-1>"). */
static bool declares_other_charset(const char *s, size_t n) {
    size_t lim = n < 4096 ? n : 4096;
    for (size_t i = 0; i + 8 <= lim; i++) {
        if (strncasecmp(s + i, "charset=", 8) != 0)
            continue;
        size_t j = i + 8;
        while (j < lim && (s[j] == '"' || s[j] == '\'' || s[j] == ' '))
            j++;
        return !(lim - j >= 4 && (strncasecmp(s + j, "utf-", 4) == 0 || strncasecmp(s + j, "utf8", 4) == 0));
    }
    return false;
}

/* Reads the whole file into `out`, its line breaks made '\n' (so gumbo's
 * line numbers are the input's). */
static pdx_status slurp(pdx_read_ctx *ctx, pdx_buf *out) {
    pdx_status st = PDX_OK;
    pdx_input__accept_invalid(ctx->in, true);
    for (;;) {
        const char *s;
        size_t n;
        if ((st = pdx_input__line(&s, &n, ctx->in, ctx)) || !s)
            break;
        if (out->n + n > PDX_PAGE_MAX_BYTES) {
            pdx_read__report(ctx, pdx_input__lineno(ctx->in),
                             "a page longer than %u MiB; the rest is not read",
                             PDX_PAGE_MAX_BYTES >> 20);
            break;
        }
        pdx_buf__add(&st, out, s, n);
        pdx_buf__addc(&st, out, '\n');
        if (st)
            break;
    }
    if (!st && pdx_text__check(out->p ? out->p : "", out->n) != out->n &&
        declares_other_charset(out->p, out->n)) {
        pdx_buf latin = PDX_BUF_INIT;
        pdx_read__latin1(&st, &latin, out->p, out->n);
        pdx_buf__free(out);
        *out = latin;
    }
    return st;
}

static void html_close(void *vr) {
    html *h = vr;
    if (!h)
        return;
    if (h->rd)
        h->rd->close(h->r);
    pdx_input__close(h->inner.in);
    if (h->tmp)
        fclose(h->tmp);
    free(h->src);
    for (size_t i = h->next_rec; i < h->n_recs; i++)
        pdx_paper_free(h->recs[i]);
    free(h->recs);
    free(h);
}

/* Parses the page and either makes its landing records or renders it and
 * chooses the reader of its text (h->rd, NULL when none fits; the text is
 * then open as h->inner.in).  Shared by the prescan and the reader. */
static pdx_status prepare(html *h, pdx_read_ctx *ctx, bool landing) {
    h->ctx = ctx;
    pdx_buf page = PDX_BUF_INIT;
    pdx_html_text text = {0};
    GumboOutput *g = NULL;
    pdx_status st = slurp(ctx, &page);
    if (st)
        goto done;
    if (pdx_html__too_deep(page.p ? page.p : "", page.n)) {
        pdx_read__report(ctx, 0, "elements nested more than %u deep; not read as HTML",
                         PDX_HTML_MAX_DEPTH);
        h->done = true; /* said why: no "no papers" after it */
        goto done;
    }
    if (!(g = gumbo_parse_with_options(&kGumboDefaultOptions, page.p ? page.p : "", page.n))) {
        st = PDX_ENOMEM;
        goto done;
    }
    if (landing && (st = pdx_html__landing(&h->recs, &h->n_recs, ctx, g->root)))
        goto done;
    if (h->n_recs)
        goto done;
    if ((st = pdx_html__render(&text, g->document)) || !text.n)
        goto done;
    h->src = text.src;
    h->n_src = text.n;
    text.src = NULL;
    size_t head = text.text.n < (64u << 10) ? text.text.n : (64u << 10);
    h->rd = pdx_reader__sniff(text.text.p, head, ctx->file);
    if (h->rd && strcmp(h->rd->name, "html") == 0)
        h->rd = NULL;
    if (!h->rd)
        goto done;
    h->tmp = tmpfile();
    if (!h->tmp || fwrite(text.text.p, 1, text.text.n, h->tmp) != text.text.n || fflush(h->tmp)) {
        pdx_read__report(ctx, 0, "cannot write the rendered page to a temporary file");
        h->rd = NULL;
        st = PDX_EIO;
        goto done;
    }
    char *why = NULL;
    h->inner = *ctx;
    h->inner.report = inner_report;
    h->inner.driver = h;
    /* The page reader's notes would name lines of the rendered text, not of
     * the HTML: explain describes an HTML page by its records instead. */
    h->inner.notes = NULL;
    if ((st = pdx_input__open_fd(&h->inner.in, fileno(h->tmp), ctx->file, &why))) {
        pdx_read__report(ctx, 0, "cannot read the rendered page back: %s", why ? why : "");
        h->rd = NULL;
    }
    free(why);
done:
    if (g)
        gumbo_destroy_output(&kGumboDefaultOptions, g);
    pdx_html__text_free(&text);
    pdx_buf__free(&page);
    return st;
}

static pdx_status html_open(void **out, pdx_read_ctx *ctx) {
    html *h = calloc(1, sizeof *h);
    *out = NULL;
    if (!h)
        return PDX_ENOMEM;
    const pdx_reader *rd = NULL;
    pdx_status st = prepare(h, ctx, true);
    if (!st && h->rd) {
        rd = h->rd;
        h->rd = NULL; /* closed only once opened */
        if ((st = rd->open(&h->r, &h->inner)) == PDX_OK)
            h->rd = rd;
    }
    if (st) {
        html_close(h);
        return st;
    }
    *out = h;
    return PDX_OK;
}

/* Sources the page reader gave in rendered lines, made HTML lines. */
static pdx_status map_sources(html *h, pdx_paper *p) {
    pdx_status st = PDX_OK;
    pdx_source_ref *v = p->sources.items;
    for (size_t i = 0; i < p->sources.n && !st; i++) {
        if (strcmp(v[i].file, h->ctx->file) != 0 || !v[i].line)
            continue;
        char text[32];
        v[i].line = map_line(h, v[i].line);
        int k = snprintf(text, sizeof text, ":%zu", v[i].line);
        pdx_buf b = PDX_BUF_INIT;
        pdx_buf__adds(&st, &b, v[i].file);
        pdx_buf__add(&st, &b, text, (size_t)k);
        const char *t = st ? NULL : pdx_arena__strndup(&p->arena, b.p, b.n);
        if (t)
            v[i].text = t;
        else
            st = PDX_ENOMEM;
        pdx_buf__free(&b);
    }
    return st;
}

static pdx_status html_next(void *vr, pdx_paper **out) {
    html *h = vr;
    *out = NULL;
    if (h->next_rec < h->n_recs) {
        *out = h->recs[h->next_rec++];
        h->got++;
        return PDX_OK;
    }
    pdx_status st = PDX_OK;
    if (h->rd && !h->done) {
        pdx_paper *p = NULL;
        if ((st = h->rd->next(h->r, &p)) == PDX_OK && p) {
            if ((st = map_sources(h, p))) {
                pdx_paper_free(p);
                return st;
            }
            h->got++;
            *out = p;
            return PDX_OK;
        }
    }
    if (!h->done && !h->got && !st)
        pdx_read__report(h->ctx, 0,
                         h->rd ? "no papers in the page's text (read as a %s page)"
                               : "no papers: no citation_*, Dublin Core or JSON-LD article "
                                 "metadata, and no list of papers in the page's text%s",
                         h->rd ? h->rd->name : "");
    h->done = true;
    return st;
}

pdx_status pdx_html__prescan(pdx_read_ctx *ctx) {
    html *h = calloc(1, sizeof *h);
    if (!h)
        return PDX_ENOMEM;
    pdx_status st = prepare(h, ctx, false);
    pdx_prescan_fn fn = h->rd ? pdx_reader__prescan(h->rd) : NULL;
    h->rd = NULL; /* never opened */
    if (!st && fn)
        st = fn(&h->inner);
    html_close(h);
    return st;
}

/* Skips white space, comments and an XML prolog or doctype other than
 * HTML's: what may come before a page's first tag. */
static size_t skip_prolog(const char *s, size_t n) {
    size_t i = 0;
    for (;;) {
        while (i < n && isspace((unsigned char)s[i]))
            i++;
        if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            const char *e = NULL;
            for (size_t j = i + 4; j + 3 <= n && !e; j++)
                if (memcmp(s + j, "-->", 3) == 0)
                    e = s + j + 3;
            if (!e)
                return n;
            i = (size_t)(e - s);
        } else if (n - i >= 2 && memcmp(s + i, "<?", 2) == 0) {
            const char *e = memchr(s + i, '>', n - i);
            if (!e)
                return n;
            i = (size_t)(e - s) + 1;
        } else {
            return i;
        }
    }
}

static bool starts_ci(const char *s, size_t n, const char *w) {
    size_t k = strlen(w);
    return n >= k && strncasecmp(s, w, k) == 0;
}

static bool contains_ci(const char *s, size_t n, const char *w) {
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp(s + i, w, k) == 0)
            return true;
    return false;
}

/* Sure for a document (<!DOCTYPE html>, <html>) or a page with citation
 * meta tags; fairly sure for markup that closes several common elements
 * (a fragment such as "<ul><li>…</li>"), more so named .html/.htm. */
static int html_sniff(const char *head, size_t n, const char *path) {
    size_t i = skip_prolog(head, n);
    const char *s = head + i;
    size_t m = n - i;
    if (starts_ci(s, m, "<!doctype html") || starts_ci(s, m, "<html") ||
        (m && s[0] == '<' && contains_ci(head, n, "name=\"citation_title\"")))
        return 95;
    if (!m || s[0] != '<' || m < 2 || !isalpha((unsigned char)s[1]))
        return 0;
    static const char *const ends[] = {"</p>", "</div>", "</li>", "</a>", "</span>", "</td>",
                                       "</b>", "</i>", "</h1>", "</h2>", "</h3>", "</h4>",
                                       "</em>", "</strong>", "</table>", "</ul>", "</body>", NULL};
    size_t closes = 0;
    for (size_t k = 0; ends[k] && closes < 3; k++)
        closes += contains_ci(s, m, ends[k]);
    size_t pl = strlen(path);
    bool ext = (pl > 5 && strcasecmp(path + pl - 5, ".html") == 0) ||
               (pl > 4 && strcasecmp(path + pl - 4, ".htm") == 0) ||
               (pl > 6 && strcasecmp(path + pl - 6, ".xhtml") == 0);
    if (closes >= 3)
        return ext ? 95 : 85;
    return ext && closes ? 60 : 0;
}

const pdx_reader pdx_reader__html = {
    "html",
    "saved HTML pages: a paper's landing page by its metadata, other pages as their text",
    html_sniff,
    html_open,
    html_next,
    html_close,
};
