/*
 * shape.c — line shapes of copied web pages (the "lines" half of shape.h):
 * dates, years, venues, headings, prose, titles, the classification of a
 * line and the statistics the page sniffers count.
 *
 * Every page reader's sniffer classifies lines with pdx_shape__classify(),
 * and the readers ask the single shapes.  Whether a line is a person's
 * name, and what a word looks like as part of one, is shape_name.c's.
 */
#include "ingest/shape.h"

#include <stdio.h>
#include <string.h>

#include "ingest/page.h"
#include "ingest/pagetext.h"
#include "text/text.h"

/* ---- dates ------------------------------------------------------------ */

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const month_names[] = {"January", "February", "March",     "April",
                                          "May",     "June",     "July",      "August",
                                          "September", "October", "November", "December"};

/* The month named at s[0..n) ("Oct", "Sept.", "October"); sets *used to
 * the bytes it took.  0 when none. */
static int month_at(const char *s, size_t n, size_t *used) {
    for (int m = 0; m < 12; m++) {
        size_t fl = strlen(month_names[m]);
        if (n >= fl && memcmp(s, month_names[m], fl) == 0) {
            *used = fl;
            return m + 1;
        }
        if (n >= 3 && memcmp(s, months[m], 3) == 0) {
            size_t i = 3;
            if (m == 8 && i < n && s[i] == 't') /* Sept */
                i++;
            if (i < n && s[i] == '.')
                i++;
            *used = i;
            return m + 1;
        }
    }
    return 0;
}

static size_t digits(const char *s, size_t n, size_t max, int *value) {
    size_t i = 0;
    *value = 0;
    while (i < n && i < max && s[i] >= '0' && s[i] <= '9')
        *value = *value * 10 + (s[i++] - '0');
    return i;
}

/* Parses "Oct 2, 2019", "Sept 2, 2019", "October 2, 2019" or "Jan 27"
 * at s[0..n), optionally followed by "Code".  Fills an ISO date into
 * `date` ("2019-10-02" or "--01-27"). */
static bool parse_month_day(const char *s, size_t n, char date[16], bool *code) {
    size_t i = 0;
    int month = month_at(s, n, &i);
    if (!month || i >= n || s[i] != ' ')
        return false;
    i++;
    int day = 0;
    size_t dd = digits(s + i, n - i, 2, &day);
    i += dd;
    if (!dd || day < 1 || day > 31)
        return false;
    int year = 0;
    if (i + 1 < n && s[i] == ',' && s[i + 1] == ' ') {
        size_t yd = digits(s + i + 2, n - i - 2, 4, &year);
        if (yd != 4)
            return false;
        i += 2 + yd;
    }
    *code = false;
    while (i < n && s[i] == ' ')
        i++;
    if (n - i >= 4 && memcmp(s + i, "Code", 4) == 0) {
        *code = true;
        i += 4;
    }
    while (i < n && s[i] == ' ')
        i++;
    if (i != n)
        return false;
    if (year)
        snprintf(date, 16, "%04u-%02u-%02u", (unsigned)year % 10000u, (unsigned)month % 100u,
                 (unsigned)day % 100u);
    else
        snprintf(date, 16, "--%02u-%02u", (unsigned)month % 100u, (unsigned)day % 100u);
    return true;
}

bool pdx_shape__listing_date(const char *s, size_t n, size_t *cat_len, char date[16], bool *code) {
    if (n < 5 || n > 64)
        return false;
    for (size_t i = 0; i < n && i <= 24; i++) {
        char c = s[i];
        if (i > 0 && c >= 'A' && c <= 'Z' && parse_month_day(s + i, n - i, date, code)) {
            *cat_len = i;
            return true;
        }
        if (i == 0 && parse_month_day(s, n, date, code)) {
            *cat_len = 0;
            return true;
        }
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '-'))
            return false;
    }
    return false;
}

