#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "../model/ProductQuery.h"
#include "../store/ProductStore.h"
#include "jollyjet/cache/CacheService.h"

namespace jollyjet {
class Events;
namespace metrics {
class Registry;
}
} // namespace jollyjet

namespace jollyjet::products {

/// Surrogate keys (cache tags) of product answers: every write invalidates the
/// product's tag and the lists tag, which retires the cached items, lists and
/// counts here and in any response cache that stored answers carrying them.
inline constexpr const char* kListsTag = "products";
std::string productTag(const std::string& id);

/// One page of a list as the API shows it: `products` is the JSON array text of
/// the page's products (effective stock applied), `total` how many match in all.
struct ListPage {
    std::string products = "[]";
    std::int64_t total = 0;
};

/// How a read was answered, for X-Data-Source and cacheInfo.
struct ReadInfo {
    bool fromCache = false;         ///< the answer came from the cache
    cache::Source source = cache::Source::Bypass;
    std::string cacheKey;           ///< without the server prefix; empty without a cache
    std::chrono::seconds ttl{0};    ///< the key's configured logical TTL
    std::int64_t freshUntilMs = 0;  ///< when the cached entry stops being fresh, 0 if unknown
};

template <typename T>
struct Read {
    T value;
    ReadInfo info;
};

/// The product use cases with a Redis-first cache-aside over the store.
///
/// Reads go through CacheService::getOrLoad (single-flight, lease, stale serving):
///   item   product:<id>                  tag product:<id>, ttl.item; a missing id is
///                                        cached as a negative entry for ttl.negative
///   list   products:<canonical query>    tag products, ttl.list, value {"products":[...],"total":n}
///   count  product:count:<canonical filter>  tag products, ttl.count
/// Cached values are what the API shows (one representation per key, product JSON
/// with effective stock applied), so a hit is spliced into the response without
/// parsing: item `{"id":...}`, list `{"total":n,"products":[...]}`, count `n`.
/// A value that does not have its key's shape is treated as a miss, never served.
///
/// Writes go through CacheService::writeThrough with the tags `product:<id>` and
/// `products` (retiring the item and every list and count entry in one step, here
/// and in response caches), then "products.changed" is published. Under the strict
/// write policy a write the cache cannot be told about throws cache::WriteRefused
/// before anything is written. The cache calls never throw, so a
/// cache failure after a committed write cannot fail the request; the cache service
/// remembers and retries what it could not invalidate and bypasses itself until then.
class ProductService {
public:
    struct Settings {
        std::chrono::seconds itemTtl{3600};
        std::chrono::seconds listTtl{300};
        std::chrono::seconds countTtl{300};
        std::chrono::seconds negativeTtl{30};
        std::chrono::seconds staleFor{60};
    };

    /// `cache` may be null: every read then goes to the store.
    ProductService(ProductStore& store, cache::CacheService* cache, Events& events,
                   metrics::Registry& metrics, std::shared_ptr<spdlog::logger> log,
                   Settings settings);

    /// The product's API JSON (effective stock), or nullopt when there is none.
    Read<std::optional<std::string>> get(const std::string& id);
    Read<ListPage> list(const ListQuery& query);
    Read<std::int64_t> count(const ProductFilter& filter);

    Product create(const NewProduct& product);
    /// `kind` is what the "products.changed" event says: "updated" or "wishlist".
    std::optional<Product> update(const std::string& id, const ProductPatch& patch,
                                  const char* kind = "updated");
    bool remove(const std::string& id);

    const std::string& storeName() const { return storeName_; }

private:
    template <typename T, typename Decode, typename Encode, typename Load>
    Read<T> read(const std::string& key, const std::string& tag, std::chrono::seconds ttl,
                 bool negative, Load load, Encode encode, Decode decode);
    /// Runs a store write with its tags invalidated under the cache's write policy
    /// (CacheService::writeThrough); `write` returns tags known only after it ran.
    template <typename Write>
    void written(const std::vector<std::string>& tags, Write write);
    void announce(const std::string& id, const char* kind);
    void record(cache::Source source);

    ProductStore& store_;
    cache::CacheService* cache_;
    Events& events_;
    metrics::Registry& metrics_;
    std::shared_ptr<spdlog::logger> log_;
    Settings settings_;
    std::string storeName_;
};

} // namespace jollyjet::products
