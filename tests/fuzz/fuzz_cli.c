/*
 * fuzz_cli.c — libFuzzer target over the command line itself: the input
 * bytes become an argv (split at NUL or newline, at most 24 words) for
 * cli_main(), the whole `paperdex` command, run in this process.
 *
 * What may run: the first byte picks a command that only reads (search,
 * author, coauthors, similar, show, stats, check, parse, help) or one
 * that writes into this fuzzer's own temporary directory (ingest of the
 * fixture into a scratch database); --help anywhere is fine.  The
 * database is a small fixture built at start-up in a temporary directory
 * ($PAPERDEX_DB); words that would reach outside it (absolute paths, "..",
 * --db, --wait, the files of parse and ingest) are replaced by the
 * fixture's file, and standard input is /dev/null (a --batch FILE of
 * search may name a file under libFuzzer's working directory: it is only
 * read).  The directory is removed at exit.  Usage errors return through
 * cli_exit() (a longjmp back into cli_main), so one process runs them all.
 * Any crash, leak or undefined behaviour is a bug; an exit code is fine.
 */
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define MAX_WORDS 24

static char dir[64];
static char fixture[128]; /* a JSON Lines file of three papers */
static char scratch[128]; /* the database ingest may write */

static const char *const commands[] = {"search", "author", "coauthors", "similar", "show",
                                       "stats",  "check",  "parse",     "help",    "ingest"};

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static void cleanup(void) { nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS); }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    snprintf(dir, sizeof dir, "/tmp/pdx-fuzz-cli-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    atexit(cleanup);
    snprintf(fixture, sizeof fixture, "%s/papers.jsonl", dir);
    snprintf(scratch, sizeof scratch, "%s/scratch.db", dir);
    FILE *fp = fopen(fixture, "w");
    if (!fp)
        abort();
    fputs("{\"title\": \"Graph Neural Networks for Power Grids\", \"authors\": [\"Ada Okafor\", "
          "\"Bo Ruiz\"], \"abstract\": \"Fault localisation with graph networks.\", \"year\": "
          "2021, \"doi\": \"10.1/x\"}\n"
          "{\"title\": \"Sturdy Readers of Publication Lists\", \"authors\": [\"Jörn Müller\", "
          "\"Ada Okafor\"], \"abstract\": \"Parsing pages people copy.\", \"year\": 2019}\n"
          "{\"title\": \"Ranking Papers With BM25\", \"authors\": [\"Bo Ruiz\"], \"year\": 2020, "
          "\"arxiv\": \"2001.00001\"}\n",
          fp);
    fclose(fp);
    char db[128];
    snprintf(db, sizeof db, "%s/fixture.db", dir);
    setenv("PAPERDEX_DB", db, 1);
    setenv("NO_COLOR", "1", 1);
    char *args[] = {"paperdex", "ingest", "--quiet", "--jobs", "1", fixture, NULL};
    int nul = open("/dev/null", O_RDWR);
    if (nul < 0 || dup2(nul, STDIN_FILENO) < 0)
        abort();
    close(nul);
    if (cli_main(6, args) != 0)
        abort();
    return 0;
}

/* A word that could reach outside the temporary directory, or wait on
 * standard input, becomes the fixture's path; so does every file that
 * parse and ingest are given (the working directory is libFuzzer's). */
static const char *tame(const char *w, bool files) {
    if (w[0] == '/' || strstr(w, "..") || strcmp(w, "-") == 0 || strncmp(w, "--db", 4) == 0 ||
        strncmp(w, "--wait", 6) == 0 || (files && w[0] != '-'))
        return fixture;
    return w;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    if (n < 1 || n > 4096)
        return 0;
    char *buf = malloc(n);
    if (!buf)
        return 0;
    memcpy(buf, data + 1, n - 1);
    buf[n - 1] = '\0';
    const char *cmd = commands[data[0] % (sizeof commands / sizeof *commands)];
    char *argv[MAX_WORDS + 6];
    int argc = 0;
    argv[argc++] = "paperdex";
    argv[argc++] = (char *)cmd;
    bool ingest = strcmp(cmd, "ingest") == 0;
    bool files = ingest || strcmp(cmd, "parse") == 0;
    if (ingest) { /* only ever into the scratch database */
        argv[argc++] = "--db";
        argv[argc++] = scratch;
    }
    char *w = buf;
    for (size_t i = 0; i < n && argc < MAX_WORDS + 4; i++) {
        if (buf[i] == '\n' || buf[i] == '\0') {
            buf[i] = '\0';
            argv[argc++] = (char *)tame(w, files);
            w = buf + i + 1;
            if (i + 1 >= n - 1)
                break;
        }
    }
    argv[argc] = NULL;
    fflush(stdout);
    cli_main(argc, argv);
    fflush(stdout);
    free(buf);
    return 0;
}
