#include "SqliteQueries.h"

namespace jollyjet::products {

const char* const kProductColumns =
    "p.id, p.name, p.description, p.price, p.stock, p.category, p.images, p.isActive, "
    "p.isWishlistStatus, p.wishlistCount, p.createdAt, p.updatedAt";

namespace {

constexpr const char* kSearchJoin = " FROM products_fts JOIN products p ON p.seq = products_fts.rowid";

// Conditions on the row of `table` (products p, or product_counts c), each AND-ed.
void addConditions(const ProductFilter& f, std::string& sql, std::vector<sqlite::Statement::Value>& values,
                   bool hasWhere, const std::string& table = "p") {
    auto add = [&](const char* condition) {
        sql += hasWhere ? " AND " : " WHERE ";
        sql += table + "." + condition;
        hasWhere = true;
    };
    if (f.category) {
        add("category = ?");
        values.emplace_back(*f.category);
    }
    if (f.isActive) {
        add("isActive = ?");
        values.emplace_back(std::int64_t{*f.isActive ? 1 : 0});
    }
    if (f.isWishlistStatus) {
        add("isWishlistStatus = ?");
        values.emplace_back(std::int64_t{*f.isWishlistStatus ? 1 : 0});
    }
    if (f.priceRange) {
        add("price BETWEEN ? AND ?");
        values.emplace_back(f.priceRange->first);
        values.emplace_back(f.priceRange->second);
    }
}

} // namespace

std::string matchExpression(const std::vector<std::string>& words) {
    std::string match;
    for (const auto& w : words) {
        if (w.empty()) continue;
        if (!match.empty()) match += " OR ";
        match += '"';
        for (char c : w) {
            if (c == '"') match += '"';
            match += c;
        }
        match += '"';
    }
    return match;
}

std::optional<SqlQuery> listQuery(const ProductFilter& filter, std::int64_t skip, std::int64_t limit) {
    SqlQuery q;
    if (!filter.searchWords.empty()) {
        const std::string match = matchExpression(filter.searchWords);
        if (match.empty()) return std::nullopt;
        q.sql = std::string("SELECT ") + kProductColumns + kSearchJoin + " WHERE products_fts MATCH ?";
        q.values.emplace_back(match);
        addConditions(filter, q.sql, q.values, true);
        q.sql += " ORDER BY products_fts.rowid";
    } else if (!filter.category && !filter.isActive && !filter.isWishlistStatus && !filter.priceRange) {
        // No filter: the page starts at the skip-th entry of the small (createdAt,
        // id) index, whose order is seq order, instead of stepping over whole rows.
        q.sql = std::string("SELECT ") + kProductColumns +
                " FROM products p WHERE p.seq >= (SELECT seq FROM products ORDER BY createdAt, id LIMIT 1 OFFSET ?)"
                " ORDER BY p.seq LIMIT ?";
        q.values.emplace_back(skip);
        q.values.emplace_back(limit);
        return q;
    } else {
        q.sql = std::string("SELECT ") + kProductColumns + " FROM products p";
        addConditions(filter, q.sql, q.values, false);
        q.sql += " ORDER BY p.seq";
    }
    q.sql += " LIMIT ? OFFSET ?";
    q.values.emplace_back(limit);
    q.values.emplace_back(skip);
    return q;
}

std::optional<SqlQuery> countQuery(const ProductFilter& filter) {
    SqlQuery q;
    if (!filter.searchWords.empty()) {
        const std::string match = matchExpression(filter.searchWords);
        if (match.empty()) return std::nullopt;
        const bool onlySearch = !filter.category && !filter.isActive && !filter.isWishlistStatus && !filter.priceRange;
        std::vector<std::string> words;
        for (const auto& w : filter.searchWords)
            if (!w.empty()) words.push_back(w);
        if (onlySearch && words.size() == 1) {
            // One word: its product count is kept by the write triggers.
            const std::string& word = words.front();
            q.sql = "SELECT COALESCE((SELECT w.n FROM search_word_counts w WHERE w.word = ?), 0)";
            q.values.emplace_back(word);
            return q;
        }
        q.sql = onlySearch ? "SELECT COUNT(*) FROM products_fts WHERE products_fts MATCH ?"
                           : std::string("SELECT COUNT(*)") + kSearchJoin + " WHERE products_fts MATCH ?";
        q.values.emplace_back(match);
        addConditions(filter, q.sql, q.values, true);
        return q;
    }
    if (filter.priceRange) {
        q.sql = "SELECT COUNT(*) FROM products p";
        addConditions(filter, q.sql, q.values, false);
        return q;
    }
    // Counted per (category, isActive, isWishlistStatus) by the write triggers.
    q.sql = "SELECT COALESCE(SUM(c.n), 0) FROM product_counts c";
    addConditions(filter, q.sql, q.values, false, "c");
    return q;
}

} // namespace jollyjet::products
