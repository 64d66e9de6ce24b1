#pragma once

#include <atomic>
#include <memory>

#include <spdlog/logger.h>

#include "AccessLog.h"
#include "FrontEndSettings.h"

namespace jollyjet::http {
class FilterChain;
}
namespace jollyjet::metrics {
class Counter;
}

namespace jollyjet::host {

class WorkerPool;

/// The front end's counters, registered once in the metrics registry.
struct FrontEndCounters {
    metrics::Counter* rejected = nullptr;       ///< closed at once: over maxConnections
    metrics::Counter* headerTimeouts = nullptr; ///< head not complete within headerTimeoutMs
    metrics::Counter* bodyTimeouts = nullptr;
    metrics::Counter* writeTimeouts = nullptr;
    metrics::Counter* idleClosed = nullptr;     ///< keep-alive connections closed when idle
    metrics::Counter* protocolErrors = nullptr; ///< requests refused by the parser (4xx/5xx)
    metrics::Counter* fastResponses = nullptr;  ///< answered by a FastLookup on an I/O thread
};

/// What every I/O thread and worker of one front end shares. Read-only after start
/// except the atomics.
struct FrontEndContext {
    FrontEndContext(const FrontEndSettings& settings, const http::FilterChain& chain,
                    std::shared_ptr<spdlog::logger> log, AccessLog access)
        : settings(settings), chain(chain), log(std::move(log)), access(std::move(access)) {}

    const FrontEndSettings& settings;
    const http::FilterChain& chain;
    std::shared_ptr<spdlog::logger> log;
    AccessLog access;
    FrontEndCounters counters;
    WorkerPool* workers = nullptr;

    std::atomic<int> connections{0};
    std::atomic<bool> draining{false};
    /// Last time a refused connection was logged (ms since epoch): at most once a second.
    std::atomic<long long> lastRejectLogMs{0};
};

} // namespace jollyjet::host
