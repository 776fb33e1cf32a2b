/*
 * parse.c — the query language: a recursive-descent parser from the
 * user's text to a Xapian query.
 *
 *   expr    := seq (OR seq)*
 *   seq     := conj conj*              juxtaposed: ranked OR, see below
 *   conj    := unary (AND unary)*
 *   unary   := NOT unary | -unary | primary
 *   primary := ( expr ) | field:value | field:( expr ) | "phrase" | word | prefix*
 *
 * Loosest first: OR, juxtaposition, AND, NOT.  So `a b AND c` is a OR (b AND
 * c), and `graph -neural year:2020` is graph, without neural, in 2020.
 * AND, OR and NOT are operators only in capitals; "not" is a word.
 *
 * Juxtaposed words are OR-ed and ranked by BM25, as the peers do; English
 * function words are dropped unless nothing else is left, and exclusions
 * (-w, NOT w) and filters (year:, category:, has:) in the same sequence
 * restrict it.  Each word becomes its indexed forms, made by the very
 * tokenizer and folding indexing used:
 *
 *   word          the stem of its accent-folded form ("Z"), OR-ed with its
 *                 exact form when that carries accents, and, as the
 *                 ranking says, its title-only stem and its author-name form
 *   "a phrase"    the words' plain forms in order
 *   prefix*       every plain form starting with the prefix (at most
 *                 PDX_WILDCARD_MAX of them, else a syntax error)
 *   title: author: venue:     the field's own terms (S/ZS, A, V)
 *   abstract:     the whole-text stem, kept only where the word occurs
 *                 more often than its title and author occurrences account
 *                 for (no abstract terms in the index: see schema.h)
 *   category: year:Y year:A..B has:code      boolean filters
 *
 * Field names ignore ASCII case ("Title:" is "title:").  Any other
 * "name:value" (letters, a colon, a value right after it) is an error
 * naming the nearest field, except identifier schemes (arXiv:, doi: ...),
 * URLs, and a colon followed by a space: those are text.
 *
 * A query that cannot be parsed gets PDX_EQUERY and "column N: why".
 *
 * This file holds the lexer and the grammar; parse_words.c turns words
 * into index terms and parse_nodes.c combines the pieces (parse.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/parse.h"
#include "schema.h"

#define MAX_DEPTH 32

pdx_status pdx_parse__fail_at(parser *p, size_t at, const char *why) {
    return pdx_db__fail(p->db, PDX_EQUERY, "column %zu: %s", at + 1, why);
}

/* ---- the lexer --------------------------------------------------------- */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void skip_space(parser *p) {
    while (p->i < p->n && is_space(p->s[p->i]))
        p->i++;
}

/* Is the operator `op` (AND, OR, NOT) at the cursor, as a whole word? */
static bool at_op(parser *p, const char *op) {
    size_t k = strlen(op);
    if (p->i + k > p->n || memcmp(p->s + p->i, op, k) != 0)
        return false;
    return p->i + k == p->n || is_space(p->s[p->i + k]) || p->s[p->i + k] == '(' ||
           p->s[p->i + k] == ')' || p->s[p->i + k] == '"';
}

static bool at_end_of_seq(parser *p) {
    skip_space(p);
    return p->i >= p->n || p->s[p->i] == ')' || at_op(p, "OR");
}

/* The end of a bare word: a space, a quote, or a ')' that closes a group
 * rather than one opened inside the word ("O(n)"). */
static size_t word_end(parser *p, size_t from) {
    size_t i = from;
    int inner = 0;
    while (i < p->n && !is_space(p->s[i]) && p->s[i] != '"') {
        if (p->s[i] == '(' && i > from)
            inner++;
        else if (p->s[i] == ')') {
            if (inner == 0)
                break;
            inner--;
        }
        i++;
    }
    return i;
}

/* ---- the grammar ------------------------------------------------------- */

static pdx_status expr(parser *p, field f, node *out, seqparts *top);

static pdx_status phrase_at(parser *p, field f, bool positive, node *out) {
    size_t open = p->i;
    const char *close = memchr(p->s + open + 1, '"', p->n - open - 1);
    if (!close)
        return pdx_parse__fail_at(p, open, "the quote opened here is never closed");
    size_t vs = open + 1, ve = (size_t)(close - p->s);
    p->i = ve + 1;
    return pdx_parse__words(out, p, p->s + vs, ve - vs, f, true, positive);
}

