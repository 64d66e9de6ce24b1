// The http-cache plugin against the real jollyjetd, Redis and a store: the headers
// and cacheInfo (README, "The http-cache plugin"), bypass rules, stale serving, coalescing
// and invalidation on one and on two instances.
#include <gtest/gtest.h>

#include <barrier>
#include <future>
#include <thread>

#include "CacheStack.h"

using namespace jollyjet::test;

namespace {

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class HttpCache : public ::testing::Test {
protected:
    void start(CacheStackOptions options = {}) {
        if (options.store == "mongodb" && !MongoTestServer::available())
            GTEST_SKIP() << "no MongoDB wire test server in this build";
        stack = makeCacheStack(options, plugins);
        ASSERT_TRUE(stack->start()) << stack->server().output();
    }
    Jollyjetd& s() { return stack->server(); }

    PluginFolder plugins;
    std::unique_ptr<ProductStack> stack;
};

} // namespace

TEST_F(HttpCache, MissThenHitWithHeadersAndCacheInfo) {
    start();
    const auto id = stack->createProduct("Desk Lamp");
    const std::string item = "/api/products/" + id;

    auto miss = s().get(item);
    ASSERT_EQ(miss.status, 200) << miss.body;
    EXPECT_EQ(miss.header("x-data-source"), "sqlite");
    EXPECT_EQ(jsonStr(miss.body, "cacheInfo.cacheStatus"), "miss");
    const auto key = jsonStr(miss.body, "cacheInfo.cacheKey");
    EXPECT_TRUE(startsWith(key, "jjtest:")) << key;
    EXPECT_TRUE(contains(key, ":http:") && contains(key, ":GET:" + item)) << key;
    EXPECT_EQ(jsonNum(miss.body, "cacheInfo.ttl"), 86400);
    EXPECT_TRUE(startsWith(miss.header("cache-status"), "jollyjet; fwd=uri-miss; fwd-status=200; ttl=86400; stored"))
        << miss.header("cache-status");
    EXPECT_FALSE(miss.header("etag").empty());
    EXPECT_FALSE(miss.hasHeader("age"));

    auto hit = s().get(item);
    ASSERT_EQ(hit.status, 200);
    EXPECT_EQ(hit.header("x-data-source"), "cache");
    EXPECT_FALSE(hit.header("x-response-time").empty());
    EXPECT_EQ(jsonStr(hit.body, "cacheInfo.cacheStatus"), "hit");
    EXPECT_EQ(jsonStr(hit.body, "cacheInfo.cacheKey"), key);
    EXPECT_EQ(jsonStr(hit.body, "cacheInfo.cachedAt"), jsonStr(miss.body, "cacheInfo.cachedAt"));
    EXPECT_LE(jsonNum(hit.body, "cacheInfo.ttl"), 86400);
    EXPECT_GT(jsonNum(hit.body, "cacheInfo.ttl"), 86000);
    EXPECT_TRUE(startsWith(hit.header("cache-status"), "jollyjet; hit; ttl=")) << hit.header("cache-status");
    EXPECT_EQ(hit.header("etag"), miss.header("etag"));
    EXPECT_TRUE(hit.hasHeader("age"));
    EXPECT_EQ(jsonStr(hit.body, "data.updatedAt"), jsonStr(miss.body, "data.updatedAt"));
    EXPECT_EQ(jsonStr(hit.body, "message"), "Product retrieved successfully");

    // The routes' declared TTLs, and one entry for equivalent URLs.
    EXPECT_EQ(jsonNum(s().get("/api/products?page=1&limit=10").body, "cacheInfo.ttl"), 86400);
    auto list = s().get("/api/products?limit=10&page=1");
    EXPECT_EQ(list.header("x-data-source"), "cache");
    EXPECT_EQ(jsonNum(s().get("/api/products/count").body, "cacheInfo.ttl"), 3600);
    EXPECT_EQ(jsonNum(s().get("/api/products/wishlist").body, "cacheInfo.ttl"), 3600);
    EXPECT_EQ(s().get("/api/products/wishlist").header("x-data-source"), "cache");
}

