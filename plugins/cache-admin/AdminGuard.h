#pragma once

#include <memory>
#include <string>

#include "jollyjet/http/Exchange.h"
#include "jollyjet/http/FailedAuthLimiter.h"

namespace jollyjet::admin {

/// The bearer-token check in front of every admin route (README, "Cache administration").
///
/// With a token configured, a request passes only with `Authorization: Bearer
/// <token>`; the page route may also take `?token=` (a browser cannot add a header
/// to a navigation; the page moves the token into session storage and drops it from
/// the address bar). Tokens are compared in constant time, so response timing does
/// not reveal how much of a guess was right, and wrong tokens are limited per client
/// address by the limiter (429 with Retry-After once it is exceeded), each failure
/// logged without the token. Without a token every request passes (development;
/// staging and production refuse to start without one). Every admin answer carries
/// `Cache-Control: no-store`.
class AdminGuard {
public:
    explicit AdminGuard(std::string token, std::shared_ptr<http::FailedAuthLimiter> limiter = nullptr)
        : token_(std::move(token)), limiter_(std::move(limiter)) {}

    bool enabled() const { return !token_.empty(); }
    bool allows(const http::Request& request, bool acceptQueryToken = false) const;
    /// Writes the 401 E1 answer (with WWW-Authenticate), or 429 for a client over the
    /// failure limit, unless the request is allowed; returns whether it is.
    bool admit(http::Exchange& exchange) const;
    /// For the page: false with the 429 written when the client is locked out; else
    /// whether it is allowed (a wrong token presented counts as a failure).
    bool admitPage(http::Exchange& exchange, bool& lockedOut) const;

private:
    std::string token_;
    std::shared_ptr<http::FailedAuthLimiter> limiter_;
};

} // namespace jollyjet::admin
