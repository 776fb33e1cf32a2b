/*
 * test_text.c — folding, keys, tokenizing and LaTeX: the functions that
 * make index and query terms meet.  Includes property tests: folding is
 * idempotent, NFC and NFD spellings give the same tokens, and every
 * function survives arbitrary bytes.
 */
#include <stdlib.h>
#include <string.h>

#include <uniwbrk.h>

#include "testutil.h"
#include "text/text.h"
#include "token_record.h"

static char *fold(const char *s, unsigned flags) {
    pdx_buf b = PDX_BUF_INIT;
    pdx_status st = PDX_OK;
    pdx_text__fold(&st, &b, s, strlen(s), flags);
    assert_int_equal(st, PDX_OK);
    return pdx_buf__detach(&b);
}

static char *key(const char *s) {
    pdx_buf b = PDX_BUF_INIT;
    pdx_status st = PDX_OK;
    pdx_text__key(&st, &b, s, strlen(s));
    assert_int_equal(st, PDX_OK);
    return pdx_buf__detach(&b);
}

static char *latex(const char *s) {
    pdx_buf b = PDX_BUF_INIT;
    pdx_status st = PDX_OK;
    pdx_text__latex(&st, &b, s, strlen(s));
    assert_int_equal(st, PDX_OK);
    return pdx_buf__detach(&b);
}

#define ASSERT_FOLD(in, flags, want)          \
    do {                                      \
        char *got_ = fold(in, flags);         \
        assert_string_equal(got_, want);      \
        free(got_);                           \
    } while (0)

#define ASSERT_KEY(in, want)              \
    do {                                  \
        char *got_ = key(in);             \
        assert_string_equal(got_, want);  \
        free(got_);                       \
    } while (0)

#define ASSERT_LATEX(in, want)            \
    do {                                  \
        char *got_ = latex(in);           \
        assert_string_equal(got_, want);  \
        free(got_);                       \
    } while (0)

static void test_case_folding_keeps_accents_and_accent_folding_drops_them(void **state) {
    (void)state;
    ASSERT_FOLD("Jörn", PDX_FOLD_CASE, "jörn");
    ASSERT_FOLD("Jörn", PDX_FOLD_CASE | PDX_FOLD_ACCENTS, "jorn");
    ASSERT_FOLD("JÖRN", PDX_FOLD_CASE | PDX_FOLD_ACCENTS, "jorn");
    ASSERT_FOLD("Straße", PDX_FOLD_CASE, "strasse");
    ASSERT_FOLD("Łukasz Øster Đorđe", PDX_FOLD_CASE | PDX_FOLD_ACCENTS, "lukasz oster dorde");
    ASSERT_FOLD("Æsir Œuvre Þór", PDX_FOLD_CASE | PDX_FOLD_ACCENTS, "aesir oeuvre thor");
    /* Turkish dotless and dotted i both become i */
    ASSERT_FOLD("ılık İstanbul", PDX_FOLD_CASE | PDX_FOLD_ACCENTS, "ilik istanbul");
    /* Greek and Cyrillic lose their accents, keep their letters */
    ASSERT_FOLD("Ελλάδα", PDX_FOLD_CASE | PDX_FOLD_ACCENTS, "ελλαδα");
    ASSERT_FOLD("Йошкар", PDX_FOLD_CASE | PDX_FOLD_ACCENTS, "иошкар");
    /* CJK passes through; full-width forms are NFKC-folded */
    ASSERT_FOLD("山田太郎", PDX_FOLD_CASE | PDX_FOLD_ACCENTS, "山田太郎");
    ASSERT_FOLD("ＧＰＴ", PDX_FOLD_CASE, "gpt");
    /* Korean syllables survive the NFD round trip */
    ASSERT_FOLD("김민준", PDX_FOLD_CASE | PDX_FOLD_ACCENTS, "김민준");
}

static void test_apostrophes_and_dashes_are_unified(void **state) {
    (void)state;
    ASSERT_FOLD("O’Keefe", PDX_FOLD_CASE, "o'keefe");
    ASSERT_FOLD("O’Keefe", PDX_FOLD_CASE | PDX_FOLD_ACCENTS, "okeefe");
    ASSERT_FOLD("O'keefe", PDX_FOLD_CASE | PDX_FOLD_ACCENTS, "okeefe");
    ASSERT_FOLD("Th'eo", PDX_FOLD_CASE | PDX_FOLD_ACCENTS, "theo");
    ASSERT_FOLD("a–b", PDX_FOLD_CASE, "a-b");
    ASSERT_KEY("O’Keefe", "okeefe");
    ASSERT_KEY("OKeefe", "okeefe");
}