TEST_F(HttpCache, IfNoneMatchIsAnswered304) {
    start();
    const auto id = stack->createProduct("Desk Lamp");
    auto first = s().get("/api/products/" + id);
    const auto etag = first.header("etag");
    ASSERT_FALSE(etag.empty());
    auto notModified = s().get("/api/products/" + id, "If-None-Match: " + etag);
    EXPECT_EQ(notModified.status, 304);
    EXPECT_TRUE(notModified.body.empty());
    EXPECT_EQ(notModified.header("etag"), etag);
    EXPECT_EQ(s().get("/api/products/" + id, "If-None-Match: \"something-else\"").status, 200);
    // After a change the old tag no longer matches.
    ASSERT_EQ(s().request("PUT", "/api/products/" + id, R"({"name":"Desk Lamp 2"})").status, 200);
    auto changed = s().get("/api/products/" + id, "If-None-Match: " + etag);
    EXPECT_EQ(changed.status, 200);
    EXPECT_NE(changed.header("etag"), etag);
}

TEST_F(HttpCache, BypassRulesAndForcedRefresh) {
    start();
    const auto id = stack->createProduct("Desk Lamp");
    const std::string item = "/api/products/" + id;
    s().get(item);
    ASSERT_EQ(s().get(item).header("x-data-source"), "cache");
    for (const std::string header : {"Authorization: Bearer secret", "Cookie: session=1", "Cache-Control: no-store"}) {
        auto r = s().get(item, header);
        EXPECT_EQ(r.status, 200);
        EXPECT_TRUE(startsWith(r.header("cache-status"), "jollyjet; fwd=bypass")) << r.header("cache-status");
        EXPECT_FALSE(contains(jsonStr(r.body, "cacheInfo.cacheKey"), ":http:"))
            << "the answer came from the handler (its own cacheInfo)";
    }
    auto refreshed = s().get(item, "Cache-Control: no-cache");
    EXPECT_EQ(jsonStr(refreshed.body, "cacheInfo.cacheStatus"), "miss");
    EXPECT_TRUE(startsWith(refreshed.header("cache-status"), "jollyjet; fwd=request; fwd-status=200; ttl=86400; stored"))
        << refreshed.header("cache-status");
    EXPECT_EQ(jsonStr(s().get(item).body, "cacheInfo.cachedAt"), jsonStr(refreshed.body, "cacheInfo.cachedAt"))
        << "the refresh stored its answer";
    // Errors are neither stored nor annotated.
    auto missing = s().get("/api/products/0123456789abcdef01234567");
    EXPECT_EQ(missing.status, 404);
    EXPECT_FALSE(missing.hasHeader("x-data-source"));
    EXPECT_TRUE(contains(missing.header("cache-status"), "fwd-status=404; detail=status")) << missing.header("cache-status");
    EXPECT_EQ(s().get("/api/products/0123456789abcdef01234567").status, 404);
    // Writes pass untouched.
    EXPECT_FALSE(s().request("PUT", item, R"({"stock":3})").hasHeader("cache-status"));
}

TEST_F(HttpCache, WritesRetireExactlyTheAffectedEntries) {
    start();
    const auto lamp = stack->createProduct("Desk Lamp", "Home");
    const auto chair = stack->createProduct("Chair", "Home");
    for (int i = 0; i < 2; ++i) {
        s().get("/api/products/" + lamp);
        s().get("/api/products/" + chair);
        s().get("/api/products?category=Home");
        s().get("/api/products/count");
        s().get("/api/products/wishlist");
    }
    ASSERT_EQ(s().get("/api/products/" + lamp).header("x-data-source"), "cache");

    ASSERT_EQ(s().request("PUT", "/api/products/" + lamp, R"({"name":"Bright Lamp","stock":9})").status, 200);
    auto item = s().get("/api/products/" + lamp);
    EXPECT_EQ(item.header("x-data-source"), "sqlite");
    EXPECT_EQ(jsonStr(item.body, "data.name"), "Bright Lamp");
    EXPECT_EQ(s().get("/api/products/" + chair).header("x-data-source"), "cache")
        << "another product's entry survives (per-item generation)";
    auto list = s().get("/api/products?category=Home");
    EXPECT_NE(list.header("x-data-source"), "cache");
    EXPECT_TRUE(contains(list.body, "Bright Lamp"));

    stack->createProduct("Table", "Home");
    EXPECT_EQ(jsonNum(s().get("/api/products/count").body, "data"), 3);
    ASSERT_EQ(s().request("DELETE", "/api/products/" + chair).status, 200);
    EXPECT_EQ(s().get("/api/products/" + chair).status, 404);
    EXPECT_EQ(jsonNum(s().get("/api/products/count").body, "data"), 2);
    ASSERT_EQ(s().request("PATCH", "/api/products/" + lamp + "/wishlist", R"({"isWishlistStatus":true})").status, 200);
    EXPECT_EQ(jsonNum(s().get("/api/products/wishlist").body, "data.total"), 1);
}

