#include "config/HttpCacheSettings.h"

#include <Poco/NumberParser.h>
#include <Poco/Util/AbstractConfiguration.h>

namespace jollyjet::httpcache {

namespace {

constexpr long kDay = 86400;
constexpr long kYear = 31536000;

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

config::Schema HttpCacheSettings::schema() {
    config::Schema schema("");
    schema.integer("ttl.default", kDay, 0, kYear, "seconds for routes listed in 'routes'")
        .open("ttl.")
        .list("routes", "", "more router patterns to cache, with ttl.default")
        .integer("staleSeconds", 60, 0, kDay,
                 "grace after expiry for stale-while-revalidate and stale-if-error")
        .list("statuses", "200", "response statuses that are stored")
        .integer("maxBodyBytes", 1024 * 1024, 0, 64L * 1024 * 1024, "largest body stored")
        .boolean("cacheAuthorized", false, "requests with Authorization use the cache")
        .boolean("cacheCookies", false, "requests with Cookie use the cache")
        .boolean("honorNoCache", true, "request Cache-Control: no-cache forces a refresh")
        .number("consistencyCheck", 0.01, 0, 1, "fraction of hits re-checked in the background")
        .integer("consistencyQueue", 64, 1, 100000, "checks waiting at most; more are skipped")
        .string("name", "jollyjet", "cache name in Cache-Status");
    return schema;
}

void HttpCacheSettings::validate(const Poco::Util::AbstractConfiguration& config,
                                 std::vector<std::string>& problems) {
    schema().validate(config, "", problems);
    for (const auto& word : config::splitList(config.getString("statuses", "200"))) {
        int status = 0;
        if (!Poco::NumberParser::tryParse(word, status) || status < 200 || status > 599)
            problems.push_back("key 'statuses': '" + word + "' is not an HTTP status (200-599)");
    }
    for (const auto& pattern : config::splitList(config.getString("routes", "")))
        if (pattern.empty() || pattern[0] != '/')
            problems.push_back("key 'routes': '" + pattern + "' must start with '/'");
    Poco::Util::AbstractConfiguration::Keys keys;
    config.keys("ttl", keys);
    for (const auto& name : keys) {
        const auto text = config.getString("ttl." + name);
        Poco::Int64 value = -1;
        if (!Poco::NumberParser::tryParse64(text, value) || value < 0 || value > kYear)
            problems.push_back("key 'ttl." + name + "': '" + text + "' is not a number of seconds (0-" +
                               std::to_string(kYear) + ")");
    }
    if (config.getString("name", "jollyjet").empty())
        problems.push_back("key 'name' must not be empty");
}

HttpCacheSettings HttpCacheSettings::fromConfig(const Poco::Util::AbstractConfiguration& config) {
    HttpCacheSettings s;
    Poco::Util::AbstractConfiguration::Keys keys;
    config.keys("ttl", keys);
    for (const auto& name : keys)
        if (name != "default") s.ttlByName[name] = std::chrono::seconds(config.getInt64("ttl." + name));
    const auto defaultTtl = std::chrono::seconds(config.getInt64("ttl.default", kDay));
    for (const auto& pattern : config::splitList(config.getString("routes", "")))
        if (defaultTtl.count() > 0 && !s.find(pattern)) s.routes.push_back({pattern, defaultTtl});
    s.staleFor = std::chrono::seconds(config.getInt64("staleSeconds", 60));
    s.response.statuses.clear();
    for (const auto& word : config::splitList(config.getString("statuses", "200")))
        s.response.statuses.push_back(Poco::NumberParser::parse(word));
    s.response.maxBodyBytes = static_cast<std::size_t>(config.getInt64("maxBodyBytes", 1024 * 1024));
    s.request.cacheAuthorized = config.getBool("cacheAuthorized", false);
    s.request.cacheCookies = config.getBool("cacheCookies", false);
    s.request.honorNoCache = config.getBool("honorNoCache", true);
    s.consistencyCheck = config.getDouble("consistencyCheck", 0.01);
    s.consistencyQueue = static_cast<std::size_t>(config.getInt64("consistencyQueue", 64));
    s.name = config.getString("name", "jollyjet");
    return s;
}

} // namespace jollyjet::httpcache
