// The metrics plugin's parts without a server: label values, /proc parsing, and the
// filter counting requests that run through a real filter chain and router.
#include <gtest/gtest.h>

#include <sstream>

#include <spdlog/sinks/ostream_sink.h>

#include "ProcessMetrics.h"
#include "RequestLabels.h"
#include "RequestMetricsFilter.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/HttpError.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/metrics/Metrics.h"

using namespace jollyjet;
using namespace jollyjet::observe;

TEST(RequestLabels, MethodsOutsideTheRoutedSetShareOneLabel) {
    EXPECT_EQ(methodLabel("GET"), "GET");
    EXPECT_EQ(methodLabel("DELETE"), "DELETE");
    EXPECT_EQ(methodLabel("BREW"), "other");
    EXPECT_EQ(methodLabel("get"), "other");
}

TEST(RequestLabels, RouteIsThePatternElseTheFallbackElseUnmatched) {
    EXPECT_EQ(routeLabel("/api/products/:id"), "/api/products/:id");
    EXPECT_EQ(routeLabel(""), "unmatched");
}

TEST(RequestLabels, CacheNotesMapToTheContractLabels) {
    auto note = cacheNote("cache.repository", "hit");
    ASSERT_TRUE(note);
    EXPECT_EQ(note->layer, "repository");
    EXPECT_EQ(note->result, "hit");
    note = cacheNote("cache.http-cache", "STALE");
    ASSERT_TRUE(note);
    EXPECT_EQ(note->layer, "http");
    EXPECT_EQ(note->result, "stale");
    EXPECT_EQ(cacheNote("cache.http", "coalesced")->result, "coalesced");
    EXPECT_EQ(cacheNote("cache.http", "error")->result, "error");
    EXPECT_FALSE(cacheNote("cache.http", "bypass")) << "not a lookup";
    EXPECT_FALSE(cacheNote("cache.http", "whatever"));
    EXPECT_FALSE(cacheNote("store", "hit"));
    EXPECT_FALSE(cacheNote("cache.", "hit"));
}

TEST(ProcessMetrics, StatmPagesBecomeBytes) {
    auto m = parseStatm("2000 300 100 10 0 500 0\n", 4096);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->virtualBytes, 2000.0 * 4096);
    EXPECT_EQ(m->residentBytes, 300.0 * 4096);
    EXPECT_FALSE(parseStatm("", 4096));
    EXPECT_FALSE(parseStatm("12", 4096));
    EXPECT_FALSE(parseStatm("1 2", 0));
}

TEST(ProcessMetrics, ThisProcessHasResidentMemory) {
    auto m = readProcessMemory();
    ASSERT_TRUE(m) << "/proc/self/statm";
    EXPECT_GT(m->residentBytes, 1024.0 * 1024);
    EXPECT_GE(m->virtualBytes, m->residentBytes);
    metrics::Registry registry;
    registerProcessMetrics(registry);
    EXPECT_GT(registry.value("process_resident_memory_bytes"), 0.0);
    EXPECT_GT(registry.value("process_virtual_memory_bytes"), 0.0);
    EXPECT_GE(registry.value("process_cpu_seconds_total"), 0.0);
    EXPECT_GT(registry.value("process_open_fds"), 2.0);
    EXPECT_GE(registry.value("process_max_fds"), registry.value("process_open_fds"));
    EXPECT_GT(registry.value("process_start_time_seconds"), 1.6e9);
    const auto page = registry.renderPrometheus();
    EXPECT_NE(page.find("# TYPE process_cpu_seconds_total counter"), std::string::npos) << page;
    EXPECT_EQ(page.find("jollyjet_process_"), std::string::npos) << "the client libraries' names only";
}

