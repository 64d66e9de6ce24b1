#include "SqliteOrderKey.h"

#include <optional>
#include <stdexcept>
#include <vector>

#include "jollyjet/sqlite/Statements.h"

namespace jollyjet::products {

namespace {

using sqlite::Statement;

// Room left after a row appended to its millisecond (the usual case).
constexpr std::int64_t kAppendStep = 64;

std::optional<std::int64_t> neighbour(sqlite::StatementCache& db, const char* sql, std::int64_t createdAt,
                                      const std::string& id) {
    Statement s(db, sql);
    s.bind({createdAt, id});
    if (!s.step()) return std::nullopt;
    return s.integer(0);
}

std::optional<std::int64_t> between(std::int64_t createdAt, std::optional<std::int64_t> before,
                                    std::optional<std::int64_t> after) {
    const std::int64_t low = before ? *before : createdAt * kOrderSlotsPerMs - 1;
    const std::int64_t high = after ? *after : (createdAt + 1) * kOrderSlotsPerMs;
    if (high - low < 2) return std::nullopt;
    if (!after) return low + std::min(kAppendStep, (high - low) / 2);
    return low + (high - low) / 2;
}

// Spreads the millisecond's rows evenly over its range, keeping their order. Rows
// move through negative values first (no real seq is negative), so no two ever
// collide on the way.
void renumber(sqlite::StatementCache& db, std::int64_t createdAt) {
    std::vector<std::int64_t> seqs;
    {
        Statement s(db, "SELECT seq FROM products WHERE createdAt = ? ORDER BY id");
        s.bind({createdAt});
        while (s.step()) seqs.push_back(s.integer(0));
    }
    const std::int64_t spacing = kOrderSlotsPerMs / static_cast<std::int64_t>(seqs.size() + 2);
    if (spacing < 2)
        throw std::out_of_range("too many products created in one millisecond (" + std::to_string(createdAt) + ")");
    for (const auto seq : seqs) {
        Statement s(db, "UPDATE products SET seq = ? WHERE seq = ?");
        s.bind({-seq - 1, seq});
        s.run();
    }
    std::int64_t next = createdAt * kOrderSlotsPerMs + spacing;
    for (const auto seq : seqs) {
        Statement s(db, "UPDATE products SET seq = ? WHERE seq = ?");
        s.bind({next, -seq - 1});
        s.run();
        next += spacing;
    }
}

} // namespace

std::int64_t allocateOrderKey(sqlite::StatementCache& db, std::int64_t createdAt, const std::string& id) {
    if (createdAt < 0 || createdAt > kLatestCreatedAt)
        throw std::out_of_range("createdAt " + std::to_string(createdAt) + " is outside the supported range");
    for (int attempt = 0; attempt < 2; ++attempt) {
        const auto before = neighbour(
            db, "SELECT seq FROM products WHERE createdAt = ? AND id < ? ORDER BY id DESC LIMIT 1", createdAt, id);
        const auto after = neighbour(
            db, "SELECT seq FROM products WHERE createdAt = ? AND id > ? ORDER BY id ASC LIMIT 1", createdAt, id);
        if (auto seq = between(createdAt, before, after)) return *seq;
        renumber(db, createdAt);
    }
    throw std::logic_error("no order key after renumbering");
}

} // namespace jollyjet::products
