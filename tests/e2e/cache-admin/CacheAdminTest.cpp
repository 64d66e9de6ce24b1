// The cache-admin routes (docs/openapi.yaml) on the real jollyjetd with a private
// Redis: success, missing and wrong token, keys outside the prefix, empty results,
// Redis down; warm-up, clear and invalidation checked against what Redis holds.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <thread>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Query.h>

#include "ProductStack.h"

using namespace jollyjet::test;

namespace {

const char* kToken = "admin-test-token-0123456789";
const std::string kAuth = std::string("Authorization: Bearer ") + kToken;

Poco::Dynamic::Var at(const std::string& body, const std::string& path) {
    return Poco::JSON::Query(Poco::JSON::Parser().parse(body)).find(path);
}
std::string str(const std::string& body, const std::string& path) { return at(body, path).convert<std::string>(); }
long long num(const std::string& body, const std::string& path) { return at(body, path).convert<long long>(); }
bool isNull(const std::string& body, const std::string& path) { return at(body, path).isEmpty(); }

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(line);
    return out;
}

class CacheAdmin : public ::testing::Test {
protected:
    void SetUp() override {
        stack = std::make_unique<ProductStack>(StackOptions{
            "sqlite", "redis", "timing, metrics, product-repository, cache-admin",
            std::string("[plugin.cache-admin]\ntoken = ") + kToken +
                "\nsampleSeconds = 1\nauthFailureLimit = 1000\n"
                // The near cache's heartbeat rewrites its three registry keys on its
                // own clock, which races the key counts these tests compare; the near
                // cache has its own suites.
                "[cache]\nnear.enabled = false\n"});
        ASSERT_TRUE(stack->start()) << stack->server().output();
        auto stats = call("GET", "/api/cache/stats");
        ASSERT_EQ(stats.status, 200) << stats.body;
        prefix = str(stats.body, "data.keyPrefix");
        ASSERT_FALSE(prefix.empty());
    }

    HttpResult call(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::string& auth = kAuth) {
        std::string headers = auth;
        if (!body.empty()) headers += "\nContent-Type: application/json";
        return stack->server().request(method, target, body, headers);
    }
    std::string cli(const std::string& args) { return stack->redis()->cli(args); }
    /// Every key in Redis under `pattern` (SCAN through redis-cli).
    std::vector<std::string> keys(const std::string& pattern) {
        auto out = lines(cli("--scan --pattern " + pattern));
        std::sort(out.begin(), out.end());
        return out;
    }
    /// The 401 checks every route must pass: no header, wrong token, wrong scheme.
    void expectGuarded(const std::string& method, const std::string& target) {
        for (const std::string& auth : {std::string(), std::string("Authorization: Bearer wrong-token"),
                                       std::string("Authorization: Basic ") + kToken}) {
            auto r = call(method, target, "", auth);
            EXPECT_EQ(r.status, 401) << method << ' ' << target << " with '" << auth << "': " << r.body;
            if (target != "/admin") { // the page answers HTML
                EXPECT_EQ(str(r.body, "status"), "error");
            }
            EXPECT_EQ(r.header("www-authenticate"), R"(Bearer realm="jollyjet-admin")");
        }
    }

    std::unique_ptr<ProductStack> stack;
    std::string prefix;
};

} // namespace

TEST_F(CacheAdmin, EveryRouteDemandsTheToken) {
    for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
             {"GET", "/api/cache/stats"},
             {"GET", "/api/cache/history"},
             {"GET", "/api/cache/check?key=x"},
             {"DELETE", "/api/cache/invalidate?pattern=x"},
             {"GET", "/api/cache/status"},
             {"POST", "/api/cache/warmup"},
             {"DELETE", "/api/cache"},
             {"GET", "/api/cache/keys/x"},
             {"DELETE", "/api/cache/keys/x"},
             {"GET", "/api/cache/keys?key=x"},
             {"GET", "/admin"}})
        expectGuarded(method, target);
    EXPECT_EQ(call("GET", "/api/cache/stats?token=" + std::string(kToken), "", "").status, 401)
        << "the API takes the header only";
}

