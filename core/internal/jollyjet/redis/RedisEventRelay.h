#pragma once

#include "jollyjet/Export.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "jollyjet/events/Events.h"

namespace spdlog {
class logger;
}

namespace jollyjet::redis {

class RedisPool;

/// Carries Events between every jollyjetd sharing one Redis, over pub/sub on the
/// channel "<keyPrefix>events".
///
/// send() PUBLISHes through the pool (a failure is logged and dropped: events are
/// notifications, the cache stays correct through leases and generations). The
/// subscriber runs on its own connection and thread and waits for messages with a
/// socket poll, not POCO's AsyncReader (which sleeps 100 ms between replies); it
/// reconnects with a capped backoff after Redis restarts, and at once when the pool
/// says its connection's master is no longer the master. Each message carries this
/// instance's id, so an instance ignores its own events (they were already
/// delivered locally by Events::publish). stop() returns within about one poll
/// interval plus the connect timeout.
class JOLLYJET_API RedisEventRelay : public EventRelay {
public:
    RedisEventRelay(RedisPool& pool, Events& events, std::shared_ptr<spdlog::logger> logger);
    ~RedisEventRelay() override;

    void send(const Event& event) override;

    void start();
    void stop();

    const std::string& channel() const { return channel_; }
    const std::string& instanceId() const { return instanceId_; }
    /// True while the subscriber holds a live subscription.
    bool subscribed() const { return subscribed_.load(); }
    /// Messages received from other instances and delivered.
    std::uint64_t received() const { return received_.load(); }

private:
    void run();
    void handleMessage(const std::string& message);

    RedisPool& pool_;
    Events& events_;
    std::shared_ptr<spdlog::logger> logger_;
    std::string channel_;
    std::string instanceId_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> subscribed_{false};
    std::atomic<std::uint64_t> received_{0};
    std::mutex threadMutex_;
    std::thread thread_;
};

} // namespace jollyjet::redis
