#include "filter/HttpCacheFilter.h"

#include <random>

#include <Poco/String.h>

#include "body/CacheInfo.h"
#include "filter/ConsistencyChecker.h"
#include "jollyjet/http/HttpError.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/http/Router.h"
#include "rules/CacheKey.h"
#include "rules/Cacheability.h"
#include "jollyjet/http/EntityTag.h"
#include "store/HttpCacheStore.h"

namespace jollyjet::httpcache {

namespace {

using Verdict = RequestDecision::Verdict;

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// A 5xx answer from the handler, thrown out of the loader so that the cache can
/// put a stale entry in its place (stale-if-error); callers that coalesced onto the
/// failing load receive it and answer the same.
class HandlerFailed : public std::runtime_error {
public:
    explicit HandlerFailed(http::Response response)
        : std::runtime_error("handler answered " + std::to_string(response.status)),
          response_(std::move(response)) {}
    const http::Response& response() const { return response_; }

private:
    http::Response response_;
};

// Runs the rest of the chain and answers an HttpError here, as the dispatcher
// would, so this filter still sees (and can mark or replace) the answer.
// A stored answer as a hit: its status, type and headers, the cache's own headers,
// and cacheInfo naming `layer` (a shared entry and a near-cache entry alike).
template <typename Entry>
void renderEntry(http::Response& response, const Entry& entry, std::int64_t freshnessLeftMs,
                 const std::string& layer, const std::string& cacheKey, std::int64_t now) {
    response = http::Response{};
    response.status = entry.status;
    response.contentType = entry.contentType;
    for (const auto& [name, value] : entry.headers) response.headers.add(name, value);
    response.setHeader("X-Data-Source", "cache");
    response.setHeader("ETag", entry.etag);
    response.setHeader("Age", ageValue(entry.storedAtMs, now));
    const std::int64_t left = std::max<std::int64_t>(0, floorSeconds(freshnessLeftMs));
    const auto at = entry.infoAt < 0 ? std::string::npos : static_cast<std::size_t>(entry.infoAt);
    response.body = withCacheInfo(entry.body, at, {"hit", layer, cacheKey, left, entry.storedAtMs});
}

void runChain(http::Exchange& ex, const http::Next& next) {
    try {
        next(ex);
    } catch (const http::HttpError& e) {
        http::sendError(ex.response, e.status(), e.what(), e.errors());
    }
}

// Headers that describe one delivery, not the stored answer: never replayed.
bool replayable(const std::string& name) {
    static constexpr const char* kSkipped[] = {"X-Data-Source", "Set-Cookie", "Cache-Status", "Age",
                                               "ETag", "Date", "Content-Length", "Connection",
                                               "Transfer-Encoding", "X-Response-Time"};
    for (const char* skipped : kSkipped)
        if (Poco::icompare(name, skipped) == 0) return false;
    return true;
}

// The request note other filters read (metrics, cache-admin): one word of
// hit | stale | coalesced | miss | error, or bypass when this was no lookup.
const char* noteFor(const CacheStatus& status) {
    if (status.detail == "stale-while-revalidate" || status.fwd == "stale") return "stale";
    if (status.hit) return "hit";
    if (status.fwd == "bypass" || status.detail == "cache-unavailable") return "bypass";
    if (status.fwdStatus && *status.fwdStatus >= 500) return "error";
    if (status.collapsed) return "coalesced";
    return "miss";
}

} // namespace

/// What happened when this exchange ran the handler through the loader.
struct HttpCacheFilter::Attempt {
    bool ran = false;
    bool storable = false;
    int status = 0;
    std::string detail; ///< why the answer was not storable
};

HttpCacheFilter::HttpCacheFilter(HttpCacheSettings settings, HttpCacheStore& store,
                                 const http::Router& router, HttpCacheMetrics& metrics,
                                 std::shared_ptr<spdlog::logger> log, ConsistencyChecker* checker)
    : settings_(std::move(settings)), store_(store), router_(router), metrics_(metrics),
      log_(std::move(log)), checker_(checker), near_(store.nearCache()) {}

HttpCacheFilter::~HttpCacheFilter() = default;

bool HttpCacheFilter::sampled() const {
    if (!checker_ || settings_.consistencyCheck <= 0) return false;
    if (settings_.consistencyCheck >= 1) return true;
    thread_local std::mt19937 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0, 1)(engine) < settings_.consistencyCheck;
}

