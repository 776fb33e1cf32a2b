/*
 * page_chrome.c — site chrome: the lines of a page that are the site's,
 * not about papers (the rules are page.h's).
 *
 * Two kinds of evidence, kept here together: the prescan, run over every
 * page file before any is read, learns which pairs of neighbouring lines
 * repeat from page to page (the site's template); the words of a line
 * alone tell a consent banner, a navigation label, a "follow us" link or
 * a banner's button, in the languages of the EU's sites.
 * pdx_page__mark_chrome() combines both for a page held in memory.  Apart
 * from page.c, which holds and loads the page and hands its records out,
 * because the word lists and the template rule are what changes when a
 * new site's chrome slips through.
 */
#include "ingest/page.h"

#include <string.h>

#include "text/text.h"

/* ---- prescan ----------------------------------------------------------- */

/* Template is recognised by pairs of neighbouring lines, not single lines:
 * a site's header repeats in the same order on each page, while a paper
 * shown on two pages has different neighbours on each.  A pair key is the
 * hashes of two consecutive non-blank lines; the page's first and last
 * lines pair with a sentinel. */
#define EDGE 0x9e3779b97f4a7c15ull

static void pair_key(char out[16], uint64_t a, uint64_t b) {
    memcpy(out, &a, 8);
    memcpy(out + 8, &b, 8);
}

pdx_status pdx_page__prescan(pdx_read_ctx *ctx) {
    if (!ctx->know)
        return PDX_OK;
    pdx_map local = PDX_MAP_INIT;
    pdx_buf hashes = PDX_BUF_INIT; /* every line's hash in order: the page's identity */
    pdx_status st = PDX_OK;
    uint64_t prev = EDGE;
    char key[16];
    size_t total = 0;
    for (;;) {
        const char *s;
        size_t n;
        if ((st = pdx_input__line(&s, &n, ctx->in, ctx)) || !s)
            break;
        if (total + n > PDX_PAGE_MAX_BYTES)
            break; /* as much as pdx_page__load reads */
        total += n + 1;
        pdx_shape__trim(&s, &n);
        if (!n)
            continue;
        uint64_t h = pdx_hash64(s, n);
        pdx_buf__add(&st, &hashes, &h, sizeof h);
        pair_key(key, prev, h);
        if (!st)
            st = pdx_map__put(&local, key, sizeof key, 1);
        if (st)
            break;
        prev = h;
    }
    pair_key(key, prev, EDGE);
    if (!st && hashes.n)
        st = pdx_map__put(&local, key, sizeof key, 1);
    if (!st && hashes.n) {
        uint64_t page = pdx_hash64(hashes.p, hashes.n);
        size_t seen;
        if (!pdx_map__get(&ctx->know->pages, (const char *)&page, sizeof page, &seen)) {
            st = pdx_map__put(&ctx->know->pages, (const char *)&page, sizeof page, 1);
            for (size_t i = 0; i < local.cap && !st; i++) {
                const pdx_map_slot *sl = &local.slots[i];
                size_t c = 0;
                if (!sl->key)
                    continue;
                pdx_map__get(&ctx->know->page_lines, sl->key, sl->n, &c);
                st = pdx_map__put(&ctx->know->page_lines, sl->key, sl->n, c + 1);
            }
        }
    }
    pdx_map__free(&local);
    pdx_buf__free(&hashes);
    return st;
}

/* ---- consent banners ---------------------------------------------------- */

/* Lower-case ASCII words of s[0..n), at most 256. */
typedef struct ascii_words {
    char w[256][16];
    size_t n;
    size_t total; /* words of any length */
} ascii_words;

static void split_ascii(const char *s, size_t n, ascii_words *aw) {
    aw->n = aw->total = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
            i++;
        size_t a = i;
        while (i < n && (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || (unsigned char)s[i] >= 0x80))
            i++;
        if (i == a)
            continue;
        aw->total++;
        if (aw->n < 256 && i - a < 16) {
            for (size_t k = a; k < i; k++)
                aw->w[aw->n][k - a] = (char)((unsigned char)s[k] < 0x80 ? (s[k] | 0x20) : s[k]);
            aw->w[aw->n][i - a] = '\0';
            aw->n++;
        }
    }
}

