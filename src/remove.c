/*
 * remove.c — taking papers out of a database: by id, or everything one
 * input file contributed (pdx_db_remove, pdx_db_remove_source).
 *
 * Removing a file's papers is what a re-ingest of a changed file does
 * first (store.c, pdx_store__forget_source), so both go through the same
 * code: papers read only from the file are deleted, merged ones lose the
 * file's tag and source entries.  A merged record does not say which
 * input gave which value, so it is made again from its other inputs: each
 * is read again (with the reader ingest used) and the records at the
 * paper's remaining source lines are merged, under the paper's id.  That
 * is only sound when those files are as they were when ingested (same
 * size and time, read whole); otherwise the record keeps every value it
 * has, since one kept is only surplus while one dropped by guess is lost.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "ids.h"
#include "paper.h"
#include "schema.h"
#include "store.h"

void pdx_removal_free(pdx_removal *r) {
    if (!r)
        return;
    char **lists[] = {r->removed, r->updated, r->not_found, r->ambiguous};
    size_t ns[] = {r->n_removed, r->n_updated, r->n_not_found, r->n_ambiguous};
    for (size_t l = 0; l < 4; l++) {
        for (size_t i = 0; i < ns[l]; i++)
            free(lists[l][i]);
        free(lists[l]);
    }
    free(r);
}

/* Appends a copy of s to the list v[0..*n). */
static pdx_status push(char ***v, size_t *n, const char *s) {
    char **grown = realloc(*v, (*n + 1) * sizeof **v);
    if (!grown)
        return PDX_ENOMEM;
    *v = grown;
    if (!(grown[*n] = pdx_strndup(s, strlen(s))))
        return PDX_ENOMEM;
    (*n)++;
    return PDX_OK;
}

static pdx_status new_removal(pdx_removal **out, pdx_db *db) {
    *out = NULL;
    if (!db->writable)
        return pdx_db__fail(db, PDX_EINVAL, "database %s is open read-only", db->path);
    *out = calloc(1, sizeof **out);
    return *out ? PDX_OK : PDX_ENOMEM;
}

pdx_status pdx_db_remove(pdx_removal **out, pdx_db *db, const char *const *ids, size_t n) {
    pdx_removal *r = NULL;
    pdx_status st = new_removal(&r, db);
    /* First every look-up, then the deletions: a failed look-up leaves no
     * deletion pending for the next commit. */
    uint32_t *gone = NULL; /* the documents to delete, each once */
    size_t n_gone = 0;
    for (size_t i = 0; !st && i < n; i++) {
        uint32_t *docs = NULL;
        size_t k = 0;
        if ((st = pdx_db__find_ids(&docs, &k, db, ids[i])))
            break;
        bool seen = false;
        for (size_t j = 0; k == 1 && j < n_gone; j++)
            seen |= gone[j] == docs[0];
        if (k == 0) {
            st = push(&r->not_found, &r->n_not_found, ids[i]);
        } else if (k > 1) {
            st = push(&r->ambiguous, &r->n_ambiguous, ids[i]);
        } else if (!seen) {
            pdx_paper *p = NULL;
            uint32_t *grown = realloc(gone, (n_gone + 1) * sizeof *gone);
            if (!grown)
                st = PDX_ENOMEM;
            else
                (gone = grown)[n_gone++] = docs[0];
            if (!st)
                st = pdx_db__load(&p, db, docs[0]);
            if (!st)
                st = push(&r->removed, &r->n_removed, pdx_paper_id(p));
            pdx_paper_free(p);
        }
        free(docs);
    }
    for (size_t i = 0; !st && i < n_gone; i++)
        if ((st = pdx_index__delete(db->ix, gone[i])))
            st = pdx_db__fail_ix(db, st);
    free(gone);
    if (!st && n_gone && (st = pdx_index__commit(db->ix)))
        st = pdx_db__fail_ix(db, st);
    if (st) {
        pdx_removal_free(r);
        r = NULL;
    }
    *out = r;
    return st;
}

/* The path ingest keyed `file` by: its real path, or when it is gone, its
 * absolute path as written (caller frees). */
