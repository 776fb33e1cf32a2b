/*
 * latex.c — decoding the LaTeX that arXiv and BibTeX put in names, titles
 * and abstracts, so that "J\"org", "{\"O}zt{\"u}rk" and "\v{S}r\'amek" are
 * indexed as "Jörg", "Öztürk" and "Šrámek".
 *
 * Accent commands become a base letter followed by a Unicode combining
 * mark, and the whole result is normalised to NFC, which composes them.
 * The tables below are the accent and special-letter commands of the LaTeX
 * kernel (source: "LaTeX2e font selection", fntguide, and the OT1/T1
 * encoding tables, Table 1 "Accents" and "Special letters" of lshort),
 * plus the Greek letters and a few symbols that appear in abstracts' math.
 *
 * Math ($...$) is kept as words: "$O(n \log n)$" becomes "O(n log n)" and
 * "$\alpha$-stable" becomes "α-stable", so both stay searchable.
 */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

#include <uninorm.h>

/* Accent commands to combining marks. */
static uint32_t accent_mark(const char *cmd, size_t n) {
    if (n == 1) {
        switch (cmd[0]) {
        case '"': return 0x0308;
        case '\'': return 0x0301;
        case '`': return 0x0300;
        case '^': return 0x0302;
        case '~': return 0x0303;
        case '=': return 0x0304;
        case '.': return 0x0307;
        case 'u': return 0x0306;
        case 'v': return 0x030C;
        case 'H': return 0x030B;
        case 'c': return 0x0327;
        case 'k': return 0x0328;
        case 'r': return 0x030A;
        case 'd': return 0x0323;
        case 'b': return 0x0331;
        default: return 0;
        }
    }
    return 0;
}

typedef struct named {
    const char *name;
    const char *text;
} named;

/* Letter-named commands that stand for a character or word. */
static const named symbols[] = {
    {"AA", "Å"}, {"AE", "Æ"}, {"L", "Ł"}, {"O", "Ø"}, {"OE", "Œ"}, {"aa", "å"}, {"ae", "æ"},
    {"i", "ı"},  {"j", "ȷ"},  {"l", "ł"}, {"o", "ø"}, {"oe", "œ"}, {"ss", "ß"}, {"SS", "SS"},
    {"dh", "ð"}, {"DH", "Ð"}, {"th", "þ"}, {"TH", "Þ"}, {"dj", "đ"}, {"DJ", "Đ"}, {"ng", "ŋ"},
    {"NG", "Ŋ"},
    /* Greek */
    {"alpha", "α"}, {"beta", "β"}, {"gamma", "γ"}, {"delta", "δ"}, {"epsilon", "ε"},
    {"varepsilon", "ε"}, {"zeta", "ζ"}, {"eta", "η"}, {"theta", "θ"}, {"vartheta", "θ"},
    {"iota", "ι"}, {"kappa", "κ"}, {"lambda", "λ"}, {"mu", "μ"}, {"nu", "ν"}, {"xi", "ξ"},
    {"pi", "π"}, {"varpi", "π"}, {"rho", "ρ"}, {"varrho", "ρ"}, {"sigma", "σ"},
    {"varsigma", "ς"}, {"tau", "τ"}, {"upsilon", "υ"}, {"phi", "φ"}, {"varphi", "φ"},
    {"chi", "χ"}, {"psi", "ψ"}, {"omega", "ω"}, {"Gamma", "Γ"}, {"Delta", "Δ"},
    {"Theta", "Θ"}, {"Lambda", "Λ"}, {"Xi", "Ξ"}, {"Pi", "Π"}, {"Sigma", "Σ"},
    {"Upsilon", "Υ"}, {"Phi", "Φ"}, {"Psi", "Ψ"}, {"Omega", "Ω"},
    /* symbols */
    {"ldots", "…"}, {"dots", "…"}, {"cdots", "…"}, {"times", "×"}, {"pm", "±"},
    {"infty", "∞"}, {"leq", "≤"}, {"le", "≤"}, {"geq", "≥"}, {"ge", "≥"}, {"neq", "≠"},
    {"ne", "≠"}, {"approx", "≈"}, {"sim", "∼"}, {"to", "→"}, {"rightarrow", "→"},
    {"leftarrow", "←"}, {"cdot", "·"}, {"partial", "∂"}, {"nabla", "∇"}, {"sqrt", "√"},
    {"TeX", "TeX"}, {"LaTeX", "LaTeX"}, {"BibTeX", "BibTeX"}, {"textendash", "–"},
    {"textemdash", "—"}, {"euro", "€"}, {"copyright", "©"}, {"S", "§"}, {"P", "¶"},
    {"textquoteright", "’"}, {"textquoteleft", "‘"}, {"textasciitilde", "~"},
    {"textasciicircum", "^"}, {"textbackslash", "\\"}, /* what exports escape ^ and \\ as */
    /* biblatex's \hyphen and \hyp, and the dashes Beebe's .bib files define */
    {"hyphen", "-"}, {"hyp", "-"}, {"emdash", "—"}, {"endash", "–"},
};