/* ASCII case-insensitive search. */
static bool contains_ci(const char *s, size_t n, const char *what) {
    size_t k = strlen(what);
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && ((s[i + j] >= 'A' && s[i + j] <= 'Z') ? s[i + j] + 32 : s[i + j]) == what[j])
            j++;
        if (j == k)
            return true;
    }
    return false;
}

static bool in_list(const char *w, const char *const *list) {
    for (size_t i = 0; list[i]; i++)
        if (strcmp(w, list[i]) == 0)
            return true;
    return false;
}

/* What consent banners say (collected from banners of news, university
 * and institute sites; lower-case ASCII words). */
static const char *const cookie_words[] = {"cookie", "cookies", "gdpr", NULL};
static const char *const address_words[] = {
    "you",      "your",        "site",       "sites",        "website",      "websites",
    "accept",   "enable",      "disable",    "deactivate",   "deactivated",  "browsing",
    "browser",  "preferences", "personalise", "personalize", "personalised", "personalized",
    "opt",      "consent",     "settings",   "manage",       "reject",       "allow",
    "partners", "ads",         "advertising", NULL};
/* What the buttons of a consent banner say, in the languages of the EU
 * sites a page may come from: the stems of the verbs and nouns the consent
 * platforms translate ("Accept all", "Alle akzeptieren", "Tout refuser",
 * "Rechazar todo", "Accetta tutti", "Alles weigeren", "Aceitar todos",
 * "Odrzuć", "Einstellungen speichern", "Gérer les préférences").  A word
 * of the line starting with a stem of four letters or more counts; a
 * stem ending in '$' (and every shorter one) must be the whole word:
 * "manage$" is not "management".  Lower-case ASCII; non-ASCII letters as
 * their UTF-8. */
static const char *const button_stems[] = {
    /* accept */
    "accept", "akzept", "acept", "accett", "aceit", "zaakcept", "elfogad", "hyv\xC3\xA4ksy",
    "godkend", "godta", "godk\xC3\xA4nn", "aksept", "p\xC5\x99ijm", "sprejm", "ok",
    /* reject, deny */
    "reject", "refus", "rechaz", "rifiut", "rejeit", "ablehn", "weiger", "odrzu", "avvis", "afvis",
    "hylk", "elutas", "odm\xC3\xADt", "deny", "decline", "verweiger",
    /* agree, allow, confirm */
    "agree", "zustimm", "akkoord", "allow", "erlaub", "autoris", "consent", "confirm",
    "best\xC3\xA4tig", "toestaan",
    /* settings, preferences, save, manage */
    "settings", "einstellung", "param\xC3\xA8tre", "impostaz", "instelling", "preferences$",
    "pr\xC3\xA9" "f\xC3\xA9rence", "save$", "speicher", "enregistr", "guardar", "salva$", "opslaan",
    "manage$", "verwalt", "g\xC3\xA9rer", "gerir", "beheer", "anpassen",
    NULL};

/* True when word w (lower case) is or starts with one of the stems. */
static bool stem_word(const char *w, const char *const *stems) {
    size_t n = strlen(w);
    for (size_t i = 0; stems[i]; i++) {
        size_t k = strlen(stems[i]);
        bool exact = k < 4 || stems[i][k - 1] == '$';
        k -= stems[i][k - 1] == '$';
        if (exact ? n == k && memcmp(w, stems[i], k) == 0 : n >= k && memcmp(w, stems[i], k) == 0)
            return true;
    }
    return false;
}

/* The visitor and the site in the other languages of the EU's banners:
 * "Utilizamos cookies … su experiencia en nuestro sitio web", "Utilizziamo
 * i cookie … la tua esperienza", "Wir verwenden Cookies … Ihr Erlebnis",
 * "Wij gebruiken cookies … uw ervaring".  Stems as in button_stems below
 * ('$': the whole word); the first group says "you". */
static const char *const you_stems[] = {"vous", "votre", "vos", "ihr", "ihre", "ihnen", "su", "sus",
                                        "usted", "tu", "tua", "tuo", "tuoi", "uw", "je", "jouw", NULL};
