#include "jollyjet/redis/RedisPool.h"

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "ClusterRouter.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/redis/RedisError.h"
#include "jollyjet/redis/SentinelLocator.h"

namespace jollyjet::redis {

struct RedisPool::State {
    std::mutex mutex;
    std::condition_variable freed;
    std::vector<std::unique_ptr<Connection>> idle; ///< most recently used last
    std::size_t total = 0;                         ///< idle + lent out + being connected
    std::size_t inUse = 0;
    std::atomic<std::uint64_t> created{0}, discarded{0}, waits{0}, exhausted{0}, failFast{0};
    metrics::Counter* waitsMetric = nullptr;
    metrics::Counter* exhaustedMetric = nullptr;
};

RedisPool::RedisPool(RedisOptions options)
    : options_(std::move(options)), state_(std::make_shared<State>()),
      breaker_(std::make_shared<CircuitBreaker>(options_.breakerFailures, options_.breakerOpen)) {
    if (options_.poolSize == 0) options_.poolSize = 1;
    options_.prepareTls(); // before the cluster's node pools copy the options
    if (options_.mode == RedisOptions::Mode::Sentinel) locator_ = std::make_shared<SentinelLocator>(options_);
    if (options_.mode == RedisOptions::Mode::Cluster) cluster_ = std::make_unique<ClusterRouter>(options_);
}

void RedisPool::setLogger(std::shared_ptr<spdlog::logger> logger) {
    if (locator_) locator_->setLogger(std::move(logger));
}

std::unique_ptr<Connection> RedisPool::open() const {
    return locator_ ? locator_->connectMaster() : std::make_unique<Connection>(options_);
}

bool RedisPool::isCurrent(const Connection& connection) const {
    return !locator_ || locator_->isCurrent(connection);
}

std::string RedisPool::keyspace(const std::string& keyPrefix) const {
    return locator_ ? keyPrefix + locator_->epoch() + ":" : keyPrefix;
}

RedisPool::Lease RedisPool::borrowFor(const std::string& keyPrefix, const std::vector<std::string>& keys) {
    // A cluster has no epoch: the keys only choose the node (all share one slot).
    if (cluster_) return cluster_->borrow(keys.empty() ? nullptr : &keys.front());
    auto lease = borrow();
    if (locator_) {
        const std::string space = keyPrefix + lease->epoch() + ":";
        for (const auto& key : keys)
            if (key.compare(0, space.size(), space) != 0)
                throw RedisError("redis: the master changed since '" + key +
                                 "' was named; not sent to the new master");
    }
    return lease;
}

Reply RedisPool::executeFor(const std::string& keyPrefix, const std::vector<std::string>& keys,
                            const Command& command, bool replicated) {
    if (cluster_) return cluster_->execute(command, replicated); // routed by its key, MOVED and ASK followed
    auto lease = borrowFor(keyPrefix, keys);
    return lease->command(command);
}

RedisPool::~RedisPool() = default;

RedisPool::Lease RedisPool::borrow(const std::string& key) {
    if (cluster_) return cluster_->borrow(&key);
    return borrow();
}

void RedisPool::forEachMaster(const std::function<void(RedisPool&)>& visit) {
    if (cluster_)
        cluster_->forEachMaster(visit);
    else
        visit(*this);
}

RedisPool::Lease RedisPool::borrow() {
    if (cluster_) return cluster_->borrow(nullptr);
    if (!breaker_->tryAcquire()) {
        state_->failFast.fetch_add(1, std::memory_order_relaxed);
        throw BreakerOpen("redis " + options_.endpoint() + ": circuit breaker open, failing fast");
    }
    State& s = *state_;
    const auto deadline = std::chrono::steady_clock::now() + options_.borrowTimeout;
    // A borrowed connection that will not be handed out: its slot is free again.
    auto discard = [&s](std::unique_ptr<Connection> connection) {
        {
            std::lock_guard lock(s.mutex);
            --s.total;
            --s.inUse;
        }
        s.discarded.fetch_add(1, std::memory_order_relaxed);
        s.freed.notify_one();
        connection.reset();
    };
    for (;;) {
        std::unique_ptr<Connection> connection;
        {
            std::unique_lock lock(s.mutex);
            bool counted = false;
            while (s.idle.empty() && s.total >= options_.poolSize) {
                if (!counted) {
                    counted = true;
                    s.waits.fetch_add(1, std::memory_order_relaxed);
                    if (s.waitsMetric) s.waitsMetric->inc();
                }
                if (s.freed.wait_until(lock, deadline) == std::cv_status::timeout &&
                    s.idle.empty() && s.total >= options_.poolSize) {
                    s.exhausted.fetch_add(1, std::memory_order_relaxed);
                    if (s.exhaustedMetric) s.exhaustedMetric->inc();
                    lock.unlock();
                    breaker_->release(); // Redis was never asked: not its failure
                    throw PoolExhausted("redis " + options_.endpoint() + ": pool exhausted, all " +
                                        std::to_string(options_.poolSize) +
                                        " connections stayed in use for " +
                                        std::to_string(options_.borrowTimeout.count()) + " ms");
                }
            }
            ++s.inUse;
            if (!s.idle.empty()) {
                connection = std::move(s.idle.back());
                s.idle.pop_back();
            } else {
                ++s.total; // reserve the slot, connect outside the lock
            }
        }
        if (!connection) {
            try {
                connection = open();
            } catch (...) {
                {
                    std::lock_guard lock(s.mutex);
                    --s.total;
                    --s.inUse;
                }
                s.freed.notify_one();
                breaker_->onFailure();
                throw;
            }
            s.created.fetch_add(1, std::memory_order_relaxed);
            return Lease(this, std::move(connection));
        }
        if (!isCurrent(*connection)) {
            // Made for an earlier master: close it, never use it.
            discard(std::move(connection));
            continue;
        }
        if (Connection::Clock::now() - connection->lastUsed() > options_.idleCheck) {
            try {
                connection->command({"PING"});
            } catch (const RedisError&) {
                // A stale idle connection (server restarted, idle timeout): replace it.
                discard(std::move(connection));
                continue;
            }
        }
        return Lease(this, std::move(connection));
    }
}

void RedisPool::giveBack(std::unique_ptr<Connection> connection, bool reportToBreaker) {
    const bool broken = connection->broken();
    if (reportToBreaker) {
        if (broken)
            breaker_->onFailure();
        else
            breaker_->onSuccess();
    }
    State& s = *state_;
    std::vector<std::unique_ptr<Connection>> dropped;
    {
        std::lock_guard lock(s.mutex);
        --s.inUse;
        if (broken) {
            // Its idle siblings most likely died with it (server restart, network
            // cut): drop them too rather than fail one caller per dead socket.
            dropped = std::move(s.idle);
            s.idle.clear();
            dropped.push_back(std::move(connection));
            s.total -= dropped.size();
            s.discarded.fetch_add(dropped.size(), std::memory_order_relaxed);
        } else if (!isCurrent(*connection)) {
            dropped.push_back(std::move(connection)); // its master is not the master any more
            --s.total;
            s.discarded.fetch_add(1, std::memory_order_relaxed);
        } else {
            s.idle.push_back(std::move(connection));
        }
    }
    s.freed.notify_all();
    // `dropped` closes its sockets here, outside the lock.
}

Reply RedisPool::execute(const Command& command) {
    if (cluster_) return cluster_->execute(command);
    auto lease = borrow();
    return lease->command(command);
}

Reply RedisPool::executeReplicated(const Command& command) {
    if (cluster_) return cluster_->execute(command, true);
    return execute(command);
}

std::vector<Reply> RedisPool::pipeline(const std::vector<Command>& commands) {
    if (cluster_) return cluster_->pipeline(commands);
    auto lease = borrow();
    return lease->pipeline(commands);
}

std::unique_ptr<Connection> RedisPool::connectDedicated() const {
    if (cluster_) return cluster_->connectDedicated();
    return open();
}

RedisPool::Stats RedisPool::stats() const {
    if (cluster_) return cluster_->stats();
    Stats out;
    {
        std::lock_guard lock(state_->mutex);
        out.idle = state_->idle.size();
        out.inUse = state_->inUse;
    }
    out.created = state_->created.load();
    out.discarded = state_->discarded.load();
    out.waits = state_->waits.load();
    out.exhausted = state_->exhausted.load();
    out.failFast = state_->failFast.load();
    return out;
}

void RedisPool::bindMetrics(metrics::Registry& registry) {
    if (cluster_) return cluster_->bindMetrics(registry); // one set of series per node
    const std::string endpoint = options_.endpoint();
    std::weak_ptr<State> weak = state_;
    registry.gaugeFunction("jollyjet_redis_pool_connections", "Redis pool connections by state",
                           {{"endpoint", endpoint}, {"state", "idle"}}, [weak] {
                               auto s = weak.lock();
                               if (!s) return 0.0;
                               std::lock_guard lock(s->mutex);
                               return static_cast<double>(s->idle.size());
                           });
    registry.gaugeFunction("jollyjet_redis_pool_connections", "Redis pool connections by state",
                           {{"endpoint", endpoint}, {"state", "in_use"}}, [weak] {
                               auto s = weak.lock();
                               if (!s) return 0.0;
                               std::lock_guard lock(s->mutex);
                               return static_cast<double>(s->inUse);
                           });
    std::weak_ptr<CircuitBreaker> breaker = breaker_;
    registry.gaugeFunction("jollyjet_redis_breaker_open", "1 while the Redis circuit breaker fails fast",
                           {{"endpoint", endpoint}}, [breaker] {
                               auto b = breaker.lock();
                               return b && b->isOpen() ? 1.0 : 0.0;
                           });
    state_->waitsMetric = &registry.counter("jollyjet_redis_pool_waits_total",
                                            "Borrows that had to wait for a free connection",
                                            {{"endpoint", endpoint}});
    state_->exhaustedMetric = &registry.counter("jollyjet_redis_pool_exhausted_total",
                                                "Borrows that gave up after the borrow timeout",
                                                {{"endpoint", endpoint}});
}

RedisPool::Lease::Lease(RedisPool* pool, std::unique_ptr<Connection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

RedisPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)) {}

RedisPool::Lease::~Lease() {
    if (connection_) pool_->giveBack(std::move(connection_), true);
}

} // namespace jollyjet::redis
