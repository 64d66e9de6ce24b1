#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "jollyjet/mongo/Connection.h"
#include "jollyjet/mongo/ConnectionString.h"

namespace jollyjet::mongo {

class Collection;

/// Sizes and waits of a ConnectionPool. URI options (maxPoolSize, connectTimeoutMS,
/// socketTimeoutMS) override these when present.
struct JOLLYJET_API PoolOptions {
    std::size_t maxSize = 16;
    std::chrono::milliseconds borrowTimeout{2000};
    ConnectionOptions connection;
};

/// The MongoDB connections one process shares (Services::mongo()).
///
/// Guarantees:
/// - Construction does no network I/O: connections are made on first borrow, so
///   a server starts while MongoDB is down and reports it through health checks.
/// - At most maxSize connections exist. borrow() waits at most borrowTimeout for one
///   to become free and then throws NetworkError(timedOut), never blocks forever.
/// - Connecting (TCP, hello, SCRAM) happens outside the pool's lock, so one slow
///   server does not stall threads that only return connections.
/// - A connection that failed with a network or protocol error is discarded, and so
///   are the idle ones made before it (they point at the same dead server); idle
///   connections whose peer closed them are dropped at borrow. After the server comes
///   back, the next borrow connects afresh: the pool recovers without a restart.
/// - With several hosts or a replicaSet, new connections go to the primary, found
///   through hello (following a secondary's `primary` hint); the answer is cached
///   until a network error.
/// Thread-safe.
class JOLLYJET_API ConnectionPool {
public:
    /// A borrowed connection, returned to the pool (or discarded when broken) when the
    /// Lease is destroyed. Movable, not copyable.
    class Lease {
    public:
        Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection, std::uint64_t generation);
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();

        Connection& operator*() const { return *connection_; }
        Connection* operator->() const { return connection_.get(); }

    private:
        ConnectionPool* pool_;
        std::unique_ptr<Connection> connection_;
        std::uint64_t generation_;
    };

    /// Throws std::invalid_argument for an unusable URI (it is parsed here).
    explicit ConnectionPool(const std::string& uri, PoolOptions options = {});
    ConnectionPool(ConnectionString uri, PoolOptions options);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    /// A connection to the primary. Throws NetworkError (unreachable, or none free
    /// within borrowTimeout) or AuthenticationError.
    Lease borrow();

    /// Runs {ping: 1} on admin: true round trip to the primary, for health checks.
    void ping();

    /// A collection in the URI's database.
    Collection collection(const std::string& name);
    /// The URI's database (`/db` of the connection string).
    const std::string& database() const { return uri_.database; }
    const ConnectionString& uri() const { return uri_; }
    const PoolOptions& options() const { return options_; }

    struct Stats {
        std::size_t idle = 0;
        std::size_t inUse = 0;
        std::uint64_t created = 0;
        std::uint64_t discarded = 0;
    };
    Stats stats() const;

    /// Drops idle connections and forgets the primary (next borrow reconnects).
    void clear();

private:
    friend class Lease;
    void giveBack(std::unique_ptr<Connection> connection, std::uint64_t generation) noexcept;
    std::unique_ptr<Connection> connect();
    std::unique_ptr<Connection> connectTo(const HostPort& address);

    ConnectionString uri_;
    PoolOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable available_;
    std::deque<std::unique_ptr<Connection>> idle_;
    std::size_t inUse_ = 0;
    std::uint64_t generation_ = 0;
    std::uint64_t created_ = 0;
    std::uint64_t discarded_ = 0;
    std::optional<HostPort> primary_;
};

} // namespace jollyjet::mongo
