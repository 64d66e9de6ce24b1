#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jollyjet::httpcache {

/// One cached response, as the cache keeps it under its key.
///
/// Encoded as a JSON object (the cache service stores JSON values), with the body
/// as its last member (a JSON string) so encoding is a concatenation and decoding
/// one scan. decode() accepts exactly what encode() writes, and refuses (nullopt)
/// anything else, e.g. an entry some other writer put under the key.
struct StoredResponse {
    int status = 200;
    std::int64_t storedAtMs = 0;  ///< wall clock when the handler's answer was stored
    std::int64_t ttlSeconds = 0;  ///< logical freshness it was stored with
    std::string etag;             ///< strong entity tag, quotes included
    std::string contentType;
    /// Handler headers replayed on hits (not X-Data-Source, which becomes "cache").
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;             ///< the body without the handler's `cacheInfo`
    /// Where this layer's cacheInfo goes into `body` (the handler's hint), -1: nowhere.
    std::int64_t infoAt = -1;

    std::string encode() const;
    static std::optional<StoredResponse> decode(std::string_view text);

    /// Milliseconds of freshness left at `nowMs` (negative once stale).
    std::int64_t freshnessLeftMs(std::int64_t nowMs) const {
        return storedAtMs + ttlSeconds * 1000 - nowMs;
    }
};

} // namespace jollyjet::httpcache