void pdx_shape__trim(const char **s, size_t *n) {
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

bool pdx_shape__date_line(const char *s, size_t n, char date[16]) {
    pdx_shape__trim(&s, &n);
    int y = 0, m = 0, d = 0;
    /* ISO: 2018-07-03, 2018-07 */
    if ((n == 10 || n == 7) && digits(s, n, 4, &y) == 4 && s[4] == '-' &&
        digits(s + 5, n - 5, 2, &m) == 2 && m >= 1 && m <= 12) {
        if (n == 7) {
            snprintf(date, 16, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
            return true;
        }
        if (s[7] == '-' && digits(s + 8, 2, 2, &d) == 2 && d >= 1 && d <= 31) {
            snprintf(date, 16, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
                     (unsigned)d % 100u);
            return true;
        }
        return false;
    }
    /* "July 3, 2018", "Jul 3, 2018", "Jan 27" */
    bool code = false;
    if (parse_month_day(s, n, date, &code))
        return !code;
    /* "July 2018", "Jul. 2018" */
    size_t used = 0;
    m = month_at(s, n, &used);
    if (m && used + 5 == n && s[used] == ' ' && digits(s + used + 1, 4, 4, &y) == 4) {
        snprintf(date, 16, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
        return true;
    }
    /* "3 July 2018" */
    size_t i = digits(s, n, 2, &d);
    if (i && d >= 1 && d <= 31 && i < n && s[i] == ' ') {
        size_t used = 0;
        i++;
        m = month_at(s + i, n - i, &used);
        i += used;
        if (m && i + 5 == n && s[i] == ' ' && digits(s + i + 1, 4, 4, &y) == 4) {
            snprintf(date, 16, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
                     (unsigned)d % 100u);
            return true;
        }
    }
    return false;
}

int pdx_shape__year_line(const char *s, size_t n) {
    pdx_shape__trim(&s, &n);
    int y = 0;
    if (n == 4 && digits(s, 4, 4, &y) == 4 && y >= 1900 && y <= 2099)
        return y;
    return 0;
}

/* ---- lines -------------------------------------------------------------- */

/* ASCII case-insensitive prefix test. */
static bool starts_ci(const char *s, size_t n, const char *pfx) {
    size_t k = strlen(pfx);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++) {
        char a = s[i], b = pfx[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return false;
    }
    return true;
}

static bool contains(const char *s, size_t n, const char *what) {
    size_t k = strlen(what);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, what, k) == 0)
            return true;
    return false;
}

size_t pdx_shape__cut_marker(const char *s, size_t n) {
    /* "…label cor… (see mo": an ellipsis, an optional space, then "(" and
     * any beginning of "see more)"; the page's copy stopped inside the
     * link.  An ellipsis alone is not enough: titles and news end in one. */
    static const char rest[] = "(see more)";
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    size_t k = sizeof rest - 1;
    for (; k >= 1; k--)
        if (n >= k && memcmp(s + n - k, rest, k) == 0)
            break;
    if (k == 0)
        return 0;
    size_t at = n - k;
    size_t sp = at && s[at - 1] == ' ' ? 1 : 0;
    if (at < sp + 3)
        return 0;
    if (memcmp(s + at - sp - 3, "\xE2\x80\xA6", 3) == 0 || memcmp(s + at - sp - 3, "...", 3) == 0)
        return k + sp + 3;
    /* without an ellipsis only the whole link counts: "…weights (see more)" */
    return k == sizeof rest - 1 ? k + sp : 0;
}

bool pdx_shape__has_see_more(const char *s, size_t n) {
    return contains(s, n, "(see more)") || pdx_shape__cut_marker(s, n) > 0;
}

/* Capitalised words that name meetings and periodicals, and their
 * sponsors. */
static const char *const venue_words[] = {"Conference", "Symposium", "Workshop", "Proceedings",
                                          "Journal", "Transactions", "Letters", NULL};
static const char *const sponsor_words[] = {"International", "Annual", "ACM", "IEEE", "AAAI",
                                            "ACL", "SIAM", "USENIX", NULL};

/* True when one of `list` is a whole word of s[0..n). */
static bool has_word(const char *s, size_t n, const char *const *list) {
    for (size_t i = 0; list[i]; i++) {
        size_t k = strlen(list[i]);
        for (size_t j = 0; j + k <= n; j++)
            if (memcmp(s + j, list[i], k) == 0 && (j == 0 || s[j - 1] == ' ') &&
                (j + k == n || s[j + k] == ' ' || s[j + k] == ','))
                return true;
    }
    return false;
}

/* True when s[0..n) holds a four-digit year (19xx or 20xx) as a word. */
static bool has_year(const char *s, size_t n) {
    for (size_t j = 0; j + 4 <= n; j++) {
        int y = 0;
        if ((j == 0 || s[j - 1] == ' ' || s[j - 1] == '\'') && digits(s + j, n - j, 4, &y) == 4 &&
            y >= 1900 && y <= 2099 && (j + 4 == n || !(s[j + 4] >= '0' && s[j + 4] <= '9')))
            return true;
    }
    return false;
}

bool pdx_shape__venue_line(const char *s, size_t n, size_t *venue_len) {
    /* the publication status some sites print after the venue */
    static const char *const status[] = {"(published)", "(accepted)",  "(to appear)",
                                         "(in press)",  "(forthcoming)", "(submitted)",
                                         "(under review)"};
    static const char *const starts[] = {"proceedings of ", "in proceedings of ", "journal of ",
                                         "transactions on ", "arxiv preprint"};
    pdx_shape__trim(&s, &n);
    size_t w = pdx_shape__words(s, n);
    if (w == 0 || w > 25 || pdx_shape__has_see_more(s, n))
        return false;
    for (size_t i = 0; i < sizeof status / sizeof *status; i++) {
        size_t k = strlen(status[i]);
        if (n > k + 1 && starts_ci(s + n - k, k, status[i])) {
            size_t v = n - k;
            while (v && s[v - 1] == ' ')
                v--;
            *venue_len = v;
            return v > 0;
        }
    }
    bool venue = false;
    for (size_t i = 0; i < sizeof starts / sizeof *starts; i++)
        venue |= starts_ci(s, n, starts[i]);
    /* "International Conference on Machine Learning 2019", "ACL Workshop
     * on Loom Semantics": a venue word and a year or a sponsor */
    if (!venue && w <= 15 && (has_word(s, n, venue_words) && (has_year(s, n) ||
                                                              has_word(s, n, sponsor_words))))
        venue = true;
    if (!venue)
        return false;
    *venue_len = n;
    while (*venue_len && s[*venue_len - 1] == '.')
        (*venue_len)--;
    return true;
}

/* The year in s[0..4), or 0. */
static int year4(const char *s) {
    int y = 0;
    return digits(s, 4, 4, &y) == 4 && y >= 1900 && y <= 2099 ? y : 0;
}

int pdx_shape__venue_year(const char *s, size_t n, size_t *venue_len) {
    *venue_len = 0;
    const char *tab = memchr(s, '\t', n);
    size_t head = tab ? (size_t)(tab - s) : n;
    int year = 0;
    for (size_t i = head; i < n;) { /* the cells: "⇥152⇥2019" */
        size_t a = i + 1, b = a;
        while (b < n && s[b] != '\t')
            b++;
        const char *c = s + a;
        size_t cn = b - a;
        pdx_shape__trim(&c, &cn);
        for (size_t k = 0; k < cn; k++)
            if (!((c[k] >= '0' && c[k] <= '9') || c[k] == ',' || c[k] == '.' || c[k] == '*' ||
                  c[k] == '+'))
                return 0;
        if (cn == 4 && year4(c))
            year = year4(c);
        i = b;
    }
    const char *v = s;
    size_t e = head;
    pdx_shape__trim(&v, &e);
    /* links after the venue: "… 2019. [pdf] [code]" */
    while (e && v[e - 1] == ']') {
        size_t k = e - 1;
        while (k && v[k - 1] != '[' && e - k < 12)
            k--;
        if (!k || v[k - 1] != '[')
            break;
        e = k - 1;
        while (e && v[e - 1] == ' ')
            e--;
    }
    while (e && v[e - 1] == '.')
        e--;
    int own = 0;
    size_t vend = e;
    if (e >= 6 && v[e - 6] == ',' && v[e - 5] == ' ' && (own = year4(v + e - 4)))
        vend = e - 6; /* "…, 2019" */
    else if (e >= 7 && v[e - 1] == ')' && v[e - 6] == '(' && (own = year4(v + e - 5)))
        vend = e - 6; /* "… (2019)" */
    if (!tab && !own)
        return 0;
    if (!year)
        year = own;
    if (!year)
        return 0;
    while (vend && v[vend - 1] == ' ')
        vend--;
    *venue_len = vend ? (size_t)(v + vend - s) : 0;
    return year;
}

/* A short label cell: "Title", "Cited by". */
static bool label_cell(const char *c, size_t cn) {
    if (!cn || cn > 32 || !((c[0] | 0x20) >= 'a' && (c[0] | 0x20) <= 'z'))
        return false;
    for (size_t k = 0; k < cn; k++)
        if ((c[k] >= '0' && c[k] <= '9') || strchr(".,:;?!()[]\"", c[k]))
            return false;
    size_t w = pdx_shape__words(c, cn);
    return w >= 1 && w <= 3;
}

bool pdx_shape__column_labels(const char *s, size_t n) {
    size_t cells = 0;
    for (size_t i = 0; i <= n;) {
        size_t b = i;
        while (b < n && s[b] != '\t')
            b++;
        const char *c = s + i;
        size_t cn = b - i;
        pdx_shape__trim(&c, &cn);
        if (cn && !label_cell(c, cn))
            return false;
        cells += cn > 0;
        i = b + 1;
    }
    return cells >= 2;
}

bool pdx_shape__heading(const char *s, size_t n) {
    /* Words that head a list of papers on researcher and institute pages. */
    static const char *const headings[] = {
        "publications", "selected publications", "recent publications", "all publications",
        "publication list", "list of publications", "papers", "selected papers",
        "recent papers", "research papers", "articles", "journal articles",
        "conference papers", "preprints", "bibliography",
    };
    pdx_shape__trim(&s, &n);
    /* "Publications (12)", "Publications:" */
    if (n && s[n - 1] == ')') {
        size_t k = n;
        while (k && s[k - 1] != '(')
            k--;
        if (k)
            n = k - 1;
    }
    while (n && (s[n - 1] == ':' || s[n - 1] == ' '))
        n--;
    if (n == 0 || n > 40)
        return false;
    for (size_t i = 0; i < sizeof headings / sizeof *headings; i++)
        if (strlen(headings[i]) == n && starts_ci(s, n, headings[i]))
            return true;
    return false;
}

bool pdx_shape__prose(const char *s, size_t n, size_t min_words) {
    size_t words = 0, lower_words = 0;
    /* a preview cut before its link ends a sentence too: "… of the Euclide…" */
    bool sentence = pdx_shape__has_see_more(s, n) ||
                    (n >= 3 && (memcmp(s + n - 3, "\xE2\x80\xA6", 3) == 0 || memcmp(s + n - 3, "...", 3) == 0));
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t a = i;
        while (i < n && s[i] != ' ')
            i++;
        words++;
        uint32_t c;
        pdx_text__decode(s + a, i - a, &c);
        if (pdx_shape__is_lower(c))
            lower_words++;
        char last = s[i - 1];
        if ((last == '.' || last == '?' || last == '!' || last == ';') && i - a > 2)
            sentence = true;
    }
    return words >= min_words && sentence && lower_words * 5 >= words * 2;
}

