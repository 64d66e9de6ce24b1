#include "jollyjet/mongo/ConnectionPool.h"

#include <algorithm>

#include "jollyjet/mongo/Collection.h"
#include "jollyjet/mongo/Errors.h"
#include "jollyjet/net/TlsClientContext.h"

namespace jollyjet::mongo {

namespace {

PoolOptions withUriOptions(const ConnectionString& uri, PoolOptions options) {
    if (uri.maxPoolSize) options.maxSize = *uri.maxPoolSize;
    if (uri.connectTimeout) options.connection.connectTimeout = *uri.connectTimeout;
    if (uri.socketTimeout) options.connection.socketTimeout = *uri.socketTimeout;
    if (!uri.appName.empty()) options.connection.appName = uri.appName;
    if (options.maxSize == 0) options.maxSize = 1;
    if (uri.tls.enabled && !options.connection.tls) options.connection.tls = net::TlsClientContext::make(uri.tls);
    return options;
}

std::optional<HostPort> parseHint(const std::string& hostPort) {
    if (hostPort.empty()) return std::nullopt;
    try {
        return ConnectionString::parse("mongodb://" + hostPort).hosts.front();
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

} // namespace

ConnectionPool::Lease::Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection, std::uint64_t generation)
    : pool_(&pool), connection_(std::move(connection)), generation_(generation) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)), generation_(other.generation_) {}

ConnectionPool::Lease::~Lease() {
    if (connection_) pool_->giveBack(std::move(connection_), generation_);
}

ConnectionPool::ConnectionPool(const std::string& uri, PoolOptions options)
    : ConnectionPool(ConnectionString::parse(uri), options) {}

ConnectionPool::ConnectionPool(ConnectionString uri, PoolOptions options)
    : uri_(std::move(uri)), options_(withUriOptions(uri_, options)) {}

ConnectionPool::~ConnectionPool() = default;

ConnectionPool::Lease ConnectionPool::borrow() {
    std::unique_lock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + options_.borrowTimeout;
    for (;;) {
        while (!idle_.empty()) {
            std::unique_ptr<Connection> connection = std::move(idle_.front());
            idle_.pop_front();
            if (connection->idleAndAlive()) {
                ++inUse_;
                return Lease(*this, std::move(connection), generation_);
            }
            // The server closed it while it sat idle (restart, idle timeout); the
            // others are likely dead too, but each is checked as it comes up.
            ++discarded_;
        }
        if (inUse_ < options_.maxSize) break;
        if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
            inUse_ >= options_.maxSize)
            throw NetworkError("no MongoDB connection became free within " +
                                   std::to_string(options_.borrowTimeout.count()) + " ms (pool of " +
                                   std::to_string(options_.maxSize) + ")",
                               true);
    }
    // Reserve the slot, then connect without the lock (POCO's ObjectPool connects
    // under its mutex; a dead server would stall every thread returning a connection).
    ++inUse_;
    const std::uint64_t generation = generation_;
    lock.unlock();
    try {
        std::unique_ptr<Connection> connection = connect();
        lock.lock();
        ++created_;
        return Lease(*this, std::move(connection), generation);
    } catch (...) {
        if (!lock.owns_lock()) lock.lock();
        --inUse_;
        available_.notify_one();
        throw;
    }
}

void ConnectionPool::giveBack(std::unique_ptr<Connection> connection, std::uint64_t generation) noexcept {
    std::unique_ptr<Connection> doomed;
    std::deque<std::unique_ptr<Connection>> doomedIdle;
    {
        std::lock_guard lock(mutex_);
        --inUse_;
        if (connection->broken()) {
            // Whatever broke it (server gone, failover) most likely broke the idle ones
            // made before it: drop them all and find the primary again.
            ++discarded_;
            if (generation == generation_) {
                ++generation_;
                discarded_ += idle_.size();
                doomedIdle.swap(idle_);
                primary_.reset();
            }
            doomed = std::move(connection);
        } else if (generation != generation_) {
            ++discarded_;
            doomed = std::move(connection);
        } else {
            idle_.push_back(std::move(connection));
        }
    }
    available_.notify_one();
    // Sockets close here, outside the lock.
}

void ConnectionPool::clear() {
    std::deque<std::unique_ptr<Connection>> doomed;
    std::lock_guard lock(mutex_);
    ++generation_;
    discarded_ += idle_.size();
    doomed.swap(idle_);
    primary_.reset();
}

ConnectionPool::Stats ConnectionPool::stats() const {
    std::lock_guard lock(mutex_);
    return Stats{idle_.size(), inUse_, created_, discarded_};
}

std::unique_ptr<Connection> ConnectionPool::connectTo(const HostPort& address) {
    auto connection = std::make_unique<Connection>(address, options_.connection);
    if (!uri_.replicaSet.empty() && connection->server().setName != uri_.replicaSet)
        throw NetworkError("MongoDB at " + address.toString() + " is not a member of replica set '" + uri_.replicaSet +
                           "'");
    return connection;
}

std::unique_ptr<Connection> ConnectionPool::connect() {
    std::optional<HostPort> known;
    {
        std::lock_guard lock(mutex_);
        known = primary_;
    }
    const bool discover = uri_.hosts.size() > 1 || !uri_.replicaSet.empty();
    std::unique_ptr<Connection> connection;
    if (!discover) {
        connection = connectTo(uri_.hosts.front());
    } else {
        std::vector<HostPort> candidates;
        if (known) candidates.push_back(*known);
        for (const auto& h : uri_.hosts) candidates.push_back(h);
        std::string failures;
        for (std::size_t i = 0; i < candidates.size() && !connection; ++i) {
            try {
                auto candidate = connectTo(candidates[i]);
                if (candidate->server().writablePrimary) {
                    connection = std::move(candidate);
                } else {
                    // A secondary names the primary: try it next, unless it was tried.
                    const auto hint = parseHint(candidate->server().primary);
                    const auto tried = candidates.begin() + static_cast<std::ptrdiff_t>(i) + 1;
                    if (hint && std::find(candidates.begin(), tried, *hint) == tried &&
                        (tried == candidates.end() || !(*tried == *hint)))
                        candidates.insert(tried, *hint);
                    failures += " " + candidates[i].toString() + ": not primary;";
                }
            } catch (const NetworkError& e) {
                failures += std::string(" ") + e.what() + ";";
            }
        }
        if (!connection) throw NetworkError("no primary found among " + uri_.redacted() + ":" + failures);
    }
    if (uri_.hasCredentials()) connection->authenticate(uri_.username, uri_.password, uri_.authDatabase());
    {
        std::lock_guard lock(mutex_);
        primary_ = connection->address();
    }
    return connection;
}

void ConnectionPool::ping() {
    Document command;
    command.add("ping", 1);
    Lease lease = borrow();
    lease->runCommand("admin", command);
}

Collection ConnectionPool::collection(const std::string& name) { return Collection(*this, uri_.database, name); }

} // namespace jollyjet::mongo
