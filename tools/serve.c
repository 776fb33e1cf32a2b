/*
 * serve.c — `paperdex serve`: the HTTP JSON API and the web page, on
 * libmicrohttpd's thread pool.
 *
 * The API answers with the CLI's --json objects (cli_json.c, printed into
 * an open_memstream buffer), so a script can switch between the command
 * and the server without learning a second shape.  Errors are JSON too:
 * {"error": "...", "status": N} plus "column" for a query syntax error.
 *
 * Reading while an ingest writes: every request borrows a read-only
 * handle from a small pool.  A handle remembers the database's generation
 * (the identity of Xapian's version file, which a commit replaces) and is
 * reopened when a commit has happened since, so searches keep working
 * during an ingest and see each commit's papers.  The server never writes.
 *
 * The page (tools/web/) is compiled in (web_assets.c, made by CMake), so
 * the binary serves it offline.  Static routes are a fixed table: there is
 * no file system behind them, hence no path to traverse.
 */
#define _GNU_SOURCE /* open_memstream, clock_gettime before POSIX 2008 headers */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "cli.h"

/* ---- limits (stated in --help) ---------------------------------------------------- */

#define MAX_PARAM 1024      /* bytes of any one query-string value (413 past it) */
#define MAX_BODY 4096       /* bytes of a request body; requests need none (413) */
#define MAX_LIMIT 100       /* hits per page: larger limits are capped */
#define MAX_OFFSET 10000    /* deepest offset (400 past it) */
#define POOL_SIZE 16        /* idle read handles kept open */
#define CONN_MEMORY (32 * 1024) /* per-connection memory: longer headers get 431/414 */

/* ---- the embedded page (web_assets.c, generated from tools/web/) --------------------- */

typedef struct web_asset {
    const char *path; /* the URL path, "/app.js" */
    const char *type; /* its Content-Type */
    const unsigned char *data;
    size_t size;
} web_asset;

extern const web_asset pdx_web_assets[];
extern const size_t pdx_web_asset_count;

/* ---- the server ---------------------------------------------------------------------- */

/* Identity of a database state: the version file a commit replaces, and
 * the directory (a compaction swaps it). */
typedef struct db_gen {
    dev_t dev;
    ino_t ino, dir_ino;
    struct timespec mtime;
    off_t size;
} db_gen;

typedef struct server {
    const char *db_path;
    const char *cors; /* --cors ORIGIN, or NULL: no CORS headers at all */
    bool quiet;
    double time_limit;    /* --time-limit, in seconds, for each match */
    pthread_mutex_t lock; /* guards the pool and logging */
    pdx_db *pool[POOL_SIZE];
    db_gen pool_gen[POOL_SIZE];
    size_t n_pool;
} server;

/* One request's state, kept across the handler's calls. */
typedef struct request {
    struct timespec start;
    size_t body; /* bytes of body seen */
} request;

static double ms_since(const struct timespec *t0) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static void current_gen(db_gen *g, const char *path) {
    memset(g, 0, sizeof *g);
    struct stat st;
    if (stat(path, &st) == 0)
        g->dir_ino = st.st_ino;
    char *v = NULL;
    if (asprintf(&v, "%s/iamglass", path) >= 0 && stat(v, &st) == 0) {
        g->dev = st.st_dev;
        g->ino = st.st_ino;
        g->mtime = st.st_mtim;
        g->size = st.st_size;
    } else {
        /* not a single glass database (or none yet): reopen every second */
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        g->mtime.tv_sec = t.tv_sec;
    }
    free(v);
}

static bool same_gen(const db_gen *a, const db_gen *b) {
    return a->dev == b->dev && a->ino == b->ino && a->dir_ino == b->dir_ino &&
           a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
           a->size == b->size;
}

/* Borrows a read handle of the current generation: a pooled one, or a new
 * one.  On failure *errmsg says why (caller frees). */
static pdx_status db_acquire(pdx_db **out, db_gen *gen, server *srv, char **errmsg) {
    *out = NULL;
    *errmsg = NULL;
    current_gen(gen, srv->db_path);
    pdx_db *stale[POOL_SIZE];
    size_t n_stale = 0;
    pthread_mutex_lock(&srv->lock);
    while (srv->n_pool > 0 && !*out) {
        srv->n_pool--;
        if (same_gen(&srv->pool_gen[srv->n_pool], gen))
            *out = srv->pool[srv->n_pool];
        else
            stale[n_stale++] = srv->pool[srv->n_pool];
    }
    pthread_mutex_unlock(&srv->lock);
    for (size_t i = 0; i < n_stale; i++)
        pdx_db_free(stale[i]);
    if (*out)
        return PDX_OK;
    pdx_status st = pdx_db_open(out, srv->db_path, PDX_DB_READ, errmsg);
    if (st == PDX_OK)
        pdx_db_set_time_limit(*out, srv->time_limit);
    return st;
}

