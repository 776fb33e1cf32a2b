/*
 * shim.cc — the C shim over Xapian (see pdx_index.h).
 *
 * Why a shim: the rest of paperdex is C11, and Xapian reports every failure
 * by throwing.  Each extern "C" function below wraps its whole body in a
 * try block; shim_fail() rethrows the active exception once and maps the
 * exception classes to pdx_status values in one place (as notmuch does in
 * lib/database.cc), storing "doing X: <Xapian's message>" on the handle as a
 * copied std::string, never as a pointer into the exception.
 *
 * Readers can meet DatabaseModifiedError when a writer commits twice while
 * they read; every read path therefore goes through with_retry(), which
 * reopens the database and runs the operation once more.
 */
#include "pdx_index.h"

#include <xapian.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <vector>

/* One database a stub lists (see "stubs" below). */
struct pdx_shard {
    std::string name;  // as the stub names it: "shard-2", "remote tcp 10.0.0.5:7001"
    std::string dir;   // a local shard's directory ("" for a remote one)
    std::string host;  // a remote shard's server
    unsigned port = 0;
    Xapian::Database db;                   // its own handle (the same object as *w)
    Xapian::WritableDatabase *w = nullptr; // non-null when opened for writing
    bool lost = false; // unreachable: an empty stand-in takes its place
};

struct pdx_ixdb {
    std::string path;
    Xapian::Database *db = nullptr;          // the reading view (== wdb when writable)
    Xapian::WritableDatabase *wdb = nullptr; // non-null when opened for writing (one database)
    std::string err;                         // message of the last failure
    double time_limit = 0;                   // seconds a match may take; 0 = no limit
    /* A stub's databases, in its order; empty for one plain database.
     * Then `db` is Xapian's multi-database over them (global statistics,
     * one ranking) and document ids are interleaved: shard k's document
     * d is (d - 1) * n + k + 1 (Xapian's numbering). */
    std::vector<pdx_shard> shards;
    bool shards_writable = false; // every shard has its `w`
    bool partial_ok = false;      // an unreachable shard is left out, not an error
    /* A group of another database's shards (pdx_index__group): its `w`
     * handles share that database's writers, which close them; a new
     * document goes to shard (route % route_total) / route_step of the
     * group, so that it lands where the whole database would put it. */
    bool borrowed = false;
    uint64_t route_total = 0, route_step = 1;
};

struct pdx_ixdoc {
    Xapian::Document doc;
};

struct pdx_ixquery {
    Xapian::Query q;
};

struct pdx_ixmset {
    Xapian::MSet mset;
    /* hits asked for start at mset[skip]: the MSet is always requested
     * from rank 0 (see pdx_index__search) */
    Xapian::doccount skip = 0;
    /* facet k: (term without prefix, count), most frequent first */
    std::vector<std::vector<std::pair<std::string, uint64_t>>> facets;
};

struct pdx_ixterms {
    Xapian::TermIterator it, end;
    std::string cur;     // the term handed out by the last terms_next()
    bool started = false;
    bool per_doc = false; // a document's term list: freq is the wdf
    pdx_status st = PDX_OK;
};

struct pdx_ixstem {
    Xapian::Stem stem;
};

namespace {

char *dup_bytes(const std::string &s) {
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (p) {
        std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
    }
    return p;
}

/* Damage in a table file shows as DatabaseCorruptError, but also as a plain
 * DatabaseError from the B-tree code ("EOF reading block 4" for a cut
 * file, "Block 6 item 108: not in sorted order", "dir_end invalid in block
 * 72"), as DatabaseOpeningError for a table file that is gone ("Couldn't
 * open db/termlist.glass read/write"; a reader gets FeatureUnavailableError
 * "Database has no termlist"), or as DocNotFoundError when the index names
 * a document whose term list cannot be read. */
bool looks_damaged(const std::string &m) {
    static const char *const signs[] = {
        "block", "Block", "corrupt", "Corrupt", "checksum", "dir_end", "sorted order",
        ".glass", "No termlist", "Unexpected end", "out of order", "inflate", "deflate",
        "overwritten", "Item", "revision", "truncated", "Tag containing",
    };
    for (const char *s : signs)
        if (m.find(s) != std::string::npos)
            return true;
    return false;
}

/* The one message a damaged database gets, whichever command met it. */
std::string damaged(const std::string &path, const char *doing, const std::string &why) {
    return "database " + path + " is damaged: " + (*doing ? std::string(doing) + ": " : "") +
           why + "; `paperdex check` tells more; `paperdex rebuild` reads its sources again";
}

/* Maps the exception being handled to a status and a message.  Must be
 * called from inside a catch block.  `path` names the database. */
pdx_status map_exception(const std::string &path, const char *doing, std::string &msg) noexcept {
    try {
        try {
            throw;
        } catch (const Xapian::DatabaseLockError &) {
            msg = "database " + path + " is locked by another writer (is an ingest running?)";
            return PDX_ELOCKED;
        } catch (const Xapian::DatabaseNotFoundError &) {
            msg = "no paperdex database at " + path;
            return PDX_ENOTFOUND;
        } catch (const Xapian::DatabaseCorruptError &e) {
            msg = damaged(path, doing, e.get_msg());
            return PDX_ECORRUPT;
        } catch (const Xapian::DatabaseVersionError &e) {
            msg = std::string(doing) + ": database " + path +
                  " has an unsupported format: " + e.get_msg();
            return PDX_ECORRUPT;
        } catch (const Xapian::DatabaseOpeningError &e) {
            if (looks_damaged(e.get_msg())) {
                msg = damaged(path, doing, e.get_msg());
                return PDX_ECORRUPT;
            }
            msg = std::string(doing) + ": cannot open database " + path + ": " + e.get_msg();
            return PDX_ECORRUPT;
        } catch (const Xapian::DatabaseModifiedError &e) {
            msg = std::string(doing) + ": " + e.get_type() + ": " + e.get_msg();
            return PDX_EDB;
        } catch (const Xapian::DatabaseError &e) {
            if (looks_damaged(e.get_msg())) {
                msg = damaged(path, doing, e.get_msg());
                return PDX_ECORRUPT;
            }
            msg = std::string(doing) + ": " + e.get_type() + ": " + e.get_msg();
            return PDX_EDB;
        } catch (const Xapian::DocNotFoundError &e) {
            if (!path.empty() && looks_damaged(e.get_msg())) {
                msg = damaged(path, doing, e.get_msg());
                return PDX_ECORRUPT;
            }
            msg = std::string(doing) + ": " + e.get_type() + ": " + e.get_msg();
            return PDX_EDB;
        } catch (const Xapian::FeatureUnavailableError &e) {
            /* "Database has no termlist": its table file is gone */
            if (!path.empty() && e.get_msg().find("has no ") != std::string::npos) {
                msg = damaged(path, doing, e.get_msg());
                return PDX_ECORRUPT;
            }
            msg = std::string(doing) + ": " + e.get_type() + ": " + e.get_msg();
            return PDX_EDB;
        } catch (const Xapian::InvalidArgumentError &e) {
            msg = std::string(doing) + ": " + e.get_msg();
            return PDX_EINVAL;
        } catch (const Xapian::Error &e) {
            msg = std::string(doing) + ": " + e.get_type() + ": " + e.get_msg();
            if (!e.get_error_string() || !*e.get_error_string())
                return PDX_EDB;
            msg += std::string(" (") + e.get_error_string() + ")";
            return PDX_EDB;
        } catch (const std::bad_alloc &) {
            msg = std::string(doing) + ": out of memory";
            return PDX_ENOMEM;
        } catch (const std::exception &e) {
            msg = std::string(doing) + ": " + e.what();
            return PDX_EDB;
        } catch (...) {
            msg = std::string(doing) + ": unknown error";
            return PDX_EDB;
        }
    } catch (...) {
        /* Building the message itself failed (out of memory). */
        return PDX_ENOMEM;
    }
}

pdx_status shim_fail(pdx_ixdb *db, const char *doing) noexcept {
    std::string msg;
    pdx_status st = map_exception(db->path, doing, msg);
    try {
        db->err = msg;
    } catch (...) {
        db->err.clear();
    }
    return st;
}

/* For handle-less calls (documents, queries): only the status survives. */
pdx_status shim_fail_quiet() noexcept {
    std::string msg;
    return map_exception(std::string(), "", msg);
}

void shards_lost(pdx_ixdb *db, const Xapian::NetworkError &e);

template <class F> void with_retry(pdx_ixdb *db, F f) {
    try {
        f();
    } catch (const Xapian::DatabaseModifiedError &) {
        /* A writer committing fast (a two-job ingest's batches) can move on
         * twice more during a slow read: try again a few times, each on
         * the newest revision. */
        for (int tries = 1;; tries++) {
            db->db->reopen();
            try {
                f();
                return;
            } catch (const Xapian::DatabaseModifiedError &) {
                if (tries >= 5)
                    throw;
            }
        }
    } catch (const Xapian::NetworkError &e) {
        /* a shard's server went away: named, or left out (partial) */
        if (db->shards.empty())
            throw;
        shards_lost(db, e);
        for (size_t tries = 1;; tries++) {
            try {
                f();
                return;
            } catch (const Xapian::NetworkError &again) {
                if (tries > db->shards.size())
                    throw;
                shards_lost(db, again);
            }
        }
    }
}

Xapian::Query::op to_xop(pdx_qop op) {
    switch (op) {
    case PDX_QOP_AND: return Xapian::Query::OP_AND;
    case PDX_QOP_OR: return Xapian::Query::OP_OR;
    case PDX_QOP_AND_NOT: return Xapian::Query::OP_AND_NOT;
    case PDX_QOP_FILTER: return Xapian::Query::OP_FILTER;
    case PDX_QOP_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
    case PDX_QOP_PHRASE: return Xapian::Query::OP_PHRASE;
    case PDX_QOP_NEAR: return Xapian::Query::OP_NEAR;
    case PDX_QOP_SYNONYM: return Xapian::Query::OP_SYNONYM;
    case PDX_QOP_MAX: return Xapian::Query::OP_MAX;
    }
    throw Xapian::InvalidArgumentError("unknown query operator");
}

bool term_fits(size_t n) { return n > 0 && n <= PDX_INDEX_MAX_TERM; }

/* Accepts the terms of one prefix and not those of longer prefixes that
 * start with it: for "Z", "Zgraph" but not "ZSgraph". */
class PrefixDecider : public Xapian::ExpandDecider {
    std::string pfx;