TEST_F(HttpCache, StaleIsServedWhileOneRequestRefreshes) {
    // The store freezes (SIGSTOP) while one request refreshes an expired entry:
    // the others get the stale entry at once instead of waiting.
    CacheStackOptions options;
    options.store = "mongodb";
    options.httpCacheIni = "ttl.item = 1\nstaleSeconds = 60\n";
    options.extraIni = "[cache]\nttl.item = 1\nstaleSeconds = 0\n";
    start(options);
    const auto id = stack->createProduct("Desk Lamp");
    const std::string item = "/api/products/" + id;
    ASSERT_EQ(s().get(item).status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));

    struct Thaw {
        MongoTestServer* mongo;
        ~Thaw() { mongo->resume(); }
    } thaw{stack->mongo()};
    stack->mongo()->pause();
    auto refresher = std::async(std::launch::async, [&] { return s().get(item); });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto stale = s().get(item);
    EXPECT_EQ(stale.status, 200);
    EXPECT_EQ(stale.header("x-data-source"), "cache");
    EXPECT_TRUE(startsWith(stale.header("cache-status"), "jollyjet; hit; ttl=-")) << stale.header("cache-status");
    EXPECT_TRUE(contains(stale.header("cache-status"), "detail=stale-while-revalidate"));
    EXPECT_EQ(jsonStr(stale.body, "data.name"), "Desk Lamp");
    EXPECT_EQ(refresher.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout)
        << "the refresh is still waiting for the frozen store";

    stack->mongo()->resume();
    auto fresh = refresher.get();
    EXPECT_EQ(fresh.status, 200);
    EXPECT_TRUE(startsWith(fresh.header("cache-status"), "jollyjet; fwd=uri-miss; fwd-status=200")) << fresh.header("cache-status");
    auto after = s().get(item);
    EXPECT_TRUE(startsWith(after.header("cache-status"), "jollyjet; hit; ttl=")) << after.header("cache-status");
    EXPECT_FALSE(contains(after.header("cache-status"), "ttl=-"));
}

TEST_F(HttpCache, StaleIsServedWhenTheStoreIsDown) {
    CacheStackOptions options;
    options.store = "mongodb";
    options.httpCacheIni = "ttl.item = 1\nstaleSeconds = 60\n";
    options.extraIni = "[cache]\nttl.item = 1\nstaleSeconds = 0\n";
    start(options);
    const auto id = stack->createProduct("Desk Lamp");
    const std::string item = "/api/products/" + id;
    ASSERT_EQ(s().get(item).status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    stack->mongo()->stop();

    auto stale = s().get(item);
    EXPECT_EQ(stale.status, 200) << stale.body;
    EXPECT_EQ(stale.header("x-data-source"), "cache");
    EXPECT_TRUE(startsWith(stale.header("cache-status"), "jollyjet; fwd=stale; fwd-status=503; ttl=-"))
        << stale.header("cache-status");
    EXPECT_TRUE(contains(stale.header("cache-status"), "detail=stale-if-error"));
    EXPECT_EQ(jsonStr(stale.body, "data.name"), "Desk Lamp");
    // Without a stale entry the failure reaches the client.
    EXPECT_EQ(s().get("/api/products/0123456789abcdef01234567").status, 503);
    stack->mongo()->start();
}

TEST_F(HttpCache, ColdKeyUnder200ConcurrentRequestsRunsTheHandlerOnce) {
    CacheStackOptions options;
    options.countHandlers = true;
    options.handlerDelayMs = 50; // so the requests really overlap the one load
    start(options);
    const auto id = stack->createProduct("Desk Lamp");
    const std::string item = "/api/products/" + id;

    constexpr int kClients = 200;
    std::barrier go(kClients);
    std::vector<int> statuses(kClients);
    std::vector<std::string> sources(kClients);
    std::vector<std::thread> clients;
    for (int i = 0; i < kClients; ++i)
        clients.emplace_back([&, i] {
            go.arrive_and_wait();
            auto r = s().get(item);
            statuses[i] = r.status;
            sources[i] = r.header("x-data-source");
        });
    for (auto& c : clients) c.join();
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), kClients);
    EXPECT_EQ(handlerRuns(s(), item), 1) << "requests that reached the handler";
    EXPECT_EQ(std::count(sources.begin(), sources.end(), "cache"), kClients - 1);
}

