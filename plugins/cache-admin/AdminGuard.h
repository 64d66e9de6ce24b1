#pragma once

#include <string>

#include "jollyjet/http/Exchange.h"

namespace jollyjet::admin {

/// The bearer-token check in front of every admin route (API.md 8.1).
///
/// With a token configured, a request passes only with `Authorization: Bearer
/// <token>`; the page route may also take `?token=` (a browser cannot add a header
/// to a navigation; the page moves the token into session storage and drops it from
/// the address bar). Tokens are compared in constant time, so response timing does
/// not reveal how much of a guess was right. Without a token every request passes
/// (development; staging and production refuse to start without one).
class AdminGuard {
public:
    explicit AdminGuard(std::string token) : token_(std::move(token)) {}

    bool enabled() const { return !token_.empty(); }
    bool allows(const http::Request& request, bool acceptQueryToken = false) const;
    /// Writes the 401 E1 answer (with WWW-Authenticate) unless the request is allowed;
    /// returns whether it is.
    bool admit(http::Exchange& exchange) const;

private:
    bool matches(const std::string& candidate) const;
    std::string token_;
};

} // namespace jollyjet::admin
