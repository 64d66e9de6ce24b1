#include "AdminGuard.h"

#include <Poco/String.h>

#include "jollyjet/http/Json.h"

namespace jollyjet::admin {

bool AdminGuard::matches(const std::string& candidate) const {
    // Constant time in the candidate's content: every byte of the token is compared.
    unsigned char difference = candidate.size() == token_.size() ? 0 : 1;
    for (std::size_t i = 0; i < token_.size(); ++i) {
        const char c = i < candidate.size() ? candidate[i] : '\0';
        difference |= static_cast<unsigned char>(c ^ token_[i]);
    }
    return difference == 0;
}

bool AdminGuard::allows(const http::Request& request, bool acceptQueryToken) const {
    if (!enabled()) return true;
    const std::string& authorization = request.header("Authorization");
    constexpr std::string_view kScheme = "bearer ";
    if (authorization.size() > kScheme.size() &&
        Poco::icompare(authorization.substr(0, kScheme.size()), std::string(kScheme)) == 0 &&
        matches(Poco::trim(authorization.substr(kScheme.size()))))
        return true;
    if (acceptQueryToken) {
        if (auto token = request.query.get("token"); token && matches(*token)) return true;
    }
    return false;
}

bool AdminGuard::admit(http::Exchange& exchange) const {
    if (allows(exchange.request)) return true;
    exchange.response.setHeader("WWW-Authenticate", R"(Bearer realm="jollyjet-admin")");
    http::sendError(exchange.response, 401,
                    exchange.request.header("Authorization").empty()
                        ? "Authorization required: send Authorization: Bearer <token>"
                        : "Invalid admin token");
    return false;
}

} // namespace jollyjet::admin