/* True when s[0..n) starts with " " and the number of a part in a series
 * of papers, roman or arabic, then '.', ':' or ',': the period before it
 * ends a title's part, not a sentence.
 *   "… southern extra-solar planets. IX. Exoplanets orbiting …"
 *   "… of looms. 2: Warp tension" */
static bool series_number(const char *s, size_t n) {
    if (n < 2 || s[0] != ' ')
        return false;
    size_t i = 1;
    static const char *const words[] = {"Chapter ", "Part ", "Paper ", "Section ", NULL};
    for (size_t k = 0; words[k]; k++)
        if (n > strlen(words[k]) + 1 && memcmp(s + 1, words[k], strlen(words[k])) == 0)
            i += strlen(words[k]);
    size_t from = i;
    bool roman = true, arabic = true;
    while (i < n && s[i] != '.' && s[i] != ':' && s[i] != ',' && s[i] != ' ') {
        roman &= strchr("IVXLC", s[i]) != NULL;
        arabic &= s[i] >= '0' && s[i] <= '9';
        i++;
    }
    return i > from && i - from <= 6 && (roman || arabic);
}

/* True when s[0..n) is a roman numeral of a series: "VIII", "IX". */
static bool roman_word(const char *s, size_t n) {
    if (!n || n > 6)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("IVXLC", s[i]))
            return false;
    return true;
}