  public:
    explicit PrefixDecider(std::string p) : pfx(std::move(p)) {}
    bool operator()(const std::string &t) const override {
        if (t.size() <= pfx.size() || t.compare(0, pfx.size(), pfx) != 0)
            return false;
        unsigned char c = static_cast<unsigned char>(t[pfx.size()]);
        return !(c >= 'A' && c <= 'Z');
    }
};

/* Matches the documents where term `whole` has a wdf above `mult` times the
 * wdf of term `part` plus the wdf of `other` (0 when absent): walks the
 * first posting list and skips along the others in step, so it costs one
 * pass over each. */
class ExcessSource : public Xapian::PostingSource {
    std::string whole, part, other;
    unsigned mult;
    Xapian::Database db;
    Xapian::PostingIterator it, end, pit, pend, oit, oend;
    Xapian::doccount tf = 0;
    bool started = false;

    static Xapian::termcount wdf_at(Xapian::PostingIterator &p, const Xapian::PostingIterator &e,
                                    Xapian::docid d) {
        if (p != e && *p < d)
            p.skip_to(d);
        return (p != e && *p == d) ? p.get_wdf() : 0;
    }
    bool ok() {
        Xapian::docid d = *it;
        Xapian::termcount in_part = wdf_at(pit, pend, d);
        Xapian::termcount in_other = other.empty() ? 0 : wdf_at(oit, oend, d);
        return it.get_wdf() > static_cast<Xapian::termcount>(mult) * in_part + in_other;
    }
    void settle() {
        while (it != end && !ok())
            ++it;
    }

  public:
    ExcessSource(std::string w, std::string p, unsigned m, std::string o)
        : whole(std::move(w)), part(std::move(p)), other(std::move(o)), mult(m) {}
    void init(const Xapian::Database &d) override {
        db = d;
        it = db.postlist_begin(whole);
        end = db.postlist_end(whole);
        pit = db.postlist_begin(part);
        pend = db.postlist_end(part);
        if (!other.empty()) {
            oit = db.postlist_begin(other);
            oend = db.postlist_end(other);
        }
        tf = db.get_termfreq(whole);
        started = false;
        set_maxweight(0);
    }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return tf; }
    Xapian::doccount get_termfreq_max() const override { return tf; }
    void next(double) override {
        if (started && it != end)
            ++it;
        started = true;
        settle();
    }
    void skip_to(Xapian::docid did, double) override {
        started = true;
        if (it != end && *it < did)
            it.skip_to(did);
        settle();
    }
    bool at_end() const override { return started && it == end; }
    Xapian::docid get_docid() const override { return *it; }
    Xapian::PostingSource *clone() const override {
        return new ExcessSource(whole, part, mult, other);
    }
};

/* Matches a fixed set of documents, in docid order, weighing nothing: under
 * OP_FILTER it confines a match to them, so a query is scored on those
 * few documents only (feedback's second pass re-ranks the first pass's
 * top hits this way, skipping along each term's posting list to them
 * instead of walking it). */
class DocidSource : public Xapian::PostingSource {
    std::vector<Xapian::docid> global; // ascending, no repeats: the whole database's ids
    std::vector<std::string> uuids;    // the shards' UUIDs in stub order; empty: one database
    std::vector<Xapian::docid> ids;    // the ids in the (sub)database init() was given
    size_t at = 0;
    bool started = false;

  public:
    DocidSource(std::vector<Xapian::docid> v, std::vector<std::string> u)
        : global(std::move(v)), uuids(std::move(u)), ids(global) {}
    /* Over shards, Xapian runs a clone of the source on each shard with the
     * shard's own document ids: shard k's document d is the whole
     * database's (d - 1) * n + k + 1.  The shard is known by its UUID. */
    void init(const Xapian::Database &db) override {
        at = 0;
        started = false;
        set_maxweight(0);
        if (uuids.size() < 2)
            return;
        size_t n = uuids.size(), k = 0;
        std::string u = db.get_uuid();
        while (k < n && uuids[k] != u)
            k++;
        ids.clear();
        for (Xapian::docid g : global)
            if (k < n && (g - 1) % n == k)
                ids.push_back((g - 1) / static_cast<Xapian::docid>(n) + 1);
    }
    /* a listed document may have been deleted since */
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override {
        return static_cast<Xapian::doccount>(ids.size());
    }
    Xapian::doccount get_termfreq_max() const override {
        return static_cast<Xapian::doccount>(ids.size());
    }
    void next(double) override {
        if (started && at < ids.size())
            at++;
        started = true;
    }
    void skip_to(Xapian::docid did, double) override {
        started = true;
        at = static_cast<size_t>(std::lower_bound(ids.begin() + static_cast<std::ptrdiff_t>(at),
                                                  ids.end(), did) -
                                 ids.begin());
    }
    bool at_end() const override { return started && at >= ids.size(); }
    Xapian::docid get_docid() const override { return ids[at]; }
    Xapian::PostingSource *clone() const override { return new DocidSource(global, uuids); }
};

/* Counts, over every matching document, the terms of some prefixes. */
class PrefixSpy : public Xapian::MatchSpy {
  public:
    std::vector<std::string> prefixes;
    std::vector<std::map<std::string, uint64_t>> counts;

    explicit PrefixSpy(std::vector<std::string> p) : prefixes(std::move(p)), counts(prefixes.size()) {}
    void operator()(const Xapian::Document &doc, double) override {
        for (size_t k = 0; k < prefixes.size(); k++) {
            const std::string &pfx = prefixes[k];
            Xapian::TermIterator t = doc.termlist_begin();
            Xapian::TermIterator te = doc.termlist_end();
            for (t.skip_to(pfx); t != te; ++t) {
                const std::string &term = *t;
                if (term.compare(0, pfx.size(), pfx) != 0)
                    break;
                /* "Y2019" but not "YX..." of a longer prefix */
                unsigned char c = term.size() > pfx.size() ? term[pfx.size()] : 'A';
                if (c >= 'A' && c <= 'Z')
                    continue;
                counts[k][term.substr(pfx.size())]++;
            }
        }
    }
};

