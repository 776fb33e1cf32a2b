/*
 * table.c — the readers for CSV and TSV exports (Zotero, Scopus, Web of
 * Science, spreadsheets): a header row names the columns, each further
 * row is one paper.
 *
 *   Key,Title,Author,Publication Year,Abstract Note
 *   K1,"Sparse Codes, Revisited","Brandt, Helena; Tanabe, Ko",2019,"Two
 *   lines of abstract, with a ""quote"""
 *
 * CSV follows RFC 4180: fields separated by commas; a field that starts
 * with a double quote runs to the next lone quote, may hold commas and line
 * breaks, and writes a quote as two.  TSV is read by the same rules with a
 * tab as separator (most TSV has no quotes at all, and then none of this
 * matters).  Rows shorter than the header leave the last fields empty; a
 * row longer than the header is reported and skipped, since its columns
 * have most likely shifted.  A quoted field that never closes is reported
 * at the row where it started; reading resumes at the next line after
 * MAX_RECORD bytes, or ends with the file.
 *
 * Columns are found by name, ignoring case and surrounding spaces: the
 * --field-map names when given, else the usual spellings (title; abstract,
 * summary, abstract note, description; author(s); year, publication year;
 * date; id, key; doi; venue, journal, source title, publication title;
 * category; and Web of Science's tags TI, AU, AB, PY, SO, DI, UT).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/fields.h"
#include "ingest/reader.h"

#define MAX_RECORD (16u << 20) /* bytes of one row */
#define MAX_COLUMNS 4096

typedef struct table {
    pdx_read_ctx *ctx;
    char sep;
    pdx_buf cells;      /* the current row's cells, each NUL-terminated */
    size_t *cell;       /* offsets of the cells in `cells` */
    size_t n_cells;
    int col[PDX_FIELD_COUNT]; /* column of each record field, -1: none */
    bool have_header, dead;
    size_t n_header;
    pdx_buf line, tmp, tmp2;
} table;

/* ---- rows ---------------------------------------------------------------- */

/* Reads the next row into t->cells.  *row_line is its first line; *got
 * false at the end of the input. */
