#include "SqliteProductStore.h"

#include <chrono>
#include <functional>
#include <variant>

#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Exception.h>
#include <sqlite3.h>

#include "ImagesJson.h"
#include "SearchWords.h"
#include "jollyjet/mongo/ObjectId.h"
#include "jollyjet/sqlite/Database.h"

namespace jollyjet::products {

namespace {

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

std::string wordsColumn(const std::string& description) {
    std::string column = " ";
    for (const auto& w : searchWords(description)) column += w + " ";
    return column;
}

// LIKE pattern for one whole word in the words column, with the wildcards of the
// word itself escaped.
std::string likeWord(const std::string& word) {
    std::string pattern = "% ";
    for (char c : word) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + " %";
}

using Value = std::variant<std::int64_t, double, std::string>;

/// One prepared statement; finalized on every path.
class Statement {
public:
    Statement(sqlite3* db, const std::string& sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
            fail("prepare");
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(const std::vector<Value>& values) {
        int i = 1;
        for (const auto& v : values) {
            int rc = SQLITE_OK;
            if (const auto* n = std::get_if<std::int64_t>(&v)) rc = sqlite3_bind_int64(stmt_, i, *n);
            else if (const auto* d = std::get_if<double>(&v)) rc = sqlite3_bind_double(stmt_, i, *d);
            else {
                const auto& s = std::get<std::string>(v);
                rc = sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
            }
            if (rc != SQLITE_OK) fail("bind");
            ++i;
        }
    }
    /// true while there is a row.
    bool step() {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        fail("step");
        return false;
    }
    std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
    double real(int col) const { return sqlite3_column_double(stmt_, col); }
    std::string text(int col) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
    }

private:
    [[noreturn]] void fail(const char* what) const {
        throw StoreUnavailable(std::string("SQLite ") + what + ": " + sqlite3_errmsg(db_));
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

constexpr const char* kColumns = "id, name, description, price, stock, category, images, isActive, "
                                 "isWishlistStatus, wishlistCount, createdAt, updatedAt";

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

std::string whereClause(const ProductFilter& f, std::vector<Value>& values) {
    std::string where;
    auto add = [&](const std::string& condition) { where += (where.empty() ? " WHERE " : " AND ") + condition; };
    if (f.category) {
        add("category = ?");
        values.emplace_back(*f.category);
    }
    if (!f.searchWords.empty()) {
        std::string any;
        for (const auto& w : f.searchWords) {
            any += (any.empty() ? "" : " OR ") + std::string("searchWords LIKE ? ESCAPE '\\'");
            values.emplace_back(likeWord(w));
        }
        add("(" + any + ")");
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
        add("price >= ? AND price <= ?");
        values.emplace_back(f.priceRange->first);
        values.emplace_back(f.priceRange->second);
    }
    return where;
}

// Runs `body` with the raw handle of a pooled session; pool and open failures
// become StoreUnavailable too.
template <typename F>
auto withDb(sqlite::Database& database, F&& body) {
    try {
        auto lease = database.borrow();
        return body(Poco::Data::SQLite::Utility::dbHandle(*lease));
    } catch (const StoreUnavailable&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw StoreUnavailable("SQLite: " + e.displayText());
    }
}

} // namespace

SqliteProductStore::SqliteProductStore(sqlite::Database& database) : database_(database) {}
SqliteProductStore::~SqliteProductStore() = default;

void SqliteProductStore::prepare() {
    withDb(database_, [](sqlite3* db) {
        const char* statements[] = {
            "CREATE TABLE IF NOT EXISTS products ("
            " id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL,"
            " price REAL NOT NULL, stock INTEGER NOT NULL, category TEXT NOT NULL,"
            " images TEXT NOT NULL DEFAULT '[]', isActive INTEGER NOT NULL DEFAULT 1,"
            " isWishlistStatus INTEGER NOT NULL DEFAULT 0, wishlistCount INTEGER NOT NULL DEFAULT 0,"
            " createdAt INTEGER NOT NULL, updatedAt INTEGER NOT NULL,"
            " searchWords TEXT NOT NULL DEFAULT ' ')",
            "CREATE INDEX IF NOT EXISTS products_category ON products(category, createdAt, id)",
            "CREATE INDEX IF NOT EXISTS products_active ON products(isActive, createdAt, id)",
            "CREATE INDEX IF NOT EXISTS products_wishlist ON products(isWishlistStatus, createdAt, id)",
            "CREATE INDEX IF NOT EXISTS products_price ON products(price)",
            "CREATE INDEX IF NOT EXISTS products_created ON products(createdAt, id)",
        };
        for (const char* sql : statements) {
            Statement s(db, sql);
            s.step();
        }
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
    withDb(database_, [&](sqlite3* db) {
        Statement s(db, std::string("INSERT INTO products (") + kColumns +
                            ", searchWords) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        s.bind({p.id, p.name, p.description, p.price, p.stock, p.category, imagesToJson(p.images),
                std::int64_t{p.isActive}, std::int64_t{p.isWishlistStatus}, p.wishlistCount,
                p.createdAt, p.updatedAt, wordsColumn(p.description)});
        s.step();
        return 0;
    });
    return p;
}

std::optional<Product> SqliteProductStore::findById(const std::string& id) {
    return withDb(database_, [&](sqlite3* db) -> std::optional<Product> {
        Statement s(db, std::string("SELECT ") + kColumns + " FROM products WHERE id = ?");
        s.bind({lower(id)});
        if (!s.step()) return std::nullopt;
        return readRow(s);
    });
}

std::vector<Product> SqliteProductStore::find(const ProductFilter& filter, std::int64_t skip,
                                              std::int64_t limit) {
    return withDb(database_, [&](sqlite3* db) {
        std::vector<Value> values;
        const std::string sql = std::string("SELECT ") + kColumns + " FROM products" +
                                whereClause(filter, values) +
                                " ORDER BY createdAt ASC, id ASC LIMIT ? OFFSET ?";
        values.emplace_back(limit);
        values.emplace_back(skip);
        Statement s(db, sql);
        s.bind(values);
        std::vector<Product> out;
        while (s.step()) out.push_back(readRow(s));
        return out;
    });
}

std::int64_t SqliteProductStore::count(const ProductFilter& filter) {
    return withDb(database_, [&](sqlite3* db) {
        std::vector<Value> values;
        Statement s(db, "SELECT COUNT(*) FROM products" + whereClause(filter, values));
        s.bind(values);
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
    return withDb(database_, [&](sqlite3* db) -> std::optional<Product> {
        Statement s(db, "UPDATE products SET " + sets + " WHERE id = ? RETURNING " + kColumns);
        s.bind(values);
        if (!s.step()) return std::nullopt;
        Product p = readRow(s);
        while (s.step()) {
        }
        return p;
    });
}

bool SqliteProductStore::remove(const std::string& id) {
    return withDb(database_, [&](sqlite3* db) {
        Statement s(db, "DELETE FROM products WHERE id = ?");
        s.bind({lower(id)});
        s.step();
        return sqlite3_changes(db) > 0;
    });
}

} // namespace jollyjet::products
