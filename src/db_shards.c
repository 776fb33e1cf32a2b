/*
 * db_shards.c — sharded databases: creating the shards and stub of
 * `ingest --shards N`, the shard list of an open database, and the
 * temporary second shard of `ingest --jobs 2` merged back at the end,
 * and the writer groups of `ingest --jobs N` into a sharded database.
 *
 * Split from db.c, which opens databases and reads their records: the
 * shard code is a concern of its own (stub files, shard directories,
 * merging), and db.c had grown past a thousand lines with it.  The
 * helpers both need (what a path holds, removing and swapping
 * directories) are in db.h.
 */
#include "db.h"
#include "schema.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory of shard K inside a sharded database (named by the stub,
 * PDX_STUB), and how many shards a database may have. */
#define PDX_SHARD_DIR "shard-%u"
#define PDX_SHARDS_MAX 1024

/* ---- the shard list -------------------------------------------------------- */

size_t pdx_db_shard_count(const pdx_db *db) { return db->ix ? pdx_index__shard_count(db->ix) : 0; }

const char *pdx_db_shard(const pdx_db *db, size_t i, bool *lost) {
    if (lost)
        *lost = false;
    return db->ix ? pdx_index__shard_name(db->ix, i, lost, NULL) : NULL;
}

/* ---- sharded databases (ingest --shards N) ------------------------------------ */

/* The number of "glass shard-K" lines of the stub in directory `path`, if
 * it lists exactly shard-0 .. shard-(n-1) in order; 0 otherwise. */
static unsigned local_shards(const char *path) {
    char f[4096], line[256], want[64];
    snprintf(f, sizeof f, "%s/%s", path, PDX_STUB);
    FILE *fp = fopen(f, "r");
    unsigned n = 0;
    bool ok = fp != NULL;
    while (ok && fgets(line, sizeof line, fp)) {
        snprintf(want, sizeof want, "glass " PDX_SHARD_DIR "\n", n);
        ok = strcmp(line, want) == 0;
        n++;
    }
    if (fp)
        fclose(fp);
    return ok ? n : 0;
}

pdx_status pdx_db_create_shards(const char *path, unsigned n, char **errmsg) {
    if (errmsg)
        *errmsg = NULL;
    if (n < 2 || n > PDX_SHARDS_MAX) {
        if (errmsg)
            *errmsg = pdx_db__dup_printf("shards: want 2 to 1024 for %s", path);
        return PDX_EINVAL;
    }
    int kind = pdx_db__classify(path);
    unsigned have = 0;
    if (kind == 4) {
        have = local_shards(path);
        if (have == n)
            return PDX_OK;
        /* more shards: new ones are added, and new papers spread over all
         * (the old stay where they are; `rebuild` spreads them too) */
        if (!have || n < have) {
            if (errmsg && !have)
                *errmsg = pdx_db__dup_printf("%s lists shards of its own making (remote, or "
                                             "elsewhere); --shards adds only to a directory of "
                                             "shard-K shards", path);
            if (errmsg && have) {
                char m[200];
                snprintf(m, sizeof m, "%%s has %u shards, not %u (shards can be added, not taken "
                                      "away; docs/scale-out.md tells how to reshard)", have, n);
                *errmsg = pdx_db__dup_printf(m, path);
            }
            return PDX_EINVAL;
        }
    }
    if (kind != 0 && kind != 1 && kind != 4) {
        if (errmsg)
            *errmsg = pdx_db__dup_printf("%s exists and is not an empty directory; a sharded database "
                                 "needs a new one (choose another --db)", path);
        return PDX_ECORRUPT;
    }
    if (kind == 0 && mkdir(path, 0777) != 0) {
        if (errmsg)
            *errmsg = pdx_db__dup_printf("cannot create %s", path);
        return PDX_EIO;
    }
    pdx_status st = PDX_OK;
    pdx_buf stub = PDX_BUF_INIT, dir = PDX_BUF_INIT, tmp = PDX_BUF_INIT;
    for (unsigned k = 0; k < n && !st; k++) {
        pdx_db *db = NULL;
        pdx_buf__clear(&dir);
        pdx_buf__printf(&st, &dir, "%s/" PDX_SHARD_DIR, path, k);
        pdx_buf__printf(&st, &stub, "glass " PDX_SHARD_DIR "\n", k);
        /* each new shard a paperdex database of its own: schema and flags */
        if (!st && k >= have)
            st = pdx_db_open(&db, dir.p, PDX_DB_WRITE, errmsg);
        pdx_db_free(db);
    }
    /* the stub last, in one rename: until it is there the directory is
     * no database, and a new try starts afresh */
    pdx_buf__printf(&st, &tmp, "%s/%s.tmp", path, PDX_STUB);
    FILE *fp = st ? NULL : fopen(tmp.p, "w");
    if (!st && (!fp || fwrite(stub.p, 1, stub.n, fp) != stub.n || fflush(fp) || fsync(fileno(fp))))
        st = PDX_EIO;
    if (fp && fclose(fp) && !st)
        st = PDX_EIO;
    pdx_buf__clear(&dir);
    pdx_buf__printf(&st, &dir, "%s/%s", path, PDX_STUB);
    if (!st && rename(tmp.p, dir.p) != 0)
        st = PDX_EIO;
    if (st == PDX_EIO && errmsg && !*errmsg)
        *errmsg = pdx_db__dup_printf("cannot write the stub of %s", path);
    pdx_buf__free(&stub);
    pdx_buf__free(&dir);
    pdx_buf__free(&tmp);
    return st;
}

