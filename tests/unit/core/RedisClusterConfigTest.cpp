// `[redis] mode = cluster`: what --check-config says, and the options it yields.
#include <gtest/gtest.h>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include "jollyjet/cache/CacheOptions.h"
#include "jollyjet/config/CoreSchema.h"
#include "jollyjet/redis/RedisOptions.h"

using namespace jollyjet;

namespace {

Poco::AutoPtr<Poco::Util::MapConfiguration>
mapOf(std::initializer_list<std::pair<const char*, const char*>> items) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> c(new Poco::Util::MapConfiguration);
    for (const auto& [k, v] : items)
        c->setString(k, v);
    return c;
}

std::string checked(const Poco::Util::AbstractConfiguration& config) {
    std::vector<std::string> problems;
    config::validateCore(config, "test.ini", problems);
    std::string all;
    for (const auto& p : problems)
        all += p + "\n";
    return all;
}

TEST(RedisClusterConfig, AValidClusterSectionPasses) {
    auto c = mapOf({{"redis.mode", "cluster"}, {"redis.nodes", "127.0.0.1:7000, 10.0.0.2:7001"}});
    EXPECT_EQ(checked(*c), "");
}

TEST(RedisClusterConfig, ClusterNeedsSeedsOfTheFormHostPort) {
    EXPECT_NE(checked(*mapOf({{"redis.mode", "cluster"}})).find("needs at least one seed node"),
              std::string::npos);
    const auto bad = checked(
        *mapOf({{"redis.mode", "cluster"}, {"redis.nodes", "127.0.0.1:7000, nohost, h:0"}}));
    EXPECT_NE(bad.find("'nohost' is not host:port"), std::string::npos) << bad;
    EXPECT_NE(bad.find("'h:0' is not host:port"), std::string::npos) << bad;
    EXPECT_EQ(bad.find("127.0.0.1:7000"), std::string::npos) << bad;
}

TEST(RedisClusterConfig, ClusterRefusesAnyDatabaseButZero) {
    const auto fromDb =
        checked(*mapOf({{"redis.mode", "cluster"}, {"redis.nodes", "h:1"}, {"redis.db", "2"}}));
    EXPECT_NE(fromDb.find("redis database 2: a Redis Cluster has only database 0"),
              std::string::npos)
        << fromDb;
    const auto fromUrl = checked(*mapOf(
        {{"redis.mode", "cluster"}, {"redis.nodes", "h:1"}, {"redis.url", "redis://h:1/3"}}));
    EXPECT_NE(fromUrl.find("redis database 3"), std::string::npos) << fromUrl;
    // The same database outside a cluster is fine.
    EXPECT_EQ(checked(*mapOf({{"redis.db", "2"}})), "");
}

TEST(RedisClusterConfig, UnknownModeIsRefused) {
    EXPECT_NE(checked(*mapOf({{"redis.mode", "ring"}})).find("key 'mode' = 'ring'"),
              std::string::npos);
}

TEST(RedisClusterConfig, ClusterOptionsCarrySeedsAndAHashTaggedPrefix) {
    auto c = mapOf({{"redis.mode", "cluster"},
                    {"redis.nodes", "10.0.0.1:7000 , 10.0.0.2:7001"},
                    {"redis.keyPrefix", "jj:prod:"},
                    {"redis.url", "redis://:secret@ignored:1/0"}});
    const auto options = redis::RedisOptions::fromConfig(*c);
    EXPECT_EQ(options.mode, redis::RedisOptions::Mode::Cluster);
    EXPECT_EQ(options.nodes, (std::vector<std::string>{"10.0.0.1:7000", "10.0.0.2:7001"}));
    EXPECT_EQ(options.endpoint(), "10.0.0.1:7000");
    EXPECT_EQ(options.password, "secret");
    EXPECT_EQ(options.keyPrefix, "{jj:prod:}");
    // The cache builds its keys on the same prefix as the pool.
    EXPECT_EQ(cache::CacheOptions::fromConfig(*c).keyPrefix, "{jj:prod:}");
    // Outside a cluster the prefix is left alone.
    EXPECT_EQ(redis::RedisOptions::fromConfig(*mapOf({{"redis.keyPrefix", "jj:prod:"}})).keyPrefix,
              "jj:prod:");
}

} // namespace
