// jollyjetd with its cache on Redis over TLS (rediss://) and its store on the MongoDB
// wire test server over TLS: cached GETs are served through the encrypted connection.
#include <gtest/gtest.h>

#include "CacheStack.h"

using namespace jollyjet::test;

TEST(TlsCache, CachedGetsAreServedFromRedisOverTls) {
    PluginFolder plugins;
    CacheStackOptions options;
    options.cache = "redis-tls";
    options.extraIni = "[cache]\nnear.enabled = false\n"; // every hit is a Redis round trip
    auto stack = makeCacheStack(options, plugins);
    ASSERT_TRUE(stack->start()) << stack->server().output();
    ASSERT_TRUE(stack->redis()->tls());
    EXPECT_TRUE(stack->ini().find("url = rediss://") != std::string::npos) << stack->ini();

    const auto id = stack->createProduct("Encrypted Lamp");
    const std::string item = "/api/products/" + id;
    auto miss = stack->server().get(item);
    ASSERT_EQ(miss.status, 200) << miss.body;
    EXPECT_EQ(jsonStr(miss.body, "cacheInfo.cacheStatus"), "miss");
    for (int i = 0; i < 3; ++i) {
        auto hit = stack->server().get(item);
        ASSERT_EQ(hit.status, 200) << hit.body;
        EXPECT_EQ(hit.header("x-data-source"), "cache");
        EXPECT_EQ(jsonStr(hit.body, "cacheInfo.cacheStatus"), "hit");
    }
    // The entry lives in the TLS-only redis-server (redis-cli speaks TLS to it).
    const std::string key = jsonStr(miss.body, "cacheInfo.cacheKey");
    EXPECT_EQ(stack->redis()->cli("EXISTS " + key).find('1'), 0u) << key;

    auto health = stack->server().get("/api/health");
    EXPECT_EQ(health.status, 200) << health.body;
    EXPECT_EQ(jsonStr(health.body, "data.databases.redis.status"), "connected");
}

TEST(TlsCache, TheStoreOnMongoDbOverTlsServesAndCachesProducts) {
    if (!MongoTestServer::available()) GTEST_SKIP() << "no MongoDB wire test server in this build";
    PluginFolder plugins;
    CacheStackOptions options;
    options.store = "mongodb-tls";
    options.cache = "redis-tls";
    auto stack = makeCacheStack(options, plugins);
    ASSERT_TRUE(stack->start()) << stack->server().output();
    const auto id = stack->createProduct("Encrypted Desk");
    auto miss = stack->server().get("/api/products/" + id);
    ASSERT_EQ(miss.status, 200) << miss.body;
    EXPECT_EQ(miss.header("x-data-source"), "mongo");
    EXPECT_EQ(jsonStr(miss.body, "data.name"), "Encrypted Desk");
    EXPECT_EQ(stack->server().get("/api/products/" + id).header("x-data-source"), "cache");
}
