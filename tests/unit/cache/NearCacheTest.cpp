// The near cache's own guarantees, without Redis: the serving lease gates every
// answer, tags retire entries, a fill that raced an invalidation is dropped, the
// byte bound holds under 100,000 distinct URLs, and a scan does not flush the
// entries that are hit again and again (S3-FIFO).
#include <gtest/gtest.h>

#include <fstream>
#include <unistd.h>

#include "jollyjet/cache/NearCache.h"
#include "jollyjet/metrics/Metrics.h"

using namespace jollyjet;
using cache::NearCache;
using cache::NearEntry;

namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

std::shared_ptr<const NearEntry> entry(std::string body, std::vector<std::string> tags = {},
                                       std::int64_t freshUntil = kNow + 60'000) {
    auto e = std::make_shared<NearEntry>();
    e->body = std::move(body);
    e->tags = std::move(tags);
    e->freshUntilMs = freshUntil;
    return e;
}

class NearCacheTest : public ::testing::Test {
protected:
    NearCache& make(std::size_t maxBytes = 1 << 20) {
        near = std::make_unique<NearCache>(
            NearCache::Options{maxBytes, std::chrono::milliseconds(1000)}, metrics);
        near->renewLease(NearCache::Clock::now() + std::chrono::hours(1));
        return *near;
    }
    metrics::Registry metrics;
    std::unique_ptr<NearCache> near;
};

long residentBytes() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * sysconf(_SC_PAGESIZE);
}

} // namespace

TEST_F(NearCacheTest, ServesOnlyWithinTheLeaseAndTheFreshness) {
    auto& n = make();
    ASSERT_TRUE(n.put("a", entry("A"), n.ticket()));
    ASSERT_TRUE(n.put("old", entry("O", {}, kNow - 1), n.ticket()));
    EXPECT_EQ(n.lookup("a", kNow)->body, "A");
    EXPECT_EQ(n.lookup("old", kNow), nullptr) << "past its freshness";
    n.revokeLease();
    EXPECT_EQ(n.lookup("a", kNow), nullptr) << "no lease, no answer";
    EXPECT_FALSE(n.put("b", entry("B"), n.ticket())) << "no lease, no fill";
    n.renewLease(NearCache::Clock::now() - std::chrono::milliseconds(1));
    EXPECT_EQ(n.lookup("a", kNow), nullptr) << "a lease that ran out";
    n.renewLease(NearCache::Clock::now() + std::chrono::seconds(5));
    EXPECT_EQ(n.lookup("a", kNow)->body, "A");
}

TEST_F(NearCacheTest, InvalidatingATagRetiresExactlyItsEntries) {
    auto& n = make();
    n.put("a", entry("A", {"product:1", "products"}), n.ticket());
    n.put("b", entry("B", {"product:2"}), n.ticket());
    n.put("c", entry("C", {"products"}), n.ticket());
    n.invalidateTags({"product:1"});
    EXPECT_EQ(n.lookup("a", kNow), nullptr);
    EXPECT_NE(n.lookup("b", kNow), nullptr);
    EXPECT_NE(n.lookup("c", kNow), nullptr);
    n.invalidateTags({"products"});
    EXPECT_EQ(n.lookup("c", kNow), nullptr);
    EXPECT_EQ(n.stats().entries, 1u);
}

TEST_F(NearCacheTest, AFillThatRacedAnInvalidationOrASubscriptionLossIsDropped) {
    auto& n = make();
    const auto before = n.ticket();
    n.invalidateTags({"product:1"}); // arrives while the fill reads L2 or runs the handler
    EXPECT_FALSE(n.put("a", entry("old", {"product:1"}), before));
    EXPECT_TRUE(n.put("b", entry("other", {"product:2"}), before)) << "other tags are not affected";
    const auto ticket = n.ticket();
    n.clear(); // the subscription was lost: anything could have been missed
    EXPECT_FALSE(n.put("c", entry("C", {"product:3"}), ticket));
    EXPECT_EQ(n.lookup("b", kNow), nullptr);
    EXPECT_TRUE(n.put("c", entry("C", {"product:3"}), n.ticket()));
}

TEST_F(NearCacheTest, AScanDoesNotFlushTheEntriesInUse) {
    auto& n = make(400 * 1024);
    const std::string body(1000, 'x');
    for (int i = 0; i < 100; ++i)
        n.put("hot" + std::to_string(i), entry(body), n.ticket());
    for (int round = 0; round < 3; ++round)
        for (int i = 0; i < 100; ++i)
            ASSERT_NE(n.lookup("hot" + std::to_string(i), kNow), nullptr);
    // A scan of keys seen once, several times the cache's size.
    for (int i = 0; i < 2000; ++i)
        n.put("scan" + std::to_string(i), entry(body), n.ticket());
    int hot = 0;
    for (int i = 0; i < 100; ++i)
        hot += n.lookup("hot" + std::to_string(i), kNow) != nullptr;
    EXPECT_GE(hot, 90) << "the scan evicted the working set";
    EXPECT_GT(n.stats().evictions, 1000u);
    EXPECT_LE(n.stats().bytes, 400u * 1024);
}

TEST_F(NearCacheTest, HundredThousandUrlsStayWithinTheByteBound) {
    // cache.near.maxBytes plus the stated overhead: the allocator's slack and the
    // queues' dead slots, at most a quarter more plus 8 MiB.
    constexpr std::size_t kMaxBytes = 16 * 1024 * 1024;
    const long before = residentBytes();
    auto& n = make(kMaxBytes);
    const std::string body(600, 'b');
    for (int i = 0; i < 100000; ++i) {
        const std::string key = "jollyjet:dev:http:GET:/api/products/" + std::to_string(i);
        n.put(key, entry(body, {"product:" + std::to_string(i), "products"}), n.ticket());
        if (i % 3 == 0) n.lookup(key, kNow);
    }
    const auto stats = n.stats();
    EXPECT_LE(stats.bytes, kMaxBytes);
    EXPECT_GT(stats.entries, 1000u);
    const long grown = residentBytes() - before;
    EXPECT_LT(grown, static_cast<long>(kMaxBytes + kMaxBytes / 4 + 8 * 1024 * 1024))
        << "resident memory grew by " << grown << " bytes for " << stats.entries << " entries";
    std::cout << "[ near ] 100000 URLs: " << stats.entries << " entries, " << stats.bytes
              << " bytes counted, " << grown << " bytes resident growth, " << stats.evictions
              << " evictions\n";
}

TEST_F(NearCacheTest, RewritingOneKeyForeverLeavesNoGarbageBehind) {
    auto& n = make();
    const long before = residentBytes();
    for (int i = 0; i < 300000; ++i) {
        n.invalidateTags({"hot"});
        ASSERT_TRUE(n.put("hot", entry("x", {"hot"}), n.ticket()));
    }
    EXPECT_EQ(n.stats().entries, 1u);
    EXPECT_LT(residentBytes() - before, 8L * 1024 * 1024) << "dead queue slots pile up";
}
