#include <thread>

#include <gtest/gtest.h>

#include "jollyjet/cache/MemoryCacheService.h"
#include "jollyjet/metrics/Metrics.h"

namespace jollyjet::cache {
namespace {

using namespace std::chrono_literals;

CacheOptions bounded(std::size_t entries, std::size_t bytes) {
    CacheOptions options;
    options.keyPrefix = "b:";
    options.memoryMaxEntries = entries;
    options.memoryMaxBytes = bytes;
    return options;
}

TEST(MemoryCacheBounds, EvictsTheLeastRecentlyUsedEntryPastTheEntryBound) {
    metrics::Registry metrics;
    MemoryCacheService cache(bounded(3, 1 << 20), metrics);
    cache.set("a", "1", 0ms);
    cache.set("b", "2", 0ms);
    cache.set("c", "3", 0ms);
    ASSERT_TRUE(cache.get("a")); // a is now the most recently used
    cache.set("d", "4", 0ms);
    EXPECT_EQ(cache.entryCount(), 3u);
    EXPECT_TRUE(cache.exists("a"));
    EXPECT_FALSE(cache.exists("b"));
    EXPECT_TRUE(cache.exists("c"));
    EXPECT_TRUE(cache.exists("d"));
}

TEST(MemoryCacheBounds, StaysUnderTheByteBound) {
    metrics::Registry metrics;
    MemoryCacheService cache(bounded(100000, 4096), metrics);
    const std::string value(500, 'x');
    for (int i = 0; i < 100; ++i) cache.set("k" + std::to_string(i), value, 0ms);
    EXPECT_LE(cache.byteCount(), 4096u);
    EXPECT_GT(cache.entryCount(), 0u);
    EXPECT_TRUE(cache.exists("k99"));
    EXPECT_FALSE(cache.exists("k0"));
    // A value that could never fit is not stored and does not empty the cache.
    cache.set("huge", std::string(10000, 'y'), 0ms);
    EXPECT_FALSE(cache.exists("huge"));
    EXPECT_TRUE(cache.exists("k99"));
}

TEST(MemoryCacheBounds, ExpiredEntriesGoFirst) {
    metrics::Registry metrics;
    MemoryCacheService cache(bounded(2, 1 << 20), metrics);
    cache.set("old-but-live", "1", 0ms);
    cache.set("short", "1", 10ms);
    std::this_thread::sleep_for(50ms);
    cache.set("new", "1", 0ms);
    EXPECT_TRUE(cache.exists("old-but-live"));
    EXPECT_TRUE(cache.exists("new"));
}

TEST(MemoryCacheBounds, ConcurrentUseIsSafe) {
    metrics::Registry metrics;
    MemoryCacheService cache(bounded(50, 1 << 20), metrics);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 2000; ++i) {
                const std::string key = "k" + std::to_string((i * 7 + t) % 100);
                cache.set(key, std::to_string(i), 0ms);
                cache.get(key);
                cache.increment("counter");
            }
        });
    for (auto& thread : threads) thread.join();
    EXPECT_LE(cache.entryCount(), 50u);
    EXPECT_EQ(cache.increment("counter", 0), 16000);
}

} // namespace
} // namespace jollyjet::cache