static pdx_status group_at(parser *p, field f, node *out) {
    size_t open = p->i;
    if (++p->depth > MAX_DEPTH)
        return pdx_parse__fail_at(p, open, "brackets are nested too deeply");
    p->i++;
    pdx_status st = expr(p, f, out, NULL);
    skip_space(p);
    if (!st && (p->i >= p->n || p->s[p->i] != ')')) {
        pdx_parse__node_free(out);
        return pdx_parse__fail_at(p, open, "the bracket opened here is never closed");
    }
    p->i++;
    p->depth--;
    out->stop = false;
    return st;
}

/* Records a free word's place in the query, for spelling suggestions. */
static pdx_status note_word(parser *p, size_t start, size_t n) {
    pdx_parsed *o = p->out;
    if (o->n_words == o->cap_words) {
        size_t cap = o->cap_words ? o->cap_words * 2 : 8;
        pdx_qword *v = realloc(o->words, cap * sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        o->words = v;
        o->cap_words = cap;
    }
    o->words[o->n_words++] = (pdx_qword){start, n};
    return PDX_OK;
}

/* The field names, lower case as they are matched (after folding the
 * name's ASCII case: "Title:" is "title:"). */
static const char *const field_names[] = {"title",    "author", "venue", "abstract",
                                          "category", "year",   "has"};

/* Identifier schemes and URL schemes written as "scheme:rest" that are
 * not fields but text to search: "arXiv:2106.01345", "doi:10.1/x",
 * "http://..." (the '/' already tells a URL), "isbn:0-262-03384-4". */
static const char *const not_fields[] = {"arxiv", "doi",  "http",  "https", "ftp", "isbn",
                                         "issn",  "pmid", "pmcid", "orcid", "urn", "hdl",
                                         "mailto"};

/* Optimal string alignment distance (Levenshtein plus a swap of two
 * neighbours) of two short ASCII names: "autor"/"author" 1, "titel"/"title" 1. */
static size_t name_distance(const char *a, size_t na, const char *b, size_t nb) {
    size_t d[17][17];
    if (na > 16 || nb > 16)
        return (size_t)-1;
    for (size_t i = 0; i <= na; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= na; i++)
        for (size_t j = 1; j <= nb; j++) {
            size_t c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c)
                c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c)
                c = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < c)
                c = d[i - 2][j - 2] + 1;
            d[i][j] = c;
        }
    return d[na][nb];
}

/* "name:value" with a name that is no field: the nearest field when one
 * is close (at most 2 edits, and fewer than half the name's letters),
 * else the list of them. */
static pdx_status unknown_field(parser *p, size_t col, const char *name, size_t n) {
    size_t best = (size_t)-1, at = 0;
    for (size_t k = 0; k < sizeof field_names / sizeof *field_names; k++) {
        size_t dist = name_distance(name, n, field_names[k], strlen(field_names[k]));
        if (dist < best) {
            best = dist;
            at = k;
        }
    }
    if (best <= 2 && best * 2 < n)
        return pdx_db__fail(p->db, PDX_EQUERY, "column %zu: no field '%.*s'; did you mean '%s'?",
                            col + 1, (int)n, name, field_names[at]);
    return pdx_db__fail(p->db, PDX_EQUERY,
                        "column %zu: no field '%.*s'; the fields are title, author, venue, "
                        "abstract, category, year and has (quote \"%.*s:...\" to search "
                        "for the words)",
                        col + 1, (int)n, name, (int)n, name);
}

/* What a "name:" before a value makes of it. */
typedef enum special {
    S_NONE,     /* no field: the text is searched as it is */
    S_WORDS,    /* title:, author:, venue:, abstract: (the field in *ff) */
    S_YEAR,     /* year:Y or year:A..B */
    S_HAS,      /* has:code */
    S_CATEGORY, /* category:C */
} special;

/* abstract: keeps the documents where a word occurs more often than its
 * title and author occurrences account for: a comparison of two terms'
 * counts in one document, which no operator of Xapian's makes, so a
 * posting source of ours makes it (pdx_index__q_excess), and a shard
 * served by xapian-tcpsrv cannot run that.  Over such a shard the query
 * is refused, naming the shard, before anything runs (docs/scale-out.md,
 * "Limits"); a shard left out (--allow-partial) has a local stand-in. */
static pdx_status abstract_here(parser *p, size_t col) {
    size_t n = pdx_index__shard_count(p->db->ix);
    for (size_t i = 0; i < n; i++) {
        bool lost = false, remote = false;
        const char *name = pdx_index__shard_name(p->db->ix, i, &lost, &remote);
        if (remote && !lost)
            return pdx_db__fail(p->db, PDX_EQUERY,
                                "column %zu: abstract: cannot be searched on shard %s: it "
                                "compares a word's counts in the abstract and the title, which "
                                "xapian-tcpsrv cannot do; search the words without abstract:",
                                col + 1, name);
    }
    return PDX_OK;
}

