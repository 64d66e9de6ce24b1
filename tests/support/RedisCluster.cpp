#include "RedisCluster.h"

#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "TestCertificates.h"
#include "jollyjet/redis/Connection.h"
#include "jollyjet/redis/RedisError.h"

namespace jollyjet::test {

namespace {

constexpr int kSlots = 16384;

redis::RedisOptions nodeOptions(int port, bool tls) {
    redis::RedisOptions options;
    options.port = port;
    options.commandTimeout = std::chrono::milliseconds(5000);
    if (tls) {
        options.tls.enabled = true;
        options.tls.caFile = TestCertificates::shared().caFile();
    }
    return options;
}

/// The lines of CLUSTER NODES, split into words.
std::vector<std::vector<std::string>> clusterNodes(const std::string& text) {
    std::vector<std::vector<std::string>> out;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream in(line);
        std::vector<std::string> words;
        for (std::string w; in >> w;)
            words.push_back(w);
        if (words.size() >= 8) out.push_back(words);
    }
    return out;
}

int portOf(const std::string& address) { // "127.0.0.1:7000@17000"
    const auto colon = address.rfind(':');
    return std::stoi(address.substr(colon + 1, address.find('@') - colon - 1));
}

bool servesSlot(const std::vector<std::string>& words, int slot) {
    for (std::size_t i = 8; i < words.size(); ++i) {
        const std::string& range = words[i];
        if (range.front() == '[') continue; // a slot being migrated or imported
        const auto dash = range.find('-');
        const int first = std::stoi(range.substr(0, dash));
        const int last = dash == std::string::npos ? first : std::stoi(range.substr(dash + 1));
        if (slot >= first && slot <= last) return true;
    }
    return false;
}

} // namespace

