/*
 * db.c — opening paperdex databases safely, stats, and records by id.
 *
 * A database is a Xapian glass directory with one metadata key of ours,
 * "paperdex.schema".  Opening for writing refuses any existing directory
 * that is neither empty nor such a database, so a mistyped --db can never
 * scribble over someone's files or another program's index.
 *
 * Opening also probes for damage (pdx_index__probe), so that a damaged
 * database is refused -- above all for writing, where adding papers on
 * top would bury the damage.  Before a write the probe reads both ends of
 * every table and, up to PDX_PROBE_WRITE_FULL bytes of tables, runs
 * Xapian's full check; before a read only the ends, and the full check up
 * to PDX_PROBE_READ_FULL bytes while no writer holds the lock (a check
 * racing a commit could see blocks being rewritten).  docs/reliability.md
 * has the cost; damage in the middle of a larger table is met
 * when a command reads it, or by `paperdex check`.
 *
 * Sharded databases (db_shards.c) and `paperdex check` (db_check.c) live
 * in files of their own; the helpers they share with this one (telling
 * what a path holds, removing and swapping directories) are declared in
 * db.h.
 */
/* renameat2(): swapping a rewritten database in with one system call */
#define _GNU_SOURCE
#include "db.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ids.h"
#include "paper.h"
#include "schema.h"

/* Table bytes up to which opening runs Xapian's full check: for writing
 * (0.2-0.3 s at 65 MB, 16-18 s at 1.3 GB: docs/reliability.md), and for
 * reading, where every search pays it, so only for small databases. */
#define PDX_PROBE_WRITE_FULL (64ull << 20)
#define PDX_PROBE_READ_FULL (2ull << 20)

/* Whether a writer holds the database's lock (Xapian's fcntl lock on
 * "flintlock"). */
static bool writer_active(const char *path) {
    char lock[4096];
    snprintf(lock, sizeof lock, "%s/flintlock", path);
    int fd = open(lock, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    bool held = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    close(fd);
    return held;
}

const char *pdx_status_str(pdx_status st) {
    switch (st) {
    case PDX_OK: return "ok";
    case PDX_ENOMEM: return "out of memory";
    case PDX_EINVAL: return "invalid argument";
    case PDX_EQUERY: return "query syntax error";
    case PDX_EINPUT: return "malformed input";
    case PDX_EIO: return "cannot read input";
    case PDX_ENOTFOUND: return "not found";
    case PDX_ELOCKED: return "database is locked";
    case PDX_ECORRUPT: return "database is corrupt or not a paperdex database";
    case PDX_EDB: return "database error";
    }
    return "unknown status";
}

pdx_status pdx_db__fail(pdx_db *db, pdx_status st, const char *fmt, ...) {
    pdx_status ms = PDX_OK;
    pdx_buf__clear(&db->err);
    va_list ap;
    va_start(ap, fmt);
    pdx_buf__vprintf(&ms, &db->err, fmt, ap);
    va_end(ap);
    return st;
}

pdx_status pdx_db__fail_ix(pdx_db *db, pdx_status st) {
    return pdx_db__fail(db, st, "%s", pdx_index__errmsg(db->ix));
}

const char *pdx_db_errmsg(const pdx_db *db) { return db ? pdx_buf__str(&db->err) : ""; }

const char *pdx_db_path(const pdx_db *db) { return db->path; }

/* Is `path` a directory that holds a Xapian database, nothing, or other
 * things?  0 = missing, 1 = empty dir, 2 = Xapian db, 3 = something else,
 * 4 = a sharded database: a Xapian stub (a file, or a directory holding
 * one named XAPIANDB, beside its shards). */
int pdx_db__classify(const char *path) {
    struct stat sb;
    if (stat(path, &sb) != 0)
        return errno == ENOENT ? 0 : 3;
    if (S_ISREG(sb.st_mode))
        return 4;
    if (!S_ISDIR(sb.st_mode))
        return 3;
    DIR *d = opendir(path);
    if (!d)
        return 3;
    int kind = 1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (strcmp(e->d_name, "iamglass") == 0 || strcmp(e->d_name, "iamchert") == 0) {
            kind = 2;
            break;
        }
        if (strcmp(e->d_name, PDX_STUB) == 0) {
            kind = 4;
            break;
        }
        kind = 3;
    }
    closedir(d);
    return kind;
}

