/*
 * names.h — author names: parsing a displayed name into its parts, keys
 * for the index, and deciding whether two spellings can be one person.
 *
 *   "R. T. Q. Chen"          given r t q (initials)     surname chen
 *   "Jörn-Henrik Jacobsen"   given jorn henrik          surname jacobsen
 *   "Lorraine, Jonathan"     given jonathan             surname lorraine
 *   "Sarah de Haas"          given sarah                surname de haas (core haas)
 *   "Martin Luther King Jr." given martin luther        surname king, suffix jr
 *   "JB Rubinovitz"          given j b (initials)       surname rubinovitz
 *
 * Every part is stored folded (lower case, no accents, no apostrophes,
 * hyphens split), so comparisons are plain byte comparisons.
 */
#ifndef PDX_NAMES_H
#define PDX_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

#define PDX_NAME_MAX_GIVEN 12

/** A parsed name.  Strings point into `store`. */
typedef struct pdx_name {
    pdx_buf store;                            /* the folded parts, NUL-separated */
    const char *given[PDX_NAME_MAX_GIVEN];    /* given names or initials, in order */
    bool initial[PDX_NAME_MAX_GIVEN];         /* given[i] was written as an initial */
    size_t n_given;
    const char *surname;                      /* with particles: "de haas" ("" if none) */
    const char *core;                         /* surname without particles: "haas" */
    const char *suffix;                       /* "jr", "iii", or NULL */
} pdx_name;

/** Parses `s[0..n)` ("Given Surname", "Surname, Given", "Surname, Jr.,
 *  Given").  A name with no letters gives an empty surname.
 *  @param[out] out  filled on success; free with pdx_name__free() on every
 *                   path (it is zeroed first)
 *  @return PDX_OK or PDX_ENOMEM */
pdx_status pdx_name__parse(pdx_name *out, const char *s, size_t n);

/** Frees a parsed name.  Accepts NULL. */
void pdx_name__free(pdx_name *nm);

/** True when the name has a surname (it had letters). */
bool pdx_name__ok(const pdx_name *nm);

/** Appends the full key: given names (initials as letters) then surname,
 *  space-separated: "ricky t q chen". */
void pdx_name__key_full(pdx_status *st, pdx_buf *out, const pdx_name *nm);
/** Appends the first-initial key: "r chen" (core surname). */
void pdx_name__key_initial(pdx_status *st, pdx_buf *out, const pdx_name *nm);
/** Appends the all-initials key: "rtq chen" (core surname). */
void pdx_name__key_initials(pdx_status *st, pdx_buf *out, const pdx_name *nm);

/** How a candidate name relates to an asked name. */
typedef enum pdx_name_rel {
    PDX_NAME_OTHER = 0,   /**< different people */
    PDX_NAME_SAME = 1,    /**< the same full key */
    PDX_NAME_COMPAT = 2,  /**< same surname and compatible given names:
                               initials for names, a name and its prefix
                               ("Jon"/"Jonathan"), or fewer given names */
} pdx_name_rel;

/** Compares an asked name with a candidate. */
pdx_name_rel pdx_name__compare(const pdx_name *asked, const pdx_name *cand);

#endif
