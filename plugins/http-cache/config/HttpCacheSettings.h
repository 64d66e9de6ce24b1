#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "jollyjet/config/Schema.h"
#include "rules/Cacheability.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet::httpcache {

/// One cached route: its router pattern and its TTL.
struct RouteRule {
    std::string pattern;
    std::chrono::seconds ttl{0};
};

/// `[plugin.http-cache]`, validated and with API.md's defaults (section 3: 24 h for
/// the list and items, 1 h for count and wishlist).
struct HttpCacheSettings {
    std::vector<RouteRule> routes;
    /// Grace after expiry for stale-while-revalidate and stale-if-error.
    std::chrono::seconds staleFor{60};
    RequestRules request;
    ResponseRules response;
    /// Fraction of hits compared in the background with a fresh answer.
    double consistencyCheck = 0.01;
    std::size_t consistencyQueue = 64;
    /// Cache identifier in Cache-Status.
    std::string name = "jollyjet";

    /// The rule for a router pattern, or nullptr when the route is not cached.
    const RouteRule* find(const std::string& pattern) const;

    static config::Schema schema();
    /// From the plugin's config view; call after validate() found no problem.
    static HttpCacheSettings fromConfig(const Poco::Util::AbstractConfiguration& config);
    /// Checks beyond the schema (status list, route patterns).
    static void validate(const Poco::Util::AbstractConfiguration& config,
                         std::vector<std::string>& problems);
};

} // namespace jollyjet::httpcache
