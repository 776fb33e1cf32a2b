/*
 * peer.cc — the minimal Xapian loader and searcher of the benchmark (see
 * pdx_peer.h).  Deliberately plain: Xapian's own text processing and
 * defaults, as its documentation's examples use them, so that the
 * benchmark measures what Xapian itself costs.
 */
#include "pdx_peer.h"

#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

struct pdx_peer {
    Xapian::Database *db = nullptr;
    Xapian::WritableDatabase *wdb = nullptr;
    Xapian::TermGenerator tg;
    Xapian::QueryParser qp;
    Xapian::Stem stem{"english"};
    std::string err;
};

namespace {

char *dup_msg(const std::string &s) {
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (p)
        std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

pdx_status fail(pdx_peer *p, const char *doing) noexcept {
    try {
        try {
            throw;
        } catch (const Xapian::Error &e) {
            p->err = std::string(doing) + ": " + e.get_description();
            return PDX_EDB;
        } catch (const std::bad_alloc &) {
            p->err = std::string(doing) + ": out of memory";
            return PDX_ENOMEM;
        } catch (...) {
            p->err = std::string(doing) + ": unknown error";
            return PDX_EDB;
        }
    } catch (...) {
        return PDX_ENOMEM;
    }
}

} // namespace

extern "C" {

pdx_status pdx_peer_open(pdx_peer **out, const char *path, bool writable,
                         char **errmsg) noexcept {
    *out = nullptr;
    if (errmsg)
        *errmsg = nullptr;
    pdx_peer *p = nullptr;
    try {
        p = new pdx_peer;
        if (writable) {
            p->wdb = new Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
            p->db = p->wdb;
        } else {
            p->db = new Xapian::Database(path);
        }
        p->tg.set_stemmer(p->stem);
        p->qp.set_stemmer(p->stem);
        p->qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        p->qp.set_default_op(Xapian::Query::OP_OR);
        p->qp.add_prefix("author", "A");
        p->qp.set_database(*p->db);
        *out = p;
        return PDX_OK;
    } catch (const Xapian::Error &e) {
        if (errmsg)
            *errmsg = dup_msg(std::string(path) + ": " + e.get_description());
    } catch (...) {
    }
    if (p)
        delete p->db;
    delete p;
    return PDX_EDB;
}

pdx_status pdx_peer_add(pdx_peer *p, const char *title, const char *abstract,
                        const char *authors, const char *data, size_t n_data) noexcept {
    try {
        Xapian::Document doc;
        p->tg.set_document(doc);
        p->tg.index_text(title);
        p->tg.increase_termpos();
        p->tg.index_text(abstract);
        p->tg.increase_termpos();
        p->tg.index_text(authors);
        p->tg.index_text(authors, 1, "A");
        doc.set_data(std::string(data, n_data));
        p->wdb->add_document(doc);
        return PDX_OK;
    } catch (...) {
        return fail(p, "adding a document");
    }
}

pdx_status pdx_peer_commit(pdx_peer *p) noexcept {
    try {
        p->wdb->commit();
        return PDX_OK;
    } catch (...) {
        return fail(p, "committing");
    }
}

pdx_status pdx_peer_search(pdx_peer *p, const char *query, unsigned k,
                           unsigned *n_hits) noexcept {
    *n_hits = 0;
    try {
        Xapian::Query q = p->qp.parse_query(query, Xapian::QueryParser::FLAG_DEFAULT);
        Xapian::Enquire enq(*p->db);
        enq.set_query(q);
        Xapian::MSet m = enq.get_mset(0, k);
        size_t bytes = 0;
        for (auto it = m.begin(); it != m.end(); ++it) {
            bytes += it.get_document().get_data().size();
            ++*n_hits;
        }
        (void)bytes;
        return PDX_OK;
    } catch (...) {
        return fail(p, "searching");
    }
}

unsigned long pdx_peer_doccount(pdx_peer *p) noexcept {
    try {
        return p->db->get_doccount();
    } catch (...) {
        return 0;
    }
}

const char *pdx_peer_errmsg(const pdx_peer *p) noexcept { return p ? p->err.c_str() : ""; }

void pdx_peer_close(pdx_peer *p) noexcept {
    if (!p)
        return;
    try {
        if (p->wdb)
            p->wdb->close();
    } catch (...) {
    }
    delete p->db;
    delete p;
}

} // extern "C"