/* True when most words of four letters or more are capitalised, as in
 * titles and not in sentences: "Universe Without Singularities. A Group
 * Approach to De Sitter Cosmology". */
static bool title_case(const char *s, size_t n) {
    size_t long_words = 0, caps = 0;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && s[e] != ' ')
            e++;
        if (e - i >= 4) {
            long_words++;
            caps += s[i] >= 'A' && s[i] <= 'Z';
        }
        i = e + 1;
    }
    return long_words >= 3 && caps * 4 >= long_words * 3;
}

bool pdx_shape__wordy(const char *s, size_t n) {
    size_t words = 0, letters = 0, marks = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        size_t a = i, wl = 0, wc = 0, caps = 0;
        bool vowel = false;
        while (i < n && s[i] != ' ' && s[i] != '\t') {
            uint32_t c;
            i += (size_t)pdx_text__decode(s + i, n - i, &c);
            wc++;
            if (pdx_text__is_upper(c) || pdx_shape__is_lower(c)) {
                wl++;
                caps += pdx_text__is_upper(c);
                /* a vowel, or any letter outside ASCII (Greek, Cyrillic, CJK) */
                vowel |= c >= 0x80 || strchr("aeiouyAEIOUY", (int)c) != NULL;
            }
        }
        if (i == a)
            break;
        letters += wl;
        marks += wc - wl;
        /* a word: two letters or more, most of its characters letters, a
         * vowel unless it is an acronym in capitals ("CNN", "XMM") */
        if (wl >= 2 && wl * 2 > wc && (vowel || caps * 2 >= wl))
            words++;
    }
    return words >= 2 && letters >= 6 && letters >= marks;
}

