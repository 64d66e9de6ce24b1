// The cache backends as the host opens them: Services wiring, health checks, a start while
// Redis is down.
#include <chrono>
#include <thread>

#include <Poco/Util/MapConfiguration.h>
#include <gtest/gtest.h>

#include "jollyjet/Backends.h"
#include "RedisServer.h"
#include "jollyjet/Services.h"
#include "jollyjet/cache/CacheService.h"
#include "jollyjet/events/Events.h"
#include "jollyjet/health/HealthRegistry.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/log/LogManager.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::test {
namespace {

using namespace std::chrono_literals;

LogSettings quiet() {
    LogSettings settings;
    settings.level = "off";
    return settings;
}

struct Host {
    Host() : filters(router), services(*config, logs, router, filters, health, events, metrics) {}

    Poco::AutoPtr<Poco::Util::MapConfiguration> config{new Poco::Util::MapConfiguration};
    LogManager logs{quiet()};
    http::Router router;
    http::FilterChain filters;
    HealthRegistry health;
    Events events;
    metrics::Registry metrics;
    Services services;
};

TEST(OpenCache, MemoryBackendNeedsNoServer) {
    Host host;
    host.config->setString("cache.backend", "memory");
    auto backend = openBackend("cache", "memory", *host.config, host.services, host.logs);
    ASSERT_TRUE(host.services.hasCache());
    EXPECT_FALSE(host.services.hasRedis());
    EXPECT_EQ(host.services.cache().backend(), "memory");
    const auto results = host.health.runAll();
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].name, "memory");
    EXPECT_TRUE(results[0].status.ok());
    backend.reset();
    EXPECT_FALSE(host.services.hasCache());
}

TEST(OpenCache, StartsWhileRedisIsDownAndReportsItThroughHealth) {
    RedisServer server;
    server.stop();
    Host host;
    host.config->setString("cache.backend", "redis");
    host.config->setString("redis.url", server.url(0));
    host.config->setString("redis.keyPrefix", "jj:open:");
    host.config->setInt("redis.connectTimeoutMs", 200);
    host.config->setInt("redis.commandTimeoutMs", 200);
    host.config->setInt("redis.breakerFailures", 2);
    host.config->setInt("redis.breakerOpenMs", 300);

    const auto start = std::chrono::steady_clock::now();
    auto backend = openBackend("cache", "redis", *host.config, host.services, host.logs);
    backend->start();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms) << "opening must not block on Redis";
    ASSERT_TRUE(host.services.hasRedis());
    EXPECT_EQ(host.services.cache().keyPrefix(), "jj:open:");

    auto check = [&] { return host.health.runAll().at(0); };
    const auto first = check();
    EXPECT_EQ(first.name, "redis");
    EXPECT_EQ(first.status.status, "error");
    check(); // the second consecutive failure opens the breaker
    const auto open = check();
    EXPECT_EQ(open.status.status, "error");
    EXPECT_EQ(open.status.detail, "breaker open");
    auto& cache = host.services.cache();
    EXPECT_EQ(cache.getOrLoad("k", {60s, 0s, 0s}, [] { return std::optional<std::string>("1"); }).value,
              std::optional<std::string>("1"));

    server.start();
    std::this_thread::sleep_for(400ms);
    const auto healthy = check();
    EXPECT_TRUE(healthy.status.ok()) << healthy.status.error;
    EXPECT_GE(healthy.status.responseTimeMs, 0.0);
    cache.set("x", "1", 0ms);
    EXPECT_EQ(server.cli("GET jj:open:x"), "1\n");
    EXPECT_GT(host.metrics.sum("jollyjet_redis_pool_connections"), 0.0);
    backend->stop();
    backend.reset();
    EXPECT_FALSE(host.services.hasCache());
}

} // namespace
TEST(OpenCache, OwedInvalidationsAreReplayedInTheBackgroundOnceRedisIsBack) {
    // Other instances read the counter in Redis: an owed bump must not wait for
    // this process's next cache read.
    RedisServer server;
    Host host;
    host.config->setString("cache.backend", "redis");
    host.config->setString("redis.url", server.url(0));
    host.config->setString("redis.keyPrefix", "jj:retry:");
    host.config->setInt("redis.commandTimeoutMs", 200);
    host.config->setInt("cache.retryMs", 100);
    auto backend = openBackend("cache", "redis", *host.config, host.services, host.logs);
    backend->start();
    const auto before = host.services.cache().generation("products");
    server.cli("ACL SETUSER default -evalsha -eval");
    host.services.cache().bumpGeneration("products");
    server.cli("ACL SETUSER default +evalsha +eval");
    // No cache call from here on: only the backend's retry thread can replay it.
    std::string counter;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
        counter = server.cli("GET jj:retry:products:gen");
        if (counter.find(std::to_string(before + 1)) != std::string::npos) break;
        std::this_thread::sleep_for(50ms);
    }
    EXPECT_NE(counter.find(std::to_string(before + 1)), std::string::npos) << counter;
    backend->stop();
}

} // namespace jollyjet::test
