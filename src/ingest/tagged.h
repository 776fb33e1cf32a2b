/*
 * tagged.h — what the two tagged formats share, RIS (ris.c) and PubMed's
 * MEDLINE (medline.c): a record kept as its tag lines, (tag, value) in
 * the order read, a value continued by the lines after it; lines of
 * binary junk told apart; a file recognised by its opening tag.  The
 * formats differ in their tags' shape and in how a record ends, which
 * each reader keeps.
 */
#ifndef PDX_INGEST_TAGGED_H
#define PDX_INGEST_TAGGED_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/** One tag line of a record; its value is `len` bytes at `off` in the
 *  record's vals, NUL-terminated. */
typedef struct pdx_tag_field {
    char tag[5]; /* up to four characters */
    size_t off, len;
} pdx_tag_field;

/** A record's tag lines.  Zero-initialised is empty. */
typedef struct pdx_tagged {
    pdx_tag_field *f;
    size_t n, cap;
    pdx_buf vals; /* the values, each NUL-terminated */
} pdx_tagged;

/** Empties the record, keeping its memory for the next. */
void pdx_tagged__reset(pdx_tagged *t);

/** Appends the tag line `tag` (at most four characters) with value
 *  v[0..n).  Does nothing after an error. */
void pdx_tagged__add(pdx_status *st, pdx_tagged *t, const char *tag, const char *v, size_t n);

/** Adds s[0..n) to the last value, after a space: a line that continues
 *  it.  Does nothing when the record has no tag line yet. */
void pdx_tagged__continue(pdx_status *st, pdx_tagged *t, const char *s, size_t n);

/** The value of the i-th tag line. */
const char *pdx_tagged__value(const pdx_tagged *t, size_t i);

/** The first non-empty value tagged `tag`, or NULL. */
const char *pdx_tagged__get(const pdx_tagged *t, const char *tag);

/** The first of `tags` (NULL-terminated) that pdx_tagged__get finds. */
const char *pdx_tagged__get_any(const pdx_tagged *t, const char *const *tags);

/** Frees the record's memory.  Accepts an empty one. */
void pdx_tagged__free(pdx_tagged *t);

/** Appends the display form of a name written "Family, Given[, Suffix]"
 *  ("Ruiz, Ana" → "Ana Ruiz", "Weir, John, Jr." → "John Weir Jr."), as
 *  both formats write authors; a name with no comma (a group, "LHCb
 *  Collaboration") as it is.  Spaces are left for the caller to squeeze. */
void pdx_tagged__turn_name(pdx_status *st, pdx_buf *out, const char *v);

/** True when the line holds a control character other than a tab: binary
 *  data, which no exporter writes. */
bool pdx_tagged__binary_line(const char *s, size_t n);

/** A format's test of one line: true for a tag line, its tag in `tag`
 *  and its value in *val, *vn. */
typedef bool (*pdx_tag_line_fn)(const char *s, size_t n, char tag[5], const char **val,
                                size_t *vn);

/** How sure a sniffer is that `head` is a file of records opened by the
 *  tag `first`: 95 when the first line that is not blank is a `first` tag
 *  line; 60 when one of the first ten is and two more tag lines follow
 *  it (a header line or two before the records); else 0. */
int pdx_tagged__sniff(const char *head, size_t n, pdx_tag_line_fn tag_line, const char *first);

#endif
