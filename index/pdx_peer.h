/*
 * pdx_peer.h — the benchmark's "minimal Xapian" peer: what a program built
 * on Xapian with no more than its defaults does (TermGenerator with the
 * English stemmer, one commit; QueryParser and BM25, top ten).  It is the
 * ceiling that anything built on Xapian is measured against
 * (tools/bench.c), and it is used by nothing else.
 *
 * Like the shim (pdx_index.h), every function is noexcept and no C++ type
 * crosses this header.  Messages are copied into the handle; a function
 * that fails before there is a handle fills `errmsg` (caller frees).
 */
#ifndef PDX_PEER_H
#define PDX_PEER_H

#include <stdbool.h>
#include <stddef.h>

#include "paperdex.h"

#ifdef __cplusplus
extern "C" {
#define PDX_PEER_NOEXCEPT noexcept
#else
#define PDX_PEER_NOEXCEPT
#endif

typedef struct pdx_peer pdx_peer;

/** Opens (creating when `writable`) the peer database at `path`.
 *  @return PDX_OK, PDX_EDB (message in *errmsg), PDX_ENOMEM */
pdx_status pdx_peer_open(pdx_peer **out, const char *path, bool writable,
                         char **errmsg) PDX_PEER_NOEXCEPT;

/** Indexes one paper: title, abstract and author names as text through
 *  TermGenerator (positions, unstemmed words and Z-prefixed stems), the
 *  author names also under the prefix "A" (for `author:`), and `data`
 *  stored as the document's data (a program shows its results from it). */
pdx_status pdx_peer_add(pdx_peer *p, const char *title, const char *abstract,
                        const char *authors, const char *data, size_t n_data) PDX_PEER_NOEXCEPT;

/** Commits what was added. */
pdx_status pdx_peer_commit(pdx_peer *p) PDX_PEER_NOEXCEPT;

/** Runs `query` through QueryParser (default operator OR, phrases,
 *  `author:` for the author prefix, the English stemmer with STEM_SOME),
 *  BM25 with Xapian's defaults, and reads the data of the top `k` hits.
 *  @param[out] n_hits  hits read */
pdx_status pdx_peer_search(pdx_peer *p, const char *query, unsigned k,
                           unsigned *n_hits) PDX_PEER_NOEXCEPT;

/** Number of documents. */
unsigned long pdx_peer_doccount(pdx_peer *p) PDX_PEER_NOEXCEPT;

/** The message of the last failure ("" if none).  Borrowed. */
const char *pdx_peer_errmsg(const pdx_peer *p) PDX_PEER_NOEXCEPT;

/** Closes (a writer commits first).  Accepts NULL. */
void pdx_peer_close(pdx_peer *p) PDX_PEER_NOEXCEPT;

#ifdef __cplusplus
}
#endif
#endif