/* Reads a "name:" at the cursor, if any: *sp says what it is, *ff the
 * field of words (f when none).  With S_NONE the cursor is back where it
 * was; otherwise it is after the colon, on the value. */
static pdx_status field_at(parser *p, field f, size_t col, field *ff, special *sp) {
    *ff = f;
    *sp = S_NONE;
    size_t a = p->i;
    char low[17]; /* the name in lower case, for the comparisons */
    while (p->i < p->n && ((p->s[p->i] >= 'a' && p->s[p->i] <= 'z') ||
                           (p->s[p->i] >= 'A' && p->s[p->i] <= 'Z'))) {
        if (p->i - a < sizeof low - 1)
            low[p->i - a] = (char)(p->s[p->i] | 0x20);
        p->i++;
    }
    const char *fname = p->s + a;
    size_t fn = p->i - a;
    size_t ln = fn < sizeof low - 1 ? fn : sizeof low - 1;
    low[ln] = '\0';
    if (p->i < p->n && p->s[p->i] == ':' && fn > 0) {
        static const struct {
            const char *name;
            field f;
            special sp;
        } fields[] = {{"title", F_TITLE, S_WORDS},   {"author", F_AUTHOR, S_WORDS},
                      {"venue", F_VENUE, S_WORDS},   {"abstract", F_ABSTRACT, S_WORDS},
                      {"year", F_TEXT, S_YEAR},      {"has", F_TEXT, S_HAS},
                      {"category", F_TEXT, S_CATEGORY}};
        for (size_t k = 0; k < sizeof fields / sizeof *fields && *sp == S_NONE; k++)
            if (strcmp(low, fields[k].name) == 0) {
                *sp = fields[k].sp;
                if (*sp == S_WORDS)
                    *ff = fields[k].f;
            }
        /* No field: a typo ("autor:duvenaud") is an error, but text with a
         * colon is searched as it always was: "Review: deep nets" (a space
         * after the colon), an identifier ("arXiv:2106.01345",
         * "doi:10.1/x"), a URL ("http://..."). */
        if (*sp == S_NONE && fn == ln && p->i + 1 < p->n && !is_space(p->s[p->i + 1]) &&
            p->s[p->i + 1] != '/' && p->s[p->i + 1] != ')') {
            bool scheme = false;
            for (size_t k = 0; k < sizeof not_fields / sizeof *not_fields && !scheme; k++)
                scheme = strcmp(low, not_fields[k]) == 0;
            if (!scheme)
                return unknown_field(p, col, fname, fn);
        }
    }
    if (*sp == S_NONE) {
        p->i = a;
        return PDX_OK;
    }
    p->i++;
    if (p->i >= p->n || is_space(p->s[p->i]) || p->s[p->i] == ')')
        return pdx_db__fail(p->db, PDX_EQUERY, "column %zu: %.*s: needs a value", col + 1,
                            (int)fn, fname);
    return *ff == F_ABSTRACT ? abstract_here(p, col) : PDX_OK;
}

/* The filter node of year:, has: or category: with value v[0..vn). */
static pdx_status filter_value(node *out, parser *p, special sp, const char *v, size_t vn,
                               size_t col) {
    pdx_status st = PDX_OK;
    switch (sp) {
    case S_YEAR:
        out->k = K_FILTER;
        return pdx_parse__year(&out->q, p, v, vn, col);
    case S_HAS:
        if (vn != 4 || memcmp(v, "code", 4) != 0)
            return pdx_parse__fail_at(p, col, "has: knows only 'code'");
        out->k = K_FILTER;
        return pdx_parse__term(&out->q, PDX_PFX_HAS, "code", 4, &p->tmp);
    case S_CATEGORY:
        pdx_buf__clear(&p->fold);
        pdx_text__fold(&st, &p->fold, v, vn, PDX_FOLD_CASE);
        out->k = K_FILTER;
        return st ? st : pdx_parse__term(&out->q, PDX_PFX_CATEGORY, p->fold.p, p->fold.n, &p->tmp);
    case S_NONE:
    case S_WORDS: break;
    }
    return PDX_OK;
}

