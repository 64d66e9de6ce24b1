#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <spdlog/logger.h>

#include "jollyjet/http/Exchange.h"

namespace jollyjet::http {

/// Limits wrong credentials per client address, so a token cannot be guessed at
/// thousands of tries a second.
///
/// A client address that failed `maxFailures` times within `window` gets 429 with
/// `Retry-After` (seconds until its window ends) on every guarded request until then,
/// whatever it sends. Each failure is logged at warn with the client address, the
/// method and the path (never the query, the token or the Authorization value); the
/// log lines are themselves limited to one per second, the next one telling how many
/// were left out. Memory is bounded: at most `maxClients` addresses are tracked, and
/// expired ones are dropped first.
class JOLLYJET_API FailedAuthLimiter {
public:
    struct Settings {
        int maxFailures = 10;
        std::chrono::seconds window{60};
        std::size_t maxClients = 10000;
    };

    FailedAuthLimiter(std::string realm, Settings settings, std::shared_ptr<spdlog::logger> log);

    /// Writes the 429 answer and returns true when the client is locked out.
    bool refuse(Exchange& exchange);
    /// Counts and logs one failed attempt.
    void failed(const Exchange& exchange, const std::string& reason);

private:
    using Clock = std::chrono::steady_clock;
    struct Client {
        Clock::time_point windowStart;
        int failures = 0;
    };
    void prune(Clock::time_point now);

    std::string realm_;
    Settings settings_;
    std::shared_ptr<spdlog::logger> log_;
    std::mutex mutex_;
    std::unordered_map<std::string, Client> clients_;
    Clock::time_point lastLog_{};
    std::uint64_t suppressed_ = 0;
};

} // namespace jollyjet::http
