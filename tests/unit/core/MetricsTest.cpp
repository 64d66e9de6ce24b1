#include <gtest/gtest.h>

#include <thread>

#include "jollyjet/metrics/Metrics.h"

using namespace jollyjet::metrics;

TEST(Metrics, CountersAreKeptPerLabelSet) {
    Registry r;
    r.counter("jollyjet_x_total", "x", {{"route", "/a"}}).inc();
    r.counter("jollyjet_x_total", "x", {{"route", "/a"}}).inc(2);
    r.counter("jollyjet_x_total", "x", {{"route", "/b"}}).inc();
    EXPECT_EQ(r.value("jollyjet_x_total", {{"route", "/a"}}), 3);
    EXPECT_EQ(r.sum("jollyjet_x_total"), 4);
    EXPECT_EQ(r.value("jollyjet_absent"), 0);
}

TEST(Metrics, TypeClashIsRefused) {
    Registry r;
    r.counter("m", "m");
    EXPECT_THROW(r.gauge("m", "m"), std::logic_error);
}

TEST(Metrics, CounterIsExactUnderConcurrency) {
    Registry r;
    auto& c = r.counter("c_total", "c");
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 10000; ++i) c.inc();
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(c.value(), 40000);
}

TEST(Metrics, HistogramBucketsAreCumulativeAndRendered) {
    Registry r;
    auto& h = r.histogram("lat_seconds", "latency", {{"route", "/x"}}, {0.1, 1});
    h.observe(0.05);
    h.observe(0.5);
    h.observe(5);
    const auto text = r.renderPrometheus();
    EXPECT_NE(text.find("# TYPE lat_seconds histogram"), std::string::npos) << text;
    EXPECT_NE(text.find("lat_seconds_bucket{route=\"/x\",le=\"0.10000000000000001\"} 1"), std::string::npos) << text;
    EXPECT_NE(text.find("lat_seconds_bucket{route=\"/x\",le=\"1\"} 2"), std::string::npos) << text;
    EXPECT_NE(text.find("lat_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3"), std::string::npos) << text;
    EXPECT_NE(text.find("lat_seconds_count{route=\"/x\"} 3"), std::string::npos) << text;
    EXPECT_NE(text.find("lat_seconds_sum{route=\"/x\"} 5.5"), std::string::npos) << text;
}

TEST(Metrics, QuantileInterpolatesInsideTheBucket) {
    Histogram h({1, 2, 3, 4});
    for (int i = 0; i < 100; ++i) h.observe(i < 50 ? 0.5 : 2.5);
    EXPECT_NEAR(h.quantile(0.5), 1.0, 1e-9);
    EXPECT_GT(h.quantile(0.99), 2.0);
    EXPECT_LE(h.quantile(0.99), 3.0);
    EXPECT_EQ(Histogram({1}).quantile(0.5), 0);
}

TEST(Metrics, LabelValuesAreEscaped) {
    Registry r;
    r.counter("e_total", "help with \\ and\nnewline", {{"path", "a\"b\\c"}}).inc();
    const auto text = r.renderPrometheus();
    EXPECT_NE(text.find(R"(e_total{path="a\"b\\c"} 1)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"(# HELP e_total help with \\ and\nnewline)"), std::string::npos) << text;
}

TEST(Metrics, GaugeFunctionIsReadWhenRendered) {
    Registry r;
    double v = 1;
    r.gaugeFunction("g", "g", {}, [&] { return v; });
    v = 7;
    EXPECT_NE(r.renderPrometheus().find("g 7\n"), std::string::npos);
    EXPECT_EQ(r.value("g"), 7);
}
