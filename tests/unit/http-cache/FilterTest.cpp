// The filter's rules end to end inside one process: a real router and filter chain,
// the memory cache service, and handlers that count their runs.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <thread>

#include <Poco/AutoPtr.h>
#include <Poco/String.h>
#include <Poco/Util/MapConfiguration.h>

#include "filter/HttpCacheFilter.h"
#include "jollyjet/cache/MemoryCacheService.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/HttpError.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/metrics/Metrics.h"
#include "spdlog/sinks/null_sink.h"
#include "store/HttpCacheStore.h"

using namespace jollyjet;
using namespace jollyjet::httpcache;

namespace {

/// A store whose cache is down: loads run the loader.
class DownStore final : public HttpCacheStore {
public:
    std::string keyPrefix() const override { return "down:"; }
    cache::LoadResult load(const std::string&, const cache::LoadPolicy&,
                           const cache::CacheService::TaggedLoader& loader) override {
        cache::LoadResult r;
        r.value = loader().value;
        r.source = cache::Source::Bypass;
        return r;
    }
    void drop(const std::string&) override {}
    bool holdsCurrent(const std::string&) override { return false; }
};

/// The memory cache with a near cache in front, its lease running.
class NearStore final : public HttpCacheStore {
public:
    NearStore(cache::CacheService& cache, metrics::Registry& metrics)
        : inner_(cache), near_(cache::NearCache::Options{1 << 20, std::chrono::milliseconds(1000)}, metrics) {
        near_.renewLease(cache::NearCache::Clock::now() + std::chrono::hours(1));
    }
    std::string keyPrefix() const override { return inner_.keyPrefix(); }
    cache::LoadResult load(const std::string& key, const cache::LoadPolicy& policy,
                           const cache::CacheService::TaggedLoader& loader) override {
        return inner_.load(key, policy, loader);
    }
    void drop(const std::string& key) override { inner_.drop(key); }
    bool holdsCurrent(const std::string& key) override { return inner_.holdsCurrent(key); }
    cache::NearCache* nearCache() override { return &near_; }
    cache::NearCache& near() { return near_; }

private:
    CacheServiceStore inner_;
    cache::NearCache near_;
};

/// Answers as a tagging handler does: `body` closed by its own cacheInfo member,
/// whose place the hints name.
void answer(http::Exchange& ex, int status, const std::string& body, std::vector<std::string> tags) {
    const std::string info = R"(,"cacheInfo":{"cacheStatus":"miss"})";
    ex.response.set(status, body + info + "}");
    ex.response.cache.tags = std::move(tags);
    ex.response.cache.infoAt = body.size();
    ex.response.cache.infoLength = info.size();
}

class HttpCacheFilterTest : public ::testing::Test {
protected:
    void SetUp() override { build(settings()); }

    /// The settings of an empty `[plugin.http-cache]`: every default from the schema.
    static HttpCacheSettings defaults() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> empty(new Poco::Util::MapConfiguration);
        return HttpCacheSettings::fromConfig(*empty);
    }

    static HttpCacheSettings settings() {
        HttpCacheSettings s = defaults();
        s.routes = {{"/items", std::chrono::seconds(60)},
                    {"/items/:id", std::chrono::seconds(60)},
                    {"/fail", std::chrono::seconds(60)}};
        s.consistencyCheck = 0;
        return s;
    }

