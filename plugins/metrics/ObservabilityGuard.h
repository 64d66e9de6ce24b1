#pragma once

#include <memory>
#include <set>
#include <string>

#include "jollyjet/http/ClientNetworks.h"
#include "jollyjet/http/FailedAuthLimiter.h"
#include "jollyjet/http/Filter.h"

namespace jollyjet::observe {

/// Guards what tells an outsider how the server is built and doing: the metrics
/// page and the detailed `/api/health` (versions, plugins, dependencies).
///
/// A request to a guarded path passes only from a client inside `networks` (when
/// any are configured; 403 otherwise) and with `Authorization: Bearer <token>` (when
/// a token is configured; 401 otherwise, failures limited per client address with
/// 429). Every other path, `/health`, `/api/health/live` and `/api/health/ready`
/// included, passes untouched: orchestrators probe those, and they name no versions.
class ObservabilityGuard : public http::Filter {
public:
    ObservabilityGuard(std::set<std::string> paths, std::string token, http::ClientNetworks networks,
                       std::shared_ptr<spdlog::logger> log);

    std::string name() const override { return "metrics-guard"; }
    int priority() const override { return http::priority::kAccessGuard; }
    void handle(http::Exchange& exchange, const http::Next& next) override;

private:
    std::set<std::string> paths_;
    std::string token_;
    http::ClientNetworks networks_;
    http::FailedAuthLimiter limiter_;
};

} // namespace jollyjet::observe