/* Whether pdx_db__classify() said a database is there (plain or sharded). */
bool pdx_db__is_db(int kind) { return kind == 2 || kind == 4; }

char *pdx_db__dup_printf(const char *fmt, const char *a) {
    size_t n = strlen(fmt) + strlen(a) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, fmt, a);
    return s;
}

/* A feature flag of the database's metadata: set ("1") when the database
 * was created with what it names (schema.h). */
static pdx_status meta_flag(bool *out, pdx_ixdb *ix, const char *key) {
    char *v = NULL;
    size_t n = 0;
    pdx_status st = pdx_index__meta_get(&v, &n, ix, key);
    *out = !st && n == 1 && v[0] == '1';
    free(v);
    return st;
}

static pdx_status open_once(pdx_db **out, const char *path, unsigned flags, char **errmsg) {
    *out = NULL;
    if (errmsg)
        *errmsg = NULL;
    bool write = flags & PDX_DB_WRITE;
    int kind = pdx_db__classify(path);
    if (!write && kind == 0) {
        if (errmsg)
            *errmsg = pdx_db__dup_printf("no paperdex database at %s (create one with `paperdex ingest`)", path);
        return PDX_ENOTFOUND;
    }
    if (kind == 3 || (!write && kind == 1)) {
        if (errmsg)
            *errmsg = pdx_db__dup_printf("%s exists but is not a paperdex database; "
                                 "refusing to use it (choose another --db)", path);
        return PDX_ECORRUPT;
    }

    pdx_db *db = calloc(1, sizeof *db);
    if (!db || !(db->path = pdx_strndup(path, strlen(path)))) {
        free(db);
        return PDX_ENOMEM;
    }
    db->writable = write;
    pdx_status st = pdx_index__open_ex(&db->ix, path,
                                       (write ? PDX_IX_WRITE : 0) |
                                           (flags & PDX_DB_PARTIAL ? PDX_IX_PARTIAL : 0),
                                       errmsg);
    if (!st)
        st = pdx_index__stem_new(&db->stem, "english");
    char *schema = NULL;
    size_t n_schema = 0;
    if (!st)
        st = pdx_index__meta_get(&schema, &n_schema, db->ix, PDX_META_SCHEMA);
    if (!st && n_schema == 0) {
        uint64_t docs = 0;
        st = pdx_index__doccount(&docs, db->ix);
        if (!st && (docs > 0 || !write)) {
            if (errmsg)
                *errmsg = pdx_db__dup_printf("%s is a Xapian database but not a paperdex one; "
                                     "refusing to use it", path);
            st = PDX_ECORRUPT;
        } else if (!st) {
            st = pdx_index__meta_set(db->ix, PDX_META_SCHEMA, PDX_SCHEMA_VERSION,
                                     strlen(PDX_SCHEMA_VERSION));
            if (!st)
                st = pdx_index__meta_set(db->ix, PDX_META_AUTHOR_NAMES, "1", 1);
            if (!st)
                st = pdx_index__meta_set(db->ix, PDX_META_DATE_HEADS, "1", 1);
            if (!st)
                st = pdx_index__commit(db->ix);
        }
    } else if (!st && n_schema == strlen(PDX_SCHEMA_JSON_ONLY) &&
               memcmp(schema, PDX_SCHEMA_JSON_ONLY, n_schema) == 0) {
        db->json_only = true;
    } else if (!st && (n_schema != strlen(PDX_SCHEMA_VERSION) ||
                       memcmp(schema, PDX_SCHEMA_VERSION, n_schema) != 0)) {
        if (errmsg)
            *errmsg = pdx_db__dup_printf("%s was written by another version of paperdex "
                                 "(schema mismatch); re-ingest into a new database", path);
        st = PDX_ECORRUPT;
    }
    free(schema);
    if (!st)
        st = meta_flag(&db->author_names, db->ix, PDX_META_AUTHOR_NAMES);
    if (!st)
        st = meta_flag(&db->date_heads, db->ix, PDX_META_DATE_HEADS);
    if (!st)
        st = pdx_index__probe(db->ix, write ? PDX_PROBE_WRITE_FULL
                                      : writer_active(path) ? 0 : PDX_PROBE_READ_FULL);
    db->narrow_from = PDX_NARROW_FROM;
    if (st && errmsg && !*errmsg && db->ix)
        *errmsg = pdx_strndup(pdx_index__errmsg(db->ix), strlen(pdx_index__errmsg(db->ix)));
    if (st) {
        pdx_db_free(db);
        return st;
    }
    *out = db;
    return PDX_OK;
}

