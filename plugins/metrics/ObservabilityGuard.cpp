#include "ObservabilityGuard.h"

#include "jollyjet/http/BearerToken.h"
#include "jollyjet/http/Json.h"

namespace jollyjet::observe {

ObservabilityGuard::ObservabilityGuard(std::set<std::string> paths, std::string token,
                                       http::ClientNetworks networks, std::shared_ptr<spdlog::logger> log)
    : paths_(std::move(paths)), token_(std::move(token)), networks_(std::move(networks)),
      limiter_("metrics", {}, std::move(log)) {}

void ObservabilityGuard::handle(http::Exchange& exchange, const http::Next& next) {
    if (!paths_.count(exchange.request.path) || (token_.empty() && networks_.empty())) {
        next(exchange);
        return;
    }
    exchange.response.setHeader("Cache-Control", "no-store");
    if (!networks_.empty() && !networks_.contains(exchange.request.clientAddress)) {
        http::sendError(exchange.response, 403, "Forbidden: this address may not read " + exchange.request.path);
        return;
    }
    if (!token_.empty()) {
        if (limiter_.refuse(exchange)) return;
        if (!http::hasBearer(exchange.request, token_)) {
            const bool sent = !exchange.request.header("Authorization").empty();
            limiter_.failed(exchange, sent ? "wrong token" : "no token");
            exchange.response.setHeader("WWW-Authenticate", R"(Bearer realm="jollyjet-metrics")");
            http::sendError(exchange.response, 401,
                            sent ? "Invalid token"
                                 : "Authorization required: send Authorization: Bearer <token>");
            return;
        }
    }
    next(exchange);
}

} // namespace jollyjet::observe
