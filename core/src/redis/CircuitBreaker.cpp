#include "jollyjet/redis/CircuitBreaker.h"

namespace jollyjet::redis {

CircuitBreaker::CircuitBreaker(int failures, std::chrono::milliseconds openFor)
    : threshold_(failures < 1 ? 1 : failures), openFor_(openFor) {}

bool CircuitBreaker::tryAcquire() {
    std::lock_guard lock(mutex_);
    switch (state_) {
    case State::Closed: return true;
    case State::Open:
        if (Clock::now() < openUntil_) return false;
        state_ = State::HalfOpen;
        probeOut_ = true;
        return true;
    case State::HalfOpen:
        // One probe decides; everyone else keeps failing fast until it reports.
        if (probeOut_) return false;
        probeOut_ = true;
        return true;
    }
    return false;
}

void CircuitBreaker::onSuccess() {
    std::lock_guard lock(mutex_);
    consecutiveFailures_ = 0;
    state_ = State::Closed;
    probeOut_ = false;
}

void CircuitBreaker::onFailure() {
    std::lock_guard lock(mutex_);
    if (state_ == State::HalfOpen) {
        openLocked();
        return;
    }
    if (state_ == State::Open) return; // a call admitted before it opened
    if (++consecutiveFailures_ >= threshold_) openLocked();
}

void CircuitBreaker::release() {
    std::lock_guard lock(mutex_);
    if (state_ == State::HalfOpen) probeOut_ = false;
}

void CircuitBreaker::openLocked() {
    state_ = State::Open;
    probeOut_ = false;
    openUntil_ = Clock::now() + openFor_;
    ++timesOpened_;
}

CircuitBreaker::State CircuitBreaker::state() const {
    std::lock_guard lock(mutex_);
    if (state_ == State::Open && Clock::now() >= openUntil_) return State::HalfOpen;
    return state_;
}

bool CircuitBreaker::isOpen() const {
    std::lock_guard lock(mutex_);
    if (state_ == State::Open) return Clock::now() < openUntil_;
    return state_ == State::HalfOpen && probeOut_;
}

std::uint64_t CircuitBreaker::timesOpened() const {
    std::lock_guard lock(mutex_);
    return timesOpened_;
}

} // namespace jollyjet::redis
