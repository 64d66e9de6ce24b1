// The sampled consistency check is ambiguity-aware: a fresh answer that shows a
// write the store holds but has not acknowledged yet does not make a correct entry
// a mismatch; a difference that lasts does.
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "filter/ConsistencyChecker.h"
#include "filter/HttpCacheMetrics.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/metrics/Metrics.h"
#include "store/HttpCacheStore.h"

using namespace jollyjet;
using namespace jollyjet::httpcache;

namespace {

class FakeStore : public HttpCacheStore {
public:
    std::string keyPrefix() const override { return "t:"; }
    bool holdsCurrent(const std::string&) override { return current.load(); }
    /// A write retires the entry's tags: it is no longer current.
    void retire() { current = false; }
    cache::LoadResult load(const std::string&, const cache::LoadPolicy&,
                           const cache::CacheService::TaggedLoader& loader) override {
        cache::LoadResult r;
        r.value = loader().value;
        return r;
    }
    void drop(const std::string&) override { ++drops; }

    std::atomic<bool> current{true};
    std::atomic<int> drops{0};
};

class Fixture : public ::testing::Test {
protected:
    Fixture() : metrics(registry) {
        router.add("GET", "/api/products/:id", [this](http::Exchange& ex) {
            std::lock_guard lock(mutex);
            ex.response.set(200, body);
        });
    }
    void setBody(const std::string& text) {
        std::lock_guard lock(mutex);
        body = text;
    }
    ConsistencyChecker::Check check(const std::string& storedBody) {
        ConsistencyChecker::Check c;
        c.key = "http:GET:/api/products/x";
        c.request.method = "GET";
        c.request.path = "/api/products/0123456789abcdef01234567";
        c.request.uri = c.request.path;
        c.storedBody = storedBody;
        return c;
    }
    double total() const {
        return registry.sum("jollyjet_http_cache_consistency_checks_total");
    }
    void waitForChecks(double n) {
        for (int i = 0; i < 400 && total() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }

    metrics::Registry registry;
    HttpCacheMetrics metrics;
    http::Router router;
    FakeStore store;
    std::mutex mutex;
    std::string body = R"({"status":"success","data":{"v":1}})";
};

} // namespace

TEST_F(Fixture, AWriteStoredButNotYetAcknowledgedIsNotAMismatch) {
    ConsistencyChecker checker(router, store, 8, metrics, std::make_shared<spdlog::logger>("test"), std::chrono::milliseconds(2000));
    checker.start();
    const std::string old = R"({"status":"success","data":{"v":1}})";
    // The store already holds version 2; its invalidation is still to come.
    setBody(R"({"status":"success","data":{"v":2}})");
    ASSERT_TRUE(checker.submit(check(old)));
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    store.retire(); // the write completes: its tags are retired before its response
    waitForChecks(1);
    checker.stop();
    EXPECT_EQ(registry.value("jollyjet_http_cache_consistency_checks_total", {{"result", "mismatch"}}), 0);
    EXPECT_EQ(registry.value("jollyjet_http_cache_consistency_checks_total", {{"result", "superseded"}}), 1);
    EXPECT_EQ(store.drops.load(), 0) << "a correct entry is kept";
}

TEST_F(Fixture, ADifferenceThatLastsIsAMismatchAndTheEntryIsDropped) {
    auto log = std::make_shared<spdlog::logger>("test");
    ConsistencyChecker checker(router, store, 8, metrics, log, std::chrono::milliseconds(200));
    checker.start();
    setBody(R"({"status":"success","data":{"v":2}})");
    ASSERT_TRUE(checker.submit(check(R"({"status":"success","data":{"v":"tampered"}})")));
    waitForChecks(1);
    checker.stop();
    EXPECT_EQ(registry.value("jollyjet_http_cache_consistency_checks_total", {{"result", "mismatch"}}), 1);
    EXPECT_EQ(store.drops.load(), 1);
}

TEST_F(Fixture, AnEqualAnswerIsAMatchAtOnce) {
    ConsistencyChecker checker(router, store, 8, metrics, std::make_shared<spdlog::logger>("test"), std::chrono::milliseconds(5000));
    checker.start();
    ASSERT_TRUE(checker.submit(check(R"({"status":"success","data":{"v":1}})")));
    waitForChecks(1);
    checker.stop();
    EXPECT_EQ(registry.value("jollyjet_http_cache_consistency_checks_total", {{"result", "match"}}), 1);
}
