/*
 * bibtex.c — the reader for BibTeX (.bib) databases, parsed by btparse.
 *
 *   @string{j-EPODD = "Electronic Publishing"}
 *   @Article{Andre:1988:PFO,
 *     author  = "Jacques Andr{\'e} and Richard Furuta and Smith, Jr., John",
 *     title   = "{PostScript} fonts",
 *     journal = j-EPODD,
 *     month   = aug # " 8",
 *     year    = "1988",
 *     crossref = "Proc:1988",
 *   }
 *
 * How the file reaches btparse.  btparse reads a FILE* or one entry held in
 * a string, and keeps its lexer, macro table and error counts in globals.
 * Inputs here come through pdx_input (gzip, standard input, Latin-1
 * repair), so the whole file is read into memory (it is bounded: at most
 * MAX_FILE bytes) and cut into entries by a small scanner of our own, which
 * also knows the file's line numbers, skips @comment (as BibTeX does: the
 * word, then the text after it is between entries), and finds entries
 * whose braces never balance: such an entry runs until a line that starts
 * a new entry ("@Article{...") or the end of the file, is reported with
 * its line and skipped, and reading goes on from that line.  Each entry is
 * then handed to bt_parse_entry_s(), which expands @string macros
 * (defined by earlier @string entries, plus the month macros jan..dec that
 * BibTeX styles define), pastes "#" concatenations and collapses white
 * space.  A macro used but never defined expands to nothing, as in BibTeX;
 * we define it as "" before btparse meets it, because btparse's own
 * handling of an undefined macro leaks a string.
 *
 * btparse passes text of the entry it is reading (a token, the rest of a
 * line) to printf as the format of some of its error messages, so a '%'
 * in the input is read as a conversion: "%n" in a broken entry made it
 * write through a stray pointer (found by the fuzzer).  No '%' ever
 * reaches it: each entry is handed over with '%' replaced by PCT_MASK,
 * the byte 0xFF, which never occurs in UTF-8 (any already in the input
 * become spaces first) and which btparse reads as an ordinary character
 * in keys and values alike (control bytes would be dropped from values);
 * field values, keys and its messages get their '%' back when they are
 * read out.
 *
 * btparse's globals are guarded by one process-wide mutex, held while a
 * file's entries are parsed (in open(); next() only hands out records).
 * btparse prints warnings and errors to stderr itself; while it runs,
 * stderr is pointed at a memory stream (glibc documents stdin, stdout and
 * stderr as assignable variables), and the messages of entries that fail
 * become our reports, with file and line.  Warnings about entries that are
 * still read (an undefined macro, which expands to nothing) are dropped.
 * btparse has no error hook to use instead (its handlers are private to
 * the library), so the swap is confined: the ingest calls its caller's
 * callbacks (progress, messages) only under the same mutex
 * (pdx_read__stderr_lock), so they never print into the capture, even
 * from the other thread of a two-shard ingest.  A program that prints to
 * stderr from threads of its own while a BibTeX file is parsed should
 * take that lock too.
 *
 * All entries are kept until the end of the file so that `crossref` can
 * point forward; bibtex_record.c makes each entry's record.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <btparse.h>

#include "ingest/bibtex.h"
#include "ingest/fields.h"

#define MAX_FILE (256u << 20) /* bytes of one .bib file */
#define MAX_ENTRY (1u << 20)  /* bytes of one entry: btparse's lexer buffer
                                 grows linearly, so huge entries cost O(n²) */
#define PCT_MASK '\xff'       /* stands for '%' inside btparse (see above) */

#if defined(__GLIBC__)
#define CAPTURE_STDERR 1
#endif

static pthread_mutex_t btparse_lock = PTHREAD_MUTEX_INITIALIZER;

void pdx_read__stderr_lock(void) { pthread_mutex_lock(&btparse_lock); }

void pdx_read__stderr_unlock(void) { pthread_mutex_unlock(&btparse_lock); }

