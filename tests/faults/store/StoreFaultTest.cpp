// The store failing: the MongoDB wire test server stopped and paused. Cached reads
// are still served (stale-if-error), writes answer 503 with a clear message and
// change nothing, and everything works again when the store is back.
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "ProductStack.h"

using namespace jollyjet::test;

TEST(StoreFaults, MongoDownServesCachedReadsAndRefusesWritesCleanly) {
    if (!MongoTestServer::available()) GTEST_SKIP() << "no wire test server in this build";
    ProductStack stack({"mongodb", "redis", "timing, product-repository",
                        "[store]\nmongodb.socketTimeoutMs = 500\nmongodb.connectTimeoutMs = 300\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    const int port = stack.server().port();
    const auto id = stack.createProduct("Resilient Lamp");
    ASSERT_EQ(httpRequest(port, "GET", "/api/products/" + id).status, 200); // fills the cache

    stack.mongo()->stop();
    auto cached = httpRequest(port, "GET", "/api/products/" + id);
    EXPECT_EQ(cached.status, 200) << cached.body;
    EXPECT_EQ(cached.header("x-data-source"), "cache");

    auto write = httpRequest(port, "PUT", "/api/products/" + id, R"({"name":"Changed"})", "Content-Type: application/json");
    EXPECT_EQ(write.status, 503);
    EXPECT_EQ(write.body, R"({"status":"error","message":"Product store unavailable, please retry later"})");
    auto create = httpRequest(port, "POST", "/api/products",
                              R"({"name":"New","description":"A product while down","price":1,"stock":1,"category":"X"})",
                              "Content-Type: application/json");
    EXPECT_EQ(create.status, 503);
    // An uncached read has nothing to fall back on: a clear 503, not a hang or a 500.
    auto uncached = httpRequest(port, "GET", "/api/products?category=Nothing");
    EXPECT_EQ(uncached.status, 503) << uncached.body;
    auto health = httpRequest(port, "GET", "/health");
    EXPECT_EQ(health.status, 503);
    EXPECT_NE(health.body.find(R"("database":"disconnected")"), std::string::npos) << health.body;
    // The failed write changed nothing that is served.
    EXPECT_EQ(jsonString(httpRequest(port, "GET", "/api/products/" + id).body, "data.name"), "Resilient Lamp");

    // Back (the wire server keeps data in memory, so it comes back empty): writes work.
    stack.mongo()->start();
    bool recovered = false;
    for (int i = 0; i < 50 && !recovered; ++i) {
        recovered = httpRequest(port, "POST", "/api/products",
                                R"({"name":"After","description":"Created after recovery","price":1,"stock":1,"category":"X"})",
                                "Content-Type: application/json")
                        .status == 201;
        if (!recovered) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(recovered);
    EXPECT_EQ(httpRequest(port, "GET", "/health").status, 200);
}

TEST(StoreFaults, PausedStoreTimesOutInsteadOfHanging) {
    if (!MongoTestServer::available()) GTEST_SKIP() << "no wire test server in this build";
    ProductStack stack({"mongodb", "redis", "timing, product-repository",
                        "[store]\nmongodb.socketTimeoutMs = 500\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    const int port = stack.server().port();
    const auto id = stack.createProduct("Paused Lamp");
    stack.mongo()->pause();
    const auto started = std::chrono::steady_clock::now();
    auto r = httpRequest(port, "PUT", "/api/products/" + id, R"({"stock":9})", "Content-Type: application/json");
    const auto elapsed = std::chrono::steady_clock::now() - started;
    stack.mongo()->resume();
    EXPECT_EQ(r.status, 503);
    EXPECT_LT(elapsed, std::chrono::seconds(4));
    auto after = httpRequest(port, "PUT", "/api/products/" + id, R"({"stock":9})", "Content-Type: application/json");
    EXPECT_EQ(after.status, 200) << after.body;
}