TEST_F(HttpCache, ConsistencyCheckDropsAnEntryThatNoLongerMatches) {
    CacheStackOptions options;
    options.httpCacheIni = "consistencyCheck = 1\n";
    // The entry is corrupted in Redis: this instance must read it from there.
    options.extraIni = "[cache]\nnear.enabled = false\n";
    start(options);
    const auto id = stack->createProduct("DeskLamp");
    const std::string item = "/api/products/" + id;
    auto miss = s().get(item);
    const auto key = jsonStr(miss.body, "cacheInfo.cacheKey");
    // Corrupt the entry behind the server's back, keeping its TTL.
    const auto script = "return(redis.call('SET',KEYS[1],(string.gsub(redis.call('GET',KEYS[1]),'DeskLamp','EvilLamp')),'KEEPTTL'))";
    ASSERT_TRUE(contains(stack->redis()->cli(std::string("EVAL ") + script + " 1 " + key), "OK"));
    auto tampered = s().get(item);
    EXPECT_EQ(jsonStr(tampered.body, "data.name"), "EvilLamp") << "served once, then checked";
    // The background check compares it with a fresh answer and drops it.
    std::string status;
    for (int i = 0; i < 100 && status != "miss"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        auto r = s().get(item);
        status = jsonStr(r.body, "cacheInfo.cacheStatus");
        if (status == "miss") {
            EXPECT_EQ(jsonStr(r.body, "data.name"), "DeskLamp");
        }
    }
    EXPECT_EQ(status, "miss") << "the tampered entry was never dropped\n" << s().output();
}

TEST_F(HttpCache, RedisDownPassesThroughQuickly) {
    CacheStackOptions options;
    options.cache = "redis-down";
    start(options);
    const auto id = stack->createProduct("Desk Lamp");
    for (int i = 0; i < 3; ++i) {
        const auto begin = std::chrono::steady_clock::now();
        auto r = s().get("/api/products/" + id);
        EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(3));
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(r.header("x-data-source"), "sqlite");
        EXPECT_TRUE(startsWith(r.header("cache-status"), "jollyjet; fwd=miss; fwd-status=200; detail=cache-unavailable"))
            << r.header("cache-status");
    }
}

TEST_F(HttpCache, TwoInstancesShareEntriesAndSeeEachOthersWritesAtOnce) {
    CacheStackOptions options;
    options.countHandlers = true;
    options.handlerDelayMs = 100;
    start(options);
    Jollyjetd b(stack->ini());
    ASSERT_TRUE(b.start()) << b.output();
    const auto id = stack->createProduct("Desk Lamp");
    const std::string item = "/api/products/" + id;

    // A cold key requested on both at once is computed once.
    std::barrier go(2);
    auto onA = std::async(std::launch::async, [&] { go.arrive_and_wait(); return s().get(item); });
    auto onB = std::async(std::launch::async, [&] { go.arrive_and_wait(); return b.get(item); });
    EXPECT_EQ(onA.get().status, 200);
    EXPECT_EQ(onB.get().status, 200);
    EXPECT_EQ(handlerRuns(s(), item) + handlerRuns(b, item), 1);
    EXPECT_EQ(b.get(item).header("x-data-source"), "cache");
    EXPECT_EQ(s().get(item).header("x-data-source"), "cache");

    // A write through A is seen through B on the very next read, for the item and
    // for the lists and counts (B's cached entries included).
    ASSERT_EQ(b.get("/api/products/count").status, 200);
    ASSERT_EQ(b.get("/api/products/count").header("x-data-source"), "cache");
    for (int round = 1; round <= 5; ++round) {
        const std::string name = "Lamp v" + std::to_string(round);
        ASSERT_EQ(s().request("PUT", item, R"({"name":")" + name + "\"}").status, 200);
        EXPECT_EQ(jsonStr(b.get(item).body, "data.name"), name);
        EXPECT_TRUE(contains(b.get("/api/products").body, name));
        stack->createProduct("Extra " + std::to_string(round));
        EXPECT_EQ(jsonNum(b.get("/api/products/count").body, "data"), 1 + round);
    }
    b.stop();
}

