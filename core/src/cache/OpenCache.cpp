#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <Poco/Util/AbstractConfiguration.h>
#include <spdlog/logger.h>

#include "../backends/OpenBackends.h"
#include "../backends/ServiceWiring.h"
#include "jollyjet/Services.h"
#include "jollyjet/cache/MemoryCacheService.h"
#include "jollyjet/cache/RedisCacheService.h"
#include "jollyjet/events/Events.h"
#include "jollyjet/health/HealthRegistry.h"
#include "jollyjet/log/LogManager.h"
#include "jollyjet/net/ConnectStream.h"
#include "jollyjet/net/TlsClientContext.h"
#include "jollyjet/redis/RedisEventRelay.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::backends {

namespace {

double msSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

/// With TLS: a warning on every start while verification is off, and no start when
/// the server's certificate is refused (a server that is merely down is no reason).
void checkRedisTls(const redis::RedisOptions& options, spdlog::logger& log) {
    if (!options.tls.enabled || !options.tlsContext) return;
    if (!options.tls.verifyCertificate)
        log.warn("redis {}: TLS CERTIFICATE VERIFICATION IS OFF (redis.tls.insecureSkipVerify = "
                 "true): anyone on the network path can pose as Redis and read or change the cache",
                 options.endpoint());
    const std::string failure = net::tlsFailureAt(options.host, static_cast<std::uint16_t>(options.port),
                                                  options.connectTimeout, *options.tlsContext);
    if (!failure.empty()) throw std::runtime_error("redis " + options.endpoint() + ": " + failure);
}

/// `[cache] backend = memory`: the cache lives and dies with this process.
class MemoryCacheBackend : public Backend {
public:
    MemoryCacheBackend(const Poco::Util::AbstractConfiguration& config, Services& services)
        : services_(services), cache_(cache::CacheOptions::fromConfig(config), services.metrics()) {
        ServiceWiring::setCache(services, &cache_);
        services.health().add("cache", "memory", [] { return HealthStatus{}; });
    }
    ~MemoryCacheBackend() override { ServiceWiring::setCache(services_, nullptr); }

private:
    Services& services_;
    cache::MemoryCacheService cache_;
};

/// `[cache] backend = redis`: pool, CacheService and event relay. Nothing here
/// connects: the first command does, so the server starts while Redis is down.
class RedisCacheBackend : public Backend {
public:
    RedisCacheBackend(const Poco::Util::AbstractConfiguration& config, Services& services,
                      LogManager& logs)
        : services_(services), logs_(logs), pool_(redis::RedisOptions::fromConfig(config)),
          cache_(pool_, cache::CacheOptions::fromConfig(config), services.metrics()),
          relay_(std::make_shared<redis::RedisEventRelay>(pool_, services.events(), logs.get("events"))),
          interval_(cache::CacheOptions::fromConfig(config).retryInterval) {
        checkRedisTls(pool_.options(), *logs.get("cache")); // before anything is wired up
        pool_.bindMetrics(services.metrics());
        pool_.setLogger(logs.get("cache"));
        ServiceWiring::setRedis(services, &pool_);
        ServiceWiring::setCache(services, &cache_);
        services.events().setRelay(relay_);
        services.health().add("cache", "redis", [this] { return check(); });
        const auto& redisOptions = pool_.options();
        if (redisOptions.mode == redis::RedisOptions::Mode::Sentinel)
            logs.get("cache")->info("cache: redis master '{}' through {} sentinel(s), db {} (prefix '{}'), "
                                    "connecting on first use",
                                    redisOptions.sentinel.masterName, redisOptions.sentinel.sentinels.size(),
                                    redisOptions.db, redisOptions.keyPrefix);
        else if (redisOptions.mode == redis::RedisOptions::Mode::Cluster)
            logs.get("cache")->info("cache: redis cluster, {} seed node(s) from {} (prefix '{}', {}), "
                                    "connecting on first use",
                                    redisOptions.nodes.size(), redisOptions.endpoint(), redisOptions.keyPrefix,
                                    redisOptions.tls.describe());
        else
            logs.get("cache")->info("cache: redis at {} db {} (prefix '{}', {}), connecting on first use",
                                    redisOptions.endpoint(), redisOptions.db, redisOptions.keyPrefix,
                                    redisOptions.tls.describe());
    }

    ~RedisCacheBackend() override {
        // Events and Services outlive this backend: unhook before the relay and
        // the cache go away.
        stopRetrier();
        services_.events().setRelay(nullptr);
        relay_->stop();
        ServiceWiring::setCache(services_, nullptr);
        ServiceWiring::setRedis(services_, nullptr);
    }

    void start() override {
        cache_.startNear(logs_.get("cache"));
        relay_->start();
        retrier_ = std::thread([this] { retryLoop(); });
    }
    void stop() override {
        stopRetrier();
        relay_->stop();
        cache_.stopNear();
    }

private:
    /// Replays invalidations that failed while Redis was away as soon as it takes
    /// them again, instead of at this process's next cache read.
    void retryLoop() {
        std::unique_lock lock(retryMutex_);
        while (!stopping_) {
            retryWake_.wait_for(lock, interval_);
            if (stopping_) break;
            lock.unlock();
            if (cache_.pendingInvalidations() > 0) cache_.flushPending();
            lock.lock();
        }
    }

    void stopRetrier() {
        {
            std::lock_guard lock(retryMutex_);
            stopping_ = true;
        }
        retryWake_.notify_all();
        if (retrier_.joinable()) retrier_.join();
    }

    /// PING within the command timeout; an open breaker is reported without trying.
    /// The detail always names the breaker state, so /api/health shows it either way.
    HealthStatus check() {
        HealthStatus status;
        if (pool_.breaker().isOpen()) {
            status.status = "error";
            status.error = "circuit breaker open after repeated failures";
            status.detail = "breaker open";
            return status;
        }
        const auto start = std::chrono::steady_clock::now();
        try {
            pool_.execute({"PING"});
            status.responseTimeMs = msSince(start);
        } catch (const std::exception& e) {
            status.status = "error";
            status.responseTimeMs = msSince(start);
            status.error = e.what();
        }
        status.detail = breakerDetail();
        return status;
    }

    std::string breakerDetail() const {
        switch (pool_.breaker().state()) {
        case redis::CircuitBreaker::State::Open: return "breaker open";
        case redis::CircuitBreaker::State::HalfOpen: return "breaker half-open";
        case redis::CircuitBreaker::State::Closed: break;
        }
        return "breaker closed";
    }

    Services& services_;
    LogManager& logs_;
    redis::RedisPool pool_;
    cache::RedisCacheService cache_;
    std::shared_ptr<redis::RedisEventRelay> relay_;
    std::chrono::milliseconds interval_{std::chrono::milliseconds(200)};
    std::thread retrier_;
    std::mutex retryMutex_;
    std::condition_variable retryWake_;
    bool stopping_ = false;
};

} // namespace

std::unique_ptr<Backend> openMemoryCache(const Poco::Util::AbstractConfiguration& config, Services& services,
                                         LogManager&) {
    return std::make_unique<MemoryCacheBackend>(config, services);
}

std::unique_ptr<Backend> openRedisCache(const Poco::Util::AbstractConfiguration& config, Services& services,
                                        LogManager& logs) {
    return std::make_unique<RedisCacheBackend>(config, services, logs);
}

} // namespace jollyjet::backends
