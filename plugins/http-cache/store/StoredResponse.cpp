#include "store/StoredResponse.h"

#include <charconv>

#include "body/JsonScan.h"
#include "jollyjet/http/Json.h"

namespace jollyjet::httpcache {

namespace {

template <typename Int>
bool parseInt(std::string_view text, Int& out) {
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
}

} // namespace

std::string StoredResponse::encode() const {
    std::string out;
    out.reserve(body.size() + 200);
    out += R"({"s":)" + std::to_string(status) + R"(,"at":)" + std::to_string(storedAtMs) +
           R"(,"ttl":)" + std::to_string(ttlSeconds) + R"(,"etag":)";
    http::appendQuoted(out, etag);
    out += R"(,"ct":)";
    http::appendQuoted(out, contentType);
    out += R"(,"h":[)";
    for (std::size_t i = 0; i < headers.size(); ++i) {
        if (i) out += ',';
        http::appendQuoted(out, headers[i].first);
        out += ',';
        http::appendQuoted(out, headers[i].second);
    }
    out += R"(],"ia":)";
    out += std::to_string(infoAt);
    out += R"(,"b":)";
    http::appendQuoted(out, body);
    out += '}';
    return out;
}

std::optional<StoredResponse> StoredResponse::decode(std::string_view text) {
    auto parts = json::members(text);
    if (!parts || parts->size() != 8) return std::nullopt;
    const auto& m = *parts;
    if (m[0].name != "s" || m[1].name != "at" || m[2].name != "ttl" || m[3].name != "etag" ||
        m[4].name != "ct" || m[5].name != "h" || m[6].name != "ia" || m[7].name != "b")
        return std::nullopt;
    StoredResponse out;
    if (!parseInt(m[0].value, out.status) || !parseInt(m[1].value, out.storedAtMs) ||
        !parseInt(m[2].value, out.ttlSeconds))
        return std::nullopt;
    auto etag = json::unquote(m[3].value);
    auto contentType = json::unquote(m[4].value);
    auto headers = json::stringArray(m[5].value);
    if (!etag || !contentType || !headers || headers->size() % 2 != 0) return std::nullopt;
    auto body = json::unquote(m[7].value);
    if (!body || !parseInt(m[6].value, out.infoAt)) return std::nullopt;
    out.etag = std::move(*etag);
    out.contentType = std::move(*contentType);
    for (std::size_t i = 0; i < headers->size(); i += 2)
        out.headers.emplace_back(std::move((*headers)[i]), std::move((*headers)[i + 1]));
    out.body = std::move(*body);
    return out;
}

} // namespace jollyjet::httpcache