static char *source_path(const char *file) {
    char *real = realpath(file, NULL);
    if (real || file[0] == '/')
        return real ? real : pdx_strndup(file, strlen(file));
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return NULL;
    size_t n = strlen(cwd) + strlen(file) + 2;
    char *abs = malloc(n);
    if (abs)
        snprintf(abs, n, "%s/%s", cwd, file[0] == '.' && file[1] == '/' ? file + 2 : file);
    return abs;
}

/* ---- remaking a merged paper from its other inputs ------------------------- */

/* An input file read again: the records it gives now, or !ok when it
 * cannot stand for what was ingested (gone, changed since, unreadable). */
typedef struct reread {
    char *path; /* as the paper's source entries name it */
    bool ok;
    pdx_paper **v;
    size_t n;
} reread;

typedef struct forget_ctx {
    pdx_removal *r;
    pdx_db *db;
    reread *files;
    size_t n_files;
} forget_ctx;

static int collect(const pdx_paper *p, void *payload) {
    reread *f = payload;
    pdx_paper *c = NULL;
    pdx_paper **grown = realloc(f->v, (f->n + 1) * sizeof *f->v);
    if (!grown || pdx_paper__clone(&c, p)) {
        if (grown)
            f->v = grown;
        f->ok = false;
        return 1;
    }
    f->v = grown;
    f->v[f->n++] = c;
    return 0;
}

/* Reads `f->path` again with the reader ingest used, when the database
 * recorded it as read whole and its size and time are still the same
 * (else the records would not be those that were merged). */
static pdx_status read_again(forget_ctx *c, reread *f) {
    f->ok = false;
    char *real = realpath(f->path, NULL);
    struct stat sb;
    if (!real || stat(real, &sb) != 0) {
        free(real);
        return PDX_OK;
    }
    char key[PDX_HASH_KEY + 1], mk[64], *v = NULL;
    size_t n = 0;
    pdx_schema__hash_key(key, real, strlen(real));
    pdx_schema__state_key(mk, sizeof mk, key);
    free(real);
    pdx_status st = pdx_index__meta_get(&v, &n, c->db->ix, mk);
    if (st) {
        free(v);
        return pdx_db__fail_ix(c->db, st);
    }
    /* "1 SIZE MTIME_S MTIME_NS HASH RECORDS done|partial READER REALPATH" (ingest.c) */
    unsigned long long size = 0, hash = 0, records = 0;
    long long ms = 0, mns = 0;
    char status[16] = "", reader[32] = "";
    int version = 0;
    bool same = n && sscanf(v, "%d %llu %lld %lld %llx %llu %15s %31s", &version, &size, &ms, &mns,
                            &hash, &records, status, reader) == 8 &&
                version == 1 && strcmp(status, "done") == 0 &&
                size == (unsigned long long)sb.st_size && ms == (long long)sb.st_mtim.tv_sec &&
                mns == (long long)sb.st_mtim.tv_nsec;
    free(v);
    if (!same)
        return PDX_OK;
    pdx_ingest_opts o = {0};
    o.format = reader;
    pdx_ingest *ing = NULL;
    f->ok = true;
    if (pdx_ingest_new(&ing, NULL, &o) || pdx_ingest_add(ing, f->path) ||
        pdx_ingest_run(ing, collect, f))
        f->ok = false;
    pdx_ingest_free(ing);
    return PDX_OK;
}

/* The file `path` read again (once per removal). */
static pdx_status reread_of(forget_ctx *c, const char *path, reread **out) {
    *out = NULL;
    for (size_t i = 0; i < c->n_files; i++)
        if (strcmp(c->files[i].path, path) == 0) {
            *out = &c->files[i];
            return PDX_OK;
        }
    reread *grown = realloc(c->files, (c->n_files + 1) * sizeof *grown);
    if (!grown)
        return PDX_ENOMEM;
    c->files = grown;
    reread *f = &c->files[c->n_files];
    memset(f, 0, sizeof *f);
    if (!(f->path = pdx_strndup(path, strlen(path))))
        return PDX_ENOMEM;
    c->n_files++;
    *out = f;
    return read_again(c, f);
}

