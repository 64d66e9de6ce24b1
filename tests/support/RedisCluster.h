#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "RedisServer.h"
#include "RedisTransport.h"
#include "jollyjet/redis/Reply.h"

namespace jollyjet::test {

/// A private Redis Cluster on free loopback ports: `masters` masters (slots split
/// evenly by `redis-cli --cluster create`), each with one replica when `replicas`.
/// Node timeout 1 s, so a killed master is failed over within seconds. Every
/// process is a RedisServer, stopped by its PID with the fixture. Over
/// RedisTransport::Tls every node speaks TLS only (clients, bus and replication)
/// with the shared TestCertificates' server certificate.
class RedisCluster {
public:
    explicit RedisCluster(int masters = 3, bool replicas = true,
                          RedisTransport transport = RedisTransport::Plain);
    ~RedisCluster();

    /// "127.0.0.1:p1,127.0.0.1:p2,..." of every node: the `[redis] nodes` value.
    std::string seeds() const;
    std::size_t size() const { return nodes_.size(); }
    RedisServer& node(std::size_t index) { return *nodes_.at(index); }
    int port(std::size_t index) const { return nodes_.at(index)->port(); }
    bool tls() const { return transport_ == RedisTransport::Tls; }

    /// One command to the node at `port` (a fresh connection, no redirections).
    redis::Reply command(int port, const redis::Command& command) const;
    /// The port of the master serving `slot`, as `port`'s view of the cluster says.
    int masterOf(int slot, int askPort = 0) const;
    /// Ports of the nodes that are masters of at least one slot and alive.
    std::vector<int> masterPorts() const;

    /// Moves `slot` to the master at `toPort` the way a resharding does: IMPORTING,
    /// MIGRATING, MIGRATE the keys `batch` at a time (pausing `pause` between
    /// batches, so clients meet the slot half moved), then SETSLOT NODE everywhere.
    void moveSlot(int slot, int toPort, int batch = 10,
                  std::chrono::milliseconds pause = std::chrono::milliseconds(0));
    /// moveSlot in steps: mark the slot IMPORTING/MIGRATING; MIGRATE up to `count`
    /// of its keys (returns how many moved); give the slot to the new owner.
    void beginMove(int slot, int fromPort, int toPort);
    std::size_t migrateKeys(int slot, int fromPort, int toPort, int count);
    void finishMove(int slot, int fromPort, int toPort);
    /// Waits until every live node reports cluster_state:ok and agrees on the
    /// owner of every slot; throws after `timeout`.
    void waitHealthy(std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;

private:
    std::string nodeId(int port) const;
    RedisTransport transport_;
    std::vector<std::unique_ptr<RedisServer>> nodes_;
    std::vector<int> busPorts_;
};

} // namespace jollyjet::test
