// The read/write history check with http-cache enabled: writers PUT increasing
// versions of a few products, readers GET item, list and count routes, and no read
// that started after a write's response had been received may show an older
// version (read-your-writes across clients) - on one instance and on
// two instances sharing one Redis.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <mutex>
#include <random>
#include <thread>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "CacheStack.h"

using namespace jollyjet::test;

namespace {

constexpr int kProducts = 3;
constexpr int kReaders = 4;
constexpr auto kDuration = std::chrono::seconds(3);

std::string searchWord(int p) { return "tracked" + std::to_string(p) + "word"; }

struct Violation {
    std::string route;
    int product;
    long long seen;
    long long expectedAtLeast;
};

class History {
public:
    History(std::vector<Jollyjetd*> servers, std::vector<std::string> ids)
        : servers_(std::move(servers)), ids_(std::move(ids)) {
        for (auto& a : acknowledged_) a = 1;
    }

    void run() {
        const auto deadline = std::chrono::steady_clock::now() + kDuration;
        std::vector<std::thread> threads;
        for (int p = 0; p < kProducts; ++p) threads.emplace_back([this, p, deadline] { write(p, deadline); });
        for (int r = 0; r < kReaders; ++r) threads.emplace_back([this, r, deadline] { read(r, deadline); });
        for (auto& t : threads) t.join();
    }

    std::vector<Violation> violations;
    std::atomic<long> reads{0}, hits{0}, writes{0}, failures{0};

private:
    Jollyjetd& server(std::size_t n) { return *servers_[n % servers_.size()]; }

    // One writer per product, so its versions only grow.
    void write(int p, std::chrono::steady_clock::time_point deadline) {
        std::mt19937 random(static_cast<unsigned>(p) + 1);
        for (long long v = 2; std::chrono::steady_clock::now() < deadline; ++v) {
            const auto body = R"({"stock":)" + std::to_string(v) + R"(,"price":)" + std::to_string(v) + "}";
            auto r = server(static_cast<std::size_t>(v)).request("PUT", "/api/products/" + ids_[p], body);
            if (r.status != 200) {
                ++failures;
                continue;
            }
            acknowledged_[p] = v; // the response is in: every later read must see >= v
            ++writes;
            // Short pauses let readers hit entries between writes, too.
            std::this_thread::sleep_for(std::chrono::microseconds(random() % 3000));
        }
    }

    void read(int reader, std::chrono::steady_clock::time_point deadline) {
        std::mt19937 random(static_cast<unsigned>(reader) * 7919u + 1);
        while (std::chrono::steady_clock::now() < deadline) {
            const int p = static_cast<int>(random() % kProducts);
            const auto kind = random() % 3;
            Jollyjetd& s = server(random());
            std::array<long long, kProducts> floor{};
            for (int i = 0; i < kProducts; ++i) floor[i] = acknowledged_[i]; // before sending
            if (kind == 0) {
                auto r = s.get("/api/products/" + ids_[p]);
                if (!check(r)) continue;
                expect("item", p, jsonNum(r.body, "data.stock"), floor[p]);
            } else if (kind == 1) {
                auto r = s.get("/api/products?category=History&limit=100");
                if (!check(r)) continue;
                auto products = jsonAt(r.body, "data.products").extract<Poco::JSON::Array::Ptr>();
                for (std::size_t i = 0; i < products->size(); ++i) {
                    auto product = products->getObject(static_cast<unsigned>(i));
                    for (int q = 0; q < kProducts; ++q)
                        if (product->getValue<std::string>("id") == ids_[q])
                            expect("list", q, product->getValue<long long>("stock"), floor[q]);
                }
            } else {
                // Exactly one product has the word and is priced at least `floor`
                // as long as its version is at least that.
                const auto target = "/api/products/count?search=" + searchWord(p) +
                                    "&priceRange=%7B%22min%22%3A" + std::to_string(floor[p]) +
                                    "%2C%22max%22%3A1000000000%7D";
                auto r = s.get(target);
                if (!check(r)) continue;
                expect("count", p, jsonNum(r.body, "data") == 1 ? floor[p] : -1, floor[p]);
            }
            ++reads;
        }
    }

    bool check(const HttpResult& r) {
        if (r.header("cache-status").rfind("jollyjet; hit", 0) == 0) ++hits;
        if (r.status == 200) return true;
        ++failures;
        return false;
    }

    void expect(const char* route, int p, long long seen, long long floor) {
        if (seen >= floor) return;
        std::lock_guard lock(mutex_);
        violations.push_back({route, p, seen, floor});
    }

    std::vector<Jollyjetd*> servers_;
    std::vector<std::string> ids_;
    std::array<std::atomic<long long>, kProducts> acknowledged_;
    std::mutex mutex_;
};

class HttpCacheHistory : public ::testing::Test {
protected:
    void SetUp() override {
        stack = makeCacheStack({}, plugins);
        ASSERT_TRUE(stack->start()) << stack->server().output();
        for (int p = 0; p < kProducts; ++p) {
            // Price and stock start at version 1; the list reads the category, the
            // count finds one product by a word of its description.
            auto id = stack->createProduct("History " + std::to_string(p), "History", 1, 1,
                                           "Tracked product " + searchWord(p));
            ASSERT_FALSE(id.empty());
            ids.push_back(id);
        }
    }

    void report(const History& h) {
        for (const auto& v : h.violations)
            ADD_FAILURE() << v.route << " of product " << v.product << " showed version " << v.seen
                          << " after version " << v.expectedAtLeast << " had been acknowledged";
        EXPECT_TRUE(h.violations.empty());
        EXPECT_GT(h.writes, 10) << "the history is too short to mean anything";
        EXPECT_GT(h.reads, 50);
        EXPECT_GT(h.hits, 0) << "no read was an http-cache hit";
        EXPECT_EQ(h.failures, 0);
        std::cout << "history: " << h.writes << " writes, " << h.reads << " reads (" << h.hits << " http-cache hits), " << h.violations.size()
                  << " stale reads\n";
    }

    PluginFolder plugins;
    std::unique_ptr<ProductStack> stack;
    std::vector<std::string> ids;
};

} // namespace

TEST_F(HttpCacheHistory, NoStaleReadsOnOneInstance) {
    History history({&stack->server()}, ids);
    history.run();
    report(history);
}

TEST_F(HttpCacheHistory, NoStaleReadsAcrossTwoInstances) {
    Jollyjetd second(stack->ini());
    ASSERT_TRUE(second.start()) << second.output();
    History history({&stack->server(), &second}, ids);
    history.run();
    report(history);
    second.stop();
}
