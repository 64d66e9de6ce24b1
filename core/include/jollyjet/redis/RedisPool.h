#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "jollyjet/redis/CircuitBreaker.h"
#include "jollyjet/redis/Connection.h"
#include "jollyjet/redis/RedisOptions.h"
#include "jollyjet/redis/Reply.h"

namespace jollyjet::metrics {
class Registry;
}

namespace spdlog {
class logger;
}

namespace jollyjet::redis {

class ClusterRouter;
class SentinelLocator;

/// A bounded pool of Redis connections to one endpoint, behind its circuit breaker.
///
/// Written instead of Poco::ObjectPool, which connects while holding its mutex
/// (one slow connect stalls every borrower) and loses a slot for good when
/// activateObject throws. Here:
///   - connections are made lazily, outside the lock, each with AUTH and SELECT;
///     constructing the pool never touches the network;
///   - a broken connection (I/O error, timeout) is discarded when it comes back,
///     and its slot is free again at once;
///   - a connection idle for longer than `idleCheck` is PINGed before reuse and
///     replaced when the PING fails;
///   - borrow() waits at most `borrowTimeout` for a free slot, then throws
///     PoolExhausted; while the breaker is open it throws BreakerOpen at once,
///     without connecting or waiting.
/// Every borrow reports its outcome to the breaker: a broken connection is a
/// failure, anything else (error replies included) a success.
/// In sentinel mode connections go to the master a SentinelLocator names and
/// verifies; a connection to an earlier master (or epoch) is never handed out
/// again and is closed when it comes back, and keyspace() carries the epoch, so
/// borrowFor() refuses keys named for another epoch than its connection's.
///
/// With `mode = cluster` the same calls are routed by the command's key (or
/// borrowFor()'s first key) to the master of its slot, through one such pool (and
/// breaker) per node, following MOVED and ASK (see ClusterRouter); breaker() is
/// then not consulted and keyspace() is the prefix itself. Thread-safe.
class JOLLYJET_API RedisPool {
public:
    class Lease;

    /// Reads the TLS files (when TLS is on) once for all its connections; throws
    /// std::invalid_argument when they are unusable.
    explicit RedisPool(RedisOptions options);
    ~RedisPool();
    RedisPool(const RedisPool&) = delete;
    RedisPool& operator=(const RedisPool&) = delete;

    /// A connection for exclusive use until the Lease is destroyed.
    Lease borrow();
    /// A connection of the node that serves `key` (the same as borrow() outside a
    /// cluster). A command sent on it for another slot is answered with MOVED.
    Lease borrow(const std::string& key);
    /// Borrow, run one command, give back. Throws RedisError / ReplyError.
    Reply execute(const Command& command);
    /// execute(), and in a cluster whose master has replicas, WAIT until they all
    /// hold the write (else RedisError, the command having run): an invalidation a
    /// failover could lose must not be reported done.
    Reply executeReplicated(const Command& command);
    /// Borrow, run the commands in one round trip, give back. Error replies are
    /// returned in place.
    std::vector<Reply> pipeline(const std::vector<Command>& commands);

    /// A new connection outside the pool (for SUBSCRIBE, which takes a connection
    /// over), with AUTH and SELECT done. Not subject to the breaker.
    std::unique_ptr<Connection> connectDedicated() const;

    /// Calls `visit` with the pool of every master (this pool outside a cluster):
    /// SCAN and INFO see one node at a time.
    void forEachMaster(const std::function<void(RedisPool&)>& visit);
    bool clustered() const { return cluster_ != nullptr; }
    /// The prefix every key under `keyPrefix` must carry now: keyPrefix itself, and
    /// in sentinel mode the master's epoch after it ("<keyPrefix><epoch>:"; while the
    /// epoch is unknown, a prefix no connection has).
    std::string keyspace(const std::string& keyPrefix) const;
    /// borrow(), then RedisError (nothing sent, connection kept) when a key is not
    /// in keyspace(keyPrefix) of the connection's epoch: it was named for another
    /// master. In a cluster: borrow(keys.front()), no epoch to check.
    Lease borrowFor(const std::string& keyPrefix, const std::vector<std::string>& keys);
    /// borrowFor() and run `command` (in a cluster: execute() or, when `replicated`,
    /// executeReplicated(), routed by the command's key).
    Reply executeFor(const std::string& keyPrefix, const std::vector<std::string>& keys, const Command& command,
                     bool replicated = false);
    /// False once the master changed since `connection` was made (sentinel mode;
    /// always true otherwise). Subscribers poll it to follow the master.
    bool isCurrent(const Connection& connection) const;
    SentinelLocator* locator() const { return locator_.get(); }
    void setLogger(std::shared_ptr<spdlog::logger> logger);

    const RedisOptions& options() const { return options_; }
    CircuitBreaker& breaker() { return *breaker_; }
    const CircuitBreaker& breaker() const { return *breaker_; }

    struct Stats {
        std::size_t idle = 0, inUse = 0;
        std::uint64_t created = 0, discarded = 0, waits = 0, exhausted = 0, failFast = 0;
        /// Cluster only: redirections followed, retries, slot map refreshes.
        std::uint64_t moved = 0, asked = 0, retried = 0, refreshes = 0;
    };
    Stats stats() const;

    /// Publishes jollyjet_redis_pool_connections{state}, jollyjet_redis_pool_waits_total,
    /// jollyjet_redis_breaker_open and friends, labelled with the endpoint. The gauges
    /// read the pool through a weak reference, so rendering after the pool is gone
    /// shows zeros instead of crashing.
    void bindMetrics(metrics::Registry& registry);

private:
    struct State;
    void giveBack(std::unique_ptr<Connection> connection, bool reportToBreaker);
    std::unique_ptr<Connection> open() const;

    RedisOptions options_;
    std::shared_ptr<State> state_;
    std::shared_ptr<CircuitBreaker> breaker_;
    std::unique_ptr<ClusterRouter> cluster_;
    std::shared_ptr<SentinelLocator> locator_;
};

/// A borrowed connection; returns it to the pool (or discards it when broken) and
/// reports the outcome to the breaker when destroyed.
class JOLLYJET_API RedisPool::Lease {
public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();

    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }

private:
    friend class RedisPool;
    Lease(RedisPool* pool, std::unique_ptr<Connection> connection);
    RedisPool* pool_;
    std::unique_ptr<Connection> connection_;
};

} // namespace jollyjet::redis
