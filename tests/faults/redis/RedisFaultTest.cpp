// Redis failing under load: killed and restarted, and slow. The API must keep
// answering from the store (fail-open), lose no write, bound its latency by the
// command timeout, and use the cache again once Redis is back.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "FaultEnv.h"
#include "ProductStack.h"

using namespace jollyjet::test;
using Clock = std::chrono::steady_clock;

namespace {

struct Load {
    std::atomic<bool> stop{false};
    std::atomic<int> reads{0}, writes{0}, failedReads{0}, failedWrites{0};
    std::atomic<long long> slowestMs{0};
    std::vector<std::thread> threads;

    void start(int port, const std::vector<std::string>& ids) {
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([this, port, ids, t] {
                int i = 0;
                while (!stop) {
                    const auto& id = ids[static_cast<std::size_t>(i++ + t) % ids.size()];
                    const bool write = (i % 10) == 0;
                    const auto started = Clock::now();
                    try {
                        auto r = write ? httpRequest(port, "PUT", "/api/products/" + id,
                                                     R"({"stock":)" + std::to_string(i) + "}",
                                                     "Content-Type: application/json")
                                       : httpRequest(port, "GET", "/api/products/" + id);
                        (r.status == 200 ? (write ? writes : reads) : (write ? failedWrites : failedReads))++;
                    } catch (const std::exception&) {
                        (write ? failedWrites : failedReads)++;
                    }
                    const long long ms =
                        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
                    long long seen = slowestMs.load();
                    while (ms > seen && !slowestMs.compare_exchange_weak(seen, ms)) {
                    }
                }
            });
        }
    }
    void finish() {
        stop = true;
        for (auto& t : threads) t.join();
    }
};

std::vector<std::string> seed(ProductStack& stack, int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back(stack.createProduct("Fault " + std::to_string(i)));
    return ids;
}

} // namespace

TEST(RedisFaults, KilledUnderLoadThenRestarted) {
    // The available write policy: writes land while Redis is away.
    ProductStack stack({"sqlite", "redis", "timing, product-repository",
                        "[redis]\ncommandTimeoutMs = 300\nconnectTimeoutMs = 300\nbreakerOpenMs = 500\n"
                        "[cache]\nwritePolicy = available\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    const int port = stack.server().port();
    const auto ids = seed(stack, 5);
    const auto duration = faultDuration(2.0);

    Load load;
    load.start(port, ids);
    std::this_thread::sleep_for(duration / 2);
    stack.redis()->kill();
    std::this_thread::sleep_for(duration);
    stack.redis()->start();
    std::this_thread::sleep_for(duration / 2);
    load.finish();

    EXPECT_EQ(load.failedReads.load(), 0) << "reads fall back to the store";
    EXPECT_EQ(load.failedWrites.load(), 0) << "writes go to the store";
    EXPECT_GT(load.reads.load(), 50);
    EXPECT_GT(load.writes.load(), 5);

    // Hits resume without restarting jollyjetd (the breaker closes after its probe).
    bool hit = false;
    for (int i = 0; i < 50 && !hit; ++i) {
        httpRequest(port, "GET", "/api/products/" + ids[0]);
        hit = httpRequest(port, "GET", "/api/products/" + ids[0]).header("x-data-source") == "cache";
        if (!hit) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(hit) << "the cache serves again after Redis came back";
    std::cout << "[ faults ] redis killed: " << load.reads << " reads, " << load.writes << " writes, slowest "
              << load.slowestMs << " ms, 0 failures expected\n";
}

TEST(RedisFaults, KilledUnderLoadStrictWritesAreRefusedAndReadsGoOn) {
    ProductStack stack({"sqlite", "redis", "timing, product-repository",
                        "[redis]\ncommandTimeoutMs = 300\nconnectTimeoutMs = 300\nbreakerOpenMs = 500\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    const int port = stack.server().port();
    const auto ids = seed(stack, 5);
    const auto duration = faultDuration(2.0);

    Load load;
    load.start(port, ids);
    std::this_thread::sleep_for(duration / 2);
    stack.redis()->kill();
    std::this_thread::sleep_for(duration);
    auto refused = httpRequest(port, "PUT", "/api/products/" + ids[0], R"({"stock":999})",
                               "Content-Type: application/json");
    EXPECT_EQ(refused.status, 503) << refused.body;
    stack.redis()->start();
    std::this_thread::sleep_for(duration / 2);
    load.finish();

    EXPECT_EQ(load.failedReads.load(), 0) << "reads fall back to the store";
    EXPECT_GT(load.failedWrites.load(), 0) << "strict writes are refused while Redis is away";
    EXPECT_EQ(httpRequest(port, "GET", "/api/products/" + ids[0]).body.find("\"stock\":999"), std::string::npos)
        << "a refused write was not made";
    bool written = false;
    for (int i = 0; i < 50 && !written; ++i) {
        written = httpRequest(port, "PUT", "/api/products/" + ids[0], R"({"stock":7})",
                              "Content-Type: application/json").status == 200;
        if (!written) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(written) << "writes are accepted again once Redis is back";
}

TEST(RedisFaults, SlowRedisIsBoundedByTheCommandTimeoutAndOpensTheBreaker) {
    ProductStack stack({"sqlite", "redis", "timing, product-repository",
                        "[redis]\ncommandTimeoutMs = 200\nbreakerFailures = 3\nbreakerOpenMs = 5000\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    const int port = stack.server().port();
    const auto ids = seed(stack, 3);
    for (const auto& id : ids) httpRequest(port, "GET", "/api/products/" + id);

    // DEBUG SLEEP blocks the whole Redis server for its duration.
    const int sleepSeconds = 4;
    std::thread sleeper([&] { stack.redis()->cli("DEBUG SLEEP " + std::to_string(sleepSeconds)); });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    long long slowest = 0;
    int ok = 0;
    const auto started = Clock::now();
    while (Clock::now() - started < std::chrono::seconds(2)) {
        const auto t0 = Clock::now();
        auto r = httpRequest(port, "GET", "/api/products/" + ids[static_cast<std::size_t>(ok) % ids.size()]);
        slowest = std::max<long long>(slowest, std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count());
        EXPECT_EQ(r.status, 200) << r.body;
        ++ok;
    }
    auto health = httpRequest(port, "GET", "/api/health");
    sleeper.join();
    // A few commands may each wait out the timeout before the breaker opens; never
    // the whole sleep.
    EXPECT_LT(slowest, 1500) << "latency is bounded by the command timeout, not by Redis";
    EXPECT_GT(ok, 5);
    EXPECT_NE(health.body.find("breaker open"), std::string::npos) << health.body;
    EXPECT_EQ(health.status, 503);
    std::cout << "[ faults ] redis slow (DEBUG SLEEP " << sleepSeconds << "): " << ok << " reads in 2 s, slowest "
              << slowest << " ms\n";
}
