#include "jollyjet/Services.h"

#include <stdexcept>

#include "jollyjet/log/LogManager.h"

namespace jollyjet {

Services::Services(Poco::Util::AbstractConfiguration& config, LogManager& logs,
                   http::Router& router, http::FilterChain& filters, HealthRegistry& health,
                   Events& events, metrics::Registry& metrics)
    : config_(config), logs_(logs), router_(router), filters_(filters), health_(health),
      events_(events), metrics_(metrics) {}

Services::~Services() = default;

std::shared_ptr<spdlog::logger> Services::logger(const std::string& name) const {
    return logs_.get(name);
}

cache::CacheService& Services::cache() const {
    if (!cache_) throw std::logic_error("no cache service: set [cache] backend = redis | memory");
    return *cache_;
}

redis::RedisPool& Services::redis() const {
    if (!redis_) throw std::logic_error("no Redis pool: set [cache] backend = redis");
    return *redis_;
}

mongo::ConnectionPool& Services::mongo() const {
    if (!mongo_) throw std::logic_error("no MongoDB pool: set [store] backend = mongodb");
    return *mongo_;
}

sqlite::Database& Services::sqlite() const {
    if (!sqlite_) throw std::logic_error("no SQLite database: set [store] backend = sqlite");
    return *sqlite_;
}

} // namespace jollyjet