/* Math operator names, typeset as their own name in roman: the LaTeX
 * kernel's "log-like functions" (source: ltmath.dtx; lshort's table
 * "Log-like Functions").  Outside $...$ too, where titles often have
 * them ("\sin^2 2\theta_{23}"): dropping the command would show
 * "^2 2θ_23". */
static const char *const operators[] = {
    "arccos", "arcsin", "arctan", "arg", "cos",  "cosh",   "cot",    "coth", "csc",
    "deg",    "det",    "dim",    "exp", "gcd",  "hom",    "inf",    "ker",  "lg",
    "lim",    "liminf", "limsup", "ln",  "log",  "max",    "min",    "Pr",   "sec",
    "sin",    "sinh",   "sup",    "tan", "tanh",
};

static bool is_operator(const char *cmd, size_t n) {
    for (size_t i = 0; i < sizeof operators / sizeof *operators; i++)
        if (strlen(operators[i]) == n && memcmp(operators[i], cmd, n) == 0)
            return true;
    return false;
}

static const char *symbol_text(const char *cmd, size_t n) {
    for (size_t i = 0; i < sizeof symbols / sizeof *symbols; i++)
        if (strlen(symbols[i].name) == n && memcmp(symbols[i].name, cmd, n) == 0)
            return symbols[i].text;
    return NULL;
}

static bool starts_with(const char *s, size_t n, const char *pfx) {
    size_t k = strlen(pfx);
    return n >= k && memcmp(s, pfx, k) == 0;
}

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool pdx_text__has_latex(const char *s, size_t n) {
    unsigned dollars = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' || s[i] == '{')
            return true;
        if (s[i] == '$')
            dollars++;
    }
    return dollars >= 2;
}

typedef struct dec {
    pdx_status *st;
    pdx_buf *out;
    const char *s;
    size_t n, i;
    bool math;
    unsigned depth; /* recursion guard for nested accent arguments */
} dec;

static void decode_until(dec *d, size_t end);

/* The extent [*a, *b) of a command's argument at d->i: a brace group (its
 * inside), or one character, or one control sequence.  Advances d->i. */
static void take_arg(dec *d, size_t *a, size_t *b) {
    while (d->i < d->n && d->s[d->i] == ' ')
        d->i++;
    *a = *b = d->i;
    if (d->i >= d->n)
        return;
    if (d->s[d->i] == '{') {
        unsigned level = 0;
        size_t j = d->i;
        for (; j < d->n; j++) {
            if (d->s[j] == '{')
                level++;
            else if (d->s[j] == '}' && --level == 0)
                break;
        }
        *a = d->i + 1;
        *b = j < d->n ? j : d->n;
        d->i = j < d->n ? j + 1 : d->n;
        return;
    }
    if (d->s[d->i] == '\\') {
        size_t j = d->i + 1;
        while (j < d->n && is_alpha(d->s[j]))
            j++;
        if (j == d->i + 1 && j < d->n)
            j++;
        *b = d->i = j;
        return;
    }
    uint32_t uc;
    d->i += (size_t)pdx_text__decode(d->s + d->i, d->n - d->i, &uc);
    *b = d->i;
}

