/*
 * shape.h — what a word or a line of a copied web page looks like, shared
 * by the page readers (listing, profile, stream) and their sniffers.
 *
 * Pages copied as text lose their markup, so a reader tells a title from
 * an author line from an abstract by shape alone:
 *
 *   "Helga K. Brandvold"                      a name: 2-6 name-shaped words
 *   "Sparse Weaving with Fewer Threads"       a title: short, no final period
 *   "We show that sparse weaving needs…"      prose: many words, sentences
 *   "2029-11-02"                              a date line
 *   "Proceedings of the 4th … (published)"    a venue line
 *   "Publications"                             a section heading
 *
 * Every function here looks at one word or one line; context (what comes
 * before and after) is the readers' business.  The "words" functions
 * below live in shape_name.c, the "lines" ones in shape.c.
 */
#ifndef PDX_SHAPE_H
#define PDX_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/reader.h"

/* ---- words ------------------------------------------------------------- */

/** s[0..n) without the blanks (spaces, tabs) around it: moves *s on and
 *  shortens *n.  Lines of copied pages keep the indentation of their
 *  markup ("\tLGOct 2, 2019 \t"). */
void pdx_shape__trim(const char **s, size_t *n);

/** A lower-case letter as the shapes see one: lower case, or a combining
 *  mark (U+0300..U+036F), so a decomposed accent ("e" + U+0301) does not
 *  break a lower-case run ("Jose\u0301" is a name). */
bool pdx_shape__is_lower(uint32_t c);

/** The shape of one space-free word, as a name part. */
typedef enum pdx_word_shape {
    PDX_WS_NAME,     /**< Dan, Zhi-Xuan, Alán, O'Keefe, Th'eo */
    PDX_WS_INITIAL,  /**< T.  T  T.Q. */
    PDX_WS_CAPS,     /**< JB */
    PDX_WS_PREFIXED, /**< MacKay, McDonald, DeWitt, hEigeartaigh */
    PDX_WS_PARTICLE, /**< de, van */
    PDX_WS_LOWER,    /**< another lower-case word */
    PDX_WS_CAMEL,    /**< IDan, CarloJack, GIDan */
    PDX_WS_OTHER,    /**< digits, punctuation */
} pdx_word_shape;

/** The shape of the word s[0..n) (no spaces in it). */
pdx_word_shape pdx_shape__word(const char *s, size_t n);

/** Number of space-separated words in s[0..n). */
size_t pdx_shape__words(const char *s, size_t n);

/** How much s[0..n) looks like one person's name: about +1 per name-shaped
 *  word, large penalties for lower-case words, digits and punctuation, a
 *  bonus when `know` (may be NULL) has seen the given name or surname in
 *  other author lists.  "Helga K. Brandvold" scores 3, "K. Osei" 2,
 *  "Risks of Weaving in the dark" below 0.  Below 1.5 it is
 *  probably not a full name. */
double pdx_shape__name_score(const char *s, size_t n, const pdx_ingest_knowledge *know);

/** A line holding one person's name and nothing else: 2..6 words (a
 *  suffix such as "Jr." aside), none of them lower case (particles aside),
 *  camel-cased, with digits and punctuation or naming an organisation
 *  ("Institute", "University"), and a name score of 1.5 or more.
 *  "Tomas C. O'reilly" is one; "Looms Don't Learn via Punched Cards"
 *  (name-shaped words around a lower-case "via") is not. */
bool pdx_shape__name_line(const char *s, size_t n, const pdx_ingest_knowledge *know);

/** A person's name written with one word in lower case, as authors and
 *  sites sometimes type them: "bob Smith", "Xiao-Ming xu" (footnote marks
 *  allowed).  2..4 words, the lower-case one first or last, made of
 *  letters and no function word ("of", "in"), the others name-shaped with
 *  at least one full name.  Only where an author line is expected (after
 *  a title or another author line): alone, "Chaos everywhere" is one too. */
bool pdx_shape__loose_name(const char *s, size_t n);

/** Length of s[0..n) without the footnote and affiliation marks after a
 *  name: "Ferretti1,2" → "Ferretti", "Argurio*" → "Argurio", "Rossi†",
 *  "Chen¹" → "Chen". */
