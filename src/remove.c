/*
 * remove.c — taking papers out of a database: by id, or everything one
 * input file contributed (pdx_db_remove, pdx_db_remove_source).
 *
 * Removing a file's papers is what a re-ingest of a changed file does
 * first (store.c, pdx_store__forget_source), so both go through the same
 * code: papers read only from the file are deleted, merged ones lose the
 * file's tag and source entries.  A merged record keeps the fields it
 * has: the record does not say which input gave which value, and a
 * value dropped by guess would be lost for good, while one kept is only
 * surplus until the other inputs are read again.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static pdx_status on_forget(const char *id, bool deleted, void *payload) {
    pdx_removal *r = payload;
    return deleted ? push(&r->removed, &r->n_removed, id) : push(&r->updated, &r->n_updated, id);
}

pdx_status pdx_db_remove_source(pdx_removal **out, pdx_db *db, const char *file) {
    pdx_removal *r = NULL;
    pdx_store *s = NULL;
    char *real = NULL, *state = NULL;
    size_t state_n = 0;
    pdx_status st = new_removal(&r, db);
    if (!st && !(real = source_path(file)))
        st = PDX_ENOMEM;
    char key[17] = "", mk[64] = "";
    if (!st) {
        snprintf(key, sizeof key, "%016llx", (unsigned long long)pdx_hash64(real, strlen(real)));
        snprintf(mk, sizeof mk, "%s%s", PDX_META_SOURCE, key);
        if ((st = pdx_index__meta_get(&state, &state_n, db->ix, mk)))
            st = pdx_db__fail_ix(db, st);
    }
    if (!st)
        st = pdx_store__new(&s, db);
    uint64_t removed = 0, kept = 0;
    if (!st)
        st = pdx_store__forget_source_each(s, key, file, real, &removed, &kept, on_forget, r);
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
    pdx_store__free(s);
    free(real);
    free(state);
    *out = r;
    return st;
}
