#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include <spdlog/logger.h>

#include "AdminGuard.h"
#include "KeyScope.h"
#include "StatsHistory.h"
#include "TopHits.h"
#include "Warmer.h"

namespace jollyjet {
class Services;
}
namespace jollyjet::http {
class Router;
}

namespace jollyjet::admin {

/// What the admin routes share; owned by the plugin, which outlives the router's
/// use of it (plugins are never unloaded).
struct AdminContext {
    Services& services;
    AdminGuard guard;
    KeyScope scope;
    StatsHistory& history;
    TopHits& topHits;
    Warmer& warmer;
    int defaultPages;
    int maxPages;
    const std::atomic<bool>& cancel;
    std::chrono::steady_clock::time_point started;
    std::shared_ptr<spdlog::logger> log;
};

/// The cache administration routes (README, docs/openapi.yaml) under /api/cache, plus GET /api/cache/history (the
/// admin page's chart) and GET /admin (the page), each behind the guard.
///
/// Answers keep Ref's envelopes and messages. A cache failure (Redis down, breaker
/// open) answers 503 with Ref's message and the reason in `error`, never 500 and
/// never a crash; stats and status still answer 200 with isConnected false, since an
/// operator needs them most when Redis is down.
void registerAdminRoutes(http::Router& router, const AdminContext& context);

} // namespace jollyjet::admin
