#include "Cursor.h"

#include "jollyjet/mongo/Connection.h"
#include "jollyjet/mongo/Errors.h"

namespace jollyjet::mongo {

namespace {

struct Batch {
    std::int64_t id = 0;
    std::vector<Document::Ptr> documents;
};

Batch readBatch(const Document& reply, const char* field) {
    const Document::Ptr cursor = subDocument(reply, "cursor");
    if (cursor.isNull()) throw ProtocolError("cursor reply without a cursor document");
    const auto id = integerOf(cursor->get("id"));
    if (!id) throw ProtocolError("cursor reply without a cursor id");
    const Document::Ptr batch = subDocument(*cursor, field);
    if (batch.isNull()) throw ProtocolError(std::string("cursor reply without ") + field);
    return Batch{*id, documentsOf(*batch)};
}

void killCursor(Connection& connection, const std::string& database, const std::string& collection, std::int64_t id) {
    if (connection.broken()) return;
    try {
        Document kill;
        kill.add("killCursors", collection);
        Array::Ptr ids = new Array();
        ids->add("0", static_cast<Poco::Int64>(id));
        kill.add("cursors", ids);
        connection.runCommand(database, kill);
    } catch (const MongoError&) {
        // The original error matters more; the server reaps the cursor eventually.
    }
}

} // namespace

std::vector<Document::Ptr> drainCursor(Connection& connection, const std::string& database,
                                       const std::string& collection, const Document& firstReply,
                                       std::int32_t batchSize) {
    Batch batch = readBatch(firstReply, "firstBatch");
    std::vector<Document::Ptr> out = std::move(batch.documents);
    std::int64_t id = batch.id;
    try {
        while (id != 0) {
            Document more;
            more.add("getMore", static_cast<Poco::Int64>(id));
            more.add("collection", collection);
            if (batchSize > 0) more.add("batchSize", static_cast<Poco::Int32>(batchSize));
            Batch next = readBatch(*connection.runCommand(database, more), "nextBatch");
            for (auto& d : next.documents) out.push_back(std::move(d));
            id = next.id;
        }
    } catch (...) {
        killCursor(connection, database, collection, id);
        throw;
    }
    return out;
}

} // namespace jollyjet::mongo