// One cacheable request on its way: the key, what the shared layer answered and
// what the handler did.
struct HttpCacheFilter::Lookup {
    RouteRule rule;
    std::string key;
    std::string fullKey;
    bool refresh = false;
    CacheStatus status;
    Attempt attempt;
    cache::LoadResult result;
    std::optional<StoredResponse> stored;
    cache::NearCache::Ticket ticket;
};

// The steps in the order they run; each returns true when it answered.
void HttpCacheFilter::handle(http::Exchange& ex, const http::Next& next) {
    const std::string& method = ex.request.method;
    if (method != "GET" && method != "HEAD") return next(ex);
    router_.match(ex); // done once already when the chain runs; here for direct callers
    const http::RouteEntry* route = ex.match.entry;
    const auto rule = route ? settings_.ruleFor(*route) : std::nullopt;
    if (!rule) return next(ex);

    Lookup lookup;
    lookup.rule = *rule;
    lookup.status.cache = settings_.name;
    const RequestDecision decision = decideRequest(ex.request, settings_.request);
    if (decision.verdict == Verdict::Bypass) return bypass(ex, next, decision, lookup.status);
    lookup.refresh = decision.verdict == Verdict::Refresh;
    lookup.key = variantKey(ex.request, route->cache.queryParams);
    lookup.fullKey = store_.keyPrefix() + lookup.key;
    if (lookup.refresh) store_.drop(lookup.key);

    if (!lookup.refresh && answerFromNear(ex, lookup)) return;
    // Taken before anything is read: a fill that raced an invalidation is dropped.
    if (near_) lookup.ticket = near_->ticket();
    if (!loadShared(ex, next, lookup)) return;
    if (answerStale(ex, lookup)) return;
    // Into the near cache only what the shared cache holds as current: a hit, or
    // an answer whose fill the shared cache accepted (freshUntilMs is then set).
    if (near_ && lookup.stored && lookup.result.freshUntilMs > 0 && lookup.result.source != cache::Source::Stale &&
        lookup.result.source != cache::Source::Bypass)
        fillNear(lookup.fullKey, *lookup.stored, lookup.result.tags, lookup.ticket);
    if (answerShared(ex, lookup)) return;
    answerFromHandler(ex, next, lookup);
}

void HttpCacheFilter::bypass(http::Exchange& ex, const http::Next& next, const RequestDecision& decision,
                             CacheStatus& status) const {
    metrics_.bypass.inc();
    runChain(ex, next);
    status.fwd = "bypass";
    status.fwdStatus = ex.response.status;
    status.detail = decision.detail;
    finish(ex, status);
}

bool HttpCacheFilter::answerFromNear(http::Exchange& ex, Lookup& lookup) const {
    if (!near_) return false;
    auto entry = near_->lookup(lookup.fullKey, nowMs());
    if (!entry) return false;
    metrics_.hit.inc();
    renderNear(ex.request, *entry, ex.response);
    ex.notes.set("cache.http", "hit");
    return true;
}

bool HttpCacheFilter::loadShared(http::Exchange& ex, const http::Next& next, Lookup& lookup) const {
    cache::LoadPolicy policy;
    policy.ttl = lookup.rule.ttl;
    policy.staleFor = settings_.staleFor;
    policy.negativeTtl = std::chrono::seconds(0); // "not storable" must never be remembered
    try {
        lookup.result = store_.load(lookup.key, policy, [&] {
            return runHandler(ex, next, lookup.rule, lookup.fullKey, lookup.attempt);
        });
    } catch (const HandlerFailed& failed) {
        // The handler failed and no stale entry could stand in.
        if (!lookup.attempt.ran) ex.response = failed.response(); // the leader's answer
        metrics_.error.inc();
        lookup.status.fwd = "uri-miss";
        lookup.status.fwdStatus = ex.response.status;
        lookup.status.collapsed = !lookup.attempt.ran;
        finish(ex, lookup.status);
        return false;
    }
    if (lookup.result.value) {
        lookup.stored = StoredResponse::decode(*lookup.result.value);
        if (!lookup.stored) {
            // Not ours (or damaged): never serve it, and let the next request refill.
            log_->warn("http cache entry {} could not be decoded; dropping it", lookup.key);
            store_.drop(lookup.key);
        }
    }
    return true;
}

