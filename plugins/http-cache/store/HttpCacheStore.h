#pragma once

#include <optional>
#include <string>

#include "jollyjet/cache/CacheService.h"

namespace jollyjet::httpcache {

/// What the http-cache filter needs from a cache, and nothing more: a coalescing
/// load of tagged entries, dropping one key, and whether an entry is still current.
/// Keeping the filter on this seam lets its rules be tested against the memory
/// cache or a failing fake.
///
/// Every operation follows CacheService's cache-aside contract: none throws because
/// of the cache (a cache that is down makes load() run the loader directly), and
/// loader exceptions propagate unless a stale entry can stand in for them.
class HttpCacheStore {
public:
    virtual ~HttpCacheStore();

    /// The prefix the backend puts before every key (shown in cacheInfo.cacheKey).
    virtual std::string keyPrefix() const = 0;
    virtual cache::LoadResult load(const std::string& key, const cache::LoadPolicy& policy,
                                   const cache::CacheService::TaggedLoader& loader) = 0;
    /// Deletes one entry (and revokes its fill lease).
    virtual void drop(const std::string& key) = 0;
    /// Whether the entry under `key` is stored and none of its tags was invalidated.
    virtual bool holdsCurrent(const std::string& key) = 0;
    /// The shared layer's name in cacheInfo ("redis", "memory").
    virtual std::string layer() const { return "cache"; }
    /// The coherent in-process near cache in front of this store, or nullptr.
    virtual cache::NearCache* nearCache() { return nullptr; }
};

/// HttpCacheStore over the server's CacheService (Redis or memory).
class CacheServiceStore final : public HttpCacheStore {
public:
    explicit CacheServiceStore(cache::CacheService& cache) : cache_(cache) {}

    std::string keyPrefix() const override { return cache_.keyPrefix(); }
    cache::LoadResult load(const std::string& key, const cache::LoadPolicy& policy,
                           const cache::CacheService::TaggedLoader& loader) override {
        return cache_.getOrLoadTagged(key, policy, loader);
    }
    void drop(const std::string& key) override { cache_.invalidate(key); }
    bool holdsCurrent(const std::string& key) override { return cache_.holdsCurrent(key); }
    cache::NearCache* nearCache() override { return cache_.nearCache(); }
    std::string layer() const override { return cache_.backend(); }

private:
    cache::CacheService& cache_;
};

} // namespace jollyjet::httpcache
