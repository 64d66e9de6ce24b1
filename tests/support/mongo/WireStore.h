#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "BsonValue.h"
#include "CommandFailure.h"

namespace jollyjet::test::wire {

/// A unique index refused a write: code 11000 with the index's key pattern and the
/// clashing values, which MongoDB reports in writeErrors and findAndModify errors.
class DuplicateKey : public CommandFailure {
public:
    DuplicateKey(const std::string& message, Document::Ptr keyPattern, Document::Ptr keyValue)
        : CommandFailure(11000, "DuplicateKey", message), keyPattern(std::move(keyPattern)),
          keyValue(std::move(keyValue)) {}
    Document::Ptr keyPattern;
    Document::Ptr keyValue;
};

struct IndexInfo {
    std::string name;
    Document::Ptr key;
    bool unique = false;
};

struct CollectionData {
    std::vector<Document::Ptr> documents; ///< natural (insertion) order
    std::vector<IndexInfo> indexes;       ///< "_id_" first
};

/// The wire test server's data: collections by namespace ("db.coll") and open cursors.
///
/// Not thread-safe by itself: the command executor serialises all access with one
/// mutex, which keeps every command atomic, as a single-node server appears to clients.
/// Stored documents are immutable values; writes replace them.
class WireStore {
public:
    CollectionData* find(const std::string& ns);
    /// The collection, created (with its _id index) when missing. `created` tells which.
    CollectionData& obtain(const std::string& ns, bool* created = nullptr);
    bool drop(const std::string& ns);
    void dropDatabase(const std::string& db);
    std::vector<std::string> collectionNames(const std::string& db) const;

    /// Throws DuplicateKey when `candidate` clashes with a document other than the one
    /// at `self` (an index into documents, or -1) on any unique index.
    void checkUnique(const std::string& ns, const CollectionData& data, const Document& candidate, long self) const;

    /// Keeps `rest` for getMore and returns a new positive cursor id.
    std::int64_t openCursor(const std::string& ns, std::deque<Document::Ptr> rest);
    /// Up to `batchSize` (0: all, bounded by 16 MB) documents of a cursor; `exhausted`
    /// is set when none remain (the cursor is then gone). Throws CursorNotFound (43).
    std::vector<Document::Ptr> nextBatch(std::int64_t id, const std::string& ns, std::size_t batchSize, bool& exhausted);
    bool killCursor(std::int64_t id);

private:
    struct Cursor {
        std::string ns;
        std::deque<Document::Ptr> rest;
    };
    std::map<std::string, CollectionData> collections_;
    std::map<std::int64_t, Cursor> cursors_;
    std::mt19937_64 random_{std::random_device{}()};
};

/// Takes up to `batchSize` documents (0: all) from the front of `rest`, stopping
/// early at the 16 MB reply size MongoDB uses.
std::vector<Document::Ptr> takeBatch(std::deque<Document::Ptr>& rest, std::size_t batchSize);

} // namespace jollyjet::test::wire