TEST(ProcessMetrics, StatLinesAreParsedAfterTheCommandName) {
    // pid (comm with ") " inside) state ppid ... utime(14) stime(15) ... starttime(22)
    const std::string line =
        "42 (a) b) S 1 42 42 0 -1 4194304 100 0 0 0 250 150 0 0 20 0 8 0 12345 1000 200";
    const auto t = parseStat(line, 100);
    ASSERT_TRUE(t);
    EXPECT_DOUBLE_EQ(t->cpuSeconds, 4.0);
    EXPECT_DOUBLE_EQ(t->startAfterBoot, 123.45);
    EXPECT_FALSE(parseStat("garbage", 100));
}

namespace {

/// A router and chain with the metrics filter, plus a cache layer stand-in that
/// leaves notes the way product-repository and http-cache do.
struct Chain {
    metrics::Registry registry;
    http::Router router;
    http::FilterChain filters{router};
    std::ostringstream logText;
    std::shared_ptr<spdlog::logger> log;

    explicit Chain(RequestMetricsFilter::Settings settings = {}) {
        log = std::make_shared<spdlog::logger>("metrics",
                                               std::make_shared<spdlog::sinks::ostream_sink_mt>(logText));
        log->set_pattern("%l %v");
        filters.add(std::make_shared<RequestMetricsFilter>(registry, router, log, settings));
        router.add("GET", "/items/:id", [](http::Exchange& ex) {
            ex.notes.set("cache.repository", "hit");
            ex.notes.set("cache.http", ex.request.query.has("hit") ? "hit" : "miss");
            ex.response.set(200, "{}");
        });
        router.add("POST", "/items", [](http::Exchange& ex) { ex.response.set(201, "{}"); });
        router.add("GET", "/broken", [](http::Exchange&) { throw http::HttpError(409, "conflict"); });
        router.add("GET", "/crash", [](http::Exchange&) { throw std::runtime_error("boom"); });
    }

    int run(const std::string& method, const std::string& path, const std::string& query = "") {
        http::Exchange ex;
        ex.request.method = method;
        ex.request.path = path;
        ex.request.uri = path + (query.empty() ? "" : "?" + query);
        ex.request.query = http::Params::parseQuery(query);
        try {
            filters.run(ex);
        } catch (const http::HttpError& e) {
            return e.status();
        } catch (const std::exception&) {
            return 500;
        }
        return ex.response.status;
    }

    double requests(const std::string& route, const std::string& method, const std::string& status) {
        return registry.value("jollyjet_http_requests_total",
                              {{"route", route}, {"method", method}, {"status", status}});
    }
};

} // namespace

TEST(RequestMetricsFilter, CountsExactlyTheRequestsMadeByPatternMethodAndStatus) {
    Chain c;
    for (int i = 0; i < 3; ++i) c.run("GET", "/items/" + std::to_string(i));
    c.run("POST", "/items");
    c.run("POST", "/items");
    for (int i = 0; i < 4; ++i) c.run("GET", "/random/" + std::to_string(i));
    c.run("DELETE", "/items/1");
    EXPECT_EQ(c.requests("/items/:id", "GET", "200"), 3);
    EXPECT_EQ(c.requests("/items", "POST", "201"), 2);
    EXPECT_EQ(c.requests("unmatched", "GET", "404"), 4) << "one series for every unknown path";
    EXPECT_EQ(c.requests("unmatched", "DELETE", "405"), 1);
    EXPECT_EQ(c.registry.sum("jollyjet_http_requests_total"), 10);
    const auto* h = c.registry.findHistogram("jollyjet_http_request_duration_seconds", {{"route", "/items/:id"}});
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->snapshot().count, 3u);
    EXPECT_EQ(c.registry.mergedHistogram("jollyjet_http_request_duration_seconds").count, 10u);
}

TEST(RequestMetricsFilter, ThrownErrorsAreCountedWithTheStatusTheClientGets) {
    Chain c;
    EXPECT_EQ(c.run("GET", "/broken"), 409);
    EXPECT_EQ(c.run("GET", "/crash"), 500);
    EXPECT_EQ(c.requests("/broken", "GET", "409"), 1);
    EXPECT_EQ(c.requests("/crash", "GET", "500"), 1);
}