/* Gives a handle back; one that failed (`st` a database error) is closed. */
static void db_release(server *srv, pdx_db *db, const db_gen *gen, pdx_status st) {
    if (!db)
        return;
    if (st == PDX_OK || st == PDX_EQUERY || st == PDX_ENOTFOUND || st == PDX_EINVAL) {
        pthread_mutex_lock(&srv->lock);
        if (srv->n_pool < POOL_SIZE) {
            srv->pool[srv->n_pool] = db;
            srv->pool_gen[srv->n_pool++] = *gen;
            db = NULL;
        }
        pthread_mutex_unlock(&srv->lock);
    }
    pdx_db_free(db);
}

/* ---- responses ----------------------------------------------------------------------- */

/* The headers every response carries: no inline script, no sniffing, no
 * framing; CORS only when asked for. */
static void common_headers(const server *srv, struct MHD_Response *resp) {
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; style-src 'self'; "
                            "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                            "form-action 'self'; frame-ancestors 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    if (srv->cors) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", srv->cors);
        MHD_add_response_header(resp, "Vary", "Origin");
    }
}

/* Writes `s` to the log with control characters and non-ASCII escaped, so
 * a request path cannot move the terminal's cursor or colour it. */
static void log_escaped(char *dst, size_t cap, const char *s) {
    size_t n = 0;
    for (; *s && n + 5 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c >= 0x7f || c == '\\')
            n += (size_t)snprintf(dst + n, cap - n, "\\x%02x", c);
        else
            dst[n++] = (char)c;
    }
    dst[n] = '\0';
}

static enum MHD_Result send_buf(server *srv, struct MHD_Connection *conn, request *rq,
                                const char *method, const char *url, unsigned status,
                                const char *type, void *data, size_t size,
                                enum MHD_ResponseMemoryMode mode, const char *extra_name,
                                const char *extra_value) {
    struct MHD_Response *resp = MHD_create_response_from_buffer(size, data, mode);
    if (!resp) {
        if (mode == MHD_RESPMEM_MUST_FREE)
            free(data);
        return MHD_NO;
    }
    common_headers(srv, resp);
    MHD_add_response_header(resp, "Content-Type", type);
    if (extra_name)
        MHD_add_response_header(resp, extra_name, extra_value);
    enum MHD_Result r = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    if (!srv->quiet) {
        char path[512];
        log_escaped(path, sizeof path, url);
        char m[32];
        log_escaped(m, sizeof m, method);
        fprintf(stderr, "%s %s %u %.1fms\n", m, path, status, ms_since(&rq->start));
    }
    return r;
}

static enum MHD_Result send_json(server *srv, struct MHD_Connection *conn, request *rq,
                                 const char *method, const char *url, unsigned status,
                                 char *body, size_t size) {
    return send_buf(srv, conn, rq, method, url, status, "application/json; charset=utf-8", body,
                    size, MHD_RESPMEM_MUST_FREE, "Cache-Control", "no-store");
}

/* {"error": msg, "status": N} (+ "column" when msg starts "column N: "). */
static enum MHD_Result send_error(server *srv, struct MHD_Connection *conn, request *rq,
                                  const char *method, const char *url, unsigned status,
                                  const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static enum MHD_Result send_error(server *srv, struct MHD_Connection *conn, request *rq,
                                  const char *method, const char *url, unsigned status,
                                  const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *o = json_object();
    /* a message built from invalid UTF-8 is still reported, lossily */
    json_t *s = json_string(msg);
    json_object_set_new(o, "error", s ? s : json_string("(message not UTF-8)"));
    json_object_set_new(o, "status", json_integer(status));
    unsigned col = 0;
    if (sscanf(msg, "column %u:", &col) == 1)
        json_object_set_new(o, "column", json_integer(col));
    char *body = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!body)
        return MHD_NO;
    size_t n = strlen(body);
    return send_json(srv, conn, rq, method, url, status, body, n);
}

/* ---- request parameters ---------------------------------------------------------------- */

static bool utf8_valid(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
                   : (c & 0xf8) == 0xf0 ? 4 : 0;
        if (len == 0 || i + len > n || (len == 2 && c < 0xc2) || (len == 4 && c > 0xf4))
            return false;
        for (size_t k = 1; k < len; k++)
            if (((unsigned char)s[i + k] & 0xc0) != 0x80)
                return false;
        if (len == 3 && ((c == 0xe0 && (unsigned char)s[i + 1] < 0xa0) ||
                         (c == 0xed && (unsigned char)s[i + 1] >= 0xa0)))
            return false;
        if (len == 4 && ((c == 0xf0 && (unsigned char)s[i + 1] < 0x90) ||
                         (c == 0xf4 && (unsigned char)s[i + 1] >= 0x90)))
            return false;
        i += len;
    }
    return true;
}

/* Why a parameter is refused, with the status to answer. */
typedef struct param_err {
    unsigned status;
    char msg[160];
} param_err;

/* The value of query parameter `name` (NULL when absent); refuses values
 * too long, with NUL bytes, or not UTF-8. */
