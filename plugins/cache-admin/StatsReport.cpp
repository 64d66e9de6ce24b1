#include "StatsReport.h"

#include <cmath>

#include <Poco/JSON/Array.h>

#include "RedisInfo.h"
#include "jollyjet/Services.h"
#include "jollyjet/cache/CacheService.h"
#include "jollyjet/health/HealthRegistry.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::admin {

namespace {

using Object = Poco::JSON::Object::Ptr;

double round2(double v) { return std::round(v * 100.0) / 100.0; }

double percent(double part, double whole) { return whole > 0 ? round2(100.0 * part / whole) : 0.0; }

constexpr const char* kRequests = "jollyjet_cache_requests_total";

double layerResult(const metrics::Registry& registry, const std::string& layer, const char* result) {
    metrics::Labels match{{"result", result}};
    if (!layer.empty()) match.emplace_back("layer", layer);
    return registry.sum(kRequests, match);
}

Object layerStats(const metrics::Registry& registry, const std::string& layer) {
    const double hit = layerResult(registry, layer, "hit");
    const double stale = layerResult(registry, layer, "stale");
    const double miss = layerResult(registry, layer, "miss");
    const double coalesced = layerResult(registry, layer, "coalesced");
    const double error = layerResult(registry, layer, "error");
    auto out = http::makeObject();
    out->set("hits", hit);
    out->set("stale", stale);
    out->set("misses", miss);
    out->set("coalesced", coalesced);
    out->set("errors", error);
    out->set("hitRate", percent(hit + stale, hit + stale + miss + coalesced + error));
    return out;
}

Object percentiles(const metrics::Histogram::Snapshot& snap) {
    auto out = http::makeObject();
    out->set("p50Ms", round2(metrics::Histogram::quantileOf(snap, 0.50) * 1000.0));
    out->set("p95Ms", round2(metrics::Histogram::quantileOf(snap, 0.95) * 1000.0));
    out->set("p99Ms", round2(metrics::Histogram::quantileOf(snap, 0.99) * 1000.0));
    out->set("count", static_cast<Poco::UInt64>(snap.count));
    return out;
}

Object cacheServiceStats(cache::CacheService& cache) {
    const auto s = cache.stats();
    auto out = http::makeObject();
    out->set("hits", static_cast<Poco::UInt64>(s.hits));
    out->set("misses", static_cast<Poco::UInt64>(s.misses));
    out->set("stale", static_cast<Poco::UInt64>(s.stale));
    out->set("coalesced", static_cast<Poco::UInt64>(s.coalesced));
    out->set("sets", static_cast<Poco::UInt64>(s.sets));
    out->set("deletes", static_cast<Poco::UInt64>(s.deletes));
    out->set("errors", static_cast<Poco::UInt64>(s.errors));
    out->set("leaseRefused", static_cast<Poco::UInt64>(s.leaseRefused));
    out->set("fillsDropped", static_cast<Poco::UInt64>(s.fillsDropped));
    out->set("available", cache.available());
    out->set("pendingInvalidations", static_cast<Poco::UInt64>(cache.pendingInvalidations()));
    return out;
}

Object operationLatencies(cache::CacheService& cache) {
    auto out = http::makeObject();
    for (const auto& [op, summary] : cache.latencies()) {
        auto entry = http::makeObject();
        entry->set("p50Ms", round2(summary.p50 * 1000.0));
        entry->set("p95Ms", round2(summary.p95 * 1000.0));
        entry->set("p99Ms", round2(summary.p99 * 1000.0));
        entry->set("count", static_cast<Poco::UInt64>(summary.count));
        out->set(op, entry);
    }
    return out;
}

const char* breakerName(redis::CircuitBreaker::State state) {
    switch (state) {
    case redis::CircuitBreaker::State::Open: return "open";
    case redis::CircuitBreaker::State::HalfOpen: return "half-open";
    case redis::CircuitBreaker::State::Closed: break;
    }
    return "closed";
}

Poco::JSON::Array::Ptr dependencies(const HealthRegistry& health) {
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    for (const auto& r : health.runAll()) {
        auto entry = http::makeObject();
        entry->set("role", r.role);
        entry->set("name", r.name);
        entry->set("status", r.status.status);
        entry->set("responseTimeMs", round2(r.status.responseTimeMs));
        if (!r.status.error.empty()) entry->set("error", r.status.error);
        if (!r.status.detail.empty()) entry->set("detail", r.status.detail);
        out->add(entry);
    }
    return out;
}

} // namespace

Totals readTotals(const metrics::Registry& registry) {
    Totals t;
    t.requests = registry.sum("jollyjet_http_requests_total");
    // One lookup per client request: the outermost cache layer that saw traffic
    // (an http-cache miss also looks up the repository; counting both would count
    // one request twice).
    const std::string layer = registry.sum("jollyjet_cache_requests_total", {{"layer", "http"}}) > 0
                                  ? "http"
                                  : "repository";
    t.cacheHits = layerResult(registry, layer, "hit") + layerResult(registry, layer, "stale");
    t.cacheMisses = layerResult(registry, layer, "miss") + layerResult(registry, layer, "coalesced") +
                    layerResult(registry, layer, "error");
    t.layer = layer;
    return t;
}

