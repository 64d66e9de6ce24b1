// The read/write history across two jollyjetd on a Redis Cluster (three masters,
// one replica each) with http-cache and the near cache on: no read that began
// after a write was acknowledged (by either instance) may show an older version,
// while the slot holding the server's keys moves between masters under load, and
// while its master is killed and its replica takes over.
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
#include "jollyjet/redis/KeySlot.h"

using namespace jollyjet::test;
using Clock = ConsistencyHistory::Clock;

namespace {

enum class Fault { None, Resharding, MasterKilled };

struct Scenario {
    std::string name;
    Fault fault = Fault::None;
};
void PrintTo(const Scenario& s, std::ostream* os) {
    *os << s.name;
}

constexpr int kProducts = 3;
constexpr int kReaders = 4;

Poco::JSON::Object::Ptr parse(const std::string& body) {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

bool cacheHit(const HttpResult& r) {
    return r.header("cache-status").rfind("jollyjet; hit", 0) == 0;
}

/// The slot every key of the server lives in: its prefix is one hash tag.
int prefixSlot(const std::string& ini) {
    const std::string head = "keyPrefix = ";
    const auto at = ini.find(head);
    const auto end = ini.find('\n', at);
    return jollyjet::redis::keySlot(
        jollyjet::redis::hashTaggedPrefix(ini.substr(at + head.size(), end - at - head.size())));
}

/// The sum over both instances of jollyjet_redis_cluster_events_total{kind}.
long clusterEvents(const std::vector<Jollyjetd*>& servers, const std::string& kind) {
    const std::string head = "jollyjet_redis_cluster_events_total{kind=\"" + kind + "\"} ";
    long total = 0;
    for (auto* server : servers) {
        const auto body = server->get("/metrics").body;
        const auto at = body.find(head);
        if (at != std::string::npos) total += std::stol(body.substr(at + head.size()));
    }
    return total;
}

long msSince(Clock::time_point since, Clock::time_point at) {
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(at - since).count());
}

class ClusterHistory : public ::testing::TestWithParam<Scenario> {};

} // namespace