bool HttpCacheFilter::answerStale(http::Exchange& ex, Lookup& lookup) const {
    if (!lookup.stored || lookup.result.source != cache::Source::Stale) return false;
    const std::int64_t now = nowMs();
    auto& status = lookup.status;
    serveStored(ex, *lookup.stored, lookup.fullKey, now);
    metrics_.stale.inc();
    status.ttl = floorSeconds(lookup.stored->freshnessLeftMs(now));
    if (lookup.result.staleIfError) {
        status.fwd = "stale";
        if (lookup.attempt.ran) status.fwdStatus = lookup.attempt.status ? lookup.attempt.status : 500;
        status.collapsed = !lookup.attempt.ran;
        status.detail = "stale-if-error";
        log_->warn("serving stale {}: the handler failed", lookup.key);
    } else {
        status.hit = true;
        status.detail = "stale-while-revalidate";
    }
    finish(ex, status);
    return true;
}

// A stored answer another request (or an earlier one) produced: a hit, or a load
// this request joined.
bool HttpCacheFilter::answerShared(http::Exchange& ex, Lookup& lookup) const {
    if (!lookup.stored || lookup.attempt.ran) return false;
    if (lookup.result.source == cache::Source::Hit) {
        serveHit(ex, *lookup.stored, lookup.key, lookup.fullKey);
        return true;
    }
    const std::int64_t now = nowMs();
    serveStored(ex, *lookup.stored, lookup.fullKey, now);
    metrics_.collapsed.inc();
    lookup.status.ttl = floorSeconds(lookup.stored->freshnessLeftMs(now));
    lookup.status.fwd = "uri-miss";
    lookup.status.collapsed = true;
    finish(ex, lookup.status);
    return true;
}

void HttpCacheFilter::answerFromHandler(http::Exchange& ex, const http::Next& next, Lookup& lookup) const {
    auto& status = lookup.status;
    auto& attempt = lookup.attempt;
    const bool ranInLoad = attempt.ran;
    if (!attempt.ran) {
        // We coalesced onto an answer that could not be stored (or an entry we could
        // not read): it was not meant for sharing, so run the handler ourselves.
        try {
            runHandler(ex, next, lookup.rule, lookup.fullKey, attempt);
        } catch (const HandlerFailed&) {
            metrics_.error.inc();
            status.fwd = "uri-miss";
            status.fwdStatus = ex.response.status;
            return finish(ex, status);
        }
    }
    status.fwdStatus = attempt.status;
    if (lookup.result.source == cache::Source::Bypass) {
        metrics_.unavailable.inc();
        status.fwd = "miss";
        status.detail = "cache-unavailable";
    } else {
        status.fwd = lookup.refresh ? "request" : "uri-miss";
        status.stored = attempt.storable && ranInLoad;
        if (status.stored) status.ttl = lookup.rule.ttl.count();
        if (!attempt.storable) status.detail = attempt.detail;
        (attempt.storable ? (lookup.refresh ? metrics_.refresh : metrics_.miss) : metrics_.uncacheable).inc();
        log_->debug("http cache {} {}", attempt.storable ? "miss" : "uncacheable", lookup.key);
    }
    finish(ex, status);
}

cache::Tagged HttpCacheFilter::runHandler(http::Exchange& ex, const http::Next& next,
                                          const RouteRule& rule, const std::string& fullKey,
                                          Attempt& attempt) const {
    attempt.ran = true;
    // 4xx become plain answers that are not stored; 5xx are thrown, so that a stale
    // entry can stand in for them.
    runChain(ex, next);
    attempt.status = ex.response.status;
    if (ex.response.status >= 500) throw HandlerFailed(ex.response);

    const ResponseDecision decision = decideResponse(ex.response, settings_.response);
    if (!decision.store) {
        attempt.detail = decision.detail;
        return cache::Tagged{std::nullopt, {}, false};
    }
    attempt.storable = true;

    StoredResponse entry;
    entry.status = ex.response.status;
    entry.storedAtMs = nowMs();
    entry.ttlSeconds = rule.ttl.count();
    entry.body = storedBody(ex.response);
    entry.infoAt = ex.response.cache.infoAt == std::string::npos
                       ? -1
                       : static_cast<std::int64_t>(ex.response.cache.infoAt);
    entry.etag = http::strongEtag(entry.status, entry.body);
    entry.contentType = ex.response.contentType;
    for (const auto& [name, value] : ex.response.headers)
        if (replayable(name)) entry.headers.emplace_back(name, value);

    ex.response.body = withCacheInfo(entry.body, ex.response.cache.infoAt,
                                     {"miss", "handler", fullKey, entry.ttlSeconds, entry.storedAtMs});
    ex.response.setHeader("ETag", entry.etag);
    return cache::Tagged{entry.encode(), ex.response.cache.tags, true};
}

