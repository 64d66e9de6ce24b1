#include "SqliteSchema.h"

#include <string>

#include "SqliteOrderKey.h"
#include "jollyjet/sqlite/Statements.h"

namespace jollyjet::products {

namespace {

using sqlite::Statement;

constexpr const char* kCreateProducts =
    "CREATE TABLE IF NOT EXISTS products ("
    " seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, description TEXT NOT NULL,"
    " price REAL NOT NULL, stock INTEGER NOT NULL, category TEXT NOT NULL,"
    " images TEXT NOT NULL DEFAULT '[]', isActive INTEGER NOT NULL DEFAULT 1,"
    " isWishlistStatus INTEGER NOT NULL DEFAULT 0, wishlistCount INTEGER NOT NULL DEFAULT 0,"
    " createdAt INTEGER NOT NULL, updatedAt INTEGER NOT NULL,"
    " searchWords TEXT NOT NULL DEFAULT ' ')";

// The indexes of the first layout had the same names on other columns.
constexpr const char* kOldIndexes[] = {"products_category", "products_active", "products_wishlist",
                                       "products_price", "products_created"};

constexpr const char* kIndexes[] = {
    // An index on one column ends in the rowid (seq): equal keys are read in list order.
    "CREATE INDEX IF NOT EXISTS products_category ON products(category)",
    "CREATE INDEX IF NOT EXISTS products_active ON products(isActive)",
    "CREATE INDEX IF NOT EXISTS products_wishlist ON products(isWishlistStatus)",
    "CREATE INDEX IF NOT EXISTS products_price ON products(price)",
    // Finds a new row's neighbours in list order (SqliteOrderKey).
    "CREATE INDEX IF NOT EXISTS products_created ON products(createdAt, id)",
};

constexpr const char* kCreateSearch =
    "CREATE VIRTUAL TABLE IF NOT EXISTS products_fts USING fts5(searchWords, content='products',"
    " content_rowid='seq', tokenize='ascii', detail='none')";

constexpr const char* kCreateCounts =
    "CREATE TABLE IF NOT EXISTS product_counts (category TEXT NOT NULL, isActive INTEGER NOT NULL,"
    " isWishlistStatus INTEGER NOT NULL, n INTEGER NOT NULL,"
    " PRIMARY KEY (category, isActive, isWishlistStatus)) WITHOUT ROWID";

constexpr const char* kCreateWordCounts =
    "CREATE TABLE IF NOT EXISTS search_word_counts (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID";

// The words of a searchWords value (" w1 w2 ... "), one row each, for `column`.
std::string wordsOf(const std::string& column) {
    return "(WITH RECURSIVE split(word, rest) AS (SELECT NULL, substr(" + column +
           ", 2) UNION ALL SELECT substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)"
           " FROM split WHERE rest <> '') SELECT word FROM split WHERE word IS NOT NULL)";
}

std::string countWords(const std::string& column) {
    return " INSERT INTO search_word_counts (word, n) SELECT word, 1 FROM " + wordsOf(column) +
           " WHERE true ON CONFLICT (word) DO UPDATE SET n = n + 1;";
}

std::string uncountWords(const std::string& column) {
    return " UPDATE search_word_counts SET n = n - 1 WHERE word IN " + wordsOf(column) + ";";
}

// Inserts count their words in the store, once per word and batch (see
// SqliteProductStore::insertBatch): a bulk load repeats the same words thousands of
// times, and one upsert per word and row would double the import's cost.
const std::string kWordTriggers[] = {
    "CREATE TRIGGER IF NOT EXISTS products_words_delete AFTER DELETE ON products BEGIN" +
        uncountWords("old.searchWords") + " END",
    "CREATE TRIGGER IF NOT EXISTS products_words_update AFTER UPDATE OF searchWords ON products BEGIN" +
        uncountWords("old.searchWords") + countWords("new.searchWords") + " END",
};

constexpr const char* kTriggers[] = {
    "CREATE TRIGGER IF NOT EXISTS products_fts_insert AFTER INSERT ON products BEGIN"
    " INSERT INTO products_fts(rowid, searchWords) VALUES (new.seq, new.searchWords); END",
    "CREATE TRIGGER IF NOT EXISTS products_fts_delete AFTER DELETE ON products BEGIN"
    " INSERT INTO products_fts(products_fts, rowid, searchWords) VALUES ('delete', old.seq, old.searchWords);"
    " END",
    "CREATE TRIGGER IF NOT EXISTS products_fts_update AFTER UPDATE OF seq, searchWords ON products BEGIN"
    " INSERT INTO products_fts(products_fts, rowid, searchWords) VALUES ('delete', old.seq, old.searchWords);"
    " INSERT INTO products_fts(rowid, searchWords) VALUES (new.seq, new.searchWords); END",
    "CREATE TRIGGER IF NOT EXISTS products_count_insert AFTER INSERT ON products BEGIN"
    " INSERT INTO product_counts VALUES (new.category, new.isActive, new.isWishlistStatus, 1)"
    " ON CONFLICT DO UPDATE SET n = n + 1; END",
    "CREATE TRIGGER IF NOT EXISTS products_count_delete AFTER DELETE ON products BEGIN"
    " UPDATE product_counts SET n = n - 1 WHERE category = old.category AND isActive = old.isActive"
    " AND isWishlistStatus = old.isWishlistStatus; END",
    "CREATE TRIGGER IF NOT EXISTS products_count_update AFTER UPDATE OF category, isActive, isWishlistStatus"
    " ON products BEGIN"
    " UPDATE product_counts SET n = n - 1 WHERE category = old.category AND isActive = old.isActive"
    " AND isWishlistStatus = old.isWishlistStatus;"
    " INSERT INTO product_counts VALUES (new.category, new.isActive, new.isWishlistStatus, 1)"
    " ON CONFLICT DO UPDATE SET n = n + 1; END",
};

void exec(sqlite::StatementCache& db, const std::string& sql) {
    Statement s(db, sql);
    s.run();
}

bool exists(sqlite::StatementCache& db, const char* name) {
    Statement s(db, "SELECT 1 FROM sqlite_master WHERE name = ?");
    s.bind({std::string(name)});
    return s.step();
}

bool hasSeqColumn(sqlite::StatementCache& db) {
    Statement s(db, "SELECT 1 FROM pragma_table_info('products') WHERE name = 'seq'");
    return s.step();
}

// The first layout had no seq: copy its rows into the new table, numbering each
// millisecond's rows in id order, evenly spread over the millisecond's range.
void migrateFirstLayout(sqlite::StatementCache& db) {
    for (const char* index : kOldIndexes) exec(db, std::string("DROP INDEX IF EXISTS ") + index);
    exec(db, "ALTER TABLE products RENAME TO products_first_layout");
    exec(db, kCreateProducts);
    const std::string slots = std::to_string(kOrderSlotsPerMs);
    exec(db, "INSERT INTO products (seq, id, name, description, price, stock, category, images, isActive,"
             " isWishlistStatus, wishlistCount, createdAt, updatedAt, searchWords)"
             " SELECT createdAt * " + slots + " + ROW_NUMBER() OVER w * (" + slots +
                 " / (COUNT(*) OVER c + 1)), id, name, description, price, stock, category, images, isActive,"
                 " isWishlistStatus, wishlistCount, createdAt, updatedAt, searchWords"
                 " FROM products_first_layout"
                 " WINDOW w AS (PARTITION BY createdAt ORDER BY id), c AS (PARTITION BY createdAt)");
    exec(db, "DROP TABLE products_first_layout");
}

} // namespace

void prepareSchema(sqlite::StatementCache& db) {
    exec(db, "BEGIN IMMEDIATE");
    try {
        if (exists(db, "products") && !hasSeqColumn(db)) migrateFirstLayout(db);
        exec(db, kCreateProducts);
        for (const char* sql : kIndexes) exec(db, sql);
        const bool newSearch = !exists(db, "products_fts");
        const bool newCounts = !exists(db, "product_counts");
        const bool newWordCounts = !exists(db, "search_word_counts");
        exec(db, kCreateSearch);
        exec(db, kCreateCounts);
        exec(db, kCreateWordCounts);
        for (const char* sql : kTriggers) exec(db, sql);
        for (const auto& sql : kWordTriggers) exec(db, sql);
        // Rows written before the index existed (or by the first layout).
        if (newSearch) exec(db, "INSERT INTO products_fts(products_fts) VALUES ('rebuild')");
        if (newCounts)
            exec(db, "INSERT INTO product_counts SELECT category, isActive, isWishlistStatus, COUNT(*)"
                     " FROM products GROUP BY category, isActive, isWishlistStatus");
        if (newWordCounts)
            exec(db, "INSERT INTO search_word_counts SELECT word, COUNT(*) FROM (WITH RECURSIVE"
                     " split(word, rest) AS (SELECT NULL, substr(searchWords, 2) FROM products UNION ALL"
                     " SELECT substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)"
                     " FROM split WHERE rest <> '') SELECT word FROM split WHERE word IS NOT NULL)"
                     " GROUP BY word");
        exec(db, "COMMIT");
    } catch (...) {
        try {
            exec(db, "ROLLBACK");
        } catch (...) {
        }
        throw;
    }
}

} // namespace jollyjet::products
