#pragma once

#include <string>
#include <vector>

#include "jollyjet/mongo/Bson.h"

namespace jollyjet::mongo {

class Connection;

/// Reads a cursor reply ({cursor: {firstBatch, id, ns}}) to the end with getMore on the
/// same connection. If a getMore fails on a connection that still works, the cursor
/// is killed before the error propagates, so the server does not keep it for its
/// 10-minute idle timeout.
std::vector<Document::Ptr> drainCursor(Connection& connection, const std::string& database,
                                       const std::string& collection, const Document& firstReply,
                                       std::int32_t batchSize);

} // namespace jollyjet::mongo
