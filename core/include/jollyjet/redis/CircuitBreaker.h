#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <cstdint>
#include <mutex>

namespace jollyjet::redis {

/// Fail-fast guard for one endpoint.
///
/// Closed: calls go through; `failures` consecutive failures open it. Open: for
/// `openFor`, tryAcquire() refuses every call, so callers fail without connecting or
/// waiting. Then exactly one caller gets a probe (half-open); its success closes the
/// breaker, its failure opens it for another `openFor`. Thread-safe.
class JOLLYJET_API CircuitBreaker {
public:
    enum class State { Closed, Open, HalfOpen };
    using Clock = std::chrono::steady_clock;

    CircuitBreaker(int failures, std::chrono::milliseconds openFor);

    /// Whether a call may proceed now. When it returns true the caller must report
    /// the outcome with onSuccess() or onFailure().
    bool tryAcquire();
    void onSuccess();
    void onFailure();
    /// Gives back a permission that was not used (the call never reached Redis).
    void release();

    State state() const;
    /// True while calls fail fast (open, or half-open with the probe out).
    bool isOpen() const;
    std::uint64_t timesOpened() const;

private:
    void openLocked();

    const int threshold_;
    const std::chrono::milliseconds openFor_;
    mutable std::mutex mutex_;
    State state_ = State::Closed;
    int consecutiveFailures_ = 0;
    bool probeOut_ = false;
    Clock::time_point openUntil_{};
    std::uint64_t timesOpened_ = 0;
};

} // namespace jollyjet::redis
