#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jollyjet::httpcache {

/// The `cacheInfo` member API.md 6.2 puts into every cacheable GET body, as this
/// layer describes its own answer (it replaces whatever a lower layer wrote).
struct CacheInfo {
    std::string status;        ///< "hit" or "miss"
    std::string key;           ///< the full cache key, prefix included
    std::int64_t ttlSeconds = 0;
    std::int64_t cachedAtMs = 0; ///< wall clock, ms since the epoch
};

/// The body as the cache stores it: the same JSON object without its `cacheInfo`
/// member (so every response can get its own), members otherwise kept verbatim and in
/// order. nullopt when the body is not one JSON object: such a body is not cached.
std::optional<std::string> withoutCacheInfo(std::string_view body);

/// `stored` (an object from withoutCacheInfo) with `cacheInfo` appended as its last
/// member, which is where the product routes put it.
std::string withCacheInfo(std::string_view stored, const CacheInfo& info);

} // namespace jollyjet::httpcache
