// Each known POCO 1.11 Redis defect, shown on POCO itself against a real
// redis-server (so the test demonstrably can fail), then shown fixed in ours.
#include <chrono>
#include <thread>

#include <Poco/ObjectPool.h>
#include <Poco/Redis/Client.h>
#include <Poco/Redis/Command.h>
#include <Poco/Redis/Exception.h>
#include <Poco/Redis/PoolableConnectionFactory.h>
#include <gtest/gtest.h>

#include "RedisServer.h"
#include "jollyjet/cache/RedisCacheService.h"
#include "jollyjet/events/Events.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/redis/RedisError.h"
#include "jollyjet/redis/RedisEventRelay.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::test {
namespace {

using namespace std::chrono_literals;

redis::RedisOptions optionsFor(const RedisServer& server) {
    redis::RedisOptions options;
    options.port = server.port();
    options.commandTimeout = 2000ms;
    return options;
}

TEST(PocoRedisDefects, EmptyArrayReplyIsNotNull) {
    RedisServer server;
    // POCO: `*0` (LRANGE of a missing list) comes back as a null Array.
    Poco::Redis::Client poco("127.0.0.1", server.port());
    const auto pocoReply = poco.execute<Poco::Redis::Array>(Poco::Redis::Command::lrange("nolist"));
    EXPECT_TRUE(pocoReply.isNull()) << "POCO fixed its *0 handling; this wrapper may be simplified";

    redis::RedisPool pool(optionsFor(server));
    const auto reply = pool.execute({"LRANGE", "nolist", "0", "-1"});
    EXPECT_TRUE(reply.isArray());
    EXPECT_FALSE(reply.isNull());
    EXPECT_TRUE(reply.elements.empty());

    // Where it matters: SCAN pages with no match are `*0`; a scan over a database
    // full of other keys must walk every page and find nothing, without failing.
    for (int i = 0; i < 300; ++i) server.cli("SET other:" + std::to_string(i) + " 1");
    metrics::Registry metrics;
    cache::CacheOptions cacheOptions;
    cacheOptions.keyPrefix = "mine:";
    cache::RedisCacheService cache(pool, cacheOptions, metrics);
    EXPECT_EQ(cache.deleteByPattern("*"), 0u);
    EXPECT_EQ(cache.mget({"a", "b"}).size(), 2u);
}

TEST(PocoRedisDefects, NegativeIncrementIsWellFormed) {
    RedisServer server;
    // POCO: Command::incr(key, -5) drops the amount and sends "INCRBY key".
    Poco::Redis::Client poco("127.0.0.1", server.port());
    EXPECT_THROW(poco.execute<Poco::Int64>(Poco::Redis::Command::incr("n", -5)), Poco::Redis::RedisException);
    EXPECT_THROW(poco.execute<Poco::Int64>(Poco::Redis::Command::decr("n", -5)), Poco::Redis::RedisException);

    redis::RedisPool pool(optionsFor(server));
    metrics::Registry metrics;
    cache::CacheOptions cacheOptions;
    cacheOptions.keyPrefix = "p:";
    cache::RedisCacheService cache(pool, cacheOptions, metrics);
    EXPECT_EQ(cache.increment("n", -5), -5);
    EXPECT_EQ(cache.increment("n", 12), 7);
    EXPECT_EQ(cache.increment("n", -7), 0);
    EXPECT_EQ(server.cli("GET p:n"), "0\n");
}

TEST(PocoRedisDefects, PooledConnectionsAuthenticateAndSelect) {
    RedisServer server("--requirepass s3cret");
    // POCO: its pool factory connects but never sends AUTH, so the first command
    // of every pooled client is refused.
    Poco::PoolableObjectFactory<Poco::Redis::Client, Poco::Redis::Client::Ptr> factory(
        "127.0.0.1:" + std::to_string(server.port()));
    Poco::ObjectPool<Poco::Redis::Client, Poco::Redis::Client::Ptr> pocoPool(factory, 1, 1);
    {
        Poco::Redis::PooledConnection pooled(pocoPool, 1000);
        Poco::Redis::Client::Ptr client = pooled;
        EXPECT_THROW(client->execute<std::string>(Poco::Redis::Command::set("k", "v")),
                     Poco::Redis::RedisException);
    }

    auto options = optionsFor(server);
    options.password = "s3cret";
    options.db = 3;
    redis::RedisPool pool(options);
    for (int i = 0; i < 3; ++i) pool.execute({"SET", "k" + std::to_string(i), "v"}); // new connections too
    EXPECT_EQ(server.cli("-a s3cret --no-auth-warning -n 3 GET k0"), "v\n");
    EXPECT_EQ(server.cli("-a s3cret --no-auth-warning -n 0 EXISTS k0"), "0\n");

    options.password = "wrong";
    redis::RedisPool refused(options);
    try {
        refused.execute({"PING"});
        FAIL() << "a wrong password must be refused";
    } catch (const redis::RedisError& e) {
        EXPECT_NE(std::string(e.what()).find("handshake refused"), std::string::npos) << e.what();
    }
}

TEST(PocoRedisDefects, PubSubDeliversWithoutTheAsyncReadersSleep) {
    // POCO's AsyncReader sleeps 100 ms between replies: 30 messages would take
    // at least 3 s. Our subscriber polls its socket and delivers them as they come.
    RedisServer server;
    redis::RedisPool pool(optionsFor(server));
    Events sender, receiver;
    auto senderRelay = std::make_shared<redis::RedisEventRelay>(pool, sender, nullptr);
    auto receiverRelay = std::make_shared<redis::RedisEventRelay>(pool, receiver, nullptr);
    sender.setRelay(senderRelay);
    receiverRelay->start();
    const auto subscribeDeadline = std::chrono::steady_clock::now() + 5s;
    while (!receiverRelay->subscribed() && std::chrono::steady_clock::now() < subscribeDeadline)
        std::this_thread::sleep_for(10ms);
    ASSERT_TRUE(receiverRelay->subscribed());
    std::atomic<int> got{0};
    receiver.subscribe("t", [&](const Event&) { got.fetch_add(1); });

    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 30; ++i) sender.publish("t", "{}");
    while (got.load() < 30 && std::chrono::steady_clock::now() - start < 10s)
        std::this_thread::sleep_for(5ms);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(got.load(), 30);
    EXPECT_LT(elapsed, 2500ms) << "messages arrive no faster than POCO's AsyncReader would deliver them";
    receiverRelay->stop();
}

} // namespace
} // namespace jollyjet::test