static pdx_status primary(parser *p, field f, bool positive, node *out) {
    memset(out, 0, sizeof *out);
    skip_space(p);
    size_t col = p->i;
    if (p->i >= p->n)
        return pdx_parse__fail_at(p, col, "the query ends where a word was expected");
    char c = p->s[p->i];
    if (c == '(')
        return group_at(p, f, out);
    if (c == ')')
        return pdx_parse__fail_at(p, col, "this ')' closes no bracket");
    if (c == '"')
        return phrase_at(p, f, positive, out);
    field ff;
    special sp;
    pdx_status st = field_at(p, f, col, &ff, &sp);
    if (st)
        return st;
    if (sp == S_WORDS && p->s[p->i] == '(')
        return group_at(p, ff, out);
    if (sp == S_WORDS && p->s[p->i] == '"')
        return phrase_at(p, ff, positive, out);
    size_t vs = p->i, ve = word_end(p, vs);
    p->i = ve;
    if (ve < p->n && p->s[ve] == '"')
        return pdx_parse__fail_at(p, ve, "a quote must start a phrase (put a space before it)");
    const char *v = p->s + vs;
    size_t vn = ve - vs;
    if (sp != S_NONE && sp != S_WORDS)
        return filter_value(out, p, sp, v, vn, col);
    if (vn > 1 && v[vn - 1] == '*')
        return pdx_parse__wildcard(out, p, v, vn - 1, col, ff, positive);
    if (vn == 1 && v[0] == '*')
        return pdx_parse__fail_at(p, col, "a wildcard needs at least one letter before the *");
    st = pdx_parse__words(out, p, v, vn, ff, false, positive);
    if (!st && out->bag && positive)
        st = note_word(p, vs, vn);
    if (!st && out->bag && positive && !out->stop)
        p->out->n_content++;
    return st;
}

static pdx_status unary(parser *p, field f, bool positive, node *out) {
    memset(out, 0, sizeof *out);
    skip_space(p);
    size_t col = p->i;
    bool neg = false;
    if (at_op(p, "NOT")) {
        p->i += 3;
        neg = true;
    } else if (p->i + 1 < p->n && p->s[p->i] == '-' && !is_space(p->s[p->i + 1]) &&
               p->s[p->i + 1] != ')') {
        p->i++;
        neg = true;
    }
    if (!neg)
        return primary(p, f, positive, out);
    if (at_end_of_seq(p) || at_op(p, "AND"))
        return pdx_parse__fail_at(p, col, "NOT or - needs a word after it");
    if (++p->depth > MAX_DEPTH)
        return pdx_parse__fail_at(p, col, "too many NOTs in a row");
    node x;
    pdx_status st = unary(p, f, !positive, &x);
    p->depth--;
    if (!st)
        *out = pdx_parse__negate(x);
    return st;
}

static pdx_status conjunction(parser *p, field f, node *out) {
    pdx_status st = unary(p, f, true, out);
    while (!st) {
        skip_space(p);
        if (!at_op(p, "AND"))
            break;
        size_t col = p->i;
        p->i += 3;
        if (at_end_of_seq(p) || at_op(p, "AND")) {
            pdx_parse__node_free(out);
            return pdx_parse__fail_at(p, col, "AND needs a word on each side");
        }
        node b, a = *out;
        memset(out, 0, sizeof *out);
        if ((st = unary(p, f, true, &b))) {
            pdx_parse__node_free(&a);
            break;
        }
        st = pdx_parse__and(out, a, b);
    }
    return st;
}

static pdx_status seq(parser *p, field f, node *out, seqparts *parts) {
    node *items = NULL;
    size_t n = 0, cap = 0;
    pdx_status st = PDX_OK;
    memset(out, 0, sizeof *out);
    while (!st && !at_end_of_seq(p)) {
        if (at_op(p, "AND")) {
            st = pdx_parse__fail_at(p, p->i, "AND needs a word on each side");
            break;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            node *v = realloc(items, cap * sizeof *v);
            if (!v) {
                st = PDX_ENOMEM;
                break;
            }
            items = v;
        }
        if (!(st = conjunction(p, f, &items[n])))
            n++;
    }
    seqparts local;
    if (!st)
        st = pdx_parse__seq(out, parts ? parts : &local, p, items, n);
    else
        for (size_t i = 0; i < n; i++)
            pdx_parse__node_free(&items[i]);
    if (!parts)
        pdx_parse__parts_free(&local);
    free(items);
    return st;
}

