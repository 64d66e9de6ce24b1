#pragma once

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace jollyjet::test {

/// A TCP proxy on a free loopback port in front of one target port, for fault
/// tests: it forwards bytes both ways and can hold traffic without closing
/// anything, so the client sees a peer that went silent (a partition, a stalled
/// subscription), not a refused connection.
///
/// - holdAll: nothing moves in either direction on any connection, and new
///   connections are accepted but not forwarded, until released;
/// - holdSubscriptions: only the server-to-client direction of connections whose
///   client sent SUBSCRIBE (the Redis pub/sub connection) stops; everything else flows.
/// Held bytes wait in the kernel's socket buffers and are delivered on release.
/// Stops (and closes every connection) in its destructor.
class FaultProxy {
public:
    explicit FaultProxy(int targetPort);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    int port() const { return port_; }
    std::string redisUrl() const { return "redis://127.0.0.1:" + std::to_string(port_) + "/0"; }

    void holdAll(bool hold) { holdAll_ = hold; }
    void holdSubscriptions(bool hold) { holdSubscriptions_ = hold; }
    /// Connections accepted so far.
    int connections() const { return connections_; }

private:
    struct Pipe;
    void acceptLoop();
    void pump(Pipe& pipe);

    const int targetPort_;
    int port_ = 0;
    int listenFd_ = -1;
    std::atomic<bool> running_{true}, holdAll_{false}, holdSubscriptions_{false};
    std::atomic<int> connections_{0};
    std::thread acceptor_;
    std::mutex mutex_;
    std::list<std::unique_ptr<Pipe>> pipes_;
};

} // namespace jollyjet::test
