// A database written by the first SQLite layout (no seq, search by LIKE over the
// words column) is brought up to date by prepare() with every row kept, and then
// answers like a fresh one.
#include <gtest/gtest.h>

#include "TestEnv.h"
#include "jollyjet/sqlite/Database.h"
#include "jollyjet/sqlite/Statements.h"
#include "store/SearchWords.h"
#include "store/SqliteProductStore.h"

using namespace jollyjet;
using namespace jollyjet::products;

TEST(SqliteLayoutUpgrade, FirstLayoutRowsAreKeptSearchableAndCounted) {
    test::TempDir dir;
    sqlite::Database database(dir.path() + "/old.db", 2);
    {
        auto lease = database.borrow();
        auto& db = lease.statements();
        for (const char* sql : {
                 "CREATE TABLE products (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL,"
                 " price REAL NOT NULL, stock INTEGER NOT NULL, category TEXT NOT NULL,"
                 " images TEXT NOT NULL DEFAULT '[]', isActive INTEGER NOT NULL DEFAULT 1,"
                 " isWishlistStatus INTEGER NOT NULL DEFAULT 0, wishlistCount INTEGER NOT NULL DEFAULT 0,"
                 " createdAt INTEGER NOT NULL, updatedAt INTEGER NOT NULL, searchWords TEXT NOT NULL DEFAULT ' ')",
                 "CREATE INDEX products_category ON products(category, createdAt, id)",
                 "CREATE INDEX products_created ON products(createdAt, id)",
                 // Two rows in one millisecond, inserted against id order, and one earlier.
                 "INSERT INTO products VALUES ('65a1b2c3d4e5f6a7b8c9d0e2', 'Second', 'A red lamp', 5, 1, 'Home',"
                 " '[]', 1, 0, 0, 1700000000000, 1700000000000, ' a red lamp ')",
                 "INSERT INTO products VALUES ('65a1b2c3d4e5f6a7b8c9d0e1', 'First', 'A blue lamp', 7, 1, 'Home',"
                 " '[]', 0, 1, 1, 1700000000000, 1700000000000, ' a blue lamp ')",
                 "INSERT INTO products VALUES ('65a1b2c3d4e5f6a7b8c9d0e3', 'Earliest', 'An old chair', 9, 1,"
                 " 'Books', '[]', 1, 0, 0, 1600000000000, 1600000000000, ' an old chair ')",
             }) {
            sqlite::Statement(db, sql).run();
        }
    }
    SqliteProductStore store(database);
    store.prepare();
    store.prepare();

    std::vector<std::string> names;
    for (const auto& p : store.find({}, 0, 10)) names.push_back(p.name);
    EXPECT_EQ(names, (std::vector<std::string>{"Earliest", "First", "Second"}));
    ProductFilter lamp;
    lamp.searchWords = searchWords("LAMP");
    EXPECT_EQ(store.find(lamp, 0, 10).size(), 2u);
    EXPECT_EQ(store.count(lamp), 2);
    ProductFilter home;
    home.category = "Home";
    home.isActive = true;
    EXPECT_EQ(store.count(home), 1);
    EXPECT_EQ(store.count({}), 3);
    auto first = store.findById("65a1b2c3d4e5f6a7b8c9d0e1");
    ASSERT_TRUE(first);
    EXPECT_FALSE(first->isActive);
    EXPECT_TRUE(first->isWishlistStatus);
    EXPECT_EQ(first->wishlistCount, 1);

    // Writes after the upgrade keep everything in step.
    EXPECT_TRUE(store.remove("65a1b2c3d4e5f6a7b8c9d0e2"));
    EXPECT_EQ(store.count(lamp), 1);
    EXPECT_EQ(store.find(lamp, 0, 10).size(), 1u);
    EXPECT_EQ(store.count({}), 2);
}
