/*
 * walk.c — the ingest's inputs: the arguments expanded into the files to
 * read.  Directories are walked recursively in name order, symlink loops
 * cut by remembering each directory's device and inode; the sizes are
 * summed so that progress knows the total.  A path that cannot be read is
 * reported and counted, and the others are still read.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest/driver.h"

pdx_status pdx_ingest__files_push(file_list *fl, const char *path, uint64_t size, bool explicit_arg) {
    if (fl->n == fl->cap) {
        size_t cap = fl->cap ? fl->cap * 2 : 16;
        input_file *v = realloc(fl->v, cap * sizeof *v);
        if (!v)
            return PDX_ENOMEM;
        fl->v = v;
        fl->cap = cap;
    }
    fl->v[fl->n] = (input_file){0};
    if (!(fl->v[fl->n].path = pdx_strndup(path, strlen(path))))
        return PDX_ENOMEM;
    fl->v[fl->n].size = size;
    fl->v[fl->n].explicit_arg = explicit_arg;
    fl->n++;
    return PDX_OK;
}

void pdx_ingest__files_free(file_list *fl) {
    for (size_t i = 0; i < fl->n; i++)
        free(fl->v[i].path);
    free(fl->v);
    free(fl->seen);
}

static int by_name(const struct dirent **a, const struct dirent **b) {
    return strcmp((*a)->d_name, (*b)->d_name);
}

static pdx_status walk(pdx_ingest *ing, file_list *fl, const char *dir, unsigned depth) {
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return PDX_OK;
    for (size_t i = 0; i < fl->n_seen; i++)
        if (fl->seen[i].dev == sb.st_dev && fl->seen[i].ino == sb.st_ino) {
            pdx_ingest__diag(ing, dir, "directory already visited (symbolic link loop?); skipped");
            return PDX_OK;
        }
    if (depth > 64) {
        pdx_ingest__diag(ing, dir, "directories nested more than 64 deep; skipped");
        return PDX_OK;
    }
    if (fl->n_seen == fl->cap_seen) {
        size_t cap = fl->cap_seen ? fl->cap_seen * 2 : 16;
        void *s = realloc(fl->seen, cap * sizeof *fl->seen);
        if (!s)
            return PDX_ENOMEM;
        fl->seen = s;
        fl->cap_seen = cap;
    }
    fl->seen[fl->n_seen].dev = sb.st_dev;
    fl->seen[fl->n_seen].ino = sb.st_ino;
    fl->n_seen++;

    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, by_name);
    if (n < 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "cannot read directory: %s", strerror(errno));
        pdx_ingest__diag(ing, dir, msg);
        pdx_ingest__input_failed(ing, dir, msg);
        return PDX_OK;
    }
    pdx_status st = PDX_OK;
    pdx_buf path = PDX_BUF_INIT;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (!st && name[0] != '.') {
            pdx_buf__clear(&path);
            pdx_buf__adds(&st, &path, dir);
            if (path.n && path.p[path.n - 1] != '/')
                pdx_buf__addc(&st, &path, '/');
            pdx_buf__adds(&st, &path, name);
            if (!st && stat(path.p, &sb) == 0) {
                if (S_ISDIR(sb.st_mode))
                    st = walk(ing, fl, path.p, depth + 1);
                else if (S_ISREG(sb.st_mode))
                    st = pdx_ingest__files_push(fl, path.p, (uint64_t)sb.st_size, false);
            } else if (!st) {
                char msg[256];
                snprintf(msg, sizeof msg, "cannot read: %s; skipped", strerror(errno));
                pdx_ingest__diag(ing, path.p, msg);
                pdx_ingest__input_failed(ing, path.p, msg);
            }
        }
        free(names[i]);
    }
    free(names);
    pdx_buf__free(&path);
    return st;
}

pdx_status pdx_ingest__expand(pdx_ingest *ing, file_list *fl) {
    pdx_status st = PDX_OK;
    for (size_t i = 0; i < ing->n_args && !st; i++) {
        const char *a = ing->args[i];
        struct stat sb;
        if (strcmp(a, "-") == 0)
            st = pdx_ingest__files_push(fl, a, 0, true);
        else if (stat(a, &sb) != 0) {
            char msg[256];
            snprintf(msg, sizeof msg, "%s", strerror(errno));
            pdx_ingest__diag(ing, a, msg);
            pdx_ingest__input_failed(ing, a, msg);
        } else if (S_ISDIR(sb.st_mode))
            st = walk(ing, fl, a, 0);
        else
            st = pdx_ingest__files_push(fl, a, (uint64_t)sb.st_size, true);
    }
    for (size_t i = 0; i < fl->n; i++)
        ing->bytes_total += fl->v[i].size;
    return st;
}

