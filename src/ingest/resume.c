/*
 * resume.c — what the database remembers of each input file (see
 * source_state in driver.h), so that an ingest that was interrupted, or
 * is run again, reads only what it has to: unchanged files are skipped,
 * changed ones first have their old papers taken back.  The state is
 * stored through the store, in the same commit as the file's records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest/driver.h"
#include "schema.h"

/* The current input's key on the store, and on the builder of --jobs 2
 * (which adds it to the documents it builds). */
void pdx_ingest__set_source(pdx_ingest *ing, const char *key) {
    pdx_store__set_source(ing->store, key);
    pdx_store *builder = pdx_ingest__pipe_builder(ing);
    if (builder)
        pdx_store__set_source(builder, key);
    pdx_ingest__fan_set_source(ing, key);
}

void pdx_ingest__state_clear(source_state *s) {
    free(s->real);
    memset(s, 0, sizeof *s);
}

/* Reads the recorded state of the file with `key`; *found is false when
 * the database has none (or one it cannot read: treated as new). */
static pdx_status state_load(pdx_ingest *ing, const char *key, source_state *out, bool *found) {
    memset(out, 0, sizeof *out);
    *found = false;
    char *v = NULL;
    size_t n = 0;
    const char *pending = pdx_ingest__fan_pending(ing, key, &n);
    pdx_status st = PDX_OK;
    if (pending && !(v = pdx_strndup(pending, n)))
        st = PDX_ENOMEM;
    else if (!pending)
        st = pdx_store__state_get(&v, &n, ing->store, key);
    if (st)
        return pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(ing->db));
    unsigned long long size = 0, hash = 0, records = 0;
    char status[16] = "", reader[32] = "";
    int version = 0, at = 0;
    if (n && sscanf(v, "%d %llu %lld %lld %llx %llu %15s %31s %n", &version, &size, &out->mtime_s,
                    &out->mtime_ns, &hash, &records, status, reader, &at) == 8 &&
        version == 1) {
        out->size = size;
        out->hash = hash;
        out->records = records;
        out->done = strcmp(status, "done") == 0;
        snprintf(out->reader, sizeof out->reader, "%s", reader);
        snprintf(out->key, sizeof out->key, "%s", key);
        *found = true;
    }
    free(v);
    return PDX_OK;
}

/* Records the state of the file being read; it is committed with the
 * records read so far. */
static pdx_status state_save(pdx_ingest *ing, const source_state *s) {
    pdx_status st = PDX_OK;
    pdx_buf v = PDX_BUF_INIT;
    pdx_buf__printf(&st, &v, "1 %llu %lld %lld %016llx %llu %s %s %s", (unsigned long long)s->size,
                    s->mtime_s, s->mtime_ns, (unsigned long long)s->hash,
                    (unsigned long long)s->records, s->done ? "done" : "partial", s->reader,
                    s->real ? s->real : "");
    if (!st && ing->fan) /* committed after the writers' papers */
        st = pdx_ingest__fan_state(ing, s->key, v.p, v.n);
    else if (!st && (st = pdx_store__state_set(ing->store, s->key, v.p, v.n)))
        st = pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(ing->db));
    pdx_buf__free(&v);
    return st;
}

/* Commits the records stored so far with the state of the file they come
 * from, so that an interrupted ingest knows how far it got. */
pdx_status pdx_ingest__commit(pdx_ingest *ing) {
    if (ing->fan)
        return pdx_ingest__fan_sync(ing);
    pdx_status st = PDX_OK;
    if (ing->cur.active)
        st = state_save(ing, &ing->cur);
    if (!st && (st = pdx_store__commit(ing->store)))
        st = pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(ing->db));
    ing->since_commit = 0;
    return st;
}

/* The hash of a whole file's content (decompressed), or 0 when it cannot
 * be read (it then counts as changed). */
static uint64_t hash_file(const char *path) {
    pdx_input *in = NULL;
    char *err = NULL;
    uint64_t h = 0;
    if (pdx_input__open(&in, path, &err) == PDX_OK && pdx_input__hash_rest(&h, in) != PDX_OK)
        h = 0;
    free(err);
    pdx_input__close(in);
    return h;
}