/* ---- reports held back ------------------------------------------------- */

static pdx_status hold(bibtex *r, size_t line, const char *msg, size_t n) {
    if (r->nrep == r->caprep) {
        size_t cap = r->caprep ? r->caprep * 2 : 16;
        pending *v = realloc(r->rep, cap * sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        r->rep = v;
        r->caprep = cap;
    }
    char *m = pdx_strndup(msg, n);
    if (!m)
        return PDX_ENOMEM;
    r->rep[r->nrep].line = line;
    r->rep[r->nrep].msg = m;
    r->nrep++;
    return PDX_OK;
}

static int by_line(const void *a, const void *b) {
    const pending *x = a, *y = b;
    return x->line < y->line ? -1 : x->line > y->line;
}

static void flush_reports(bibtex *r) {
    if (r->nrep > 1)
        qsort(r->rep, r->nrep, sizeof *r->rep, by_line);
    for (size_t i = 0; i < r->nrep; i++) {
        pdx_read__report(r->ctx, r->rep[i].line, "%s", r->rep[i].msg);
        free(r->rep[i].msg);
    }
    r->nrep = 0;
}

/* ---- reading the file --------------------------------------------------- */

/* The whole input as one string, lines joined by '\n'; a line the input
 * layer skipped becomes an empty line so that line numbers stay true. */
static pdx_status slurp(bibtex *r, pdx_buf *text) {
    pdx_buf line = PDX_BUF_INIT;
    pdx_status st = PDX_OK;
    size_t at = 0; /* lines in text */
    for (;;) {
        const char *s;
        size_t n;
        if ((st = pdx_read__line(r->ctx, &line, &s, &n)) || !s)
            break;
        size_t no = pdx_input__lineno(r->ctx->in);
        if (text->n + n + (no - at) > MAX_FILE) {
            pdx_read__report(r->ctx, no, "file larger than %u MiB; the rest is not read",
                             MAX_FILE >> 20);
            break;
        }
        while (at + 1 < no) { /* skipped lines */
            pdx_buf__addc(&st, text, '\n');
            at++;
        }
        pdx_buf__add(&st, text, s, n);
        pdx_buf__addc(&st, text, '\n');
        at = no;
        if (st)
            break;
    }
    pdx_buf__free(&line);
    return st;
}

/* ---- cutting it into entries ---------------------------------------------- */

typedef struct chunk {
    size_t off, len, line;
} chunk;

static bool is_ident(char c) {
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == ':' || c == '.';
}

/* A byte btparse's lexer takes into a name (a macro, a field, a key):
 * anything printable but white space and the characters BibTeX syntax
 * uses; bytes of UTF-8 (and PCT_MASK) included. */
static bool is_name_byte(char c) {
    unsigned char u = (unsigned char)c;
    return u > ' ' && u != 0x7f && !strchr("\"#%'(),={}", c);
}

/* s[0..n) made safe to hand to btparse: '%' becomes PCT_MASK, and
 * control bytes become spaces: btparse would drop them, gluing the words
 * on either side, and define_missing() would miss a macro name after one. */
static void mask_for_btparse(char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char u = (unsigned char)s[i];
        if (s[i] == PCT_MASK || (u < ' ' && u != '\t' && u != '\n' && u != '\r') || u == 0x7f)
            s[i] = ' ';
        else if (s[i] == '%')
            s[i] = PCT_MASK;
    }
}

/* Puts back the '%' of mask_for_btparse() in text btparse gives back. */
static void unmask_from_btparse(char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] == PCT_MASK)
            s[i] = '%';
}

/* At t[i] == '@': the end of "@type" and the opener after it ('{' or
 * '('), or false when this '@' starts no entry. */
static bool entry_head(const char *t, size_t n, size_t i, size_t *type_end, size_t *open) {
    size_t j = i + 1;
    while (j < n && (t[j] == ' ' || t[j] == '\t'))
        j++;
    size_t a = j;
    while (j < n && is_ident(t[j]))
        j++;
    if (j == a)
        return false;
    *type_end = j;
    while (j < n && isspace((unsigned char)t[j]))
        j++;
    if (j >= n || (t[j] != '{' && t[j] != '('))
        return false;
    *open = j;
    return true;
}

