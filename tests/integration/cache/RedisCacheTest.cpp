// Redis-only behaviour: several services sharing one Redis, and Redis failing.
#include <atomic>
#include <chrono>
#include <latch>
#include <thread>

#include <gtest/gtest.h>

#include "RedisTransport.h"
#include "jollyjet/cache/RedisCacheService.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

/// One jollyjetd's worth of cache: its own pool, metrics and service.
struct Instance {
    Instance(const RedisServer& server, std::chrono::milliseconds wait = 5000ms,
             std::string prefix = "jj:test:")
        : pool(poolOptions(server)), cache(pool, cacheOptions(wait, std::move(prefix)), metrics) {}

    static redis::RedisOptions poolOptions(const RedisServer& server) {
        redis::RedisOptions options = clientOptionsFor(server);
        options.connectTimeout = 300ms;
        options.commandTimeout = 300ms;
        options.borrowTimeout = 300ms;
        options.breakerFailures = 3;
        options.breakerOpen = 300ms;
        return options;
    }
    static cache::CacheOptions cacheOptions(std::chrono::milliseconds wait, std::string prefix) {
        cache::CacheOptions options;
        options.keyPrefix = std::move(prefix);
        options.wait = wait;
        options.retryInterval = 50ms;
        return options;
    }

    metrics::Registry metrics;
    redis::RedisPool pool;
    cache::RedisCacheService cache;
};

std::optional<std::string> json(const std::string& text) { return text; }

/// Runs against a plaintext and a TLS redis-server: the behaviour must not depend on
/// the transport.
class RedisCacheOver : public ::testing::TestWithParam<RedisTransport> {
protected:
    std::unique_ptr<RedisServer> serverHolder_ = startRedis(GetParam());
    RedisServer& server = *serverHolder_;
};

TEST_P(RedisCacheOver, EveryKeyCarriesThePrefixAndClearTouchesNothingElse) {
    Instance instance(server);
    server.cli("SET foreign 1");
    server.cli("SET jj:other:key 1");
    instance.cache.set("a", "1", 0ms);
    instance.cache.getOrLoad("b", {60s, 0s, 0s}, [] { return json("2"); });
    EXPECT_EQ(server.cli("EXISTS jj:test:a"), "1\n");
    EXPECT_EQ(server.cli("EXISTS jj:test:b"), "1\n");
    EXPECT_EQ(server.cli("EXISTS jj:test:lease:b"), "0\n"); // the fill consumed the lease
    EXPECT_EQ(instance.cache.clear(), 2u);
    EXPECT_EQ(server.cli("EXISTS foreign"), "1\n");
    EXPECT_EQ(server.cli("EXISTS jj:other:key"), "1\n");
    EXPECT_EQ(server.cli("DBSIZE"), "2\n");
}

TEST_P(RedisCacheOver, TwoInstancesOnOneRedisCoalesceToOneLoad) {
    Instance a(server), b(server);
    std::atomic<int> loads{0};
    auto loader = [&] {
        loads.fetch_add(1);
        std::this_thread::sleep_for(300ms);
        return json("\"shared\"");
    };
    std::latch start(8);
    std::vector<std::thread> threads;
    std::atomic<int> correct{0};
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            auto& cache = i % 2 ? a.cache : b.cache;
            if (cache.getOrLoad("hot", {60s, 0s, 0s}, loader).value == json("\"shared\"")) ++correct;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(loads.load(), 1);
    EXPECT_EQ(correct.load(), 8);
    // The other process is refused the lease (callers that arrive before the leader
    // holds it ask for it themselves, so it can be more than once).
    EXPECT_GE(a.cache.stats().leaseRefused + b.cache.stats().leaseRefused, 1u);
}

TEST_P(RedisCacheOver, AWriteInAnotherInstanceRevokesTheFillLease) {
    Instance reader(server), writer(server);
    std::atomic<int> row{1};
    std::latch loaded(1), written(1);
    cache::LoadResult result;
    std::thread thread([&] {
        result = reader.cache.getOrLoad("item", {60s, 0s, 0s}, [&] {
            auto value = "{\"v\":" + std::to_string(row.load()) + "}";
            loaded.count_down();
            written.wait();
            return json(value);
        });
    });
    loaded.wait();
    row = 2;
    writer.cache.invalidate("item"); // another process: only the lease can stop the fill
    written.count_down();
    thread.join();
    EXPECT_EQ(reader.cache.stats().fillsDropped, 1u);
    EXPECT_EQ(server.cli("EXISTS jj:test:item"), "0\n") << "the fill from before the write landed";
}

