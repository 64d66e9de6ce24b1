#pragma once

#include "jollyjet/Export.h"

#include <memory>
#include <string>

#include <spdlog/logger.h>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet {

namespace http {
class Router;
class FilterChain;
} // namespace http
namespace metrics {
class Registry;
}
namespace cache {
class CacheService;
}
namespace redis {
class RedisPool;
}
namespace mongo {
class ConnectionPool;
}
namespace sqlite {
class Database;
}
class HealthRegistry;
class Events;
class LogManager;

/// Everything a plugin may use that it does not own, handed to Plugin::init.
///
/// The host owns every service and keeps them alive until all plugins have stopped.
/// Optional backends (Redis, MongoDB, SQLite, the cache) exist only when the config
/// selects them; asking for one that is absent throws std::logic_error with a message
/// naming the key that would enable it, so a plugin fails at init, not mid-request.
class JOLLYJET_API Services {
public:
    Services(Poco::Util::AbstractConfiguration& config, LogManager& logs, http::Router& router,
             http::FilterChain& filters, HealthRegistry& health, Events& events,
             metrics::Registry& metrics);
    ~Services();

    /// The whole configuration (plugins normally read only their own view).
    const Poco::Util::AbstractConfiguration& config() const { return config_; }
    std::shared_ptr<spdlog::logger> logger(const std::string& name) const;

    http::Router& router() { return router_; }
    http::FilterChain& filters() { return filters_; }
    HealthRegistry& health() { return health_; }
    Events& events() { return events_; }
    metrics::Registry& metrics() { return metrics_; }

    cache::CacheService& cache() const;
    redis::RedisPool& redis() const;
    mongo::ConnectionPool& mongo() const;
    sqlite::Database& sqlite() const;

    bool hasCache() const { return cache_ != nullptr; }
    bool hasRedis() const { return redis_ != nullptr; }
    bool hasMongo() const { return mongo_ != nullptr; }
    bool hasSqlite() const { return sqlite_ != nullptr; }

private:
    // The backends core opens set these (core/src/backends/ServiceWiring.h); a
    // plugin can read them, never replace them.
    friend class ServiceWiring;

    Poco::Util::AbstractConfiguration& config_;
    LogManager& logs_;
    http::Router& router_;
    http::FilterChain& filters_;
    HealthRegistry& health_;
    Events& events_;
    metrics::Registry& metrics_;
    cache::CacheService* cache_ = nullptr;
    redis::RedisPool* redis_ = nullptr;
    mongo::ConnectionPool* mongo_ = nullptr;
    sqlite::Database* sqlite_ = nullptr;
};

} // namespace jollyjet