    void build(HttpCacheSettings s, HttpCacheStore* store = nullptr) {
        router = std::make_unique<http::Router>();
        chain = std::make_unique<http::FilterChain>(*router);
        router->add("GET", "/items", [this](http::Exchange& ex) {
            ++runs;
            answer(ex, status.load(), R"({"status":"success","data":)" + std::to_string(version.load()), {"items"});
            ex.response.setHeader("X-Data-Source", "sqlite");
            if (setCookie) ex.response.setHeader("Set-Cookie", "a=b");
            if (slowMs) std::this_thread::sleep_for(std::chrono::milliseconds(slowMs));
        });
        router->add("GET", "/items/:id", [this](http::Exchange& ex) {
            ++runs;
            if (ex.request.pathParams.get("id") == "missing") throw http::HttpError(404, "Product not found.");
            const std::string id = *ex.request.pathParams.get("id");
            answer(ex, 200, R"({"data":")" + id + "\"", {"item:" + Poco::toLower(id)});
        }, http::Router::CacheOptions{std::vector<std::string>{}, "item", std::chrono::seconds(0)});
        router->add("GET", "/fail", [this](http::Exchange&) {
            ++runs;
            throw http::HttpError(503, "store down");
        });
        router->add("GET", "/other", [this](http::Exchange& ex) {
            ++runs;
            ex.response.set(200, "{}");
        });
        router->add("POST", "/items", [this](http::Exchange& ex) {
            ++runs;
            ex.response.set(201, "{}");
        });
        metrics = std::make_unique<metrics::Registry>();
        memory = std::make_unique<cache::MemoryCacheService>(cache::CacheOptions{}, *metrics);
        ownStore = std::make_unique<CacheServiceStore>(*memory);
        activeStore = store ? store : ownStore.get();
        counters = std::make_unique<HttpCacheMetrics>(*metrics);
        auto log = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
        chain->add(std::make_shared<HttpCacheFilter>(std::move(s), *activeStore, *router, *counters, log));
    }

    http::Exchange get(const std::string& target, std::initializer_list<std::pair<const char*, std::string>> headers = {},
                       const std::string& method = "GET") {
        http::Exchange ex;
        ex.request.method = method;
        ex.request.uri = target;
        const auto q = target.find('?');
        ex.request.path = target.substr(0, q);
        if (q != std::string::npos) ex.request.query = http::Params::parseQuery(target.substr(q + 1));
        for (const auto& [name, value] : headers) ex.request.headers.add(name, value);
        try {
            chain->run(ex);
        } catch (const http::HttpError& e) {
            ex.response.status = e.status();
        }
        return ex;
    }

    static std::string header(const http::Exchange& ex, const std::string& name) {
        return ex.response.headers.get(name, "");
    }

    std::unique_ptr<http::Router> router;
    std::unique_ptr<http::FilterChain> chain;
    std::unique_ptr<metrics::Registry> metrics;
    std::unique_ptr<cache::MemoryCacheService> memory;
    std::unique_ptr<CacheServiceStore> ownStore;
    HttpCacheStore* activeStore = nullptr;
    std::unique_ptr<HttpCacheMetrics> counters;
    std::atomic<int> runs{0}, version{1}, status{200}, slowMs{0};
    std::atomic<bool> setCookie{false};
};

} // namespace

TEST_F(HttpCacheFilterTest, MissStoresAndHitServesWithoutTheHandler) {
    auto miss = get("/items?b=2&a=1");
    EXPECT_EQ(miss.response.status, 200);
    EXPECT_EQ(header(miss, "X-Data-Source"), "sqlite");
    EXPECT_EQ(header(miss, "Cache-Status"), "jollyjet; fwd=uri-miss; fwd-status=200; ttl=60; stored");
    EXPECT_NE(miss.response.body.find(R"("cacheInfo":{"cacheStatus":"miss","cacheKey":"jollyjet:dev:http:)"),
              std::string::npos)
        << miss.response.body;
    EXPECT_NE(miss.response.body.find(R"(GET:/items?a=1&b=2","ttl":60,"cachedAt":")"), std::string::npos);
    EXPECT_EQ(miss.response.body.find("cacheInfo"), miss.response.body.rfind("cacheInfo"))
        << "the handler's cacheInfo is replaced, not kept";
    const auto etag = header(miss, "ETag");
    EXPECT_FALSE(etag.empty());
    EXPECT_EQ(miss.notes.get("cache.http", ""), "miss") << "the note the metrics plugin counts";
    EXPECT_FALSE(miss.response.headers.has("Age"));

    auto hit = get("/items?a=1&b=2");
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(hit.response.status, 200);
    EXPECT_EQ(header(hit, "X-Data-Source"), "cache");
    EXPECT_EQ(header(hit, "ETag"), etag);
    EXPECT_EQ(header(hit, "Age"), "0");
    EXPECT_EQ(hit.notes.get("cache.http", ""), "hit");
    EXPECT_EQ(header(hit, "Cache-Status").rfind("jollyjet; hit; ttl=", 0), 0u) << header(hit, "Cache-Status");
    EXPECT_NE(hit.response.body.find(R"("cacheInfo":{"cacheStatus":"hit")"), std::string::npos);
    EXPECT_EQ(hit.response.body.substr(0, 35), miss.response.body.substr(0, 35));
    EXPECT_EQ(memory->latencies()["getOrLoad"].count, 2u) << "one cache call per request";
    EXPECT_EQ(memory->latencies()["mget"].count, 0u);
}

