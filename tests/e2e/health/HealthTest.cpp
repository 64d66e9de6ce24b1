// The host's /health and /api/health (docs/openapi.yaml) over real dependencies: Redis ping,
// latency and breaker state, the store, and 503 `degraded` when either is down.
#include <gtest/gtest.h>

#include <thread>

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Query.h>

#include "ProductStack.h"

using namespace jollyjet::test;

namespace {

Poco::Dynamic::Var at(const std::string& body, const std::string& path) {
    return Poco::JSON::Query(Poco::JSON::Parser().parse(body)).find(path);
}
std::string str(const std::string& body, const std::string& path) { return at(body, path).convert<std::string>(); }

} // namespace

TEST(Health, ReportsRedisWithLatencyAndBreakerAndTheStore) {
    ProductStack stack({"sqlite", "redis", "timing, product-repository"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    auto health = stack.server().get("/health");
    ASSERT_EQ(health.status, 200) << health.body;
    EXPECT_EQ(str(health.body, "status"), "ok");
    EXPECT_EQ(str(health.body, "services.cache"), "connected");
    EXPECT_EQ(str(health.body, "services.database"), "connected");

    auto api = stack.server().get("/api/health");
    ASSERT_EQ(api.status, 200) << api.body;
    EXPECT_EQ(str(api.body, "data.application.status"), "healthy");
    EXPECT_EQ(str(api.body, "data.databases.redis.status"), "connected");
    EXPECT_GT(at(api.body, "data.databases.redis.responseTime").convert<double>(), 0.0) << "a real PING";
    EXPECT_EQ(str(api.body, "data.databases.redis.detail"), "breaker closed");
    EXPECT_EQ(str(api.body, "data.databases.sqlite.status"), "connected");
}

TEST(Health, RedisDownIsDegradedUntilItIsBack) {
    ProductStack stack({"sqlite", "redis", "timing, product-repository",
                        "[redis]\nconnectTimeoutMs = 200\ncommandTimeoutMs = 200\nbreakerFailures = 2\n"
                        "breakerOpenMs = 300\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    stack.redis()->kill();

    auto health = stack.server().get("/health");
    EXPECT_EQ(health.status, 503) << health.body;
    EXPECT_EQ(str(health.body, "status"), "degraded");
    EXPECT_NE(str(health.body, "services.cache"), "connected");
    EXPECT_EQ(str(health.body, "services.database"), "connected");

    auto api = stack.server().get("/api/health");
    EXPECT_EQ(api.status, 503) << api.body;
    EXPECT_EQ(str(api.body, "status"), "success") << "Ref's quirk, kept";
    EXPECT_EQ(str(api.body, "data.application.status"), "unhealthy");
    EXPECT_EQ(str(api.body, "data.databases.redis.status"), "error");
    EXPECT_FALSE(str(api.body, "data.databases.redis.error").empty());
    EXPECT_EQ(str(api.body, "data.databases.sqlite.status"), "connected");
    // Repeated failures open the breaker, and the report says so.
    stack.server().get("/api/health");
    EXPECT_EQ(str(stack.server().get("/api/health").body, "data.databases.redis.detail"), "breaker open");
    EXPECT_EQ(stack.server().get("/api/products").status, 200) << "reads fail open to the store";
    EXPECT_EQ(stack.server().get("/ready").status, 503);

    stack.redis()->start();
    int status = 0;
    for (int i = 0; i < 50 && status != 200; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        status = stack.server().get("/health").status;
    }
    EXPECT_EQ(status, 200) << "healthy again once Redis answers";
}

TEST(Health, StoreDownIsDegraded) {
    // MongoDB on a loopback port nothing listens on.
    ProductStack stack({"sqlite", "redis", "timing, product-repository",
                        "[store]\nbackend = mongodb\nmongodb.uri = mongodb://127.0.0.1:" +
                            std::to_string(freePort()) +
                            "/jollyjet\nmongodb.connectTimeoutMs = 200\nmongodb.borrowTimeoutMs = 200\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    auto health = stack.server().get("/health");
    EXPECT_EQ(health.status, 503) << health.body;
    EXPECT_EQ(str(health.body, "status"), "degraded");
    EXPECT_EQ(str(health.body, "services.database"), "disconnected");
    EXPECT_EQ(str(health.body, "services.cache"), "connected");

    auto api = stack.server().get("/api/health");
    EXPECT_EQ(api.status, 503) << api.body;
    EXPECT_EQ(str(api.body, "data.databases.mongodb.status"), "error");
    EXPECT_FALSE(str(api.body, "data.databases.mongodb.error").empty());
    EXPECT_EQ(str(api.body, "data.databases.redis.status"), "connected");
    EXPECT_EQ(stack.server().get("/api/products").status, 503);
}