static pdx_status expr(parser *p, field f, node *out, seqparts *top) {
    seqparts first = {0};
    pdx_status st = seq(p, f, out, &first);
    bool alone = true;
    while (!st) {
        skip_space(p);
        if (!at_op(p, "OR"))
            break;
        size_t col = p->i;
        p->i += 2;
        alone = false;
        node b, a = *out;
        memset(out, 0, sizeof *out);
        if (at_end_of_seq(p)) {
            pdx_parse__node_free(&a);
            st = pdx_parse__fail_at(p, col, "OR needs a word on each side");
            break;
        }
        if (a.k == K_NONE) {
            st = pdx_parse__fail_at(p, col, "OR needs a word on each side");
            break;
        }
        seqparts unused = {0};
        st = seq(p, f, &b, &unused);
        pdx_parse__parts_free(&unused);
        if (st) {
            pdx_parse__node_free(&a);
            break;
        }
        st = pdx_parse__or(out, a, b);
    }
    if (!st && top && alone) {
        *top = first;
        memset(&first, 0, sizeof first);
    }
    pdx_parse__parts_free(&first);
    return st;
}

void pdx_parsed__free(pdx_parsed *q) {
    if (!q)
        return;
    pdx_index__q_free(q->q);
    pdx_index__q_free(q->rank);
    pdx_index__q_free(q->filter);
    pdx_index__q_free(q->exclude);
    free(q->words);
    if (q->plain) {
        pdx_parsed__free(q->plain);
        free(q->plain);
    }
    memset(q, 0, sizeof *q);
}

static pdx_status parse_one(pdx_parsed *out, pdx_db *db, const char *query, const pdx_ranking *rk,
                            pdx_hl_terms *hl) {
    memset(out, 0, sizeof *out);
    size_t qn = strlen(query);
    if (pdx_text__check(query, qn) != qn)
        return pdx_db__fail(db, PDX_EQUERY, "the query is not valid UTF-8");
    if (qn > 4096)
        return pdx_db__fail(db, PDX_EQUERY, "the query is longer than 4096 bytes");
    pdx_hl_terms scratch = PDX_HL_TERMS_INIT;
    parser p = {0};
    p.db = db;
    p.rk = rk;
    p.s = query;
    p.n = qn;
    p.hl = hl ? hl : &scratch;
    p.out = out;
    node top = {0};
    seqparts parts = {0};
    pdx_status st = expr(&p, F_TEXT, &top, &parts);
    skip_space(&p);
    if (!st && p.i < p.n)
        st = pdx_parse__fail_at(&p, p.i, "this ')' closes no bracket");
    if (!st && top.k == K_NEG) {
        /* Only exclusions: every paper but those. */
        st = pdx_parse__neg_to_filter(&top);
        pdx_parse__parts_free(&parts);
    }
    if (!st && top.k == K_NONE)
        st = pdx_index__q_combine(&top.q, PDX_QOP_OR, NULL, 0, 0); /* matches nothing */
    if (!st) {
        out->q = top.q;
        out->ranked = top.k == K_POS;
        top.q = NULL;
        out->bag = parts.bag;
        if (parts.bag) {
            out->rank = parts.rank;
            out->filter = parts.filter;
            out->exclude = parts.exclude;
            memset(&parts, 0, sizeof parts);
        }
    }
    pdx_parse__node_free(&top);
    pdx_parse__parts_free(&parts);
    pdx_text__tokenizer_free(&p.tz);
    pdx_buf__free(&p.tmp);
    pdx_buf__free(&p.stem);
    pdx_buf__free(&p.fold);
    pdx_hl_terms__free(&scratch);
    if (st)
        pdx_parsed__free(out);
    return st;
}

pdx_status pdx_query__parse(pdx_parsed *out, pdx_db *db, const char *query, const pdx_ranking *rk,
                            pdx_hl_terms *hl) {
    pdx_ranking def;
    if (!rk) {
        pdx_ranking_default(&def);
        rk = &def;
    }
    pdx_status st = parse_one(out, db, query, rk, hl);
    if (st || rk->near_weight <= 0 || rk->fb_near || !rk->fb_docs || !rk->fb_terms)
        return st;
    /* Feedback's second pass ranks without the proximity pairs (see
     * rank.c): the same query parsed with near_weight 0. */
    pdx_ranking plain = *rk;
    plain.near_weight = 0;
    if (!(out->plain = malloc(sizeof *out->plain)))
        st = PDX_ENOMEM;
    else if ((st = parse_one(out->plain, db, query, &plain, NULL))) {
        free(out->plain);
        out->plain = NULL;
    }
    if (st)
        pdx_parsed__free(out);
    return st;
}