/* The weighting scheme of a search. */
Xapian::Weight *make_weight(const pdx_ixsearch *o) {
    double k1 = o->k1 > 0 ? o->k1 : 1.0;
    double b = o->b > 0 ? o->b : 0.5;
    switch (o->weighting) {
    case PDX_IXW_BM25PLUS:
        return new Xapian::BM25PlusWeight(k1, 0, 1, b, 0.5, o->param > 0 ? o->param : 1.0);
    case PDX_IXW_LM:
        return new Xapian::LMWeight(0.0, Xapian::Weight::DIRICHLET_SMOOTHING,
                                    o->param > 0 ? o->param : 2000.0, 0.0);
    case PDX_IXW_PL2: return new Xapian::PL2Weight(o->param > 0 ? o->param : 1.0);
    case PDX_IXW_DPH: return new Xapian::DPHWeight();
    case PDX_IXW_INL2: return new Xapian::InL2Weight(o->param > 0 ? o->param : 1.0);
    case PDX_IXW_BM25: break;
    }
    return new Xapian::BM25Weight(k1, 0, 1, b, 0.5);
}

/* Whether a shard is served by xapian-tcpsrv, which runs only Xapian's
 * own match spies and posting sources, not paperdex's. */
bool has_remote(const pdx_ixdb *db) {
    for (const auto &sh : db->shards)
        if (sh.dir.empty() && !sh.lost)
            return true;
    return false;
}

/* The facet counts of `q` where the match spy cannot go (a remote shard):
 * every match's term list is read and counted here, one round trip per
 * match to its shard (docs/scale-out.md has the cost). */
void remote_facets(pdx_ixdb *db, const Xapian::Query &q, PrefixSpy &spy) {
    Xapian::Enquire all(*db->db);
    all.set_query(q);
    all.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet ms = all.get_mset(0, db->db->get_doccount());
    for (auto it = ms.begin(); it != ms.end(); ++it)
        spy(it.get_document(), 0);
}

} // namespace

extern "C" {

/* ---- the library ---------------------------------------------------- */

const char *pdx_xapian_version(void) {
    return Xapian::version_string();  /* static text inside libxapian */
}

/* ---- databases ------------------------------------------------------- */

} // extern "C"

/* ---- stubs: one database over several shards --------------------------

A stub is Xapian's own: a text file (or a directory holding one named
XAPIANDB) with one database a line, which paperdex reads itself so that it
can name a shard that fails, leave it out when asked, and write to each:

    glass shard-0                 a local glass directory (relative to the stub)
    auto /data/pdx/shard-1        the same, any backend
    remote tcp 10.0.0.5:7001      a shard served by xapian-tcpsrv
    remote 10.0.0.5:7001          the same, in Xapian's own spelling

Blank lines and lines starting with '#' are skipped. */

namespace {

/* Timeouts of a remote shard (ms): a search waits this long for a reply,
 * a connection this long to be accepted. */
const unsigned REMOTE_TIMEOUT = 30000, REMOTE_CONNECT = 5000;

/* The stub file of `path`: itself when it is a file, its XAPIANDB when it
 * is a directory holding one; "" when it is no stub. */
std::string stub_file(const std::string &path) {
    struct stat sb;
    if (stat(path.c_str(), &sb) != 0)
        return "";
    if (S_ISREG(sb.st_mode))
        return path;
    std::string f = path + "/XAPIANDB";
    if (S_ISDIR(sb.st_mode) && stat(f.c_str(), &sb) == 0 && S_ISREG(sb.st_mode))
        return f;
    return "";
}

/* Reads the stub's lines into shards (not yet open). */
void parse_stub(const std::string &stub, std::vector<pdx_shard> &out) {
    FILE *fp = std::fopen(stub.c_str(), "r");
    if (!fp)
        throw Xapian::DatabaseOpeningError("cannot read stub " + stub, errno);
    std::string base = stub.substr(0, stub.rfind('/') == std::string::npos ? 0 : stub.rfind('/') + 1);
    char line[4096];
    unsigned lineno = 0;
    std::string bad;
    while (bad.empty() && std::fgets(line, sizeof line, fp)) {
        lineno++;
        std::istringstream in(line);
        std::string kind, a, b, extra;
        in >> kind >> a >> b >> extra;
        if (kind.empty() || kind[0] == '#')
            continue;
        pdx_shard sh;
        if (kind == "remote") {
            std::string hp = a == "tcp" ? b : a;
            size_t colon = hp.rfind(':');
            char *end = nullptr;
            unsigned long port = colon == std::string::npos ? 0
                                 : std::strtoul(hp.c_str() + colon + 1, &end, 10);
            if (!port || port > 65535 || *end || (a == "tcp" ? !extra.empty() : !b.empty())) {
                bad = "want 'remote tcp HOST:PORT'";
                break;
            }
            sh.host = hp.substr(0, colon);
            sh.port = static_cast<unsigned>(port);
            sh.name = "remote tcp " + hp;
        } else if ((kind == "auto" || kind == "glass") && !a.empty() && b.empty()) {
            sh.dir = a[0] == '/' ? a : base + a;
            sh.name = a;
        } else {
            bad = "want 'glass DIR', 'auto DIR' or 'remote tcp HOST:PORT'";
            break;
        }
        out.push_back(std::move(sh));
    }
    std::fclose(fp);
    if (!bad.empty())
        throw Xapian::DatabaseOpeningError(stub + ":" + std::to_string(lineno) + ": " + bad);
    if (out.empty())
        throw Xapian::DatabaseOpeningError(stub + ": the stub lists no database");
}

/* Opens one shard; a server that cannot be reached is named. */
void open_shard(pdx_shard &sh, bool writable) {
    try {
        if (!sh.dir.empty() && writable) {
            sh.w = new Xapian::WritableDatabase(sh.dir, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
            sh.db = *sh.w;
        } else if (!sh.dir.empty()) {
            sh.db = Xapian::Database(sh.dir);
        } else if (writable) {
            sh.w = new Xapian::WritableDatabase(
                Xapian::Remote::open_writable(sh.host, sh.port, REMOTE_TIMEOUT, REMOTE_CONNECT));
            sh.db = *sh.w;
        } else {
            sh.db = Xapian::Remote::open(sh.host, sh.port, REMOTE_TIMEOUT, REMOTE_CONNECT);
        }
    } catch (const Xapian::NetworkError &e) {
        throw Xapian::NetworkError("shard " + sh.name + " is unreachable: " + e.get_msg(),
                                   e.get_context());
    }
}

/* Xapian's multi-database over the shards, a lost one replaced by an
 * empty database so that the others' document ids stay as they were. */
void build_view(pdx_ixdb *db) {
    std::unique_ptr<Xapian::Database> v(new Xapian::Database());
    for (auto &sh : db->shards)
        v->add_database(sh.lost ? Xapian::Database(Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY)) : sh.db);
    delete db->db;
    db->db = v.release();
}

/* The database whose metadata (schema, flags, each input file's state)
 * speaks for all: Xapian's multi-database reads metadata from its first
 * shard only, and paperdex writes its file states there alone (see
 * pdx_index__meta_set); if that shard is lost, the next one (every shard
 * carries the schema keys). */
Xapian::Database &meta_db(pdx_ixdb *db) {
    for (auto &sh : db->shards)
        if (!sh.lost)
            return sh.db;
    return *db->db;
}

/* The shard of (interleaved) document `docid` and its id there. */
pdx_shard &shard_of(pdx_ixdb *db, Xapian::docid docid, Xapian::docid &local) {
    size_t n = db->shards.size();
    local = (docid - 1) / n + 1;
    return db->shards[(docid - 1) % n];
}

/* Finds which remote shards no longer answer after `e`: not partial, that
 * is an error naming them; partial, they are left out and the view is
 * built again.  A failure no shard accounts for is `e` again.  Each
 * remote shard is asked on a new connection: after a failed match the
 * others' connections still hold replies nobody read. */
void shards_lost(pdx_ixdb *db, const Xapian::NetworkError &e) {
    std::string names;
    for (auto &sh : db->shards) {
        if (sh.lost || !sh.dir.empty() || sh.w)
            continue;
        try {
            sh.db = Xapian::Remote::open(sh.host, sh.port, REMOTE_TIMEOUT, REMOTE_CONNECT);
        } catch (const Xapian::NetworkError &) {
            names += (names.empty() ? "" : ", ") + sh.name;
            if (db->partial_ok)
                sh.lost = true;
        }
    }
    build_view(db); /* on the new connections */
    if (names.empty())
        throw e;
    if (!db->partial_ok)
        throw Xapian::NetworkError("shard " + names + " of " + db->path + " stopped answering: " +
                                   e.get_msg());
}

} // namespace