TEST(RequestMetricsFilter, CountsOnlyTheLayersThatDoNotCountThemselves) {
    Chain c;
    c.run("GET", "/items/1");
    c.run("GET", "/items/1", "hit=1");
    c.run("GET", "/items/1", "hit=1");
    auto layer = [&](const char* l, const char* r) {
        return c.registry.value("jollyjet_cache_requests_total", {{"layer", l}, {"result", r}});
    };
    EXPECT_EQ(layer("http", "miss"), 1);
    EXPECT_EQ(layer("http", "hit"), 2);
    EXPECT_EQ(c.registry.sum("jollyjet_cache_requests_total", {{"layer", "repository"}}), 0)
        << "product-repository counts its own lookups; counting the note too would double them";
}

TEST(RequestMetricsFilter, AnswersGivenBeforeTheRouterStillGetTheirPattern) {
    // http-cache answers a hit without calling the router: exchange.route stays empty.
    Chain c;
    struct Answering : http::Filter {
        std::string name() const override { return "answering"; }
        int priority() const override { return http::priority::kHttpCache; }
        void handle(http::Exchange& ex, const http::Next&) override {
            ex.notes.set("cache.http", "hit");
            ex.response.set(200, "{}");
        }
    };
    c.filters.add(std::make_shared<Answering>());
    c.run("GET", "/items/7");
    EXPECT_EQ(c.requests("/items/:id", "GET", "200"), 1);
    EXPECT_EQ(c.registry.value("jollyjet_cache_requests_total", {{"layer", "http"}, {"result", "hit"}}), 1);
}

TEST(RequestMetricsFilter, SlowRequestsAreLoggedAtWarnWithTheirCacheStatus) {
    RequestMetricsFilter::Settings settings;
    settings.slowThreshold = std::chrono::milliseconds(0);
    Chain c(settings);
    c.run("GET", "/items/3", "hit=1");
    const std::string text = c.logText.str();
    EXPECT_NE(text.find("warning slow request: GET /items/3?hit=1 status=200 duration="), std::string::npos)
        << text;
    EXPECT_NE(text.find("cache=repository=hit,http=hit"), std::string::npos) << text;

    RequestMetricsFilter::Settings quiet;
    quiet.slowThreshold = std::chrono::milliseconds(60000);
    Chain fast(quiet);
    fast.run("GET", "/items/3");
    EXPECT_EQ(fast.logText.str(), "");
    RequestMetricsFilter::Settings off;
    off.slowLog = false;
    off.slowThreshold = std::chrono::milliseconds(0);
    Chain disabled(off);
    disabled.run("GET", "/items/3");
    EXPECT_EQ(disabled.logText.str(), "");
}

TEST(RegistryMergedHistogram, AddsUpSeriesBucketByBucket) {
    metrics::Registry r;
    auto& a = r.histogram("jollyjet_t_seconds", "t", {{"route", "/a"}}, {0.1, 1});
    auto& b = r.histogram("jollyjet_t_seconds", "t", {{"route", "/b"}}, {0.1, 1});
    a.observe(0.05);
    a.observe(0.5);
    b.observe(0.05);
    b.observe(5);
    const auto all = r.mergedHistogram("jollyjet_t_seconds");
    EXPECT_EQ(all.count, 4u);
    EXPECT_EQ(all.cumulativeCounts, (std::vector<std::uint64_t>{2, 3, 4}));
    EXPECT_DOUBLE_EQ(all.sum, 5.6);
    EXPECT_EQ(r.mergedHistogram("jollyjet_t_seconds", {{"route", "/b"}}).count, 2u);
    EXPECT_EQ(r.mergedHistogram("jollyjet_absent_seconds").count, 0u);
    EXPECT_DOUBLE_EQ(metrics::Histogram::quantileOf(all, 0.5), 0.1);
    EXPECT_DOUBLE_EQ(metrics::Histogram::quantileOf(all, 0.5), a.quantile(0.5));
}
