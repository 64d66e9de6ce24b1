#include "Importer.h"

#include <chrono>
#include <istream>
#include <ostream>
#include <unordered_set>
#include <vector>

#include "ImportLine.h"

namespace jollyjet::products {

Importer::Importer(ProductStore& store, std::ostream& problems, std::size_t batchSize)
    : store_(store), problems_(problems), batchSize_(std::max<std::size_t>(1, batchSize)) {}

ImportReport Importer::run(std::istream& in) {
    const auto started = std::chrono::steady_clock::now();
    ImportReport report;
    std::vector<Product> batch;
    batch.reserve(batchSize_);
    std::unordered_set<std::string> seen; // ids named by earlier lines
    auto flush = [&] {
        store_.insertBatch(batch);
        report.imported += static_cast<std::int64_t>(batch.size());
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
            if (parsed.idGiven) {
                if (!seen.insert(parsed.product.id).second)
                    throw BadLine("id " + parsed.product.id + " appears on an earlier line");
                if (store_.findById(parsed.product.id))
                    throw BadLine("id " + parsed.product.id + " is already in the store");
            }
            batch.push_back(std::move(parsed.product));
        } catch (const BadLine& e) {
            ++report.rejected;
            problems_ << "line " << number << ": " << e.what() << '\n';
            continue;
        }
        if (batch.size() >= batchSize_) flush();
    }
    flush();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

} // namespace jollyjet::products
