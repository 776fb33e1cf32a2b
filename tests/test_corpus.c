/*
 * test_corpus.c — the benchmark's synthetic corpus (tools/corpus.c): the
 * same seed gives the same bytes, and the papers and queries have the
 * statistics corpus.h promises.  (Speed is the benchmark's business,
 * never a unit test's.)
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "corpus.h"
#include "testutil.h"
#include "util/map.h"

/* The corpus of `n` papers from `seed` (and `nq` queries) in memory. */
static char *generate(uint64_t seed, uint64_t n, size_t nq, char **queries) {
    char *buf = NULL, *qbuf = NULL;
    size_t len = 0, qlen = 0;
    FILE *f = open_memstream(&buf, &len);
    pdx_corpus *c = pdx_corpus_new(seed, n);
    assert_non_null(f);
    assert_non_null(c);
    uint64_t k = 0;
    while (pdx_corpus_next_jsonl(c, f))
        k++;
    assert_int_equal(k, n);
    fclose(f);
    if (queries) {
        FILE *q = open_memstream(&qbuf, &qlen);
        assert_true(pdx_corpus_queries(c, q, nq));
        fclose(q);
        *queries = qbuf;
    }
    pdx_corpus_free(c);
    return buf;
}

static void test_sizes_take_k_and_m_and_nothing_else(void **state) {
    (void)state;
    uint64_t n = 7;
    assert_true(pdx_corpus_parse_size(&n, "200000"));
    assert_int_equal(n, 200000);
    assert_true(pdx_corpus_parse_size(&n, "200k"));
    assert_int_equal(n, 200000);
    assert_true(pdx_corpus_parse_size(&n, "1M"));
    assert_int_equal(n, 1000000);
    assert_true(pdx_corpus_parse_size(&n, "3K"));
    assert_int_equal(n, 3000);
    n = 7;
    assert_false(pdx_corpus_parse_size(&n, ""));
    assert_false(pdx_corpus_parse_size(&n, "k"));
    assert_false(pdx_corpus_parse_size(&n, "2G"));
    assert_false(pdx_corpus_parse_size(&n, "2kk"));
    assert_false(pdx_corpus_parse_size(&n, "99999999999999999999"));
    assert_int_equal(n, 7);
}

static void test_same_seed_gives_the_same_bytes(void **state) {
    (void)state;
    char *qa = NULL, *qb = NULL;
    char *a = generate(42, 300, 50, &qa), *b = generate(42, 300, 50, &qb);
    assert_string_equal(a, b);
    assert_string_equal(qa, qb);
    char *c = generate(43, 300, 0, NULL);
    assert_string_not_equal(a, c);
    free(a), free(b), free(c), free(qa), free(qb);
}

static void test_ids_run_from_one_to_n(void **state) {
    (void)state;
    char *a = generate(5, 50, 0, NULL);
    assert_non_null(strstr(a, "{\"id\": \"g00000001\""));
    assert_non_null(strstr(a, "\"id\": \"g00000050\""));
    assert_null(strstr(a, "\"id\": \"g00000051\""));
    free(a);
}

