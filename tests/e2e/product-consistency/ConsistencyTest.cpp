// Read-your-writes under concurrency: writers update a few products with
// growing versions (in `stock`), readers read them through the item, list and
// wishlist routes, and the history must show no read older than a write that was
// acknowledged before the read began. Bounded in time; loopback only.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "ConsistencyHistory.h"
#include "FaultEnv.h"
#include "ProductStack.h"

using namespace jollyjet::test;
using Clock = ConsistencyHistory::Clock;

namespace {

struct Scenario {
    std::string name;
    std::string cache;
    bool restartRedis = false;
    std::string store = "sqlite";
    /// Freeze the store (SIGSTOP) now and then: requests may fail with 503 then, but
    /// nothing stale may be served and nothing acknowledged may be lost.
    bool pauseStore = false;
};
void PrintTo(const Scenario& s, std::ostream* os) { *os << s.name; }

constexpr int kProducts = 3;
constexpr int kReaders = 4;


class Consistency : public ::testing::TestWithParam<Scenario> {};

Poco::JSON::Object::Ptr parse(const std::string& body) {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

TEST_P(Consistency, NoReadIsOlderThanAnAcknowledgedWrite) {
    const auto scenario = GetParam();
    if (scenario.store == "mongodb" && !MongoTestServer::available()) GTEST_SKIP() << "no wire test server";
    const auto kRunFor = faultDuration(3.0);
    ProductStack stack({scenario.store, scenario.cache, "timing, product-repository",
                        "[store]\nmongodb.socketTimeoutMs = 400\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    const int port = stack.server().port();

    std::vector<std::string> ids;
    for (int i = 0; i < kProducts; ++i) {
        ids.push_back(stack.createProduct("Product " + std::to_string(i), "History", 10, 1));
        // Wishlisted, so the wishlist route shows them too.
        httpRequest(port, "PATCH", "/api/products/" + ids.back() + "/wishlist", R"({"isWishlistStatus":true})",
                    "Content-Type: application/json");
    }
    ConsistencyHistory history;
    for (const auto& id : ids) history.acknowledged(id, 1, Clock::now());

    std::atomic<bool> stop{false};
    std::atomic<int> failedWrites{0}, failedReads{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < kProducts; ++w) {
        threads.emplace_back([&, w] {
            std::int64_t version = 1;
            while (!stop) {
                ++version;
                try {
                    auto r = httpRequest(port, "PUT", "/api/products/" + ids[w],
                                         R"({"stock":)" + std::to_string(version) + "}",
                                         "Content-Type: application/json");
                    if (r.status == 200) {
                        history.acknowledged(ids[w], version, Clock::now());
                    } else {
                        history.ambiguous(ids[w], version);
                        ++failedWrites;
                    }
                } catch (const std::exception&) {
                    history.ambiguous(ids[w], version);
                    ++failedWrites;
                }
            }
        });
    }
    for (int r = 0; r < kReaders; ++r) {
        threads.emplace_back([&, r] {
            std::mt19937 random(static_cast<unsigned>(r));
            while (!stop) {
                const int pick = static_cast<int>(random() % 4);
                const auto started = Clock::now();
                try {
                    if (pick < 2) {
                        const auto& id = ids[random() % ids.size()];
                        auto res = httpRequest(port, "GET", "/api/products/" + id);
                        if (res.status != 200) {
                            ++failedReads;
                            continue;
                        }
                        history.read(id, parse(res.body)->getObject("data")->getValue<Poco::Int64>("stock"), started, "item");
                    } else {
                        const std::string route = pick == 2 ? "/api/products?category=History&limit=100"
                                                            : "/api/products/wishlist?limit=100";
                        auto res = httpRequest(port, "GET", route);
                        if (res.status != 200) {
                            ++failedReads;
                            continue;
                        }
                        auto products = parse(res.body)->getObject("data")->getArray("products");
                        for (unsigned i = 0; i < products->size(); ++i) {
                            auto p = products->getObject(i);
                            history.read(p->getValue<std::string>("id"), p->getValue<Poco::Int64>("stock"), started,
                                         pick == 2 ? "list" : "wishlist");
                        }
                    }
                } catch (const std::exception&) {
                    ++failedReads;
                }
            }
        });
    }
    if (scenario.pauseStore) {
        const auto until = Clock::now() + kRunFor;
        while (Clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            stack.mongo()->pause(); // longer than the socket timeout: requests fail
            std::this_thread::sleep_for(std::chrono::milliseconds(700));
            stack.mongo()->resume();
        }
    } else if (scenario.restartRedis) {
        std::this_thread::sleep_for(kRunFor / 3);
        stack.redis()->kill();
        std::this_thread::sleep_for(kRunFor / 4);
        stack.redis()->start();
        std::this_thread::sleep_for(kRunFor - kRunFor / 3 - kRunFor / 4);
    } else {
        std::this_thread::sleep_for(kRunFor);
    }
    stop = true;
    for (auto& t : threads) t.join();

    const auto violations = history.check();
    for (std::size_t i = 0; i < std::min<std::size_t>(violations.size(), 10); ++i)
        ADD_FAILURE() << "stale " << violations[i].route << " read of " << violations[i].product << ": version "
                      << violations[i].read << ", acknowledged " << violations[i].expectedAtLeast;
    EXPECT_EQ(violations.size(), 0u);
    EXPECT_GT(history.writes(), 30u) << "the run must actually write";
    EXPECT_GT(history.reads(), 100u) << "the run must actually read";
    if (!scenario.pauseStore) {
        // Strict writes are refused (503) while Redis is away; nothing stale either way.
        if (!scenario.restartRedis) {
            EXPECT_EQ(failedWrites.load(), 0) << "writes go to the store";
        }
        EXPECT_EQ(failedReads.load(), 0) << "reads fall back to the store whatever Redis does";
    }
    // Nothing acknowledged is lost.
    for (const auto& id : ids) {
        auto res = httpRequest(port, "GET", "/api/products/" + id);
        ASSERT_EQ(res.status, 200);
        // At least the last acknowledged version, unless a write that failed (its
        // outcome unknown to the client) was applied after it.
        const auto final = parse(res.body)->getObject("data")->getValue<Poco::Int64>("stock");
        EXPECT_TRUE(final >= history.lastAcknowledged(id) || history.isAmbiguous(id, final))
            << "final " << final << ", last acknowledged " << history.lastAcknowledged(id);
    }
    std::cout << "[ history ] " << scenario.name << ": " << history.writes() << " writes, " << history.reads()
              << " reads, " << violations.size() << " stale, " << failedWrites << " writes and " << failedReads
              << " reads refused\n";
}

INSTANTIATE_TEST_SUITE_P(Product, Consistency,
                         ::testing::Values(Scenario{"redis", "redis", false},
                                           Scenario{"redis_restarted", "redis", true},
                                           Scenario{"memory", "memory", false},
                                           Scenario{"mongo_paused", "redis", false, "mongodb", true}),
                         [](const auto& info) { return info.param.name; });
