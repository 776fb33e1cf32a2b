/*
 * ingest.h — what a driver above the ingest (eval/eval.c) may ask of it
 * beyond the public API (paperdex.h).
 */
#ifndef PDX_INGEST_INGEST_H
#define PDX_INGEST_INGEST_H

#include "paperdex.h"
#include "store.h"

/** Builds the ingest's documents with weights `w` from now on (no-op
 *  without a database): for `paperdex eval` sweeps on temporary databases
 *  only, since searches assume the defaults. */
void pdx_ingest__set_weights(pdx_ingest *ing, const pdx_store_weights *w);

#endif
