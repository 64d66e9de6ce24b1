#pragma once

#include "ProductStore.h"

namespace jollyjet::sqlite {
class Database;
}

namespace jollyjet::products {

/// The product store on the embedded SQLite database (development, zero-setup run).
///
/// One table; every write is a single SQL statement (UPDATE ... RETURNING gives the
/// new row of the same atomic step). Search uses a `searchWords` column holding
/// " w1 w2 ... " (SearchWords.h) matched with LIKE on escaped words, so `%`, `_` and
/// quotes in search text are plain characters. Any SQLite failure (file missing or
/// unreadable, disk full, busy past the timeout) is raised as StoreUnavailable.
class SqliteProductStore : public ProductStore {
public:
    explicit SqliteProductStore(sqlite::Database& database);
    ~SqliteProductStore() override;

    std::string name() const override { return "sqlite"; }
    void prepare() override;
    void ping() override;
    Product create(const NewProduct& product) override;
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