RedisCluster::RedisCluster(int masters, bool replicas, RedisTransport transport)
    : transport_(transport) {
    const int count = masters * (replicas ? 2 : 1);
    for (int i = 0; i < count; ++i) {
        // The bus port is picked too: port + 10000 may be taken, or in the kernel's
        // ephemeral range.
        busPorts_.push_back(freePort());
        const std::string args =
            "--cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 1000 "
            "--cluster-require-full-coverage no --cluster-port " +
            std::to_string(busPorts_.back());
        if (tls()) {
            const auto& certificates = TestCertificates::shared();
            nodes_.push_back(std::make_unique<RedisServer>(
                args + " --tls-cluster yes --tls-replication yes",
                RedisServerTls{certificates.server().certFile, certificates.server().keyFile,
                               certificates.caFile(), false}));
        } else {
            nodes_.push_back(std::make_unique<RedisServer>(args));
        }
    }
    // What `redis-cli --cluster create` does, without its one-second polls.
    for (int i = 0; i < masters; ++i) {
        const int first = kSlots * i / masters, last = kSlots * (i + 1) / masters - 1;
        command(port(static_cast<std::size_t>(i)),
                {"CLUSTER", "ADDSLOTSRANGE", std::to_string(first), std::to_string(last)});
        command(port(static_cast<std::size_t>(i)),
                {"CLUSTER", "SET-CONFIG-EPOCH", std::to_string(i + 1)});
    }
    for (std::size_t i = 1; i < nodes_.size(); ++i)
        command(port(i), {"CLUSTER", "MEET", "127.0.0.1", std::to_string(port(0)),
                          std::to_string(busPorts_.front())});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        while (clusterNodes(command(port(i), {"CLUSTER", "NODES"}).text).size() < nodes_.size()) {
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error("cluster nodes did not meet");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    for (int i = masters; i < count; ++i) {
        const std::string masterId = nodeId(port(static_cast<std::size_t>(i - masters)));
        // The replica must know its master as a master before it may follow it.
        for (;;) {
            try {
                command(port(static_cast<std::size_t>(i)), {"CLUSTER", "REPLICATE", masterId});
                break;
            } catch (const redis::ReplyError&) {
                if (std::chrono::steady_clock::now() > deadline) throw;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
    }
    waitHealthy();
    if (replicas) {
        // Replicas must hold the data before a failover test may rely on them.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        for (const auto& node : nodes_) {
            for (;;) {
                const auto info = command(node->port(), {"INFO", "replication"}).text;
                if (info.find("role:master") != std::string::npos ||
                    info.find("master_link_status:up") != std::string::npos)
                    break;
                if (std::chrono::steady_clock::now() > deadline)
                    throw std::runtime_error("a cluster replica did not sync: " + info);
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }
}

RedisCluster::~RedisCluster() = default; // each RedisServer stops its process

std::string RedisCluster::seeds() const {
    std::string out;
    for (const auto& node : nodes_)
        out += (out.empty() ? "" : ",") + std::string("127.0.0.1:") + std::to_string(node->port());
    return out;
}

redis::Reply RedisCluster::command(int port, const redis::Command& command) const {
    redis::Connection connection(nodeOptions(port, tls()));
    return connection.command(command);
}

std::string RedisCluster::nodeId(int port) const {
    return command(port, {"CLUSTER", "MYID"}).text;
}

int RedisCluster::masterOf(int slot, int askPort) const {
    if (askPort == 0) askPort = masterPorts().front();
    for (const auto& words : clusterNodes(command(askPort, {"CLUSTER", "NODES"}).text))
        if (words[2].find("master") != std::string::npos &&
            words[2].find("fail") == std::string::npos && servesSlot(words, slot))
            return portOf(words[1]);
    return 0;
}

std::vector<int> RedisCluster::masterPorts() const {
    for (const auto& node : nodes_) {
        if (!node->running()) continue;
        std::vector<int> ports;
        for (const auto& words : clusterNodes(command(node->port(), {"CLUSTER", "NODES"}).text))
            if (words[2].find("master") != std::string::npos &&
                words[2].find("fail") == std::string::npos && words.size() > 8)
                ports.push_back(portOf(words[1]));
        return ports;
    }
    throw std::runtime_error("no cluster node is running");
}

void RedisCluster::moveSlot(int slot, int toPort, int batch, std::chrono::milliseconds pause) {
    const int fromPort = masterOf(slot, toPort);
    if (fromPort == toPort) return;
    beginMove(slot, fromPort, toPort);
    while (migrateKeys(slot, fromPort, toPort, batch) > 0)
        if (pause.count() > 0) std::this_thread::sleep_for(pause);
    finishMove(slot, fromPort, toPort);
}

void RedisCluster::beginMove(int slot, int fromPort, int toPort) {
    const std::string s = std::to_string(slot);
    command(toPort, {"CLUSTER", "SETSLOT", s, "IMPORTING", nodeId(fromPort)});
    command(fromPort, {"CLUSTER", "SETSLOT", s, "MIGRATING", nodeId(toPort)});
}

std::size_t RedisCluster::migrateKeys(int slot, int fromPort, int toPort, int count) {
    const auto keys = command(
        fromPort, {"CLUSTER", "GETKEYSINSLOT", std::to_string(slot), std::to_string(count)});
    if (keys.elements.empty()) return 0;
    redis::Command migrate{"MIGRATE", "127.0.0.1", std::to_string(toPort), "", "0", "5000", "KEYS"};
    for (const auto& key : keys.elements)
        migrate.push_back(key.text);
    command(fromPort, migrate);
    return keys.elements.size();
}

void RedisCluster::finishMove(int slot, int fromPort, int toPort) {
    const std::string s = std::to_string(slot);
    const std::string toId = nodeId(toPort);
    // The new owner first, then the old one, then everybody else (the order
    // redis-cli uses, so no node ever points the slot nowhere).
    command(toPort, {"CLUSTER", "SETSLOT", s, "NODE", toId});
    command(fromPort, {"CLUSTER", "SETSLOT", s, "NODE", toId});
    for (int port : masterPorts())
        if (port != toPort && port != fromPort)
            command(port, {"CLUSTER", "SETSLOT", s, "NODE", toId});
}

void RedisCluster::waitHealthy(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string last;
    while (std::chrono::steady_clock::now() < deadline) {
        bool ok = true;
        std::set<std::string> views;
        for (const auto& node : nodes_) {
            if (!node->running()) continue;
            try {
                const auto info = command(node->port(), {"CLUSTER", "INFO"}).text;
                if (info.find("cluster_state:ok") == std::string::npos) {
                    ok = false;
                    last = info;
                    break;
                }
                // Who serves which slots, as this node sees it.
                std::set<std::string> owners;
                for (const auto& words :
                     clusterNodes(command(node->port(), {"CLUSTER", "NODES"}).text)) {
                    if (words[2].find("master") == std::string::npos || words.size() <= 8) continue;
                    std::string line = words[1];
                    for (std::size_t i = 8; i < words.size(); ++i)
                        if (words[i].front() != '[') line += " " + words[i];
                    owners.insert(line);
                }
                std::string view;
                for (const auto& o : owners)
                    view += o + ";";
                views.insert(view);
            } catch (const redis::RedisError& e) {
                ok = false;
                last = e.what();
                break;
            }
        }
        if (ok && views.size() == 1) return;
        if (views.size() > 1) last = "nodes disagree on the slot owners";
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("redis cluster not healthy: " + last);
}

} // namespace jollyjet::test