static void test_keys_ignore_case_accents_hyphens_and_spacing(void **state) {
    (void)state;
    ASSERT_KEY("Jörn-Henrik Jacobsen", "jorn henrik jacobsen");
    ASSERT_KEY("  jorn henrik   JACOBSEN ", "jorn henrik jacobsen");
    ASSERT_KEY("Jo\xcc\x88rn", "jorn"); /* NFD input */
    ASSERT_KEY("", "");
    ASSERT_KEY("—", "");
}

typedef struct collected {
    char words[64][64];
    unsigned pos[64];
    unsigned flags[64];
    size_t n;
} collected;

static pdx_status collect(const pdx_token *t, void *payload) {
    collected *c = payload;
    if (c->n < 64) {
        size_t n = t->n_plain < 63 ? t->n_plain : 63;
        memcpy(c->words[c->n], t->plain, n);
        c->words[c->n][n] = '\0';
        c->pos[c->n] = t->pos;
        c->flags[c->n] = t->flags;
        c->n++;
    }
    return PDX_OK;
}

static collected tokens(const char *s) {
    collected c;
    memset(&c, 0, sizeof c);
    pdx_tokenizer tz = PDX_TOKENIZER_INIT;
    assert_int_equal(pdx_text__tokenize(&tz, s, strlen(s), 1, NULL, collect, &c), PDX_OK);
    pdx_text__tokenizer_free(&tz);
    return c;
}

static bool has_word(const collected *c, const char *w, unsigned flags) {
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->words[i], w) == 0 && c->flags[i] == flags)
            return true;
    return false;
}

static void test_technical_terms_are_found_whole_and_by_parts(void **state) {
    (void)state;
    collected c = tokens("We fine-tune BERT-base with k-means on GPT-4 outputs in O(n) time and 3D.");
    assert_true(has_word(&c, "bert", 0));
    assert_true(has_word(&c, "base", 0));
    assert_true(has_word(&c, "bertbase", PDX_TOK_COMPOUND));
    assert_true(has_word(&c, "kmeans", PDX_TOK_COMPOUND));
    assert_true(has_word(&c, "gpt4", PDX_TOK_COMPOUND));
    assert_true(has_word(&c, "4", 0));
    assert_true(has_word(&c, "o(n)", PDX_TOK_COMPOUND));
    assert_true(has_word(&c, "3d", 0));
    assert_true(has_word(&c, "finetune", PDX_TOK_COMPOUND));
    /* a compound shares its first part's position */
    for (size_t i = 0; i < c.n; i++)
        if (strcmp(c.words[i], "bertbase") == 0)
            for (size_t j = 0; j < c.n; j++)
                if (strcmp(c.words[j], "bert") == 0)
                    assert_int_equal(c.pos[i], c.pos[j]);
}

static void test_words_get_consecutive_positions_from_the_first(void **state) {
    (void)state;
    collected c;
    memset(&c, 0, sizeof c);
    pdx_tokenizer tz = PDX_TOKENIZER_INIT;
    unsigned next = 0;
    const char *s = "Don’t stop: 3.5 times, e.g. here";
    assert_int_equal(pdx_text__tokenize(&tz, s, strlen(s), 10, &next, collect, &c), PDX_OK);
    pdx_text__tokenizer_free(&tz);
    assert_string_equal(c.words[0], "dont");
    assert_int_equal(c.pos[0], 10);
    assert_string_equal(c.words[1], "stop");
    assert_int_equal(c.pos[1], 11);
    assert_string_equal(c.words[2], "3.5");
    assert_int_equal(next, 10 + 6); /* dont stop 3.5 times e.g here */
}

static void test_nfc_and_nfd_spellings_tokenize_identically(void **state) {
    (void)state;
    collected a = tokens("Jörn Šrámek résumé Ångström");
    collected b = tokens("Jo\xcc\x88rn S\xcc\x8cra\xcc\x81mek re\xcc\x81sume\xcc\x81 A\xcc\x8angstro\xcc\x88m");
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++)
        assert_string_equal(a.words[i], b.words[i]);
}

