#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "jollyjet/cache/CacheServiceBase.h"

namespace spdlog {
class logger;
}
namespace jollyjet::metrics {
class Registry;
class Counter;
class Gauge;
class Histogram;
} // namespace jollyjet::metrics
namespace jollyjet::redis {
class RedisPool;
}

namespace jollyjet::cache {

class NearCache;

/// Keeps a NearCache strictly coherent with every other instance sharing one Redis
/// (leases after Gray and Cheriton):
///   - one channel carries invalidations (`inv <write> <pre|final> <writer> <tags>`)
///     and heartbeats (`hb <instance> <seq>`); the subscriber applies them in order;
///   - every lease/4 a heartbeat script registers this instance (a sorted set scored
///     by expiry, in Redis time) and publishes `hb`; when its own heartbeat comes back
///     on a subscription that existed when it was sent, every invalidation published
///     before it has been applied, so the near cache may serve until send time +
///     lease. Past that (subscription stalled, Redis away) it serves nothing;
///   - a lost subscription empties the near cache and outdates every fill in flight;
///   - after a final invalidation the writer reads the registry and waits until every
///     registered instance acknowledged it (acks go to the writer's own channel), or
///     until lease + margin passed since the publish's reply: an instance that did not
///     acknowledge cannot be serving by then. A Redis that lost its data (`near:epoch`
///     created again) marks itself young for a lease, and writers then wait it out;
///   - the registry and epoch keys live in the pool's keyspace, so a new master epoch
///     (sentinel failover) starts young with an empty registry, and a subscription
///     to an earlier master is dropped (emptying the near cache) within one poll.
class NearCoherence {
public:
    /// `serving` false: this instance keeps no near cache of its own; it neither
    /// heartbeats nor registers, but still announces its writes and waits for the
    /// acks of the instances that do.
    NearCoherence(redis::RedisPool& pool, NearCache& near, std::string keyPrefix, bool serving,
                  metrics::Registry& metrics, std::shared_ptr<spdlog::logger> log);
    ~NearCoherence();

    void start();
    void stop();

    /// What a write script publishes with its invalidation.
    CacheServiceBase::Announce announce(const std::string& writeId, const char* phase,
                                        const std::vector<std::string>& tags) const;
    /// Call before the script that publishes `writeId`'s final invalidation.
    void expect(const std::string& writeId);
    /// After the final invalidation's reply: blocks until every registered instance
    /// acknowledged it, or lease + margin passed since `published`.
    void awaitAcks(const std::string& writeId, std::chrono::steady_clock::time_point published);

    const std::string& instanceId() const { return instanceId_; }
    std::chrono::milliseconds margin() const;

private:
    void subscribeLoop();
    void heartbeatLoop();
    void ackLoop();
    void handle(const std::string& channel, const std::string& message,
                std::chrono::steady_clock::time_point subscribedAt);

    redis::RedisPool& pool_;
    NearCache& near_;
    /// `name` in the pool's current keyspace.
    std::string key(const char* name) const;

    const std::string keyPrefix_, channel_, ackChannelPrefix_;
    const std::string instanceId_;
    const std::chrono::milliseconds lease_;
    const bool serving_;
    std::shared_ptr<spdlog::logger> log_;

    std::atomic<bool> stopping_{false};
    std::thread subscriber_, heartbeat_, acker_;

    std::mutex heartbeatMutex_;
    std::map<std::uint64_t, std::chrono::steady_clock::time_point> sentAt_;
    std::uint64_t nextSequence_ = 1;
    std::condition_variable heartbeatWake_;

    std::mutex ackMutex_;
    std::condition_variable ackArrived_;
    struct Pending {
        std::chrono::steady_clock::time_point since;
        std::set<std::string> acked; ///< instances
    };
    std::map<std::string, Pending> acks_; ///< by write id

    std::mutex outboxMutex_;
    std::condition_variable outboxWake_;
    std::vector<std::pair<std::string, std::string>> outbox_; ///< (writer, write id) acks to send

    metrics::Histogram* ackLatency_;
    metrics::Counter* leaseWaits_;
    metrics::Gauge* instances_;
};

} // namespace jollyjet::cache
