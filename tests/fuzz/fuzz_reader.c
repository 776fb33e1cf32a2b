/*
 * fuzz_reader.c — libFuzzer target for one reader (PDX_FUZZ_FORMAT): the
 * input bytes become a file, read through the real input layer and the
 * reader, and every record produced is serialised; on odd first bytes
 * every line's note (parse --explain) is asked for too.  Any crash, hang,
 * leak or undefined behaviour is a bug; a status is fine.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paperdex.h"

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    snprintf(path, sizeof path, "/tmp/pdx-fuzz-%s-%ld", PDX_FUZZ_FORMAT, (long)getpid());
    return 0;
}

static void ignore_diag(const char *where, const char *msg, void *payload) {
    (void)where;
    (void)msg;
    (void)payload;
}

static int touch(const pdx_paper *p, void *payload) {
    (void)payload;
    char *json = NULL;
    if (pdx_paper_to_json(&json, p) == PDX_OK)
        free(json);
    return 0;
}

static size_t noted;

static void touch_note(const pdx_line_note *note, void *payload) {
    (void)payload;
    noted += strlen(note->reason) + strlen(pdx_line_role_name(note->role)) + note->paper;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return 0;
    fwrite(data, 1, n, fp);
    fclose(fp);
    pdx_ingest_opts o = {0};
    o.format = PDX_FUZZ_FORMAT;
    o.on_diag = ignore_diag;
    o.on_explain = n && (data[0] & 1) ? touch_note : NULL;
    pdx_ingest *ing = NULL;
    if (pdx_ingest_new(&ing, NULL, &o) == PDX_OK && pdx_ingest_add(ing, path) == PDX_OK)
        pdx_ingest_run(ing, touch, NULL);
    pdx_ingest_free(ing);
    unlink(path);
    return 0;
}
