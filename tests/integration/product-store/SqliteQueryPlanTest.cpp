// Every list and count shape the API allows, and every statement a write runs,
// must use an index: EXPLAIN QUERY PLAN of each may not scan the products table.
// The plans are printed, so the README's table of shapes can be checked against
// them.
#include <gtest/gtest.h>

#include <iostream>
#include <regex>

#include "TestEnv.h"
#include "jollyjet/sqlite/Database.h"
#include "jollyjet/sqlite/Statements.h"
#include "store/SqliteProductStore.h"
#include "store/SqliteQueries.h"

using namespace jollyjet;
using namespace jollyjet::products;

namespace {

class SqliteQueryPlan : public ::testing::Test {
protected:
    void SetUp() override {
        store.prepare();
        // A few rows, so the planner sees a real table (no ANALYZE, as in service).
        for (int i = 0; i < 20; ++i) {
            NewProduct n;
            n.name = "Item " + std::to_string(i);
            n.description = i % 2 ? "a red lamp" : "a blue chair";
            n.price = i;
            n.stock = 1;
            n.category = i % 3 ? "Home" : "Books";
            store.create(n);
        }
    }

    // The plan's detail lines.
    std::vector<std::string> plan(const std::string& sql, const std::vector<sqlite::Statement::Value>& values) {
        auto lease = database.borrow();
        sqlite::Statement s(lease.statements(), "EXPLAIN QUERY PLAN " + sql);
        s.bind(values);
        std::vector<std::string> lines;
        while (s.step()) lines.push_back(s.text(3));
        return lines;
    }

    /// `sorts`: the shape may sort its matches (a price range: no index gives both
    /// the range and the list order).
    void expectIndexed(const std::string& shape, const std::string& sql,
                       const std::vector<sqlite::Statement::Value>& values, bool sorts = false) {
        const auto lines = plan(sql, values);
        std::cout << shape << "\n  " << sql << "\n";
        // "SCAN products" (or its alias p) without an index reads the whole table.
        static const std::regex fullScan(R"(^SCAN (products|p)$)");
        for (const auto& line : lines) {
            std::cout << "    " << line << "\n";
            EXPECT_FALSE(std::regex_search(line, fullScan)) << shape << ": " << line << "\n" << sql;
            if (!sorts) {
                EXPECT_EQ(line.find("USE TEMP B-TREE"), std::string::npos) << shape << ": " << line;
            }
        }
        EXPECT_FALSE(lines.empty()) << shape;
    }

    test::TempDir dir;
    sqlite::Database database{dir.path() + "/plan.db", 2};
    SqliteProductStore store{database};
};

std::string shapeName(const ProductFilter& f) {
    std::string name;
    if (f.category) name += "category ";
    if (!f.searchWords.empty()) name += "search ";
    if (f.isActive) name += "isActive ";
    if (f.isWishlistStatus) name += "isWishlistStatus ";
    if (f.priceRange) name += "priceRange ";
    return name.empty() ? "(no filter)" : name;
}

} // namespace

TEST_F(SqliteQueryPlan, EveryListAndCountShapeUsesAnIndex) {
    // All 32 combinations of the five filters, each as list (first and deep page)
    // and count; search with one word and with several.
    for (int mask = 0; mask < 32; ++mask) {
        for (const auto& words : {std::vector<std::string>{"lamp"}, std::vector<std::string>{"lamp", "chair"}}) {
            if (!(mask & 2) && words.size() > 1) continue;
            ProductFilter f;
            if (mask & 1) f.category = "Home";
            if (mask & 2) f.searchWords = words;
            if (mask & 4) f.isActive = true;
            if (mask & 8) f.isWishlistStatus = false;
            if (mask & 16) f.priceRange = std::make_pair(2.0, 9.0);
            const auto list = listQuery(f, 9990, 10);
            ASSERT_TRUE(list);
            const bool sorts = f.priceRange && f.searchWords.empty();
            expectIndexed("list " + shapeName(f), list->sql, list->values, sorts);
            const auto count = countQuery(f);
            ASSERT_TRUE(count);
            expectIndexed("count " + shapeName(f), count->sql, count->values);
        }
    }
}

TEST_F(SqliteQueryPlan, EveryStatementOfAWriteUsesAnIndex) {
    const std::vector<std::pair<std::string, std::string>> statements = {
        {"findById", std::string("SELECT ") + kProductColumns + " FROM products p WHERE p.id = ?"},
        {"order key: neighbour before",
         "SELECT seq FROM products WHERE createdAt = ? AND id < ? ORDER BY id DESC LIMIT 1"},
        {"order key: neighbour after", "SELECT seq FROM products WHERE createdAt = ? AND id > ? ORDER BY id ASC LIMIT 1"},
        {"order key: renumber", "SELECT seq FROM products WHERE createdAt = ? ORDER BY id"},
        {"update", "UPDATE products SET name = ?, updatedAt = ? WHERE id = ? RETURNING id"},
        {"delete", "DELETE FROM products WHERE id = ?"},
    };
    for (const auto& [shape, sql] : statements) expectIndexed(shape, sql, {});
}

TEST_F(SqliteQueryPlan, SearchWithoutAWordRunsNoQuery) {
    ProductFilter f;
    f.searchWords = {""};
    EXPECT_FALSE(listQuery(f, 0, 10));
    EXPECT_FALSE(countQuery(f));
    EXPECT_EQ(store.count(f), 0);
    EXPECT_TRUE(store.find(f, 0, 10).empty());
}

TEST_F(SqliteQueryPlan, StatementsArePreparedOncePerConnection) {
    ProductFilter f;
    f.category = "Home";
    store.find(f, 0, 10);
    std::size_t before = 0;
    {
        auto lease = database.borrow();
        before = lease.statements().size();
    }
    for (int i = 0; i < 20; ++i) {
        f.category = i % 2 ? "Home" : "Books";
        store.find(f, i, 5);
        store.count(f);
    }
    auto lease = database.borrow();
    // The same shapes with other values: at most the count statement was added.
    EXPECT_LE(lease.statements().size(), before + 1);
    EXPECT_GT(lease.statements().size(), 0u);
}
