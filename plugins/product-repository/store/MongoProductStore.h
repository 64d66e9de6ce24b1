#pragma once

#include <memory>

#include "ProductStore.h"

namespace jollyjet::mongo {
class ConnectionPool;
}

namespace jollyjet::products {

/// The product store on MongoDB (staging, production), through core's OP_MSG client.
///
/// Documents keep the reference implementation's shape: `_id` is an ObjectId,
/// createdAt/updatedAt are BSON dates, so existing catalogues read as they are. Each
/// write is one command (insert, findAndModify with $set, delete). Search matches a
/// `searchWords` array (SearchWords.h) with $in, identical to the SQLite store and
/// never interpreted as a pattern. Network failures and server errors are raised as
/// StoreUnavailable.
class MongoProductStore : public ProductStore {
public:
    explicit MongoProductStore(mongo::ConnectionPool& pool, std::string collection = "products");
    ~MongoProductStore() override;

    std::string name() const override { return "mongo"; }
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
    mongo::ConnectionPool& pool_;
    std::string collection_;
};

} // namespace jollyjet::products
