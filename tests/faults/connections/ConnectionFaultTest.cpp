// The front end under connection abuse: thousands of idle connections, slowloris
// clients, and more connections than server.maxConnections.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <thread>
#include <sys/resource.h>
#include <vector>

#include "FaultEnv.h"
#include "Jollyjetd.h"
#include "RawConnection.h"

using namespace jollyjet::test;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kHealth = "GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n";

// The test process holds thousands of sockets itself.
void raiseOpenFileLimit() {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
}

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Milliseconds a new client waits for /api/health/live, the best of `tries`.
double bestAnswerMs(int port, int tries) {
    double best = 1e9;
    for (int i = 0; i < tries; ++i) {
        const auto start = Clock::now();
        RawConnection c(port);
        c.send(kHealth);
        const auto reply = c.readUntil("\r\n\r\n", 1, 5000);
        if (statusesIn(reply) == std::vector<int>{200}) best = std::min(best, msSince(start));
    }
    return best;
}

} // namespace

TEST(Connections, ThousandsOfIdleConnectionsCostNoThreadAndLittleMemory) {
    raiseOpenFileLimit();
    Jollyjetd server("[plugins]\nenabled = timing\n[cache]\nbackend = memory\n[logging]\nlevel = warn\n"
                     "[server]\nheaderTimeoutMs = 120000\n");
    ASSERT_TRUE(server.start()) << server.output();
    const pid_t pid = server.process().pid();
    const long before = residentKb(pid);
    constexpr int kIdle = 5000;
    std::vector<std::unique_ptr<RawConnection>> idle;
    idle.reserve(kIdle);
    for (int i = 0; i < kIdle; ++i) {
        idle.push_back(std::make_unique<RawConnection>(server.port()));
        ASSERT_TRUE(idle.back()->connected()) << "connection " << i;
    }
    // Every one of them was accepted and is held open.
    idle.back()->send(kHealth);
    EXPECT_EQ(statusesIn(idle.back()->readUntil("\r\n\r\n")), std::vector<int>{200});
    const double ms = bestAnswerMs(server.port(), 5);
    const long after = residentKb(pid);
    std::cout << "[ faults ] " << kIdle << " idle connections: a new client answered in " << ms
              << " ms; RSS " << before << " -> " << after << " KiB\n";
    EXPECT_LT(ms, 100.0);
    EXPECT_LT(after - before, 64 * 1024) << "resident memory grew by more than 64 MB";
    idle.clear();
    EXPECT_EQ(server.stop(), 0) << server.output();
}

TEST(Connections, SlowlorisClientsAreClosedAfterTheHeaderTimeoutWhileOthersAreServed) {
    raiseOpenFileLimit();
    Jollyjetd server("[plugins]\nenabled = timing\n[cache]\nbackend = memory\n[logging]\nlevel = warn\n"
                     "[server]\nheaderTimeoutMs = 1000\n");
    ASSERT_TRUE(server.start()) << server.output();
    constexpr int kSlow = 200;
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < kSlow; ++i) {
        slow.push_back(std::make_unique<RawConnection>(server.port()));
        slow.back()->send("GET /api/health/live HTTP/1.1\r\nHost: x\r\n");
    }
    // They keep trickling header lines, as slowloris does; others are served meanwhile.
    const auto start = Clock::now();
    int served = 0;
    while (msSince(start) < 700) {
        for (auto& c : slow) c->send("X-a: b\r\n"); // a line every 50 ms stays far below maxHeaderBytes
        if (server.get("/api/health/live").status == 200) ++served;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_GT(served, 0);
    int closed = 0;
    for (auto& c : slow) {
        const auto reply = c->readUntilClose(4000);
        if (c->closedByServer()) ++closed;
        if (!reply.empty()) {
            EXPECT_EQ(statusesIn(reply), std::vector<int>{408}) << reply;
        }
    }
    const double elapsed = msSince(start);
    EXPECT_EQ(closed, kSlow);
    EXPECT_GE(elapsed, 900.0) << "closed before the header timeout";
    EXPECT_EQ(server.get("/api/health/live").status, 200);
    EXPECT_EQ(server.stop(), 0) << server.output();
}

TEST(Connections, PastMaxConnectionsNewOnesAreClosedAndTheOthersStillServed) {
    raiseOpenFileLimit();
    Jollyjetd server("[plugins]\nenabled = timing, metrics\n[cache]\nbackend = memory\n[logging]\nlevel = warn\n"
                     "[server]\nmaxConnections = 50\nheaderTimeoutMs = 60000\n");
    ASSERT_TRUE(server.start()) << server.output();
    // Fill every place; a connection the server has not yet seen closed (the health
    // probes of start()) may take one for a moment, so retry until 50 are in.
    std::vector<std::unique_ptr<RawConnection>> held;
    for (int attempt = 0; held.size() < 50 && attempt < 500; ++attempt) {
        auto c = std::make_unique<RawConnection>(server.port());
        c->send(kHealth);
        if (statusesIn(c->readUntil("\r\n\r\n")) == std::vector<int>{200}) held.push_back(std::move(c));
    }
    ASSERT_EQ(held.size(), 50u);
    for (int i = 0; i < 5; ++i) {
        RawConnection extra(server.port());
        extra.send(kHealth);
        const auto reply = extra.readUntilClose(2000);
        EXPECT_TRUE(extra.closedByServer()) << "connection " << 51 + i << " was not closed";
        EXPECT_TRUE(reply.empty()) << reply;
    }
    held[7]->send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto metrics = held[7]->readUntil("jollyjet_http_connections ", 1, 3000);
    const std::string name = "\njollyjet_http_connections_rejected_total ";
    const auto at = metrics.find(name);
    ASSERT_NE(at, std::string::npos) << metrics;
    EXPECT_GE(std::stod(metrics.substr(at + name.size())), 5.0) << metrics;
    for (auto& c : held) {
        c->send(kHealth);
        EXPECT_EQ(statusesIn(c->readUntil("\r\n\r\n")), std::vector<int>{200});
    }
    held.clear();
    // Closed connections free their places.
    bool servedAgain = false;
    for (int i = 0; i < 50 && !servedAgain; ++i) {
        RawConnection c(server.port());
        c.send(kHealth);
        servedAgain = statusesIn(c.readUntil("\r\n\r\n")) == std::vector<int>{200};
        if (!servedAgain) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_TRUE(servedAgain);
    EXPECT_EQ(server.stop(), 0) << server.output();
}
