#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/logger.h>

#include "config/HttpCacheSettings.h"
#include "filter/HttpCacheMetrics.h"
#include "jollyjet/http/Filter.h"
#include "rules/CacheStatus.h"
#include "store/StoredResponse.h"

namespace jollyjet::http {
class Router;
}

namespace jollyjet::httpcache {

class ConsistencyChecker;
class HttpCacheStore;

/// The HTTP response cache: a filter in front of the router for the configured GET
/// (and HEAD) routes (issue 6, API.md 6.2).
///
/// For a cached route it builds the key from the current generation of the route's
/// scope and the normalized request. A hit costs one round trip: the generation this
/// process saw last is tried with the entry under it, and the counter is read in the
/// same MGET, so a moved generation is noticed at once. Otherwise it asks the store's
/// coalescing load for the key:
/// a fresh entry is served without running the handler; otherwise one caller per key
/// (per process, and per Redis through the lease) runs the rest of the chain and, when
/// the answer may be stored, stores it. Around that it keeps the client-visible
/// contract: `cacheInfo` in the body, X-Data-Source, Cache-Status (RFC 9211), Age,
/// a strong ETag and 304 for a matching If-None-Match.
///
/// Guarantees:
///   - read-your-writes: the generation is read from the cache on every request, and
///     writers bump it before they answer, so an entry stored before an acknowledged
///     write is never served after it, on any instance sharing the cache;
///   - a stale entry (past its TTL, within `staleSeconds`) is served only while one
///     request refreshes it or when the handler fails (5xx or an exception); it is
///     always of the current generation, so never older than the last write;
///   - nothing that is not cacheable is stored; a caller that coalesced onto such an
///     answer runs the handler itself;
///   - a cache that is down costs at most its command timeout: requests then go to
///     the handler (Cache-Status `fwd=miss; detail=cache-unavailable`).
class HttpCacheFilter final : public http::Filter {
public:
    HttpCacheFilter(HttpCacheSettings settings, HttpCacheStore& store, const http::Router& router,
                    HttpCacheMetrics& metrics, std::shared_ptr<spdlog::logger> log,
                    ConsistencyChecker* checker = nullptr);
    ~HttpCacheFilter() override;

    std::string name() const override { return "http-cache"; }
    int priority() const override { return http::priority::kHttpCache; }
    void handle(http::Exchange& exchange, const http::Next& next) override;

    /// The generation scope of one product's item entries.
    static std::string itemScope(const std::string& id);

private:
    struct Attempt;

    std::optional<std::string> runHandler(http::Exchange& exchange, const http::Next& next,
                                          const RouteRule& rule, const std::string& fullKey,
                                          Attempt& attempt) const;
    void serveHit(http::Exchange& exchange, const StoredResponse& stored, const std::string& key,
                  const std::string& fullKey, const std::string& scope, std::int64_t generation) const;
    void serveStored(http::Exchange& exchange, const StoredResponse& stored,
                     const std::string& fullKey, std::int64_t nowMs) const;
    std::string scopeOf(const RouteRule& rule, const std::string& path) const;
    void finish(http::Exchange& exchange, const CacheStatus& status) const;
    bool sampled() const;

    HttpCacheSettings settings_;
    HttpCacheStore& store_;
    const http::Router& router_;
    HttpCacheMetrics& metrics_;
    std::shared_ptr<spdlog::logger> log_;
    ConsistencyChecker* checker_;
    /// The generation last seen per scope (hashed; a collision only costs a guess),
    /// the key the hit fast path tries. Never trusted: the peek re-reads the counter.
    std::array<std::atomic<std::int64_t>, 4096> guesses_{};
};

} // namespace jollyjet::httpcache
