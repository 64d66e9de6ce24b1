#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace jollyjet {
class HealthRegistry;
namespace http {
class Router;
class FilterChain;
} // namespace http
} // namespace jollyjet

namespace jollyjet::host {

/// Facts about the running server the health routes report besides dependencies.
struct ServerFacts {
    std::string version;
    std::string environment;
    std::chrono::steady_clock::time_point startedAt;
    std::function<std::vector<std::string>()> plugins; ///< started plugins, in start order
};

/// Registers the host's own routes (README, "Running as a service"; docs/openapi.yaml):
///   GET /health            flags of each dependency, 200 ok / 503 degraded
///   GET /api/health        every registered check with its latency, 200 / 503
///   GET /api/health/live   the process answers (on the I/O thread, through the fast path)
///   GET /api/health/ready  (and /ready) 503 until every dependency check passes
void registerHealthRoutes(http::Router& router, http::FilterChain& filters, const HealthRegistry& health,
                          ServerFacts facts);

} // namespace jollyjet::host
