// The sampled consistency check under concurrent writes and reads: every hit is
// re-checked, and not one correct entry may be called a mismatch.
#include <atomic>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "ProductStack.h"

using namespace jollyjet::test;

namespace {

double metric(const std::string& page, const std::string& series) {
    std::istringstream in(page);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
    return 0;
}

} // namespace

TEST(ConsistencyCheck, NoFalseMismatchUnderConcurrentWrites) {
    ProductStack stack(StackOptions{"sqlite", "redis", "timing, metrics, http-cache, product-repository",
                                    "[plugin.http-cache]\nconsistencyCheck = 1\nconsistencyQueue = 4096\n"
                                    "[logging]\nlevel = warn\n"
                                    // The check samples hits of the shared layer; near-cache hits
                                    // (answered on the I/O thread) are not sampled.
                                    "[cache]\nnear.enabled = false\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    auto& s = stack.server();
    std::vector<std::string> ids;
    for (int i = 0; i < 8; ++i) ids.push_back(stack.createProduct("Lamp " + std::to_string(i)));

    constexpr int kWriters = 4;
    constexpr int kWritesEach = 250;
    std::atomic<bool> writing{true};
    std::atomic<int> failedWrites{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < kWriters; ++w) {
        threads.emplace_back([&, w] {
            for (int i = 0; i < kWritesEach; ++i) {
                const auto& id = ids[static_cast<std::size_t>(w * 2 + i % 2)];
                auto r = s.request("PUT", "/api/products/" + id, R"({"price":)" + std::to_string(i + 1) + "}");
                if (r.status != 200) ++failedWrites;
            }
        });
    }
    for (int r = 0; r < 4; ++r) {
        threads.emplace_back([&, r] {
            std::mt19937 rng(static_cast<unsigned>(r));
            while (writing) {
                const auto& id = ids[rng() % ids.size()];
                s.get(rng() % 3 ? "/api/products/" + id : std::string("/api/products?limit=100"));
            }
        });
    }
    for (int w = 0; w < kWriters; ++w) threads[static_cast<std::size_t>(w)].join();
    writing = false;
    for (std::size_t t = kWriters; t < threads.size(); ++t) threads[t].join();
    EXPECT_EQ(failedWrites.load(), 0);
    // How many hits the readers met while every product was being rewritten depends on
    // the scheduling; these reads, after the last write, are hits for certain, so the
    // check has something to compare even on a loaded machine.
    for (const auto& id : ids)
        for (int i = 0; i < 3; ++i) ASSERT_EQ(s.get("/api/products/" + id).status, 200);

    // Let the queued checks finish: the count of checks stops moving.
    const std::string name = "jollyjet_http_cache_consistency_checks_total";
    double last = -1, now = 0;
    std::string page;
    for (int i = 0; i < 60 && now != last; ++i) {
        last = now;
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        page = s.get("/metrics").body;
        now = 0;
        for (const std::string result : {"match", "mismatch", "superseded", "failed"})
            now += metric(page, name + "{result=\"" + result + "\"}");
    }
    const double checked = metric(page, name + "{result=\"match\"}") + metric(page, name + "{result=\"superseded\"}");
    std::cout << "[ checks ] match " << metric(page, name + "{result=\"match\"}") << ", superseded "
              << metric(page, name + "{result=\"superseded\"}") << ", mismatch "
              << metric(page, name + "{result=\"mismatch\"}") << ", failed "
              << metric(page, name + "{result=\"failed\"}") << " after " << kWriters * kWritesEach
              << " writes\n";
    EXPECT_GT(checked, 0) << "hits were checked";
    EXPECT_EQ(metric(page, name + "{result=\"mismatch\"}"), 0) << "false mismatches\n" << page;
}