TEST(CacheAdminStats, WithHttpCacheARequestIsCountedOnce) {
    // An http-cache miss also looks up the repository: the top-level numbers count
    // client requests, at the outermost layer.
    ProductStack stack(StackOptions{"sqlite", "redis", "timing, metrics, http-cache, product-repository, cache-admin",
                                    std::string("[plugin.cache-admin]\ntoken = ") + kToken + "\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    const std::string id = stack.createProduct("Desk Lamp");
    for (int i = 0; i < 4; ++i) ASSERT_EQ(stack.server().get("/api/products/" + id).status, 200);
    auto r = stack.server().get("/api/cache/stats", kAuth);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(num(r.body, "data.totalRequests"), 4) << r.body;
    EXPECT_EQ(num(r.body, "data.cacheHits"), 3);
    EXPECT_EQ(at(r.body, "data.hitRate").convert<double>(), 75.0);
}

TEST_F(CacheAdmin, StatsReportTheRealCounters) {
    const std::string id = stack->createProduct("Desk Lamp");
    for (int i = 0; i < 4; ++i) ASSERT_EQ(stack->server().get("/api/products/" + id).status, 200);
    auto r = call("GET", "/api/cache/stats");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(str(r.body, "status"), "success");
    // One miss (first read after the create), then hits.
    EXPECT_EQ(num(r.body, "data.layers.repository.misses"), 1);
    EXPECT_EQ(num(r.body, "data.layers.repository.hits"), 3);
    EXPECT_EQ(num(r.body, "data.cacheHits"), 3);
    EXPECT_EQ(num(r.body, "data.cacheMisses"), 1);
    EXPECT_EQ(num(r.body, "data.totalRequests"), 4);
    EXPECT_EQ(at(r.body, "data.hitRate").convert<double>(), 75.0);
    EXPECT_TRUE(at(r.body, "data.isConnected").convert<bool>());
    {
        // Short-lived keys (leases, the young marker) may expire meanwhile, and
        // nothing creates keys now: the count lies between the sizes read around it.
        const long long before = std::stoll(cli("DBSIZE"));
        const long long counted = num(call("GET", "/api/cache/stats").body, "data.keysCount");
        const long long after = std::stoll(cli("DBSIZE"));
        EXPECT_LE(counted, before);
        EXPECT_GE(counted, after);
        EXPECT_GT(counted, 0);
    }
    EXPECT_NE(str(r.body, "data.memoryUsage").find(" MB"), std::string::npos);
    EXPECT_GE(num(r.body, "data.uptimeSeconds"), 0);
    EXPECT_GE(num(r.body, "data.latency.http.count"), 5);
    EXPECT_GE(at(r.body, "data.latency.http.p99Ms").convert<double>(),
              at(r.body, "data.latency.http.p95Ms").convert<double>());
    EXPECT_EQ(num(r.body, "data.latency.cache.count"), 4) << "one getOrLoad per read";
    EXPECT_EQ(str(r.body, "data.redis.breaker"), "closed");
    EXPECT_EQ(str(r.body, "data.dependencies[0].role"), "cache");
    EXPECT_EQ(str(r.body, "data.dependencies[0].status"), "connected");

    auto history = call("GET", "/api/cache/history");
    ASSERT_EQ(history.status, 200);
    EXPECT_EQ(str(history.body, "data.topHits[0].target"), "/api/products/" + id);
    EXPECT_EQ(num(history.body, "data.topHits[0].hits"), 3);
}

TEST_F(CacheAdmin, CheckReportsExistenceAndTtl) {
    cli("SET " + prefix + "plain 1");
    cli("SET " + prefix + "timed 1 EX 100");
    auto plain = call("GET", "/api/cache/check?key=" + prefix + "plain");
    ASSERT_EQ(plain.status, 200) << plain.body;
    EXPECT_TRUE(at(plain.body, "data.exists").convert<bool>());
    EXPECT_TRUE(isNull(plain.body, "data.ttl")) << "no expiry";
    auto timed = call("GET", "/api/cache/check?key=" + prefix + "timed");
    EXPECT_GE(num(timed.body, "data.ttl"), 99);
    EXPECT_LE(num(timed.body, "data.ttl"), 100);
    auto missing = call("GET", "/api/cache/check?key=" + prefix + "missing");
    ASSERT_EQ(missing.status, 200);
    EXPECT_FALSE(at(missing.body, "data.exists").convert<bool>());
    EXPECT_TRUE(isNull(missing.body, "data.ttl"));

    auto noKey = call("GET", "/api/cache/check");
    EXPECT_EQ(noKey.status, 400);
    EXPECT_EQ(noKey.body, R"({"status":"error","message":"Key parameter is required"})");
    cli("SET foreign:key 1");
    auto outside = call("GET", "/api/cache/check?key=foreign:key");
    EXPECT_EQ(outside.status, 400) << outside.body;
}

TEST_F(CacheAdmin, SingleKeysCanBeReadAndDeletedUnderThePrefixOnly) {
    cli("SET " + prefix + "one hello EX 50");
    auto got = call("GET", "/api/cache/keys/" + prefix + "one");
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(str(got.body, "data.key"), prefix + "one");
    EXPECT_TRUE(at(got.body, "data.exists").convert<bool>());
    EXPECT_EQ(str(got.body, "data.value"), "hello");
    EXPECT_GE(num(got.body, "data.ttl"), 49);
    // Keys with '/' (http-cache keys hold the URL) go through ?key=.
    cli("SET " + prefix + "GET:/api/products?page=2 body");
    auto slashed = call("GET", "/api/cache/keys?key=" + prefix + "GET:/api/products%3Fpage%3D2");
    EXPECT_EQ(str(slashed.body, "data.value"), "body") << slashed.body;

    auto none = call("GET", "/api/cache/keys/" + prefix + "absent");
    ASSERT_EQ(none.status, 200);
    EXPECT_FALSE(at(none.body, "data.exists").convert<bool>());
    EXPECT_TRUE(isNull(none.body, "data.value"));

    EXPECT_EQ(call("DELETE", "/api/cache/keys/" + prefix + "one").status, 200);
    EXPECT_EQ(cli("EXISTS " + prefix + "one"), "0\n");
    auto again = call("DELETE", "/api/cache/keys/" + prefix + "one");
    EXPECT_EQ(again.status, 404) << again.body;

    cli("SET foreign:key 1");
    EXPECT_EQ(call("GET", "/api/cache/keys/foreign:key").status, 400);
    EXPECT_EQ(call("DELETE", "/api/cache/keys/foreign:key").status, 400);
    EXPECT_EQ(cli("GET foreign:key"), "1\n");
}

TEST_F(CacheAdmin, InvalidateWorksInBatchesAndStaysUnderThePrefix) {
    // More keys than one SCAN page (COUNT 1000), made in Redis by one script.
    auto made = runCommand({"redis-cli", "-p", std::to_string(stack->redis()->port()), "EVAL",
                            "for i=1,2500 do redis.call('SET', ARGV[1]..i, 'x') end return 1", "0",
                            prefix + "bulk:"});
    ASSERT_EQ(made.exitCode, 0) << made.output;
    cli("SET bulk:1 foreign");
    cli("SET " + prefix + "other 1");
    auto r = call("DELETE", "/api/cache/invalidate?pattern=" + prefix + "bulk:*");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(num(r.body, "data.deletedCount"), 2500);
    EXPECT_EQ(str(r.body, "data.pattern"), prefix + "bulk:*");
    EXPECT_TRUE(keys(prefix + "bulk:*").empty());
    EXPECT_EQ(cli("GET bulk:1"), "foreign\n");
    EXPECT_EQ(cli("EXISTS " + prefix + "other"), "1\n");

    auto empty = call("DELETE", "/api/cache/invalidate?pattern=" + prefix + "nothing:*");
    ASSERT_EQ(empty.status, 200);
    EXPECT_EQ(num(empty.body, "data.deletedCount"), 0);

    auto noPattern = call("DELETE", "/api/cache/invalidate");
    EXPECT_EQ(noPattern.status, 400);
    EXPECT_EQ(noPattern.body, R"({"status":"error","message":"Pattern parameter is required"})");
    for (const char* wide : {"*", "bulk:*", "jjtest:*"}) {
        auto refused = call("DELETE", std::string("/api/cache/invalidate?pattern=") + wide);
        EXPECT_EQ(refused.status, 400) << wide << ": " << refused.body;
    }
    EXPECT_EQ(cli("GET bulk:1"), "foreign\n");
}

TEST_F(CacheAdmin, ClearRemovesOnlyPrefixedKeys) {
    stack->createProduct("Desk Lamp");
    stack->server().get("/api/products");
    cli("SET foreign:key 1");
    cli("SET jjtest:other-env:key 1"); // a neighbour sharing the first prefix segment
    const auto mine = keys(prefix + "*");
    ASSERT_FALSE(mine.empty());
    auto r = call("DELETE", "/api/cache");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(num(r.body, "data.deletedCount"), static_cast<long long>(mine.size()));
    EXPECT_TRUE(keys(prefix + "*").empty());
    EXPECT_EQ(cli("GET foreign:key"), "1\n");
    EXPECT_EQ(cli("GET jjtest:other-env:key"), "1\n");
    auto empty = call("DELETE", "/api/cache");
    EXPECT_EQ(num(empty.body, "data.deletedCount"), 0);
    EXPECT_EQ(stack->server().get("/api/products").status, 200) << "the server reads on after a clear";
}

// Generation counters, the tag clock, tag generations and the near caches'
// registry: written by the cache service around entries, never entries themselves.
bool controlKey(const std::string& key) {
    return (key.size() >= 4 && key.compare(key.size() - 4, 4, ":gen") == 0) ||
           key.find(":tag:") != std::string::npos || key.find(":tags:clock") != std::string::npos ||
           key.find(":near:") != std::string::npos;
}

TEST_F(CacheAdmin, WarmupFillsTheKeysItReports) {
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(stack->createProduct("Product " + std::to_string(i)));
    ASSERT_EQ(call("DELETE", "/api/cache").status, 200);

    auto r = call("POST", "/api/cache/warmup", R"({"pages":2})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(str(r.body, "message"), "Cache warmed up successfully");
    EXPECT_EQ(num(r.body, "data.products"), 3);
    // Entries written: every key now under the prefix but the counters and tags.
    std::vector<std::string> entries;
    for (const auto& k : keys(prefix + "*"))
        if (!controlKey(k)) entries.push_back(k);
    EXPECT_EQ(num(r.body, "data.warmed"), static_cast<long long>(entries.size())) << r.body;
    for (const auto& id : ids)
        EXPECT_EQ(cli("EXISTS " + prefix + "product:" + id), "1\n") << id;
    EXPECT_GE(entries.size(), 3u + 2u) << "the products, a list page and the count";

    auto again = call("POST", "/api/cache/warmup?pages=2");
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(num(again.body, "data.warmed"), 0) << "everything was cached already";

    EXPECT_EQ(call("POST", "/api/cache/warmup", R"({"pages":0})").status, 400);
    EXPECT_EQ(call("POST", "/api/cache/warmup?pages=1000").status, 400);
    EXPECT_EQ(call("POST", "/api/cache/warmup?pages=two").status, 400);
    EXPECT_EQ(call("POST", "/api/cache/warmup", "{not json").status, 400);
}

TEST_F(CacheAdmin, WarmupOfAnEmptyCatalogWritesOnlyWhatItReports) {
    auto r = call("POST", "/api/cache/warmup");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(num(r.body, "data.products"), 0);
    long long entries = 0;
    for (const auto& k : keys(prefix + "*"))
        if (!controlKey(k)) ++entries;
    EXPECT_EQ(num(r.body, "data.warmed"), entries);
}

TEST_F(CacheAdmin, StatusReportsTheConnection) {
    auto r = call("GET", "/api/cache/status");
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(at(r.body, "data.isConnected").convert<bool>());
    EXPECT_EQ(str(r.body, "data.message"), "Redis connection is healthy");
}

TEST_F(CacheAdmin, RedisDownGivesClearErrorsAndNoCrash) {
    stack->redis()->kill();
    auto status = call("GET", "/api/cache/status");
    ASSERT_EQ(status.status, 200);
    EXPECT_FALSE(at(status.body, "data.isConnected").convert<bool>());
    EXPECT_EQ(str(status.body, "data.message"), "Redis connection is not active");

    auto stats = call("GET", "/api/cache/stats");
    ASSERT_EQ(stats.status, 200) << stats.body;
    EXPECT_FALSE(at(stats.body, "data.isConnected").convert<bool>());
    EXPECT_TRUE(isNull(stats.body, "data.keysCount"));
    EXPECT_FALSE(str(stats.body, "data.redisError").empty());

    for (const auto& [method, target, message] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"GET", "/api/cache/check?key=" + prefix + "x", "Error checking cache key"},
             {"DELETE", "/api/cache/invalidate?pattern=" + prefix + "*", "Error invalidating cache"},
             {"POST", "/api/cache/warmup", "Error warming up cache"},
             {"DELETE", "/api/cache", "Error clearing cache"},
             {"GET", "/api/cache/keys/" + prefix + "x", "Error reading cache key"},
             {"DELETE", "/api/cache/keys/" + prefix + "x", "Error deleting cache key"}}) {
        auto r = call(method, target);
        EXPECT_EQ(r.status, 500) << method << ' ' << target << ": " << r.body;
        EXPECT_EQ(str(r.body, "message"), message);
        EXPECT_FALSE(str(r.body, "error").empty());
    }
    EXPECT_EQ(call("GET", "/api/cache/history").status, 200);
    EXPECT_EQ(call("GET", "/admin").status, 200);
    EXPECT_TRUE(stack->server().process().running());

    stack->redis()->start();
    bool back = false;
    for (int i = 0; i < 50 && !back; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        back = at(call("GET", "/api/cache/status").body, "data.isConnected").convert<bool>();
    }
    EXPECT_TRUE(back) << "the admin routes recover with Redis";
}

TEST_F(CacheAdmin, AdminPageIsSelfContainedHtml) {
    auto withHeader = call("GET", "/admin");
    ASSERT_EQ(withHeader.status, 200);
    EXPECT_EQ(withHeader.header("content-type"), "text/html; charset=utf-8");
    auto withQuery = call("GET", "/admin?token=" + std::string(kToken), "", "");
    ASSERT_EQ(withQuery.status, 200);
    // The SVG namespace is a name, not something fetched.
    std::string html = withQuery.body;
    for (auto at = html.find("http://www.w3.org/2000/svg"); at != std::string::npos;
         at = html.find("http://www.w3.org/2000/svg"))
        html.erase(at, 26);
    EXPECT_NE(html.find("<svg id=\"chart\""), std::string::npos);
    EXPECT_NE(html.find("sessionStorage"), std::string::npos);
    EXPECT_NE(html.find("/api/cache/stats"), std::string::npos);
    // No external assets: no src or href attributes, no remote URLs, no @import.
    for (const char* banned : {" src=", " href=", "http://", "https://", "@import", "url("})
        EXPECT_EQ(html.find(banned), std::string::npos) << banned;

    auto login = call("GET", "/admin", "", "");
    EXPECT_EQ(login.status, 401);
    EXPECT_EQ(login.header("content-type"), "text/html; charset=utf-8");
    EXPECT_NE(login.body.find("sessionStorage"), std::string::npos);
    EXPECT_EQ(login.body.find("<svg id=\"chart\""), std::string::npos) << "no page without the token";
}

TEST_F(CacheAdmin, WarmsUpOnStartInTheBackground) {
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(stack->createProduct("Product " + std::to_string(i)));
    ASSERT_EQ(stack->server().stop(), 0);
    cli("FLUSHALL");
    Jollyjetd second(stack->ini() + "[plugin.cache-admin]\nwarmupOnStart = true\n");
    ASSERT_TRUE(second.start()) << second.output();
    bool warm = false;
    for (int i = 0; i < 100 && !warm; ++i) {
        warm = true;
        for (const auto& id : ids)
            if (cli("EXISTS " + prefix + "product:" + id) != "1\n") warm = false;
        if (!warm) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(warm) << second.output();
    EXPECT_EQ(second.stop(), 0);
}
