#pragma once

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

namespace jollyjet::redis {

class ClusterRouter;

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
/// failure, anything else (error replies included) a success. Thread-safe.
///
/// With `mode = cluster` the same calls are routed by the command's key to the
/// master of its slot, through one such pool (and breaker) per node, following
/// MOVED and ASK (see ClusterRouter); breaker() is then not consulted.
class RedisPool {
public:
    class Lease;

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

    RedisOptions options_;
    std::shared_ptr<State> state_;
    std::shared_ptr<CircuitBreaker> breaker_;
    std::unique_ptr<ClusterRouter> cluster_;
};

/// A borrowed connection; returns it to the pool (or discards it when broken) and
/// reports the outcome to the breaker when destroyed.
class RedisPool::Lease {
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
