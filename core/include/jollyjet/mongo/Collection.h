#pragma once

#include "jollyjet/Export.h"

#include <cstdint>
#include <string>
#include <vector>

#include "jollyjet/mongo/Bson.h"
#include "jollyjet/mongo/OpMsg.h"

namespace jollyjet::mongo {

class ConnectionPool;

/// What find() reads. Null documents mean "none" (match all, natural order, all fields).
struct JOLLYJET_API FindOptions {
    Document::Ptr filter;
    Document::Ptr sort;        ///< e.g. {createdAt: -1, _id: -1}
    Document::Ptr projection;  ///< inclusion {a: 1} or exclusion {a: 0}
    std::int64_t skip = 0;
    std::int64_t limit = 0;    ///< 0: no limit
    std::int32_t batchSize = 0; ///< 0: the server's default (101 first, then up to 16 MB)
};

struct JOLLYJET_API UpdateResult {
    std::int64_t matched = 0;
    std::int64_t modified = 0;
};

/// One index for createIndexes. `name` empty: MongoDB's default ("field_1_other_-1").
struct JOLLYJET_API IndexSpec {
    Document::Ptr keys; ///< e.g. {sku: 1}
    bool unique = false;
    std::string name;
};

/// The CRUD commands on one collection, each on a connection borrowed from the pool
/// for the duration of the call.
///
/// Guarantees: find() and aggregate() return every matching document, reading all
/// batches with getMore on the same connection; if that fails midway, the server-side
/// cursor is killed (when the connection still works) and the error propagates, so no
/// partial result is ever returned as if complete. Errors are typed (Errors.h):
/// NetworkError when MongoDB is unreachable or slower than the socket timeout,
/// DuplicateKeyError for a unique index, CommandError for everything else the server
/// refuses. Documents passed in are not modified. Cheap to copy; it holds a reference
/// to the pool, which must outlive it.
class JOLLYJET_API Collection {
public:
    Collection(ConnectionPool& pool, std::string database, std::string name);

    const std::string& name() const { return name_; }
    const std::string& database() const { return database_; }

    /// insert with one document. The caller sets _id (e.g. ObjectId::generate().toHex());
    /// without one the server generates an ObjectId.
    void insertOne(const Document& document);
    /// insert, ordered, documents sent as a kind 1 sequence. Stops at the first error.
    void insertMany(const std::vector<Document::Ptr>& documents);

    /// find + getMore until the cursor is exhausted.
    std::vector<Document::Ptr> find(const FindOptions& options = {});
    /// The first match (after `sort`), or null when nothing matches.
    Document::Ptr findOne(const Document::Ptr& filter, const Document::Ptr& sort = nullptr,
                          const Document::Ptr& projection = nullptr);

    /// Number of documents matching `filter` (null: all), by aggregate $match + $count.
    std::int64_t countDocuments(const Document::Ptr& filter = nullptr);
    /// The `count` command. Without a filter MongoDB answers from the collection's
    /// metadata in constant time (after an unclean shutdown that number may be off
    /// until the collection is validated); with one it counts on the filter's index.
    std::int64_t count(const Document::Ptr& filter = nullptr);
    /// Runs `pipeline` and returns every result document.
    std::vector<Document::Ptr> aggregate(const std::vector<Document::Ptr>& pipeline,
                                         std::int32_t batchSize = 0);

    /// update with an operator document ({$set: {...}, $inc: {...}}), upsert false.
    UpdateResult updateOne(const Document& filter, const Document& update);
    UpdateResult updateMany(const Document& filter, const Document& update);

    /// findAndModify: applies `update` to the first match (after `sort`) and returns
    /// the document as it is after the update (`new: true`), or before it when
    /// `returnNew` is false. Null when nothing matched (no upsert).
    Document::Ptr findOneAndUpdate(const Document& filter, const Document& update,
                                   const Document::Ptr& sort = nullptr, bool returnNew = true);

    /// delete with limit 1 / 0; returns how many were deleted.
    std::int64_t deleteOne(const Document& filter);
    std::int64_t deleteMany(const Document& filter);

    /// createIndexes; existing identical indexes are fine (MongoDB treats it as a no-op).
    void createIndexes(const std::vector<IndexSpec>& indexes);
    /// drop; a collection that does not exist is not an error.
    void drop();

private:
    Document::Ptr run(const Document& command, const std::vector<DocumentSequence>& sequences = {});
    UpdateResult update(const Document& filter, const Document& update, bool multi);
    std::int64_t remove(const Document& filter, int limit);

    ConnectionPool* pool_;
    std::string database_;
    std::string name_;
};

/// MongoDB's default index name for `keys`: "a_1_b_-1".
JOLLYJET_API std::string defaultIndexName(const Document& keys);

} // namespace jollyjet::mongo