static pdx_status read_row(table *t, size_t *row_line, bool *got) {
    *got = false;
    pdx_status st = PDX_OK;
    const char *s;
    size_t n;
    for (;;) { /* skip empty lines */
        if ((st = pdx_read__line(t->ctx, &t->line, &s, &n)) || !s)
            return st;
        if (n)
            break;
    }
    *row_line = pdx_input__lineno(t->ctx->in);
    pdx_buf__clear(&t->cells);
    t->n_cells = 0;
    size_t cell_start = 0;
    bool quoted = false, at_start = true;
    for (;;) {
        for (size_t i = 0; i < n && !st; i++) {
            char c = s[i];
            if (quoted) {
                if (c == '"' && i + 1 < n && s[i + 1] == '"') {
                    pdx_buf__addc(&st, &t->cells, '"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    pdx_buf__addc(&st, &t->cells, c);
                }
                continue;
            }
            if (c == t->sep) {
                if (t->n_cells < MAX_COLUMNS)
                    t->cell[t->n_cells++] = cell_start;
                pdx_buf__addc(&st, &t->cells, '\0');
                cell_start = t->cells.n;
                at_start = true;
                continue;
            }
            if (c == '"' && at_start) {
                /* spaces before the opening quote are not part of it */
                t->cells.n = cell_start;
                quoted = true;
                at_start = false;
                continue;
            }
            if (c != ' ')
                at_start = false;
            pdx_buf__addc(&st, &t->cells, c);
        }
        if (st)
            return st;
        if (!quoted)
            break;
        /* a line break inside a quoted field */
        if (t->cells.n > MAX_RECORD) {
            pdx_read__report(t->ctx, *row_line,
                             "quoted field never closed (row longer than %u MiB); skipped",
                             MAX_RECORD >> 20);
            *got = false;
            return read_row(t, row_line, got);
        }
        if ((st = pdx_read__line(t->ctx, &t->line, &s, &n)))
            return st;
        if (!s) {
            pdx_read__report(t->ctx, *row_line,
                             "quoted field never closed before the end of the file; row skipped");
            return PDX_OK;
        }
        pdx_buf__addc(&st, &t->cells, '\n');
    }
    if (t->n_cells < MAX_COLUMNS)
        t->cell[t->n_cells++] = cell_start;
    pdx_buf__addc(&st, &t->cells, '\0');
    *got = !st;
    return st;
}

static const char *cell(const table *t, int c) {
    if (c < 0 || (size_t)c >= t->n_cells)
        return NULL;
    const char *v = t->cells.p + t->cell[c];
    while (*v == ' ' || *v == '\t')
        v++;
    return *v ? v : NULL;
}

/* ---- the header ----------------------------------------------------------- */

/* Usual column names of each record field, lower case. */
static const char *const *spellings(pdx_field f) {
    static const char *const title[] = {"title", "ti", "article title", NULL};
    static const char *const abstract[] = {"abstract", "summary", "abstract note", "description",
                                           "ab", NULL};
    static const char *const authors[] = {"authors", "author", "author(s)", "creators", "au",
                                          NULL};
    static const char *const year[] = {"year", "publication year", "py", NULL};
    static const char *const date[] = {"date", "published", "publication date", NULL};
    static const char *const id[] = {"id", "_id", "key", "ut", NULL};
    static const char *const doi[] = {"doi", "di", NULL};
    static const char *const arxiv[] = {"arxiv", "arxiv id", "arxiv_id", "eprint", NULL};
    static const char *const venue[] = {"venue", "journal", "source title", "publication title",
                                        "booktitle", "so", NULL};
    static const char *const category[] = {"category", "categories", NULL};
    static const char *const *const all[PDX_FIELD_COUNT] = {
        title, abstract, authors, year, date, id, doi, arxiv, venue, category,
    };
    return all[f];
}

static bool name_is(const char *cellv, const char *name) {
    while (*cellv == ' ' || *cellv == '\t')
        cellv++;
    size_t n = strlen(cellv);
    while (n && (cellv[n - 1] == ' ' || cellv[n - 1] == '\t'))
        n--;
    return n == strlen(name) && strncasecmp(cellv, name, n) == 0;
}

static int find_column(const table *t, const char *name) {
    for (size_t c = 0; c < t->n_cells; c++)
        if (name_is(t->cells.p + t->cell[c], name))
            return (int)c;
    return -1;
}

static void read_header(table *t, size_t line) {
    t->have_header = true;
    t->n_header = t->n_cells;
    for (size_t f = 0; f < PDX_FIELD_COUNT; f++) {
        t->col[f] = -1;
        const char *mapped = pdx_fieldmap__get(t->ctx->fields, (pdx_field)f);
        if (mapped) {
            if ((t->col[f] = find_column(t, mapped)) < 0)
                pdx_read__report(t->ctx, line, "no column '%s' (--field-map %s=%s) in the header",
                                 mapped, pdx_field__name((pdx_field)f), mapped);
            continue;
        }
        const char *const *names = spellings((pdx_field)f);
        for (size_t k = 0; names[k] && t->col[f] < 0; k++)
            t->col[f] = find_column(t, names[k]);
    }
    if (t->col[PDX_FIELD_TITLE] < 0 && t->col[PDX_FIELD_ABSTRACT] < 0) {
        pdx_read__report(t->ctx, line,
                         "the header has no title or abstract column (name them with "
                         "--field-map title=COLUMN,...); file skipped");
        t->dead = true;
    }
}

/* ---- records ------------------------------------------------------------------ */

static pdx_status table_next(void *vr, pdx_paper **out) {
    table *t = vr;
    *out = NULL;
    while (!t->dead) {
        size_t line = 0;
        bool got = false;
        pdx_status st = read_row(t, &line, &got);
        if (st || !got)
            return st;
        if (!t->have_header) {
            read_header(t, line);
            continue;
        }
        if (t->n_cells > t->n_header) {
            pdx_read__report(t->ctx, line, "row has %zu fields, the header %zu; skipped", t->n_cells,
                             t->n_header);
            continue;
        }
        const char *title = cell(t, t->col[PDX_FIELD_TITLE]);
        const char *abstract = cell(t, t->col[PDX_FIELD_ABSTRACT]);
        if (!title && !abstract) {
            pdx_read__report(t->ctx, line, "row has neither a title nor an abstract; skipped");
            continue;
        }
        pdx_paper *p = NULL;
        if ((st = pdx_paper__new(&p)))
            return st;
        pdx_paper__add_source(&st, p, t->ctx->file, line);
        if (title)
            pdx_read__set(&st, &t->tmp, p, pdx_paper__set_title, title, strlen(title));
        if (abstract)
            pdx_read__set(&st, &t->tmp, p, pdx_paper__set_abstract, abstract, strlen(abstract));
        const char *v;
        if ((v = cell(t, t->col[PDX_FIELD_AUTHORS]))) {
            pdx_read__text(&st, &t->tmp2, v, strlen(v));
            pdx_read__authors(&st, t->ctx, p, t->tmp2.p, t->tmp2.n);
        }
        char date[11];
        size_t dn = 0;
        if ((v = cell(t, t->col[PDX_FIELD_DATE])))
            dn = pdx_read__date(date, v, strlen(v));
        if (dn)
            pdx_paper__set_date(&st, p, date, dn);
        if ((v = cell(t, t->col[PDX_FIELD_YEAR]))) {
            int y = atoi(v);
            if (y > 0 && y <= 9999)
                p->year = y;
        }
        if ((v = cell(t, t->col[PDX_FIELD_CATEGORY]))) {
            size_t k = strcspn(v, " ,;\t");
            pdx_paper__set_category(&st, p, v, k);
        }
        if ((v = cell(t, t->col[PDX_FIELD_VENUE])))
            pdx_read__set(&st, &t->tmp, p, pdx_paper__set_venue, v, strlen(v));
        if ((v = cell(t, t->col[PDX_FIELD_DOI])))
            pdx_read__add_doi(&st, p, v, strlen(v));
        if ((v = cell(t, t->col[PDX_FIELD_ARXIV])))
            pdx_read__add_arxiv(&st, p, v, strlen(v));
        if ((v = cell(t, t->col[PDX_FIELD_ID])))
            pdx_paper__add_id(&st, p, "id", v, strlen(v));
        if (st) {
            pdx_paper_free(p);
            return st;
        }
        *out = p;
        return PDX_OK;
    }
    return PDX_OK;
}

static pdx_status open_sep(void **out, pdx_read_ctx *ctx, char sep) {
    *out = NULL;
    table *t = calloc(1, sizeof *t);
    if (!t || !(t->cell = malloc(MAX_COLUMNS * sizeof *t->cell))) {
        free(t);
        return PDX_ENOMEM;
    }
    t->ctx = ctx;
    t->sep = sep;
    pdx_input__accept_invalid(ctx->in, true); /* spreadsheets still write Latin-1 */
    *out = t;
    return PDX_OK;
}

static pdx_status csv_open(void **out, pdx_read_ctx *ctx) { return open_sep(out, ctx, ','); }
static pdx_status tsv_open(void **out, pdx_read_ctx *ctx) { return open_sep(out, ctx, '\t'); }

static void table_close(void *vr) {
    table *t = vr;
    if (!t)
        return;
    free(t->cell);
    pdx_buf__free(&t->cells);
    pdx_buf__free(&t->line);
    pdx_buf__free(&t->tmp);
    pdx_buf__free(&t->tmp2);
    free(t);
}

/* How sure: the extension says 25 (enough when nothing else claims the
 * file; open() then says what is missing), a header naming a title or an
 * abstract column adds 50. */
static int sniff_sep(const char *head, size_t n, const char *path, char sep, const char *ext) {
    size_t pl = strlen(path), el = strlen(ext);
    int score = 0;
    if ((pl > el && strcasecmp(path + pl - el, ext) == 0) ||
        (pl > el + 3 && strncasecmp(path + pl - el - 3, ext, el) == 0 &&
         strcmp(path + pl - 3, ".gz") == 0))
        score = 25;
    const char *e = memchr(head, '\n', n);
    size_t len = e ? (size_t)(e - head) : n;
    if (!memchr(head, sep, len))
        return score;
    /* the header's cells, unquoted */
    size_t a = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && head[i] != sep)
            continue;
        size_t x = a, y = i;
        while (x < y && (head[x] == ' ' || head[x] == '"' || head[x] == '\r'))
            x++;
        while (y > x && (head[y - 1] == ' ' || head[y - 1] == '"' || head[y - 1] == '\r'))
            y--;
        /* "TI"/"AB": Web of Science's tab-delimited export names its
         * columns by field tag */
        static const char *const keys[] = {"title", "abstract", "article title", "abstract note",
                                           "ti", "ab"};
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
            if (y - x == strlen(keys[k]) && strncasecmp(head + x, keys[k], y - x) == 0)
                return score + 50;
        a = i + 1;
    }
    return score;
}

static int csv_sniff(const char *head, size_t n, const char *path) {
    return sniff_sep(head, n, path, ',', ".csv");
}

static int tsv_sniff(const char *head, size_t n, const char *path) {
    int s = sniff_sep(head, n, path, '\t', ".tsv");
    return s ? s : sniff_sep(head, n, path, '\t', ".tab");
}

const pdx_reader pdx_reader__csv = {
    "csv",
    "CSV (RFC 4180) with a header row: title, authors, abstract, year, ... (see --field-map)",
    csv_sniff,
    csv_open,
    table_next,
    table_close,
};

const pdx_reader pdx_reader__tsv = {
    "tsv",
    "tab-separated values with a header row, read like CSV (see --field-map)",
    tsv_sniff,
    tsv_open,
    table_next,
    table_close,
};
