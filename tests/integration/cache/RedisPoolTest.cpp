#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "RedisTransport.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/redis/RedisError.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

redis::RedisOptions optionsFor(const RedisServer& server) {
    redis::RedisOptions options = clientOptionsFor(server);
    options.commandTimeout = 1000ms;
    options.connectTimeout = 500ms;
    return options;
}

TEST(RedisOptions, ParsesTheUrlAndLetsKeysOverrideIt) {
    redis::RedisOptions options;
    options.applyUrl("redis://:p%40ss@cache.local:6380/4");
    EXPECT_EQ(options.host, "cache.local");
    EXPECT_EQ(options.port, 6380);
    EXPECT_EQ(options.password, "p@ss");
    EXPECT_EQ(options.db, 4);
    options.applyUrl("redis://127.0.0.1");
    EXPECT_EQ(options.port, 6379);
    EXPECT_EQ(options.db, 0);
    EXPECT_FALSE(options.tls.enabled);
    options.applyUrl("rediss://secure.local:6390/1");
    EXPECT_TRUE(options.tls.enabled);
    EXPECT_EQ(options.port, 6390);
    EXPECT_THROW(options.applyUrl("http://x:1/0"), std::invalid_argument);
    EXPECT_THROW(options.applyUrl("redis://x:1/zero"), std::invalid_argument);
}

TEST(RedisPool, ConstructionDoesNotConnect) {
    redis::RedisOptions options;
    options.port = freePort(); // nobody listens
    const auto start = Clock::now();
    redis::RedisPool pool(options);
    EXPECT_LT(Clock::now() - start, 100ms);
    EXPECT_EQ(pool.stats().created, 0u);
    EXPECT_THROW(pool.execute({"PING"}), redis::RedisError);
}

/// The pool's behaviour must not depend on the transport: every test below runs
/// against a plaintext and a TLS redis-server.
class RedisPoolOver : public ::testing::TestWithParam<RedisTransport> {
protected:
    std::unique_ptr<RedisServer> serverHolder_ = startRedis(GetParam());
    RedisServer& server = *serverHolder_;
};

TEST_P(RedisPoolOver, ExhaustionGivesAClearErrorInBoundedTime) {
    auto options = optionsFor(server);
    options.poolSize = 2;
    options.borrowTimeout = 200ms;
    redis::RedisPool pool(options);
    metrics::Registry metrics;
    pool.bindMetrics(metrics);
    auto first = pool.borrow();
    auto second = pool.borrow();
    EXPECT_EQ(metrics.value("jollyjet_redis_pool_connections",
                            {{"endpoint", options.endpoint()}, {"state", "in_use"}}),
              2.0);
    const auto start = Clock::now();
    try {
        pool.borrow();
        FAIL() << "a third borrow from a pool of two must fail";
    } catch (const redis::PoolExhausted& e) {
        EXPECT_NE(std::string(e.what()).find("pool exhausted"), std::string::npos) << e.what();
    }
    EXPECT_LT(Clock::now() - start, 2s);
    EXPECT_EQ(pool.stats().exhausted, 1u);
    EXPECT_EQ(metrics.value("jollyjet_redis_pool_waits_total", {{"endpoint", options.endpoint()}}), 1.0);
    EXPECT_FALSE(pool.breaker().isOpen()) << "exhaustion is not Redis' failure";

    // A waiter gets the connection as soon as one comes back.
    auto waiter = std::async(std::launch::async, [&] { return pool.execute({"PING"}).text; });
    std::this_thread::sleep_for(50ms);
    { auto released = std::move(first); }
    EXPECT_EQ(waiter.get(), "PONG");
}

TEST_P(RedisPoolOver, SlowConnectsDoNotHoldTheOtherBorrowers) {
    auto options = optionsFor(server);
    options.poolSize = 4;
    redis::RedisPool pool(options);
    std::vector<std::future<std::string>> replies;
    for (int i = 0; i < 16; ++i)
        replies.push_back(std::async(std::launch::async, [&] { return pool.execute({"PING"}).text; }));
    for (auto& reply : replies) EXPECT_EQ(reply.get(), "PONG");
    EXPECT_LE(pool.stats().created, 4u);
}