TEST_F(HttpCache, JunkIdsAndJunkParametersCreateNoKeys) {
    start();
    const auto id = stack->createProduct("Desk Lamp");
    ASSERT_EQ(s().get("/api/products/" + id).status, 200);
    ASSERT_EQ(s().get("/api/products?page=1").status, 200);
    auto keyCount = [&] { return std::stoll(stack->redis()->cli("DBSIZE")); };
    const auto before = keyCount();
    for (int i = 0; i < 500; ++i) {
        ASSERT_EQ(s().get("/api/products/junk-" + std::to_string(i)).status, 400);
        ASSERT_EQ(s().get("/api/products/" + id + "?x=" + std::to_string(i)).status, 200);
        ASSERT_EQ(s().get("/api/products?page=1&utm=" + std::to_string(i)).status, 200);
    }
    EXPECT_LE(keyCount(), before + 2) << "junk must not multiply keys";
    // Every key the cache wrote expires.
    const auto keys = stack->redis()->cli("KEYS *");
    std::size_t start = 0;
    while (start < keys.size()) {
        const auto end = keys.find('\n', start);
        const auto key = keys.substr(start, end - start);
        start = end == std::string::npos ? keys.size() : end + 1;
        if (key.empty()) continue;
        EXPECT_NE(stack->redis()->cli("PTTL " + key), "-1\n") << key << " never expires";
    }
}

TEST_F(HttpCache, NearCacheAnswersAfterItsFirstHeartbeatAndDropsWrittenEntries) {
    CacheStackOptions options;
    options.extraIni = "[plugins]\nenabled = timing, metrics, http-cache, product-repository\n";
    start(options);
    const auto id = stack->createProduct("Desk Lamp");
    const std::string item = "/api/products/" + id;
    HttpResult near;
    for (int i = 0; i < 100; ++i) {
        near = s().get(item);
        if (contains(near.header("cache-status"), "detail=near")) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(contains(near.header("cache-status"), "detail=near")) << near.header("cache-status");
    EXPECT_TRUE(startsWith(near.header("cache-status"), "jollyjet; hit; ttl=")) << near.header("cache-status");
    EXPECT_EQ(jsonStr(near.body, "cacheInfo.cacheLayer"), "near");
    EXPECT_EQ(jsonStr(near.body, "cacheInfo.cacheStatus"), "hit");
    EXPECT_EQ(near.header("x-data-source"), "cache");
    EXPECT_FALSE(near.header("etag").empty());
    EXPECT_EQ(s().get(item, "If-None-Match: " + near.header("etag") + "\r\n").status, 304);

    // A write is acknowledged only once the near cache dropped the entry.
    ASSERT_EQ(s().request("PUT", item, R"({"name":"Floor Lamp"})").status, 200);
    auto after = s().get(item);
    EXPECT_EQ(jsonStr(after.body, "data.name"), "Floor Lamp");
    EXPECT_FALSE(contains(after.header("cache-status"), "detail=near"));

    const auto metrics = s().get("/metrics").body;
    for (const char* name : {"jollyjet_near_cache_hits_total ", "jollyjet_near_cache_misses_total ",
                             "jollyjet_near_cache_evictions_total ", "jollyjet_near_cache_bytes ",
                             "jollyjet_near_cache_entries ", "jollyjet_near_cache_instances 1",
                             "jollyjet_near_cache_invalidation_ack_seconds_count ",
                             "jollyjet_near_cache_lease_waits_total "})
        EXPECT_TRUE(contains(metrics, name)) << name;
}