size_t pdx_shape__strip_marks(const char *s, size_t n);

/** The names of an author line: one name ("Helga K. Brandvold"), the
 *  last of a list on its own line ("and Bo Chen"), or a list ("Bo Chen,
 *  Carla Diaz and Dmitri Orlov", "Ana Ruiz1,2, Bo Chen*"), each name
 *  maybe followed by footnote marks (stripped); the last may end in
 *  "… (see N more)" (*more = N) or "et al." (*et_al).  Every part must be
 *  a name line and none an organisation.  Fills at[]/len[] (offsets into
 *  s, at most `max`).
 *  @return the number of names, 0 when the line is not an author line */
size_t pdx_shape__author_parts(const char *s, size_t n, const pdx_ingest_knowledge *know,
                               size_t *at, size_t *len, size_t max, unsigned *more, bool *et_al);

/** A line naming an organisation: up to 8 capitalised words (short
 *  lower-case links such as "of" aside) with one of "University",
 *  "Institute", "Laboratory", "Research", …: "Valdoria Institute of
 *  Technology", "Google Research". */
bool pdx_shape__org_line(const char *s, size_t n);

/* ---- lines ------------------------------------------------------------- */

/** A listing page's date line: an optional category (capitals, or an
 *  arXiv-style "cs.LG") glued to a date with or without a year, then an
 *  optional "Code": "LGOct 2, 2019Code" → category "LG", "2019-10-02",
 *  code.  A date without a year is written "--01-27". */
bool pdx_shape__listing_date(const char *s, size_t n, size_t *cat_len, char date[16], bool *code);

/** A line that is only a date: "2018-07-03", "2018-07", "July 3, 2018",
 *  "Jul 3, 2018", "3 July 2018", "July 2018".  Fills the ISO form.  A bare year is not a date line
 *  (see pdx_shape__year_line). */
bool pdx_shape__date_line(const char *s, size_t n, char date[16]);

/** A line that is only a year ("2019"): the heading of a group of papers.
 *  @return the year, or 0 */
int pdx_shape__year_line(const char *s, size_t n);

/** A venue line: "Proceedings of the 4th Workshop on Loom Science
 *  (published)", "Loom Symposium 2031 (accepted)", "Journal of Textile
 *  Computing", "International Conference on Looms 2029".  Short (at most
 *  25 words) and either ends in a publication status in brackets, starts
 *  like a venue ("Proceedings of", "In Proceedings of", "Journal of",
 *  "Transactions on", "arXiv preprint"), or has at most 15 words with a
 *  venue word ("Conference", "Workshop", "Journal", …) and a year or a
 *  sponsor ("International", "ACM", "IEEE", …).
 *  @param[out] venue_len  bytes of the venue without the status */
bool pdx_shape__venue_line(const char *s, size_t n, size_t *venue_len);

/** The year closing a line of venue and year, as citation profiles show
 *  it under a paper's authors, alone or followed by the row's number
 *  cells after tabs (a browser's copy of a table row):
 *
 *    "Journal of Loom Science 12 (3), 45-67, 2019⇥152⇥2019"   2019
 *    "Journal of Loom Science, 2019. [pdf]"                   2019
 *    "Proceedings of the 4th Workshop on Looms (2021)"        2021
 *
 *  Cells after a tab must be numbers (a count, the year: the last year
 *  among them wins); without cells the year must follow ", " or stand in
 *  brackets at the end (short links such as "[pdf]" after it aside).
 *  Says nothing of where the line is: that is the reader's business.
 *  @param[out] venue_len  bytes of the venue before the year and cells
 *                         (0 when there is none)
 *  @return the year (1900..2099), or 0 when the line is not one */
int pdx_shape__venue_year(const char *s, size_t n, size_t *venue_len);

/** A table's column-header row as a browser's copy gives it: two cells
 *  or more after tabs, each a short label — one to three words, no
 *  digit, no sentence or list punctuation:
 *
 *    "Title⇥Cited by⇥Year"                                    true
 *    "Sparse Looms⇥Ana Ruiz, Bo Chen"                         false
 *    "Journal of Loom Science, 2019⇥152⇥2019"                 false
 *
 *  A paper's row has a title, names or numbers in its cells; labels
 *  name the columns and are never a paper. */
