#include <thread>

#include <gtest/gtest.h>

#include "jollyjet/redis/CircuitBreaker.h"

namespace jollyjet::redis {
namespace {

using namespace std::chrono_literals;

TEST(CircuitBreaker, OpensAfterConsecutiveFailuresThenOneProbeDecides) {
    CircuitBreaker breaker(3, 100ms);
    for (int i = 0; i < 2; ++i) {
        ASSERT_TRUE(breaker.tryAcquire());
        breaker.onFailure();
    }
    ASSERT_TRUE(breaker.tryAcquire());
    breaker.onSuccess(); // a success resets the count
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(breaker.tryAcquire());
        breaker.onFailure();
    }
    EXPECT_EQ(breaker.state(), CircuitBreaker::State::Open);
    EXPECT_TRUE(breaker.isOpen());
    EXPECT_FALSE(breaker.tryAcquire());
    EXPECT_EQ(breaker.timesOpened(), 1u);

    std::this_thread::sleep_for(150ms);
    EXPECT_FALSE(breaker.isOpen());
    ASSERT_TRUE(breaker.tryAcquire()); // the probe
    EXPECT_FALSE(breaker.tryAcquire()); // only one
    breaker.onFailure();                // probe failed: open again
    EXPECT_TRUE(breaker.isOpen());
    EXPECT_EQ(breaker.timesOpened(), 2u);

    std::this_thread::sleep_for(150ms);
    ASSERT_TRUE(breaker.tryAcquire());
    breaker.onSuccess();
    EXPECT_EQ(breaker.state(), CircuitBreaker::State::Closed);
    EXPECT_TRUE(breaker.tryAcquire());
    EXPECT_TRUE(breaker.tryAcquire());
}

TEST(CircuitBreaker, AnUnusedProbeIsGivenBack) {
    CircuitBreaker breaker(1, 50ms);
    ASSERT_TRUE(breaker.tryAcquire());
    breaker.onFailure();
    std::this_thread::sleep_for(80ms);
    ASSERT_TRUE(breaker.tryAcquire());
    breaker.release();
    EXPECT_TRUE(breaker.tryAcquire());
}

} // namespace
} // namespace jollyjet::redis
