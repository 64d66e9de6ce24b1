#pragma once

#include <memory>
#include <optional>
#include <string>

#include "ChildProcess.h"
#include "TestEnv.h"

namespace jollyjet::test {

/// How a RedisServer speaks: plaintext, or TLS only (no plaintext port at all).
struct RedisServerTls {
    std::string certFile;
    std::string keyFile;
    std::string caFile;                     ///< CA for client certificates (redis demands one)
    bool requireClientCertificate = false; ///< --tls-auth-clients yes
};

/// A private redis-server on a free loopback port, for one test suite.
/// No persistence; its files live in a temporary folder. stop()/start() keep the
/// port, so a test can kill Redis and bring it back where clients expect it.
/// With RedisServerTls the port speaks TLS only and url() says rediss://.
class RedisServer {
public:
    /// `extraArgs`: more redis-server options, e.g. "--requirepass secret".
    explicit RedisServer(std::string extraArgs = "");
    RedisServer(std::string extraArgs, RedisServerTls tls);
    ~RedisServer();

    int port() const { return port_; }
    std::string url(int db = 0) const;
    bool tls() const { return tls_.has_value(); }
    void start();
    /// Takes effect at the next start(): the same port with other certificates.
    void presentOnRestart(RedisServerTls tls) { tls_ = std::move(tls); }
    void stop();  ///< SIGTERM and wait
    void kill();  ///< SIGKILL and wait (a crash)
    bool running();
    /// Runs redis-cli against this server and returns its output.
    std::string cli(const std::string& args) const;

private:
    int port_;
    std::string extraArgs_;
    std::optional<RedisServerTls> tls_;
    TempDir dir_;
    std::unique_ptr<ChildProcess> process_;
};

} // namespace jollyjet::test
