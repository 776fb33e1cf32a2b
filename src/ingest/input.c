/*
 * input.c — lines of one input file, checked before any reader sees them.
 *
 * Every file goes through zlib's gzread(), which reads gzip files and
 * passes plain files through unchanged, so compressed inputs need no
 * special path.  This layer owns the byte-level hazards so readers don't
 * have to: a UTF-8 BOM, CRLF and lone-CR line ends, NUL bytes, invalid
 * UTF-8 and lines too long to hold.  A bad line is reported with its file
 * and line number and skipped; the rest of the file is still read.
 */
#include "ingest/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "text/text.h"

#define CHUNK (64u << 10)

struct pdx_input {
    gzFile gz;
    int fd;
    char *name;
    char *buf;          /* CHUNK bytes of decompressed input */
    size_t pos, len;    /* unread bytes are buf[pos..len) */
    bool eof, error;
    bool started;       /* the BOM check is done */
    bool accept_invalid;
    bool cr_pending;    /* the last line ended in \r: skip a following \n */
    pdx_buf line;
    size_t lineno;
    uint64_t size;
    uint64_t hash;      /* FNV-1a of every decompressed byte read so far */
    uint64_t left;      /* a range's bytes not yet read (UINT64_MAX: no range) */
};


static bool fill(pdx_input *in);
static void skip_bom(pdx_input *in);

static char *dup_msg(const char *m) { return pdx_strndup(m, strlen(m)); }

/* Takes ownership of `fd` (closed on failure). */
static pdx_status open_on(pdx_input **out, int fd, const char *path, char **errmsg) {
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        close(fd);
        if (errmsg)
            *errmsg = dup_msg("is a directory");
        return PDX_EIO;
    }
    pdx_input *in = calloc(1, sizeof *in);
    if (!in || !(in->buf = malloc(CHUNK)) || !(in->name = pdx_strndup(path, strlen(path)))) {
        if (in) {
            free(in->buf);
            free(in);
        }
        close(fd);
        return PDX_ENOMEM;
    }
    in->fd = fd;
    in->size = S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;
    in->hash = 0xcbf29ce484222325ull;
    in->left = UINT64_MAX;
    in->gz = gzdopen(fd, "rb");
    if (!in->gz) {
        close(fd);
        free(in->buf);
        free(in->name);
        free(in);
        return PDX_ENOMEM;
    }
    gzbuffer(in->gz, CHUNK);
    *out = in;
    return PDX_OK;
}

pdx_status pdx_input__open(pdx_input **out, const char *path, char **errmsg) {
    *out = NULL;
    if (errmsg)
        *errmsg = NULL;
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errmsg)
            *errmsg = dup_msg(strerror(errno));
        return PDX_EIO;
    }
    return open_on(out, fd, path, errmsg);
}

pdx_status pdx_input__open_fd(pdx_input **out, int fd, const char *name, char **errmsg) {
    *out = NULL;
    if (errmsg)
        *errmsg = NULL;
    int d = dup(fd);
    if (d < 0 || lseek(d, 0, SEEK_SET) < 0) {
        if (errmsg)
            *errmsg = dup_msg(strerror(errno));
        if (d >= 0)
            close(d);
        return PDX_EIO;
    }
    return open_on(out, d, name, errmsg);
}

pdx_status pdx_input__open_range(pdx_input **out, const char *path, uint64_t from, uint64_t to,
                                 size_t line0, char **errmsg) {
    *out = NULL;
    if (errmsg)
        *errmsg = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || lseek(fd, (off_t)from, SEEK_SET) < 0) {
        if (errmsg)
            *errmsg = dup_msg(strerror(errno));
        if (fd >= 0)
            close(fd);
        return PDX_EIO;
    }
    pdx_status st = open_on(out, fd, path, errmsg);
    if (!st) {
        (*out)->left = to > from ? to - from : 0;
        (*out)->started = from > 0; /* a BOM is only ever at the start */
        (*out)->lineno = line0;
    }
    return st;
}

pdx_status pdx_input__spool(pdx_input *in, int fd) {
    skip_bom(in);
    for (;;) {
        size_t left = in->len - in->pos;
        const char *p = in->buf + in->pos;
        while (left) {
            ssize_t w = write(fd, p, left);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                return PDX_EIO;
            p += w;
            left -= (size_t)w;
        }
        in->pos = in->len;
        if (!fill(in))
            return in->error ? PDX_EIO : PDX_OK;
    }
}

void pdx_input__close(pdx_input *in) {
    if (!in)
        return;
    gzclose(in->gz); /* closes the fd too */
    pdx_buf__free(&in->line);
    free(in->buf);
    free(in->name);
    free(in);
}

void pdx_input__accept_invalid(pdx_input *in, bool yes) { in->accept_invalid = yes; }