static const char *const address_stems[] = {
    "web$", "sitio", "sito", "webseite", "internetseite", "navega", "navig", "utiliz", "usamos",
    "verwend", "nutzen", "utilis", "gebruik", "personnalis", "personaliz", "personalis",
    "esperienz", "experienc", "exp\xC3\xA9rienc", "erlebnis", "ervaring", "akzept", "acept",
    "accett", "accept", "d\xC3\xA9sactiv", "deaktiv", "desactiv", "disattiv", NULL};
static bool stem_word(const char *w, const char *const *stems);

bool pdx_page__consent_line(const char *s, size_t n) {
    if (pdx_shape__has_see_more(s, n))
        return false;
    ascii_words aw;
    split_ascii(s, n, &aw);
    bool cookie = false, you = false;
    size_t address = 0;
    for (size_t i = 0; i < aw.n; i++) {
        const char *w = aw.w[i];
        if (in_list(w, cookie_words))
            cookie = true;
        if (i + 1 < aw.n && strcmp(w, "privacy") == 0 && strcmp(aw.w[i + 1], "policy") == 0)
            cookie = true;
        if (in_list(w, address_words) || stem_word(w, you_stems) || stem_word(w, address_stems)) {
            address++;
            you |= strcmp(w, "you") == 0 || strcmp(w, "your") == 0 || stem_word(w, you_stems);
        }
    }
    if (!cookie)
        return false;
    if (aw.total <= 6)
        return true;
    if (aw.total <= 30)
        return address >= 1;
    return you && address >= 2;
}

/* The labels of site navigation and footers ("Back to top", "Contact us",
 * "Read more", "Sign in", "Terms of use"): words no paper title is made of
 * alone.  Lower-case ASCII. */
static const char *const ui_words[] = {
    "back",    "to",       "top",      "home",     "contact",  "us",       "menu",
    "search",  "login",    "log",      "in",       "out",      "sign",     "up",
    "subscribe", "share",  "print",    "next",     "previous", "prev",     "more",
    "read",    "load",     "show",     "see",      "all",      "view",     "less",
    "page",    "skip",     "content",  "main",     "close",    "open",     "follow",
    "newsletter", "donate", "about",   "careers",  "jobs",     "privacy",  "terms",
    "of",      "use",      "accessibility", "sitemap", "copyright", "rights", "reserved",
    "english", "francais", "the",      "and",      "our",      "team",     "events",
    "news",    "faq",      "help",     NULL};

/* A navigation label or a copyright notice. */
static bool ui_line(const char *s, size_t n) {
    if ((n >= 2 && memcmp(s, "\xC2\xA9", 2) == 0) || contains_ci(s, n, "all rights reserved"))
        return true;
    ascii_words aw;
    split_ascii(s, n, &aw);
    if (aw.total == 0 || aw.total > 5 || aw.n != aw.total)
        return false;
    for (size_t i = 0; i < aw.n; i++)
        if (!in_list(aw.w[i], ui_words))
            return false;
    return true;
}

/* A consent banner's button: up to four words, one of them a button
 * stem ("Alle akzeptieren", "Tout refuser", "Save settings"). */
static bool button_line(const char *s, size_t n) {
    ascii_words aw;
    split_ascii(s, n, &aw);
    if (aw.total == 0 || aw.total > 4)
        return false;
    for (size_t i = 0; i < aw.n; i++)
        if (stem_word(aw.w[i], button_stems))
            return true;
    return false;
}

/* Where sites send their visitors, named in "follow us" and "share"
 * links.  Lower-case ASCII. */
static const char *const social_names[] = {
    "mastodon", "twitter", "bluesky", "facebook", "linkedin", "instagram", "youtube", "threads",
    "tiktok", "github", "gitlab", "rss", "feed", "newsletter", "weibo", "wechat", "telegram",
    "whatsapp", "reddit", "flickr", "vimeo", "xing", "researchgate", "orcid", "email", "mail",
    NULL};
/* Following, sharing and the visitor's "us", in the EU's languages:
 * "Follow us on Mastodon", "Folgen Sie uns", "Suivez-nous sur X",
 * "Síguenos", "Seguici su", "Volg ons", "Share this page", "Teilen",
 * "Partager", "Compartir", "Condividi", "Delen".  Stems, as above. */
