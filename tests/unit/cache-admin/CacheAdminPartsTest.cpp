// The cache-admin plugin's parts without a server: key scope, token guard, Redis
// INFO parsing, top hits, chart history and the warm-up's list parsing.
#include <gtest/gtest.h>

#include <map>

#include "AdminGuard.h"
#include "HitTracker.h"
#include "KeyScope.h"
#include "RedisInfo.h"
#include "StatsHistory.h"
#include "StatsReport.h"
#include "TopHits.h"
#include "Warmer.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/HttpError.h"
#include "jollyjet/http/Router.h"

using namespace jollyjet;
using namespace jollyjet::admin;

namespace {

int statusOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const http::HttpError& e) {
        return e.status();
    }
    return 0;
}

} // namespace

TEST(KeyScope, KeysAndPatternsMustStartWithThePrefix) {
    KeyScope scope("jollyjet:dev:");
    EXPECT_EQ(scope.key("jollyjet:dev:product:42"), "product:42");
    EXPECT_EQ(scope.pattern("jollyjet:dev:products:*"), "products:*");
    EXPECT_EQ(scope.pattern("jollyjet:dev:*"), "*");
    EXPECT_EQ(statusOf([&] { scope.key("product:42"); }), 400);
    EXPECT_EQ(statusOf([&] { scope.key("jollyjet:prod:product:42"); }), 400);
    EXPECT_EQ(statusOf([&] { scope.pattern("*"); }), 400);
    EXPECT_EQ(statusOf([&] { scope.pattern("jollyjet:*"); }), 400) << "would reach other environments";
    EXPECT_EQ(statusOf([&] { scope.pattern("jollyjet:de?:*"); }), 400);
    EXPECT_EQ(statusOf([&] { scope.key("jollyjet:dev:"); }), 400) << "the prefix alone names nothing";
    EXPECT_EQ(scope.full("x"), "jollyjet:dev:x");
    KeyScope open("");
    EXPECT_EQ(open.key("anything"), "anything");
}

TEST(AdminGuard, DemandsTheBearerTokenWhenOneIsSet) {
    AdminGuard guard("s3cret-token");
    http::Request request;
    EXPECT_FALSE(guard.allows(request));
    request.headers.set("Authorization", "Bearer s3cret-token");
    EXPECT_TRUE(guard.allows(request));
    request.headers.set("Authorization", "bearer s3cret-token");
    EXPECT_TRUE(guard.allows(request)) << "the scheme is case-insensitive";
    request.headers.set("Authorization", "Bearer s3cret-tokeN");
    EXPECT_FALSE(guard.allows(request));
    request.headers.set("Authorization", "Bearer s3cret-token-and-more");
    EXPECT_FALSE(guard.allows(request));
    request.headers.set("Authorization", "Basic s3cret-token");
    EXPECT_FALSE(guard.allows(request));
    request.headers.set("Authorization", "Bearer ");
    EXPECT_FALSE(guard.allows(request));

    http::Request withQuery;
    withQuery.query = http::Params::parseQuery("token=s3cret-token");
    EXPECT_FALSE(guard.allows(withQuery)) << "API routes take the header only";
    EXPECT_TRUE(guard.allows(withQuery, true));

    http::Exchange ex;
    EXPECT_FALSE(guard.admit(ex));
    EXPECT_EQ(ex.response.status, 401);
    EXPECT_EQ(ex.response.headers.get("WWW-Authenticate"), R"(Bearer realm="jollyjet-admin")");
    EXPECT_NE(ex.response.body.find(R"("status":"error")"), std::string::npos);

    AdminGuard open("");
    EXPECT_TRUE(open.allows(http::Request{}));
}

TEST(RedisInfo, ParsesFieldsAndSkipsSectionHeaders) {
    const auto fields = parseInfo("# Server\r\nredis_version:7.0.15\r\nuptime_in_seconds:42\r\n\r\n"
                                  "# Memory\r\nused_memory:1572864\r\nused_memory_human:1.50M\r\n");
    EXPECT_EQ(fields.at("redis_version"), "7.0.15");
    EXPECT_EQ(fields.at("uptime_in_seconds"), "42");
    EXPECT_EQ(fields.at("used_memory"), "1572864");
    EXPECT_EQ(fields.count("# Server"), 0u);
    EXPECT_EQ(formatMegabytes(1572864), "1.5 MB");
    EXPECT_EQ(formatMegabytes(0), "0.0 MB");
}