static void test_folding_is_idempotent(void **state) {
    (void)state;
    const char *samples[] = {"Jörn-Henrik", "O’Keefe", "Straße ŁØ", "ﬁnance ﬀ", "İı", "ΣΊΣΥΦΟΣ", "Ǆemal", NULL};
    for (size_t i = 0; samples[i]; i++) {
        for (unsigned flags = 1; flags <= 3; flags++) {
            char *once = fold(samples[i], flags);
            char *twice = fold(once, flags);
            assert_string_equal(once, twice);
            free(once);
            free(twice);
        }
    }
}

static pdx_status count_only(const pdx_token *t, void *payload) {
    (void)t;
    (*(size_t *)payload)++;
    return PDX_OK;
}

static void test_every_function_survives_arbitrary_bytes(void **state) {
    (void)state;
    unsigned seed = 12345;
    unsigned char buf[512];
    pdx_tokenizer tz = PDX_TOKENIZER_INIT;
    for (int round = 0; round < 400; round++) {
        size_t n = (size_t)(rand_r(&seed) % sizeof buf);
        for (size_t i = 0; i < n; i++)
            buf[i] = (unsigned char)rand_r(&seed);
        /* sprinkle LaTeX and UTF-8 lead bytes to reach deeper paths */
        if (n > 4 && round % 3 == 0)
            memcpy(buf + n / 2, "{\\\"", 3);
        if (n > 8 && round % 5 == 0)
            memcpy(buf + n / 3, "\xc3\xa9$\\a", 5);
        pdx_status st = PDX_OK;
        pdx_buf b = PDX_BUF_INIT;
        pdx_text__fold(&st, &b, (const char *)buf, n, PDX_FOLD_CASE | PDX_FOLD_ACCENTS);
        pdx_text__key(&st, &b, (const char *)buf, n);
        pdx_text__latex(&st, &b, (const char *)buf, n);
        assert_int_equal(st, PDX_OK);
        /* what comes out is always valid UTF-8 */
        assert_int_equal(pdx_text__check(b.p ? b.p : "", b.n), b.n);
        pdx_buf__free(&b);
        size_t count = 0;
        assert_int_equal(pdx_text__tokenize(&tz, (const char *)buf, n, 1, NULL, count_only, &count), PDX_OK);
    }
    pdx_text__tokenizer_free(&tz);
}

/* pdx_text__wordbreaks must give libunistring's breaks exactly: every
 * ASCII string of up to five characters drawn from one member of each
 * Word_Break class (and a few Others), long random ASCII ones, and random
 * mixes of ASCII and the non-ASCII classes. */
static void compare_breaks(const char *s, size_t n) {
    char want[64], got[64];
    u8_wordbreaks((const uint8_t *)s, n, want);
    memset(got, 7, sizeof got);
    pdx_text__wordbreaks(s, n, got);
    if (memcmp(want, got, n) != 0) {
        for (size_t i = 0; i < n; i++)
            print_error("%02x:%d/%d ", (unsigned char)s[i], want[i], got[i]);
        fail_msg("breaks differ from u8_wordbreaks (byte: want/got)");
    }
}

static void test_word_breaks_are_libunistrings(void **state) {
    (void)state;
    static const char alpha[] = "aZ09.:,;'_ -\n\r\"()\v\f#\x7f\t";
    const size_t m = sizeof alpha - 1;
    char s[64];
    for (size_t n = 1; n <= 5; n++) {
        size_t total = 1;
        for (size_t i = 0; i < n; i++)
            total *= m;
        for (size_t k = 0; k < total; k++) {
            size_t x = k;
            for (size_t i = 0; i < n; i++, x /= m)
                s[i] = alpha[x % m];
            compare_breaks(s, n);
        }
    }
    unsigned seed = 99;
    for (int round = 0; round < 20000; round++) {
        size_t n = 1 + (size_t)(rand_r(&seed) % sizeof s);
        for (size_t i = 0; i < n; i++)
            s[i] = (char)(1 + rand_r(&seed) % 127);
        compare_breaks(s, n);
    }
    /* Mixed text: ASCII around characters of the classes UAX #29 treats
     * specially — letters, a combining mark (Extend), a soft hyphen
     * (Format), ZWJ, a regional indicator, Hebrew, Katakana, ’ (MidNumLet),
     * an ideographic space (WSegSpace), an emoji (Extended_Pictographic). */
    static const char *const bits[] = {
        "a", "Z", "7", " ", "  ", ".", ":", ",", "'", "_", "-", "\n", "\r", "(", "\"",
        "\xc3\xa9", "\xcc\x81", "\xc2\xad", "\xe2\x80\x8d", "\xf0\x9f\x87\xa6",
        "\xd7\x90", "\xe3\x82\xa2", "\xe2\x80\x99", "\xe3\x80\x80", "\xf0\x9f\x91\x8d",
        "\xe2\x80\x94", "\xd9\xa0",
    };
    const size_t nb = sizeof bits / sizeof *bits;
    for (int round = 0; round < 100000; round++) {
        size_t n = 0;
        size_t parts = 1 + (size_t)(rand_r(&seed) % 14);
        for (size_t i = 0; i < parts; i++) {
            const char *b = bits[rand_r(&seed) % nb];
            memcpy(s + n, b, strlen(b));
            n += strlen(b);
        }
        compare_breaks(s, n);
    }
}

