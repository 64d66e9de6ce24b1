#pragma once

#include <memory>
#include <string>

#include "ChildProcess.h"
#include "Jollyjetd.h"
#include "RedisCluster.h"
#include "RedisServer.h"

namespace jollyjet::test {

/// What a product-API test runs on: the store backend and the cache backend.
struct StackOptions {
    std::string store = "sqlite";  ///< sqlite | mongodb (the wire test server) | mongodb-tls
    std::string cache = "redis";   ///< redis | redis-tls | redis-cluster | memory | redis-down (a closed port)
    std::string plugins = "timing, product-repository";
    std::string extraIni;          ///< appended to the generated ini
};

/// A private MongoDB wire test server (tests/support/mongo) on a free port; with
/// `tls`, speaking TLS only with the shared TestCertificates' server certificate.
class MongoTestServer {
public:
    explicit MongoTestServer(bool tls = false);
    ~MongoTestServer();
    static bool available();
    int port() const { return port_; }
    /// With TLS, the uri carries tls=true and the test CA (tlsCAFile).
    std::string uri(const std::string& db) const;
    bool tls() const { return tls_; }
    void stop();
    void start();
    /// SIGSTOP / SIGCONT: a store that hangs instead of refusing.
    void pause();
    void resume();

private:
    int port_;
    bool tls_;
    TempDir dir_;
    std::unique_ptr<ChildProcess> process_;
};

/// Redis (or not), a store, and jollyjetd with the product plugin, all private to
/// one test and stopped with it.
class ProductStack {
public:
    explicit ProductStack(StackOptions options = {});
    /// Returns false when jollyjetd did not come up; see server().output().
    bool start();

    Jollyjetd& server() { return *server_; }
    RedisServer* redis() { return redis_.get(); }
    RedisCluster* cluster() { return cluster_.get(); }
    MongoTestServer* mongo() { return mongo_.get(); }
    const StackOptions& options() const { return options_; }
    /// The generated ini text, to start a second jollyjetd on the same backends.
    const std::string& ini() const { return ini_; }

    /// POST a valid product; returns its id (fails the test on any other answer).
    std::string createProduct(const std::string& name, const std::string& category = "Home",
                              double price = 10, int stock = 5,
                              const std::string& description = "A perfectly fine product");

private:
    StackOptions options_;
    std::unique_ptr<RedisServer> redis_;
    std::unique_ptr<RedisCluster> cluster_;
    std::unique_ptr<MongoTestServer> mongo_;
    TempDir dir_;
    std::string ini_;
    std::unique_ptr<Jollyjetd> server_;
};

/// Parses a JSON object body (throws Poco::Exception on anything else).
std::string jsonString(const std::string& body, const std::string& path);

} // namespace jollyjet::test
