#include "MeteredStore.h"

#include <chrono>

#include "jollyjet/metrics/Metrics.h"

namespace jollyjet::products {

MeteredStore::MeteredStore(std::unique_ptr<ProductStore> inner, metrics::Registry& metrics)
    : inner_(std::move(inner)), metrics_(metrics), backend_(inner_->name()) {}

MeteredStore::~MeteredStore() = default;

template <typename F>
auto MeteredStore::measure(const char* operation, F&& body) {
    const auto started = std::chrono::steady_clock::now();
    auto record = [&](const char* result) {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        metrics_
            .histogram("jollyjet_store_operation_duration_seconds", "Store operation latency",
                       {{"backend", backend_}, {"operation", operation}})
            .observe(seconds);
        metrics_
            .counter("jollyjet_store_operations_total", "Store operations by result",
                     {{"backend", backend_}, {"operation", operation}, {"result", result}})
            .inc();
    };
    try {
        if constexpr (std::is_void_v<decltype(body())>) {
            body();
            record("ok");
        } else {
            auto value = body();
            record("ok");
            return value;
        }
    } catch (...) {
        record("error");
        throw;
    }
}

void MeteredStore::prepare() { measure("prepare", [&] { inner_->prepare(); }); }
void MeteredStore::ping() { measure("ping", [&] { inner_->ping(); }); }
Product MeteredStore::create(const NewProduct& p) {
    return measure("create", [&] { return inner_->create(p); });
}
void MeteredStore::insertBatch(const std::vector<Product>& products) {
    measure("insertBatch", [&] { inner_->insertBatch(products); });
}
std::vector<std::string> MeteredStore::existingIds(const std::vector<std::string>& ids) {
    return measure("existingIds", [&] { return inner_->existingIds(ids); });
}
std::optional<Product> MeteredStore::findById(const std::string& id) {
    return measure("findById", [&] { return inner_->findById(id); });
}
std::vector<Product> MeteredStore::find(const ProductFilter& f, std::int64_t skip, std::int64_t limit) {
    return measure("find", [&] { return inner_->find(f, skip, limit); });
}
std::int64_t MeteredStore::count(const ProductFilter& f) {
    return measure("count", [&] { return inner_->count(f); });
}
std::optional<Product> MeteredStore::update(const std::string& id, const ProductPatch& patch) {
    return measure("update", [&] { return inner_->update(id, patch); });
}
bool MeteredStore::remove(const std::string& id) {
    return measure("delete", [&] { return inner_->remove(id); });
}

} // namespace jollyjet::products