TEST(TopHits, KeepsTheMostHitTargetsInBoundedSpace) {
    TopHits top(3);
    for (int i = 0; i < 10; ++i) top.record("/a");
    for (int i = 0; i < 5; ++i) top.record("/b");
    for (int i = 0; i < 100; ++i) top.record("/noise/" + std::to_string(i));
    for (int i = 0; i < 200; ++i) top.record("/c");
    const auto best = top.top(10);
    ASSERT_LE(best.size(), 3u);
    EXPECT_EQ(best[0].target, "/c");
    EXPECT_GE(best[0].hits, 200u);
    EXPECT_LE(best[0].hits - best[0].error, 200u) << "the error bound covers the overcount";
    top.clear();
    EXPECT_TRUE(top.top(10).empty());
}

TEST(StatsHistory, TurnsSamplesIntoRates) {
    Totals now;
    StatsHistory history([&] { return now; }, std::chrono::seconds(5), 4);
    const auto t0 = StatsHistory::Clock::now();
    history.sample(t0);
    EXPECT_TRUE(history.history(t0).empty());
    now = {50, 30, 10};
    history.sample(t0 + std::chrono::seconds(5));
    now = {50, 30, 10};
    history.sample(t0 + std::chrono::seconds(10));
    const auto points = history.history(t0 + std::chrono::seconds(10));
    ASSERT_EQ(points.size(), 2u);
    EXPECT_DOUBLE_EQ(points[0].requestsPerSecond, 10.0);
    EXPECT_DOUBLE_EQ(*points[0].hitRate, 75.0);
    EXPECT_DOUBLE_EQ(points[0].lookups, 40.0);
    EXPECT_DOUBLE_EQ(points[1].requestsPerSecond, 0.0);
    EXPECT_FALSE(points[1].hitRate) << "no lookups: no hit rate, not 0 %";

    // Bounded: only the last `capacity` samples are kept.
    for (int i = 3; i < 20; ++i) history.sample(t0 + std::chrono::seconds(5 * i));
    EXPECT_EQ(history.history(t0 + std::chrono::seconds(95)).size(), 3u);
    // A point up to "now" is added when the last sample is older than a second.
    now = {70, 30, 10};
    const auto live = history.history(t0 + std::chrono::seconds(97));
    ASSERT_EQ(live.size(), 4u);
    EXPECT_DOUBLE_EQ(live.back().requestsPerSecond, 10.0);
}

TEST(Warmer, ReadsProductIdsFromAListAnswer) {
    EXPECT_EQ(productIdsOf(R"({"status":"success","data":{"products":[{"id":"a1"},{"id":"b2"}],"total":2}})"),
              (std::vector<std::string>{"a1", "b2"}));
    EXPECT_TRUE(productIdsOf(R"({"status":"success","data":{"products":[]}})").empty());
    EXPECT_TRUE(productIdsOf(R"({"status":"success","data":5})").empty());
    EXPECT_TRUE(productIdsOf("not json").empty());
}

TEST(HitTracker, TopHitsNameTheLayerThatAnsweredAndLeaveWarmUpsOut) {
    TopHits top;
    HitTracker tracker(top);
    http::Router router;
    router.add("GET", "/api/products/:id", [](http::Exchange& ex) { ex.response.set(200, "{}"); });
    http::FilterChain chain(router);
    auto run = [&](const std::string& uri, const std::vector<std::pair<std::string, std::string>>& notes,
                   const std::string& agent = "curl") {
        http::Exchange ex;
        ex.request.method = "GET";
        ex.request.uri = uri;
        ex.request.path = uri;
        ex.request.headers.set("User-Agent", agent);
        for (const auto& [name, value] : notes) ex.notes.set(name, value);
        tracker.handle(ex, http::Next(chain, 0));
    };
    run("/api/products/a", {{"cache.repository", "hit"}});
    run("/api/products/b", {{"cache.http", "hit"}, {"cache.repository", "miss"}});
    run("/api/products/c", {{"cache.repository", "hit"}}, "jollyjet-cache-admin-warmup");
    run("/api/products/d", {{"cache.http", "miss"}, {"cache.repository", "miss"}});
    StatsHistory history([] { return Totals{}; }, std::chrono::seconds(5), 4);
    const auto data = buildHistory(history, top);
    const auto entries = data->getArray("topHits");
    ASSERT_EQ(entries->size(), 2u) << "the warm-up and the miss are not client hits";
    std::map<std::string, std::string> layerOf;
    for (std::size_t i = 0; i < entries->size(); ++i)
        layerOf[entries->getObject(i)->getValue<std::string>("target")] =
            entries->getObject(i)->getValue<std::string>("layer");
    EXPECT_EQ(layerOf["/api/products/a"], "repository");
    EXPECT_EQ(layerOf["/api/products/b"], "http");
    EXPECT_FALSE(data->getValue<std::string>("topHitsWindow").empty());
}