TEST_F(HttpCacheFilterTest, TagInvalidatedElsewhereRetiresTheEntry) {
    get("/items");
    get("/items");
    version = 2;
    // Another plugin's (or instance's) write: only the tag's generation moves.
    memory->invalidateTags({"items"});
    auto after = get("/items");
    EXPECT_NE(after.response.body.find(R"("data":2)"), std::string::npos) << after.response.body;
    EXPECT_EQ(runs, 2);
    EXPECT_EQ(header(get("/items"), "X-Data-Source"), "cache");
}

TEST_F(HttpCacheFilterTest, IfNoneMatchGets304OnHitsAndMisses) {
    auto first = get("/items");
    const auto etag = header(first, "ETag");
    auto notModified = get("/items", {{"If-None-Match", "\"other\", " + etag}});
    EXPECT_EQ(notModified.response.status, 304);
    EXPECT_TRUE(notModified.response.body.empty());
    EXPECT_EQ(header(notModified, "ETag"), etag);
    EXPECT_EQ(get("/items", {{"If-None-Match", "\"other\""}}).response.status, 200);
    EXPECT_EQ(runs, 1);
    // A miss whose fresh answer has the tag the client holds is a 304 too.
    auto refreshed = get("/items", {{"Cache-Control", "no-cache"}, {"If-None-Match", etag}});
    EXPECT_EQ(refreshed.response.status, 304);
    EXPECT_EQ(runs, 2);
}

TEST_F(HttpCacheFilterTest, BypassRulesNeitherReadNorWrite) {
    get("/items");
    for (auto [name, value] : {std::pair<const char*, std::string>{"Authorization", "Bearer t"},
                               {"Cookie", "s=1"},
                               {"Cache-Control", "no-store"}}) {
        auto ex = get("/items", {{name, value}});
        EXPECT_EQ(header(ex, "X-Data-Source"), "sqlite") << name;
        EXPECT_EQ(header(ex, "Cache-Status").rfind("jollyjet; fwd=bypass; fwd-status=200; detail=", 0), 0u)
            << header(ex, "Cache-Status");
    }
    EXPECT_EQ(runs, 4);
    auto refreshed = get("/items", {{"Cache-Control", "no-cache"}});
    EXPECT_EQ(header(refreshed, "Cache-Status"), "jollyjet; fwd=request; fwd-status=200; ttl=60; stored");
    EXPECT_EQ(runs, 5);
    EXPECT_EQ(header(get("/items"), "X-Data-Source"), "cache");
    EXPECT_EQ(runs, 5);
}

TEST_F(HttpCacheFilterTest, OtherRoutesAndMethodsPassUntouched) {
    auto other = get("/other");
    auto post = get("/items", {}, "POST");
    EXPECT_FALSE(other.response.headers.has("Cache-Status"));
    EXPECT_FALSE(post.response.headers.has("Cache-Status"));
    EXPECT_EQ(post.response.status, 201);
    get("/other");
    EXPECT_EQ(runs, 3);
}

TEST_F(HttpCacheFilterTest, HeadSharesTheGetEntry) {
    get("/items");
    auto head = get("/items", {}, "HEAD");
    EXPECT_EQ(header(head, "X-Data-Source"), "cache");
    EXPECT_EQ(runs, 1);
}