TEST_P(RedisPoolOver, ABrokenOrStaleConnectionIsReplaced) {
    auto options = optionsFor(server);
    options.idleCheck = 0ms; // PING every reused connection
    redis::RedisPool pool(options);
    EXPECT_EQ(pool.execute({"PING"}).text, "PONG");
    server.cli("CLIENT KILL TYPE normal"); // the pooled connection dies while idle
    EXPECT_EQ(pool.execute({"PING"}).text, "PONG");
    EXPECT_EQ(pool.stats().discarded, 1u);
    EXPECT_EQ(pool.stats().created, 2u);

    // A reply timeout breaks the connection: it is discarded, not reused with a
    // late reply waiting in its socket.
    auto timing = optionsFor(server);
    timing.commandTimeout = 100ms;
    redis::RedisPool strict(timing);
    EXPECT_THROW(strict.execute({"BLPOP", "nolist", "0.3"}), redis::RedisError);
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(strict.execute({"ECHO", "fresh"}).text, "fresh");
    EXPECT_EQ(strict.stats().discarded, 1u);
}

TEST_P(RedisPoolOver, ErrorRepliesKeepTheConnection) {
    redis::RedisPool pool(optionsFor(server));
    pool.execute({"SET", "s", "text"});
    EXPECT_THROW(pool.execute({"INCR", "s"}), redis::ReplyError);
    EXPECT_EQ(pool.stats().discarded, 0u);
    EXPECT_EQ(pool.stats().idle, 1u);
    const auto replies = pool.pipeline({{"INCR", "s"}, {"GET", "s"}});
    EXPECT_TRUE(replies[0].isError());
    EXPECT_EQ(replies[1].text, "text");
}

TEST_P(RedisPoolOver, BreakerOpensFailsFastAndClosesAfterAProbe) {
    auto options = optionsFor(server);
    options.breakerFailures = 3;
    options.breakerOpen = 500ms;
    redis::RedisPool pool(options);
    metrics::Registry metrics;
    pool.bindMetrics(metrics);
    EXPECT_EQ(pool.execute({"PING"}).text, "PONG");
    server.kill();

    for (int i = 0; i < 3; ++i) EXPECT_THROW(pool.execute({"PING"}), redis::RedisError);
    EXPECT_TRUE(pool.breaker().isOpen());
    EXPECT_EQ(metrics.value("jollyjet_redis_breaker_open", {{"endpoint", options.endpoint()}}), 1.0);
    const auto created = pool.stats().created;
    const auto start = Clock::now();
    for (int i = 0; i < 100; ++i) EXPECT_THROW(pool.execute({"PING"}), redis::BreakerOpen);
    EXPECT_LT(Clock::now() - start, 1s) << "an open breaker must fail fast";
    EXPECT_EQ(pool.stats().created, created) << "no connect attempts while open";

    std::this_thread::sleep_for(600ms);
    EXPECT_THROW(pool.execute({"PING"}), redis::RedisError); // the probe fails: open again
    EXPECT_TRUE(pool.breaker().isOpen());
    EXPECT_EQ(pool.breaker().timesOpened(), 2u);

    server.start();
    std::this_thread::sleep_for(600ms);
    EXPECT_EQ(pool.execute({"PING"}).text, "PONG"); // the probe succeeds: closed
    EXPECT_EQ(pool.breaker().state(), redis::CircuitBreaker::State::Closed);
    EXPECT_EQ(metrics.value("jollyjet_redis_breaker_open", {{"endpoint", options.endpoint()}}), 0.0);
}

INSTANTIATE_TEST_SUITE_P(Transports, RedisPoolOver,
                         ::testing::Values(RedisTransport::Plain, RedisTransport::Tls),
                         [](const auto& info) { return transportName(info.param); });

} // namespace
} // namespace jollyjet::test