void HttpCacheFilter::serveHit(http::Exchange& ex, const StoredResponse& stored, const std::string& key,
                               const std::string& fullKey) const {
    const std::int64_t now = nowMs();
    serveStored(ex, stored, fullKey, now);
    metrics_.hit.inc();
    CacheStatus status;
    status.cache = settings_.name;
    status.hit = true;
    status.ttl = floorSeconds(stored.freshnessLeftMs(now));
    log_->debug("http cache hit {}", key);
    if (sampled()) checker_->submit({key, ex.request, stored.status, stored.body});
    finish(ex, status);
}

void HttpCacheFilter::serveStored(http::Exchange& ex, const StoredResponse& stored,
                                  const std::string& fullKey, std::int64_t now) const {
    renderEntry(ex.response, stored, stored.freshnessLeftMs(now), store_.layer(), fullKey, now);
}

void HttpCacheFilter::finish(http::Exchange& ex, const CacheStatus& status) const {
    auto& response = ex.response;
    response.setHeader("Cache-Status", status.format());
    ex.notes.set("cache.http", noteFor(status));
    if (!response.headers.has("ETag") || response.status != 200) return;
    const std::string& condition = ex.request.header("If-None-Match");
    if (condition.empty() || !http::ifNoneMatchMatches(condition, response.headers.get("ETag"))) return;
    // RFC 9110 15.4.5: same headers a 200 would have had, no body.
    response.status = 304;
    response.body.clear();
    metrics_.notModified.inc();
}

} // namespace jollyjet::httpcache

namespace jollyjet::httpcache {

std::shared_ptr<const cache::NearEntry> HttpCacheFilter::nearEntry(const http::Exchange& exchange) const {
    const http::Request& request = exchange.request;
    if (!near_ || (request.method != "GET" && request.method != "HEAD")) return nullptr;
    const http::RouteEntry* route = exchange.match.entry;
    if (!route || !settings_.ruleFor(*route)) return nullptr;
    if (decideRequest(request, settings_.request).verdict != Verdict::Lookup) return nullptr;
    const std::string key = variantKey(request, route->cache.queryParams);
    return near_->lookup(store_.keyPrefix() + key, nowMs());
}

std::optional<http::Response> HttpCacheFilter::nearLookup(const http::Exchange& exchange) const {
    auto entry = nearEntry(exchange);
    if (!entry) return std::nullopt;
    metrics_.hit.inc();
    http::Response response;
    renderNear(exchange.request, *entry, response);
    return response;
}

void HttpCacheFilter::renderNear(const http::Request& request, const cache::NearEntry& entry,
                                 http::Response& response) const {
    const std::int64_t now = nowMs();
    renderEntry(response, entry, entry.freshUntilMs - now, "near", entry.cacheKey, now);
    CacheStatus status;
    status.cache = settings_.name;
    status.hit = true;
    status.ttl = floorSeconds(entry.freshUntilMs - now);
    status.detail = "near";
    response.setHeader("Cache-Status", status.format());
    const std::string& condition = request.header("If-None-Match");
    if (response.status == 200 && !condition.empty() && http::ifNoneMatchMatches(condition, entry.etag)) {
        response.status = 304;
        response.body.clear();
        metrics_.notModified.inc();
    }
}

void HttpCacheFilter::fillNear(const std::string& fullKey, const StoredResponse& stored,
                               const std::vector<std::string>& tags, const cache::NearCache::Ticket& ticket) const {
    auto entry = std::make_shared<cache::NearEntry>();
    entry->status = stored.status;
    entry->contentType = stored.contentType;
    entry->headers = stored.headers;
    entry->body = stored.body;
    entry->infoAt = stored.infoAt;
    entry->etag = stored.etag;
    entry->cacheKey = fullKey;
    entry->storedAtMs = stored.storedAtMs;
    entry->freshUntilMs = stored.storedAtMs + stored.ttlSeconds * 1000;
    entry->tags = tags;
    near_->put(fullKey, std::move(entry), ticket);
}

} // namespace jollyjet::httpcache
