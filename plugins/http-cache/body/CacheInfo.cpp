#include "body/CacheInfo.h"

#include "jollyjet/http/Json.h"

namespace jollyjet::httpcache {

std::string storedBody(const http::Response& response) {
    const auto& hints = response.cache;
    if (hints.infoAt == std::string::npos || hints.infoAt > response.body.size()) return response.body;
    std::string out = response.body.substr(0, hints.infoAt);
    if (hints.infoAt + hints.infoLength < response.body.size())
        out.append(response.body, hints.infoAt + hints.infoLength);
    return out;
}

std::string withCacheInfo(std::string_view stored, std::size_t at, const CacheInfo& info) {
    if (at == std::string::npos || at > stored.size()) return std::string(stored);
    std::string out;
    out.reserve(stored.size() + 160);
    out.append(stored.substr(0, at));
    // Right after an object's '{' there is no member to separate from.
    if (at > 0 && stored[at - 1] != '{') out += ',';
    out += R"("cacheInfo":{"cacheStatus":)";
    http::appendQuoted(out, info.status);
    out += R"(,"cacheKey":)";
    http::appendQuoted(out, info.key);
    out += R"(,"ttl":)";
    out += std::to_string(info.ttlSeconds);
    out += R"(,"cachedAt":")";
    out += http::isoFromMs(info.cachedAtMs);
    out += '"';
    if (!info.layer.empty()) {
        out += R"(,"cacheLayer":)";
        http::appendQuoted(out, info.layer);
    }
    out += '}';
    out.append(stored.substr(at));
    return out;
}

} // namespace jollyjet::httpcache