static const char *const follow_stems[] = {
    "follow", "share", "join", "connect", "subscri", "folg", "teil", "abonn", "suiv", "partag",
    "rejoi", "s\xC3\xADgu", "sigu", "compart", "seguici", "segui", "condivid", "volg", "delen", "deel",
    "obserw", "udost", "us", "uns", "nous", "ons", "nos", "ci", "find$", NULL};

/* A "follow us" or "share" link: at most six words, no sentence, naming
 * a social network with a follow word ("Follow us on Mastodon", "Folgen
 * Sie uns auf LinkedIn") or alone ("Twitter"), or starting with a follow
 * word and saying "us" ("Suivez-nous", "Volg ons"). */
static bool social_line(const char *s, size_t n) {
    ascii_words aw;
    split_ascii(s, n, &aw);
    if (aw.total == 0 || aw.total > 6 || aw.n != aw.total || (n && s[n - 1] == '.'))
        return false;
    bool social = false, follow = false;
    for (size_t i = 0; i < aw.n; i++) {
        social |= in_list(aw.w[i], social_names);
        follow |= stem_word(aw.w[i], follow_stems);
    }
    if (social)
        return follow || aw.total <= 2;
    static const char *const us[] = {"us", "uns", "nous", "ons", "nos", "ci", NULL};
    bool says_us = false;
    for (size_t i = 1; i < aw.n; i++)
        says_us |= in_list(aw.w[i], us);
    return says_us && stem_word(aw.w[0], follow_stems) && !in_list(aw.w[0], us);
}

/* Where a page's content surely is: a publications heading, or an
 * abstract (spliced, or of 60 words or more: news items are shorter). */
static bool anchor(const pdx_page_line *l) {
    if (l->kind == PDX_LINE_HEADING)
        return true;
    return l->kind == PDX_LINE_PROSE &&
           (pdx_shape__has_see_more(l->s, l->n) || pdx_shape__words(l->s, l->n) >= 60);
}

/* Lines that carry structure or content, never chrome: two pages may well
 * show the same paper, date or venue. */
static bool structural(const pdx_page_line *l) {
    switch (l->kind) {
    case PDX_LINE_DATE:
    case PDX_LINE_YEAR:
    case PDX_LINE_VENUE:
    case PDX_LINE_LISTING_DATE:
        return true;
    default:
        return anchor(l);
    }
}

/* A line of one word of letters (hyphens and apostrophes inside), a
 * heading maybe: "Recherche", "Publications". */
static bool label_word(const pdx_page_line *l) {
    if (!l->n || l->kind == PDX_LINE_YEAR || l->kind == PDX_LINE_DATE || pdx_shape__words(l->s, l->n) != 1)
        return false;
    for (size_t i = 0; i < l->n;) {
        uint32_t c;
        i += (size_t)pdx_text__decode(l->s + i, l->n - i, &c);
        if (!pdx_text__is_upper(c) && !pdx_text__is_lower(c) && !pdx_text__is_dash(c) &&
            !pdx_text__is_apostrophe(c))
            return false;
    }
    return true;
}

/* The nearest non-blank line before (dir -1) or after (dir +1) i, or -1. */
static long neighbour(const pdx_page *pg, size_t i, int dir) {
    long j = (long)i + dir;
    while (j >= 0 && (size_t)j < pg->n && pg->lines[j].kind == PDX_LINE_BLANK)
        j += dir;
    return j >= 0 && (size_t)j < pg->n ? j : -1;
}

const char *pdx_page__label_line(const char *s, size_t n) {
    if (ui_line(s, n))
        return "site navigation label or copyright notice";
    if (social_line(s, n))
        return "a \"follow us\" or \"share\" link";
    return NULL;
}

bool pdx_page__chrome_text(const char *s, size_t n, bool after_chrome) {
    return pdx_page__consent_line(s, n) || pdx_page__label_line(s, n) ||
           (after_chrome && button_line(s, n));
}

