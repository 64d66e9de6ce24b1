#pragma once

#include <cstdint>
#include <optional>
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

    /// What one round trip saw: a scope's generation and, read atomically with it,
    /// the value under a key built on a guessed generation.
    struct Peek {
        std::int64_t generation = 0;
        std::optional<std::string> freshValue; ///< set while the entry is within its TTL
    };
    /// The hit fast path: one round trip instead of generation() then load(). The
    /// value may be served only when `generation` equals the guess the key was
    /// built on. nullopt when the cache cannot answer now (down, breaker open,
    /// invalidations pending) or the counter does not exist yet: use the slow path.
    virtual std::optional<Peek> peek(const std::string& scope, const std::string& key) = 0;
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
    std::optional<Peek> peek(const std::string& scope, const std::string& key) override;

private:
    cache::CacheService& cache_;
};

} // namespace jollyjet::httpcache
