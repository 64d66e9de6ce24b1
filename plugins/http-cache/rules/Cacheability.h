#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "jollyjet/http/Exchange.h"

namespace jollyjet::httpcache {

/// Which requests may be answered from the cache (README, "The http-cache plugin").
struct RequestRules {
    bool cacheAuthorized = false; ///< requests with Authorization may use the cache
    bool cacheCookies = false;    ///< requests with Cookie may use the cache
    bool honorNoCache = true;     ///< `Cache-Control: no-cache` forces a refresh
};

/// What to do with one request to a cached route.
struct RequestDecision {
    enum class Verdict {
        Lookup,  ///< serve from the cache, or run the handler and store
        Refresh, ///< run the handler and store, whatever is cached (no-cache)
        Bypass,  ///< run the handler; neither read nor write the cache
    };
    Verdict verdict = Verdict::Lookup;
    std::string detail; ///< why, for Cache-Status `detail` (empty for Lookup)
};

/// Decides from the request headers alone: Authorization and Cookie (unless the
/// rules allow them) and `Cache-Control: no-store` bypass; `no-cache` (or
/// `Pragma: no-cache` without Cache-Control) refreshes.
RequestDecision decideRequest(const http::Request& request, const RequestRules& rules);

/// Which handler answers may be stored.
struct ResponseRules {
    std::vector<int> statuses{200};
    std::size_t maxBodyBytes = 1024 * 1024;
};

/// Whether one handler answer may be stored; `detail` says why not.
struct ResponseDecision {
    bool store = true;
    std::string detail;
};

/// Refuses: a status not in the rules' list, Set-Cookie, `Cache-Control: private`
/// or `no-store`, a body over the size limit, and anything but a JSON body (the
/// cache rewrites the body's `cacheInfo`).
ResponseDecision decideResponse(const http::Response& response, const ResponseRules& rules);

} // namespace jollyjet::httpcache