extern "C" {

pdx_status pdx_index__open_ex(pdx_ixdb **out, const char *path, unsigned flags,
                              char **errmsg) noexcept {
    *out = nullptr;
    if (errmsg)
        *errmsg = nullptr;
    bool writable = flags & PDX_IX_WRITE;
    pdx_ixdb *db = nullptr;
    try {
        db = new pdx_ixdb;
        db->path = path;
        db->partial_ok = (flags & PDX_IX_PARTIAL) && !writable;
        std::string stub = stub_file(path);
        if (!stub.empty()) {
            parse_stub(stub, db->shards);
            for (auto &sh : db->shards) {
                try {
                    open_shard(sh, writable);
                } catch (const Xapian::NetworkError &) {
                    if (!db->partial_ok)
                        throw;
                    sh.lost = true;
                }
            }
            db->shards_writable = writable;
            build_view(db);
        } else if (writable) {
            db->wdb = new Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN |
                                                             Xapian::DB_BACKEND_GLASS);
            db->db = db->wdb;
        } else {
            db->db = new Xapian::Database(path);
        }
        *out = db;
        return PDX_OK;
    } catch (...) {
        std::string msg;
        pdx_status st = map_exception(path, "opening database", msg);
        if (errmsg)
            *errmsg = dup_bytes(msg);
        if (db) {
            for (auto &sh : db->shards)
                delete sh.w;
            delete db->db;
            delete db;
        }
        return st;
    }
}

pdx_status pdx_index__open(pdx_ixdb **out, const char *path, bool writable,
                           char **errmsg) noexcept {
    return pdx_index__open_ex(out, path, writable ? PDX_IX_WRITE : 0, errmsg);
}

size_t pdx_index__shard_count(const pdx_ixdb *db) noexcept { return db->shards.size(); }

const char *pdx_index__shard_name(const pdx_ixdb *db, size_t i, bool *lost,
                                  bool *remote) noexcept {
    if (i >= db->shards.size())
        return nullptr;
    if (lost)
        *lost = db->shards[i].lost;
    if (remote)
        *remote = db->shards[i].dir.empty();
    return db->shards[i].name.c_str();
}

const char *pdx_index__shard_dir(const pdx_ixdb *db, size_t i) noexcept {
    return i < db->shards.size() && !db->shards[i].dir.empty() ? db->shards[i].dir.c_str()
                                                                : nullptr;
}

pdx_status pdx_index__group(pdx_ixdb **out, pdx_ixdb *whole, size_t g, size_t n) noexcept {
    *out = nullptr;
    pdx_ixdb *db = nullptr;
    try {
        if (!whole->shards_writable || whole->borrowed || n == 0 || g >= n ||
            g >= whole->shards.size())
            throw Xapian::InvalidOperationError("a group needs a writable sharded database");
        db = new pdx_ixdb;
        db->path = whole->path;
        db->borrowed = true;
        db->route_total = whole->shards.size();
        db->route_step = n;
        for (size_t k = g; k < whole->shards.size(); k += n) {
            pdx_shard sh = whole->shards[k];
            sh.w = nullptr;
            db->shards.push_back(sh);
            db->shards.back().w = new Xapian::WritableDatabase(*whole->shards[k].w);
        }
        db->shards_writable = true;
        build_view(db);
        *out = db;
        return PDX_OK;
    } catch (...) {
        if (db) {
            for (auto &sh : db->shards)
                delete sh.w;
            delete db->db;
            delete db;
        }
        return shim_fail(whole, "taking a group of shards");
    }
}

void pdx_index__close(pdx_ixdb *db) noexcept {
    if (!db)
        return;
    try {
        if (db->wdb)
            db->wdb->close(); // commits, releases the lock now
        /* the others first, the first shard (the file states) last: see
         * pdx_index__commit */
        for (size_t i = 1; i <= db->shards.size() && !db->borrowed; i++)
            if (db->shards[i % db->shards.size()].w)
                db->shards[i % db->shards.size()].w->close();
    } catch (...) {
        /* Nothing to report to: the caller commits explicitly when it
         * cares, so a failure here only loses the uncommitted tail. */
    }
    for (auto &sh : db->shards)
        delete sh.w;
    delete db->db;
    delete db;
}

const char *pdx_index__errmsg(const pdx_ixdb *db) noexcept {
    return db ? db->err.c_str() : "";
}

const char *pdx_index__path(const pdx_ixdb *db) noexcept { return db->path.c_str(); }

bool pdx_index__writable(const pdx_ixdb *db) noexcept {
    return db->wdb != nullptr || db->shards_writable;
}

pdx_status pdx_index__reopen(pdx_ixdb *db) noexcept {
    try {
        if (!db->wdb)
            db->db->reopen();
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "reopening database");
    }
}

pdx_status pdx_index__commit(pdx_ixdb *db) noexcept {
    try {
        if (db->shards_writable) {
            /* The first shard last: it holds the input files' states, so
             * a crash in between leaves papers committed that no state
             * claims (read again, they land where they are), never a
             * state claiming papers that are not there. */
            for (size_t i = 1; i <= db->shards.size(); i++)
                db->shards[i % db->shards.size()].w->commit();
            return PDX_OK;
        }
        if (!db->wdb)
            throw Xapian::InvalidOperationError("database is open read-only");
        db->wdb->commit();
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "committing");
    }
}

pdx_status pdx_index__doccount(uint64_t *out, pdx_ixdb *db) noexcept {
    *out = 0;
    try {
        with_retry(db, [&] { *out = db->db->get_doccount(); });
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "counting documents");
    }
}

pdx_status pdx_index__termcount(uint64_t *out, pdx_ixdb *db, const char *prefix,
                                size_t n_prefix) noexcept {
    *out = 0;
    try {
        std::string pfx(prefix, n_prefix);
        with_retry(db, [&] {
            uint64_t count = 0;
            for (auto it = db->db->allterms_begin(pfx); it != db->db->allterms_end(pfx); ++it)
                ++count;
            *out = count;
        });
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "counting terms");
    }
}

pdx_status pdx_index__termfreq(uint64_t *out, pdx_ixdb *db, const char *term,
                               size_t n) noexcept {
    *out = 0;
    try {
        std::string t(term, n);
        with_retry(db, [&] { *out = db->db->get_termfreq(t); });
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "reading term frequency");
    }
}

pdx_status pdx_index__meta_get(char **out, size_t *n_out, pdx_ixdb *db,
                               const char *key) noexcept {
    *out = nullptr;
    *n_out = 0;
    try {
        std::string v;
        with_retry(db, [&] { v = meta_db(db).get_metadata(key); });
        if (!(*out = dup_bytes(v)))
            return PDX_ENOMEM;
        *n_out = v.size();
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "reading metadata");
    }
}

pdx_status pdx_index__meta_has_prefix(bool *out, pdx_ixdb *db, const char *prefix) noexcept {
    *out = false;
    try {
        with_retry(db, [&] {
            Xapian::Database &m = meta_db(db);
            *out = m.metadata_keys_begin(prefix) != m.metadata_keys_end(prefix);
        });
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "reading metadata");
    }
}

pdx_status pdx_index__meta_list(char **out, size_t *n_out, pdx_ixdb *db,
                                const char *prefix) noexcept {
    *out = nullptr;
    *n_out = 0;
    try {
        std::string all;
        with_retry(db, [&] {
            all.clear();
            Xapian::Database &m = meta_db(db);
            for (auto it = m.metadata_keys_begin(prefix); it != m.metadata_keys_end(prefix); ++it) {
                std::string k = *it;
                all += k;
                all += '\0';
                all += m.get_metadata(k);
                all += '\0';
            }
        });
        if (!(*out = dup_bytes(all)))
            return PDX_ENOMEM;
        *n_out = all.size();
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "reading metadata");
    }
}

pdx_status pdx_index__meta_set(pdx_ixdb *db, const char *key, const char *value,
                               size_t n) noexcept {
    try {
        if (db->shards_writable) {
            db->shards[0].w->set_metadata(key, std::string(value, n)); /* see meta_db() */
            return PDX_OK;
        }
        if (!db->wdb)
            throw Xapian::InvalidOperationError("database is open read-only");
        db->wdb->set_metadata(key, std::string(value, n));
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "writing metadata");
    }
}

/* ---- documents ------------------------------------------------------- */

