#include "RequestMetricsFilter.h"

#include "RequestLabels.h"
#include "jollyjet/http/HttpError.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/log/Redact.h"
#include "jollyjet/metrics/Metrics.h"

namespace jollyjet::observe {

namespace {

// A log line must stay one readable line whatever the client put in the URI.
constexpr std::size_t kMaxLoggedUri = 512;

} // namespace

RequestMetricsFilter::RequestMetricsFilter(metrics::Registry& registry, const http::Router& router,
                                           std::shared_ptr<spdlog::logger> log, Settings settings)
    : registry_(registry), router_(router), log_(std::move(log)), settings_(std::move(settings)) {}

void RequestMetricsFilter::handle(http::Exchange& exchange, const http::Next& next) {
    try {
        next(exchange);
    } catch (const http::HttpError& e) {
        finish(exchange, e.status());
        throw;
    } catch (...) {
        finish(exchange, 500);
        throw;
    }
    finish(exchange, exchange.response.status);
}

void RequestMetricsFilter::onFastResponse(http::FastExchange& exchange) {
    const double seconds = exchange.elapsedMs() / 1000.0;
    count(exchange.request, exchange.response.route, exchange.response.status, seconds);
    if (!exchange.response.layer.empty() && settings_.noteLayers.count(exchange.response.layer))
        registry_
            .counter("jollyjet_cache_requests_total", "Cache lookups by layer and result",
                     {{"layer", exchange.response.layer}, {"result", "hit"}})
            .inc();
}

void RequestMetricsFilter::count(const http::Request& request, const std::string& matched, int status,
                                 double seconds) {
    // The route was matched once, before the chain (or by the fast path's lookup).
    const std::string route = routeLabel(matched);
    registry_
        .counter("jollyjet_http_requests_total", "HTTP requests by route pattern, method and status",
                 {{"route", route}, {"method", methodLabel(request.method)},
                  {"status", std::to_string(status)}})
        .inc();
    registry_
        .histogram("jollyjet_http_request_duration_seconds",
                   "HTTP request latency by route pattern, from reading the request to the response",
                   {{"route", route}})
        .observe(seconds);
}

void RequestMetricsFilter::finish(http::Exchange& exchange, int status) {
    const double seconds =
        std::chrono::duration<double>(http::Exchange::Clock::now() - exchange.received).count();
    count(exchange.request, exchange.route, status, seconds);
    for (const auto& [name, value] : exchange.notes) {
        const auto note = cacheNote(name, value);
        if (!note || !settings_.noteLayers.count(note->layer)) continue;
        registry_
            .counter("jollyjet_cache_requests_total", "Cache lookups by layer and result",
                     {{"layer", note->layer}, {"result", note->result}})
            .inc();
    }
    if (settings_.slowLog &&
        seconds * 1000.0 >= static_cast<double>(settings_.slowThreshold.count()))
        logSlow(exchange, status, seconds);
}

void RequestMetricsFilter::logSlow(const http::Exchange& exchange, int status, double seconds) const {
    std::string cache;
    for (const auto& [name, value] : exchange.notes) {
        if (name.rfind("cache.", 0) != 0) continue;
        if (!cache.empty()) cache += ',';
        cache += name.substr(6) + '=' + value;
    }
    // Secrets in the query (?token=) never reach the log; the sink escapes controls.
    std::string uri = log::redactUri(exchange.request.uri);
    if (uri.size() > kMaxLoggedUri) uri = uri.substr(0, kMaxLoggedUri) + "...";
    log_->warn("slow request: {} {} status={} duration={:.1f}ms cache={}", exchange.request.method, uri,
               status, seconds * 1000.0, cache.empty() ? "-" : cache);
}

} // namespace jollyjet::observe