bool pdx_shape__column_labels(const char *s, size_t n);

/** A publications section heading: "Publications", "Selected papers",
 *  "Recent publications (12)" — one to three words naming a list of
 *  papers. */
bool pdx_shape__heading(const char *s, size_t n);

/** Prose: at least `min_words` words, most of them lower case, with
 *  sentence punctuation somewhere ('.', '?', '!', ';' or a "(see more)"
 *  splice).  Abstracts and biographies are prose; titles and names are
 *  not. */
bool pdx_shape__prose(const char *s, size_t n, size_t min_words);

/** Made of words: two words or more of two letters or more each (mostly
 *  letters, with a vowel unless in capitals: "CNN"), six letters in all,
 *  and no more other characters than letters.  "Sparse Looms", "3D
 *  U-Net for MRI" are; "12 34 56", "zq7 ## 0x3f", "--- | ---" are not. */
bool pdx_shape__wordy(const char *s, size_t n);

/** Starts like a title (a capital or a digit) and is made of words
 *  (pdx_shape__wordy), whatever its punctuation: "Instanton
 *  representation of Plebanski gravity. Consistency of …" is, though its
 *  periods make it no title (pdx_shape__title).  What a line before its
 *  authors must be. */
bool pdx_shape__starts_like_title(const char *s, size_t n);

/** A title: 2..40 words starting with a capital or a digit, made of words
 *  (pdx_shape__wordy), not a sentence (no final period unless the last
 *  word is an abbreviation such as "al." or "vs."), no URL or e-mail
 *  address. */
bool pdx_shape__title(const char *s, size_t n);

/** The length of a "(see more)" marker ending s[0..n), the marker
 *  itself maybe cut: "… (see more)", "… (see mo", "…(" (the ellipsis and
 *  the space before it included; trailing blanks are not counted).  0
 *  when the line does not end in one. */
size_t pdx_shape__cut_marker(const char *s, size_t n);

/** True when s[0..n) contains a "(see more)" splice marker, or ends in a
 *  cut one (pdx_shape__cut_marker). */
bool pdx_shape__has_see_more(const char *s, size_t n);

/** The kind of a line, before context is taken into account. */
typedef enum pdx_line_kind {
    PDX_LINE_BLANK,
    PDX_LINE_LISTING_DATE, /**< "LGOct 2, 2019" */
    PDX_LINE_DATE,         /**< "2018-07-03" */
    PDX_LINE_YEAR,         /**< "2019" */
    PDX_LINE_VENUE,
    PDX_LINE_HEADING,
    PDX_LINE_PROSE,        /**< 25 words or more, or a "(see more)" splice */
    PDX_LINE_NAME,         /**< name_score >= 1.5, or "… (see N more)" */
    PDX_LINE_TITLE,
    PDX_LINE_OTHER,
} pdx_line_kind;

/** Classifies one line (no context, no knowledge). */
pdx_line_kind pdx_shape__classify(const char *s, size_t n);

/** True when a prose line reads like an abstract: it says what "we", "our"
 *  work or "this paper" did, or carries a "(see more)" splice.  A
 *  biography ("She studies …") or a news item usually does not. */
bool pdx_shape__abstract_cue(const char *s, size_t n);

/** What the page sniffers count over the head of a file. */
typedef struct pdx_page_stats {
    size_t abstracts;     /**< bare + after_title */
    size_t bare;          /**< cued prose of 40 words or more, or spliced, not
                               right after a title or author line */
    size_t after_title;   /**< cued prose right after a title or author line */
    size_t author_runs;   /**< a title followed by two author lines or more */
    size_t headings;      /**< publications headings */
    size_t listing_dates; /**< listing date lines ("LGOct 2, 2019") */
} pdx_page_stats;

/** Counts pdx_page_stats over the lines of a sniffing head. */
void pdx_shape__page_stats(pdx_page_stats *out, const char *head, size_t n);

/** Calls `fn` for each line of a sniffing head (the cut last line is left
 *  out, trailing \r removed), at most `max` lines; stops when `fn`
 *  returns false. */
void pdx_shape__head_lines(const char *head, size_t n, size_t max,
                           bool (*fn)(const char *s, size_t n, void *payload), void *payload);

#endif
