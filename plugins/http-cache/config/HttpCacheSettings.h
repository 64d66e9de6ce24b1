#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <cstddef>
#include <string>
#include <vector>

#include "jollyjet/config/Schema.h"
#include "jollyjet/http/Router.h"
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

/// `[plugin.http-cache]`, validated; fromConfig() fills every member (the defaults
/// live in the schema, nowhere else). Which routes are cached, and for how long, is
/// the routes' own declaration (http::Router::CacheOptions), which `ttl.<name>`
/// overrides; `routes` adds patterns that declare nothing.
struct HttpCacheSettings {
    std::vector<RouteRule> routes; ///< from `routes`, with `ttl.default`
    /// Grace after expiry for stale-while-revalidate and stale-if-error.
    std::chrono::seconds staleFor{0};
    RequestRules request;
    ResponseRules response;
    /// Fraction of hits compared in the background with a fresh answer.
    double consistencyCheck = 0;
    std::size_t consistencyQueue = 0;
    /// Cache identifier in Cache-Status.
    std::string name;

    /// `ttl.<name>` overrides of the lifetimes routes declare (0: not cached).
    std::map<std::string, std::chrono::seconds> ttlByName;

    /// The rule for a router pattern listed in `routes`, or nullptr.
    const RouteRule* find(const std::string& pattern) const;
    /// The rule for a matched route: its declared lifetime (or the configured
    /// `ttl.<name>`), else a `routes` entry; nullopt when it is not cached.
    std::optional<RouteRule> ruleFor(const http::RouteEntry& route) const;

    static const config::Schema& schema();
    /// From the plugin's config view; call after validate() found no problem.
    static HttpCacheSettings fromConfig(const Poco::Util::AbstractConfiguration& config);
    /// Checks beyond the schema (status list, route patterns).
    static void validate(const Poco::Util::AbstractConfiguration& config,
                         std::vector<std::string>& problems);
};

} // namespace jollyjet::httpcache