pdx_status pdx_db_open(pdx_db **out, const char *path, unsigned flags, char **errmsg) {
    pdx_status st = open_once(out, path, flags, errmsg);
    /* A reader may open the tables in the middle of a writer's swap (the
     * merge of a two-half ingest puts new tables in place): Xapian then
     * sees blocks of two versions ("Expected block 4 to be level 1, not
     * 0") and the database looks damaged for a moment.  While a writer
     * holds the lock, a reader tries again for up to two seconds before it
     * calls the database damaged. */
    for (int i = 0; st == PDX_ECORRUPT && !(flags & PDX_DB_WRITE) && i < 40 && writer_active(path);
         i++) {
        if (errmsg) {
            free(*errmsg);
            *errmsg = NULL;
        }
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
        st = open_once(out, path, flags, errmsg);
    }
    return st;
}

void pdx_db_set_time_limit(pdx_db *db, double seconds) {
    pdx_index__set_time_limit(db->ix, seconds);
}

void pdx_db_free(pdx_db *db) {
    if (!db)
        return;
    pdx_index__stem_free(db->stem);
    free(db->stems);
    pdx_db__term_stats_free(db);
    pdx_index__close(db->ix);
    pdx_buf__free(&db->err);
    free(db->path);
    free(db);
}

pdx_status pdx_db_stats(pdx_stats *out, pdx_db *db) {
    memset(out, 0, sizeof *out);
    if (!db->ix) /* lost in a failed swap (pdx_db__shard_merge) */
        return pdx_db__fail(db, PDX_EDB, "database %s is not open", db->path);
    pdx_status st = pdx_index__doccount(&out->papers, db->ix);
    /* Over a remote shard a count of distinct terms streams every term of
     * every server, with its frequency looked up there: at a million
     * papers longer than a remote read may wait. */
    out->terms_counted = !pdx_index__has_remote(db->ix);
    if (!st && out->terms_counted)
        st = pdx_index__termcount(&out->authors, db->ix, PDX_PFX_AUTHOR_FULL,
                                  strlen(PDX_PFX_AUTHOR_FULL));
    if (!st && out->terms_counted)
        st = pdx_index__termcount(&out->terms, db->ix, "", 0);
    return st ? pdx_db__fail_ix(db, st) : PDX_OK;
}