/* Emits the accented argument: its first character, the mark, the rest. */
static void emit_accent(dec *d, uint32_t mark) {
    size_t a, b;
    take_arg(d, &a, &b);
    if (a == b) {
        pdx_buf__addu(d->st, d->out, mark);
        return;
    }
    /* \i and \j lose their dot under an accent: \'{\i} is í, not ı́. */
    if (b - a == 2 && d->s[a] == '\\' && (d->s[a + 1] == 'i' || d->s[a + 1] == 'j')) {
        pdx_buf__addc(d->st, d->out, d->s[a + 1]);
        pdx_buf__addu(d->st, d->out, mark);
        return;
    }
    if (d->depth > 8) /* absurd nesting: keep the text, drop the accent */
        return;
    /* Decode the argument, then put the mark after its first character. */
    size_t at = d->out->n;
    dec sub = *d;
    sub.i = a;
    sub.n = b;
    sub.depth = d->depth + 1;
    decode_until(&sub, b);
    if (*d->st)
        return;
    if (d->out->n == at) {
        pdx_buf__addu(d->st, d->out, mark);
        return;
    }
    uint32_t first;
    int len = pdx_text__decode(d->out->p + at, d->out->n - at, &first);
    pdx_buf tail = PDX_BUF_INIT;
    pdx_buf__add(d->st, &tail, d->out->p + at + len, d->out->n - at - (size_t)len);
    d->out->n = at + (size_t)len;
    pdx_buf__addu(d->st, d->out, mark);
    pdx_buf__add(d->st, d->out, tail.p, tail.n);
    pdx_buf__free(&tail);
}

static void command(dec *d) {
    /* d->i is at the backslash */
    size_t c = d->i + 1;
    if (c >= d->n) {
        d->i = d->n;
        return;
    }
    if (!is_alpha(d->s[c])) {
        char ch = d->s[c];
        d->i = c + 1;
        uint32_t mark = accent_mark(&ch, 1);
        if (mark && !(d->math && (ch == ',' || ch == ';' || ch == '!'))) {
            emit_accent(d, mark);
            return;
        }
        switch (ch) {
        case '&': case '%': case '$': case '_': case '#': case '{': case '}':
            pdx_buf__addc(d->st, d->out, ch);
            return;
        case ' ': case '\\': case ',': case ';': case ':': case '!': case '\n':
            pdx_buf__addc(d->st, d->out, ' ');
            return;
        default: /* \- \/ and the like: typesetting hints */
            return;
        }
    }
    size_t e = c;
    while (e < d->n && is_alpha(d->s[e]))
        e++;
    const char *name = d->s + c;
    size_t len = e - c;
    d->i = e;
    uint32_t mark = accent_mark(name, len);
    if (mark && d->i < d->n && (d->s[d->i] == '{' || d->s[d->i] == ' ')) {
        emit_accent(d, mark);
        return;
    }
    /* A control word swallows the spaces after it, as in TeX. */
    while (d->i < d->n && d->s[d->i] == ' ')
        d->i++;
    const char *sym = symbol_text(name, len);
    if (sym) {
        pdx_buf__adds(d->st, d->out, sym);
        /* "{\o}" and "\o{}" both end here; a following letter needs no space
         * ("\o ber" is "øber"). */
        if (d->i + 1 < d->n && d->s[d->i] == '{' && d->s[d->i + 1] == '}')
            d->i += 2;
        return;
    }
    if (!d->math && is_operator(name, len)) {
        /* the name as a word: apart from a letter or digit on either side
         * ("a\sin x" is "a sin x"; "\sin^2" stays "sin^2") */
        char prev = d->out->n ? d->out->p[d->out->n - 1] : ' ';
        char next = d->i < d->n ? d->s[d->i] : ' ';
        if (is_alpha(prev) || (prev >= '0' && prev <= '9'))
            pdx_buf__addc(d->st, d->out, ' ');
        pdx_buf__add(d->st, d->out, name, len);
        if (is_alpha(next) || (next >= '0' && next <= '9') || next == '\\')
            pdx_buf__addc(d->st, d->out, ' ');
        return;
    }
    if (d->math) {
        /* \log, \max, \mathcal ... keep the name as a word, space-separated */
        if (!starts_with(name, len, "math") && !starts_with(name, len, "text") &&
            !starts_with(name, len, "left") && !starts_with(name, len, "right") &&
            !starts_with(name, len, "big") && !starts_with(name, len, "Big")) {
            pdx_buf__addc(d->st, d->out, ' ');
            pdx_buf__add(d->st, d->out, name, len);
            pdx_buf__addc(d->st, d->out, ' ');
        }
    }
    /* Other commands (\emph, \textbf, \cite ...) vanish; their brace
     * arguments are decoded as ordinary text. */
}