/* A tokenizer with the fold cache gives the same tokens as one without:
 * several thousand distinct accented words (more than the cache holds,
 * so entries collide and are replaced), each met many times, some too
 * long to cache, some whose plain form differs from the exact one only
 * by an apostrophe or a spelled-out letter. */
static void test_fold_cache_changes_no_token(void **state) {
    (void)state;
    static const char *const parts[] = {
        "Jö", "rn", "é", "Šrá", "mek", "ß", "ﬁ", "O’", "Ł", "ø", "ΣΊ", "ΣΟΣ", "İ", "x", "ñ", "Ǆe",
        "abcdefghijklmnopqrstuvwxyz", "-", "å",
    };
    const size_t np = sizeof parts / sizeof *parts;
    pdx_tokenizer cached = PDX_TOKENIZER_INIT, plain = PDX_TOKENIZER_INIT;
    assert_int_equal(pdx_text__tokenizer_cache(&cached), PDX_OK);
    unsigned seed = 2024;
    pdx_status st = PDX_OK;
    for (int round = 0; round < 400; round++) {
        pdx_buf text = PDX_BUF_INIT, a = PDX_BUF_INIT, b = PDX_BUF_INIT;
        for (int w = 0; w < 60; w++) {
            /* a Zipf-like mix: small ids often, up to 4,000 distinct */
            unsigned id = (unsigned)rand_r(&seed) % (1u + (unsigned)rand_r(&seed) % 4000u);
            for (unsigned k = 0; k < 3; k++, id /= (unsigned)np)
                pdx_buf__adds(&st, &text, parts[id % np]);
            pdx_buf__addc(&st, &text, ' ');
        }
        assert_int_equal(st, PDX_OK);
        assert_int_equal(pdx_text__tokenize(&cached, text.p, text.n, 1, NULL,
                                            pdx_test__record_token, &a),
                         PDX_OK);
        assert_int_equal(pdx_text__tokenize(&plain, text.p, text.n, 1, NULL,
                                            pdx_test__record_token, &b),
                         PDX_OK);
        assert_true(a.n > 0);
        assert_string_equal(pdx_buf__str(&a), pdx_buf__str(&b));
        pdx_buf__free(&text);
        pdx_buf__free(&a);
        pdx_buf__free(&b);
    }
    pdx_text__tokenizer_free(&cached);
    pdx_text__tokenizer_free(&plain);
}

/* Keys of plain ASCII words take a short cut; a full stop at the end
 * (no word, but not plain) sends the same text down the tokenizer, and
 * both must agree. */
static void test_plain_ascii_keys_match_the_tokenizers(void **state) {
    (void)state;
    static const char alpha[] = "aQz09 ";
    unsigned seed = 7;
    char s[40];
    for (int round = 0; round < 5000; round++) {
        size_t n = (size_t)(rand_r(&seed) % (sizeof s - 2));
        for (size_t i = 0; i < n; i++)
            s[i] = alpha[rand_r(&seed) % (sizeof alpha - 1)];
        s[n] = '\0';
        char *plain = key(s);
        s[n] = '.';
        s[n + 1] = '\0';
        char *dotted = key(s);
        assert_string_equal(plain, dotted);
        free(plain);
        free(dotted);
    }
    ASSERT_KEY("  GPT4 and  BERT ", "gpt4 and bert");
    ASSERT_KEY("   ", "");
}

