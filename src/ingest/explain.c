/*
 * explain.c — what each line of an input was taken as: the notes readers
 * make as they decide (reader.h), kept per file by the driver, then told
 * line by line to `parse --explain` and summed up as the lines nobody
 * understood.
 *
 * A page reader notes a line when it decides what the line is, with the
 * record (a pointer) the line went to; the driver turns the pointer into
 * the record's number when the reader hands the record out
 * (pdx_notes__handed).  The last note of a line wins, so a reader can
 * change its mind:
 *
 *   12 title  → record 0x…   "title-shaped line"
 *   12 unclassified          "a lone title-like line with no authors …"
 *                            (the entry was dropped: pdx_read__note_drop)
 *
 * Structured readers note nothing: their lines are described record by
 * record, from the line each record says it starts on (its source).
 *
 * Unless every note is asked for (explain), only what the count of
 * unclassified lines needs is kept: from time to time the notes are
 * sorted and a line keeps its last note only if it is unclassified or
 * its record is not handed out yet.  A bitmap remembers which lines were
 * noted at all, so a line no reader decision covered is still found (and
 * counted as not understood: nothing is lost silently, not even by a
 * reader's oversight).
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/driver.h"

typedef struct note {
    size_t line;
    size_t seq;             /* order of noting: the last note of a line wins */
    const pdx_paper *paper; /* until handed out (then NULL) */
    size_t index;           /* the record's number once handed out, 0 none */
    char *reason;           /* owned; NULL unless every note is kept */
    pdx_line_role role;
    bool pending;           /* paper not handed out yet */
} note;

struct pdx_notes {
    bool keep;       /* every note with its reason (explain) */
    bool by_record;  /* the reader notes nothing: describe lines by records */
    bool oom;        /* a note could not be kept: the notes are incomplete */
    note *v;
    size_t n, cap;
    size_t seq;
    size_t lo;       /* no pending note before v[lo] */
    size_t compact_at;
    unsigned char *seen; /* bit per line: noted at all */
    size_t seen_bytes;
    size_t *awaiting;    /* notes of the record handed out, waiting for its number */
    size_t n_awaiting, cap_awaiting;
};

#define COMPACT_MIN 4096

static const char *const role_names[] = {
    "unclassified", "blank", "chrome", "header", "heading", "title", "author",
    "affiliation",  "abstract", "date", "venue", "record", "skipped",
};

const char *pdx_line_role_name(pdx_line_role role) {
    return (unsigned)role < sizeof role_names / sizeof *role_names ? role_names[role] : "?";
}

pdx_status pdx_notes__new(pdx_notes **out, bool keep, bool by_record) {
    *out = calloc(1, sizeof **out);
    if (!*out)
        return PDX_ENOMEM;
    (*out)->keep = keep;
    (*out)->by_record = by_record;
    (*out)->compact_at = COMPACT_MIN;
    return PDX_OK;
}

void pdx_notes__free(pdx_notes *ns) {
    if (!ns)
        return;
    for (size_t i = 0; i < ns->n; i++)
        free(ns->v[i].reason);
    free(ns->v);
    free(ns->seen);
    free(ns->awaiting);
    free(ns);
}

