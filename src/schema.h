/*
 * schema.h — how a paper is laid out in the index: term prefixes and value
 * slots.  Changing any of these changes the database format: bump
 * PDX_SCHEMA_VERSION.
 *
 * Term bodies are always folded (lower case), so a prefix of capitals can
 * never be confused with the start of a body (Xapian's convention).
 *
 *   (none)  free-text words of title, abstract and author names: the
 *           case-folded exact form and, when different, the accent-folded
 *           plain form, both with positions
 *   Z       English stems of the plain forms (no positions)
 *   S / ZS  title words with positions / their stems
 *   A       author-name words, positions 100 apart between authors so that
 *           a phrase never spans two people
 *   XAF XAS XAI XAN   author keys: full name, surname (with particles, and
 *           its core), first initial + core surname, all initials + core
 *   XAV     each author's name as written, after its look-up key:
 *           "XAV" core "\x1f" first-initial "\x1f" name ("XAVlorraine\x1fj
 *           \x1fJ. Lorraine"), so that author search finds every spelling
 *           of a key in one term-list scan, compares names once per
 *           spelling, and never loads a paper it does not show
 *   K       category          V  venue words        Y  year
 *   H       has: flags ("Hcode")
 *   Q       the paper id (unique)
 *   XI      external ids "scheme:value" (arxiv, doi, bibtex ...)
 *   XT / XB merge keys: hash of the normalised title / abstract prefix
 *   XD      the first four bytes of the date slot (its year), "XD" alone
 *           for an undated paper: one per paper, in the slot's byte order,
 *           so author search can list a prolific name's newest papers a
 *           few years at a time instead of sorting all of them by date
 *   XF      the input files a paper was read from: 16 hex digits of the
 *           hash of each file's real path (a re-ingest of a changed file
 *           finds and replaces what it contributed)
 */
#ifndef PDX_SCHEMA_H
#define PDX_SCHEMA_H

/* 2: a document's data is the record's JSON without the abstract, a NUL
 * byte, and the abstract (pdx_paper__stored).  1: the JSON alone; such
 * databases are still read and written, in their own form, so that an
 * older paperdex can still open them (it refuses a 2 as another
 * version's).  `rebuild` turns one into a 2. */
#define PDX_SCHEMA_VERSION "2"
#define PDX_SCHEMA_JSON_ONLY "1"
#define PDX_META_SCHEMA "paperdex.schema"
/* Set ("1") in databases created with XAV terms, which author search
 * needs for its fast path; older databases take the slow one. */
#define PDX_META_AUTHOR_NAMES "paperdex.author_names"
/* Set ("1") in databases created with XD terms, one per paper; older
 * databases sort all of a name's papers by date. */
#define PDX_META_DATE_HEADS "paperdex.date_heads"

#define PDX_PFX_STEM "Z"
#define PDX_PFX_TITLE "S"
#define PDX_PFX_TITLE_STEM "ZS"
#define PDX_PFX_AUTHOR "A"
#define PDX_PFX_AUTHOR_FULL "XAF"
#define PDX_PFX_AUTHOR_SURNAME "XAS"
#define PDX_PFX_AUTHOR_INITIAL "XAI"
#define PDX_PFX_AUTHOR_INITIALS "XAN"
#define PDX_PFX_AUTHOR_NAME "XAV"
#define PDX_PFX_CATEGORY "K"
#define PDX_PFX_VENUE "V"
#define PDX_PFX_YEAR "Y"
#define PDX_PFX_HAS "H"
#define PDX_PFX_ID "Q"
#define PDX_PFX_EXTID "XI"
#define PDX_PFX_TITLEKEY "XT"
#define PDX_PFX_ABSKEY "XB"
#define PDX_PFX_SOURCE "XF"
#define PDX_PFX_DATE_HEAD "XD"

/* Metadata: per input file, the ingest state ("pdx.src." + source key:
 * pdx_schema__state_key). */
#define PDX_META_SOURCE "pdx.src."

/* Hex digits of a hashed key: the bodies of XT, XB and XF terms, and the
 * source key of an input file (pdx_schema__hash_key). */
#define PDX_HASH_KEY 16

/* How many times a title word counts in the whole text (Z and plain
 * terms): titles weigh more, BM25F-style.  abstract: relies on it. */
#define PDX_TITLE_WDF 2

/* The most index terms one prefix* wildcard may expand to. */
#define PDX_WILDCARD_MAX 200

/* Terms of a paper that make the query of `similar`. */
#define PDX_SIMILAR_TERMS 25

/* Value slots. */
#define PDX_SLOT_DATE 0 /* "YYYY-MM-DD" / "YYYY-MM" / "YYYY": sorts by date */
#define PDX_SLOT_YEAR 1 /* "%04d": byte order is numeric order, for ranges */

/* Positions: title words from 1, abstract words after a gap, author words
 * in their own range. */
#define PDX_POS_GAP 100
#define PDX_POS_AUTHORS 1000000u

/* ---- keys built from these (schema.c) ---- */

#include <stddef.h>

/** The PDX_HASH_KEY hex digits of the hash of s[0..n): the body of an XT
 *  or XB merge term, or (of a file's real path) its source key. */
void pdx_schema__hash_key(char out[PDX_HASH_KEY + 1], const char *s, size_t n);

/** The metadata key of the ingest state of the input file whose source
 *  key is `source_key`. */
void pdx_schema__state_key(char *out, size_t n, const char *source_key);

#endif
