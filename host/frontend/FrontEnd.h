#pragma once

#include <memory>
#include <string>
#include <vector>

#include <Poco/Net/ServerSocket.h>
#include <spdlog/logger.h>

#include "FrontEndContext.h"
#include "FrontEndSettings.h"

namespace jollyjet::http {
class FilterChain;
}
namespace jollyjet::metrics {
class Registry;
}

namespace jollyjet::host {

class IoLoop;
class WorkerPool;
struct Job;

/// The HTTP/1.1 server of jollyjetd: `ioThreads` event loops over non-blocking
/// sockets and `workerThreads` threads that run the filter chain.
///
/// An idle connection costs a socket and a small buffer, never a thread. A port
/// already in use is an error (the socket is bound without SO_REUSEPORT, so a second
/// server can never share it). drain() stops accepting, lets the requests in flight
/// finish and be answered with `Connection: close`, and closes idle connections.
class FrontEnd {
public:
    FrontEnd(const FrontEndSettings& settings, const http::FilterChain& chain,
             metrics::Registry& metrics, std::shared_ptr<spdlog::logger> log,
             std::shared_ptr<spdlog::logger> accessLog);
    ~FrontEnd();
    FrontEnd(const FrontEnd&) = delete;
    FrontEnd& operator=(const FrontEnd&) = delete;

    /// Binds, listens and starts every thread; throws std::runtime_error naming the
    /// address when it cannot listen.
    void start();
    /// Graceful stop, bounded by drainTimeout; returns the connections still open
    /// when it gave up waiting.
    int drain();

private:
    void runJob(Job& job);

    FrontEndSettings settings_;
    FrontEndContext context_;
    Poco::Net::ServerSocket socket_;
    std::unique_ptr<WorkerPool> workers_;
    std::vector<std::unique_ptr<IoLoop>> loops_;
};

} // namespace jollyjet::host