TEST_P(RedisCacheOver, RedisDownAnswersFromTheLoaderAndRecoversWithoutRestart) {
    Instance instance(server);
    const cache::LoadPolicy policy{60s, 0s, 0s};
    EXPECT_EQ(instance.cache.getOrLoad("k", policy, [] { return json("1"); }).source, cache::Source::Loaded);
    EXPECT_EQ(instance.cache.getOrLoad("k", policy, [] { return json("1"); }).source, cache::Source::Hit);

    server.kill();
    for (int i = 0; i < 20; ++i) {
        const auto start = Clock::now();
        cache::LoadResult result;
        EXPECT_NO_THROW(result = instance.cache.getOrLoad("k", policy, [] { return json("fromStore"); }));
        EXPECT_EQ(result.value, json("fromStore"));
        EXPECT_EQ(result.source, cache::Source::Bypass);
        EXPECT_LT(Clock::now() - start, 2s);
        EXPECT_NO_THROW(instance.cache.invalidate("k"));
        EXPECT_NO_THROW(instance.cache.bumpGeneration("products"));
    }
    EXPECT_THROW(instance.cache.get("k"), cache::CacheError);
    EXPECT_FALSE(instance.cache.available());
    EXPECT_GT(instance.cache.pendingInvalidations(), 0u);

    server.start(); // same port, empty memory
    const auto deadline = Clock::now() + 10s;
    cache::Source source = cache::Source::Bypass;
    while (Clock::now() < deadline && source != cache::Source::Hit) {
        source = instance.cache.getOrLoad("k", policy, [] { return json("2"); }).source;
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_EQ(source, cache::Source::Hit) << "hits did not resume after Redis came back";
    EXPECT_EQ(instance.cache.pendingInvalidations(), 0u);
    EXPECT_TRUE(instance.cache.available());
}

TEST_P(RedisCacheOver, FailedInvalidationKeepsGetOrLoadOffTheCacheUntilRetried) {
    Instance instance(server);
    const cache::LoadPolicy policy{60s, 0s, 0s};
    instance.cache.getOrLoad("k", policy, [] { return json("\"old\""); });
    // Make only DEL fail: the stale value stays in Redis, readable.
    server.cli("ACL SETUSER default -del");
    instance.cache.invalidate("k");
    EXPECT_EQ(instance.cache.pendingInvalidations(), 1u);
    auto result = instance.cache.getOrLoad("k", policy, [] { return json("\"new\""); });
    EXPECT_EQ(result.value, json("\"new\"")) << "served what it could not invalidate";
    EXPECT_EQ(result.source, cache::Source::Bypass);

    server.cli("ACL SETUSER default +del");
    std::this_thread::sleep_for(100ms);
    result = instance.cache.getOrLoad("k", policy, [] { return json("\"new\""); });
    EXPECT_EQ(instance.cache.pendingInvalidations(), 0u);
    EXPECT_EQ(result.value, json("\"new\""));
    EXPECT_EQ(result.source, cache::Source::Loaded);
}

TEST_P(RedisCacheOver, AnOwedGenerationBumpIsReplayedBeforeTheGenerationIsRead) {
    // A write's bump failed (owed); once Redis takes it again, the next reader must
    // not build its key on the counter from before the replay.
    Instance instance(server);
    const cache::LoadPolicy policy{60s, 0s, 0s};
    const auto before = instance.cache.generation("products");
    instance.cache.getOrLoad("list:" + std::to_string(before), policy, [] { return json("\"old\""); });

    server.cli("ACL SETUSER default -evalsha -eval"); // the bump is a script: make it fail
    instance.cache.bumpGeneration("products");
    EXPECT_EQ(instance.cache.pendingInvalidations(), 1u);
    const auto whileOwed = instance.cache.generation("products");
    EXPECT_NE(whileOwed, before) << "a generation owed a bump must not name stored entries";
    EXPECT_EQ(instance.cache.getOrLoad("list:" + std::to_string(whileOwed), policy, [] { return json("\"new\""); }).value,
              json("\"new\""));

    server.cli("ACL SETUSER default +evalsha +eval");
    std::this_thread::sleep_for(300ms); // past the retry interval
    const auto after = instance.cache.generation("products");
    EXPECT_EQ(instance.cache.pendingInvalidations(), 0u);
    EXPECT_GT(after, before);
    auto result = instance.cache.getOrLoad("list:" + std::to_string(after), policy, [] { return json("\"new\""); });
    EXPECT_EQ(result.value, json("\"new\"")) << "served an entry from before the owed bump";
}

TEST_P(RedisCacheOver, RawOperationsFailFastWithCacheErrorWhileTheBreakerIsOpen) {
    Instance instance(server);
    instance.cache.set("a", "1", 0ms);
    server.kill();
    for (int i = 0; i < 3; ++i) EXPECT_THROW(instance.cache.get("a"), cache::CacheError);
    ASSERT_TRUE(instance.pool.breaker().isOpen());
    const auto start = Clock::now();
    try {
        instance.cache.get("a");
        FAIL();
    } catch (const cache::CacheError& e) {
        EXPECT_NE(std::string(e.what()).find("breaker open"), std::string::npos) << e.what();
    }
    EXPECT_LT(Clock::now() - start, 200ms);
    EXPECT_GE(instance.metrics.value("jollyjet_cache_errors_total", {{"backend", "redis"}}), 4.0);
}

TEST_P(RedisCacheOver, ScriptsSurviveAScriptFlush) {
    Instance instance(server);
    auto token = instance.cache.acquireLock("l", 5000ms);
    ASSERT_TRUE(token);
    server.cli("SCRIPT FLUSH");
    EXPECT_TRUE(instance.cache.extendLock("l", *token, 5000ms));
    EXPECT_TRUE(instance.cache.releaseLock("l", *token));
}

INSTANTIATE_TEST_SUITE_P(Transports, RedisCacheOver, ::testing::Values(RedisTransport::Plain, RedisTransport::Tls),
                         [](const auto& info) { return transportName(info.param); });

} // namespace
} // namespace jollyjet::test
