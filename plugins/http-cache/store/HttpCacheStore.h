#pragma once

#include <cstdint>
#include <string>

#include "jollyjet/cache/CacheService.h"

namespace jollyjet::httpcache {

/// What the http-cache filter needs from a cache, and nothing more: generations for
/// O(1) invalidation, a coalescing load, and dropping one key. Keeping the filter on
/// this seam lets its rules be tested against the memory cache or a failing fake.
///
/// Every operation follows CacheService's cache-aside contract: none throws because
/// of the cache (a cache that is down makes load() run the loader directly), and
/// loader exceptions propagate unless a stale entry can stand in for them.
class HttpCacheStore {
public:
    virtual ~HttpCacheStore();

    /// The prefix the backend puts before every key (shown in cacheInfo.cacheKey).
    virtual std::string keyPrefix() const = 0;
    /// Current generation of a scope ("products", "http-cache:item:<id>").
    virtual std::int64_t generation(const std::string& scope) = 0;
    /// Retires every key built on the scope's current generation.
    virtual void bump(const std::string& scope) = 0;
    virtual cache::LoadResult load(const std::string& key, const cache::LoadPolicy& policy,
                                   const cache::CacheService::Loader& loader) = 0;
    /// Deletes one entry (and revokes its fill lease).
    virtual void drop(const std::string& key) = 0;
};

/// HttpCacheStore over the server's CacheService (Redis or memory).
class CacheServiceStore final : public HttpCacheStore {
public:
    explicit CacheServiceStore(cache::CacheService& cache) : cache_(cache) {}

    std::string keyPrefix() const override { return cache_.keyPrefix(); }
    std::int64_t generation(const std::string& scope) override { return cache_.generation(scope); }
    void bump(const std::string& scope) override { cache_.bumpGeneration(scope); }
    cache::LoadResult load(const std::string& key, const cache::LoadPolicy& policy,
                           const cache::CacheService::Loader& loader) override {
        return cache_.getOrLoad(key, policy, loader);
    }
    void drop(const std::string& key) override { cache_.invalidate(key); }

private:
    cache::CacheService& cache_;
};

} // namespace jollyjet::httpcache
