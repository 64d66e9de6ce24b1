#include "AdminGuard.h"

#include "jollyjet/http/BearerToken.h"
#include "jollyjet/http/Json.h"

namespace jollyjet::admin {

bool AdminGuard::allows(const http::Request& request, bool acceptQueryToken) const {
    if (!enabled()) return true;
    if (http::hasBearer(request, token_)) return true;
    if (acceptQueryToken) {
        if (auto token = request.query.get("token"); token && http::tokenEquals(*token, token_)) return true;
    }
    return false;
}

bool AdminGuard::admit(http::Exchange& exchange) const {
    exchange.response.setHeader("Cache-Control", "no-store");
    if (!enabled()) return true;
    if (limiter_ && limiter_->refuse(exchange)) return false;
    if (allows(exchange.request)) return true;
    const bool sent = !exchange.request.header("Authorization").empty();
    if (limiter_) limiter_->failed(exchange, sent ? "wrong token" : "no token");
    exchange.response.setHeader("WWW-Authenticate", R"(Bearer realm="jollyjet-admin")");
    http::sendError(exchange.response, 401,
                    sent ? "Invalid admin token" : "Authorization required: send Authorization: Bearer <token>");
    return false;
}

bool AdminGuard::admitPage(http::Exchange& exchange, bool& lockedOut) const {
    lockedOut = false;
    if (!enabled()) return true;
    if (limiter_ && limiter_->refuse(exchange)) {
        lockedOut = true;
        return false;
    }
    if (allows(exchange.request, true)) return true;
    // A bare visit shows the login form; only a token that was presented and wrong
    // is an attempt.
    const bool presented =
        !exchange.request.header("Authorization").empty() || exchange.request.query.has("token");
    if (presented && limiter_) limiter_->failed(exchange, "wrong token");
    return false;
}

} // namespace jollyjet::admin
