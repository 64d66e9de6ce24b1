#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::metrics {
class Counter;
}

namespace jollyjet::redis {

/// The cluster side of RedisPool (`[redis] mode = cluster`).
///
/// Keeps the slot map read with CLUSTER SLOTS from the seeds or any node it has
/// learned, and one RedisPool (with its own circuit breaker) per node. A command
/// goes to the master of its key's slot (keyless commands to any master); a MOVED
/// reply re-points that slot at once and refreshes the whole map, an ASK reply
/// sends ASKING and the command on one connection of the target node, and TRYAGAIN
/// (a multi-key command while its slot migrates) or CLUSTERDOWN (a failover under
/// way) is retried after a short pause, within a bounded budget. A connection
/// failure refreshes the map and is thrown to the caller: the command may have run,
/// so it is never sent twice. Node pools are never dropped (a Lease may point at
/// one), only left unused. Thread-safe.
class ClusterRouter {
public:
    explicit ClusterRouter(RedisOptions options);
    ~ClusterRouter();

    /// `replicated`: then, on the same connection, WAIT for every replica the map
    /// lists for that master (a failover must not lose what the caller is told
    /// happened); fewer acknowledgements throw RedisError, the command having run.
    Reply execute(const Command& command, bool replicated = false);
    /// One round trip to the node of the first keyed command; a command answered
    /// with a redirection is then run alone through execute().
    std::vector<Reply> pipeline(const std::vector<Command>& commands);
    /// A connection of the master of `key`'s slot (any master without a key). The
    /// caller sees redirections as error replies.
    RedisPool::Lease borrow(const std::string* key);
    /// A connection to the first master (or seed) that accepts one.
    std::unique_ptr<Connection> connectDedicated();
    /// Every master of the current map, refreshed first.
    void forEachMaster(const std::function<void(RedisPool&)>& visit);

    RedisPool::Stats stats();
    void bindMetrics(metrics::Registry& registry);

    /// The key a command is routed by: the first word after the verb, the first
    /// KEYS entry of EVAL/EVALSHA, none for keyless commands.
    static std::optional<std::string> commandKey(const Command& command);

private:
    RedisPool& nodePool(const std::string& endpoint);
    RedisPool& route(int slot);
    void waitForReplicas(const RedisPool& node, Connection& connection);
    std::vector<std::string> knownEndpoints();
    /// Reads CLUSTER SLOTS from the first node that answers. Skipped when another
    /// thread is refreshing or (unless forced) a refresh ran moments ago.
    void refresh(bool force);

    RedisOptions options_;
    std::shared_mutex mutex_;
    std::map<std::string, std::unique_ptr<RedisPool>> pools_; ///< by "host:port"
    std::vector<RedisPool*> slots_; ///< master per slot, null when unknown
    std::vector<RedisPool*> masters_;
    std::map<const RedisPool*, int> replicas_; ///< live replicas per master
    metrics::Registry* metrics_ = nullptr;

    /// MOVED, ASK, retried (TRYAGAIN, CLUSTERDOWN), map refreshes.
    enum Event { Moved, Asked, Retried, Refreshed, EventCount };
    void count(Event event);
    std::array<std::atomic<std::uint64_t>, EventCount> events_{};
    std::array<std::atomic<metrics::Counter*>, EventCount> eventMetrics_{};

    std::mutex refreshMutex_;
    std::chrono::steady_clock::time_point lastRefresh_{};
};

} // namespace jollyjet::redis
