#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <Poco/Net/ServerSocket.h>

#include "CommandExecutor.h"

namespace jollyjet::test {

/// TLS for the wire server: off while certFile is empty. With caFile, a client
/// certificate is asked for (and verified when one is sent).
struct MongoWireTls {
    std::string certFile;
    std::string keyFile;
    std::string caFile;
};

/// An in-memory MongoDB speaking the wire protocol on a loopback port, for tests.
///
/// Answers OP_MSG (kind 0 and kind 1 sections, moreToCome requests, awaitable and
/// exhaust hello as the official drivers' monitors use it) and the OP_QUERY
/// handshake (`isMaster`/`hello` on `admin.$cmd`) that drivers open with; other
/// legacy opcodes close the connection, as MongoDB 6+ does. Commands and their
/// semantics are those of wire::CommandExecutor. One thread per connection.
///
/// Guarantees: the constructor returns once the port accepts connections; stop()
/// (and the destructor) closes the listener and every client connection and joins
/// all threads, so a test can "kill" the server and then start a new one on the
/// same port. Data lives as long as the object. With MongoWireTls the port speaks
/// TLS only (the handshake happens in the connection's thread, so a client that
/// never completes it holds up nobody else).
class MongoWireServer {
public:
    /// `port` 0: a free port. Throws Poco::Net::NetException when it cannot listen.
    explicit MongoWireServer(int port = 0, bool verbose = false, const MongoWireTls& tls = {});
    ~MongoWireServer();
    MongoWireServer(const MongoWireServer&) = delete;
    MongoWireServer& operator=(const MongoWireServer&) = delete;

    int port() const { return port_; }
    /// "mongodb://127.0.0.1:<port>/<db>"
    std::string uri(const std::string& db = "test") const;
    void stop();
    /// Connections open right now.
    std::size_t connectionCount() const;

private:
    struct Session;
    void acceptLoop();
    void serve(Session& session);
    void reapFinished();

    int port_;
    bool verbose_;
    Poco::Net::ServerSocket listener_;
    wire::CommandExecutor executor_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::int32_t> nextConnectionId_{1};
    mutable std::mutex mutex_;
    std::list<std::unique_ptr<Session>> sessions_;
    std::thread acceptor_;
};

} // namespace jollyjet::test