/* Refills buf after its unread part; false at the end or on an error. */
static bool fill(pdx_input *in) {
    if (in->eof || in->error)
        return false;
    if (in->pos > 0) {
        memmove(in->buf, in->buf + in->pos, in->len - in->pos);
        in->len -= in->pos;
        in->pos = 0;
    }
    if (in->len == CHUNK)
        return true;
    size_t want = CHUNK - in->len;
    if (in->left < want)
        want = (size_t)in->left;
    int r = want ? gzread(in->gz, in->buf + in->len, (unsigned)want) : 0;
    if (r > 0 && in->left != UINT64_MAX)
        in->left -= (uint64_t)r;
    if (r < 0) {
        in->error = true;
        return false;
    }
    if (r == 0) {
        in->eof = true;
        return false;
    }
    /* The content hash lets a re-ingest tell a touched file from a
     * changed one; FNV-1a costs far less than the reading itself. */
    const unsigned char *p = (const unsigned char *)in->buf + in->len;
    uint64_t h = in->hash;
    for (int i = 0; i < r; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    in->hash = h;
    in->len += (size_t)r;
    return true;
}

bool pdx_input__content_hash(uint64_t *out, const pdx_input *in) {
    *out = in->hash;
    return in->eof && !in->error;
}

pdx_status pdx_input__hash_rest(uint64_t *out, pdx_input *in) {
    while (fill(in))
        in->pos = in->len; /* discard: only the hash is wanted */
    *out = in->hash;
    return in->error ? PDX_EIO : PDX_OK;
}

static void skip_bom(pdx_input *in) {
    if (in->started)
        return;
    in->started = true;
    while (in->len - in->pos < 3 && fill(in))
        ;
    if (in->len - in->pos >= 3 && memcmp(in->buf + in->pos, "\xEF\xBB\xBF", 3) == 0)
        in->pos += 3;
}

pdx_status pdx_input__head(const char **out, size_t *n_out, pdx_input *in) {
    skip_bom(in);
    while (in->len < CHUNK && fill(in))
        ;
    *out = in->buf + in->pos;
    *n_out = in->len - in->pos;
    return in->error ? PDX_EIO : PDX_OK;
}

size_t pdx_input__lineno(const pdx_input *in) { return in->lineno; }

uint64_t pdx_input__offset(const pdx_input *in) {
    z_off_t off = gzoffset(in->gz);
    return off < 0 ? 0 : (uint64_t)off;
}

uint64_t pdx_input__size(const pdx_input *in) { return in->size; }

/* Reads the next raw line into in->line.  Returns false at the end.
 * *too_long is set when the line was cut at the limit (the rest of it has
 * been consumed). */
static bool read_raw_line(pdx_input *in, bool *too_long) {
    pdx_status st = PDX_OK;
    *too_long = false;
    pdx_buf__clear(&in->line);
    bool any = false;
    for (;;) {
        if (in->pos == in->len && !fill(in))
            return any || in->line.n > 0;
        if (in->cr_pending) {
            in->cr_pending = false;
            if (in->buf[in->pos] == '\n') {
                in->pos++;
                continue;
            }
        }
        any = true;
        const char *start = in->buf + in->pos;
        size_t avail = in->len - in->pos;
        size_t i = 0;
        while (i < avail && start[i] != '\n' && start[i] != '\r')
            i++;
        if (!*too_long) {
            if (in->line.n + i > PDX_INPUT_MAX_LINE) {
                *too_long = true;
                pdx_buf__clear(&in->line);
            } else {
                pdx_buf__add(&st, &in->line, start, i);
                if (st) {
                    *too_long = true; /* cannot hold it: treat as too long */
                    pdx_buf__clear(&in->line);
                }
            }
        }
        in->pos += i;
        if (i < avail) {
            if (start[i] == '\r')
                in->cr_pending = true;
            in->pos++;
            return true;
        }
    }
}

pdx_status pdx_input__line(const char **out, size_t *n_out, pdx_input *in, pdx_read_ctx *ctx) {
    *out = NULL;
    *n_out = 0;
    skip_bom(in);
    for (;;) {
        bool too_long;
        if (!read_raw_line(in, &too_long)) {
            if (in->error) {
                int zerr = 0;
                const char *msg = gzerror(in->gz, &zerr);
                pdx_read__report(ctx, in->lineno + 1, "read error: %s",
                                 zerr == Z_ERRNO ? strerror(errno) : msg);
                return PDX_EIO;
            }
            return PDX_OK;
        }
        in->lineno++;
        if (too_long) {
            pdx_read__report(ctx, in->lineno, "line longer than %u MiB; skipped",
                             PDX_INPUT_MAX_LINE >> 20);
            continue;
        }
        const char *p = pdx_buf__str(&in->line);
        size_t len = in->line.n;
        const char *nul = memchr(p, '\0', len);
        if (nul && !in->accept_invalid) {
            pdx_read__report(ctx, in->lineno, "NUL byte at column %zu; line skipped",
                             (size_t)(nul - p) + 1);
            continue;
        }
        size_t bad = pdx_text__check(p, len);
        if (bad != len && !in->accept_invalid) {
            pdx_read__report(ctx, in->lineno, "invalid UTF-8 at byte %zu; line skipped", bad + 1);
            continue;
        }
        *out = p;
        *n_out = len;
        return PDX_OK;
    }
}

void pdx_read__report(pdx_read_ctx *ctx, size_t line, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ctx && ctx->report)
        ctx->report(ctx, line, msg);
}