static size_t mark_banners(pdx_page *pg) {
    size_t marked = 0;
    for (size_t i = 0; i < pg->n; i++) {
        pdx_page_line *l = &pg->lines[i];
        if (l->kind != PDX_LINE_BLANK && !structural(l)) {
            if (pdx_page__consent_line(l->s, l->n))
                l->why = "cookie or consent banner";
            else if (!(l->why = pdx_page__label_line(l->s, l->n)))
                continue;
            l->chrome = true;
            marked++;
        }
    }
    /* A site's menu in any language: three lines or more in a row, each
     * one word of letters ("Accueil", "Recherche", "Publications",
     * "Nouvelles"), or a label already found; a paper's title is not one
     * word, nor are three authors' names in a row.  A heading among them
     * stays: the readers tell a menu's "Publications" from the list's. */
    for (size_t i = 0; i < pg->n;) {
        size_t j = i, words = 0;
        while (j < pg->n && pg->lines[j].kind != PDX_LINE_BLANK &&
               (label_word(&pg->lines[j]) || (pg->lines[j].chrome && pdx_shape__words(pg->lines[j].s, pg->lines[j].n) <= 2))) {
            words += label_word(&pg->lines[j]);
            j++;
        }
        if (j - i >= 3 && words >= 2)
            for (size_t k = i; k < j; k++)
                if (!pg->lines[k].chrome && pg->lines[k].kind != PDX_LINE_HEADING) {
                    pg->lines[k].chrome = true;
                    pg->lines[k].why = "one word in a run of them: the site's menu";
                    marked++;
                }
        i = j > i ? j : i + 1;
    }
    /* Short lines inside a banner ("Video Embeds" between two cookie
     * lines) and its buttons ("Accept all") next to it. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < pg->n; i++) {
            pdx_page_line *l = &pg->lines[i];
            if (l->chrome || l->kind == PDX_LINE_BLANK || structural(l) ||
                pdx_shape__words(l->s, l->n) > 6)
                continue;
            long a = neighbour(pg, i, -1), b = neighbour(pg, i, +1);
            bool above = a >= 0 && pg->lines[a].chrome, below = b >= 0 && pg->lines[b].chrome;
            if ((above && below) || ((above || below) && button_line(l->s, l->n))) {
                l->chrome = true;
                l->why = above && below ? "short line between chrome lines (a banner's)"
                                        : "a banner's button";
                marked++;
            }
        }
    }
    return marked;
}

static uint64_t line_hash(const pdx_page *pg, long i) {
    return i < 0 ? EDGE : pdx_hash64(pg->lines[i].s, pg->lines[i].n);
}

/* True when line i is on two pages or more next to the same line above or
 * below it. */
static bool repeated(const pdx_page *pg, size_t i, const pdx_ingest_knowledge *know) {
    uint64_t h = line_hash(pg, (long)i);
    char key[16];
    size_t c = 0;
    pair_key(key, line_hash(pg, neighbour(pg, i, -1)), h);
    if (pdx_map__get(&know->page_lines, key, sizeof key, &c) && c >= 2)
        return true;
    pair_key(key, h, line_hash(pg, neighbour(pg, i, +1)));
    return pdx_map__get(&know->page_lines, key, sizeof key, &c) && c >= 2;
}

/* Marks the template lines before the first anchor and after the last:
 * the page's header and footer.  A header may hold a line of its own (the
 * page's title, a date) between shared blocks, so the whole zone is
 * looked at, not a run of shared lines. */
static size_t mark_template(pdx_page *pg, const pdx_ingest_knowledge *know) {
    size_t first = pg->n, last = 0, marked = 0;
    for (size_t i = 0; i < pg->n; i++)
        if (!pg->lines[i].chrome && anchor(&pg->lines[i])) {
            if (first == pg->n)
                first = i;
            last = i;
        }
    for (size_t i = 0; i < pg->n; i++) {
        pdx_page_line *l = &pg->lines[i];
        bool zone = i < first || (first < pg->n && i > last);
        if (!zone || l->kind == PDX_LINE_BLANK || l->chrome || structural(l))
            continue;
        if (repeated(pg, i, know)) {
            l->chrome = true;
            l->why = i < first ? "repeated on other pages next to the same lines (site header)"
                               : "repeated on other pages next to the same lines (site footer)";
            marked++;
        }
    }
    return marked;
}

size_t pdx_page__mark_chrome(pdx_page *pg, const pdx_ingest_knowledge *know) {
    size_t marked = mark_banners(pg);
    if (know && know->page_lines.used)
        marked += mark_template(pg, know);
    return marked;
}
