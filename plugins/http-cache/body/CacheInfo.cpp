#include "body/CacheInfo.h"


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
    out += http::isoFromMs(info.cachedAtMs);
    out += "\"}}";
    return out;
}

} // namespace jollyjet::httpcache