pdx_status pdx_db__stem_with(pdx_ixstem *stemmer, pdx_stem_entry *cache, pdx_buf *out,
                             const char *w, size_t n) {
    pdx_status st = PDX_OK;
    pdx_buf__clear(out);
    if (n && w[0] >= '0' && w[0] <= '9') {
        pdx_buf__add(&st, out, w, n);
        return st;
    }
    pdx_stem_entry *e = NULL;
    if (cache && n < PDX_STEM_CACHE_WORD) {
        e = &cache[pdx_hash64(w, n) & (PDX_STEM_CACHE - 1)];
        if (e->n_word == n && memcmp(e->word, w, n) == 0) {
            pdx_buf__add(&st, out, e->stem, e->n_stem);
            return st;
        }
    }
    pdx_buf__grow(&st, out, PDX_INDEX_MAX_TERM + 8);
    if (st)
        return st;
    size_t len = 0;
    st = pdx_index__stem(stemmer, w, n, out->p, out->cap - 1, &len);
    out->n = len;
    out->p[len] = '\0';
    if (!st && e && len < PDX_STEM_CACHE_WORD) {
        e->n_word = (uint8_t)n;
        memcpy(e->word, w, n);
        e->n_stem = (uint8_t)len;
        memcpy(e->stem, out->p, len);
    }
    return st;
}

pdx_status pdx_db__stem(pdx_db *db, pdx_buf *out, const char *w, size_t n) {
    if (!db->stems)
        db->stems = calloc(PDX_STEM_CACHE, sizeof *db->stems); /* NULL: no cache */
    return pdx_db__stem_with(db->stem, db->stems, out, w, n);
}

pdx_status pdx_db__load(pdx_paper **out, pdx_db *db, uint32_t docid) {
    *out = NULL;
    char *data = NULL;
    size_t n = 0;
    pdx_status st = pdx_index__doc_data(&data, &n, db->ix, docid);
    if (st)
        return pdx_db__fail_ix(db, st);
    st = pdx_paper__from_stored(out, data, n);
    free(data);
    if (st == PDX_ECORRUPT)
        return pdx_db__fail(db, st, "%s: document %u does not hold a paperdex record", db->path,
                            docid);
    return st;
}

pdx_status pdx_db__load_hit(pdx_paper **out, pdx_db *db, const pdx_ixmset *m, size_t i) {
    *out = NULL;
    char *data = NULL;
    size_t n = 0;
    pdx_status st = pdx_index__mset_data(&data, &n, db->ix, m, i);
    if (st)
        return pdx_db__fail_ix(db, st);
    st = pdx_paper__from_stored(out, data, n);
    free(data);
    if (st == PDX_ECORRUPT)
        return pdx_db__fail(db, st, "%s: a stored record is damaged", db->path);
    return st;
}

pdx_status pdx_db__find_id(uint32_t *docid, pdx_db *db, const char *id) {
    *docid = 0;
    uint32_t *docs = NULL;
    size_t n = 0;
    pdx_status st = pdx_db__find_ids(&docs, &n, db, id);
    if (!st && n == 1)
        *docid = docs[0];
    else if (!st && n > 1)
        st = pdx_db__ambiguous(db, id, docs, n);
    else if (!st)
        st = pdx_db__fail(db, PDX_ENOTFOUND, "no paper with id %s in %s", id, db->path);
    free(docs);
    return st;
}

pdx_status pdx_db_get(pdx_paper **out, pdx_db *db, const char *id) {
    *out = NULL;
    uint32_t docid = 0;
    pdx_status st = pdx_db__find_id(&docid, db, id);
    return st ? st : pdx_db__load(out, db, docid);
}

/* ---- compacting ------------------------------------------------------------ */

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

/* Removes a directory tree (ours: a database copy). */
void pdx_db__remove_tree(const char *path) {
    struct stat sb;
    if (lstat(path, &sb) == 0)
        nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Puts directory `tmp` in the place of `path`, the original going to
 * `old`.  Exchanged in one step where the file system can (a kill leaves
 * either database at `path`, never none); else by two renames. */
int pdx_db__swap_in(const char *path, const char *tmp, const char *old) {
    pdx_db__remove_tree(old);
#ifdef RENAME_EXCHANGE
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE) == 0) {
        if (rename(tmp, old) != 0) /* tmp holds the original now */
            pdx_db__remove_tree(tmp);
        return 0;
    }
#endif
    if (rename(path, old) != 0)
        return -1;
    if (rename(tmp, path) != 0) {
        rename(old, path); /* put the original back */
        return -1;
    }
    return 0;
}

