#pragma once

#include <chrono>
#include <memory>
#include <set>
#include <string>

#include <spdlog/logger.h>

#include "jollyjet/http/Filter.h"

namespace jollyjet::metrics {
class Registry;
}
namespace jollyjet::http {
class Router;
}

namespace jollyjet::observe {

/// Counts and times every request, those answered on the fast path included, inside timing and
/// outside http-cache (priority::kMetrics), so cache hits answered by http-cache are
/// measured like everything else.
///
/// Per request, after the rest of the chain has finished (or thrown):
///   jollyjet_http_requests_total{route,method,status}   +1
///   jollyjet_http_request_duration_seconds{route}       one observation, from the
///                                                        moment the request was read
///   jollyjet_cache_requests_total{layer,result}         +1 per "cache.<layer>" note of
///                                                        a layer in `noteLayers`
/// and, when enabled, one warn line for a request slower than the threshold.
/// A request that throws is counted with the status the dispatcher will send
/// (HttpError's, else 500), then the exception goes on unchanged.
class RequestMetricsFilter : public http::Filter {
public:
    struct Settings {
        /// Layers counted from request notes; the others count themselves (the
        /// product plugin counts "repository" per lookup, which a note cannot).
        std::set<std::string> noteLayers{"http"};
        bool slowLog = true;
        /// Requests at least this slow are logged; 0 logs every request.
        std::chrono::milliseconds slowThreshold{1000};
    };

    RequestMetricsFilter(metrics::Registry& registry, const http::Router& router,
                         std::shared_ptr<spdlog::logger> log, Settings settings);

    std::string name() const override { return "metrics"; }
    int priority() const override { return http::priority::kMetrics; }
    void handle(http::Exchange& exchange, const http::Next& next) override;
    /// Fast-path answers are counted like the others (their layer as a cache hit).
    void onFastResponse(http::FastExchange& exchange) override;

private:
    void count(const http::Request& request, const std::string& matchedRoute, int status,
               double seconds);
    void finish(http::Exchange& exchange, int status);
    void logSlow(const http::Exchange& exchange, int status, double seconds) const;

    metrics::Registry& registry_;
    const http::Router& router_;
    std::shared_ptr<spdlog::logger> log_;
    Settings settings_;
};

} // namespace jollyjet::observe
