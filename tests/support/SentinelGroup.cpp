#include "SentinelGroup.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <Poco/Net/StreamSocket.h>
#include <Poco/Path.h>

namespace jollyjet::test {

namespace {

/// The value of `field` in redis-cli's raw output of SENTINEL MASTER (alternating lines).
std::string fieldOf(const std::string& output, const std::string& field) {
    std::istringstream in(output);
    for (std::string line; std::getline(in, line);) {
        if (line == field) {
            std::string value;
            std::getline(in, value);
            return value;
        }
    }
    return {};
}

void waitListening(int port, ChildProcess& process) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!process.running())
            throw std::runtime_error("redis-sentinel exited at start: " + process.output());
        try {
            Poco::Net::StreamSocket socket;
            socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)),
                           Poco::Timespan(0, 200000));
            return;
        } catch (const Poco::Exception&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    throw std::runtime_error("redis-sentinel did not listen on port " + std::to_string(port));
}

} // namespace

SentinelGroup::SentinelGroup(Options options) : masterName_(std::move(options.masterName)) {
    servers_.push_back(std::make_unique<RedisServer>());
    const int masterPort = servers_[0]->port();
    int replicateFrom = masterPort;
    if (options.replicasThroughProxy) {
        proxy_ = std::make_unique<FaultProxy>(masterPort);
        replicateFrom = proxy_->port();
    }
    for (int i = 0; i < 2; ++i)
        servers_.push_back(std::make_unique<RedisServer>("--replicaof 127.0.0.1 " +
                                                         std::to_string(replicateFrom)));
    for (int i = 0; i < 3; ++i) {
        const int port = freePort();
        const std::string folder =
            Poco::Path(dir_.path()).append("sentinel-" + std::to_string(i)).toString();
        runCommand({"mkdir", "-p", folder});
        const std::string config = Poco::Path(folder).append("sentinel.conf").toString();
        std::ofstream(config) << "port " << port << "\nbind 127.0.0.1\ndaemonize no\ndir " << folder
                              << "\nsentinel monitor " << masterName_ << " 127.0.0.1 " << masterPort
                              << " 2\nsentinel down-after-milliseconds " << masterName_
                              << " 1000\nsentinel failover-timeout " << masterName_ << " "
                              << options.failoverTimeoutMs << "\nsentinel parallel-syncs "
                              << masterName_ << " 1\n";
        sentinels_.push_back(
            std::make_unique<ChildProcess>(std::vector<std::string>{"redis-sentinel", config},
                                           Poco::Path(folder).append("sentinel.log").toString()));
        sentinelPorts_.push_back(port);
        waitListening(port, *sentinels_.back());
    }
}

SentinelGroup::~SentinelGroup() {
    // Sentinels first, so none reconfigures a server that is being stopped.
    for (auto& sentinel : sentinels_)
        sentinel->stop();
    for (auto& server : servers_)
        server->stop();
    proxy_.reset();
}

std::string SentinelGroup::sentinels() const {
    std::string out;
    for (const int port : sentinelPorts_)
        out += (out.empty() ? "" : ", ") + std::string("127.0.0.1:") + std::to_string(port);
    return out;
}

std::string SentinelGroup::ini() const {
    return "[redis]\nmode = sentinel\nsentinels = " + sentinels() +
           "\nmasterName = " + masterName_ + "\n";
}

std::string SentinelGroup::sentinelCli(std::size_t index, const std::string& args) const {
    std::vector<std::string> argv = {"redis-cli", "-h", "127.0.0.1", "-p",
                                     std::to_string(sentinelPorts_.at(index))};
    std::istringstream words(args);
    for (std::string word; words >> word;)
        argv.push_back(word);
    return runCommand(argv, std::chrono::seconds(10)).output;
}

int SentinelGroup::masterPort() const {
    for (std::size_t i = 0; i < sentinelPorts_.size(); ++i) {
        std::istringstream lines(sentinelCli(i, "SENTINEL get-master-addr-by-name " + masterName_));
        std::string host, port;
        if (std::getline(lines, host) && std::getline(lines, port) && !port.empty()) {
            try {
                return std::stoi(port);
            } catch (const std::exception&) {
                // Not a number (an error text): ask the next sentinel.
            }
        }
    }
    return 0;
}

RedisServer& SentinelGroup::serverOn(int port) {
    for (auto& server : servers_)
        if (server->port() == port) return *server;
    throw std::runtime_error("no server of the group listens on " + std::to_string(port));
}

bool SentinelGroup::waitReady(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        bool ready = true;
        for (std::size_t i = 0; i < sentinelPorts_.size() && ready; ++i) {
            const auto output = sentinelCli(i, "SENTINEL master " + masterName_);
            ready = fieldOf(output, "num-slaves") == "2" &&
                    fieldOf(output, "num-other-sentinels") == "2";
        }
        if (ready) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
}

int SentinelGroup::waitForNewMaster(int oldPort, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const int port = masterPort();
        if (port != 0 && port != oldPort) return port;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
}

} // namespace jollyjet::test
