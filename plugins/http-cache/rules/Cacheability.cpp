#include "rules/Cacheability.h"

#include <algorithm>

#include <Poco/String.h>

#include "rules/CacheControl.h"

namespace jollyjet::httpcache {

RequestDecision decideRequest(const http::Request& request, const RequestRules& rules) {
    using Verdict = RequestDecision::Verdict;
    if (!rules.cacheAuthorized && request.headers.has("Authorization"))
        return {Verdict::Bypass, "authorization"};
    if (!rules.cacheCookies && request.headers.has("Cookie")) return {Verdict::Bypass, "cookie"};
    const bool hasCacheControl = request.headers.has("Cache-Control");
    const auto control = CacheControl::parse(request.header("Cache-Control"));
    if (control.noStore) return {Verdict::Bypass, "no-store"};
    if (rules.honorNoCache) {
        // RFC 9111 5.4: Pragma counts only when Cache-Control is absent.
        const bool pragmaNoCache =
            !hasCacheControl && Poco::icompare(Poco::trim(request.header("Pragma")), "no-cache") == 0;
        if (control.noCache || pragmaNoCache) return {Verdict::Refresh, "no-cache"};
    }
    return {};
}

ResponseDecision decideResponse(const http::Response& response, const ResponseRules& rules) {
    if (std::find(rules.statuses.begin(), rules.statuses.end(), response.status) ==
        rules.statuses.end())
        return {false, "status"};
    if (response.headers.has("Set-Cookie")) return {false, "set-cookie"};
    const auto control = CacheControl::parse(response.headers.get("Cache-Control", ""));
    if (control.isPrivate) return {false, "private"};
    if (control.noStore) return {false, "no-store"};
    if (response.body.size() > rules.maxBodyBytes) return {false, "too-large"};
    if (Poco::icompare(response.contentType.substr(0, 16), "application/json") != 0)
        return {false, "not-json"};
    return {};
}

} // namespace jollyjet::httpcache