bool pdx_shape__starts_like_title(const char *s, size_t n) {
    uint32_t c = 0;
    pdx_text__decode(s, n, &c);
    return pdx_shape__wordy(s, n) && (pdx_text__is_upper(c) || (c >= '0' && c <= '9'));
}

bool pdx_shape__title(const char *s, size_t n) {
    pdx_shape__trim(&s, &n);
    size_t w = pdx_shape__words(s, n);
    if (w < 2 || w > 40 || !pdx_shape__wordy(s, n))
        return false;
    uint32_t c;
    size_t q = 0;
    /* an opening quote: "`Stückelberg interferometry' with …" */
    while (q < n && (s[q] == '`' || s[q] == '\'' || s[q] == '"'))
        q++;
    pdx_text__decode(s + q, n - q, &c);
    if (!pdx_text__is_upper(c) && !(c >= '0' && c <= '9')) {
        /* a first word with a capital or a digit inside ("q-Deformed",
         * "mRNA", "p53"), or a letter and a hyphen ("d-wave") */
        bool inner = q + 2 < n && s[q + 1] == '-'; /* "d-wave", "p-adic" */
        for (size_t i = q; i < n && s[i] != ' '; i++)
            inner |= (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9');
        if (!inner || !pdx_shape__is_lower(c))
            return false;
    }
    if (contains(s, n, "http") || contains(s, n, "www.") || memchr(s, '@', n))
        return false;
    bool tcase = title_case(s, n) && s[n - 1] != '.';
    /* Sentences end with a period after a word longer than an
     * abbreviation ("al.", "vs.", "U.S." are fine). */
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '.' || (i + 1 < n && s[i + 1] != ' '))
            continue;
        size_t a = i;
        while (a && s[a - 1] != ' ')
            a--;
        size_t len = i - a;
        bool abbrev = len <= 3 || memchr(s + a, '.', len);
        /* a title's parts: "… planets. IX. Exoplanets …", "… Clouds
         * VIII. Serpens", "… structures. II", a title-case line */
        if (!abbrev && !series_number(s + i + 1, n - i - 1) && !roman_word(s + a, len) && !tcase)
            return false;
    }
    return true;
}

pdx_line_kind pdx_shape__classify(const char *s, size_t n) {
    pdx_shape__trim(&s, &n);
    if (!n)
        return PDX_LINE_BLANK;
    char date[16];
    size_t cat, vl, nl;
    bool code;
    unsigned more;
    if (pdx_shape__listing_date(s, n, &cat, date, &code) && cat > 0)
        return PDX_LINE_LISTING_DATE;
    if (pdx_shape__date_line(s, n, date))
        return PDX_LINE_DATE;
    if (pdx_shape__year_line(s, n))
        return PDX_LINE_YEAR;
    if (pdx_shape__heading(s, n))
        return PDX_LINE_HEADING;
    if (pdx_shape__venue_line(s, n, &vl))
        return PDX_LINE_VENUE;
    size_t w = pdx_shape__words(s, n);
    if (pdx_shape__has_see_more(s, n) ? w >= 8 : pdx_shape__prose(s, n, 25))
        return PDX_LINE_PROSE;
    if (pdx_page__see_n_more(s, n, &nl, &more) && nl > 0)
        return PDX_LINE_NAME;
    if (pdx_shape__name_line(s, n, NULL))
        return PDX_LINE_NAME;
    size_t at[16], len[16];
    bool et_al;
    if (pdx_shape__author_parts(s, n, NULL, at, len, 16, &more, &et_al))
        return PDX_LINE_NAME;
    if (pdx_shape__title(s, n))
        return PDX_LINE_TITLE;
    return PDX_LINE_OTHER;
}

