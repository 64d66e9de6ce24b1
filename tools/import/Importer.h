#pragma once

#include <cstdint>
#include <functional>
#include <vector>
#include <iosfwd>
#include <string>

#include "store/ProductStore.h"

namespace jollyjet::products {

/// What an import did.
struct ImportReport {
    std::int64_t lines = 0;    ///< non-empty lines read
    std::int64_t imported = 0; ///< products written
    std::int64_t rejected = 0; ///< lines refused (each reported)
    double seconds = 0;
};

/// Reads JSON lines (ImportLine.h) and writes them through the store in batches of
/// `batchSize` (one transaction each on SQLite). A refused line - bad JSON, a
/// rule the API would refuse, an id already in the store or earlier in the file -
/// is reported on `problems` as "line N: why" and none of it is written; the other
/// lines are imported. Empty lines are skipped. A store failure stops the import
/// (StoreUnavailable propagates; batches written before it stay written).
class Importer {
public:
    /// Told the ids each written batch named (products the file gave an id), so the
    /// caller can retire what a cache may hold for them (a remembered 404).
    using BatchWritten = std::function<void(const std::vector<std::string>& ids)>;

    Importer(ProductStore& store, std::ostream& problems, std::size_t batchSize = 1000,
             BatchWritten batchWritten = {});
    ImportReport run(std::istream& in);

private:
    ProductStore& store_;
    std::ostream& problems_;
    std::size_t batchSize_;
    BatchWritten batchWritten_;
};

} // namespace jollyjet::products
