#pragma once

#include "ProductStore.h"

namespace jollyjet::sqlite {
class Database;
}

namespace jollyjet::products {

/// The product store on the embedded SQLite database (development, zero-setup run).
///
/// Layout and indexes: SqliteSchema.h; the SQL of each list and count shape:
/// SqliteQueries.h. Every write is one transaction (UPDATE ... RETURNING gives the
/// new row of the same atomic step; triggers keep the search index and the counts
/// in it). Search looks the words of the search text (SearchWords.h) up in an FTS5
/// index, each word a quoted string, so search text is data, never syntax. Any
/// SQLite failure (file missing or unreadable, disk full, busy past the timeout) is
/// raised as StoreUnavailable.
class SqliteProductStore : public ProductStore {
public:
    explicit SqliteProductStore(sqlite::Database& database);
    ~SqliteProductStore() override;

    std::string name() const override { return "sqlite"; }
    void prepare() override;
    void ping() override;
    Product create(const NewProduct& product) override;
    void insertBatch(const std::vector<Product>& products) override;
    std::vector<std::string> existingIds(const std::vector<std::string>& ids) override;
    std::optional<Product> findById(const std::string& id) override;
    std::vector<Product> find(const ProductFilter& filter, std::int64_t skip,
                              std::int64_t limit) override;
    std::int64_t count(const ProductFilter& filter) override;
    std::optional<Product> update(const std::string& id, const ProductPatch& patch) override;
    bool remove(const std::string& id) override;

private:
    sqlite::Database& database_;
};

} // namespace jollyjet::products