/* ---- shards (ingest --jobs 2) ------------------------------------------------ */

/* "<path><suffix>" in a new string, or NULL. */
static char *path_with(const char *path, const char *suffix) {
    size_t n = strlen(path) + strlen(suffix) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s", path, suffix);
    return s;
}

pdx_status pdx_db__shard_open(pdx_db **out, pdx_db *db) {
    *out = NULL;
    char *path = path_with(db->path, ".shard");
    if (!path)
        return PDX_ENOMEM;
    pdx_db__shard_clear(db);
    char *msg = NULL;
    pdx_status st = pdx_db_open(out, path, PDX_DB_WRITE, &msg);
    if (st)
        pdx_db__fail(db, st, "%s", msg ? msg : pdx_status_str(st));
    free(msg);
    free(path);
    return st;
}

void pdx_db__shard_clear(pdx_db *db) {
    static const char *const left[] = {".shard", ".merging"};
    for (size_t i = 0; i < 2; i++) {
        char *path = path_with(db->path, left[i]);
        if (path)
            pdx_db__remove_tree(path);
        free(path);
    }
}

void pdx_db__shard_drop(pdx_db *shard) {
    if (!shard)
        return;
    char *path = pdx_strndup(shard->path, strlen(shard->path));
    pdx_db_free(shard);
    if (path)
        pdx_db__remove_tree(path);
    free(path);
}

pdx_status pdx_db__shard_merge(pdx_db *db, pdx_db *shard) {
    pdx_status st = PDX_OK;
    char *msg = NULL;
    char *tmp = path_with(db->path, ".merging"), *old = path_with(db->path, ".old");
    const char *srcs[2] = {db->path, shard->path};
    if (!tmp || !old)
        st = PDX_ENOMEM;
    if (!st) {
        pdx_db__remove_tree(tmp);
        st = pdx_index__compact_merge(srcs, 2, tmp, &msg);
    }
    if (st) {
        pdx_db__fail(db, st, "%s", msg ? msg : pdx_status_str(st));
    } else {
        /* The merged copy replaces the directory: close ours first (its
         * lock goes with it until the reopening below). */
        pdx_index__close(db->ix);
        db->ix = NULL;
        if (pdx_db__swap_in(db->path, tmp, old) != 0)
            st = pdx_db__fail(db, PDX_EIO, "cannot put the merged database in place at %s: %s",
                              db->path, strerror(errno));
        free(msg);
        msg = NULL;
        pdx_status os = pdx_index__open(&db->ix, db->path, true, &msg);
        if (os && !st)
            st = pdx_db__fail(db, os, "%s", msg ? msg : pdx_status_str(os));
        if (os) {
            /* another writer took the lock in between: the papers are in
             * place; keep a reader, so that the caller can still count them */
            free(msg);
            msg = NULL;
            if (pdx_index__open(&db->ix, db->path, false, &msg) == PDX_OK)
                db->writable = false;
        }
        if (!st)
            pdx_db__remove_tree(old);
    }
    free(msg);
    if (tmp)
        pdx_db__remove_tree(tmp);
    pdx_db__shard_drop(shard);
    free(tmp);
    free(old);
    return st;
}

/* ---- the writer groups of ingest --jobs N ---------------------------------- */

pdx_status pdx_db__group_open(pdx_db **out, pdx_db *db, size_t g, size_t n) {
    *out = NULL;
    pdx_db *gd = calloc(1, sizeof *gd);
    if (!gd)
        return PDX_ENOMEM;
    *gd = (pdx_db){.path = pdx_strndup(db->path, strlen(db->path)), .writable = true,
                   .author_names = db->author_names, .date_heads = db->date_heads,
                   .json_only = db->json_only, .narrow_from = db->narrow_from};
    pdx_status st = gd->path ? PDX_OK : PDX_ENOMEM;
    if (!st && (st = pdx_index__group(&gd->ix, db->ix, g, n)))
        st = pdx_db__fail_ix(db, st);
    if (st) {
        pdx_db_free(gd);
        return st;
    }
    *out = gd;
    return PDX_OK;
}

pdx_status pdx_db__each_merge_key(pdx_db *db, pdx_db_key_fn fn, void *payload) {
    static const char *const prefixes[] = {PDX_PFX_ID, PDX_PFX_EXTID, PDX_PFX_TITLEKEY,
                                           PDX_PFX_ABSKEY};
    pdx_status st = PDX_OK, fn_st = PDX_OK;
    for (size_t k = 0; k < sizeof prefixes / sizeof *prefixes && !st && !fn_st; k++) {
        pdx_ixterms *it = NULL;
        if ((st = pdx_index__terms(&it, db->ix, prefixes[k], strlen(prefixes[k]))))
            break;
        const char *t;
        size_t n;
        while (!fn_st && pdx_index__terms_next(it, &t, &n, NULL))
            fn_st = fn(pdx_hash64(t, n), payload);
        if (!fn_st)
            st = pdx_index__terms_status(it);
        pdx_index__terms_free(it);
    }
    if (st && st != PDX_ENOMEM)
        return pdx_db__fail_ix(db, st);
    return st ? st : fn_st;
}
