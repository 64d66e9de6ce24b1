#include "Importer.h"

#include <chrono>
#include <istream>
#include <ostream>
#include <unordered_set>
#include <vector>

#include "ImportLine.h"

namespace jollyjet::products {

Importer::Importer(ProductStore& store, std::ostream& problems, std::size_t batchSize, BatchWritten batchWritten)
    : store_(store), problems_(problems), batchSize_(std::max<std::size_t>(1, batchSize)),
      batchWritten_(std::move(batchWritten)) {}

ImportReport Importer::run(std::istream& in) {
    const auto started = std::chrono::steady_clock::now();
    ImportReport report;
    struct Pending {
        std::int64_t line;
        ImportedProduct parsed;
    };
    std::vector<Pending> batch;
    batch.reserve(batchSize_);
    std::unordered_set<std::string> seen; // ids named by earlier lines
    auto refuse = [&](std::int64_t line, const std::string& why) {
        ++report.rejected;
        problems_ << "line " << line << ": " << why << '\n';
    };
    // Lines naming an id already in the store are refused here, one lookup per
    // batch; the rest are written in one transaction.
    auto flush = [&] {
        std::vector<std::string> named;
        for (const auto& p : batch)
            if (p.parsed.idGiven) named.push_back(p.parsed.product.id);
        std::unordered_set<std::string> stored;
        if (!named.empty())
            for (auto& id : store_.existingIds(named)) stored.insert(std::move(id));
        std::vector<Product> products;
        products.reserve(batch.size());
        std::vector<std::string> givenIds;
        for (auto& p : batch) {
            if (p.parsed.idGiven && stored.count(p.parsed.product.id)) {
                refuse(p.line, "id " + p.parsed.product.id + " is already in the store");
                continue;
            }
            if (p.parsed.idGiven) givenIds.push_back(p.parsed.product.id);
            products.push_back(std::move(p.parsed.product));
        }
        store_.insertBatch(products);
        if (batchWritten_ && !givenIds.empty()) batchWritten_(givenIds);
        report.imported += static_cast<std::int64_t>(products.size());
        batch.clear();
    };

    std::string line;
    std::int64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        ++report.lines;
        try {
            const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
            auto parsed = parseImportLine(line, now);
            if (parsed.idGiven && !seen.insert(parsed.product.id).second)
                throw BadLine("id " + parsed.product.id + " appears on an earlier line");
            batch.push_back({number, std::move(parsed)});
        } catch (const BadLine& e) {
            refuse(number, e.what());
            continue;
        }
        if (batch.size() >= batchSize_) flush();
    }
    flush();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

} // namespace jollyjet::products