pdx_status pdx_index__doc_new(pdx_ixdoc **out) noexcept {
    try {
        *out = new pdx_ixdoc;
        return PDX_OK;
    } catch (...) {
        *out = nullptr;
        return shim_fail_quiet();
    }
}

void pdx_index__doc_free(pdx_ixdoc *doc) noexcept { delete doc; }

pdx_status pdx_index__doc_clear(pdx_ixdoc *doc) noexcept {
    try {
        doc->doc = Xapian::Document();
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

pdx_status pdx_index__doc_posting(pdx_ixdoc *doc, const char *term, size_t n, uint32_t pos,
                                  uint32_t wdf) noexcept {
    try {
        if (term_fits(n))
            doc->doc.add_posting(std::string(term, n), pos, wdf);
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

pdx_status pdx_index__doc_term(pdx_ixdoc *doc, const char *term, size_t n,
                               uint32_t wdf) noexcept {
    try {
        if (term_fits(n))
            doc->doc.add_term(std::string(term, n), wdf);
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

pdx_status pdx_index__doc_boolean(pdx_ixdoc *doc, const char *term, size_t n) noexcept {
    try {
        if (term_fits(n))
            doc->doc.add_boolean_term(std::string(term, n));
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

pdx_status pdx_index__doc_set_data(pdx_ixdoc *doc, const char *data, size_t n) noexcept {
    try {
        doc->doc.set_data(std::string(data, n));
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

pdx_status pdx_index__doc_set_value(pdx_ixdoc *doc, unsigned slot, const char *v,
                                    size_t n) noexcept {
    try {
        doc->doc.add_value(slot, std::string(v, n));
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

pdx_status pdx_index__put(pdx_ixdb *db, uint32_t docid, const pdx_ixdoc *doc,
                          uint32_t *docid_out) noexcept {
    return pdx_index__put_routed(db, docid, doc, 0, docid_out);
}

pdx_status pdx_index__put_routed(pdx_ixdb *db, uint32_t docid, const pdx_ixdoc *doc,
                                 uint64_t route, uint32_t *docid_out) noexcept {
    if (docid_out)
        *docid_out = 0;
    try {
        if (db->shards_writable) {
            Xapian::docid local = 0;
            size_t n = db->shards.size();
            if (docid) {
                shard_of(db, docid, local).w->replace_document(local, doc->doc);
            } else {
                size_t k = static_cast<size_t>(
                    db->route_total ? route % db->route_total / db->route_step % n : route % n);
                local = db->shards[k].w->add_document(doc->doc);
                docid = static_cast<Xapian::docid>((local - 1) * n + k + 1);
            }
            if (docid_out)
                *docid_out = docid;
            return PDX_OK;
        }
        if (!db->wdb)
            throw Xapian::InvalidOperationError("database is open read-only");
        if (docid) {
            db->wdb->replace_document(docid, doc->doc);
        } else {
            docid = db->wdb->add_document(doc->doc);
        }
        if (docid_out)
            *docid_out = docid;
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "storing a paper");
    }
}

pdx_status pdx_index__delete(pdx_ixdb *db, uint32_t docid) noexcept {
    try {
        if (db->shards_writable) {
            Xapian::docid local = 0;
            shard_of(db, docid, local).w->delete_document(local);
            return PDX_OK;
        }
        if (!db->wdb)
            throw Xapian::InvalidOperationError("database is open read-only");
        db->wdb->delete_document(docid);
        return PDX_OK;
    } catch (const Xapian::DocNotFoundError &) {
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "deleting a paper");
    }
}

pdx_status pdx_index__find(uint32_t *out, pdx_ixdb *db, const char *term, size_t n) noexcept {
    *out = 0;
    try {
        std::string t(term, n);
        with_retry(db, [&] {
            Xapian::PostingIterator p = db->db->postlist_begin(t);
            *out = p == db->db->postlist_end(t) ? 0 : *p;
        });
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "looking up a term");
    }
}

pdx_status pdx_index__postings(uint32_t **out, size_t *n_out, pdx_ixdb *db, const char *term,
                               size_t n, size_t max) noexcept {
    *out = nullptr;
    *n_out = 0;
    try {
        std::string t(term, n);
        std::vector<uint32_t> ids;
        with_retry(db, [&] {
            ids.clear();
            for (auto p = db->db->postlist_begin(t); p != db->db->postlist_end(t); ++p) {
                if (ids.size() >= max)
                    break;
                ids.push_back(*p);
            }
        });
        if (ids.empty())
            return PDX_OK;
        uint32_t *a = static_cast<uint32_t *>(std::malloc(ids.size() * sizeof *a));
        if (!a)
            return PDX_ENOMEM;
        std::memcpy(a, ids.data(), ids.size() * sizeof *a);
        *out = a;
        *n_out = ids.size();
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "reading a posting list");
    }
}

pdx_status pdx_index__doc_data(char **out, size_t *n_out, pdx_ixdb *db,
                               uint32_t docid) noexcept {
    *out = nullptr;
    *n_out = 0;
    try {
        std::string data;
        with_retry(db, [&] { data = db->db->get_document(docid).get_data(); });
        if (!(*out = dup_bytes(data)))
            return PDX_ENOMEM;
        *n_out = data.size();
        return PDX_OK;
    } catch (const Xapian::DocNotFoundError &) {
        db->err = "no document " + std::to_string(docid) + " in " + db->path;
        return PDX_ENOTFOUND;
    } catch (...) {
        return shim_fail(db, "reading a paper");
    }
}

/* ---- terms ----------------------------------------------------------- */

pdx_status pdx_index__terms(pdx_ixterms **out, pdx_ixdb *db, const char *prefix,
                            size_t n) noexcept {
    *out = nullptr;
    pdx_ixterms *it = nullptr;
    try {
        it = new pdx_ixterms;
        std::string pfx(prefix, n);
        with_retry(db, [&] {
            it->it = db->db->allterms_begin(pfx);
            it->end = db->db->allterms_end(pfx);
        });
        *out = it;
        return PDX_OK;
    } catch (...) {
        delete it;
        return shim_fail(db, "listing terms");
    }
}

pdx_status pdx_index__doc_terms(pdx_ixterms **out, pdx_ixdb *db, uint32_t docid) noexcept {
    *out = nullptr;
    pdx_ixterms *it = nullptr;
    try {
        it = new pdx_ixterms;
        it->per_doc = true;
        with_retry(db, [&] {
            it->it = db->db->termlist_begin(docid);
            it->end = db->db->termlist_end(docid);
        });
        *out = it;
        return PDX_OK;
    } catch (...) {
        delete it;
        return shim_fail(db, "listing a paper's terms");
    }
}

bool pdx_index__terms_next(pdx_ixterms *it, const char **term, size_t *n,
                           uint32_t *freq) noexcept {
    try {
        if (it->st != PDX_OK)
            return false;
        if (it->started && it->it != it->end)
            ++it->it;
        it->started = true;
        if (it->it == it->end)
            return false;
        it->cur = *it->it;
        *term = it->cur.data();
        *n = it->cur.size();
        if (freq)
            *freq = it->per_doc ? it->it.get_wdf() : it->it.get_termfreq();
        return true;
    } catch (...) {
        it->st = shim_fail_quiet();
        return false;
    }
}

void pdx_index__terms_skip(pdx_ixterms *it, const char *term, size_t n) noexcept {
    try {
        if (it->st != PDX_OK)
            return;
        it->it.skip_to(std::string(term, n));
        /* the next terms_next() hands out the current term, not the one
         * after it */
        it->started = false;
    } catch (...) {
        it->st = shim_fail_quiet();
    }
}

pdx_status pdx_index__terms_status(const pdx_ixterms *it) noexcept { return it->st; }

void pdx_index__terms_free(pdx_ixterms *it) noexcept { delete it; }

/* ---- queries --------------------------------------------------------- */

pdx_status pdx_index__q_term(pdx_ixquery **out, const char *term, size_t n, unsigned wqf,
                             unsigned pos) noexcept {
    *out = nullptr;
    try {
        *out = new pdx_ixquery{Xapian::Query(std::string(term, n), wqf ? wqf : 1, pos)};
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

pdx_status pdx_index__q_combine(pdx_ixquery **out, pdx_qop op, pdx_ixquery *const *subs,
                                size_t n, unsigned window) noexcept {
    *out = nullptr;
    try {
        std::vector<Xapian::Query> v;
        v.reserve(n);
        for (size_t i = 0; i < n; i++)
            if (subs[i])
                v.push_back(subs[i]->q);
        Xapian::Query q;
        if (!v.empty())
            q = Xapian::Query(to_xop(op), v.begin(), v.end(), window);
        *out = new pdx_ixquery{q};
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

pdx_status pdx_index__q_elite(pdx_ixquery **out, const pdx_ixquery *q, unsigned n) noexcept {
    *out = nullptr;
    try {
        Xapian::Query r = q->q;
        if (q->q.get_type() == Xapian::Query::OP_OR && q->q.get_num_subqueries() > n) {
            std::vector<Xapian::Query> v;
            for (size_t i = 0; i < n; i++)
                v.push_back(q->q.get_subquery(i));
            r = Xapian::Query(Xapian::Query::OP_OR, v.begin(), v.end());
        }
        *out = new pdx_ixquery{r};
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

pdx_status pdx_index__q_scale(pdx_ixquery **out, const pdx_ixquery *q, double factor) noexcept {
    *out = nullptr;
    try {
        *out = new pdx_ixquery{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor)};
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

pdx_status pdx_index__q_range(pdx_ixquery **out, unsigned slot, const char *lo,
                              const char *hi) noexcept {
    *out = nullptr;
    try {
        Xapian::Query q;
        if (lo && hi)
            q = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi);
        else if (lo)
            q = Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo);
        else if (hi)
            q = Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi);
        else
            q = Xapian::Query::MatchAll;
        *out = new pdx_ixquery{q};
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

pdx_status pdx_index__q_wildcard(pdx_ixquery **out, pdx_ixdb *db, const char *prefix,
                                 size_t n, unsigned max_expansion) noexcept {
    *out = nullptr;
    try {
        std::string pfx(prefix, n);
        std::vector<Xapian::Query> terms;
        bool too_many = false;
        with_retry(db, [&] {
            terms.clear();
            too_many = false;
            for (auto it = db->db->allterms_begin(pfx); it != db->db->allterms_end(pfx); ++it) {
                if (terms.size() >= max_expansion) {
                    too_many = true;
                    break;
                }
                terms.emplace_back(*it);
            }
        });
        if (too_many) {
            db->err = "the wildcard '" + pfx + "*' matches more than " +
                      std::to_string(max_expansion) + " words; make the prefix longer";
            return PDX_EQUERY;
        }
        Xapian::Query q;
        if (!terms.empty())
            q = Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
        *out = new pdx_ixquery{q};
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "expanding a wildcard");
    }
}

pdx_status pdx_index__q_excess(pdx_ixquery **out, const char *whole, size_t n_whole,
                               const char *part, size_t n_part, unsigned mult, const char *other,
                               size_t n_other) noexcept {
    *out = nullptr;
    try {
        auto *src = new ExcessSource(std::string(whole, n_whole), std::string(part, n_part), mult,
                                     std::string(other, n_other));
        *out = new pdx_ixquery{Xapian::Query(src->release())};
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

bool pdx_index__has_remote(const pdx_ixdb *db) noexcept {
    for (const auto &sh : db->shards)
        if (sh.dir.empty())
            return true;
    return false;
}

pdx_status pdx_index__q_docids(pdx_ixquery **out, pdx_ixdb *db, const uint32_t *ids,
                               size_t n) noexcept {
    *out = nullptr;
    try {
        /* Xapian joins the shards' UUIDs with ':' (none has one itself) */
        std::vector<std::string> uuids;
        if (db->shards.size() > 1) {
            std::string all = db->db->get_uuid();
            size_t from = 0;
            for (size_t to; (to = all.find(':', from)) != std::string::npos; from = to + 1)
                uuids.push_back(all.substr(from, to - from));
            uuids.push_back(all.substr(from));
            if (uuids.size() != db->shards.size()) {
                db->err = "the shards' UUIDs do not name each shard once";
                return PDX_EDB;
            }
        }
        std::vector<Xapian::docid> v(ids, ids + n);
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
        if (!v.empty() && v[0] == 0) /* not a document */
            v.erase(v.begin());
        Xapian::Query q = Xapian::Query::MatchNothing;
        if (!v.empty())
            q = Xapian::Query((new DocidSource(std::move(v), std::move(uuids)))->release());
        *out = new pdx_ixquery{q};
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

pdx_status pdx_index__q_all(pdx_ixquery **out) noexcept {
    *out = nullptr;
    try {
        *out = new pdx_ixquery{Xapian::Query::MatchAll};
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

bool pdx_index__q_empty(const pdx_ixquery *q) noexcept { return q->q.empty(); }

char *pdx_index__q_describe(const pdx_ixquery *q) noexcept {
    try {
        return dup_bytes(q->q.get_description());
    } catch (...) {
        return nullptr;
    }
}

void pdx_index__q_free(pdx_ixquery *q) noexcept { delete q; }

/* ---- running queries -------------------------------------------------- */

pdx_status pdx_index__search(pdx_ixmset **out, pdx_ixdb *db, const pdx_ixquery *q,
                             const pdx_ixsearch *opts) noexcept {
    *out = nullptr;
    pdx_ixmset *m = nullptr;
    try {
        m = new pdx_ixmset;
        with_retry(db, [&] {
            Xapian::Enquire enq(*db->db);
            enq.set_query(q->q);
            /* past the limit Xapian stops looking at further matches: the
             * hits are the best found so far, the total an estimate */
            if (db->time_limit > 0)
                enq.set_time_limit(db->time_limit);
            if (opts->boolean) {
                enq.set_weighting_scheme(Xapian::BoolWeight());
            } else {
                std::unique_ptr<Xapian::Weight> w(make_weight(opts));
                enq.set_weighting_scheme(*w);
            }
            if (opts->sort_slot >= 0)
                enq.set_sort_by_value_then_relevance(static_cast<unsigned>(opts->sort_slot),
                                                     opts->sort_descending);
            std::unique_ptr<PrefixSpy> spy;
            Xapian::doccount check = opts->check_at_least;
            if (opts->n_facets) {
                std::vector<std::string> p;
                for (size_t k = 0; k < opts->n_facets; k++)
                    p.emplace_back(opts->facets[k]);
                spy.reset(new PrefixSpy(std::move(p)));
                if (!has_remote(db)) /* else remote_facets() below */
                    enq.add_matchspy(spy.get());
                check = db->db->get_doccount();
            }
            /* Xapian 1.4.22's MSet::fetch() crashes (reads before the
             * start of its items) when the MSet's first rank is not 0:
             * fetch_() hands MSet::Internal::fetch_items() 0-based
             * indices, which subtracts `firstitem` from them again
             * (Enquire::Internal::request_doc on items[i - firstitem]).
             * So the MSet is requested from rank 0 and the first `first`
             * hits are skipped here.  It costs nothing the match did not
             * pay already (ranking hits first..first+max means ranking
             * those before them), and it makes a page a slice of one
             * longer list, so pages put together are that list. */
            Xapian::doccount want = static_cast<Xapian::doccount>(opts->first) + opts->max;
            if (want < opts->max) /* wrapped */
                want = static_cast<Xapian::doccount>(-1);
            m->mset = enq.get_mset(0, want, check);
            m->skip = std::min<Xapian::doccount>(opts->first, m->mset.size());
            m->facets.clear();
            if (spy && has_remote(db))
                remote_facets(db, q->q, *spy);
            if (spy) {
                for (auto &c : spy->counts) {
                    std::vector<std::pair<std::string, uint64_t>> v(c.begin(), c.end());
                    std::stable_sort(v.begin(), v.end(), [](const auto &a, const auto &b) {
                        return a.second > b.second;
                    });
                    m->facets.push_back(std::move(v));
                }
                enq.clear_matchspies();
            }
            /* Fetch the documents now, so a later commit by a writer cannot
             * invalidate them while the caller reads. */
            if (!opts->ids_only && m->skip < m->mset.size())
                m->mset.fetch(m->mset[m->skip], m->mset.end());
        });
        *out = m;
        return PDX_OK;
    } catch (...) {
        delete m;
        return shim_fail(db, "searching");
    }
}

size_t pdx_index__mset_size(const pdx_ixmset *m) noexcept { return m->mset.size() - m->skip; }

uint64_t pdx_index__mset_total(const pdx_ixmset *m) noexcept {
    return m->mset.get_matches_estimated();
}

bool pdx_index__mset_total_exact(const pdx_ixmset *m) noexcept {
    return m->mset.get_matches_lower_bound() == m->mset.get_matches_upper_bound();
}

uint32_t pdx_index__mset_docid(const pdx_ixmset *m, size_t i) noexcept {
    try {
        return *(m->mset[m->skip + static_cast<Xapian::doccount>(i)]);
    } catch (...) {
        return 0;
    }
}

double pdx_index__mset_weight(const pdx_ixmset *m, size_t i) noexcept {
    try {
        return m->mset[m->skip + static_cast<Xapian::doccount>(i)].get_weight();
    } catch (...) {
        return 0;
    }
}

pdx_status pdx_index__mset_data(char **out, size_t *n_out, pdx_ixdb *db, const pdx_ixmset *m,
                                size_t i) noexcept {
    *out = nullptr;
    *n_out = 0;
    try {
        std::string data;
        Xapian::MSetIterator hit = m->mset[m->skip + static_cast<Xapian::doccount>(i)];
        Xapian::docid did = *hit;
        try {
            data = hit.get_document().get_data();
        } catch (const Xapian::DatabaseModifiedError &) {
            db->db->reopen();
            data = db->db->get_document(did).get_data();
        }
        if (!(*out = dup_bytes(data)))
            return PDX_ENOMEM;
        *n_out = data.size();
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "reading a hit");
    }
}

void pdx_index__mset_free(pdx_ixmset *m) noexcept { delete m; }

size_t pdx_index__facet_size(const pdx_ixmset *m, size_t k) noexcept {
    return k < m->facets.size() ? m->facets[k].size() : 0;
}

const char *pdx_index__facet(const pdx_ixmset *m, size_t k, size_t i, size_t *n,
                             uint64_t *count) noexcept {
    *n = 0;
    *count = 0;
    if (k >= m->facets.size() || i >= m->facets[k].size())
        return nullptr;
    const auto &e = m->facets[k][i];
    *n = e.first.size();
    *count = e.second;
    return e.first.c_str();
}

/* ---- expansion ------------------------------------------------------- */

pdx_status pdx_index__expand(pdx_ixquery **out, size_t *n_out, pdx_ixdb *db,
                             const pdx_ixquery *exclude, const uint32_t *docids, size_t n_docs,
                             unsigned max_terms, double max_df, const char *prefix,
                             size_t n_prefix, pdx_ixexpand scheme) noexcept {
    *out = nullptr;
    if (n_out)
        *n_out = 0;
    try {
        PrefixDecider decider(std::string(prefix, n_prefix));
        std::vector<Xapian::Query> terms;
        with_retry(db, [&] {
            terms.clear();
            Xapian::Enquire enq(*db->db);
            if (exclude)
                enq.set_query(exclude->q);
            enq.set_expansion_scheme(scheme == PDX_IXE_BO1 ? "bo1" : "trad");
            Xapian::RSet rset;
            for (size_t i = 0; i < n_docs; i++)
                rset.add_document(docids[i]);
            if (rset.empty() || max_terms == 0)
                return;
            /* over shards, each term's exact frequency in all of them
             * (Xapian otherwise estimates it from the shards the
             * relevant documents are on): the same terms as one database */
            Xapian::ESet eset = enq.get_eset(
                max_terms, rset, db->shards.empty() ? 0 : Xapian::Enquire::USE_EXACT_TERMFREQ,
                &decider);
            /* After the choice, not in the decider: there it would cost a
             * frequency look-up per candidate (hundreds), here one per
             * chosen term. */
            double limit = max_df > 0 && max_df < 1 ? max_df * db->db->get_doccount() : 0;
            std::vector<std::pair<std::string, double>> kept;
            double sum = 0;
            for (auto it = eset.begin(); it != eset.end(); ++it) {
                if (it.get_weight() <= 0)
                    continue;
                sum += it.get_weight();
                if (!(limit > 0 && db->db->get_termfreq(*it) > limit))
                    kept.emplace_back(*it, it.get_weight());
            }
            for (const auto &k : kept)
                terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(k.first),
                                   k.second / sum);
        });
        Xapian::Query q;
        if (!terms.empty())
            q = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
        *out = new pdx_ixquery{q};
        if (n_out)
            *n_out = terms.size();
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "expanding a query");
    }
}

/* ---- stemming -------------------------------------------------------- */

pdx_status pdx_index__stem_new(pdx_ixstem **out, const char *language) noexcept {
    *out = nullptr;
    try {
        *out = new pdx_ixstem{Xapian::Stem(language)};
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

pdx_status pdx_index__stem(pdx_ixstem *s, const char *w, size_t n, char *buf, size_t cap,
                           size_t *n_out) noexcept {
    *n_out = 0;
    try {
        std::string r = s->stem(std::string(w, n));
        size_t len = r.size() < cap ? r.size() : cap;
        std::memcpy(buf, r.data(), len);
        *n_out = len;
        return PDX_OK;
    } catch (...) {
        return shim_fail_quiet();
    }
}

void pdx_index__stem_free(pdx_ixstem *s) noexcept { delete s; }

/* ---- checking ---------------------------------------------------------- */

pdx_status pdx_index__check(char **report, size_t *errors, const char *path) noexcept {
    *report = nullptr;
    *errors = 0;
    try {
        std::ostringstream out;
        *errors = Xapian::Database::check(path, 0, &out);
        /* Without DBCHECK_SHOW_* options the stream only gets the
         * problems: an empty report means a sound database. */
        if (!(*report = dup_bytes(out.str())))
            return PDX_ENOMEM;
        return PDX_OK;
    } catch (const Xapian::DatabaseError &e) {
        /* The check stops at damage it cannot step over. */
        *report = dup_bytes(std::string("database ") + path + " is damaged: " + e.get_msg() +
                            "; `paperdex rebuild` reads its sources again");
        return PDX_ECORRUPT;
    } catch (...) {
        std::string msg;
        pdx_status st = map_exception(path, "checking database", msg);
        *report = dup_bytes(msg);
        return st;
    }
}

/* ---- probing: the cheap check before use ---------------------------------- */

namespace {

/* Reads what every table keeps at its two ends: the root-to-leaf paths to
 * its first and last entries.  Damage elsewhere is not seen here. */
void probe_reads(Xapian::Database &d) {
    std::string k;
    for (auto it = d.metadata_keys_begin(); it != d.metadata_keys_end(); ++it)
        k = d.get_metadata(*it); /* every key: the source states live there */
    Xapian::TermIterator t = d.allterms_begin(), te = d.allterms_end();
    if (t != te) {
        std::string first = *t;
        for (auto p = d.postlist_begin(first); p != d.postlist_end(first); ++p)
            (void)p.get_wdf();
        t.skip_to(std::string(8, '\xff')); /* down the path to the last leaf */
    }
    if (d.get_doccount() == 0)
        return;
    Xapian::docid ends[2] = {0, d.get_lastdocid()};
    auto p = d.postlist_begin(std::string());
    if (p != d.postlist_end(std::string()))
        ends[0] = *p;
    for (Xapian::docid id : ends) {
        if (!id)
            continue;
        Xapian::Document doc;
        try {
            doc = d.get_document(id);
        } catch (const Xapian::DocNotFoundError &) {
            continue; /* the last id may have been deleted */
        }
        k = doc.get_data();
        bool pos = false;
        for (auto ti = d.termlist_begin(id); ti != d.termlist_end(id); ++ti) {
            if (!pos && ti.positionlist_count()) {
                for (auto pi = ti.positionlist_begin(); pi != ti.positionlist_end(); ++pi)
                    (void)*pi;
                pos = true;
            }
        }
    }
}

} // namespace

pdx_status pdx_index__probe(pdx_ixdb *db, uint64_t full_max) noexcept {
    try {
        /* a remote shard is its server's to probe (its term lists have
         * no position counts over the network) */
        if (db->shards.empty())
            with_retry(db, [&] { probe_reads(*db->db); });
        for (auto &sh : db->shards)
            if (!sh.lost && !sh.dir.empty())
                probe_reads(sh.db);
        /* The table files of the database, or of each local shard (a
         * remote one is its server's to check). */
        std::vector<std::string> dirs;
        if (db->shards.empty() && db->db->get_doccount() > 0)
            dirs.push_back(db->path);
        for (auto &sh : db->shards)
            if (!sh.lost && !sh.dir.empty() && sh.db.get_doccount() > 0)
                dirs.push_back(sh.dir);
        /* A table file that is gone: Xapian opens the others lazily, and
         * a database without a term list is valid to it, not to us. */
        for (const std::string &dir : dirs) {
            static const char *const tables[] = {"postlist", "termlist", "docdata", "position"};
            for (const char *t : tables) {
                std::string f = dir + "/" + t + ".glass";
                if (access(f.c_str(), F_OK) != 0) {
                    db->err = damaged(db->path, "", "table file " + f + " is missing");
                    return PDX_ECORRUPT;
                }
            }
        }
        if (!full_max)
            return PDX_OK;
        for (const std::string &dir : dirs) {
            uint64_t size = 0;
            static const char *const tables[] = {"postlist", "termlist", "docdata", "position",
                                                 "spelling", "synonym"};
            struct stat sb;
            for (const char *t : tables)
                if (stat((dir + "/" + t + ".glass").c_str(), &sb) == 0)
                    size += (uint64_t)sb.st_size;
            if (size > full_max)
                continue;
            std::ostringstream out;
            size_t errors = Xapian::Database::check(dir, 0, &out);
            if (errors) {
                std::string first = out.str();
                first = first.substr(0, first.find('\n'));
                db->err = damaged(dir, "", first.empty() ? "Xapian's check found errors" : first);
                return PDX_ECORRUPT;
            }
        }
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "checking database");
    }
}

/* ---- compacting ---------------------------------------------------------- */

pdx_status pdx_index__compact(const char *src, const char *dst, char **errmsg) noexcept {
    if (errmsg)
        *errmsg = nullptr;
    try {
        Xapian::Database db;
        std::string stub = stub_file(src);
        std::vector<pdx_shard> shards;
        if (!stub.empty())
            parse_stub(stub, shards);
        for (auto &sh : shards) {
            if (sh.dir.empty())
                throw Xapian::InvalidOperationError("shard " + sh.name +
                                                    " is remote: compact merges local shards");
            db.add_database(Xapian::Database(sh.dir));
        }
        /* one database keeps its document ids; shards (whose ids overlap)
         * are renumbered, each one's documents after the previous one's */
        if (shards.empty())
            db = Xapian::Database(src);
        db.compact(dst, (shards.empty() ? Xapian::DBCOMPACT_NO_RENUMBER : 0) |
                            Xapian::Compactor::FULLER);
        return PDX_OK;
    } catch (...) {
        std::string msg;
        pdx_status st = map_exception(src, "compacting database", msg);
        if (errmsg)
            *errmsg = dup_bytes(msg + " (into " + dst + ")");
        return st;
    }
}

pdx_status pdx_index__compact_merge(const char *const *srcs, size_t n, const char *dst,
                                    char **errmsg) noexcept {
    if (errmsg)
        *errmsg = nullptr;
    std::string at = n ? srcs[0] : "";
    try {
        Xapian::Database db;
        for (size_t i = 0; i < n; i++) {
            at = srcs[i];
            db.add_database(Xapian::Database(srcs[i]));
        }
        /* renumbered: each source's documents follow the previous one's */
        db.compact(dst, Xapian::Compactor::FULLER);
        return PDX_OK;
    } catch (...) {
        std::string msg;
        pdx_status st = map_exception(at.c_str(), "merging databases", msg);
        if (errmsg)
            *errmsg = dup_bytes(msg + " (into " + dst + ")");
        return st;
    }
}

/* ---- term statistics, for the relevance model ------------------------- */

pdx_status pdx_index__doc_vector(pdx_ixdb *db, uint32_t docid, const char *prefix,
                                 size_t n_prefix, bool with_df, pdx_ixtv_fn fn,
                                 void *payload) noexcept {
    try {
        PrefixDecider accept(std::string(prefix, n_prefix));
        std::string pfx(prefix, n_prefix);
        pdx_status st = PDX_OK;
        /* The terms are copied first: the callback may take its time, and
         * a retry must not call it twice for a term. */
        std::vector<std::pair<std::string, std::pair<uint32_t, uint32_t>>> v;
        with_retry(db, [&] {
            v.clear();
            Xapian::TermIterator t = db->db->termlist_begin(docid);
            Xapian::TermIterator te = db->db->termlist_end(docid);
            for (t.skip_to(pfx); t != te; ++t) {
                const std::string &term = *t;
                if (term.compare(0, pfx.size(), pfx) != 0)
                    break;
                if (!accept(term))
                    continue;
                v.emplace_back(term, std::make_pair(static_cast<uint32_t>(t.get_wdf()),
                                                    with_df ? static_cast<uint32_t>(t.get_termfreq())
                                                            : 0u));
            }
        });
        for (size_t i = 0; !st && i < v.size(); i++)
            st = fn(v[i].first.data(), v[i].first.size(), v[i].second.first, v[i].second.second,
                    payload);
        return st;
    } catch (const Xapian::DocNotFoundError &) {
        db->err = "no document " + std::to_string(docid);
        return PDX_ENOTFOUND;
    } catch (...) {
        return shim_fail(db, "reading a document's terms");
    }
}

pdx_status pdx_index__term_stats(uint64_t *df_out, uint64_t *cf_out, pdx_ixdb *db,
                                 const char *term, size_t n) noexcept {
    *df_out = 0;
    if (cf_out)
        *cf_out = 0;
    try {
        std::string t(term, n);
        with_retry(db, [&] {
            *df_out = db->db->get_termfreq(t);
            if (cf_out)
                *cf_out = db->db->get_collection_freq(t);
        });
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "reading term statistics");
    }
}

pdx_status pdx_index__term_freqs(uint64_t *df_out, pdx_ixdb *db, const char *const *terms,
                                 const size_t *n, size_t count) noexcept {
    for (size_t i = 0; i < count; i++)
        df_out[i] = 0;
    if (!count)
        return PDX_OK;
    try {
        if (!has_remote(db)) {
            with_retry(db, [&] {
                for (size_t i = 0; i < count; i++)
                    df_out[i] = db->db->get_termfreq(std::string(terms[i], n[i]));
            });
            return PDX_OK;
        }
        /* A match's statistics phase asks every server for all its terms'
         * frequencies in one message; a look-up each would be a round
         * trip each, to every server. */
        std::vector<Xapian::Query> qs;
        qs.reserve(count);
        for (size_t i = 0; i < count; i++)
            qs.emplace_back(std::string(terms[i], n[i]));
        with_retry(db, [&] {
            Xapian::Enquire e(*db->db);
            e.set_query(Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end()));
            e.set_weighting_scheme(Xapian::BoolWeight());
            Xapian::MSet m = e.get_mset(0, 0);
            for (size_t i = 0; i < count; i++)
                df_out[i] = m.get_termfreq(std::string(terms[i], n[i]));
        });
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "reading term statistics");
    }
}

pdx_status pdx_index__collection(uint64_t *docs_out, uint64_t *length_out,
                                 pdx_ixdb *db) noexcept {
    *docs_out = *length_out = 0;
    try {
        with_retry(db, [&] {
            *docs_out = db->db->get_doccount();
            *length_out = db->db->get_total_length();
        });
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "reading collection statistics");
    }
}

pdx_status pdx_index__doc_length(uint64_t *out, pdx_ixdb *db, uint32_t docid) noexcept {
    *out = 0;
    try {
        with_retry(db, [&] { *out = db->db->get_doclength(docid); });
        return PDX_OK;
    } catch (...) {
        return shim_fail(db, "reading a document's length");
    }
}

pdx_status pdx_index__q_terms(const pdx_ixquery *q, const char *prefix, size_t n_prefix,
                              pdx_ixtv_fn fn, void *payload) noexcept {
    try {
        PrefixDecider accept(std::string(prefix, n_prefix));
        std::map<std::string, uint32_t> wqf;
        for (auto t = q->q.get_terms_begin(); t != q->q.get_terms_end(); ++t)
            if (accept(*t))
                wqf[*t]++;
        pdx_status st = PDX_OK;
        for (auto it = wqf.begin(); !st && it != wqf.end(); ++it)
            st = fn(it->first.data(), it->first.size(), it->second, 0, payload);
        return st;
    } catch (...) {
        return shim_fail_quiet();
    }
}

} // extern "C"

void pdx_index__set_time_limit(pdx_ixdb *db, double seconds) noexcept {
    db->time_limit = seconds > 0 ? seconds : 0;
}
