#include "config/HttpCacheSettings.h"

#include <Poco/NumberParser.h>
#include <Poco/Util/AbstractConfiguration.h>

#include "jollyjet/config/Settings.h"

namespace jollyjet::httpcache {

namespace {

constexpr long kDay = 86400;
constexpr long kYear = 31536000;

/// The keys of `[plugin.http-cache]` as written, before the routes and statuses are
/// turned into rules.
struct Keys {
    std::chrono::seconds defaultTtl{0};
    std::vector<std::string> routes;
    std::chrono::seconds staleFor{0};
    std::vector<std::string> statuses;
    std::size_t maxBodyBytes = 0;
    bool cacheAuthorized = false;
    bool cacheCookies = false;
    bool honorNoCache = false;
    double consistencyCheck = 0;
    std::size_t consistencyQueue = 0;
    std::string name;
};

const config::Settings<Keys>& keysSchema() {
    static const auto schema =
        config::Settings<Keys>("")
            .integer("ttl.default", &Keys::defaultTtl, kDay, 0, kYear, "seconds for routes listed in 'routes'")
            .open("ttl.")
            .list("routes", &Keys::routes, "", "more router patterns to cache, with ttl.default")
            .integer("staleSeconds", &Keys::staleFor, 60, 0, kDay,
                     "grace after expiry for stale-while-revalidate and stale-if-error")
            .list("statuses", &Keys::statuses, "200", "response statuses that are stored")
            .integer("maxBodyBytes", &Keys::maxBodyBytes, 1024 * 1024, 0, 64L * 1024 * 1024, "largest body stored")
            .boolean("cacheAuthorized", &Keys::cacheAuthorized, false, "requests with Authorization use the cache")
            .boolean("cacheCookies", &Keys::cacheCookies, false, "requests with Cookie use the cache")
            .boolean("honorNoCache", &Keys::honorNoCache, true, "request Cache-Control: no-cache forces a refresh")
            .number("consistencyCheck", &Keys::consistencyCheck, 0.01, 0, 1,
                    "fraction of hits re-checked in the background")
            .integer("consistencyQueue", &Keys::consistencyQueue, 64, 1, 100000,
                     "checks waiting at most; more are skipped")
            .string("name", &Keys::name, "jollyjet", "cache name in Cache-Status");
    return schema;
}

} // namespace

std::optional<RouteRule> HttpCacheSettings::ruleFor(const http::RouteEntry& route) const {
    if (const RouteRule* listed = find(route.pattern)) return *listed;
    auto ttl = route.cache.ttl;
    if (!route.cache.name.empty())
        if (const auto configured = ttlByName.find(route.cache.name); configured != ttlByName.end())
            ttl = configured->second;
    if (ttl.count() <= 0) return std::nullopt;
    return RouteRule{route.pattern, ttl};
}

const RouteRule* HttpCacheSettings::find(const std::string& pattern) const {
    for (const auto& rule : routes)
        if (rule.pattern == pattern) return &rule;
    return nullptr;
}

const config::Schema& HttpCacheSettings::schema() { return keysSchema().schema(); }

void HttpCacheSettings::validate(const Poco::Util::AbstractConfiguration& config,
                                 std::vector<std::string>& problems) {
    const std::size_t before = problems.size();
    keysSchema().validate(config, "", problems);
    if (problems.size() != before) return;
    const Keys keys = keysSchema().read(config);
    for (const auto& word : keys.statuses) {
        int status = 0;
        if (!Poco::NumberParser::tryParse(word, status) || status < 200 || status > 599)
            problems.push_back("key 'statuses': '" + word + "' is not an HTTP status (200-599)");
    }
    for (const auto& pattern : keys.routes)
        if (pattern.empty() || pattern[0] != '/')
            problems.push_back("key 'routes': '" + pattern + "' must start with '/'");
    Poco::Util::AbstractConfiguration::Keys ttlNames;
    config.keys("ttl", ttlNames);
    for (const auto& name : ttlNames) {
        const auto text = config.getString("ttl." + name);
        Poco::Int64 value = -1;
        if (!Poco::NumberParser::tryParse64(text, value) || value < 0 || value > kYear)
            problems.push_back("key 'ttl." + name + "': '" + text + "' is not a number of seconds (0-" +
                               std::to_string(kYear) + ")");
    }
    if (keys.name.empty())
        problems.push_back("key 'name' must not be empty");
}

HttpCacheSettings HttpCacheSettings::fromConfig(const Poco::Util::AbstractConfiguration& config) {
    const Keys keys = keysSchema().read(config);
    HttpCacheSettings s;
    Poco::Util::AbstractConfiguration::Keys ttlNames;
    config.keys("ttl", ttlNames);
    for (const auto& name : ttlNames)
        if (name != "default") s.ttlByName[name] = std::chrono::seconds(config.getInt64("ttl." + name));
    for (const auto& pattern : keys.routes)
        if (keys.defaultTtl.count() > 0 && !s.find(pattern)) s.routes.push_back({pattern, keys.defaultTtl});
    s.staleFor = keys.staleFor;
    s.response.statuses.clear();
    for (const auto& word : keys.statuses) s.response.statuses.push_back(Poco::NumberParser::parse(word));
    s.response.maxBodyBytes = keys.maxBodyBytes;
    s.request.cacheAuthorized = keys.cacheAuthorized;
    s.request.cacheCookies = keys.cacheCookies;
    s.request.honorNoCache = keys.honorNoCache;
    s.consistencyCheck = keys.consistencyCheck;
    s.consistencyQueue = keys.consistencyQueue;
    s.name = keys.name;
    return s;
}

} // namespace jollyjet::httpcache