static size_t count_words(const char *s) {
    size_t n = 0;
    bool in = false;
    for (; *s; s++) {
        bool sp = *s == ' ';
        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

static void test_papers_have_the_promised_shape(void **state) {
    (void)state;
    char *text = generate(1, 1000, 0, NULL);
    size_t papers = 0, title_words = 0, accented_names = 0, initials = 0, particles = 0,
           hyphens = 0, inverted = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_error_t err;
        json_t *j = json_loads(line, 0, &err);
        assert_non_null(j);
        const char *title = json_string_value(json_object_get(j, "title"));
        const char *abstract = json_string_value(json_object_get(j, "abstract"));
        const char *date = json_string_value(json_object_get(j, "date"));
        assert_non_null(title);
        assert_non_null(abstract);
        assert_non_null(json_string_value(json_object_get(j, "categories")));
        size_t tw = count_words(title), aw = count_words(abstract);
        assert_in_range(tw, 6, 14);
        assert_in_range(aw, 150, 200);
        title_words += tw;
        int year = atoi(date);
        assert_in_range(year, 1990, 2025);
        json_t *authors = json_object_get(j, "authors");
        assert_in_range(json_array_size(authors), 3, 8);
        size_t i;
        json_t *v;
        json_array_foreach(authors, i, v) {
            const char *name = json_string_value(v);
            for (const char *p = name; *p; p++)
                if ((unsigned char)*p >= 0x80) {
                    accented_names++;
                    break;
                }
            initials += strstr(name, ". ") != NULL;
            inverted += strchr(name, ',') != NULL;
            hyphens += strchr(name, '-') != NULL;
            particles += strstr(name, " van ") || strstr(name, " de ") || strstr(name, " O'") ||
                         strstr(name, " von ");
        }
        papers++;
        json_decref(j);
    }
    assert_int_equal(papers, 1000);
    /* titles of about ten words */
    assert_in_range(title_words, 9 * 1000, 11 * 1000);
    /* every kind of hard name occurs */
    assert_true(accented_names > 100);
    assert_true(initials > 100);
    assert_true(inverted > 50);
    assert_true(hyphens > 20);
    assert_true(particles > 5);
    free(text);
}

/* Counts of each abstract word: Zipf-like means a few very frequent
 * words and many rare ones. */
static void test_vocabulary_is_large_and_skewed(void **state) {
    (void)state;
    char *text = generate(3, 2000, 0, NULL);
    pdx_map counts = PDX_MAP_INIT;
    size_t distinct = 0, tokens = 0, top = 0, once = 0;
    size_t *tally = calloc(1 << 20, sizeof *tally);
    assert_non_null(tally);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_t *j = json_loads(line, 0, NULL);
        const char *a = json_string_value(json_object_get(j, "abstract"));
        for (const char *p = a; *p;) {
            size_t n = strcspn(p, " .,");
            if (n) {
                size_t idx;
                if (!pdx_map__get(&counts, p, n, &idx)) {
                    idx = distinct++;
                    assert_int_equal(pdx_map__put(&counts, p, n, idx), PDX_OK);
                }
                tally[idx]++;
                tokens++;
            }
            p += n;
            p += strspn(p, " .,");
        }
        json_decref(j);
    }
    for (size_t i = 0; i < distinct; i++) {
        if (tally[i] > top)
            top = tally[i];
        once += tally[i] == 1;
    }
    /* 350k tokens: tens of thousands of forms, the commonest word several
     * percent of the text, and a long tail of words seen once */
    assert_true(distinct > 20000);
    assert_true(top * 100 > tokens * 3);
    assert_true(once * 10 > distinct);
    free(tally);
    pdx_map__free(&counts);
    free(text);
}

static void test_queries_are_of_every_kind_and_occur_in_the_corpus(void **state) {
    (void)state;
    char *queries = NULL;
    char *text = generate(9, 2000, 100, &queries);
    size_t kinds[4] = {0};
    char *save = NULL;
    for (char *line = strtok_r(queries, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        const char *q = tab + 1;
        assert_true(*q);
        if (strcmp(line, "word") == 0) {
            kinds[0]++;
            assert_null(strchr(q, ' '));
        } else if (strcmp(line, "words") == 0) {
            kinds[1]++;
            assert_non_null(strchr(q, ' '));
        } else if (strcmp(line, "phrase") == 0) {
            kinds[2]++;
        } else {
            assert_string_equal(line, "author");
            kinds[3]++;
            /* the surname (the last word) is on some paper */
            const char *sp = strrchr(q, ' ');
            assert_non_null(sp);
            assert_non_null(strstr(text, sp + 1));
        }
    }
    assert_int_equal(kinds[0], 30);
    assert_int_equal(kinds[1], 30);
    assert_int_equal(kinds[2], 15);
    assert_int_equal(kinds[3], 25);
    free(queries);
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes_take_k_and_m_and_nothing_else),
        cmocka_unit_test(test_same_seed_gives_the_same_bytes),
        cmocka_unit_test(test_ids_run_from_one_to_n),
        cmocka_unit_test(test_papers_have_the_promised_shape),
        cmocka_unit_test(test_vocabulary_is_large_and_skewed),
        cmocka_unit_test(test_queries_are_of_every_kind_and_occur_in_the_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