static const char *param(struct MHD_Connection *conn, const char *name, param_err *e) {
    const char *v = NULL;
    size_t n = 0;
    if (e->status || MHD_lookup_connection_value_n(conn, MHD_GET_ARGUMENT_KIND, name, strlen(name),
                                                   &v, &n) != MHD_YES)
        return NULL;
    if (!v)
        v = "";
    if (n > MAX_PARAM) {
        e->status = MHD_HTTP_CONTENT_TOO_LARGE;
        snprintf(e->msg, sizeof e->msg, "parameter '%s' is %zu bytes long; the limit is %d", name,
                 n, MAX_PARAM);
    } else if (strlen(v) != n) {
        e->status = MHD_HTTP_BAD_REQUEST;
        snprintf(e->msg, sizeof e->msg, "parameter '%s' contains a NUL byte", name);
    } else if (!utf8_valid(v, n)) {
        e->status = MHD_HTTP_BAD_REQUEST;
        snprintf(e->msg, sizeof e->msg, "parameter '%s' is not valid UTF-8", name);
    }
    return e->status ? NULL : v;
}

/* A whole number parameter in [0, max]; `def` when absent. */
static unsigned param_count(struct MHD_Connection *conn, const char *name, unsigned def,
                            unsigned max, bool cap, param_err *e) {
    const char *v = param(conn, name, e);
    if (!v)
        return def;
    char *end;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (!*v || *end || errno || v[0] == '-' || v[0] == '+' || v[0] == ' ' ||
        (!cap && n > max) || n > 1000000) {
        e->status = MHD_HTTP_BAD_REQUEST;
        snprintf(e->msg, sizeof e->msg, "parameter '%s' wants a whole number up to %u", name, max);
        return def;
    }
    return n > max ? max : (unsigned)n;
}

static bool param_bool(struct MHD_Connection *conn, const char *name, param_err *e) {
    const char *v = param(conn, name, e);
    if (!v)
        return false;
    if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes") || !*v)
        return true;
    if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no"))
        return false;
    e->status = MHD_HTTP_BAD_REQUEST;
    snprintf(e->msg, sizeof e->msg, "parameter '%s' is 1 or 0 (true or false)", name);
    return false;
}