static void test_latex_accents_and_letters_are_decoded(void **state) {
    (void)state;
    ASSERT_LATEX("J\\\"org", "Jörg");
    ASSERT_LATEX("{\\\"O}zt{\\\"u}rk", "Öztürk");
    ASSERT_LATEX("\\\"{o}", "ö");
    ASSERT_LATEX("Bal\\'azs", "Balázs");
    ASSERT_LATEX("\\v{S}r\\'amek", "Šrámek");
    ASSERT_LATEX("Fran\\c{c}ois", "François");
    ASSERT_LATEX("{\\ss}", "ß");
    ASSERT_LATEX("\\l{}ukasz \\L ukasz", "łukasz Łukasz");
    ASSERT_LATEX("{\\O}bro \\o", "Øbro ø");
    ASSERT_LATEX("\\aa ngstr\\\"om", "ångström");
    ASSERT_LATEX("It\\^o", "Itô");
    ASSERT_LATEX("\\'{\\i}", "í");
    ASSERT_LATEX("pages 1--10 --- done", "pages 1–10 — done");
    ASSERT_LATEX("A.~Smith", "A. Smith");
    ASSERT_LATEX("e.g.\\ instance", "e.g. instance");
    /* biblatex's hyphen and the dashes Beebe's .bib files use */
    ASSERT_LATEX("methodology\\hyphen independent", "methodology-independent");
    ASSERT_LATEX("Publishing\\emdash{}Origination", "Publishing—Origination");
    ASSERT_LATEX("1736\\endash 1739", "1736–1739");
}

static void test_latex_math_stays_searchable(void **state) {
    (void)state;
    ASSERT_LATEX("$\\alpha$-stable", "α-stable");
    char *s = latex("in $O(n \\log n)$ time");
    collected c = tokens(s);
    free(s);
    assert_true(has_word(&c, "log", 0));
    assert_true(has_word(&c, "n", 0));
    assert_false(pdx_text__has_latex("plain text (with parens)", 24));
    assert_true(pdx_text__has_latex("J\\\"org", 6));
}

/* `\sin^2 2\theta_{23}` outside $...$ showed as "^2 2θ_23": the operator
 * name was dropped like an unknown command. */
static void test_latex_math_operators_keep_their_names(void **state) {
    (void)state;
    ASSERT_LATEX("\\sin^2 2\\theta_{23}", "sin^2 2θ_23");
    ASSERT_LATEX("\\log n and \\exp(x)", "log n and exp(x)");
    ASSERT_LATEX("a\\cos\\theta", "a cos θ");
    ASSERT_LATEX("\\max_i \\min_j \\lim \\det A \\ln 2", "max_i min_j lim det A ln 2");
    /* in math the name is kept too, apart from its neighbours */
    char *s = latex("$\\sin^2 2\\theta_{23}$");
    collected c = tokens(s);
    free(s);
    assert_true(has_word(&c, "sin", 0));
    /* a command that is no operator still vanishes outside math */
    ASSERT_LATEX("\\emph{sine} \\sine", "sine ");
}

static void test_stopwords_are_the_function_words_only(void **state) {
    (void)state;
    assert_true(pdx_text__is_stopword("the", 3));
    assert_true(pdx_text__is_stopword("of", 2));
    assert_true(pdx_text__is_stopword("which", 5));
    assert_true(pdx_text__is_stopword("your", 4));
    assert_true(pdx_text__is_stopword("a", 1));
    assert_false(pdx_text__is_stopword("graph", 5));
    assert_false(pdx_text__is_stopword("them2", 5));
    assert_false(pdx_text__is_stopword("", 0));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_folding_keeps_accents_and_accent_folding_drops_them),
        cmocka_unit_test(test_apostrophes_and_dashes_are_unified),
        cmocka_unit_test(test_keys_ignore_case_accents_hyphens_and_spacing),
        cmocka_unit_test(test_technical_terms_are_found_whole_and_by_parts),
        cmocka_unit_test(test_words_get_consecutive_positions_from_the_first),
        cmocka_unit_test(test_nfc_and_nfd_spellings_tokenize_identically),
        cmocka_unit_test(test_folding_is_idempotent),
        cmocka_unit_test(test_every_function_survives_arbitrary_bytes),
        cmocka_unit_test(test_word_breaks_are_libunistrings),
        cmocka_unit_test(test_plain_ascii_keys_match_the_tokenizers),
        cmocka_unit_test(test_fold_cache_changes_no_token),
        cmocka_unit_test(test_latex_accents_and_letters_are_decoded),
        cmocka_unit_test(test_latex_math_stays_searchable),
        cmocka_unit_test(test_latex_math_operators_keep_their_names),
        cmocka_unit_test(test_stopwords_are_the_function_words_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
