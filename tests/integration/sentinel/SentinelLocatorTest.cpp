// The sentinel locator against real redis-server and redis-sentinel processes.
#include <gtest/gtest.h>

#include <fstream>

#include <Poco/AutoPtr.h>
#include <Poco/Path.h>
#include <Poco/Util/MapConfiguration.h>

#include "ChildProcess.h"
#include "RedisServer.h"
#include "SentinelGroup.h"
#include "TestEnv.h"
#include "jollyjet/config/CoreSchema.h"
#include "jollyjet/redis/Connection.h"
#include "jollyjet/redis/RedisError.h"
#include "jollyjet/redis/RedisPool.h"
#include "jollyjet/redis/SentinelLocator.h"

using namespace jollyjet;
using namespace jollyjet::test;

namespace {

redis::RedisOptions sentinelOptions(const std::string& sentinels, const std::string& masterName) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
    config->setString("redis.mode", "sentinel");
    config->setString("redis.sentinels", sentinels);
    config->setString("redis.masterName", masterName);
    config->setString("redis.connectTimeoutMs", "300");
    config->setString("redis.commandTimeoutMs", "300");
    return redis::RedisOptions::fromConfig(*config);
}

std::vector<std::string> configProblems(const std::map<std::string, std::string>& values) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
    for (const auto& [key, value] : values)
        config->setString(key, value);
    std::vector<std::string> problems;
    config::validateCore(*config, "test.ini", problems);
    return problems;
}

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
    for (const auto& p : problems)
        if (p.find(text) != std::string::npos) return true;
    return false;
}

} // namespace

TEST(SentinelLocator, FindsTheMasterAndStampsItsEpoch) {
    SentinelGroup group;
    redis::RedisPool pool(sentinelOptions(group.sentinels(), group.masterName()));
    auto connection = pool.connectDedicated();
    EXPECT_EQ(connection->endpoint(), "127.0.0.1:" + std::to_string(group.server(0).port()));
    EXPECT_EQ(connection->epoch().size(), 16u);
    EXPECT_TRUE(pool.isCurrent(*connection));
    EXPECT_EQ(pool.keyspace("p:"), "p:" + connection->epoch() + ":");
    // Keys of the current epoch go through; keys named for another epoch do not.
    const std::string key = pool.keyspace("p:") + "probe";
    pool.executeFor("p:", {key}, {"SET", key, "1"});
    EXPECT_EQ(group.server(0).cli("GET " + key), "1\n");
    EXPECT_THROW(pool.executeFor("p:", {"p:0123456789abcdef:probe"}, {"GET", "x"}),
                 redis::RedisError);
}

TEST(SentinelLocator, TriesEachSentinelInTurn) {
    SentinelGroup group;
    // The first two entries listen nowhere.
    const std::string sentinels = "127.0.0.1:" + std::to_string(freePort()) +
                                  ", 127.0.0.1:" + std::to_string(freePort()) + ", " +
                                  group.sentinels();
    redis::SentinelLocator locator(sentinelOptions(sentinels, group.masterName()));
    EXPECT_EQ(locator.askSentinels(), "127.0.0.1:" + std::to_string(group.server(0).port()));
}

TEST(SentinelLocator, RefusesAReplicaNamedAsMaster) {
    RedisServer master;
    RedisServer replica("--replicaof 127.0.0.1 " + std::to_string(master.port()));
    // A sentinel told that the replica is the master "wrong" answers its address.
    TempDir dir;
    const int port = freePort();
    const std::string config = Poco::Path(dir.path()).append("sentinel.conf").toString();
    std::ofstream(config) << "port " << port << "\nbind 127.0.0.1\ndir " << dir.path()
                          << "\nsentinel monitor wrong 127.0.0.1 " << replica.port() << " 1\n";
    ChildProcess sentinel({"redis-sentinel", config},
                          Poco::Path(dir.path()).append("log").toString());
    redis::RedisPool pool(sentinelOptions("127.0.0.1:" + std::to_string(port), "wrong"));
    std::string error;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (error.find("not master") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
        try {
            pool.connectDedicated();
            ADD_FAILURE() << "a replica was accepted as the master";
            return;
        } catch (const redis::RedisError& e) {
            error = e.what(); // the sentinel may still be starting
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_NE(error.find("ROLE answered 'slave', not master"), std::string::npos) << error;
    EXPECT_EQ(pool.keyspace("p:"), "p::") << "no epoch may be known";
}

TEST(SentinelLocator, NoSentinelReachableIsARedisError) {
    redis::RedisPool pool(sentinelOptions("127.0.0.1:" + std::to_string(freePort()), "jjmaster"));
    try {
        pool.execute({"PING"});
        FAIL() << "PING answered without any sentinel";
    } catch (const redis::RedisError& e) {
        EXPECT_NE(std::string(e.what()).find("no sentinel named the master 'jjmaster'"),
                  std::string::npos)
            << e.what();
    }
}

TEST(SentinelConfig, BadValuesAreReportedClearly) {
    EXPECT_TRUE(mentions(configProblems({{"redis.mode", "sentinel"}, {"redis.masterName", "m"}}),
                         "needs redis.sentinels"));
    EXPECT_TRUE(mentions(
        configProblems({{"redis.mode", "sentinel"}, {"redis.sentinels", "127.0.0.1:26379"}}),
        "needs redis.masterName"));
    EXPECT_TRUE(mentions(configProblems({{"redis.mode", "sentinel"},
                                         {"redis.sentinels", "127.0.0.1:26379, nowhere"},
                                         {"redis.masterName", "m"}}),
                         "'nowhere' is not host:port"));
    EXPECT_TRUE(mentions(configProblems({{"redis.mode", "sentinel"},
                                         {"redis.sentinels", "127.0.0.1:99999"},
                                         {"redis.masterName", "m"}}),
                         "bad port '99999'"));
    // Cluster is built: it is refused only for what it lacks (here its seed nodes).
    EXPECT_TRUE(mentions(configProblems({{"redis.mode", "cluster"}}), "needs at least one seed node"));
    EXPECT_FALSE(mentions(configProblems({{"redis.mode", "cluster"}}), "not built"));
    EXPECT_TRUE(configProblems({{"redis.mode", "cluster"}, {"redis.nodes", "127.0.0.1:7000"}}).empty());
    EXPECT_TRUE(mentions(configProblems({{"redis.mode", "ring"}}), "redis.mode"));
    EXPECT_TRUE(configProblems({{"redis.mode", "sentinel"},
                                {"redis.sentinels", "127.0.0.1:26379, 127.0.0.1:26380"},
                                {"redis.masterName", "m"}})
                    .empty());
    EXPECT_TRUE(configProblems({}).empty());
}
