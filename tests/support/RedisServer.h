#pragma once

#include <memory>
#include <string>

#include "ChildProcess.h"
#include "TestEnv.h"

namespace jollyjet::test {

/// A private redis-server on a free loopback port, for one test suite.
/// No persistence; its files live in a temporary folder. stop()/start() keep the
/// port, so a test can kill Redis and bring it back where clients expect it.
class RedisServer {
public:
    /// `extraArgs`: more redis-server options, e.g. "--requirepass secret".
    explicit RedisServer(std::string extraArgs = "");
    ~RedisServer();

    int port() const { return port_; }
    std::string url(int db = 0) const;
    void start();
    void stop();  ///< SIGTERM and wait
    void kill();  ///< SIGKILL and wait (a crash)
    bool running();
    /// Runs redis-cli against this server and returns its output.
    std::string cli(const std::string& args) const;

private:
    int port_;
    std::string extraArgs_;
    TempDir dir_;
    std::unique_ptr<ChildProcess> process_;
};

} // namespace jollyjet::test
