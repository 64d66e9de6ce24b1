#pragma once

// The one behaviour suite every CacheService backend must pass. Included by
// tests/unit/cache (memory) and tests/integration/cache (redis), each of which
// instantiates it with its own harness factory.

#include <atomic>
#include <chrono>
#include <functional>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "jollyjet/cache/CacheServiceBase.h"
#include "jollyjet/metrics/Metrics.h"

namespace jollyjet::test {

/// Owns one cache service (and whatever it runs on) for one test.
class CacheHarness {
public:
    virtual ~CacheHarness() = default;
    virtual cache::CacheServiceBase& cache() = 0;
};

struct CacheBackendParam {
    std::string name;
    std::function<std::unique_ptr<CacheHarness>(const cache::CacheOptions&)> make;
};

inline void PrintTo(const CacheBackendParam& param, std::ostream* out) { *out << param.name; }

inline std::string uniquePrefix() {
    static std::atomic<int> counter{0};
    return "conf" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ":";
}

class CacheConformance : public ::testing::TestWithParam<CacheBackendParam> {
protected:
    void SetUp() override { open(); }

    void open(std::chrono::milliseconds wait = std::chrono::milliseconds(5000)) {
        cache::CacheOptions options;
        options.keyPrefix = uniquePrefix();
        options.wait = wait;
        options.lease = std::chrono::milliseconds(5000);
        harness_ = GetParam().make(options);
    }

    cache::CacheServiceBase& cache() { return harness_->cache(); }

