#pragma once

#include "jollyjet/Export.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "jollyjet/redis/RedisOptions.h"

namespace spdlog {
class logger;
}

namespace jollyjet::redis {

class Connection;

/// Finds the Redis master through the sentinels of `options.sentinel` and follows it.
///
/// Guarantees:
///   - the master's address comes from `SENTINEL get-master-addr-by-name`, asking
///     each sentinel in turn until one answers;
///   - connectMaster() hands out only connections whose server answered ROLE as
///     master; a replica (or anything else) is refused and the sentinels are asked
///     again before the next try;
///   - every connection carries the master's epoch: the first 16 characters of its
///     replication id (INFO replication), which a promoted replica changes. Keys
///     built for one epoch are never sent on a connection of another (see
///     RedisPool::keyspace), so nothing written before a failover is read after it;
///   - once started, a watcher subscribes to a sentinel's `+switch-master` and also
///     polls the master's address every second; on a change the epoch becomes
///     unknown at once, so isCurrent() turns false for every connection to the old
///     master (pooled, subscribed or in use) without waiting for its socket to close.
/// With no sentinel reachable connectMaster() throws RedisError, like a Redis outage.
/// Thread-safe.
class JOLLYJET_API SentinelLocator {
public:
    explicit SentinelLocator(RedisOptions options);
    ~SentinelLocator();
    SentinelLocator(const SentinelLocator&) = delete;
    SentinelLocator& operator=(const SentinelLocator&) = delete;

    void setLogger(std::shared_ptr<spdlog::logger> logger);

    /// A new, verified connection to the current master (starts the watcher on first use).
    std::unique_ptr<Connection> connectMaster();
    /// The master's address from the first sentinel that answers (no connection to it).
    std::string askSentinels();

    /// The epoch of the current master; empty until a connection verified it.
    std::string epoch() const;
    std::string masterAddress() const;
    /// Whether `connection` goes to the current master in the current epoch.
    bool isCurrent(const Connection& connection) const;
    /// Master changes seen (switch messages, polls, failed ROLE checks).
    std::uint64_t switches() const { return switches_.load(); }

    void stop();

private:
    void startWatcher();
    void watch();
    void watchOne(const SentinelOptions::Endpoint& sentinel);
    /// Makes `address` the master (epoch unknown) when it is not already.
    void adopt(const std::string& address, const std::string& why);
    RedisOptions sentinelOptions(const SentinelOptions::Endpoint& sentinel) const;

    const RedisOptions options_;
    std::shared_ptr<spdlog::logger> log_;

    mutable std::mutex mutex_;
    std::string address_; ///< host:port, empty until asked
    std::string epoch_;
    std::atomic<std::uint64_t> switches_{0};

    std::mutex watcherMutex_;
    std::condition_variable wake_;
    std::atomic<bool> stopping_{false};
    std::thread watcher_;
};

} // namespace jollyjet::redis
