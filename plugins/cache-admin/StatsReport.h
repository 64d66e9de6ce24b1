#pragma once

#include <chrono>

#include <Poco/JSON/Object.h>

#include "StatsHistory.h"
#include "TopHits.h"

namespace jollyjet {
class Services;
}
namespace jollyjet::metrics {
class Registry;
}

namespace jollyjet::admin {

/// The cache layers /api/cache/stats breaks its numbers down by (the `layer` label
/// of jollyjet_cache_requests_total).
inline constexpr const char* kLayers[] = {"repository", "http"};

/// Cache lookups and HTTP requests so far, from the counters /metrics renders:
/// hits are results hit and stale, misses are miss, coalesced and error, over every
/// layer.
Totals readTotals(const metrics::Registry& registry);

/// The `data` of GET /api/cache/stats (docs/openapi.yaml, plus what the admin page shows):
/// the contract's hitRate (percent), totalRequests, cacheHits, cacheMisses,
/// memoryUsage, keysCount (DBSIZE), uptimeSeconds (Redis'), isConnected; then per
/// layer counts, latency percentiles of requests, cache operations and the store,
/// the Redis pool and breaker, and every health check. Nothing here is a
/// placeholder: what cannot be read (Redis down) is null, with the reason in
/// `redisError`.
Poco::JSON::Object::Ptr buildStats(Services& services, std::chrono::steady_clock::time_point started);

/// The `data` of GET /api/cache/history: the chart's points and the top hits.
Poco::JSON::Object::Ptr buildHistory(const StatsHistory& history, const TopHits& topHits);

} // namespace jollyjet::admin
