#pragma once

#include <memory>

#include "ProductStore.h"

namespace jollyjet::metrics {
class Registry;
}

namespace jollyjet::products {

/// A ProductStore decorator that counts and times every operation:
/// jollyjet_store_operations_total{backend,operation,result} and
/// jollyjet_store_operation_duration_seconds{backend,operation}.
/// The store behind it is unaware of metrics.
class MeteredStore : public ProductStore {
public:
    MeteredStore(std::unique_ptr<ProductStore> inner, metrics::Registry& metrics);
    ~MeteredStore() override;

    std::string name() const override { return inner_->name(); }
    void prepare() override;
    void ping() override;
    Product create(const NewProduct& product) override;
    void insertBatch(const std::vector<Product>& products) override;
    std::vector<std::string> existingIds(const std::vector<std::string>& ids) override;
    std::optional<Product> findById(const std::string& id) override;
    std::vector<Product> find(const ProductFilter& filter, std::int64_t skip, std::int64_t limit) override;
    std::int64_t count(const ProductFilter& filter) override;
    std::optional<Product> update(const std::string& id, const ProductPatch& patch) override;
    bool remove(const std::string& id) override;

private:
    template <typename F>
    auto measure(const char* operation, F&& body);

    std::unique_ptr<ProductStore> inner_;
    metrics::Registry& metrics_;
    std::string backend_;
};

} // namespace jollyjet::products
