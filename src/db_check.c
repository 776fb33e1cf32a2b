/*
 * db_check.c — `paperdex check`: Xapian's check of the tables, then
 * paperdex's own invariants (one document per paper id, each with a
 * record that names that id), for a plain or a sharded database.
 *
 * Split from db.c, which opens databases and reads their records:
 * checking is run by one command, reads the whole database, and is the
 * one place that reports problems as lines of text rather than a status
 * and a message.
 */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paper.h"
#include "schema.h"

/* Appends one problem line to the report. */
static void problem(pdx_status *st, pdx_buf *r, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(pdx_status *st, pdx_buf *r, size_t *n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    pdx_buf__vprintf(st, r, fmt, ap);
    va_end(ap);
    pdx_buf__addc(st, r, '\n');
    (*n)++;
}

/* paperdex's own invariants: one document per id term, each with a record
 * whose id is that term's. */
static pdx_status check_records(pdx_db *db, pdx_buf *r, size_t *n) {
    pdx_status st = PDX_OK;
    pdx_ixterms *it = NULL;
    uint64_t docs = 0, with_id = 0;
    if ((st = pdx_index__doccount(&docs, db->ix)) ||
        (st = pdx_index__terms(&it, db->ix, PDX_PFX_ID, strlen(PDX_PFX_ID))))
        return pdx_db__fail_ix(db, st);
    const char *term;
    size_t tn;
    uint32_t freq;
    while (!st && pdx_index__terms_next(it, &term, &tn, &freq)) {
        char *id = pdx_strndup(term + 1, tn - 1);
        uint32_t *ids = NULL;
        size_t n_ids = 0;
        if (!id) {
            st = PDX_ENOMEM;
            break;
        }
        if ((st = pdx_index__postings(&ids, &n_ids, db->ix, term, tn, 16))) {
            free(id);
            break;
        }
        with_id += n_ids;
        if (n_ids > 1)
            problem(&st, r, n, "paper id %s is held by %zu documents (should be one)", id, n_ids);
        for (size_t i = 0; i < n_ids && !st; i++) {
            pdx_paper *p = NULL;
            pdx_status ls = pdx_db__load(&p, db, ids[i]);
            if (ls == PDX_ECORRUPT || ls == PDX_ENOTFOUND)
                problem(&st, r, n, "document %u (paper %s) has no readable record", ids[i], id);
            else if (ls)
                st = ls;
            else if (strcmp(pdx_paper_id(p), id) != 0)
                problem(&st, r, n, "document %u is indexed as paper %s but its record says %s",
                        ids[i], id, pdx_paper_id(p));
            pdx_paper_free(p);
        }
        free(ids);
        free(id);
    }
    if (!st)
        st = pdx_index__terms_status(it);
    pdx_index__terms_free(it);
    if (!st && with_id < docs)
        problem(&st, r, n, "%llu document(s) have no paper id (not written by paperdex?)",
                (unsigned long long)(docs - with_id));
    return st;
}

/* The report built in *r as *report on success; *r freed on failure. */
static pdx_status finish(char **report, pdx_buf *r, pdx_status st) {
    if (st) {
        pdx_buf__free(r);
        return st;
    }
    *report = pdx_buf__detach(r);
    return *report ? PDX_OK : PDX_ENOMEM;
}

/* pdx_db_check() of a sharded database: Xapian's check of each local
 * shard (a remote one is checked where it lives), then paperdex's own
 * invariants over all of them as one. */
static pdx_status check_shards(char **report, size_t *problems, const char *path) {
    pdx_buf r = PDX_BUF_INIT;
    char *err = NULL;
    pdx_db *db = NULL;
    pdx_status st = PDX_OK, os = pdx_db_open(&db, path, PDX_DB_READ, &err);
    if (os) {
        problem(&st, &r, problems, "%s", err ? err : pdx_status_str(os));
    } else {
        for (size_t i = 0; !st && i < pdx_index__shard_count(db->ix); i++) {
            const char *dir = pdx_index__shard_dir(db->ix, i);
            char *xreport = NULL;
            size_t xerrors = 0;
            if (!dir)
                continue;
            pdx_status cs = pdx_index__check(&xreport, &xerrors, dir);
            if (cs)
                problem(&st, &r, problems, "%s", xreport ? xreport : pdx_status_str(cs));
            else if (xerrors) {
                pdx_buf__printf(&st, &r, "Xapian's check found %zu error(s) in shard %s:\n%s",
                                xerrors, dir, xreport);
                *problems += xerrors;
            }
            free(xreport);
        }
        if (!st)
            st = check_records(db, &r, problems);
    }
    free(err);
    pdx_db_free(db);
    return finish(report, &r, st);
}

pdx_status pdx_db_check(char **report, size_t *problems, const char *path) {
    *report = NULL;
    *problems = 0;
    pdx_buf r = PDX_BUF_INIT;
    char *xreport = NULL, *err = NULL;
    size_t xerrors = 0;
    int kind = pdx_db__classify(path);
    if (kind == 0) {
        *report = pdx_db__dup_printf("no paperdex database at %s", path);
        return PDX_ENOTFOUND;
    }
    if (!pdx_db__is_db(kind)) {
        *report = pdx_db__dup_printf("%s is not a paperdex database (no Xapian tables in it)", path);
        return PDX_ECORRUPT;
    }
    if (kind == 4)
        return check_shards(report, problems, path);
    pdx_status st = pdx_index__check(&xreport, &xerrors, path);
    if (st) {
        /* Too damaged (or absent) to check at all. */
        *report = xreport;
        return st;
    }
    if (xerrors) {
        pdx_buf__printf(&st, &r, "Xapian's check found %zu error(s) in the index tables:\n%s",
                        xerrors, xreport);
        *problems += xerrors;
    }
    free(xreport);
    pdx_db *db = NULL;
    pdx_status os = st ? st : pdx_db_open(&db, path, PDX_DB_READ, &err);
    if (!st && os) {
        /* Readable by Xapian but not ours, or not openable: say why. */
        problem(&st, &r, problems, "%s", err ? err : pdx_status_str(os));
    } else if (!st) {
        st = check_records(db, &r, problems);
    }
    free(err);
    pdx_db_free(db);
    return finish(report, &r, st);
}
