/*
 * cli.h — shared by the parts of the `paperdex` command: exit codes,
 * output in JSON (cli_json.c, the contract other tools rely on) and for
 * people (cli_text.c).  paperdex.c runs the commands; the other files
 * call nothing of it, so nothing depends on it in a cycle.
 */
#ifndef PDX_CLI_H
#define PDX_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "paperdex.h"

/* Exit codes (documented in --help and the README). */
enum {
    EXIT_DONE = 0,     /* done, also when nothing matched */
    EXIT_NOTFOUND = 1, /* `show ID`: no such paper */
    EXIT_USAGE = 2,    /* usage error or query syntax */
    EXIT_INPUT = 3,    /* bad input: some of it could not be read */
    EXIT_DB = 4,       /* database error (missing, locked, corrupt) */
};

/** Runs the command line `argv` (argv[0] is the program) and returns its
 *  exit code (tools/paperdex.c; the fuzzer calls it many times). */
int cli_main(int argc, char **argv);

/** The exit code for a failed status.  Here, not in paperdex.c, so that
 *  the command's other files (cli_eval.c, serve.c) need nothing of
 *  paperdex.c, which calls them. */
static inline int cli_exit_code(pdx_status st) {
    switch (st) {
    case PDX_OK: return EXIT_DONE;
    case PDX_EINVAL:
    case PDX_EQUERY: return EXIT_USAGE;
    case PDX_EINPUT:
    case PDX_EIO: return EXIT_INPUT;
    default: return EXIT_DB;
    }
}

/** `paperdex eval` (cli_eval.c). */
int cmd_eval(int argc, char **argv);
/** `paperdex serve` (serve.c). */
int cmd_serve(int argc, char **argv);

/* ---- JSON (cli_json.c) ---- */

/** Prints a search or author result object on one line. */
int cli_json_results(FILE *out, const char *query, const pdx_results *r, bool author);
/** The same, with a "facets" object when `facets`. */
int cli_json_results_ex(FILE *out, const char *query, const pdx_results *r, bool author,
                        bool facets);
/** One line of `search --batch --json`: the result object of `query` (or,
 *  when `r` is NULL, {"query", "error"}) with "took_ms", the time spent
 *  inside the search. */
int cli_json_batch_result(FILE *out, const char *query, const pdx_results *r, bool author,
                          bool facets, double took_ms, const char *error);
/** Prints the coauthors object. */
int cli_json_coauthors(FILE *out, const pdx_coauthors *c);
/** Prints the stats object. */
int cli_json_stats(FILE *out, const pdx_stats *s, const char *db);
/** Marks every JSON object printed from now on with "partial": true and
 *  "missing_shards": the shards of `db` left out (--allow-partial), or
 *  no longer (NULL).  `db` must outlive the printing. */
void cli_json_partial(const pdx_db *db);
/** Prints the check object: {"db", "ok", "problems", "report": [lines]}. */
int cli_json_check(FILE *out, const char *db, size_t problems, const char *report);
/** Prints one record (the parse/show object). */
int cli_json_paper(FILE *out, const pdx_paper *p);
/** Prints the remove object: {"removed", "updated", "not_found",
 *  "ambiguous"}, each a list of ids. */
int cli_json_removal(FILE *out, const pdx_removal *r);
/** Prints the ingest summary object, with "failed_inputs": [{"path",
 *  "error"}] from `ing` (may be NULL: then []). */
/** parse --explain --json: one line's note as one object on one line:
 *  {"file", "line", "kind", "paper" (null: none), "reason"}. */
int cli_json_note(FILE *out, const pdx_line_note *n);
int cli_json_summary(FILE *out, const pdx_ingest_summary *s, const pdx_stats *after,
                     const char *db, const pdx_ingest *ing);

/* ---- people (cli_text.c) ---- */

/** Whether to use bold and colour: `out` is a terminal, NO_COLOR unset or
 *  empty, TERM not "dumb". */
bool cli_color(FILE *out);
/** Whether the terminal understands escapes (TERM is not "dumb"). */
bool cli_ansi(void);
/** Prints the papers similar to the one titled `title`. */
void cli_text_similar(FILE *out, const char *title, const pdx_results *r, bool color);
/** Prints a ranked result list. */
void cli_text_results(FILE *out, const char *query, const pdx_results *r, bool author, bool color);
/** Prints the facets of a result list. */
void cli_text_facets(FILE *out, const pdx_results *r);
/** Prints the coauthor list. */
void cli_text_coauthors(FILE *out, const pdx_coauthors *c);
/** Prints one record in full. */
void cli_text_paper(FILE *out, const pdx_paper *p, bool color);
/** Prints the citation lines of a record (volume, number, pages,
 *  journal-ref, DOI, arXiv id, BibTeX key), those it has, for show. */
void cli_text_paper_citation(FILE *out, const pdx_paper *p);
/** Prints what remove did: a line per paper removed or updated, then the
 *  counts. */
void cli_text_removal(FILE *out, const pdx_removal *r);
/** Prints the stats. */
void cli_text_stats(FILE *out, const pdx_stats *s, const char *db);

#endif
