#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "store/ProductStore.h"

namespace jollyjet::products {

/// Why a line of an import file is refused (the whole message, field by field).
class BadLine : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    ~BadLine() override;
};

/// One line of an import file as the record to write. Accepts:
///   - the API's product object (GET output, or a POST body): `id`, ISO-8601
///     `createdAt`/`updatedAt` are kept when present;
///   - a `mongoexport` line of the reference application: `_id: {"$oid": ...}`,
///     dates as `{"$date": ISO or millis or {"$numberLong": ...}}`, numbers as
///     `{"$numberInt"|"$numberLong"|"$numberDouble"|"$numberDecimal": ...}`;
///     `__v` and `searchWords` are ignored.
/// The fields are checked as the API checks them (parseImportedObject); a missing id
/// is generated, missing times are `now`, updatedAt defaults to createdAt.
/// Throws BadLine.
struct ImportedProduct {
    Product product;
    bool idGiven = false; ///< the line named its id (so it may already exist)
};
ImportedProduct parseImportLine(const std::string& line, std::int64_t nowMs);

} // namespace jollyjet::products
