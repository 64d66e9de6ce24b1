#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "ChildProcess.h"
#include "FaultProxy.h"
#include "RedisServer.h"
#include "TestEnv.h"

namespace jollyjet::test {

/// One Redis master, two replicas (--replicaof) and three redis-sentinel processes
/// on free loopback ports, each sentinel with its own generated config file in a
/// temporary folder, quick to fail over (down-after-milliseconds 1000). Every
/// process is stopped by its PID when the group goes away.
class SentinelGroup {
public:
    struct Options {
        std::string masterName = "jjmaster";
        /// The replicas replicate through replicationProxy(), so a test can stall
        /// replication (writes the master takes then are lost in a failover).
        bool replicasThroughProxy = false;
        /// Sentinels also put a replica that follows another address than the
        /// master's back on the master after this long: keep it above the test.
        int failoverTimeoutMs = 3000;
    };
    SentinelGroup() : SentinelGroup(Options{}) {}
    explicit SentinelGroup(Options options);
    ~SentinelGroup();

    const std::string& masterName() const { return masterName_; }
    /// "127.0.0.1:a, 127.0.0.1:b, 127.0.0.1:c", as redis.sentinels takes it.
    std::string sentinels() const;
    /// The [redis] lines of a jollyjetd in sentinel mode on this group.
    std::string ini() const;
    /// The master's port as the first answering sentinel names it (0: none answered).
    int masterPort() const;
    /// Servers by index; index 0 started as the master.
    RedisServer& server(std::size_t index) { return *servers_.at(index); }
    std::size_t serverCount() const { return servers_.size(); }
    /// The server listening on `port` (throws when none does).
    RedisServer& serverOn(int port);
    /// Until every sentinel sees the master with both replicas and the other
    /// sentinels (a failover needs the quorum), at most `timeout`.
    bool waitReady(std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;
    /// Until the sentinels name a master other than `oldPort`; returns its port, 0 on timeout.
    int waitForNewMaster(int oldPort,
                         std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;
    /// The proxy the replicas replicate through (replicasThroughProxy only).
    FaultProxy& replicationProxy() { return *proxy_; }
    /// Runs redis-cli against sentinel `index`.
    std::string sentinelCli(std::size_t index, const std::string& args) const;

private:
    std::string masterName_;
    TempDir dir_;
    std::unique_ptr<FaultProxy> proxy_;
    std::vector<std::unique_ptr<RedisServer>> servers_;
    std::vector<int> sentinelPorts_;
    std::vector<std::unique_ptr<ChildProcess>> sentinels_;
};

} // namespace jollyjet::test