/* The record of `f` read from line `line`, or NULL. */
static const pdx_paper *record_at(const reread *f, size_t line) {
    for (size_t i = 0; i < f->n; i++)
        for (size_t j = 0; j < f->v[i]->sources.n; j++)
            if (pdx_paper__sources(f->v[i])[j].line == line &&
                strcmp(pdx_paper__sources(f->v[i])[j].file, f->path) == 0)
                return f->v[i];
    return NULL;
}

/* Replaces *p by the merge of what its remaining sources give when read
 * again, so that values only the removed file gave (its BibTeX key, its
 * volume) go with it.  When any source cannot be read as it was, *p stays
 * as it is: every value it has is kept rather than some lost. */
static pdx_status remake(forget_ctx *c, pdx_paper **p) {
    pdx_paper *made = NULL;
    pdx_status st = PDX_OK;
    const pdx_source_ref *src = pdx_paper__sources(*p);
    size_t n = (*p)->sources.n;
    for (size_t i = 0; !st && i < n; i++) {
        reread *f = NULL;
        if ((st = reread_of(c, src[i].file, &f)))
            break;
        const pdx_paper *rec = f->ok ? record_at(f, src[i].line) : NULL;
        if (!rec) {
            pdx_paper_free(made);
            return PDX_OK; /* keep *p */
        }
        st = made ? pdx_paper__merge(made, rec) : pdx_paper__clone(&made, rec);
    }
    if (!st && made) {
        made->id = pdx_paper__str(&st, made, pdx_paper_id(*p), strlen(pdx_paper_id(*p)));
        if (!st) {
            pdx_paper_free(*p);
            *p = made;
            made = NULL;
        }
    }
    pdx_paper_free(made);
    return st;
}

static pdx_status on_forget(pdx_paper **p, bool deleted, void *payload) {
    forget_ctx *c = payload;
    if (deleted)
        return push(&c->r->removed, &c->r->n_removed, pdx_paper_id(*p));
    pdx_status st = push(&c->r->updated, &c->r->n_updated, pdx_paper_id(*p));
    return st ? st : remake(c, p);
}

pdx_status pdx_db_remove_source(pdx_removal **out, pdx_db *db, const char *file) {
    pdx_removal *r = NULL;
    pdx_store *s = NULL;
    char *real = NULL, *state = NULL;
    size_t state_n = 0;
    pdx_status st = new_removal(&r, db);
    if (!st && !(real = source_path(file)))
        st = PDX_ENOMEM;
    char key[PDX_HASH_KEY + 1] = "", mk[64] = "";
    if (!st) {
        pdx_schema__hash_key(key, real, strlen(real));
        pdx_schema__state_key(mk, sizeof mk, key);
        if ((st = pdx_index__meta_get(&state, &state_n, db->ix, mk)))
            st = pdx_db__fail_ix(db, st);
    }
    if (!st)
        st = pdx_store__new(&s, db);
    uint64_t removed = 0, kept = 0;
    forget_ctx ctx = {r, db, NULL, 0};
    if (!st)
        st = pdx_store__forget_source_each(&removed, &kept, s, key, file, real, on_forget, &ctx);
    /* forgotten as read, so an ingest of it reads it afresh */
    if (!st && state_n && (st = pdx_index__meta_set(db->ix, mk, "", 0)))
        st = pdx_db__fail_ix(db, st);
    if (!st && !state_n && !removed && !kept)
        st = push(&r->not_found, &r->n_not_found, file);
    if (!st && (state_n || removed || kept))
        st = pdx_store__commit(s);
    if (st) {
        pdx_removal_free(r);
        r = NULL;
    }
    for (size_t i = 0; i < ctx.n_files; i++) {
        pdx_papers_free(ctx.files[i].v, ctx.files[i].n);
        free(ctx.files[i].path);
    }
    free(ctx.files);
    pdx_store__free(s);
    free(real);
    free(state);
    *out = r;
    return st;
}
