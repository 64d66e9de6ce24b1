#include "body/CacheInfo.h"

#include <cstdio>
#include <ctime>

#include "body/JsonScan.h"
#include "jollyjet/http/Json.h"

namespace jollyjet::httpcache {

std::optional<std::string> withoutCacheInfo(std::string_view body) {
    auto parts = json::members(body);
    if (!parts) return std::nullopt;
    std::string out;
    out.reserve(body.size());
    out += '{';
    bool first = true;
    for (const auto& member : *parts) {
        if (member.name == "cacheInfo") continue;
        if (!first) out += ',';
        first = false;
        http::appendQuoted(out, member.name);
        out += ':';
        out += member.value;
    }
    out += '}';
    return out;
}

std::string withCacheInfo(std::string_view stored, const CacheInfo& info) {
    std::string out;
    out.reserve(stored.size() + 160);
    // `stored` ends with '}' by construction; an empty object takes no comma.
    out.append(stored.substr(0, stored.size() - 1));
    if (stored.size() > 2) out += ',';
    out += R"("cacheInfo":{"cacheStatus":)";
    http::appendQuoted(out, info.status);
    out += R"(,"cacheKey":)";
    http::appendQuoted(out, info.key);
    out += R"(,"ttl":)";
    out += std::to_string(info.ttlSeconds);
    out += R"(,"cachedAt":")";
    out += isoTime(info.cachedAtMs);
    out += "\"}}";
    return out;
}

std::string isoTime(std::int64_t epochMs) {
    const std::time_t seconds = static_cast<std::time_t>(epochMs / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[80];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(epochMs % 1000));
    return buffer;
}

} // namespace jollyjet::httpcache
