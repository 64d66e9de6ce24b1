#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "Wire.h"
#include "jollyjet/http/Exchange.h"

namespace jollyjet::host {

class IoLoop;

/// A request on its way to a worker thread, and the way back to its connection.
struct Job {
    IoLoop* loop = nullptr;
    int fd = -1;
    std::uint64_t serial = 0;
    std::unique_ptr<http::Exchange> exchange;
    Framing framing;
};

/// Threads that run the filter chain, where handlers may block on Redis or the
/// store. Jobs run in the order submitted; stop() lets the running ones finish and
/// drops none that were queued.
class WorkerPool {
public:
    WorkerPool(int threads, std::function<void(Job&)> work);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void submit(Job job);
    /// Queues every job under one lock (what one event-loop pass collected).
    void submit(std::vector<Job>& jobs);
    /// Runs what is queued, then joins every thread.
    void stop();

private:
    void run();

    std::function<void(Job&)> work_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Job> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace jollyjet::host
