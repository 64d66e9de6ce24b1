#include "filter/ConsistencyChecker.h"

#include "body/CacheInfo.h"
#include "jollyjet/http/HttpError.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/http/Router.h"
#include "store/HttpCacheStore.h"

namespace jollyjet::httpcache {

ConsistencyChecker::ConsistencyChecker(const http::Router& router, HttpCacheStore& store,
                                       std::size_t capacity, HttpCacheMetrics& metrics,
                                       std::shared_ptr<spdlog::logger> log, std::chrono::milliseconds settle)
    : router_(router), store_(store), capacity_(capacity), metrics_(metrics), log_(std::move(log)),
      settle_(settle) {}

ConsistencyChecker::~ConsistencyChecker() { stop(); }

void ConsistencyChecker::start() {
    std::lock_guard lock(mutex_);
    if (running_) return;
    running_ = true;
    worker_ = std::thread([this] { run(); });
}

void ConsistencyChecker::stop() {
    {
        std::lock_guard lock(mutex_);
        if (!running_) return;
        running_ = false;
        queue_.clear();
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

bool ConsistencyChecker::submit(Check check) {
    {
        std::lock_guard lock(mutex_);
        if (running_ && queue_.size() < capacity_) {
            queue_.push_back(std::move(check));
            wake_.notify_one();
            return true;
        }
    }
    metrics_.checkSkipped.inc();
    return false;
}

void ConsistencyChecker::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return !running_ || !queue_.empty(); });
        if (!running_) return;
        Check check = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        try {
            verify(check);
        } catch (const std::exception& e) {
            metrics_.checkFailed.inc();
            log_->warn("consistency check of {} failed: {}", check.key, e.what());
        }
        lock.lock();
    }
}

std::pair<int, std::optional<std::string>> ConsistencyChecker::ask(const Check& check) const {
    http::Exchange fresh;
    fresh.request = check.request;
    fresh.request.method = "GET";
    fresh.request.pathParams = {};
    try {
        router_.dispatch(fresh);
    } catch (const http::HttpError& e) {
        http::sendError(fresh.response, e.status(), e.what(), e.errors());
    }
    if (fresh.response.status >= 500) return {0, std::nullopt};
    return {fresh.response.status, storedBody(fresh.response)};
}

bool ConsistencyChecker::stopsBeingCurrent(const Check& check) {
    const auto deadline = std::chrono::steady_clock::now() + settle_;
    std::unique_lock lock(mutex_);
    while (running_) {
        lock.unlock();
        const bool moved = !store_.holdsCurrent(check.key);
        lock.lock();
        if (moved) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        wake_.wait_for(lock, std::chrono::milliseconds(20), [this] { return !running_; });
    }
    return false;
}

void ConsistencyChecker::verify(const Check& check) {
    const auto first = ask(check);
    if (first.first == 0) {
        // The handler cannot answer right now: that says nothing about the entry.
        metrics_.checkFailed.inc();
        return;
    }
    auto matches = [&check](const std::pair<int, std::optional<std::string>>& answer) {
        return answer.first == check.status && answer.second && *answer.second == check.storedBody;
    };
    if (matches(first)) {
        metrics_.checkMatch.inc();
        return;
    }
    // The store may already hold a write whose invalidation (and response) is still
    // to come: the entry is then still correct to serve. Give that write time to
    // finish before calling the entry wrong.
    if (stopsBeingCurrent(check)) {
        metrics_.checkSuperseded.inc();
        return;
    }
    {
        std::lock_guard lock(mutex_);
        if (!running_) return;
    }
    const auto second = ask(check);
    if (second.first == 0) {
        metrics_.checkFailed.inc();
        return;
    }
    if (matches(second)) {
        metrics_.checkMatch.inc();
        return;
    }
    if (second != first || !store_.holdsCurrent(check.key)) {
        // The answer is still moving: writes are in flight, nothing is proven.
        metrics_.checkSuperseded.inc();
        return;
    }
    store_.drop(check.key);
    metrics_.checkMismatch.inc();
    log_->warn("consistency check: cached {} differs from a fresh answer; entry dropped", check.key);
}

} // namespace jollyjet::httpcache
