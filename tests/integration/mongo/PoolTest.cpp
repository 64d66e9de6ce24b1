#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "MongoTarget.h"
#include "TestEnv.h"
#include "jollyjet/mongo/Collection.h"
#include "jollyjet/mongo/Errors.h"

using namespace jollyjet::mongo;
using jollyjet::test::MongoTarget;

namespace {

using Clock = std::chrono::steady_clock;

long long millisSince(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

} // namespace

TEST(MongoPool, ConstructionDoesNotConnectAndFailuresAreNetworkErrors) {
    const int port = jollyjet::test::freePort(); // nothing listens there
    ConnectionPool pool("mongodb://127.0.0.1:" + std::to_string(port) + "/db");
    EXPECT_EQ(pool.stats().created, 0u);
    const auto start = Clock::now();
    EXPECT_THROW(pool.ping(), NetworkError);
    EXPECT_LT(millisSince(start), 2000);
    EXPECT_EQ(pool.stats().inUse, 0u); // the failed connect gave its slot back
}

TEST(MongoPool, BorrowWaitIsBounded) {
    MongoTarget target;
    PoolOptions options;
    options.maxSize = 1;
    options.borrowTimeout = std::chrono::milliseconds(300);
    auto pool = target.pool(options);
    auto held = pool->borrow();
    const auto start = Clock::now();
    try {
        pool->borrow();
        FAIL() << "borrowed past maxSize";
    } catch (const NetworkError& e) {
        EXPECT_TRUE(e.timedOut());
    }
    const auto waited = millisSince(start);
    EXPECT_GE(waited, 250);
    EXPECT_LT(waited, 2000);
}

TEST(MongoPool, ReturnedConnectionsAreReusedAndTheSizeIsCapped) {
    MongoTarget target;
    PoolOptions options;
    options.maxSize = 3;
    options.borrowTimeout = std::chrono::milliseconds(5000);
    auto pool = target.pool(options);
    Collection items = pool->collection(MongoTarget::uniqueName("pool"));
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 15; ++i) {
                try {
                    Document d;
                    d.add("_id", std::to_string(t) + "-" + std::to_string(i));
                    items.insertOne(d);
                    items.countDocuments();
                } catch (const std::exception&) {
                    ++failures;
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(items.countDocuments(), 90);
    const auto stats = pool->stats();
    EXPECT_LE(stats.created, 3u);
    EXPECT_EQ(stats.inUse, 0u);
    EXPECT_EQ(stats.discarded, 0u);
    items.drop();
}

TEST(MongoPool, SeveralHostsFindTheReachablePrimary) {
    MongoTarget target;
    if (target.real()) GTEST_SKIP() << "needs the wire test server's address";
    const int dead = jollyjet::test::freePort();
    ConnectionPool pool("mongodb://127.0.0.1:" + std::to_string(dead) + ",127.0.0.1:" +
                        std::to_string(target.wireServer()->port()) + "/db");
    EXPECT_NO_THROW(pool.ping());
    auto lease = pool.borrow();
    EXPECT_EQ(lease->address().port, target.wireServer()->port());
}
