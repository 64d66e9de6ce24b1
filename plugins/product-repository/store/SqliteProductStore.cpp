#include "SqliteProductStore.h"

#include <chrono>
#include <stdexcept>
#include <unordered_map>

#include <Poco/Exception.h>
#include <sqlite3.h>

#include "ImagesJson.h"
#include "SearchWords.h"
#include "SqliteOrderKey.h"
#include "SqliteQueries.h"
#include "SqliteSchema.h"
#include "jollyjet/sqlite/Database.h"
#include "jollyjet/sqlite/Statements.h"

namespace jollyjet::products {

namespace {

using sqlite::Statement;
using Value = Statement::Value;

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string lower(std::string text) {
    for (auto& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

std::string wordsColumn(const std::vector<std::string>& words) {
    std::string column = " ";
    for (const auto& w : words) column += w + " ";
    return column;
}

std::string wordsColumn(const std::string& description) { return wordsColumn(searchWords(description)); }

Product readRow(const Statement& s) {
    Product p;
    p.id = s.text(0);
    p.name = s.text(1);
    p.description = s.text(2);
    p.price = s.real(3);
    p.stock = s.integer(4);
    p.category = s.text(5);
    p.images = imagesFromJson(s.text(6));
    p.isActive = s.integer(7) != 0;
    p.isWishlistStatus = s.integer(8) != 0;
    p.wishlistCount = s.integer(9);
    p.createdAt = s.integer(10);
    p.updatedAt = s.integer(11);
    return p;
}

// Runs `body` with the statements of a pooled session; SQLite, pool and open
// failures become StoreUnavailable.
template <typename F>
auto withDb(sqlite::Database& database, F&& body) {
    try {
        auto lease = database.borrow();
        return body(lease.statements());
    } catch (const StoreUnavailable&) {
        throw;
    } catch (const sqlite::SqliteError& e) {
        throw StoreUnavailable(e.what());
    } catch (const Poco::Exception& e) {
        throw StoreUnavailable("SQLite: " + e.displayText());
    }
}

// BEGIN IMMEDIATE takes the write lock up front, so the order key read and the
// insert see the same neighbours. Rolled back unless committed.
class WriteTransaction {
public:
    explicit WriteTransaction(sqlite::StatementCache& db) : db_(db) { Statement(db_, "BEGIN IMMEDIATE").run(); }
    ~WriteTransaction() {
        if (open_) {
            try {
                Statement(db_, "ROLLBACK").run();
            } catch (...) {
            }
        }
    }
    void commit() {
        Statement(db_, "COMMIT").run();
        open_ = false;
    }

private:
    sqlite::StatementCache& db_;
    bool open_ = true;
};

// Products per search word, added up over a batch and written once per word.
using WordCounts = std::unordered_map<std::string, std::int64_t>;

void insertRow(sqlite::StatementCache& db, const Product& p, WordCounts& wordCounts) {
    const auto words = searchWords(p.description);
    for (const auto& w : words) ++wordCounts[w];
    const std::int64_t seq = allocateOrderKey(db, p.createdAt, p.id);
    Statement s(db, "INSERT INTO products (seq, id, name, description, price, stock, category, images, isActive,"
                    " isWishlistStatus, wishlistCount, createdAt, updatedAt, searchWords)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind({seq, p.id, p.name, p.description, p.price, p.stock, p.category, imagesToJson(p.images),
            std::int64_t{p.isActive}, std::int64_t{p.isWishlistStatus}, p.wishlistCount, p.createdAt, p.updatedAt,
            wordsColumn(words)});
    s.run();
}

void addWordCounts(sqlite::StatementCache& db, const WordCounts& wordCounts) {
    for (const auto& [word, n] : wordCounts) {
        Statement s(db, "INSERT INTO search_word_counts (word, n) VALUES (?, ?)"
                        " ON CONFLICT (word) DO UPDATE SET n = n + excluded.n");
        s.bind({word, n});
        s.run();
    }
}

} // namespace

SqliteProductStore::SqliteProductStore(sqlite::Database& database) : database_(database) {}
SqliteProductStore::~SqliteProductStore() = default;

void SqliteProductStore::prepare() {
    withDb(database_, [](sqlite::StatementCache& db) {
        prepareSchema(db);
        return 0;
    });
}

void SqliteProductStore::ping() {
    try {
        database_.ping();
    } catch (const Poco::Exception& e) {
        throw StoreUnavailable("SQLite: " + e.displayText());
    }
}

Product SqliteProductStore::create(const NewProduct& in) {
    const Product p = newRecord(in);
    insertBatch({p});
    return p;
}

void SqliteProductStore::insertBatch(const std::vector<Product>& products) {
    if (products.empty()) return;
    withDb(database_, [&](sqlite::StatementCache& db) {
        WriteTransaction transaction(db);
        WordCounts wordCounts;
        for (const auto& p : products) insertRow(db, p, wordCounts);
        addWordCounts(db, wordCounts);
        transaction.commit();
        return 0;
    });
}

std::vector<std::string> SqliteProductStore::existingIds(const std::vector<std::string>& ids) {
    return withDb(database_, [&](sqlite::StatementCache& db) {
        // One read transaction, so the answer is one snapshot.
        Statement(db, "BEGIN").run();
        std::vector<std::string> found;
        try {
            for (const auto& id : ids) {
                Statement s(db, "SELECT 1 FROM products WHERE id = ?");
                s.bind({lower(id)});
                if (s.step()) found.push_back(lower(id));
            }
        } catch (...) {
            Statement(db, "ROLLBACK").run();
            throw;
        }
        Statement(db, "COMMIT").run();
        return found;
    });
}

std::optional<Product> SqliteProductStore::findById(const std::string& id) {
    return withDb(database_, [&](sqlite::StatementCache& db) -> std::optional<Product> {
        Statement s(db, std::string("SELECT ") + kProductColumns + " FROM products p WHERE p.id = ?");
        s.bind({lower(id)});
        if (!s.step()) return std::nullopt;
        return readRow(s);
    });
}

std::vector<Product> SqliteProductStore::find(const ProductFilter& filter, std::int64_t skip,
                                              std::int64_t limit) {
    const auto query = listQuery(filter, skip, limit);
    if (!query) return {};
    return withDb(database_, [&](sqlite::StatementCache& db) {
        Statement s(db, query->sql);
        s.bind(query->values);
        std::vector<Product> out;
        while (s.step()) out.push_back(readRow(s));
        return out;
    });
}

std::int64_t SqliteProductStore::count(const ProductFilter& filter) {
    const auto query = countQuery(filter);
    if (!query) return 0;
    return withDb(database_, [&](sqlite::StatementCache& db) {
        Statement s(db, query->sql);
        s.bind(query->values);
        s.step();
        return s.integer(0);
    });
}

std::optional<Product> SqliteProductStore::update(const std::string& id, const ProductPatch& patch) {
    if (patch.empty()) return findById(id);
    std::string sets;
    std::vector<Value> values;
    auto set = [&](const char* column, Value v) {
        sets += (sets.empty() ? "" : ", ") + std::string(column) + " = ?";
        values.push_back(std::move(v));
    };
    if (patch.name) set("name", *patch.name);
    if (patch.description) {
        set("description", *patch.description);
        set("searchWords", wordsColumn(*patch.description));
    }
    if (patch.price) set("price", *patch.price);
    if (patch.stock) set("stock", *patch.stock);
    if (patch.category) set("category", *patch.category);
    if (patch.images) set("images", imagesToJson(*patch.images));
    if (patch.isActive) set("isActive", std::int64_t{*patch.isActive});
    if (patch.isWishlistStatus) {
        set("isWishlistStatus", std::int64_t{*patch.isWishlistStatus});
        set("wishlistCount", std::int64_t{*patch.isWishlistStatus ? 1 : 0});
    }
    set("updatedAt", nowMs());
    values.emplace_back(lower(id));
    return withDb(database_, [&](sqlite::StatementCache& db) -> std::optional<Product> {
        // The RETURNING columns are unqualified: an UPDATE has no alias.
        Statement s(db, "UPDATE products SET " + sets +
                            " WHERE id = ? RETURNING id, name, description, price, stock, category, images,"
                            " isActive, isWishlistStatus, wishlistCount, createdAt, updatedAt");
        s.bind(values);
        if (!s.step()) return std::nullopt;
        Product p = readRow(s);
        s.run();
        return p;
    });
}

bool SqliteProductStore::remove(const std::string& id) {
    return withDb(database_, [&](sqlite::StatementCache& db) {
        Statement s(db, "DELETE FROM products WHERE id = ?");
        s.bind({lower(id)});
        s.run();
        return sqlite3_changes(db.handle()) > 0;
    });
}

} // namespace jollyjet::products
