/*
 * gencorpus.c — `pdx-gencorpus`: writes the benchmark's synthetic corpus
 * (see corpus.h) and, optionally, its queries.
 *
 *   pdx-gencorpus [--seed S] [--n N] [--format jsonl|listing] [-o FILE]
 *                 [--queries FILE] [--nq N]
 *
 * N takes k and M suffixes (200k, 1M).  The defaults are seed 1, 200k
 * papers, JSON Lines on standard output, 1000 queries.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

static int usage(void) {
    fputs("Usage: pdx-gencorpus [--seed S] [--n N] [--format jsonl|listing] [-o FILE]\n"
          "                     [--queries FILE] [--nq N]\n"
          "Writes N synthetic papers (default 200k; 1M works) and, with --queries,\n"
          "N benchmark queries (default 1000) as lines 'kind<TAB>text'.\n",
          stderr);
    return 2;
}

int main(int argc, char **argv) {
    uint64_t seed = 1, n = 200000, nq = 1000;
    const char *out_path = NULL, *q_path = NULL, *format = "jsonl";
    /* every option takes a value: step over both */
    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            return usage();
        if (strcmp(a, "--seed") == 0) {
            if (!pdx_corpus_parse_size(&seed, v))
                return usage();
        } else if (strcmp(a, "--n") == 0) {
            if (!pdx_corpus_parse_size(&n, v))
                return usage();
        } else if (strcmp(a, "--nq") == 0) {
            if (!pdx_corpus_parse_size(&nq, v))
                return usage();
        } else if (strcmp(a, "--format") == 0) {
            format = v;
            if (strcmp(v, "jsonl") && strcmp(v, "listing"))
                return usage();
        } else if (strcmp(a, "-o") == 0) {
            out_path = v;
        } else if (strcmp(a, "--queries") == 0) {
            q_path = v;
        } else {
            return usage();
        }
    }
    FILE *out = out_path ? fopen(out_path, "w") : stdout;
    if (!out) {
        fprintf(stderr, "pdx-gencorpus: %s: %s\n", out_path, strerror(errno));
        return 1;
    }
    pdx_corpus *c = pdx_corpus_new(seed, n);
    if (!c) {
        fprintf(stderr, "pdx-gencorpus: out of memory\n");
        return 1;
    }
    bool listing = strcmp(format, "listing") == 0;
    uint64_t k = 0;
    while (k < n && (listing ? pdx_corpus_next_listing(c, out) : pdx_corpus_next_jsonl(c, out)))
        k++;
    int rc = 0;
    if (k < n || fflush(out) != 0) {
        fprintf(stderr, "pdx-gencorpus: write error: %s\n", strerror(errno));
        rc = 1;
    }
    if (out != stdout)
        fclose(out);
    if (!rc && q_path) {
        FILE *q = fopen(q_path, "w");
        if (!q || !pdx_corpus_queries(c, q, (size_t)nq) || fclose(q) != 0) {
            fprintf(stderr, "pdx-gencorpus: %s: %s\n", q_path, strerror(errno));
            rc = 1;
        }
    }
    pdx_corpus_free(c);
    return rc;
}