static void decode_until(dec *d, size_t end) {
    while (d->i < end && !*d->st) {
        char c = d->s[d->i];
        switch (c) {
        case '\\':
            command(d);
            break;
        case '{':
        case '}':
            d->i++;
            break;
        case '~':
            pdx_buf__addc(d->st, d->out, ' ');
            d->i++;
            break;
        case '$':
            d->math = !d->math;
            d->i++;
            if (d->i < end && d->s[d->i] == '$')
                d->i++;
            break;
        case '^':
        case '_':
            if (d->math) {
                d->i++;
                break;
            }
            pdx_buf__addc(d->st, d->out, c);
            d->i++;
            break;
        case '-':
            if (d->i + 2 < end && d->s[d->i + 1] == '-' && d->s[d->i + 2] == '-') {
                pdx_buf__adds(d->st, d->out, "—");
                d->i += 3;
            } else if (d->i + 1 < end && d->s[d->i + 1] == '-') {
                pdx_buf__adds(d->st, d->out, "–");
                d->i += 2;
            } else {
                pdx_buf__addc(d->st, d->out, c);
                d->i++;
            }
            break;
        case '`':
        case '\'':
            if (d->i + 1 < end && d->s[d->i + 1] == c) {
                pdx_buf__addc(d->st, d->out, '"');
                d->i += 2;
                break;
            }
            pdx_buf__addc(d->st, d->out, c);
            d->i++;
            break;
        default:
            pdx_buf__addc(d->st, d->out, c);
            d->i++;
        }
    }
}

void pdx_text__latex(pdx_status *st, pdx_buf *out, const char *s, size_t n) {
    if (*st)
        return;
    pdx_buf raw = PDX_BUF_INIT;
    dec d = {st, &raw, s, n, 0, false, 0};
    decode_until(&d, n);
    if (!*st) {
        /* Replace anything invalid (a stray byte cut by an accent command)
         * before normalising. */
        pdx_buf clean = PDX_BUF_INIT;
        size_t i = 0;
        while (i < raw.n && !*st) {
            uint32_t uc;
            i += (size_t)pdx_text__decode(raw.p + i, raw.n - i, &uc);
            pdx_buf__addu(st, &clean, uc);
        }
        if (!*st && clean.n) {
            size_t len = 0;
            uint8_t *nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)clean.p, clean.n, NULL, &len);
            if (!nfc)
                *st = PDX_ENOMEM;
            else
                pdx_buf__add(st, out, nfc, len);
            free(nfc);
        }
        pdx_buf__free(&clean);
    }
    pdx_buf__free(&raw);
}