/* Fills `c` (cleared) with what the file at `path`, read by `rd`, is now:
 * its real path and key, size and time.  False when it cannot be found,
 * and then the file has no state. */
static bool state_open(source_state *c, const char *path, const pdx_reader *rd) {
    struct stat sb;
    char *real = NULL;
    if (stat(path, &sb) != 0 || !(real = realpath(path, NULL)))
        return false;
    c->active = true;
    c->real = real;
    pdx_schema__hash_key(c->key, real, strlen(real));
    c->size = (uint64_t)sb.st_size;
    c->mtime_s = (long long)sb.st_mtim.tv_sec;
    c->mtime_ns = (long long)sb.st_mtim.tv_nsec;
    snprintf(c->reader, sizeof c->reader, "%s", rd->name);
    return true;
}

/* Decides what a file needs before it is read into the database, and sets
 * ing->cur up for it: *skip when it is unchanged since an ingest that read
 * it whole; a changed file first has its old papers taken back. */
pdx_status pdx_ingest__source_begin(pdx_ingest *ing, const input_file *f, const pdx_reader *rd,
                               bool *skip) {
    *skip = false;
    pdx_ingest__state_clear(&ing->cur);
    source_state *c = &ing->cur;
    if (pdx_ingest__is_stdin(f) || !state_open(c, f->path, rd))
        return PDX_OK; /* no state: read as it is (errors are reported then) */
    if (f->part) {
        /* tagged as the file's; its state is shards_run's to record */
        pdx_ingest__set_source(ing, c->key);
        pdx_ingest__state_clear(c);
        return PDX_OK;
    }
    source_state old;
    bool found = false;
    pdx_status st = state_load(ing, c->key, &old, &found);
    if (st || !found) {
        pdx_ingest__set_source(ing, c->key);
        return st;
    }
    bool same_reader = strcmp(old.reader, c->reader) == 0;
    bool same_time = old.mtime_s == c->mtime_s && old.mtime_ns == c->mtime_ns;
    if (old.done && same_reader && old.size == c->size &&
        (same_time || hash_file(f->path) == old.hash)) {
        /* unchanged (perhaps touched): remember the new time, read nothing */
        c->hash = old.hash;
        c->records = old.records;
        c->done = true;
        st = same_time ? PDX_OK : state_save(ing, c);
        pdx_ingest__state_clear(c);
        *skip = true;
        return st;
    }
    if (!(!old.done && same_reader && same_time && old.size == c->size)) {
        /* changed since it was read (or while it was being read): take
         * back what it gave, then read it afresh */
        uint64_t removed = 0, kept = 0;
        if ((st = pdx_store__forget_source(&removed, &kept, ing->store, c->key, f->path, c->real)))
            return pdx_ingest__fail(ing, st, "%s", pdx_db_errmsg(ing->db));
        ing->sum.replaced += removed + kept;
    }
    /* an interrupted read of the same content is simply read again:
     * merging makes the second reading of a record change nothing */
    pdx_ingest__set_source(ing, c->key);
    return PDX_OK;
}

/* Marks the file just read as done (with its content hash), or partial
 * when reading stopped early. */
pdx_status pdx_ingest__source_end(pdx_ingest *ing, pdx_input *in, bool whole) {
    source_state *c = &ing->cur;
    pdx_status st = PDX_OK;
    if (c->active) {
        c->done = whole;
        if (whole && !pdx_input__content_hash(&c->hash, in) &&
            pdx_input__hash_rest(&c->hash, in) != PDX_OK)
            c->done = false;
        st = state_save(ing, c);
    }
    pdx_ingest__state_clear(c);
    pdx_ingest__set_source(ing, NULL);
    return st;
}

/* Records (on ing's database) the state of a file read in two parts, as
 * read_file would have for the whole. */
pdx_status pdx_ingest__part_state(pdx_ingest *ing, const input_file *a, const input_file *b) {
    source_state c = {0};
    if (!state_open(&c, a->path, a->rd))
        return PDX_OK;
    c.records = a->got + b->got;
    c.done = a->whole && b->whole;
    if (c.done && !(c.hash = hash_file(a->path)))
        c.done = false;
    pdx_status st = state_save(ing, &c);
    pdx_ingest__state_clear(&c);
    return st;
}
