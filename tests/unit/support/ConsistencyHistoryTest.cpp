#include <gtest/gtest.h>

#include "ConsistencyHistory.h"

using namespace jollyjet::test;
using namespace std::chrono_literals;

TEST(ConsistencyHistory, FlagsAReadOlderThanAnEarlierAcknowledgement) {
    ConsistencyHistory h;
    const auto t0 = ConsistencyHistory::Clock::now();
    h.acknowledged("p", 1, t0);
    h.acknowledged("p", 2, t0 + 10ms);
    h.read("p", 1, t0 + 5ms, "item");   // began before v2 was acknowledged: fine
    h.read("p", 2, t0 + 20ms, "item");  // fine
    h.read("p", 1, t0 + 20ms, "list");  // stale
    h.read("p", 3, t0 + 20ms, "item");  // newer than acknowledged (in flight): fine
    const auto v = h.check();
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].route, "list");
    EXPECT_EQ(v[0].read, 1);
    EXPECT_EQ(v[0].expectedAtLeast, 2);
    EXPECT_EQ(h.lastAcknowledged("p"), 2);
}

TEST(ConsistencyHistory, AcknowledgementsOutOfOrderUseTheHighestSoFar) {
    ConsistencyHistory h;
    const auto t0 = ConsistencyHistory::Clock::now();
    h.acknowledged("p", 5, t0);
    h.acknowledged("p", 4, t0 + 1ms);
    h.read("p", 4, t0 + 2ms, "item");
    EXPECT_EQ(h.check().size(), 1u);
}

TEST(ConsistencyHistory, AVersionFromAFailedWriteIsNotAStaleRead) {
    ConsistencyHistory h;
    const auto t0 = ConsistencyHistory::Clock::now();
    h.ambiguous("p", 1); // timed out, applied late by the store
    h.acknowledged("p", 2, t0);
    h.read("p", 1, t0 + 5ms, "item");
    EXPECT_TRUE(h.check().empty());
    EXPECT_TRUE(h.isAmbiguous("p", 1));
    EXPECT_FALSE(h.isAmbiguous("p", 2));
}