/* True when the line starting at t[i] starts an entry. */
static bool line_starts_entry(const char *t, size_t n, size_t i) {
    while (i < n && (t[i] == ' ' || t[i] == '\t'))
        i++;
    size_t te, op;
    return i < n && t[i] == '@' && entry_head(t, n, i, &te, &op);
}

typedef struct chunks {
    chunk *v;
    size_t n, cap;
} chunks;

static pdx_status push_chunk(chunks *c, size_t off, size_t len, size_t line) {
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        chunk *v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        c->v = v;
        c->cap = cap;
    }
    c->v[c->n].off = off;
    c->v[c->n].len = len;
    c->v[c->n].line = line;
    c->n++;
    return PDX_OK;
}

/* Cuts t into entries.  Text between entries is a comment to BibTeX and
 * is skipped; so is the word "@comment". */
static pdx_status split(bibtex *r, const char *t, size_t n, chunks *out) {
    pdx_status st = PDX_OK;
    size_t i = 0, line = 1;
    while (i < n && !st) {
        if (t[i] == '\n') {
            line++;
            i++;
            continue;
        }
        size_t type_end, open;
        if (t[i] != '@' || !entry_head(t, n, i, &type_end, &open)) {
            i++;
            continue;
        }
        size_t start = i, start_line = line;
        size_t ta = i + 1 + strspn(t + i + 1, " \t");
        if (type_end - ta == 7 && strncasecmp(t + ta, "comment", 7) == 0) {
            /* As in BibTeX itself: "@comment" is skipped, and what follows
             * is text between entries, braces balanced or not. */
            i = type_end;
            continue;
        }
        char closer = t[open] == '{' ? '}' : ')';
        /* Scan to the closer: braces nest; a "..." string at the entry's
         * top level hides the closer; a line that starts a new entry means
         * this one never closed. */
        size_t depth = 0, j = open + 1;
        bool quote = false, closed = false, broken = false;
        for (; j < n; j++) {
            char c = t[j];
            if (c == '\n') {
                line++;
                if (j + 1 < n && line_starts_entry(t, n, j + 1)) {
                    broken = true;
                    j++;
                    break;
                }
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (c == '}' && closer == '}') {
                closed = true; /* (inside an open "..." too: btparse says why) */
                break;
            } else if (c == ')' && closer == ')' && depth == 0 && !quote) {
                closed = true;
                break;
            } else if (c == '"' && depth == 0) {
                quote = !quote;
            }
        }
        if (closed) {
            if (j + 1 - start > MAX_ENTRY) {
                char m[96];
                int k = snprintf(m, sizeof m, "entry longer than %u KiB; skipped", MAX_ENTRY >> 10);
                st = hold(r, start_line, m, (size_t)k);
            } else {
                st = push_chunk(out, start, j + 1 - start, start_line);
            }
            i = j + 1;
            continue;
        }
        static const char unbalanced[] =
            "entry never closed (unbalanced braces or quotes); skipped up to the next entry";
        static const char at_end[] =
            "entry never closed (unbalanced braces or quotes); skipped to the end of the file";
        st = broken ? hold(r, start_line, unbalanced, sizeof unbalanced - 1)
                    : hold(r, start_line, at_end, sizeof at_end - 1);
        i = j; /* the new entry's line (line already counts it), or the end */
    }
    return st;
}

/* ---- btparse ------------------------------------------------------------ */

typedef struct capture {
    FILE *saved, *mem;
    char *buf;
    size_t len;
} capture;

static pdx_status capture_begin(capture *c) {
    memset(c, 0, sizeof *c);
#ifdef CAPTURE_STDERR
    c->mem = open_memstream(&c->buf, &c->len);
    if (!c->mem)
        return PDX_ENOMEM;
    fflush(stderr);
    c->saved = stderr;
    stderr = c->mem;
#endif
    return PDX_OK;
}

/* Bytes captured so far. */
static size_t capture_size(capture *c) {
    if (!c->mem)
        return 0;
    fflush(c->mem);
    return c->len;
}

static void capture_end(capture *c) {
#ifdef CAPTURE_STDERR
    if (c->mem) {
        stderr = c->saved;
        fclose(c->mem);
    }
#endif
    free(c->buf);
}

/* The first of btparse's messages in buf[a..b) turned into ours:
 * "bib, line 12, syntax error: found ..." → line 12, "syntax error: ...". */
static pdx_status hold_btparse_error(bibtex *r, const capture *c, size_t a, size_t b,
                                     size_t entry_line, const char *key) {
    char m[512];
    size_t line = entry_line;
    const char *msg = "not a valid entry";
    size_t mlen = strlen(msg);
    if (c->buf && b > a) {
        const char *s = c->buf + a, *e = memchr(s, '\n', b - a);
        size_t n = e ? (size_t)(e - s) : b - a;
        const char *ln = NULL;
        for (size_t i = 0; i + 5 <= n; i++)
            if (memcmp(s + i, "line ", 5) == 0) {
                ln = s + i + 5;
                break;
            }
        static const char skipping[] = " (skipping to next \"@\")";
        size_t sl = sizeof skipping - 1;
        if (n >= sl && memcmp(s + n - sl, skipping, sl) == 0)
            n -= sl;
        if (ln && isdigit((unsigned char)*ln)) {
            line = (size_t)strtoul(ln, NULL, 10);
            const char *p = memchr(ln, ',', n - (size_t)(ln - s));
            if (p) {
                while (p < s + n && (*p == ',' || *p == ' '))
                    p++;
                msg = p;
                mlen = n - (size_t)(p - s);
            }
        }
    }
    int k = snprintf(m, sizeof m, "BibTeX entry%s%s: %.*s; skipped", key ? " " : "", key ? key : "",
                     (int)(mlen > 400 ? 400 : mlen), msg);
    if (k < 0)
        k = 0;
    size_t len = (size_t)k < sizeof m ? (size_t)k : sizeof m - 1;
    unmask_from_btparse(m, len);
    return hold(r, line, m, len);
}

static char *arena_lower(pdx_arena *a, const char *s) {
    size_t n = strlen(s);
    char *d = pdx_arena__strndup(a, s, n);
    if (d)
        for (size_t i = 0; i < n; i++)
            d[i] = (char)tolower((unsigned char)d[i]);
    return d;
}

/* Keeps a parsed regular entry: its type, key and field values. */
static pdx_status keep_entry(bibtex *r, AST *ast, size_t line) {
    const char *type = bt_entry_type(ast), *key = bt_entry_key(ast);
    if (!type)
        return PDX_OK;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        bib_entry *v = realloc(r->e, cap * sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        r->e = v;
        r->cap = cap;
    }
    bib_entry *e = &r->e[r->n];
    e->type = arena_lower(&r->arena, type);
    char *k0 = key && *key ? pdx_arena__strndup(&r->arena, key, strlen(key)) : NULL;
    if (k0)
        unmask_from_btparse(k0, strlen(k0));
    e->key = k0;
    e->line = line;
    e->field0 = r->nf;
    e->n_fields = 0;
    if (!e->type || (key && *key && !e->key))
        return PDX_ENOMEM;
    char *fname;
    AST *fld = NULL;
    pdx_status st = PDX_OK;
    pdx_buf val = PDX_BUF_INIT;
    while (!st && (fld = bt_next_field(ast, fld, &fname))) {
        /* Post-processing pasted each value into one string; join any
         * rest all the same.  (bt_get_text would allocate a copy.) */
        pdx_buf__clear(&val);
        bt_nodetype nt;
        char *text;
        AST *v = NULL;
        while ((v = bt_next_value(fld, v, &nt, &text)))
            if (text)
                pdx_buf__adds(&st, &val, text);
        if (st || !fname)
            break;
        if (r->nf == r->capf) {
            size_t cap = r->capf ? r->capf * 2 : 256;
            bib_field *fv = realloc(r->f, cap * sizeof *fv);
            if (!fv) {
                st = PDX_ENOMEM;
                break;
            }
            r->f = fv;
            r->capf = cap;
        }
        r->f[r->nf].name = arena_lower(&r->arena, fname);
        unmask_from_btparse(val.p, val.n);
        r->f[r->nf].value = pdx_arena__strndup(&r->arena, pdx_buf__str(&val), val.n);
        if (!r->f[r->nf].name || !r->f[r->nf].value)
            st = PDX_ENOMEM;
        r->nf++;
        e->n_fields++;
    }
    pdx_buf__free(&val);
    if (st)
        return st;
    r->n++;
    if (e->key) {
        /* crossref keys match case-insensitively, as in BibTeX */
        char *k = arena_lower(&r->arena, e->key);
        size_t old;
        if (!k)
            return PDX_ENOMEM;
        if (!pdx_map__get(&r->keys, k, strlen(k), &old))
            st = pdx_map__put(&r->keys, k, strlen(k), r->n - 1);
    }
    return st;
}

/* Defines as "" every macro that entry text t[0..n) uses but nobody
 * defined: the names after '=' or '#' outside braces and quotes
 * ("journal = j-TUGboat", "month = aug # \" 8\"", "title = café"), read
 * as btparse reads names so that none of them reaches its leaking path. */
static pdx_status define_missing(const char *t, size_t n, size_t line, pdx_buf *name) {
    pdx_status st = PDX_OK;
    size_t depth = 0, top = 1; /* brace depth of the fields: 1 in "@x{", 0 in "@x(" */
    bool quote = false, want = false; /* want: a value may start here */
    size_t open = strcspn(t, "{(");
    if (open < n && t[open] == '(')
        top = 0;
    for (size_t i = 0; i < n && !st; i++) {
        char c = t[i];
        if (c == '{') {
            depth++;
            want = false;
        } else if (c == '}') {
            if (depth)
                depth--;
        } else if (depth == top && c == '"') {
            quote = !quote;
            want = false;
        } else if (depth == top && !quote && (c == '=' || c == '#')) {
            want = true;
        } else if (depth == top && !quote && want && !isspace((unsigned char)c)) {
            want = false;
            if (!is_name_byte(c) || isdigit((unsigned char)c))
                continue;
            size_t a = i;
            while (i < n && is_name_byte(t[i]))
                i++;
            pdx_buf__clear(name);
            pdx_buf__add(&st, name, t + a, i - a);
            if (!st && !bt_macro_text(name->p, "bib", (int)line))
                bt_add_macro_text(name->p, "", "bib", (int)line);
            i--;
        }
    }
    return st;
}

/* Parses every chunk with btparse, under its lock, with stderr captured. */
static pdx_status parse_chunks(bibtex *r, const char *t, const chunks *c) {
    static const char *const months[][2] = {
        {"jan", "January"}, {"feb", "February"}, {"mar", "March"},     {"apr", "April"},
        {"may", "May"},     {"jun", "June"},     {"jul", "July"},      {"aug", "August"},
        {"sep", "September"}, {"oct", "October"}, {"nov", "November"}, {"dec", "December"},
    };
    capture cap;
    pdx_status st = PDX_OK;
    pdx_buf one = PDX_BUF_INIT;
    pthread_mutex_lock(&btparse_lock);
    if ((st = capture_begin(&cap))) {
        pthread_mutex_unlock(&btparse_lock);
        return st;
    }
    bt_initialize();
    for (size_t i = 0; i < sizeof months / sizeof *months; i++)
        bt_add_macro_text((char *)months[i][0], (char *)months[i][1], NULL, 0);
    for (size_t i = 0; i < c->n && !st; i++) {
        pdx_buf__clear(&one);
        pdx_buf__add(&st, &one, t + c->v[i].off, c->v[i].len);
        if (st)
            break;
        mask_for_btparse(one.p, one.n);
        if ((st = define_missing(one.p, one.n, c->v[i].line, &r->name)))
            break;
        size_t after_defs = capture_size(&cap);
        boolean ok = FALSE;
        /* The file name "bib" keeps '%' out of btparse's formats too. */
        AST *ast = bt_parse_entry_s(one.p, "bib", (int)c->v[i].line, 0, &ok);
        size_t after = capture_size(&cap);
        if (!ast || !ok) {
            const char *key = ast ? bt_entry_key(ast) : NULL;
            st = hold_btparse_error(r, &cap, after_defs, after, c->v[i].line, key);
        } else if (bt_entry_metatype(ast) == BTE_REGULAR) {
            st = keep_entry(r, ast, c->v[i].line);
        }
        /* @string entries defined their macros while being parsed;
         * @preamble and @comment need nothing. */
        bt_free_ast(ast);
    }
    bt_parse_entry_s(NULL, NULL, 1, 0, NULL); /* frees the lexer buffer */
    bt_cleanup();                              /* and the macro table */
    capture_end(&cap);
    pthread_mutex_unlock(&btparse_lock);
    pdx_buf__free(&one);
    return st;
}

/* ---- the reader ------------------------------------------------------------ */

static void bibtex_close(void *vr) {
    bibtex *r = vr;
    if (!r)
        return;
    for (size_t i = 0; i < r->nrep; i++)
        free(r->rep[i].msg);
    free(r->rep);
    free(r->e);
    free(r->f);
    pdx_map__free(&r->keys);
    pdx_arena__free(&r->arena);
    pdx_buf__free(&r->tmp);
    pdx_buf__free(&r->tmp2);
    pdx_buf__free(&r->name);
    free(r);
}

static pdx_status bibtex_open(void **out, pdx_read_ctx *ctx) {
    *out = NULL;
    bibtex *r = calloc(1, sizeof *r);
    if (!r)
        return PDX_ENOMEM;
    r->ctx = ctx;
    pdx_input__accept_invalid(ctx->in, true); /* old .bib files are Latin-1 */
    pdx_buf text = PDX_BUF_INIT;
    chunks c = {0};
    pdx_status st = slurp(r, &text);
    if (!st && text.n)
        st = split(r, text.p, text.n, &c);
    if (!st && c.n)
        st = parse_chunks(r, text.p, &c);
    flush_reports(r);
    free(c.v);
    pdx_buf__free(&text);
    if (st) {
        bibtex_close(r);
        return st;
    }
    *out = r;
    return PDX_OK;
}

static pdx_status bibtex_next(void *vr, pdx_paper **out) {
    bibtex *r = vr;
    *out = NULL;
    while (r->next < r->n) {
        pdx_status st = pdx_bibtex__build(out, r, &r->e[r->next++]);
        if (st || *out)
            return st;
    }
    return PDX_OK;
}

static int bibtex_sniff(const char *head, size_t n, const char *path) {
    size_t pl = strlen(path);
    int score = 0;
    if ((pl > 4 && strcasecmp(path + pl - 4, ".bib") == 0) || strstr(path, ".bib."))
        score = 50;
    /* an "@type{" at the start of a line */
    for (size_t i = 0; i < n; i++) {
        if (head[i] != '@' || (i > 0 && head[i - 1] != '\n'))
            continue;
        size_t te, op;
        if (entry_head(head, n, i, &te, &op))
            return score + 45;
    }
    return score;
}

const pdx_reader pdx_reader__bibtex = {
    "bibtex",
    "BibTeX databases (@article{key, author = ..., title = ...}; @string, crossref)",
    bibtex_sniff,
    bibtex_open,
    bibtex_next,
    bibtex_close,
};