/* ---- sources and rebuilding ------------------------------------------------- */

/* The sources list kept beside the tables (PDX_SOURCES_FILE), written
 * after every ingest: the tables' own record of the sources (metadata in
 * the postlist table) may be what is damaged, and a rebuild needs them. */
#define PDX_SOURCES_FILE "paperdex-sources"

/* Parses one source state value ("1 SIZE MTIME_S MTIME_NS HASH RECORDS
 * done|partial READER REALPATH") into its reader and path. */
static bool parse_state(const char *v, char *reader, size_t n_reader, const char **real) {
    int version = 0, at = 0;
    unsigned long long size, hash, records;
    long long ms, mns;
    char status[16], rd[32];
    if (sscanf(v, "%d %llu %lld %lld %llx %llu %15s %31s %n", &version, &size, &ms, &mns, &hash,
               &records, status, rd, &at) != 8 || version != 1 || !v[at])
        return false;
    snprintf(reader, n_reader, "%s", rd);
    *real = v + at;
    return true;
}

static pdx_status push_source(pdx_source **v, size_t *n, const char *reader, const char *path,
                              size_t n_path) {
    pdx_source *g = realloc(*v, (*n + 1) * sizeof **v);
    if (!g)
        return PDX_ENOMEM;
    *v = g;
    g[*n].reader = pdx_strndup(reader, strlen(reader));
    g[*n].path = pdx_strndup(path, n_path);
    if (!g[*n].reader || !g[*n].path) {
        free(g[*n].reader);
        free(g[*n].path);
        return PDX_ENOMEM;
    }
    (*n)++;
    return PDX_OK;
}

/* The sources from the tables' metadata. */
static pdx_status sources_from_meta(pdx_source **v, size_t *n, pdx_ixdb *ix) {
    char *all = NULL;
    size_t len = 0;
    pdx_status st = pdx_index__meta_list(&all, &len, ix, PDX_META_SOURCE);
    for (size_t at = 0; !st && at < len;) {
        const char *val = all + at + strlen(all + at) + 1; /* key\0value\0 */
        char reader[32];
        const char *real = NULL;
        if (parse_state(val, reader, sizeof reader, &real))
            st = push_source(v, n, reader, real, strlen(real));
        at = (size_t)(val - all) + strlen(val) + 1;
    }
    free(all);
    return st;
}

/* Where the sources list of the database at `path` lives: in its
 * directory, or beside a stub file ("cluster.stub.paperdex-sources"). */
static void sources_file(char *out, size_t n, const char *path, const char *suffix) {
    struct stat sb;
    bool file = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
    snprintf(out, n, "%s%s%s%s", path, file ? "." : "/", PDX_SOURCES_FILE, suffix);
}

/* The sources from PDX_SOURCES_FILE: "READER\tPATH" lines. */
static pdx_status sources_from_file(pdx_source **v, size_t *n, const char *path) {
    char f[4096];
    sources_file(f, sizeof f, path, "");
    FILE *fp = fopen(f, "r");
    if (!fp)
        return PDX_EIO;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    pdx_status st = PDX_OK;
    while (!st && (len = getline(&line, &cap, fp)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab || tab == line || tab - line >= 32 || !tab[1])
            continue;
        *tab = '\0';
        st = push_source(v, n, line, tab + 1, strlen(tab + 1));
    }
    free(line);
    fclose(fp);
    return st;
}

/* Moves the sources of `v` named in `order` (a list of paths, in turn)
 * to the front of `v`, in that order; the others keep theirs after them. */
static pdx_status put_in_order(pdx_source *v, size_t n, const char *const *order, size_t n_order,
                               size_t *placed) {
    for (size_t k = 0; k < n_order; k++)
        for (size_t i = *placed; i < n; i++)
            if (strcmp(v[i].path, order[k]) == 0) {
                pdx_source t = v[i];
                memmove(v + *placed + 1, v + *placed, (i - *placed) * sizeof *v);
                v[(*placed)++] = t;
                break;
            }
    return PDX_OK;
}