TEST_P(ClusterHistory, NoInstanceServesAnythingOlderThanAnAcknowledgedWrite) {
    const auto scenario = GetParam();
    const auto runFor = faultDuration(3.0);
    ProductStack stack(
        {"sqlite", "redis-cluster", "timing, metrics, http-cache, product-repository",
         "[redis]\ncommandTimeoutMs = 1000\nconnectTimeoutMs = 300\nbreakerOpenMs = 500\n"
         "[plugin.http-cache]\nconsistencyCheck = 0\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    Jollyjetd b(stack.ini());
    ASSERT_TRUE(b.start()) << b.output();
    std::vector<Jollyjetd*> servers{&stack.server(), &b};
    RedisCluster& cluster = *stack.cluster();
    const int slot = prefixSlot(stack.ini());

    std::vector<std::string> ids;
    for (int i = 0; i < kProducts; ++i)
        ids.push_back(stack.createProduct("Product " + std::to_string(i), "History", 10, 1));
    ConsistencyHistory history;
    for (const auto& id : ids)
        history.acknowledged(id, 1, Clock::now());

    std::atomic<bool> stop{false};
    std::atomic<int> failedWrites{0}, failedReads{0};
    std::atomic<long> hits{0}, nearHits{0};
    std::mutex failuresMutex;
    std::vector<Clock::time_point> writeFailures;
    std::vector<std::thread> threads;
    for (int w = 0; w < kProducts; ++w) {
        threads.emplace_back([&, w] {
            std::int64_t version = 1;
            for (std::size_t n = static_cast<std::size_t>(w); !stop; ++n) {
                ++version;
                Jollyjetd& server = *servers[n % servers.size()];
                bool ok = false;
                try {
                    auto r = server.request("PUT", "/api/products/" + ids[w],
                                            R"({"stock":)" + std::to_string(version) + "}");
                    ok = r.status == 200;
                } catch (const std::exception&) {
                }
                if (ok) {
                    history.acknowledged(ids[w], version, Clock::now());
                } else {
                    history.ambiguous(ids[w], version);
                    ++failedWrites;
                    std::lock_guard lock(failuresMutex);
                    writeFailures.push_back(Clock::now());
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        });
    }
    for (int r = 0; r < kReaders; ++r) {
        threads.emplace_back([&, r] {
            std::mt19937 random(static_cast<unsigned>(r) + 17);
            while (!stop) {
                Jollyjetd& server = *servers[random() % servers.size()];
                const auto started = Clock::now();
                try {
                    const auto& id = ids[random() % ids.size()];
                    auto res = server.get("/api/products/" + id);
                    if (res.status != 200) {
                        ++failedReads;
                        continue;
                    }
                    if (cacheHit(res)) ++hits;
                    if (res.header("cache-status").find("detail=near") != std::string::npos)
                        ++nearHits;
                    history.read(id,
                                 parse(res.body)->getObject("data")->getValue<Poco::Int64>("stock"),
                                 started, "item");
                } catch (const std::exception&) {
                    ++failedReads;
                }
            }
        });
    }

    std::this_thread::sleep_for(runFor / 3);
    const auto faultAt = Clock::now();
    int moves = 0;
    int killedPort = 0;
    switch (scenario.fault) {
    case Fault::None:
        std::this_thread::sleep_for(runFor / 3);
        break;
    case Fault::Resharding: {
        // Back and forth between masters, a few keys per MIGRATE with pauses, so
        // requests meet the slot half moved (ASK, TRYAGAIN) as well as moved (MOVED).
        const auto until = Clock::now() + runFor / 3;
        while (Clock::now() < until || moves == 0) {
            const int from = cluster.masterOf(slot);
            int to = 0;
            for (int port : cluster.masterPorts())
                if (port != from) to = port;
            cluster.moveSlot(slot, to, 3, std::chrono::milliseconds(5));
            ++moves;
        }
        break;
    }
    case Fault::MasterKilled: {
        killedPort = cluster.masterOf(slot);
        for (std::size_t i = 0; i < cluster.size(); ++i)
            if (cluster.port(i) == killedPort) cluster.node(i).kill();
        // The replica is promoted after the node timeout (1 s) and an election.
        const auto deadline = Clock::now() + std::chrono::seconds(30);
        while (Clock::now() < deadline) {
            try {
                const int owner = cluster.masterOf(slot);
                if (owner != 0 && owner != killedPort) break;
            } catch (const std::exception&) {
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ASSERT_NE(cluster.masterOf(slot), killedPort) << "the replica never took over";
        std::this_thread::sleep_for(runFor / 3);
        break;
    }
    }
    std::this_thread::sleep_for(runFor / 3);
    // Hits resume after the fault: a quiet product, read twice on each instance.
    const auto quiet = stack.createProduct("Quiet", "Quiet", 5, 5);
    for (auto* server : servers) {
        bool hit = false;
        for (int i = 0; i < 100 && !hit; ++i) {
            hit = cacheHit(server->get("/api/products/" + quiet));
            if (!hit) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        EXPECT_TRUE(hit) << "no cache hit after the fault";
    }
    stop = true;
    for (auto& t : threads)
        t.join();

    const auto violations = history.check();
    for (std::size_t i = 0; i < std::min<std::size_t>(violations.size(), 10); ++i)
        ADD_FAILURE() << "stale " << violations[i].route << " read of " << violations[i].product
                      << ": version " << violations[i].read << ", acknowledged "
                      << violations[i].expectedAtLeast;
    EXPECT_EQ(violations.size(), 0u);
    EXPECT_GT(history.writes(), 20u) << "the run must actually write";
    EXPECT_GT(history.reads(), 100u) << "the run must actually read";
    EXPECT_GT(hits.load(), 0) << "no read was a cache hit: the run says nothing about the cache";
    EXPECT_EQ(failedReads.load(), 0) << "reads fall back to the store whatever Redis does";
    if (scenario.fault != Fault::MasterKilled) {
        EXPECT_EQ(failedWrites.load(), 0);
    }
    const long moved = clusterEvents(servers, "moved"), asked = clusterEvents(servers, "ask"),
               retried = clusterEvents(servers, "retry");
    if (scenario.fault == Fault::Resharding) {
        EXPECT_GT(moves, 0);
        EXPECT_NE(cluster.masterOf(slot), 0);
        EXPECT_GT(moved, 0) << "no request met a moved slot: the run says nothing about resharding";
    }
    long windowMs = 0;
    if (!writeFailures.empty())
        windowMs = msSince(std::min(faultAt, writeFailures.front()), writeFailures.back());
    for (const auto& id : ids)
        for (auto* server : servers) {
            auto res = server->get("/api/products/" + id);
            ASSERT_EQ(res.status, 200);
            const auto final = parse(res.body)->getObject("data")->getValue<Poco::Int64>("stock");
            EXPECT_TRUE(final >= history.lastAcknowledged(id) || history.isAmbiguous(id, final))
                << "final " << final << ", last acknowledged " << history.lastAcknowledged(id);
        }
    std::cout << "[ history ] cluster, two instances, " << scenario.name << ": " << history.writes()
              << " writes, " << history.reads() << " reads (" << hits << " cache hits, " << nearHits
              << " near), " << violations.size() << " stale, " << failedWrites << " writes failed"
              << (writeFailures.empty()
                      ? std::string()
                      : " within " + std::to_string(windowMs) + " ms of the fault")
              << ", " << failedReads << " reads failed, " << moves
              << " slot moves; redirections: " << moved << " MOVED, " << asked << " ASK, "
              << retried << " retried\n";
    b.stop();
}

INSTANTIATE_TEST_SUITE_P(Cluster, ClusterHistory,
                         ::testing::Values(Scenario{"shared", Fault::None},
                                           Scenario{"resharding", Fault::Resharding},
                                           Scenario{"master_killed", Fault::MasterKilled}),
                         [](const auto& info) { return info.param.name; });
