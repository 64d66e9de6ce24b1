#pragma once

#include <optional>
#include <string>
#include <vector>

#include "WireStore.h"

namespace jollyjet::test::wire {

// Building blocks shared by the command files of the wire test server.

Document::Ptr okReply();
void addOk(Document& reply);
Document::Ptr errorReply(const CommandFailure& failure);

/// The collection a command names in its first field (a string), as "db.coll".
std::string namespaceOf(const Document& command, const std::string& db);
std::string collectionOf(const Document& command);
/// An optional sub-document argument (null when absent); BadValue when of another type.
Document::Ptr documentArg(const Document& command, const std::string& name);
/// An array-of-documents argument; BadValue when missing or not an array of documents.
std::vector<Document::Ptr> documentsArg(const Document& command, const std::string& name);
long long integerArg(const Document& command, const std::string& name, long long fallback);
bool boolArg(const Document& command, const std::string& name, bool fallback);

/// {cursor: {<field>: [...], id, ns}, ok: 1}
Document::Ptr cursorReply(const std::string& ns, std::int64_t id, const std::vector<Document::Ptr>& batch,
                          const char* field);
/// Serves `results` as a cursor: a first batch of `batchSize` (absent: 101; 0: none,
/// just open the cursor), the rest kept for getMore unless `singleBatch`.
Document::Ptr firstBatchReply(WireStore& store, const std::string& ns, std::vector<Document::Ptr> results,
                              std::optional<std::size_t> batchSize, bool singleBatch);
/// The batchSize field of `holder` (absent: nullopt); BadValue when negative.
std::optional<std::size_t> batchSizeArg(const Document& holder);

/// Documents of `data` matching `filter` (null: all), in natural order, with their positions.
std::vector<std::size_t> matchingPositions(const CollectionData& data, const Document* filter);

/// A new ObjectId element named `name`.
Element::Ptr newObjectIdElement(const std::string& name);

// Command handlers (CrudCommands.cpp, Aggregate.cpp).
Document::Ptr insertCommand(WireStore& store, const Document& command, const std::string& db);
Document::Ptr findCommand(WireStore& store, const Document& command, const std::string& db);
Document::Ptr getMoreCommand(WireStore& store, const Document& command, const std::string& db);
Document::Ptr killCursorsCommand(WireStore& store, const Document& command, const std::string& db);
Document::Ptr updateCommand(WireStore& store, const Document& command, const std::string& db);
Document::Ptr deleteCommand(WireStore& store, const Document& command, const std::string& db);
Document::Ptr findAndModifyCommand(WireStore& store, const Document& command, const std::string& db);
Document::Ptr countCommand(WireStore& store, const Document& command, const std::string& db);
Document::Ptr aggregateCommand(WireStore& store, const Document& command, const std::string& db);
// Index and collection handlers (AdminCommands.cpp).
Document::Ptr createIndexesCommand(WireStore& store, const Document& command, const std::string& db);
Document::Ptr listIndexesCommand(WireStore& store, const Document& command, const std::string& db);
Document::Ptr dropIndexesCommand(WireStore& store, const Document& command, const std::string& db);
Document::Ptr listCollectionsCommand(WireStore& store, const Document& command, const std::string& db);
Document::Ptr createCommand(WireStore& store, const Document& command, const std::string& db);
Document::Ptr dropCommand(WireStore& store, const Document& command, const std::string& db);
Document::Ptr dropDatabaseCommand(WireStore& store, const Document& command, const std::string& db);

} // namespace jollyjet::test::wire