/* The paths of a source list, as an array borrowing its strings. */
static const char **paths_of(const pdx_source *v, size_t n) {
    const char **p = calloc(n + 1, sizeof *p);
    for (size_t i = 0; p && i < n; i++)
        p[i] = v[i].path;
    return p;
}

pdx_status pdx_db__save_sources(pdx_db *db, const char *const *order, size_t n_order) {
    pdx_source *v = NULL, *old = NULL;
    size_t n = 0, n_old = 0, placed = 0;
    pdx_status st = sources_from_meta(&v, &n, db->ix);
    if (st)
        st = pdx_db__fail_ix(db, st);
    /* the order of the list already there, then this ingest's */
    if (!st && sources_from_file(&old, &n_old, db->path) == PDX_OK) {
        const char **op = paths_of(old, n_old);
        if (!op)
            st = PDX_ENOMEM;
        else
            put_in_order(v, n, op, n_old, &placed);
        free(op);
    }
    if (!st)
        put_in_order(v, n, order, n_order, &placed);
    pdx_sources_free(old, n_old);
    pdx_buf tmp = PDX_BUF_INIT, dst = PDX_BUF_INIT;
    char f[4096];
    sources_file(f, sizeof f, db->path, ".tmp");
    pdx_buf__adds(&st, &tmp, f);
    sources_file(f, sizeof f, db->path, "");
    pdx_buf__adds(&st, &dst, f);
    FILE *fp = st ? NULL : fopen(tmp.p, "w");
    if (!st && !fp)
        st = pdx_db__fail(db, PDX_EIO, "cannot write %s: %s", tmp.p, strerror(errno));
    for (size_t i = 0; fp && i < n; i++)
        fprintf(fp, "%s\t%s\n", v[i].reader, v[i].path);
    if (fp && (fflush(fp) != 0 || fsync(fileno(fp)) != 0))
        st = pdx_db__fail(db, PDX_EIO, "cannot write %s: %s", tmp.p, strerror(errno));
    if (fp && fclose(fp) != 0 && !st)
        st = pdx_db__fail(db, PDX_EIO, "cannot write %s", tmp.p);
    if (fp && !st && rename(tmp.p, dst.p) != 0)
        st = pdx_db__fail(db, PDX_EIO, "cannot write %s: %s", dst.p, strerror(errno));
    if (st && tmp.p)
        unlink(tmp.p);
    pdx_sources_free(v, n);
    pdx_buf__free(&tmp);
    pdx_buf__free(&dst);
    return st;
}

pdx_status pdx_db_sources(pdx_source **out, size_t *n_out, const char *path, char **errmsg) {
    *out = NULL;
    *n_out = 0;
    if (errmsg)
        *errmsg = NULL;
    if (!pdx_db__is_db(pdx_db__classify(path))) {
        if (errmsg)
            *errmsg = pdx_db__dup_printf("no paperdex database at %s", path);
        return PDX_ENOTFOUND;
    }
    /* the tables first (they are the record), without the damage probe:
     * the metadata may well be readable when other blocks are not */
    pdx_ixdb *ix = NULL;
    pdx_source *v = NULL;
    size_t n = 0;
    char *err = NULL;
    pdx_status st = pdx_index__open(&ix, path, false, &err);
    if (!st && (st = sources_from_meta(&v, &n, ix)))
        err = pdx_strndup(pdx_index__errmsg(ix), strlen(pdx_index__errmsg(ix)));
    pdx_index__close(ix);
    if (st == PDX_ENOMEM) {
        free(err);
        pdx_sources_free(v, n);
        return st;
    }
    if (st) {
        pdx_sources_free(v, n);
        v = NULL;
        n = 0;
        pdx_status fs = sources_from_file(&v, &n, path);
        if (fs) {
            pdx_sources_free(v, n);
            if (errmsg)
                *errmsg = err ? err : pdx_db__dup_printf("cannot read the sources of %s", path);
            else
                free(err);
            return st;
        }
        free(err);
    } else {
        free(err);
        /* in the order first read, which the list beside keeps */
        pdx_source *old = NULL;
        size_t n_old = 0, placed = 0;
        if (sources_from_file(&old, &n_old, path) == PDX_OK) {
            const char **op = paths_of(old, n_old);
            if (op)
                put_in_order(v, n, op, n_old, &placed);
            free(op);
        }
        pdx_sources_free(old, n_old);
    }
    *out = v;
    *n_out = n;
    return PDX_OK;
}