    std::unique_ptr<CacheHarness> harness_;
};

using namespace std::chrono_literals;

TEST_P(CacheConformance, SetGetDelExists) {
    EXPECT_FALSE(cache().get("a").has_value());
    cache().set("a", R"({"x":1})", 0ms);
    EXPECT_EQ(cache().get("a"), std::optional<std::string>(R"({"x":1})"));
    EXPECT_TRUE(cache().exists("a"));
    EXPECT_TRUE(cache().del("a"));
    EXPECT_FALSE(cache().del("a"));
    EXPECT_FALSE(cache().exists("a"));
    EXPECT_EQ(cache().stats().hits, 1u);
    EXPECT_EQ(cache().stats().misses, 1u);
}

TEST_P(CacheConformance, TtlExpireAndPersistence) {
    cache().set("forever", "1", 0ms);
    EXPECT_FALSE(cache().ttl("forever").has_value());
    EXPECT_FALSE(cache().ttl("missing").has_value());
    cache().set("short", "1", 60000ms);
    auto left = cache().ttl("short");
    ASSERT_TRUE(left.has_value());
    EXPECT_GT(left->count(), 0);
    EXPECT_LE(left->count(), 60000);
    EXPECT_TRUE(cache().expire("forever", 30ms));
    EXPECT_FALSE(cache().expire("missing", 30ms));
    std::this_thread::sleep_for(200ms);
    EXPECT_FALSE(cache().get("forever").has_value());
    EXPECT_TRUE(cache().get("short").has_value());
}

TEST_P(CacheConformance, IncrementByPositiveAndNegativeAmounts) {
    EXPECT_EQ(cache().increment("n"), 1);
    EXPECT_EQ(cache().increment("n", 10), 11);
    EXPECT_EQ(cache().increment("n", -25), -14);
    EXPECT_EQ(cache().increment("fresh", -5), -5);
    cache().set("text", "\"abc\"", 0ms);
    EXPECT_THROW(cache().increment("text", 1), cache::CacheError);
    EXPECT_GE(cache().stats().errors, 1u);
}

TEST_P(CacheConformance, MgetAndMsetKeepOrderAndMisses) {
    cache().mset({{"k1", "1"}, {"k2", "2"}, {"k3", "3"}}, 60000ms);
    const auto values = cache().mget({"k1", "nope", "k3", "k2"});
    ASSERT_EQ(values.size(), 4u);
    EXPECT_EQ(values[0], std::optional<std::string>("1"));
    EXPECT_FALSE(values[1].has_value());
    EXPECT_EQ(values[2], std::optional<std::string>("3"));
    EXPECT_EQ(values[3], std::optional<std::string>("2"));
    EXPECT_TRUE(cache().ttl("k2").has_value());
    EXPECT_TRUE(cache().mget({}).empty());
}

TEST_P(CacheConformance, ScanAndDeleteByPatternStayInsideThePrefix) {
    for (int i = 0; i < 250; ++i) cache().set("products:" + std::to_string(i), "1", 0ms);
    cache().set("product:1", "1", 0ms);
    cache().set("other", "1", 0ms);
    std::vector<std::string> seen;
    cache().scan("products:*", [&](const std::string& key) { seen.push_back(key); });
    EXPECT_EQ(seen.size(), 250u);
    for (const auto& key : seen) EXPECT_EQ(key.rfind("products:", 0), 0u) << key;
    EXPECT_EQ(cache().deleteByPattern("products:*"), 250u);
    EXPECT_EQ(cache().deleteByPattern("products:*"), 0u); // every SCAN page empty
    EXPECT_TRUE(cache().exists("product:1"));
    EXPECT_EQ(cache().deleteByPattern("product:[0-9]"), 1u);
    EXPECT_EQ(cache().clear(), 1u);
    EXPECT_FALSE(cache().exists("other"));
}

TEST_P(CacheConformance, KeysAreSanitizedConsistently) {
    const std::string odd = "with space\nand newline";
    cache().set(odd, "1", 0ms);
    EXPECT_EQ(cache().get(odd), std::optional<std::string>("1"));
    const std::string longKey(2000, 'x');
    cache().set(longKey, "2", 0ms);
    EXPECT_EQ(cache().get(longKey), std::optional<std::string>("2"));
    EXPECT_FALSE(cache().get(std::string(2000, 'y')).has_value());
    EXPECT_LE(cache::CacheServiceBase::sanitizeKey(longKey).size(), 512u);
}

TEST_P(CacheConformance, LocksBelongToTheirOwnerToken) {
    auto token = cache().acquireLock("job", 5000ms);
    ASSERT_TRUE(token.has_value());
    EXPECT_FALSE(cache().acquireLock("job", 5000ms).has_value());
    EXPECT_FALSE(cache().releaseLock("job", "not-the-owner"));
    EXPECT_FALSE(cache().extendLock("job", "not-the-owner", 5000ms));
    EXPECT_TRUE(cache().extendLock("job", *token, 10000ms));
    EXPECT_TRUE(cache().releaseLock("job", *token));
    EXPECT_FALSE(cache().releaseLock("job", *token));
    auto second = cache().acquireLock("job", 30ms);
    ASSERT_TRUE(second.has_value());
    EXPECT_NE(*second, *token);
    std::this_thread::sleep_for(150ms);
    EXPECT_TRUE(cache().acquireLock("job", 5000ms).has_value()); // the short one expired
}

TEST_P(CacheConformance, GetOrLoadMissesOnceThenHits) {
    int calls = 0;
    auto loader = [&]() -> std::optional<std::string> {
        ++calls;
        return R"({"id":1})";
    };
    const cache::LoadPolicy policy{60s, 0s, 0s};
    auto first = cache().getOrLoad("item:1", policy, loader);
    EXPECT_EQ(first.source, cache::Source::Loaded);
    EXPECT_EQ(first.value, std::optional<std::string>(R"({"id":1})"));
    auto second = cache().getOrLoad("item:1", policy, loader);
    EXPECT_EQ(second.source, cache::Source::Hit);
    EXPECT_EQ(second.value, first.value);
    EXPECT_EQ(calls, 1);
    EXPECT_TRUE(cache().ttl("item:1").has_value()); // stored with a backend TTL
}

TEST_P(CacheConformance, NegativeResultsAreCachedOnlyWhenAsked) {
    int calls = 0;
    auto notFound = [&]() -> std::optional<std::string> {
        ++calls;
        return std::nullopt;
    };
    cache().getOrLoad("missing:1", {60s, 0s, 0s}, notFound);
    cache().getOrLoad("missing:1", {60s, 0s, 0s}, notFound);
    EXPECT_EQ(calls, 2);
    cache().getOrLoad("missing:2", {60s, 0s, 30s}, notFound);
    auto again = cache().getOrLoad("missing:2", {60s, 0s, 30s}, notFound);
    EXPECT_EQ(calls, 3);
    EXPECT_EQ(again.source, cache::Source::Hit);
    EXPECT_FALSE(again.value.has_value());
}

TEST_P(CacheConformance, LoaderErrorsPropagateWithoutStaleValue) {
    auto failing = []() -> std::optional<std::string> { throw std::runtime_error("store down"); };
    EXPECT_THROW(cache().getOrLoad("k", {60s, 0s, 0s}, failing), std::runtime_error);
    // Nothing was stored and the lease was given back: the next caller loads at once.
    auto next = cache().getOrLoad("k", {60s, 0s, 0s}, [] { return std::optional<std::string>("1"); });
    EXPECT_EQ(next.source, cache::Source::Loaded);
}

TEST_P(CacheConformance, StaleIsServedWhileOneCallerRefreshesAndWhenTheLoaderFails) {
    const cache::LoadPolicy policy{1s, 30s, 0s};
    cache().getOrLoad("s", policy, [] { return std::optional<std::string>("\"v1\""); });
    std::this_thread::sleep_for(1100ms); // past the logical expiry, within staleFor

    std::latch loading(1), release(1);
    cache::LoadResult refreshed;
    std::thread refresher([&] {
        refreshed = cache().getOrLoad("s", policy, [&] {
            loading.count_down();
            release.wait();
            return std::optional<std::string>("\"v2\"");
        });
    });
    loading.wait();
    auto meanwhile = cache().getOrLoad("s", policy, [] { return std::optional<std::string>("\"x\""); });
    EXPECT_EQ(meanwhile.source, cache::Source::Stale);
    EXPECT_EQ(meanwhile.value, std::optional<std::string>("\"v1\""));
    EXPECT_FALSE(meanwhile.staleIfError);
    release.count_down();
    refresher.join();
    EXPECT_EQ(refreshed.source, cache::Source::Loaded);
    EXPECT_EQ(cache().getOrLoad("s", policy, [] { return std::optional<std::string>("\"x\""); }).value,
              std::optional<std::string>("\"v2\""));

    std::this_thread::sleep_for(1100ms);
    auto onError = cache().getOrLoad("s", policy, []() -> std::optional<std::string> {
        throw std::runtime_error("store down");
    });
    EXPECT_EQ(onError.source, cache::Source::Stale);
    EXPECT_TRUE(onError.staleIfError);
    EXPECT_EQ(onError.value, std::optional<std::string>("\"v2\""));
}

TEST_P(CacheConformance, HundredConcurrentMissesRunTheLoaderOnce) {
    std::atomic<int> calls{0};
    std::latch start(100);
    std::vector<std::thread> threads;
    std::atomic<int> correct{0};
    for (int i = 0; i < 100; ++i) {
        threads.emplace_back([&] {
            start.arrive_and_wait();
            auto result = cache().getOrLoad("hot", {60s, 0s, 0s}, [&] {
                calls.fetch_add(1);
                std::this_thread::sleep_for(200ms);
                return std::optional<std::string>("\"hot\"");
            });
            if (result.value == std::optional<std::string>("\"hot\"")) correct.fetch_add(1);
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(calls.load(), 1);
    EXPECT_EQ(correct.load(), 100);
}

TEST_P(CacheConformance, NaiveCacheAsideStoresTheStaleRowButGetOrLoadRefusesIt) {
    std::atomic<int> row{1}; // the "database"
    auto readRow = [&] { return "{\"v\":" + std::to_string(row.load()) + "}"; };

    // Naive cache-aside by hand: miss, read the row, (writer updates and clears),
    // then the late SET puts the old row back.
    {
        ASSERT_FALSE(cache().get("naive").has_value());
        const std::string old = readRow();
        row = 2;                 // writer commits...
        cache().del("naive");    // ...and clears the key
        cache().set("naive", old, 60000ms);
        EXPECT_EQ(cache().get("naive"), std::optional<std::string>("{\"v\":1}"))
            << "the race the lease exists for did not reproduce";
    }

    row = 1;
    std::latch readerLoaded(1), writerDone(1);
    cache::LoadResult readerResult;
    std::thread reader([&] {
        readerResult = cache().getOrLoad("item", {60s, 0s, 0s}, [&] {
            auto value = readRow(); // reads the old row
            readerLoaded.count_down();
            writerDone.wait();      // the write happens before the fill
            return std::optional<std::string>(value);
        });
    });
    readerLoaded.wait();
    row = 2;
    cache().invalidate("item");
    writerDone.count_down();
    reader.join();
    EXPECT_EQ(readerResult.value, std::optional<std::string>("{\"v\":1}")); // it began before
    EXPECT_EQ(cache().stats().fillsDropped, 1u);
    EXPECT_FALSE(cache().exists("item")) << "the stale fill landed";
    auto after = cache().getOrLoad("item", {60s, 0s, 0s}, [&] { return std::optional<std::string>(readRow()); });
    EXPECT_EQ(after.value, std::optional<std::string>("{\"v\":2}"));
}

TEST_P(CacheConformance, CallersAfterInvalidateNeverShareALoadStartedBeforeIt) {
    std::latch oldLoadStarted(1), releaseOld(1);
    std::thread early([&] {
        cache().getOrLoad("k", {60s, 0s, 0s}, [&] {
            oldLoadStarted.count_down();
            releaseOld.wait();
            return std::optional<std::string>("\"old\"");
        });
    });
    oldLoadStarted.wait();
    cache().invalidate("k");
    std::thread releaser([&] {
        std::this_thread::sleep_for(100ms);
        releaseOld.count_down();
    });
    auto late = cache().getOrLoad("k", {60s, 0s, 0s}, [] { return std::optional<std::string>("\"new\""); });
    EXPECT_EQ(late.value, std::optional<std::string>("\"new\""));
    early.join();
    releaser.join();
    auto stored = cache().getOrLoad("k", {60s, 0s, 0s}, [] { return std::optional<std::string>("\"x\""); });
    EXPECT_EQ(stored.value, std::optional<std::string>("\"new\""));
}

TEST_P(CacheConformance, FollowersStopWaitingAfterTheBoundedWait) {
    open(100ms);
    std::latch leaderLoading(1), releaseLeader(1);
    std::thread leader([&] {
        cache().getOrLoad("slow", {60s, 0s, 0s}, [&] {
            leaderLoading.count_down();
            releaseLeader.wait();
            return std::optional<std::string>("\"leader\"");
        });
    });
    leaderLoading.wait();
    const auto start = std::chrono::steady_clock::now();
    auto follower = cache().getOrLoad("slow", {60s, 0s, 0s}, [] { return std::optional<std::string>("\"own\""); });
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
    EXPECT_EQ(follower.value, std::optional<std::string>("\"own\""));
    EXPECT_EQ(follower.source, cache::Source::Loaded);
    releaseLeader.count_down();
    leader.join();
    EXPECT_EQ(cache().get("slow").has_value(), true); // only the leader filled
}

TEST_P(CacheConformance, GenerationsStartTimeBasedAndOnlyGrow) {
    const auto beforeMicros = std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::system_clock::now().time_since_epoch()).count();
    const auto g1 = cache().generation("products");
    EXPECT_GE(g1, beforeMicros);
    EXPECT_EQ(cache().generation("products"), g1);
    const auto g2 = cache().bumpGeneration("products");
    EXPECT_EQ(g2, g1 + 1);
    EXPECT_EQ(cache().generation("products"), g2);
    // A counter lost to eviction or restart comes back larger, never at 0.
    ASSERT_TRUE(cache().del(cache::CacheServiceBase::generationKeyOf("products")));
    std::this_thread::sleep_for(2ms);
    EXPECT_GT(cache().generation("products"), g2);
    EXPECT_GT(cache().bumpGeneration("never-read"), beforeMicros);
}

cache::Tagged tagged(std::string value, std::vector<std::string> tags) {
    return cache::Tagged{std::move(value), std::move(tags), true};
}

TEST_P(CacheConformance, InvalidateTagsRetiresEveryEntryCarryingATagAndNoOther) {
    int loads = 0;
    auto load = [&](const std::string& key, std::vector<std::string> tags) {
        return cache().getOrLoadTagged(key, {60s, 0s, 0s}, [&, tags] {
            ++loads;
            return tagged("\"v" + std::to_string(loads) + "\"", tags);
        });
    };
    load("a", {"t1"});
    load("b", {"t1", "t2"});
    load("c", {"t2"});
    load("d", {});
    EXPECT_EQ(loads, 4);
    EXPECT_EQ(load("a", {"t1"}).source, cache::Source::Hit);
    cache().invalidateTags({"t1"});
    EXPECT_FALSE(cache().holdsCurrent("a"));
    EXPECT_FALSE(cache().holdsCurrent("b"));
    EXPECT_TRUE(cache().holdsCurrent("c"));
    EXPECT_TRUE(cache().holdsCurrent("d"));
    EXPECT_EQ(load("a", {"t1"}).source, cache::Source::Loaded);
    EXPECT_EQ(load("b", {"t1", "t2"}).source, cache::Source::Loaded);
    EXPECT_EQ(load("c", {"t2"}).source, cache::Source::Hit);
    EXPECT_EQ(load("a", {"t1"}).source, cache::Source::Hit) << "refilled after the invalidation";
    // Invalidating a tag nothing carries is cheap and harmless.
    cache().invalidateTags({"never-used"});
    EXPECT_EQ(load("c", {"t2"}).source, cache::Source::Hit);
}

TEST_P(CacheConformance, AFillThatRacedATagInvalidationIsNeverServed) {
    std::atomic<int> row{1};
    std::latch readerLoaded(1), writerDone(1);
    cache::LoadResult readerResult;
    std::thread reader([&] {
        readerResult = cache().getOrLoadTagged("item", {60s, 0s, 0s}, [&] {
            auto value = "{\"v\":" + std::to_string(row.load()) + "}";
            readerLoaded.count_down();
            writerDone.wait(); // the write and its invalidation happen before the fill
            return tagged(value, {"row"});
        });
    });
    readerLoaded.wait();
    row = 2;
    cache().invalidateTags({"row"});
    writerDone.count_down();
    reader.join();
    EXPECT_EQ(readerResult.value, std::optional<std::string>("{\"v\":1}"));
    EXPECT_FALSE(cache().holdsCurrent("item")) << "the stale fill landed";
    auto after = cache().getOrLoadTagged("item", {60s, 0s, 0s},
                                         [&] { return tagged("{\"v\":" + std::to_string(row.load()) + "}", {"row"}); });
    EXPECT_EQ(after.value, std::optional<std::string>("{\"v\":2}"));
}

TEST_P(CacheConformance, CallersAfterATagInvalidationNeverShareALoadStartedBeforeIt) {
    std::latch oldLoadStarted(1), releaseOld(1), lateArrived(1);
    std::thread early([&] {
        cache().getOrLoadTagged("k", {60s, 0s, 0s}, [&] {
            oldLoadStarted.count_down();
            releaseOld.wait();
            return tagged("\"old\"", {"t"});
        });
    });
    oldLoadStarted.wait();
    cache().invalidateTags({"t"});
    std::thread releaser([&] {
        std::this_thread::sleep_for(100ms);
        releaseOld.count_down();
    });
    auto late = cache().getOrLoadTagged("k", {60s, 0s, 0s}, [] { return tagged("\"new\"", {"t"}); });
    EXPECT_EQ(late.value, std::optional<std::string>("\"new\""));
    early.join();
    releaser.join();
}

TEST_P(CacheConformance, ALostTagKeyRetiresItsEntriesAndEveryTagKeyExpires) {
    cache().getOrLoadTagged("e", {60s, 30s, 0s}, [] { return tagged("1", {"lost"}); });
    const std::string tagKey = cache::CacheServiceBase::tagKeyOf("lost");
    const auto tagTtl = cache().ttl(tagKey);
    ASSERT_TRUE(tagTtl);
    EXPECT_GE(*tagTtl, 80s) << "a tag outlives the entries carrying it";
    ASSERT_TRUE(cache().ttl(cache::CacheServiceBase::kTagClockKey));
    cache().invalidateTags({"other"});
    ASSERT_TRUE(cache().ttl(cache::CacheServiceBase::tagKeyOf("other")));
    // Evicted or expired: nothing proves the entry current any more.
    ASSERT_TRUE(cache().del(tagKey));
    EXPECT_FALSE(cache().holdsCurrent("e"));
    EXPECT_EQ(cache().getOrLoadTagged("e", {60s, 0s, 0s}, [] { return tagged("2", {"lost"}); }).value,
              std::optional<std::string>("2"));
    EXPECT_TRUE(cache().ttl(cache::CacheServiceBase::generationKeyOf("g")) == std::nullopt);
    cache().bumpGeneration("g");
    EXPECT_TRUE(cache().ttl(cache::CacheServiceBase::generationKeyOf("g")));
}

TEST_P(CacheConformance, UnstoredAnswersWriteNothing) {
    for (int i = 0; i < 20; ++i)
        cache().getOrLoadTagged("junk:" + std::to_string(i), {60s, 0s, 0s},
                                [] { return cache::Tagged{std::string("\"no\""), {"t"}, false}; });
    std::vector<std::string> keys;
    cache().scan("*", [&](const std::string& key) { keys.push_back(key); });
    EXPECT_EQ(keys, std::vector<std::string>{cache::CacheServiceBase::kTagClockKey});
}

TEST_P(CacheConformance, TagGenerationsAreExactIntegers) {
    cache().invalidateTags({"exact"});
    const auto generation = cache().get(cache::CacheServiceBase::tagKeyOf("exact"));
    ASSERT_TRUE(generation);
    EXPECT_EQ(generation->find_first_not_of("0123456789"), std::string::npos) << *generation;
    EXPECT_GT(generation->size(), 14u) << "the clock starts at microseconds since the epoch";
    const auto clock = cache().get(cache::CacheServiceBase::kTagClockKey);
    EXPECT_EQ(clock, generation);
}

TEST_P(CacheConformance, StrictWriteKeepsOutAFillThatReadDuringIt) {
    std::atomic<int> row{1};
    auto load = [&] {
        return cache().getOrLoadTagged("w", {60s, 0s, 0s},
                                       [&] { return tagged(std::to_string(row.load()), {"row"}); });
    };
    cache().getOrLoadTagged("old", {60s, 0s, 0s}, [] { return tagged("0", {"row"}); });
    cache::LoadResult during;
    bool oldServedDuring = false;
    cache().writeThrough({"row"}, [&] {
        // Entries stay valid while the write is under way (it is not acknowledged)...
        oldServedDuring = cache().holdsCurrent("old");
        // ...but a reader that loads now reads the old row, and its fill must not land.
        during = load();
        row = 2;
        return std::vector<std::string>{};
    });
    EXPECT_TRUE(oldServedDuring);
    EXPECT_EQ(during.value, std::optional<std::string>("1"));
    EXPECT_FALSE(cache().holdsCurrent("w")) << "a fill made during the write landed";
    EXPECT_FALSE(cache().holdsCurrent("old")) << "the second script retires what predates the write";
    EXPECT_EQ(load().value, std::optional<std::string>("2"));
    EXPECT_EQ(load().source, cache::Source::Hit) << "the markers are lifted once the write is done";
    // Tags a write learns only as it runs are invalidated after it.
    cache().getOrLoadTagged("late", {60s, 0s, 0s}, [] { return tagged("1", {"late-tag"}); });
    cache().writeThrough({"row"}, [] { return std::vector<std::string>{"late-tag"}; });
    EXPECT_FALSE(cache().holdsCurrent("late"));
}

TEST_P(CacheConformance, AStrictWriteThatFailsInTheStoreLeavesEntriesValid) {
    cache().getOrLoadTagged("f1", {60s, 0s, 0s}, [] { return tagged("1", {"f"}); });
    EXPECT_THROW(cache().writeThrough({"f"}, []() -> std::vector<std::string> { throw std::runtime_error("store"); }),
                 std::runtime_error);
    EXPECT_TRUE(cache().holdsCurrent("f1")) << "nothing was written, nothing is retired";
}

TEST_P(CacheConformance, StatsAndLatenciesAreKept) {
    cache().set("a", "1", 0ms);
    cache().get("a");
    cache().get("b");
    const auto stats = cache().stats();
    EXPECT_EQ(stats.sets, 1u);
    EXPECT_DOUBLE_EQ(stats.hitRate(), 0.5);
    const auto latencies = cache().latencies();
    ASSERT_TRUE(latencies.count("get"));
    EXPECT_EQ(latencies.at("get").count, 2u);
    EXPECT_LE(latencies.at("get").p50, latencies.at("get").p99);
    EXPECT_TRUE(cache().available());
}

} // namespace jollyjet::test
