#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <string>
#include <thread>

#include <spdlog/logger.h>

#include "filter/HttpCacheMetrics.h"
#include "jollyjet/http/Exchange.h"

namespace jollyjet::http {
class Router;
}

namespace jollyjet::httpcache {

class HttpCacheStore;

/// The background half of the `consistencyCheck` option: a sampled hit is answered
/// from the cache at once, and later compared here with what the handler says now.
/// A different answer means the entry no longer tells the truth: it is dropped and
/// counted (`mismatch`). A write that came in between (a tag of the entry was
/// invalidated) is not a mismatch: the entry is already retired (`superseded`).
///
/// The check is ambiguity-aware, like a history check of read-your-writes: a write
/// that the store holds but has not yet acknowledged (its generation not yet
/// incremented) makes the fresh answer differ from an entry that is still correct
/// to serve. So a difference is only a mismatch when it lasts: the checker waits up
/// to `settle` for the generation to move (a write in flight finishes by then), and
/// then asks the handler again; a generation that moved, or a fresh answer that
/// changed between the two asks, means a write was in flight (`superseded`).
///
/// One worker thread, a bounded queue (a full queue skips the check, it never
/// blocks a request); stop() (also the destructor) finishes the current check and
/// drops the rest. The fresh answer comes from the router directly, so the filter
/// chain (and this cache) is not involved.
class ConsistencyChecker {
public:
    struct Check {
        std::string key;       ///< without prefix
        http::Request request; ///< as the hit received it
        int status = 200;
        std::string storedBody; ///< the body without cacheInfo
    };

    ConsistencyChecker(const http::Router& router, HttpCacheStore& store, std::size_t capacity,
                       HttpCacheMetrics& metrics, std::shared_ptr<spdlog::logger> log,
                       std::chrono::milliseconds settle = std::chrono::milliseconds(1000));
    ~ConsistencyChecker();
    ConsistencyChecker(const ConsistencyChecker&) = delete;
    ConsistencyChecker& operator=(const ConsistencyChecker&) = delete;

    void start();
    void stop();
    /// Queues a check; false (and counted as skipped) when the queue is full or stopped.
    bool submit(Check check);

private:
    void run();
    void verify(const Check& check);
    /// The fresh answer's status and body without cacheInfo; status 0 when the
    /// handler could not answer (5xx).
    std::pair<int, std::optional<std::string>> ask(const Check& check) const;
    /// Waits until the entry stops being current (a write retired one of its tags)
    /// or `settle_` passes (or stop()); returns whether it stopped.
    bool stopsBeingCurrent(const Check& check);

    const http::Router& router_;
    HttpCacheStore& store_;
    const std::size_t capacity_;
    HttpCacheMetrics& metrics_;
    std::shared_ptr<spdlog::logger> log_;
    const std::chrono::milliseconds settle_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Check> queue_;
    bool running_ = false;
    std::thread worker_;
};

} // namespace jollyjet::httpcache
