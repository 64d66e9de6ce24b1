#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "RedisTransport.h"
#include "jollyjet/events/Events.h"
#include "jollyjet/redis/RedisEventRelay.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::test {
namespace {

using namespace std::chrono_literals;

/// What one jollyjetd has: its Events, its pool and its relay.
struct Node {
    explicit Node(const RedisServer& server) : pool(options(server)) {
        relay = std::make_shared<redis::RedisEventRelay>(pool, events, nullptr);
        events.setRelay(relay);
        events.subscribe("products.changed", [this](const Event& e) {
            std::lock_guard lock(mutex);
            seen.push_back(e);
        });
        relay->start();
    }
    ~Node() {
        events.setRelay(nullptr);
        relay->stop();
    }
    static redis::RedisOptions options(const RedisServer& server) {
        redis::RedisOptions o = clientOptionsFor(server);
        o.keyPrefix = "jj:relay:";
        o.connectTimeout = 300ms;
        o.commandTimeout = 1000ms;
        o.breakerFailures = 1000; // this test restarts Redis; keep publishing through it
        return o;
    }
    std::vector<Event> snapshot() {
        std::lock_guard lock(mutex);
        return seen;
    }
    bool waitSubscribed() {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!relay->subscribed() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(10ms);
        return relay->subscribed();
    }

    redis::RedisPool pool;
    Events events;
    std::shared_ptr<redis::RedisEventRelay> relay;
    std::mutex mutex;
    std::vector<Event> seen;
};

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds limit = 5000ms) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!condition() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
    return condition();
}

/// Runs against a plaintext and a TLS redis-server: the behaviour must not depend on
/// the transport.
class RedisEventRelayOver : public ::testing::TestWithParam<RedisTransport> {
protected:
    std::unique_ptr<RedisServer> serverHolder_ = startRedis(GetParam());
    RedisServer& server = *serverHolder_;
};

TEST_P(RedisEventRelayOver, InstancesHearEachOtherButNotThemselvesTwice) {
    Node a(server), b(server);
    ASSERT_TRUE(a.waitSubscribed());
    ASSERT_TRUE(b.waitSubscribed());
    EXPECT_EQ(a.relay->channel(), "jj:relay:events");

    a.events.publish("products.changed", R"({"id":"1","kind":"updated"})");
    b.events.publish("products.changed", R"({"id":"2","kind":"deleted"})");
    ASSERT_TRUE(waitFor([&] { return a.snapshot().size() == 2 && b.snapshot().size() == 2; }));
    std::this_thread::sleep_for(200ms); // nothing arrives twice
    // Local delivery is synchronous, remote delivery a little later: compare as sets.
    auto remoteOf = [](const std::vector<Event>& seen, const std::string& payload) {
        for (const auto& e : seen)
            if (e.payload == payload) return std::optional<bool>(e.remote);
        return std::optional<bool>();
    };
    const std::string fromA = R"({"id":"1","kind":"updated"})", fromB = R"({"id":"2","kind":"deleted"})";
    ASSERT_EQ(a.snapshot().size(), 2u);
    ASSERT_EQ(b.snapshot().size(), 2u);
    EXPECT_EQ(remoteOf(a.snapshot(), fromA), std::optional<bool>(false));
    EXPECT_EQ(remoteOf(a.snapshot(), fromB), std::optional<bool>(true));
    EXPECT_EQ(remoteOf(b.snapshot(), fromA), std::optional<bool>(true));
    EXPECT_EQ(remoteOf(b.snapshot(), fromB), std::optional<bool>(false));
}

TEST_P(RedisEventRelayOver, ResubscribesAfterRedisRestartsAndStopsPromptly) {
    Node a(server), b(server);
    ASSERT_TRUE(a.waitSubscribed());
    ASSERT_TRUE(b.waitSubscribed());
    server.kill();
    ASSERT_TRUE(waitFor([&] { return !b.relay->subscribed(); }));
    // Publishing while Redis is down is logged and dropped, never thrown.
    EXPECT_NO_THROW(a.events.publish("products.changed", "{\"lost\":true}"));
    server.start();
    ASSERT_TRUE(b.waitSubscribed());
    ASSERT_TRUE(waitFor([&] {
        a.events.publish("products.changed", "{\"after\":\"restart\"}");
        return !b.snapshot().empty();
    }));
    EXPECT_EQ(b.snapshot().front().payload, "{\"after\":\"restart\"}");

    const auto start = std::chrono::steady_clock::now();
    b.relay->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    EXPECT_FALSE(b.relay->subscribed());
}

INSTANTIATE_TEST_SUITE_P(Transports, RedisEventRelayOver, ::testing::Values(RedisTransport::Plain, RedisTransport::Tls),
                         [](const auto& info) { return transportName(info.param); });

} // namespace
} // namespace jollyjet::test
