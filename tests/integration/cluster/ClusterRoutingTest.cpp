// RedisPool in cluster mode against a real three-master cluster: slots as Redis
// computes them, routing, MOVED, ASK, pub/sub across nodes, SCAN on every master.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "ClusterSupport.h"
#include "jollyjet/cache/RedisCacheService.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/redis/Connection.h"
#include "jollyjet/redis/KeySlot.h"
#include "jollyjet/redis/RedisError.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::test {
namespace {

using redis::keySlot;

std::string uniqueTag(const std::string& name) {
    static std::mt19937 random(std::random_device{}());
    return "{" + name + std::to_string(random()) + "}";
}

int otherMaster(RedisCluster& cluster, int port) {
    for (int candidate : cluster.masterPorts())
        if (candidate != port) return candidate;
    throw std::runtime_error("no other master");
}

TEST(ClusterKeySlot, AgreesWithClusterKeyslot) {
    auto& cluster = sharedCluster();
    std::mt19937 random(7);
    const std::string alphabet = "ab{}:_x0";
    std::vector<std::string> keys = {"",           "foo",           "{user1000}.following",
                                     "foo{}{bar}", "foo{{bar}}zap", "{}",
                                     "}{",         "{a}{b}",        "jollyjet:dev:product:42"};
    for (int i = 0; i < 300; ++i) {
        std::string key;
        const auto length = random() % 12;
        for (unsigned j = 0; j < length; ++j)
            key += alphabet[random() % alphabet.size()];
        keys.push_back(key);
    }
    for (const auto& key : keys)
        EXPECT_EQ(keySlot(key),
                  cluster.command(cluster.port(0), {"CLUSTER", "KEYSLOT", key}).integer)
            << "key '" << key << "'";
}

TEST(ClusterPool, SendsEachKeyToTheMasterOfItsSlot) {
    auto& cluster = sharedCluster();
    redis::RedisPool pool(clusterOptions(cluster));
    std::set<int> owners;
    for (int i = 0; i < 40; ++i) {
        const std::string key = "route:" + std::to_string(i);
        pool.execute({"SET", key, "v" + std::to_string(i)});
        const int owner = cluster.masterOf(keySlot(key));
        owners.insert(owner);
        // Asked directly, the owner holds it (another node would answer MOVED).
        EXPECT_EQ(cluster.command(owner, {"GET", key}).text, "v" + std::to_string(i));
        EXPECT_EQ(pool.execute({"GET", key}).text, "v" + std::to_string(i));
    }
    EXPECT_EQ(owners.size(), 3u) << "forty keys should have touched every master";
}

TEST(ClusterPool, ScriptsAndBorrowedConnectionsGoToTheOwner) {
    auto& cluster = sharedCluster();
    redis::RedisPool pool(clusterOptions(cluster));
    const std::string tag = uniqueTag("script");
    EXPECT_EQ(pool.execute({"EVAL",
                            "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[2])",
                            "2", tag + "a", tag + "b", "x"})
                  .type,
              redis::Reply::Type::NullBulk);
    EXPECT_EQ(pool.execute({"GET", tag + "a"}).text, "x");
    auto lease = pool.borrow(tag + "a");
    EXPECT_EQ(lease->command({"GET", tag + "a"}).text, "x");
    // Keys of different slots in one command: the cluster refuses, the pool says so.
    EXPECT_THROW(pool.execute({"MGET", "{one}x", "{two}x"}), redis::ReplyError);
}

TEST(ClusterPool, FollowsMovedWhenASlotChangesMaster) {
    auto& cluster = sharedCluster();
    redis::RedisPool pool(clusterOptions(cluster));
    const std::string key = uniqueTag("moved") + "k";
    const int slot = keySlot(key);
    pool.execute({"SET", key, "before"});
    const int from = cluster.masterOf(slot);
    const int to = otherMaster(cluster, from);
    cluster.moveSlot(slot, to);
    // The old owner now redirects: the pool must follow it.
    EXPECT_THROW(cluster.command(from, {"GET", key}), redis::ReplyError);
    EXPECT_EQ(pool.execute({"GET", key}).text, "before");
    pool.execute({"SET", key, "after"});
    EXPECT_EQ(cluster.command(to, {"GET", key}).text, "after");
    // And the pipeline path too.
    const auto replies = pool.pipeline({{"GET", key}, {"SET", key, "again"}, {"GET", key}});
    ASSERT_EQ(replies.size(), 3u);
    EXPECT_EQ(replies[0].text, "after");
    EXPECT_EQ(replies[2].text, "again");
}

TEST(ClusterPool, FollowsAskWhileASlotMigrates) {
    auto& cluster = sharedCluster();
    redis::RedisPool pool(clusterOptions(cluster));
    const std::string tag = uniqueTag("ask");
    const int slot = keySlot(tag);
    for (int i = 0; i < 20; ++i)
        pool.execute({"SET", tag + std::to_string(i), std::to_string(i)});
    const int from = cluster.masterOf(slot);
    const int to = otherMaster(cluster, from);
    cluster.beginMove(slot, from, to);
    ASSERT_EQ(cluster.migrateKeys(slot, from, to, 10), 10u);
    // Half the keys live on each node now; every one is still readable.
    for (int i = 0; i < 20; ++i)
        EXPECT_EQ(pool.execute({"GET", tag + std::to_string(i)}).text, std::to_string(i));
    // A new key is created where the slot is going (ASK for a missing key).
    pool.execute({"SET", tag + "new", "fresh"});
    EXPECT_EQ(pool.execute({"GET", tag + "new"}).text, "fresh");
    EXPECT_EQ(cluster.command(from, {"CLUSTER", "COUNTKEYSINSLOT", std::to_string(slot)}).integer,
              10);
    EXPECT_EQ(cluster.command(to, {"CLUSTER", "COUNTKEYSINSLOT", std::to_string(slot)}).integer,
              11);
    while (cluster.migrateKeys(slot, from, to, 10) > 0) {
    }
    cluster.finishMove(slot, from, to);
    for (int i = 0; i < 20; ++i)
        EXPECT_EQ(pool.execute({"GET", tag + std::to_string(i)}).text, std::to_string(i));
    EXPECT_EQ(pool.execute({"GET", tag + "new"}).text, "fresh");
}

TEST(ClusterPool, PublishOnOneNodeReachesASubscriberOnAnother) {
    auto& cluster = sharedCluster();
    redis::RedisPool pool(clusterOptions(cluster));
    auto subscriber = pool.connectDedicated();
    const std::string channel = uniqueTag("channel");
    subscriber->send({"SUBSCRIBE", channel});
    ASSERT_TRUE(subscriber->read().isArray());
    int publisherPort = 0;
    for (int port : cluster.masterPorts())
        if ("127.0.0.1:" + std::to_string(port) != subscriber->endpoint()) publisherPort = port;
    ASSERT_NE(publisherPort, 0);
    cluster.command(publisherPort, {"PUBLISH", channel, "hello"});
    ASSERT_TRUE(subscriber->waitReadable(std::chrono::milliseconds(5000)));
    const auto message = subscriber->read();
    ASSERT_TRUE(message.isArray());
    ASSERT_EQ(message.elements.size(), 3u);
    EXPECT_EQ(message.elements[2].text, "hello");
}

TEST(ClusterPool, ScanAndDeleteByPatternVisitEveryMaster) {
    auto& cluster = sharedCluster();
    redis::RedisPool pool(clusterOptions(cluster));
    metrics::Registry metrics;
    // A prefix without a hash tag: its keys spread over every master.
    cache::CacheOptions options;
    options.keyPrefix = "spread" + std::to_string(std::random_device{}()) + ":";
    cache::RedisCacheService cache(pool, options, metrics);
    std::set<int> owners;
    for (int i = 0; i < 30; ++i) {
        cache.set("k" + std::to_string(i), "v", std::chrono::milliseconds(60000));
        owners.insert(cluster.masterOf(keySlot(options.keyPrefix + "k" + std::to_string(i))));
    }
    ASSERT_EQ(owners.size(), 3u);
    std::set<std::string> seen;
    cache.scan("k*", [&](const std::string& key) { seen.insert(key); });
    EXPECT_EQ(seen.size(), 30u);
    EXPECT_EQ(cache.deleteByPattern("k*"), 30u);
    seen.clear();
    cache.scan("*", [&](const std::string& key) { seen.insert(key); });
    EXPECT_TRUE(seen.empty());
}

TEST(ClusterPool, EveryMasterIsVisitedOnce) {
    auto& cluster = sharedCluster();
    redis::RedisPool pool(clusterOptions(cluster));
    std::set<std::string> endpoints;
    pool.forEachMaster([&](redis::RedisPool& node) {
        endpoints.insert(node.options().endpoint());
        node.execute({"PING"});
    });
    EXPECT_EQ(endpoints.size(), 3u);
}

TEST(ClusterPool, NoReachableSeedIsAClearError) {
    redis::RedisOptions options;
    options.mode = redis::RedisOptions::Mode::Cluster;
    options.nodes = {"127.0.0.1:" + std::to_string(freePort())};
    options.connectTimeout = std::chrono::milliseconds(200);
    redis::RedisPool pool(options);
    try {
        pool.execute({"GET", "x"});
        FAIL() << "a cluster nobody answers for must not work";
    } catch (const redis::RedisError& e) {
        EXPECT_NE(std::string(e.what()).find("CLUSTER SLOTS"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace jollyjet::test