TEST_F(HttpCacheFilterTest, UncacheableAnswersAreNotStoredNorAnnotated) {
    status = 404;
    auto a = get("/items");
    EXPECT_EQ(a.response.status, 404);
    EXPECT_EQ(header(a, "Cache-Status"), "jollyjet; fwd=uri-miss; fwd-status=404; detail=status");
    EXPECT_EQ(a.response.body.find(R"("cacheStatus":"miss","cacheKey":"jollyjet)"), std::string::npos);
    get("/items");
    EXPECT_EQ(runs, 2);
    status = 200;
    setCookie = true;
    EXPECT_EQ(header(get("/items"), "Cache-Status"), "jollyjet; fwd=uri-miss; fwd-status=200; detail=set-cookie");
    get("/items");
    EXPECT_EQ(runs, 4);
    // A thrown 4xx is answered as the dispatcher would, and not stored.
    auto missing = get("/items/missing");
    EXPECT_EQ(missing.response.status, 404);
    EXPECT_NE(missing.response.body.find("Product not found."), std::string::npos);
    get("/items/missing");
    EXPECT_EQ(runs, 6);
}

TEST_F(HttpCacheFilterTest, HandlerFailureWithoutStaleEntryIsPassedOn) {
    auto failed = get("/fail");
    EXPECT_EQ(failed.response.status, 503);
    EXPECT_NE(failed.response.body.find("store down"), std::string::npos);
    EXPECT_EQ(header(failed, "Cache-Status"), "jollyjet; fwd=uri-miss; fwd-status=503");
}

TEST_F(HttpCacheFilterTest, TagInvalidationRetiresOnlyEntriesCarryingTheTag) {
    get("/items");
    get("/items/a");
    get("/items/b");
    EXPECT_EQ(runs, 3);
    memory->invalidateTags({"item:a"});
    EXPECT_EQ(header(get("/items/a"), "X-Data-Source"), "");
    EXPECT_EQ(header(get("/items/b"), "X-Data-Source"), "cache") << "other items stay";
    EXPECT_EQ(header(get("/items"), "X-Data-Source"), "cache");
    EXPECT_EQ(runs, 4);
    version = 2;
    memory->invalidateTags({"items"});
    auto list = get("/items");
    EXPECT_NE(list.response.body.find(R"("data":2)"), std::string::npos);
    EXPECT_EQ(runs, 5);
}

TEST_F(HttpCacheFilterTest, ConcurrentMissesRunTheHandlerOnce) {
    slowMs = 50;
    constexpr int kThreads = 16;
    std::barrier start(kThreads);
    std::atomic<int> fromCache{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&] {
            start.arrive_and_wait();
            auto ex = get("/items");
            EXPECT_EQ(ex.response.status, 200);
            if (header(ex, "X-Data-Source") == "cache") ++fromCache;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(fromCache, kThreads - 1);
}

TEST_F(HttpCacheFilterTest, FollowersOfAnUncacheableAnswerRunTheHandlerThemselves) {
    slowMs = 50;
    setCookie = true;
    constexpr int kThreads = 8;
    std::barrier start(kThreads);
    std::vector<std::thread> threads;
    std::atomic<int> withCookie{0};
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&] {
            start.arrive_and_wait();
            auto ex = get("/items");
            if (ex.response.headers.has("Set-Cookie") && header(ex, "X-Data-Source") == "sqlite") ++withCookie;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(runs, kThreads) << "a private answer is never shared";
    EXPECT_EQ(withCookie, kThreads);
}

TEST_F(HttpCacheFilterTest, CacheDownPassesThrough) {
    DownStore down;
    build(settings(), &down);
    auto a = get("/items");
    auto b = get("/items");
    EXPECT_EQ(runs, 2);
    EXPECT_EQ(header(b, "X-Data-Source"), "sqlite");
    EXPECT_EQ(header(b, "Cache-Status"), "jollyjet; fwd=miss; fwd-status=200; detail=cache-unavailable");
}

TEST_F(HttpCacheFilterTest, StaleEntryStandsInForAFailingHandler) {
    auto s = settings();
    s.routes[0].ttl = std::chrono::seconds(1);
    s.staleFor = std::chrono::seconds(60);
    build(s);
    get("/items");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    status = 500;
    auto stale = get("/items");
    EXPECT_EQ(stale.response.status, 200);
    EXPECT_EQ(header(stale, "X-Data-Source"), "cache");
    EXPECT_EQ(header(stale, "Cache-Status").rfind("jollyjet; fwd=stale; fwd-status=500; ttl=-", 0), 0u)
        << header(stale, "Cache-Status");
    EXPECT_NE(header(stale, "Cache-Status").find("detail=stale-if-error"), std::string::npos);
    EXPECT_EQ(stale.notes.get("cache.http", ""), "stale");
    EXPECT_EQ(runs, 2);
    status = 200;
    version = 3;
    auto fresh = get("/items");
    EXPECT_NE(fresh.response.body.find(R"("data":3)"), std::string::npos);
    EXPECT_EQ(header(fresh, "X-Data-Source"), "sqlite");
}

TEST_F(HttpCacheFilterTest, RoutesDeclareTheirLifetimeAndConfigurationOverridesItByName) {
    HttpCacheSettings s = defaults();
    s.consistencyCheck = 0;
    build(s);
    router->add("GET", "/declared", [this](http::Exchange& ex) {
        ++runs;
        answer(ex, 200, R"({"v":1)", {"declared"});
    }, http::Router::CacheOptions{std::nullopt, "declared", std::chrono::seconds(30)});
    get("/declared");
    auto hit = get("/declared");
    EXPECT_EQ(header(hit, "X-Data-Source"), "cache");
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(get("/items").response.headers.has("Cache-Status"), false) << "not listed, nothing declared";
    s.ttlByName["declared"] = std::chrono::seconds(0); // [plugin.http-cache] ttl.declared = 0
    build(s);
    router->add("GET", "/declared", [this](http::Exchange& ex) {
        ++runs;
        answer(ex, 200, R"({"v":1)", {"declared"});
    }, http::Router::CacheOptions{std::nullopt, "declared", std::chrono::seconds(30)});
    get("/declared");
    EXPECT_FALSE(get("/declared").response.headers.has("Cache-Status"));
}

TEST_F(HttpCacheFilterTest, ErrorAnswersWriteNoKeyAtAll) {
    for (int i = 0; i < 50; ++i) get("/items/missing?n=" + std::to_string(i));
    std::size_t keys = 0;
    memory->scan("*", [&](const std::string&) { ++keys; });
    EXPECT_EQ(keys, 1u) << "only the tag clock, read before each load";
}

TEST_F(HttpCacheFilterTest, ParametersTheRouteDoesNotReadStayOutOfTheKey) {
    get("/items/a");
    for (int i = 0; i < 20; ++i)
        EXPECT_EQ(header(get("/items/a?junk=" + std::to_string(i)), "X-Data-Source"), "cache");
    EXPECT_EQ(runs, 1);
    // A route that declared no parameter list keeps them all.
    get("/items?a=1");
    get("/items?a=2");
    EXPECT_EQ(runs, 3);
}

TEST_F(HttpCacheFilterTest, EveryKeyWrittenExpires) {
    get("/items");
    get("/items/a");
    memory->invalidateTags({"item:a"});
    get("/items/a");
    std::vector<std::string> keys;
    memory->scan("*", [&](const std::string& key) { keys.push_back(key); });
    EXPECT_GE(keys.size(), 4u);
    for (const auto& key : keys) EXPECT_TRUE(memory->ttl(key)) << key << " has no TTL";
}

TEST_F(HttpCacheFilterTest, NearLookupAnswersFromTheRequestHeadAlone) {
    metrics::Registry nearMetrics;
    cache::MemoryCacheService shared(cache::CacheOptions{}, nearMetrics);
    NearStore store(shared, nearMetrics);
    build(settings(), &store);
    // The parsed head as the front end has it, matched once by the router.
    http::Exchange head;
    head.request.method = "GET";
    head.request.path = "/items/a";
    head.request.query = http::Params::parseQuery("junk=1");
    router->match(head);
    // The filter instance the chain runs, as the plugin would keep it.
    auto filter = std::make_shared<HttpCacheFilter>(settings(), store, *router, *counters,
                                                    std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>()));
    EXPECT_FALSE(filter->nearLookup(head)) << "nothing cached yet";
    get("/items/a");
    EXPECT_EQ(runs, 1);
    auto answer = filter->nearLookup(head);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 200);
    EXPECT_EQ(answer->headers.get("Cache-Status", "").find("jollyjet; hit; ttl="), 0u);
    EXPECT_NE(answer->headers.get("Cache-Status", "").find("detail=near"), std::string::npos);
    EXPECT_NE(answer->body.find(R"("cacheLayer":"near")"), std::string::npos) << answer->body;
    EXPECT_NE(answer->body.find(R"({"data":"a","cacheInfo":{"cacheStatus":"hit")"), std::string::npos) << answer->body;
    // The chain serves the same entry without the handler.
    auto chained = get("/items/a");
    EXPECT_NE(header(chained, "Cache-Status").find("detail=near"), std::string::npos);
    EXPECT_EQ(runs, 1);
    // Conditional requests get a 304; bypassing ones get nothing from the near cache.
    head.request.headers.set("If-None-Match", answer->headers.get("ETag", ""));
    EXPECT_EQ(filter->nearLookup(head)->status, 304);
    head.request.headers.set("Authorization", "Bearer t");
    EXPECT_FALSE(filter->nearLookup(head));
    // An invalidation message for its tag, and the lease, gate it.
    head.request.headers.erase("Authorization");
    store.near().invalidateTags({"item:a"});
    EXPECT_FALSE(filter->nearLookup(head));
    get("/items/a");
    EXPECT_TRUE(filter->nearLookup(head));
    store.near().revokeLease();
    EXPECT_FALSE(filter->nearLookup(head));
}
