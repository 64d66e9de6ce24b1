// GET /metrics on the real jollyjetd: the exposition format (checked by promtool),
// counters that move by exactly the requests made, cumulative histogram buckets, the
// process gauges and the slow-request log line.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include <Poco/File.h>

#include "ProductStack.h"

using namespace jollyjet::test;

namespace {

/// Every sample line of an exposition: "name{labels}" -> value.
std::map<std::string, double> samples(const std::string& text) {
    std::map<std::string, double> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto space = line.rfind(' ');
        out[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
    return out;
}

double at(const std::map<std::string, double>& s, const std::string& series) {
    auto it = s.find(series);
    return it == s.end() ? 0.0 : it->second;
}

class MetricsEndpoint : public ::testing::Test {
protected:
    void SetUp() override {
        stack = std::make_unique<ProductStack>(StackOptions{
            "sqlite", "redis", "timing, metrics, product-repository",
            "[plugin.metrics]\nslowRequestMs = 0\n"});
        ASSERT_TRUE(stack->start()) << stack->server().output();
    }
    Jollyjetd& s() { return stack->server(); }
    std::map<std::string, double> scrape() {
        auto r = s().get("/metrics");
        EXPECT_EQ(r.status, 200);
        return samples(r.body);
    }
    std::unique_ptr<ProductStack> stack;
};

} // namespace

TEST_F(MetricsEndpoint, ServesTheTextFormatThatPromtoolAccepts) {
    const std::string id = stack->createProduct("Desk Lamp");
    for (int i = 0; i < 3; ++i) s().get("/api/products");
    s().get("/api/products/" + id);
    s().get("/api/products/count?category=Home");
    s().get("/no/such/route");
    s().request("PUT", "/api/products/" + id, R"({"price":-1})");

    auto r = s().get("/metrics");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    for (const char* name :
         {"jollyjet_http_requests_total", "jollyjet_http_request_duration_seconds",
          "jollyjet_cache_requests_total", "jollyjet_cache_operation_duration_seconds",
          "jollyjet_store_operations_total", "jollyjet_store_operation_duration_seconds",
          "jollyjet_redis_pool_connections", "jollyjet_redis_breaker_open",
          "process_resident_memory_bytes", "process_cpu_seconds_total", "process_open_fds",
          "process_max_fds", "process_start_time_seconds"})
        EXPECT_NE(r.body.find("# TYPE " + std::string(name) + " "), std::string::npos) << name;

    // promtool (Debian package prometheus, installed by scripts/bootstrap.sh) parses
    // the page and lints the names; any line it prints is a problem.
    const auto file = stack->server().dir().write("metrics.txt", r.body);
    auto check = runCommand({"sh", "-c", "command -v promtool >/dev/null || { echo 'promtool not found: "
                                         "run scripts/bootstrap.sh'; exit 127; }; "
                                         "promtool check metrics < '" + file + "'"});
    EXPECT_EQ(check.exitCode, 0) << check.output;
    EXPECT_EQ(check.output, "") << "promtool reported problems:\n" << check.output;
}

TEST_F(MetricsEndpoint, CountersMoveByExactlyTheRequestsMade) {
    const std::string id = stack->createProduct("Desk Lamp");
    const auto before = scrape();
    for (int i = 0; i < 5; ++i) ASSERT_EQ(s().get("/api/products").status, 200);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(s().get("/api/products/" + id).status, 200);
    ASSERT_EQ(s().get("/api/products/ffffffffffffffffffffffff").status, 404);
    ASSERT_EQ(s().get("/api/products/not-an-id").status, 400);
    for (int i = 0; i < 4; ++i) ASSERT_EQ(s().get("/random/" + std::to_string(i)).status, 404);
    ASSERT_EQ(s().request("DELETE", "/api/products").status, 405);
    const auto after = scrape();

    auto delta = [&](const std::string& series) { return at(after, series) - at(before, series); };
    EXPECT_EQ(delta(R"(jollyjet_http_requests_total{route="/api/products",method="GET",status="200"})"), 5);
    EXPECT_EQ(delta(R"(jollyjet_http_requests_total{route="/api/products/:id",method="GET",status="200"})"), 3);
    EXPECT_EQ(delta(R"(jollyjet_http_requests_total{route="/api/products/:id",method="GET",status="404"})"), 1);
    EXPECT_EQ(delta(R"(jollyjet_http_requests_total{route="/api/products/:id",method="GET",status="400"})"), 1);
    EXPECT_EQ(delta(R"(jollyjet_http_requests_total{route="unmatched",method="GET",status="404"})"), 4);
    EXPECT_EQ(delta(R"(jollyjet_http_requests_total{route="unmatched",method="DELETE",status="405"})"), 1);
    // The scrape before this one is the only /metrics request in between.
    EXPECT_EQ(delta(R"(jollyjet_http_requests_total{route="/metrics",method="GET",status="200"})"), 1);
    EXPECT_EQ(delta(R"(jollyjet_http_request_duration_seconds_count{route="/api/products"})"), 5);
    EXPECT_EQ(delta(R"(jollyjet_http_request_duration_seconds_count{route="/api/products/:id"})"), 5);
    EXPECT_EQ(delta(R"(jollyjet_http_request_duration_seconds_count{route="unmatched"})"), 5);
    double total = 0;
    for (const auto& [series, value] : after)
        if (series.rfind("jollyjet_http_requests_total{", 0) == 0) total += value - at(before, series);
    EXPECT_EQ(total, 16) << "no request is counted twice or missed";

    // The repository layer: the first list read after the create misses, the rest hit.
    EXPECT_EQ(delta(R"(jollyjet_cache_requests_total{layer="repository",result="miss"})") +
                  delta(R"(jollyjet_cache_requests_total{layer="repository",result="hit"})"),
              5 + 3 + 1) << "one lookup per list and item read (the bad id never reaches the cache)";
    EXPECT_GE(delta(R"(jollyjet_cache_requests_total{layer="repository",result="hit"})"), 4 + 2);
}

TEST_F(MetricsEndpoint, HistogramBucketsAreCumulativeAndEndInTheCount) {
    for (int i = 0; i < 7; ++i) s().get("/api/products");
    s().get("/nope");
    const std::string text = s().get("/metrics").body;
    std::istringstream in(text);
    std::string line;
    std::map<std::string, std::vector<double>> buckets; // series without le -> values in order
    std::map<std::string, double> infBucket;
    while (std::getline(in, line)) {
        const auto b = line.find("_bucket{");
        if (line.empty() || line[0] == '#' || b == std::string::npos) continue;
        const auto le = line.find("le=\"");
        ASSERT_NE(le, std::string::npos) << line;
        const std::string series = line.substr(0, b) + line.substr(b + 7, le - b - 7);
        const double value = std::stod(line.substr(line.rfind(' ') + 1));
        buckets[series].push_back(value);
        if (line.find("le=\"+Inf\"") != std::string::npos) infBucket[series] = value;
    }
    ASSERT_FALSE(buckets.empty());
    const auto all = samples(text);
    int checked = 0;
    for (const auto& [series, values] : buckets) {
        for (std::size_t i = 1; i < values.size(); ++i)
            EXPECT_LE(values[i - 1], values[i]) << series << " bucket " << i;
        ASSERT_TRUE(infBucket.count(series)) << series << " has no +Inf bucket";
        // series is "name{labels," : the _count line has the same labels.
        std::string name = series.substr(0, series.find('{'));
        std::string labels = series.substr(series.find('{') + 1);
        if (!labels.empty() && labels.back() == ',') labels.pop_back();
        const std::string count = name + "_count" + (labels.empty() ? "" : "{" + labels + "}");
        EXPECT_EQ(infBucket.at(series), at(all, count)) << count;
        ++checked;
    }
    EXPECT_EQ(at(all, R"(jollyjet_http_request_duration_seconds_bucket{route="/api/products",le="+Inf"})"), 7);
    EXPECT_GT(checked, 3);
}

TEST_F(MetricsEndpoint, ProcessGaugesAndSlowRequestLog) {
    s().get("/api/products");
    const auto m = scrape();
    EXPECT_GT(at(m, "process_resident_memory_bytes"), 1024.0 * 1024);
    EXPECT_GE(at(m, "process_cpu_seconds_total"), 0.0);
    EXPECT_GT(at(m, "process_open_fds"), 2.0);
    EXPECT_GT(at(m, "process_max_fds"), 2.0);
    EXPECT_GT(at(m, "process_start_time_seconds"), 1.6e9);
    EXPECT_EQ(at(m, R"(jollyjet_redis_breaker_open{endpoint="127.0.0.1:)" +
                        std::to_string(stack->redis()->port()) + "\"}"),
              0.0);
    // slowRequestMs = 0 logs every request, with method, path, status, duration, cache.
    const std::string log = stack->server().output();
    EXPECT_NE(log.find("slow request: GET /api/products status=200 duration="), std::string::npos) << log;
    EXPECT_NE(log.find("cache=repository=miss"), std::string::npos) << log;
}
