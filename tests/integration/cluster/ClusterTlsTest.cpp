// mode = cluster over TLS: every node speaks TLS only (clients, bus, replication);
// the pool reaches each master through its own TLS connections, follows MOVED to a
// node it learned from the slot map, and the cache service runs its scripts there.
#include <gtest/gtest.h>

#include <set>

#include "ClusterSupport.h"
#include "TestCertificates.h"
#include "jollyjet/cache/RedisCacheService.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/redis/KeySlot.h"
#include "jollyjet/redis/RedisError.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::test {
namespace {

RedisCluster& tlsCluster() {
    static RedisCluster cluster(3, false, RedisTransport::Tls);
    return cluster;
}

redis::RedisOptions tlsClusterOptions() {
    auto options = clusterOptions(tlsCluster());
    options.tls.enabled = true;
    options.tls.caFile = TestCertificates::shared().caFile();
    return options;
}

TEST(ClusterTls, EveryKeyGoesToTheMasterOfItsSlotOverTls) {
    auto& cluster = tlsCluster();
    ASSERT_TRUE(cluster.tls());
    redis::RedisPool pool(tlsClusterOptions());
    std::set<int> owners;
    for (int i = 0; i < 40; ++i) {
        const std::string key = "tls-route:" + std::to_string(i);
        pool.execute({"SET", key, "v" + std::to_string(i)});
        const int owner = cluster.masterOf(redis::keySlot(key));
        owners.insert(owner);
        EXPECT_EQ(cluster.command(owner, {"GET", key}).text, "v" + std::to_string(i));
    }
    EXPECT_EQ(owners.size(), 3u) << "forty keys should have touched every master";
    // A slot moved behind the pool's back: MOVED names a node reached over TLS too.
    const std::string key = "{tls-moved}k";
    pool.execute({"SET", key, "before"});
    const int slot = redis::keySlot(key);
    const int from = cluster.masterOf(slot);
    int to = 0;
    for (int candidate : cluster.masterPorts())
        if (candidate != from) to = candidate;
    cluster.moveSlot(slot, to);
    EXPECT_EQ(pool.execute({"GET", key}).text, "before");
    EXPECT_GE(pool.stats().moved, 1u);
}

TEST(ClusterTls, TheCacheServiceWorksOverTls) {
    redis::RedisPool pool(tlsClusterOptions());
    metrics::Registry metrics;
    cache::CacheOptions options;
    options.keyPrefix = redis::hashTaggedPrefix("jollyjet:tls-cluster:");
    options.nearEnabled = false;
    cache::RedisCacheService cache(pool, options, metrics);
    cache.set("a", "1", std::chrono::seconds(30));
    cache.set("b", "2", std::chrono::seconds(30));
    EXPECT_EQ(cache.get("a"), std::optional<std::string>("1"));
    const auto token = cache.acquireLock("job", std::chrono::seconds(5)); // a script
    ASSERT_TRUE(token.has_value());
    EXPECT_TRUE(cache.releaseLock("job", *token));
    EXPECT_EQ(cache.deleteByPattern("*"), 2u);
    EXPECT_FALSE(cache.exists("b"));
}

TEST(ClusterTls, APlaintextClientIsRefused) {
    tlsCluster();
    auto options = tlsClusterOptions();
    options.tls.enabled = false;
    options.connectTimeout = std::chrono::milliseconds(500);
    redis::RedisPool pool(options);
    EXPECT_THROW(pool.execute({"GET", "x"}), redis::RedisError);
}

} // namespace
} // namespace jollyjet::test
