#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/logger.h>

#include "config/HttpCacheSettings.h"
#include "jollyjet/cache/CacheService.h"
#include "jollyjet/cache/NearCache.h"
#include "filter/HttpCacheMetrics.h"
#include "jollyjet/http/Filter.h"
#include "rules/CacheStatus.h"
#include "rules/Cacheability.h"
#include "store/StoredResponse.h"

namespace jollyjet::http {
class Router;
}

namespace jollyjet::httpcache {

class ConsistencyChecker;
class HttpCacheStore;

/// The HTTP response cache: a filter in front of the router for the configured GET
/// (and HEAD) routes (README, "The http-cache plugin").
///
/// It knows no resource: the key is the normalized request (method, path, and the
/// query parameters the route declares it reads), and the entry carries the tags
/// the handler attached (http::CacheHints), which writers retire with
/// CacheService::invalidateTags. A hit costs one round trip (the entry and its
/// tags' generations are checked in one script). Otherwise the store's coalescing
/// load runs: one caller per key (per process, and per Redis through the lease)
/// runs the rest of the chain and, when the answer may be stored, stores it. Around
/// that it keeps the client-visible contract: `cacheInfo` where the handler's hints
/// put it, X-Data-Source, Cache-Status (RFC 9211), Age, a strong ETag and 304 for a
/// matching If-None-Match.
///
/// Guarantees:
///   - read-your-writes: an entry is served only while none of its tags was
///     invalidated after its load began, and writers invalidate before they answer,
///     so an entry older than an acknowledged write is never served, on any
///     instance sharing the cache;
///   - a stale entry (past its TTL, within `staleSeconds`) is served only while one
///     request refreshes it or when the handler fails (5xx or an exception); its
///     tags are current, so it is never older than the last write;
///   - a 4xx (or any answer not stored) writes no key at all;
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

    /// The near cache's answer to a request, when it has one it may serve now: the
    /// complete response (status, headers with Cache-Status, body with cacheInfo, or
    /// a 304 for a matching If-None-Match). Non-blocking: no network, no worker, no
    /// lock held across anything slow, so the front end's I/O thread can call it with
    /// the parsed request head (method, path, query, headers) before any worker runs.
    /// nullopt: run the filter chain as usual.
    std::optional<http::Response> nearLookup(const http::Exchange& exchange) const;

private:
    struct Attempt;
    struct Lookup;

    // The steps of handle(), in order.
    void bypass(http::Exchange& exchange, const http::Next& next, const RequestDecision& decision,
                CacheStatus& status) const;
    bool answerFromNear(http::Exchange& exchange, Lookup& lookup) const;
    bool loadShared(http::Exchange& exchange, const http::Next& next, Lookup& lookup) const;
    bool answerStale(http::Exchange& exchange, Lookup& lookup) const;
    bool answerShared(http::Exchange& exchange, Lookup& lookup) const;
    void answerFromHandler(http::Exchange& exchange, const http::Next& next, Lookup& lookup) const;

    cache::Tagged runHandler(http::Exchange& exchange, const http::Next& next, const RouteRule& rule,
                             const std::string& fullKey, Attempt& attempt) const;
    void serveHit(http::Exchange& exchange, const StoredResponse& stored, const std::string& key,
                  const std::string& fullKey) const;
    void serveStored(http::Exchange& exchange, const StoredResponse& stored,
                     const std::string& fullKey, std::int64_t nowMs) const;
    /// The near-cache entry for a cacheable, non-bypassed request, or nullptr.
    std::shared_ptr<const cache::NearEntry> nearEntry(const http::Exchange& exchange) const;
    void renderNear(const http::Request& request, const cache::NearEntry& entry, http::Response& response) const;
    void fillNear(const std::string& fullKey, const StoredResponse& stored,
                  const std::vector<std::string>& tags, const cache::NearCache::Ticket& ticket) const;
    void finish(http::Exchange& exchange, const CacheStatus& status) const;
    bool sampled() const;

    HttpCacheSettings settings_;
    HttpCacheStore& store_;
    const http::Router& router_;
    HttpCacheMetrics& metrics_;
    std::shared_ptr<spdlog::logger> log_;
    ConsistencyChecker* checker_;
    cache::NearCache* near_;
};

} // namespace jollyjet::httpcache