static int by_line(const void *a, const void *b) {
    const note *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Keeps the last note of each line, and drops it too when it is settled
 * and not unclassified (only without `keep`). */
static void compact(pdx_notes *ns) {
    qsort(ns->v, ns->n, sizeof *ns->v, by_line);
    size_t k = 0;
    for (size_t i = 0; i < ns->n; i++) {
        note *x = &ns->v[i];
        bool last = i + 1 == ns->n || ns->v[i + 1].line != x->line;
        if (last && (x->pending || x->role == PDX_ROLE_UNCLASSIFIED))
            ns->v[k++] = *x;
        else
            free(x->reason);
    }
    ns->n = k;
    ns->lo = 0;
    ns->compact_at = 2 * k > COMPACT_MIN ? 2 * k : COMPACT_MIN;
}

static void mark_seen(pdx_notes *ns, size_t line) {
    size_t byte = line / 8;
    if (byte >= ns->seen_bytes) {
        size_t cap = ns->seen_bytes ? ns->seen_bytes : 256;
        while (cap <= byte)
            cap *= 2;
        unsigned char *s = realloc(ns->seen, cap);
        if (!s) {
            ns->oom = true;
            return;
        }
        memset(s + ns->seen_bytes, 0, cap - ns->seen_bytes);
        ns->seen = s;
        ns->seen_bytes = cap;
    }
    ns->seen[byte] |= (unsigned char)(1u << (line % 8));
}

static bool was_seen(const pdx_notes *ns, size_t line) {
    return line / 8 < ns->seen_bytes && (ns->seen[line / 8] >> (line % 8)) & 1u;
}

static void add(pdx_notes *ns, size_t line, pdx_line_role role, const pdx_paper *p, size_t index,
                const char *reason) {
    if (ns->oom || line == 0)
        return;
    mark_seen(ns, line);
    if (!ns->keep && ns->n >= ns->compact_at)
        compact(ns);
    if (ns->n == ns->cap) {
        size_t cap = ns->cap ? ns->cap * 2 : 256;
        note *v = realloc(ns->v, cap * sizeof *v);
        if (!v) {
            ns->oom = true;
            return;
        }
        ns->v = v;
        ns->cap = cap;
    }
    char *r = NULL;
    if (ns->keep && !(r = pdx_strndup(reason ? reason : "", reason ? strlen(reason) : 0))) {
        ns->oom = true;
        return;
    }
    ns->v[ns->n++] = (note){line, ++ns->seq, p, index, r, role, p != NULL};
}

void pdx_read__note(pdx_read_ctx *ctx, size_t line, pdx_line_role role, const pdx_paper *p,
                    const char *reason) {
    if (ctx && ctx->notes)
        add(ctx->notes, line, role, p, 0, reason);
}

/* Calls fn on every note still waiting for record `p`. */
static void each_pending(pdx_notes *ns, const pdx_paper *p, void (*fn)(note *x, void *payload),
                         void *payload) {
    while (ns->lo < ns->n && !ns->v[ns->lo].pending)
        ns->lo++;
    for (size_t i = ns->lo; i < ns->n; i++)
        if (ns->v[i].pending && ns->v[i].paper == p)
            fn(&ns->v[i], payload);
}

static void drop_one(note *x, void *payload) {
    x->role = PDX_ROLE_UNCLASSIFIED;
    x->paper = NULL;
    x->pending = false;
    if (x->reason) {
        char *r = pdx_strndup(payload, strlen(payload));
        if (r) {
            free(x->reason);
            x->reason = r;
        }
    }
}

void pdx_read__note_drop(pdx_read_ctx *ctx, const pdx_paper *p, const char *reason) {
    if (ctx && ctx->notes && p)
        each_pending(ctx->notes, p, drop_one, (void *)(reason ? reason : ""));
}

static void join_one(note *x, void *payload) { x->paper = payload; }

void pdx_read__note_join(pdx_read_ctx *ctx, const pdx_paper *from, const pdx_paper *to) {
    if (ctx && ctx->notes && from && to)
        each_pending(ctx->notes, from, join_one, (void *)to);
}

static void hand_one(note *x, void *payload) {
    pdx_notes *ns = payload;
    x->paper = NULL;
    x->pending = false;
    if (ns->n_awaiting == ns->cap_awaiting) {
        size_t cap = ns->cap_awaiting ? ns->cap_awaiting * 2 : 16;
        size_t *v = realloc(ns->awaiting, cap * sizeof *v);
        if (!v) {
            ns->oom = true;
            return;
        }
        ns->awaiting = v;
        ns->cap_awaiting = cap;
    }
    ns->awaiting[ns->n_awaiting++] = (size_t)(x - ns->v);
}

void pdx_notes__handed(pdx_notes *ns, const pdx_paper *p, size_t line) {
    if (!ns)
        return;
    ns->n_awaiting = 0;
    if (ns->by_record) {
        add(ns, line, PDX_ROLE_RECORD, NULL, 0, "a record starts here");
        if (ns->n && ns->v[ns->n - 1].line == line)
            hand_one(&ns->v[ns->n - 1], ns);
        return;
    }
    each_pending(ns, p, hand_one, ns);
}

void pdx_notes__numbered(pdx_notes *ns, size_t index) {
    if (!ns)
        return;
    for (size_t i = 0; i < ns->n_awaiting; i++)
        ns->v[ns->awaiting[i]].index = index;
    ns->n_awaiting = 0;
}

bool pdx_notes__failed(const pdx_notes *ns) { return ns && ns->oom; }

/* Appends line `line` to the runs (pairs of size_t) in `runs`. */
static void add_run(pdx_status *st, pdx_buf *runs, size_t line) {
    size_t *v = (size_t *)(void *)runs->p;
    size_t k = runs->n / sizeof *v;
    if (k >= 2 && v[k - 1] + 1 == line) {
        v[k - 1] = line;
        return;
    }
    size_t pair[2] = {line, line};
    pdx_buf__add(st, runs, pair, sizeof pair);
}

pdx_status pdx_notes__finish(pdx_notes *ns, size_t last, const char *file, pdx_explain_fn fn,
                             void *payload, pdx_buf *runs, size_t *lines) {
    pdx_status st = PDX_OK;
    *lines = 0;
    if (!ns)
        return PDX_OK;
    if (ns->oom)
        return PDX_ENOMEM;
    if (ns->n) /* qsort of NULL is undefined even for no items */
        qsort(ns->v, ns->n, sizeof *ns->v, by_line);
    for (size_t i = 0; i < ns->n; i++)
        if (ns->v[i].line > last)
            last = ns->v[i].line; /* a line noted but not counted by the input */
    size_t k = 0;             /* the next note */
    size_t record = 0, record_line = 0; /* by_record: the record the lines are part of */
    char why[96];
    for (size_t line = 1; line <= last && !st; line++) {
        const note *x = NULL;
        while (k < ns->n && ns->v[k].line == line)
            x = &ns->v[k++];
        pdx_line_note out = {file, line, PDX_ROLE_UNCLASSIFIED, 0, ""};
        if (x) {
            out.role = x->role;
            out.paper = x->index;
            out.reason = x->reason ? x->reason : "";
            if (ns->by_record && (x->role == PDX_ROLE_RECORD || x->role == PDX_ROLE_SKIPPED)) {
                record = x->role == PDX_ROLE_RECORD ? x->index : 0;
                record_line = line;
            }
        } else if (ns->by_record && record) {
            out.role = PDX_ROLE_RECORD;
            out.paper = record;
            snprintf(why, sizeof why, "part of the record starting at line %zu", record_line);
            out.reason = why;
        } else if (ns->by_record && record_line) {
            out.role = PDX_ROLE_SKIPPED;
            snprintf(why, sizeof why, "after the line skipped at %zu, before the next record",
                     record_line);
            out.reason = why;
        } else if (ns->by_record) {
            out.role = PDX_ROLE_HEADER;
            out.reason = "before the first record";
        } else if (!was_seen(ns, line)) {
            out.reason = "no decision of the reader covers it";
        } else {
            continue; /* settled and dropped by compact(): not unclassified */
        }
        if (out.role == PDX_ROLE_UNCLASSIFIED && !ns->by_record) {
            add_run(&st, runs, line);
            ++*lines;
        }
        if (fn && ns->keep)
            fn(&out, payload);
    }
    return st;
}
