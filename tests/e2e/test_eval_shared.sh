#!/bin/bash
# End-to-end: the default ranking on the user's two evaluation collections
# (../shared/eval) stays at or above the targets of issue 7 (5% over the
# best peer: NFCorpus 0.3254 → 0.342, Cranfield 0.3623 → 0.380).  About
# 20 s under ASan.  Skipped when ../shared is absent.
. "$(dirname "$0")/lib.sh"
need_shared eval/nfcorpus/corpus.jsonl eval/cranfield/corpus.jsonl

test_expect "NFCorpus: nDCG@10 at least 0.342 over its 323 test queries" '
    run 0 "$TMP/nf.json" pdx eval --json "$SHARED/eval/nfcorpus"
    cat "$TMP/nf.json"
    json_ok "$TMP/nf.json" ".queries == 323 and .docs == 3633 and .\"ndcg@10\" >= 0.342"'

test_expect "Cranfield: nDCG@10 at least 0.380 over its 225 queries" '
    run 0 "$TMP/cr.json" pdx eval --json "$SHARED/eval/cranfield"
    cat "$TMP/cr.json"
    json_ok "$TMP/cr.json" ".queries == 225 and .\"ndcg@10\" >= 0.380"'

test_done