Object buildStats(Services& services, std::chrono::steady_clock::time_point started) {
    const auto& registry = services.metrics();
    const Totals totals = readTotals(registry);
    auto data = http::makeObject();
    const double lookups = totals.cacheHits + totals.cacheMisses;
    data->set("hitRate", percent(totals.cacheHits, lookups));
    // What the headline figures count: one layer, since the server started.
    auto counting = http::makeObject();
    counting->set("layer", totals.layer);
    counting->set("window", "since start");
    counting->set("sinceSeconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    data->set("counting", counting);
    data->set("totalRequests", lookups);
    data->set("cacheHits", totals.cacheHits);
    data->set("cacheMisses", totals.cacheMisses);

    const Poco::Dynamic::Var null;
    cache::CacheService* cache = services.hasCache() ? &services.cache() : nullptr;
    std::string redisError;
    Object redisObject;
    if (services.hasRedis()) {
        auto& pool = services.redis();
        redisObject = http::makeObject();
        try {
            const auto facts = readRedisFacts(pool);
            data->set("memoryUsage", formatMegabytes(facts.usedMemoryBytes));
            data->set("keysCount", facts.keys);
            data->set("uptimeSeconds", facts.uptimeSeconds);
            data->set("isConnected", true);
            redisObject->set("version", facts.version);
            redisObject->set("connectedClients", facts.connectedClients);
            redisObject->set("usedMemoryBytes", facts.usedMemoryBytes);
        } catch (const std::exception& e) {
            redisError = e.what();
            data->set("memoryUsage", null);
            data->set("keysCount", null);
            data->set("uptimeSeconds", null);
            data->set("isConnected", false);
        }
        const auto poolStats = pool.stats();
        auto poolObject = http::makeObject();
        poolObject->set("size", static_cast<Poco::UInt64>(pool.options().poolSize));
        poolObject->set("idle", static_cast<Poco::UInt64>(poolStats.idle));
        poolObject->set("inUse", static_cast<Poco::UInt64>(poolStats.inUse));
        poolObject->set("waits", static_cast<Poco::UInt64>(poolStats.waits));
        poolObject->set("exhausted", static_cast<Poco::UInt64>(poolStats.exhausted));
        redisObject->set("endpoint", pool.options().endpoint());
        redisObject->set("pool", poolObject);
        redisObject->set("breaker", breakerName(pool.breaker().state()));
    } else if (const auto footprint = cache ? cache->localFootprint() : std::nullopt) {
        // The in-process cache: its own size, and it lives as long as the process.
        data->set("memoryUsage", formatMegabytes(static_cast<double>(footprint->bytes)));
        data->set("keysCount", static_cast<Poco::UInt64>(footprint->entries));
        data->set("uptimeSeconds", static_cast<Poco::Int64>(std::chrono::duration_cast<std::chrono::seconds>(
                                                                std::chrono::steady_clock::now() - started)
                                                                .count()));
        data->set("isConnected", true);
    } else {
        data->set("memoryUsage", null);
        data->set("keysCount", null);
        data->set("uptimeSeconds", null);
        data->set("isConnected", false);
    }
    if (!redisError.empty()) data->set("redisError", redisError);

    data->set("backend", cache ? cache->backend() : std::string("none"));
    data->set("keyPrefix", cache ? cache->keyPrefix() : std::string());
    auto layers = http::makeObject();
    for (const char* layer : kLayers) layers->set(layer, layerStats(registry, layer));
    data->set("layers", layers);

    auto requests = http::makeObject();
    requests->set("total", totals.requests);
    data->set("requests", requests);

    auto latency = http::makeObject();
    latency->set("http", percentiles(registry.mergedHistogram("jollyjet_http_request_duration_seconds")));
    latency->set("cache", percentiles(registry.mergedHistogram("jollyjet_cache_operation_duration_seconds",
                                                               {{"operation", "getOrLoad"}})));
    latency->set("store", percentiles(registry.mergedHistogram("jollyjet_store_operation_duration_seconds")));
    data->set("latency", latency);
    if (cache) {
        data->set("cacheService", cacheServiceStats(*cache));
        data->set("cacheOperations", operationLatencies(*cache));
    }
    if (redisObject) data->set("redis", redisObject);
    data->set("dependencies", dependencies(services.health()));
    data->set("timestamp", http::isoNow());
    return data;
}

Object buildHistory(const StatsHistory& history, const TopHits& topHits) {
    Poco::JSON::Array::Ptr points = new Poco::JSON::Array;
    for (const auto& p : history.history()) {
        auto point = http::makeObject();
        point->set("t", static_cast<Poco::Int64>(p.unixMs));
        point->set("requestsPerSecond", round2(p.requestsPerSecond));
        if (p.hitRate) point->set("hitRate", round2(*p.hitRate));
        else point->set("hitRate", Poco::Dynamic::Var());
        point->set("lookups", p.lookups);
        points->add(point);
    }
    Poco::JSON::Array::Ptr top = new Poco::JSON::Array;
    for (const auto& e : topHits.top(10)) {
        auto entry = http::makeObject();
        // Recorded as "<layer> <target>" by HitTracker.
        const auto space = e.target.find(' ');
        entry->set("target", space == std::string::npos ? e.target : e.target.substr(space + 1));
        entry->set("layer", space == std::string::npos ? std::string("unknown") : e.target.substr(0, space));
        entry->set("hits", static_cast<Poco::UInt64>(e.hits));
        entry->set("maxOvercount", static_cast<Poco::UInt64>(e.error));
        top->add(entry);
    }
    auto data = http::makeObject();
    data->set("intervalSeconds", std::chrono::duration<double>(history.interval()).count());
    data->set("windowSeconds", std::chrono::duration<double>(history.window()).count());
    data->set("points", points);
    data->set("topHits", top);
    data->set("topHitsWindow", "since start or the last cache clear");
    return data;
}

} // namespace jollyjet::admin