void pdx_shape__head_lines(const char *head, size_t n, size_t max,
                           bool (*fn)(const char *s, size_t n, void *payload), void *payload) {
    size_t i = 0, lines = 0;
    while (i < n && lines < max) {
        const char *e = memchr(head + i, '\n', n - i);
        if (!e && lines > 0)
            break; /* a cut last line proves nothing */
        size_t len = (size_t)((e ? e : head + n) - (head + i));
        if (len && head[i + len - 1] == '\r')
            len--;
        lines++;
        if (!fn(head + i, len, payload) || !e)
            break;
        i = (size_t)(e - head) + 1;
    }
}

bool pdx_shape__abstract_cue(const char *s, size_t n) {
    static const char *const cues[] = {" we ",       "We ",        " our ",   "Our ",
                                       "this paper", "This paper", "this work", "This work",
                                       "In this",    "(see more)", NULL};
    for (size_t i = 0; cues[i]; i++)
        if (contains(s, n, cues[i]))
            return true;
    return false;
}

/* A line of organisations, comma-separated: "ETH Zurich, Google
 * Research" (one part naming an organisation is enough). */
static bool affiliations(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        const char *c = memchr(s + i, ',', n - i);
        size_t e = c ? (size_t)(c - s) : n, a = i;
        while (a < e && s[a] == ' ')
            a++;
        if (pdx_shape__org_line(s + a, e - a))
            return true;
        i = e + 1;
    }
    return false;
}

typedef struct stats_walk {
    pdx_page_stats *st;
    pdx_line_kind prev, prev2;
    bool chrome; /* the line above was chrome by its text */
} stats_walk;

static bool stats_line(const char *s, size_t n, void *payload) {
    stats_walk *w = payload;
    pdx_page_stats *st = w->st;
    pdx_line_kind k = pdx_shape__classify(s, n);
    if (k == PDX_LINE_BLANK)
        return true;
    /* a banner's lines are no entry: "Tout refuser" before an abstract is
     * not its title */
    bool anchor = k == PDX_LINE_HEADING ||
                  (k == PDX_LINE_PROSE && (pdx_shape__has_see_more(s, n) || pdx_shape__words(s, n) >= 60));
    w->chrome = !anchor && pdx_page__chrome_text(s, n, w->chrome);
    if (w->chrome)
        return true;
    /* an affiliation line under the authors ("ETH Zurich, Google
     * Research") continues the author run */
    if (w->prev == PDX_LINE_NAME && k != PDX_LINE_PROSE && k != PDX_LINE_NAME && affiliations(s, n))
        return true;
    /* a title, one author, an abstract: a profile's entry as surely as a
     * run of authors */
    if (k == PDX_LINE_PROSE && w->prev == PDX_LINE_NAME && w->prev2 == PDX_LINE_TITLE)
        st->author_runs++;
    if (k == PDX_LINE_PROSE && pdx_shape__abstract_cue(s, n)) {
        /* after a title any prose is its abstract; alone, only what is
         * long enough (or spliced) to be one */
        if (w->prev == PDX_LINE_TITLE || w->prev == PDX_LINE_NAME) {
            st->after_title++;
            st->abstracts++;
        } else if (pdx_shape__has_see_more(s, n) || pdx_shape__words(s, n) >= 40) {
            st->bare++;
            st->abstracts++;
        }
    }
    if (k == PDX_LINE_NAME && w->prev == PDX_LINE_NAME && w->prev2 == PDX_LINE_TITLE)
        st->author_runs++;
    /* a title, one author line, then venue and year (a citation profile's
     * row: "Journal of Loom Science, 2019⇥152⇥2019"): an entry too */
    size_t vl;
    if (k != PDX_LINE_NAME && k != PDX_LINE_PROSE && w->prev == PDX_LINE_NAME &&
        (w->prev2 == PDX_LINE_TITLE || w->prev2 == PDX_LINE_NAME) && pdx_shape__venue_year(s, n, &vl))
        st->author_runs++;
    st->headings += k == PDX_LINE_HEADING;
    st->listing_dates += k == PDX_LINE_LISTING_DATE;
    w->prev2 = w->prev;
    w->prev = k;
    return true;
}

void pdx_shape__page_stats(pdx_page_stats *out, const char *head, size_t n) {
    memset(out, 0, sizeof *out);
    stats_walk w = {out, PDX_LINE_BLANK, PDX_LINE_BLANK, false};
    pdx_shape__head_lines(head, n, 4000, stats_line, &w);
}
