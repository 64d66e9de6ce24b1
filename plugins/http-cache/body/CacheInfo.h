#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "jollyjet/http/Exchange.h"

namespace jollyjet::httpcache {

/// The `cacheInfo` member a cached answer carries, as this layer describes its own
/// answer (it replaces whatever the handler wrote). Where it goes is the handler's
/// to say (http::CacheHints::infoAt), so the body is never parsed.
struct CacheInfo {
    std::string status;        ///< "hit" or "miss"
    std::string layer;         ///< who answered: "near", the backend ("redis", "memory"), or "handler"
    std::string key;           ///< the full cache key, prefix included
    std::int64_t ttlSeconds = 0;
    std::int64_t cachedAtMs = 0; ///< wall clock, ms since the epoch
};

/// The response body without the handler's own cacheInfo member (the span its
/// hints name), as the cache stores it.
std::string storedBody(const http::Response& response);

/// `stored` with this layer's `,"cacheInfo":{...}` put at byte `at` (the handler's
/// infoAt); `stored` as it is when `at` is npos or past its end.
std::string withCacheInfo(std::string_view stored, std::size_t at, const CacheInfo& info);

} // namespace jollyjet::httpcache
