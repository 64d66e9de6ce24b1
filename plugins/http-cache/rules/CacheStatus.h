#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace jollyjet::httpcache {

/// One member of a `Cache-Status` header (RFC 9211): how this cache handled the
/// request. format() writes `<cache>; hit; ttl=12` or
/// `<cache>; fwd=uri-miss; fwd-status=200; stored; ttl=86400`, with parameters in the
/// order the RFC lists them and `detail` as a token when it is one, else a string.
struct CacheStatus {
    std::string cache = "jollyjet";
    bool hit = false;
    std::string fwd;                 ///< bypass, uri-miss, miss, stale, request; empty on hits
    std::optional<int> fwdStatus;    ///< the handler's status, when it ran
    std::optional<std::int64_t> ttl; ///< seconds of freshness left; negative when stale
    bool stored = false;
    bool collapsed = false;
    std::string detail;

    std::string format() const;
};

/// The `Age` header value (RFC 9111 5.1): whole seconds since the response was
/// stored, never negative (clocks of instances may differ a little).
std::string ageValue(std::int64_t storedAtMs, std::int64_t nowMs);

/// Seconds for `ms`, rounded towards negative infinity, so a response 1 ms past its
/// freshness reports ttl=-1, never 0.
std::int64_t floorSeconds(std::int64_t ms);

} // namespace jollyjet::httpcache
