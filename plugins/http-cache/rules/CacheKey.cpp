#include "rules/CacheKey.h"

#include "jollyjet/http/ContentCoding.h"

#include <algorithm>
#include <vector>

namespace jollyjet::httpcache {

std::string percentEncode(std::string_view text, bool keepSlash) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        const bool unreserved = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                                (u >= '0' && u <= '9') || u == '-' || u == '.' || u == '_' ||
                                u == '~' || (keepSlash && u == '/') || u == ':';
        if (unreserved) {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 0xF];
        }
    }
    return out;
}

std::string normalizedRequest(std::string_view method, std::string_view path,
                              const http::Params& query) {
    std::string out = method == "HEAD" ? std::string("GET") : std::string(method);
    out += ':';
    out += percentEncode(path, true);
    if (query.empty()) return out;
    std::vector<const std::pair<std::string, std::string>*> sorted;
    sorted.reserve(query.items().size());
    for (const auto& item : query.items()) sorted.push_back(&item);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto* a, const auto* b) { return a->first < b->first; });
    char separator = '?';
    for (const auto* item : sorted) {
        out += separator;
        separator = '&';
        out += percentEncode(item->first, false);
        out += '=';
        out += percentEncode(item->second, false);
    }
    return out;
}

std::string cacheKey(const std::string& normalized) { return "http:" + normalized; }

std::string variantKey(const http::Request& request, const std::optional<std::vector<std::string>>& queryParams) {
    std::string key = cacheKey(normalizedRequest(request.method, request.path, knownParams(request.query, queryParams)));
    const auto coding = http::negotiateCoding(request.header("Accept-Encoding"));
    if (coding != http::ContentCoding::Identity) key += std::string("|") + http::codingName(coding);
    return key;
}

http::Params knownParams(const http::Params& query, const std::optional<std::vector<std::string>>& known) {
    if (!known) return query;
    http::Params kept;
    for (const auto& [name, value] : query.items())
        if (std::find(known->begin(), known->end(), name) != known->end()) kept.add(name, value);
    return kept;
}

} // namespace jollyjet::httpcache