void pdx_sources_free(pdx_source *v, size_t n) {
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].path);
        free(v[i].reader);
    }
    free(v);
}

pdx_status pdx_db_replace(const char *path, const char *fresh, char **errmsg) {
    if (errmsg)
        *errmsg = NULL;
    pdx_status st = PDX_OK;
    pdx_buf old = PDX_BUF_INIT;
    pdx_buf__printf(&st, &old, "%s.old", path);
    if (!st && pdx_db__swap_in(path, fresh, old.p) != 0) {
        st = PDX_EIO;
        if (errmsg)
            *errmsg = pdx_db__dup_printf("cannot put the rebuilt database in the place of %s", path);
    }
    if (!st)
        pdx_db__remove_tree(old.p);
    pdx_buf__free(&old);
    return st;
}

/* Copies the sources list into a rewritten copy of the database. */
static void copy_sources(const char *from, const char *to) {
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s/%s", from, PDX_SOURCES_FILE);
    snprintf(b, sizeof b, "%s/%s", to, PDX_SOURCES_FILE);
    FILE *in = fopen(a, "rb");
    FILE *out = in ? fopen(b, "wb") : NULL;
    char buf[8192];
    size_t k;
    while (out && (k = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, k, out);
    if (out)
        fclose(out);
    if (in)
        fclose(in);
}

pdx_status pdx_db_compact(const char *path, char **errmsg) {
    if (errmsg)
        *errmsg = NULL;
    int kind = pdx_db__classify(path);
    struct stat sb;
    if (kind == 4 && stat(path, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        /* a stub file may name remote shards, and is no directory to swap */
        if (errmsg)
            *errmsg = pdx_db__dup_printf("%s is a stub file; compact the directory of a sharded "
                                 "database, or each shard where it lives", path);
        return PDX_EINVAL;
    }
    if (!pdx_db__is_db(kind)) {
        if (errmsg)
            *errmsg = pdx_db__dup_printf("no paperdex database at %s", path);
        return PDX_ENOTFOUND;
    }
    /* The writer's lock, held until the copy is in place: an ingest that
     * starts meanwhile waits or is told the database is locked. */
    pdx_db *db = NULL;
    pdx_status st = pdx_db_open(&db, path, PDX_DB_WRITE, errmsg);
    if (st)
        return st;
    pdx_buf tmp = PDX_BUF_INIT, old = PDX_BUF_INIT;
    pdx_buf__printf(&st, &tmp, "%s.compacting", path);
    pdx_buf__printf(&st, &old, "%s.old", path);
    if (!st) {
        pdx_db__remove_tree(tmp.p);
        st = pdx_index__compact(path, tmp.p, errmsg);
    }
    if (!st) {
        copy_sources(path, tmp.p);
        if (pdx_db__swap_in(path, tmp.p, old.p) != 0)
            st = PDX_EIO;
        if (st && errmsg)
            *errmsg = pdx_db__dup_printf("cannot put the compacted copy of %s in place", path);
    }
    pdx_db_free(db);
    if (!st)
        pdx_db__remove_tree(old.p);
    else if (tmp.p)
        pdx_db__remove_tree(tmp.p);
    pdx_buf__free(&tmp);
    pdx_buf__free(&old);
    return st;
}
