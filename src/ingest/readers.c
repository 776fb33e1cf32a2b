/*
 * readers.c — the table of readers, sniffing, and the knowledge readers
 * share across the files of one ingest.
 *
 * To add a format: write src/ingest/<name>.c exporting a pdx_reader, and
 * list it below.  Order matters only for ties in sniffing.
 */
#include "ingest/reader.h"

#include <string.h>

#include "ingest/html.h"
#include "ingest/page.h"
#include "text/names.h"

extern const pdx_reader pdx_reader__listing;
extern const pdx_reader pdx_reader__profile;
extern const pdx_reader pdx_reader__stream;
extern const pdx_reader pdx_reader__jsonl;
extern const pdx_reader pdx_reader__arxiv;
extern const pdx_reader pdx_reader__bibtex;
extern const pdx_reader pdx_reader__csv;
extern const pdx_reader pdx_reader__tsv;
extern const pdx_reader pdx_reader__html;
extern const pdx_reader pdx_reader__csljson;
extern const pdx_reader pdx_reader__ris;
extern const pdx_reader pdx_reader__medline;
extern const pdx_reader pdx_reader__labelled;

const pdx_reader *const pdx_readers[] = {
    &pdx_reader__listing,
    &pdx_reader__profile,
    &pdx_reader__stream,
    &pdx_reader__jsonl,
    &pdx_reader__arxiv,
    &pdx_reader__bibtex,
    &pdx_reader__csv,
    &pdx_reader__tsv,
    &pdx_reader__html,
    &pdx_reader__csljson,
    &pdx_reader__ris,
    &pdx_reader__medline,
    &pdx_reader__labelled,
    NULL,
};

/* Readers with a prescan, run over every file of the ingest before any
 * file is read: the readers of pages with site chrome count their pages'
 * lines, so that a stream's template is found even when the other page
 * sharing it is a profile page; the listing reader learns the names of
 * every author list, so a title/author split never depends on file order
 * (nor on which files a resumed ingest skips); a saved HTML page runs the
 * prescan of the reader its rendered text goes to. */
static const struct {
    const pdx_reader *reader;
    pdx_prescan_fn prescan;
} prescans[] = {
    {&pdx_reader__listing, pdx_listing__prescan},
    {&pdx_reader__profile, pdx_page__prescan},
    {&pdx_reader__stream, pdx_page__prescan},
    {&pdx_reader__html, pdx_html__prescan},
};

pdx_prescan_fn pdx_reader__prescan(const pdx_reader *rd) {
    for (size_t i = 0; i < sizeof prescans / sizeof *prescans; i++)
        if (prescans[i].reader == rd)
            return prescans[i].prescan;
    return NULL;
}

/* The readers that decide line by line and note every line (reader.h):
 * the page readers.  The others are explained record by record by the
 * driver (explain.c). */
bool pdx_reader__notes_lines(const pdx_reader *rd) {
    return rd == &pdx_reader__listing || rd == &pdx_reader__profile || rd == &pdx_reader__stream;
}

const pdx_reader *pdx_reader__find(const char *name) {
    for (size_t i = 0; pdx_readers[i]; i++)
        if (strcmp(pdx_readers[i]->name, name) == 0)
            return pdx_readers[i];
    return NULL;
}

const pdx_reader *pdx_reader__sniff(const char *head, size_t n, const char *path) {
    const pdx_reader *best = NULL;
    int best_score = 19;
    for (size_t i = 0; pdx_readers[i]; i++) {
        int s = pdx_readers[i]->sniff(head, n, path);
        if (s > best_score) {
            best_score = s;
            best = pdx_readers[i];
        }
    }
    return best;
}

const char *pdx_format_name(size_t i) {
    for (size_t k = 0; pdx_readers[k]; k++)
        if (k == i)
            return pdx_readers[k]->name;
    return NULL;
}

const char *pdx_format_description(size_t i) {
    for (size_t k = 0; pdx_readers[k]; k++)
        if (k == i)
            return pdx_readers[k]->description;
    return NULL;
}

static pdx_status bump(pdx_map *m, const char *k, size_t n) {
    size_t c = 0;
    pdx_map__get(m, k, n, &c);
    return pdx_map__put(m, k, n, c + 1);
}

pdx_status pdx_read__learn_name(pdx_read_ctx *ctx, const char *name, size_t n) {
    if (!ctx->know)
        return PDX_OK;
    pdx_name nm;
    pdx_status st = pdx_name__parse(&nm, name, n);
    if (!st && pdx_name__ok(&nm)) {
        if (nm.n_given && !nm.initial[0])
            st = bump(&ctx->know->given, nm.given[0], strlen(nm.given[0]));
        if (!st)
            st = bump(&ctx->know->surname, nm.core, strlen(nm.core));
    }
    pdx_name__free(&nm);
    return st;
}