/* Appends `s` to the growing query text. */
static bool append(char **q, size_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool append(char **q, size_t *n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *t = k < 0 ? NULL : realloc(*q, *n + (size_t)k + 1);
    if (!t)
        return false;
    va_start(ap, fmt);
    vsnprintf(t + *n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    *q = t;
    *n += (size_t)k;
    return true;
}

/* The search text: q, then the facet filters ("year:2019..2021
 * category:cs.LG", filters the parser ANDs), and an author as
 * "(q) AND author:\"Ada Lovelace\"" (a field search, which would otherwise
 * only widen q).  Filter values are checked so that they cannot add query
 * syntax of their own.  *wrapped says q was put in parentheses (its error
 * columns are one too far). */
static char *search_text(struct MHD_Connection *conn, param_err *e, bool *wrapped) {
    const char *q = param(conn, "q", e);
    const char *year = param(conn, "year", e);
    const char *cat = param(conn, "category", e);
    const char *author = param(conn, "author", e);
    if (e->status)
        return NULL;
    if (year && strspn(year, "0123456789.") != strlen(year)) {
        e->status = MHD_HTTP_BAD_REQUEST;
        snprintf(e->msg, sizeof e->msg, "year is YYYY or YYYY..YYYY");
        return NULL;
    }
    if (cat && strcspn(cat, " \t\"()") != strlen(cat)) {
        e->status = MHD_HTTP_BAD_REQUEST;
        snprintf(e->msg, sizeof e->msg, "category has no spaces, quotes or parentheses");
        return NULL;
    }
    if (author && strcspn(author, "\"") != strlen(author)) {
        e->status = MHD_HTTP_BAD_REQUEST;
        snprintf(e->msg, sizeof e->msg, "author has no double quotes");
        return NULL;
    }
    char *s = NULL;
    size_t n = 0;
    *wrapped = author && *author && q && q[strspn(q, " \t")];
    bool ok = append(&s, &n, *wrapped ? "(%s) AND" : "%s", q ? q : "");
    if (ok && author && *author)
        ok = append(&s, &n, "%sauthor:\"%s\"", n ? " " : "", author);
    if (ok && year && *year)
        ok = append(&s, &n, "%syear:%s", n ? " " : "", year);
    if (ok && cat && *cat)
        ok = append(&s, &n, "%scategory:%s", n ? " " : "", cat);
    if (!ok) {
        free(s);
        e->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        snprintf(e->msg, sizeof e->msg, "out of memory");
        return NULL;
    }
    return s;
}

/* ---- the API ---------------------------------------------------------------------------- */

/* The HTTP status of a failed library call. */
static unsigned http_status(pdx_status st) {
    switch (st) {
    case PDX_EQUERY:
    case PDX_EINVAL: return MHD_HTTP_BAD_REQUEST;
    case PDX_ENOTFOUND: return MHD_HTTP_NOT_FOUND;
    case PDX_ELOCKED:
    case PDX_ECORRUPT:
    case PDX_EDB:
    case PDX_EIO: return MHD_HTTP_SERVICE_UNAVAILABLE;
    default: return MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
}

/* What a route produced: a status and a JSON (or text) body. */
typedef struct reply {
    unsigned status;
    const char *type; /* NULL = JSON */
    char *body;
    size_t size;
    char msg[1024]; /* the error, when body is NULL */
} reply;

static void reply_fail(reply *rp, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void reply_fail(reply *rp, unsigned status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    rp->status = status;
    vsnprintf(rp->msg, sizeof rp->msg, fmt, ap);
    va_end(ap);
}

/* A memstream for the cli_json printers. */
typedef struct membuf {
    FILE *f;
    char *data;
    size_t size;
} membuf;

static bool mem_open(membuf *m) {
    m->data = NULL;
    m->size = 0;
    m->f = open_memstream(&m->data, &m->size);
    return m->f != NULL;
}

static void mem_done(membuf *m, int printed, reply *rp) {
    fclose(m->f);
    if (printed < 0) {
        free(m->data);
        reply_fail(rp, MHD_HTTP_INTERNAL_SERVER_ERROR, "could not build the JSON");
        return;
    }
    rp->status = MHD_HTTP_OK;
    rp->body = m->data;
    rp->size = m->size;
}

static void fail_lib(reply *rp, pdx_db *db, pdx_status st) {
    const char *m = pdx_db_errmsg(db);
    reply_fail(rp, http_status(st), "%s", m && *m ? m : pdx_status_str(st));
}

static void api_search(reply *rp, pdx_db *db, struct MHD_Connection *conn, bool author) {
    param_err e = {0};
    char *q = NULL;
    const char *name = NULL;
    bool wrapped = false;
    if (author)
        name = param(conn, "name", &e);
    else
        q = search_text(conn, &e, &wrapped);
    pdx_search_opts so = {.hl_start = "**", .hl_end = "**"};
    so.limit = param_count(conn, "limit", 10, MAX_LIMIT, true, &e);
    so.offset = param_count(conn, "offset", 0, MAX_OFFSET, false, &e);
    so.facets = !author && param_bool(conn, "facets", &e);
    so.exact_count = param_bool(conn, "exact_count", &e);
    bool exact = author && param_bool(conn, "exact", &e);
    const char *sort = param(conn, "sort", &e);
    if (!e.status && sort && strcmp(sort, "date") == 0)
        so.sort = PDX_SORT_DATE;
    else if (!e.status && sort && *sort && strcmp(sort, "relevance") != 0)
        snprintf(e.msg, sizeof e.msg, "sort is 'relevance' or 'date'"), e.status = 400;
    so.count_only = so.limit == 0;
    if (!e.status && author && !name)
        snprintf(e.msg, sizeof e.msg, "no name given (name=)"), e.status = 400;
    if (e.status) {
        reply_fail(rp, e.status, "%s", e.msg);
        free(q);
        return;
    }
    pdx_results *r = NULL;
    pdx_status st = author ? pdx_author_search(&r, db, name, exact ? PDX_AUTHOR_EXACT : 0, &so)
                           : pdx_search(&r, db, q, &so);
    membuf m;
    unsigned col = 0;
    int skip = 0;
    if (st == PDX_EQUERY && wrapped && sscanf(pdx_db_errmsg(db), "column %u: %n", &col, &skip) == 1 &&
        skip > 0 && col > 1)
        reply_fail(rp, MHD_HTTP_BAD_REQUEST, "column %u: %s", col - 1, pdx_db_errmsg(db) + skip);
    else if (st)
        fail_lib(rp, db, st);
    else if (!mem_open(&m))
        reply_fail(rp, 500, "out of memory");
    else
        mem_done(&m, cli_json_results_ex(m.f, author ? name : q, r, author, so.facets), rp);
    pdx_results_free(r);
    free(q);
}

static void api_coauthors(reply *rp, pdx_db *db, struct MHD_Connection *conn) {
    param_err e = {0};
    const char *name = param(conn, "name", &e);
    unsigned min = param_count(conn, "min", 0, 1000000, false, &e);
    bool exact = param_bool(conn, "exact", &e);
    if (!e.status && !name)
        snprintf(e.msg, sizeof e.msg, "no name given (name=)"), e.status = 400;
    if (e.status) {
        reply_fail(rp, e.status, "%s", e.msg);
        return;
    }
    pdx_coauthors *c = NULL;
    pdx_status st = pdx_coauthors_find(&c, db, name, exact ? PDX_AUTHOR_EXACT : 0, min);
    membuf m;
    if (st)
        fail_lib(rp, db, st);
    else if (!mem_open(&m))
        reply_fail(rp, 500, "out of memory");
    else
        mem_done(&m, cli_json_coauthors(m.f, c), rp);
    pdx_coauthors_free(c);
}

/* The one paper `id` names; otherwise a 404 (none) or 300 (several, with
 * their ids and titles) already in `rp`. */
static pdx_paper **find_one(reply *rp, pdx_db *db, const char *id, size_t *n) {
    pdx_paper **v = NULL;
    *n = 0;
    pdx_status st = pdx_db_find_id(&v, n, db, id);
    if (st) {
        fail_lib(rp, db, st);
        return NULL;
    }
    if (*n == 1)
        return v;
    if (*n == 0) {
        reply_fail(rp, MHD_HTTP_NOT_FOUND, "no paper with id %s", id);
        return NULL;
    }
    json_t *o = json_object(), *c = json_array();
    for (size_t i = 0; i < *n; i++) {
        json_t *e = json_object();
        json_object_set_new(e, "id", json_string(pdx_paper_id(v[i])));
        json_object_set_new(e, "title", json_string(pdx_paper_title(v[i])));
        json_array_append_new(c, e);
    }
    json_object_set_new(o, "error", json_string("the id names several papers"));
    json_object_set_new(o, "status", json_integer(MHD_HTTP_MULTIPLE_CHOICES));
    json_object_set_new(o, "candidates", c);
    rp->body = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    rp->status = MHD_HTTP_MULTIPLE_CHOICES;
    rp->size = rp->body ? strlen(rp->body) : 0;
    pdx_papers_free(v, *n);
    return NULL;
}

static void api_paper(reply *rp, pdx_db *db, const char *id) {
    size_t n = 0;
    pdx_paper **v = find_one(rp, db, id, &n);
    membuf m;
    if (!v)
        return;
    if (!mem_open(&m))
        reply_fail(rp, 500, "out of memory");
    else
        mem_done(&m, cli_json_paper(m.f, v[0]), rp);
    pdx_papers_free(v, n);
}

static void api_similar(reply *rp, pdx_db *db, struct MHD_Connection *conn, const char *id) {
    param_err e = {0};
    pdx_search_opts so = {.hl_start = "**", .hl_end = "**"};
    so.limit = param_count(conn, "limit", 10, MAX_LIMIT, true, &e);
    so.offset = param_count(conn, "offset", 0, MAX_OFFSET, false, &e);
    so.count_only = so.limit == 0;
    if (e.status) {
        reply_fail(rp, e.status, "%s", e.msg);
        return;
    }
    pdx_results *r = NULL;
    pdx_status st = pdx_similar(&r, db, id, &so);
    membuf m;
    if (st == PDX_ENOTFOUND)
        reply_fail(rp, MHD_HTTP_NOT_FOUND, "no paper with id %s", id);
    else if (st)
        fail_lib(rp, db, st);
    else if (!mem_open(&m))
        reply_fail(rp, 500, "out of memory");
    else
        mem_done(&m, cli_json_results_ex(m.f, id, r, false, false), rp);
    pdx_results_free(r);
}

static void api_export(reply *rp, pdx_db *db, struct MHD_Connection *conn, const char *id) {
    param_err e = {0};
    const char *fmt = param(conn, "format", &e);
    pdx_export_format f = PDX_EXPORT_BIBTEX;
    if (!e.status && fmt && pdx_export_format_parse(&f, fmt) != PDX_OK)
        snprintf(e.msg, sizeof e.msg, "format is bibtex, csl-json or ris"), e.status = 400;
    if (e.status) {
        reply_fail(rp, e.status, "%s", e.msg);
        return;
    }
    size_t n = 0;
    pdx_paper **v = find_one(rp, db, id, &n);
    if (!v)
        return;
    char *text = NULL;
    pdx_status st = pdx_export(&text, (const pdx_paper *const *)v, 1, f);
    if (st) {
        reply_fail(rp, http_status(st), "exporting %s: %s", id, pdx_status_str(st));
    } else {
        rp->status = MHD_HTTP_OK;
        rp->body = text;
        rp->size = strlen(text);
        rp->type = f == PDX_EXPORT_CSL_JSON ? "application/vnd.citationstyles.csl+json; charset=utf-8"
                   : f == PDX_EXPORT_RIS    ? "application/x-research-info-systems; charset=utf-8"
                                            : "application/x-bibtex; charset=utf-8";
    }
    pdx_papers_free(v, n);
}

static void api_stats(reply *rp, pdx_db *db, const server *srv) {
    pdx_stats s;
    pdx_status st = pdx_db_stats(&s, db);
    membuf m;
    /* the name, not the path: the file system layout is not a client's business */
    const char *base = strrchr(srv->db_path, '/');
    base = base && base[1] ? base + 1 : srv->db_path;
    if (st)
        fail_lib(rp, db, st);
    else if (!mem_open(&m))
        reply_fail(rp, 500, "out of memory");
    else
        mem_done(&m, cli_json_stats(m.f, &s, base), rp);
}

/* Routes under /api/ (and /healthz) that need the database. */
static void route_api(reply *rp, server *srv, struct MHD_Connection *conn, const char *url) {
    static const char *const with_id[] = {"/api/paper/", "/api/similar/", "/api/export/"};
    const char *id = NULL;
    int which = -1;
    for (int k = 0; k < 3; k++)
        if (strncmp(url, with_id[k], strlen(with_id[k])) == 0) {
            which = k;
            id = url + strlen(with_id[k]);
        }
    bool known = which >= 0 || !strcmp(url, "/api/search") || !strcmp(url, "/api/author") ||
                 !strcmp(url, "/api/coauthors") || !strcmp(url, "/api/stats") ||
                 !strcmp(url, "/healthz");
    if (!known) {
        reply_fail(rp, MHD_HTTP_NOT_FOUND, "no such route: %s", url);
        return;
    }
    if (id && (!*id || !utf8_valid(id, strlen(id)))) {
        reply_fail(rp, *id ? 400 : 404, *id ? "the id is not valid UTF-8" : "no paper id given");
        return;
    }
    pdx_db *db = NULL;
    db_gen gen;
    char *err = NULL;
    pdx_status st = db_acquire(&db, &gen, srv, &err);
    if (st) {
        reply_fail(rp, MHD_HTTP_SERVICE_UNAVAILABLE, "database unavailable: %s",
                   err ? err : pdx_status_str(st));
        free(err);
        return;
    }
    if (!strcmp(url, "/healthz")) {
        rp->body = strdup("{\"ok\":true}\n");
        rp->size = rp->body ? strlen(rp->body) : 0;
        rp->status = rp->body ? 200 : 500;
    } else if (!strcmp(url, "/api/search")) {
        api_search(rp, db, conn, false);
    } else if (!strcmp(url, "/api/author")) {
        api_search(rp, db, conn, true);
    } else if (!strcmp(url, "/api/coauthors")) {
        api_coauthors(rp, db, conn);
    } else if (!strcmp(url, "/api/stats")) {
        api_stats(rp, db, srv);
    } else if (which == 0) {
        api_paper(rp, db, id);
    } else if (which == 1) {
        api_similar(rp, db, conn, id);
    } else {
        api_export(rp, db, conn, id);
    }
    /* a 5xx means the handle may be broken: do not pool it */
    db_release(srv, db, &gen, rp->status >= 500 ? PDX_EDB : PDX_OK);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls) {
    (void)version;
    (void)upload;
    server *srv = cls;
    request *rq = *con_cls;
    if (!rq) {
        /* first call: only the headers are in */
        if (!(rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &rq->start);
        *con_cls = rq;
        return MHD_YES;
    }
    if (*upload_size) {
        rq->body += *upload_size;
        *upload_size = 0; /* read and dropped; answered when the body is complete */
        return MHD_YES;
    }
    bool head = strcmp(method, "HEAD") == 0;
    if (!head && strcmp(method, "GET") != 0) {
        const char *allow = "GET, HEAD";
        json_t *o = json_pack("{s:s,s:i}", "error", "only GET and HEAD are allowed", "status", 405);
        char *body = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        if (!body)
            return MHD_NO;
        return send_buf(srv, conn, rq, method, url, MHD_HTTP_METHOD_NOT_ALLOWED,
                        "application/json; charset=utf-8", body, strlen(body),
                        MHD_RESPMEM_MUST_FREE, "Allow", allow);
    }
    if (rq->body > MAX_BODY)
        return send_error(srv, conn, rq, method, url, MHD_HTTP_CONTENT_TOO_LARGE,
                          "the request has a %zu-byte body; the limit is %d (GET needs none)",
                          rq->body, MAX_BODY);
    if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/healthz") == 0) {
        reply rp = {0};
        route_api(&rp, srv, conn, url);
        if (!rp.body)
            return send_error(srv, conn, rq, method, url, rp.status, "%s", rp.msg);
        if (rp.type)
            return send_buf(srv, conn, rq, method, url, rp.status, rp.type, rp.body, rp.size,
                            MHD_RESPMEM_MUST_FREE, "Cache-Control", "no-store");
        return send_json(srv, conn, rq, method, url, rp.status, rp.body, rp.size);
    }
    const char *path = strcmp(url, "/") == 0 ? "/index.html" : url;
    for (size_t i = 0; i < pdx_web_asset_count; i++)
        if (strcmp(pdx_web_assets[i].path, path) == 0)
            return send_buf(srv, conn, rq, method, url, MHD_HTTP_OK, pdx_web_assets[i].type,
                            (void *)pdx_web_assets[i].data, pdx_web_assets[i].size,
                            MHD_RESPMEM_PERSISTENT, "Cache-Control", "no-cache");
    return send_error(srv, conn, rq, method, url, MHD_HTTP_NOT_FOUND, "no such page: %s", url);
}

/* Percent-decoding of paths and parameters, as libmicrohttpd's own, but a
 * %00 becomes 0xFF: a NUL would cut the C string short and make
 * "/index.html%00.js" look like "/index.html", while 0xFF, never valid in
 * UTF-8, makes the path unknown (404) and the parameter refused (400). */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s) {
    (void)cls;
    (void)conn;
    char *w = s;
    for (const char *r = s; *r; r++) {
        unsigned hi, lo;
        if (r[0] == '%' && r[1] && r[2] && sscanf(r + 1, "%1x%1x", &hi, &lo) == 2 &&
            strchr("0123456789abcdefABCDEF", r[1]) && strchr("0123456789abcdefABCDEF", r[2])) {
            unsigned char c = (unsigned char)(hi << 4 | lo);
            *w++ = (char)(c ? c : 0xff);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode why) {
    (void)cls;
    (void)conn;
    (void)why;
    free(*con_cls);
    *con_cls = NULL;
}

/* ---- the command ------------------------------------------------------------------------- */

static const char *const serve_help =
    "Usage: paperdex serve [--db DIR] [--listen ADDR:PORT] [--threads N]\n"
    "                      [--max-connections N] [--timeout SECONDS] [--time-limit MS]\n"
    "                      [--cors ORIGIN] [--quiet]\n\n"
    "Serves the HTTP JSON API and the web page (http://ADDR:PORT/) over the\n"
    "database, read-only: searches keep working while an ingest writes, and\n"
    "see its papers after each commit.  Stop it with Ctrl-C (SIGINT) or SIGTERM.\n\n"
    "  --listen ADDR:PORT  IPv4 address and port (default 127.0.0.1:8080; port 0\n"
    "                      picks a free one).  Anything but loopback is reachable\n"
    "                      from other machines: a warning says so.\n"
    "  --threads N         worker threads (default 4, 1..64)\n"
    "  --max-connections N connections served at once (default 64); more wait\n"
    "                      in the kernel's queue or are refused\n"
    "  --timeout SECONDS   a connection idle this long is closed (default 10)\n"
    "  --time-limit MS     each match of a request stops after MS milliseconds\n"
    "                      (default 2000): the hits are the best found by then and\n"
    "                      the total an estimate (total_exact false)\n"
    "  --cors ORIGIN       send Access-Control-Allow-Origin: ORIGIN (default: no\n"
    "                      CORS headers, so other sites' pages cannot read the API)\n"
    "  --quiet             no log line per request\n\n"
    "Limits: a query-string value is at most 1024 bytes (413), a request body\n"
    "at most 4096 (413; none is needed), headers at most 32 KiB; limit is\n"
    "capped at 100 hits a page and offset at 10000.\n\n"
    "Routes (GET or HEAD; JSON as the command's --json):\n"
    "  /api/search?q=&limit=&offset=&sort=relevance|date&facets=1&year=&category=&author=\n"
    "  /api/author?name=&limit=&offset=&sort=&exact=1    /api/coauthors?name=&min=\n"
    "  /api/paper/ID   /api/similar/ID   /api/export/ID?format=bibtex|csl-json|ris\n"
    "  /api/stats   /healthz\n"
    "Errors are {\"error\", \"status\"} (and \"column\" for query syntax) with 400,\n"
    "404, 405, 413, or 503 while the database cannot be opened.  A log line per\n"
    "request (method, path, status, milliseconds) goes to standard error.\n";

static int usage(const char *fmt, const char *arg) {
    fprintf(stderr, "paperdex serve: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'paperdex serve --help'.\n");
    return EXIT_USAGE;
}

static bool parse_uint(const char *v, unsigned lo, unsigned hi, unsigned *out) {
    char *end;
    errno = 0;
    unsigned long n = v ? strtoul(v, &end, 10) : 0;
    if (!v || !*v || *end || errno || v[0] == '-' || n < lo || n > hi)
        return false;
    *out = (unsigned)n;
    return true;
}

/* What `serve` was asked for; zeroed fields take the documented defaults. */
typedef struct {
    const char *db, *listen, *cors;
    unsigned threads, max_conn, timeout, time_limit_ms;
    bool quiet;
} serve_opts;

/* The options of argv into *out. Returns -1 to go on serving, else the
 * exit code to leave with (--help, a usage error). Kept apart from
 * cmd_serve so the daemon's start and stop read in one screen. */
static int parse_serve_opts(serve_opts *out, int argc, char **argv) {
    *out = (serve_opts){.listen = "127.0.0.1:8080", .threads = 4, .max_conn = 64,
                        .timeout = 10, .time_limit_ms = 2000};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *eq = strchr(a, '=');
        size_t nl = eq ? (size_t)(eq - a) : strlen(a);
        const char *val = eq ? eq + 1 : (i + 1 < argc ? argv[i + 1] : NULL);
#define IS(name) (nl == strlen(name) && strncmp(a, name, nl) == 0)
        if (IS("--help") || IS("-h")) {
            fputs(serve_help, stdout);
            return EXIT_DONE;
        }
        if (IS("--quiet") || IS("-q")) {
            if (eq)
                return usage("%s takes no value", "--quiet");
            out->quiet = true;
            continue;
        }
        bool known = IS("--db") || IS("--listen") || IS("--cors") || IS("--threads") ||
                     IS("--max-connections") || IS("--timeout") || IS("--time-limit");
        if (!known)
            return usage(a[0] == '-' ? "unknown option '%s'" : "unexpected argument '%s'", a);
        if (!val)
            return usage("%s needs a value", a);
        if (!eq)
            i++;
        if (IS("--db"))
            out->db = val;
        else if (IS("--listen"))
            out->listen = val;
        else if (IS("--cors"))
            out->cors = val;
        else if (IS("--threads") && !parse_uint(val, 1, 64, &out->threads))
            return usage("--threads wants 1..64, not '%s'", val);
        else if (IS("--max-connections") && !parse_uint(val, 1, 10000, &out->max_conn))
            return usage("--max-connections wants 1..10000, not '%s'", val);
        else if (IS("--timeout") && !parse_uint(val, 1, 3600, &out->timeout))
            return usage("--timeout wants 1..3600 seconds, not '%s'", val);
        else if (IS("--time-limit") && !parse_uint(val, 1, 600000, &out->time_limit_ms))
            return usage("--time-limit wants 1..600000 milliseconds, not '%s'", val);
#undef IS
    }
    if (!out->db) {
        const char *env = getenv("PAPERDEX_DB");
        out->db = env && *env ? env : "./paperdex.db";
    }
    const char *cors = out->cors;
    if (cors && (strpbrk(cors, "\r\n") || !*cors))
        return usage("--cors wants an origin such as https://example.org, not '%s'", cors);
    return -1;
}

/* --listen's ADDR:PORT into *out and its address into host (for the
 * messages). IPv4 only: MHD takes a sockaddr, and a name would need a
 * resolver. Returns -1 to go on, else the usage exit code. */
static int parse_listen(struct sockaddr_in *out, char host[64], const char *listen) {
    *out = (struct sockaddr_in){.sin_family = AF_INET};
    const char *colon = strrchr(listen, ':');
    unsigned port = 0;
    if (!colon || (size_t)(colon - listen) >= 64 || !parse_uint(colon + 1, 0, 65535, &port))
        return usage("--listen wants ADDR:PORT (127.0.0.1:8080), not '%s'", listen);
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    if (inet_pton(AF_INET, host, &out->sin_addr) != 1)
        return usage("--listen wants an IPv4 address such as 127.0.0.1, not '%s'", host);
    out->sin_port = htons((uint16_t)port);
    if ((ntohl(out->sin_addr.s_addr) >> 24) != 127)
        fprintf(stderr, "paperdex serve: warning: listening on %s, not loopback: other machines "
                        "can reach the server\n", host);
    return -1;
}

/* Check the database once, so a mistake is seen at start; the server
 * still starts and answers 503 until it can be opened. */
static void probe_db(const char *db) {
    pdx_db *h = NULL;
    char *err = NULL;
    if (pdx_db_open(&h, db, PDX_DB_READ, &err) != PDX_OK)
        fprintf(stderr, "paperdex serve: warning: %s; answering 503 until it can be opened\n",
                err ? err : "the database cannot be opened");
    free(err);
    pdx_db_free(h);
}

int cmd_serve(int argc, char **argv) {
    serve_opts o;
    struct sockaddr_in sa;
    char host[64];
    int code;
    if ((code = parse_serve_opts(&o, argc, argv)) >= 0 ||
        (code = parse_listen(&sa, host, o.listen)) >= 0)
        return code;

    server srv = {.db_path = o.db, .cors = o.cors, .quiet = o.quiet,
                  .time_limit = o.time_limit_ms / 1000.0};
    pthread_mutex_init(&srv.lock, NULL);
    probe_db(o.db);

    /* the workers inherit a mask without the stop signals; main waits for them */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        handle, &srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        o.threads, MHD_OPTION_CONNECTION_LIMIT, o.max_conn, MHD_OPTION_CONNECTION_TIMEOUT,
        o.timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, completed, &srv, MHD_OPTION_UNESCAPE_CALLBACK, unescape,
        NULL, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "paperdex serve: cannot listen on %s: %s\n", o.listen, strerror(errno));
        pthread_mutex_destroy(&srv.lock);
        return EXIT_USAGE;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    fprintf(stderr, "paperdex serve: listening on http://%s:%u/ (database %s)\n", host,
            (unsigned)(info ? info->port : ntohs(sa.sin_port)), o.db);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "paperdex serve: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    MHD_stop_daemon(d);
    for (size_t i = 0; i < srv.n_pool; i++)
        pdx_db_free(srv.pool[i]);
    pthread_mutex_destroy(&srv.lock);
    return EXIT_DONE;
}
