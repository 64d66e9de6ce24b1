#pragma once

#include <atomic>
#include <memory>

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <spdlog/logger.h>

namespace jollyjet::http {
class FilterChain;
}

namespace jollyjet::host {

/// The one handler factory of the HTTP server.
///
/// For every request it reads the body (refusing one larger than maxBodyBytes with
/// 413), builds an Exchange, runs the filter chain and router, turns anything thrown
/// into the JSON error envelope, and writes the buffered response in one piece.
/// It counts requests in flight, so shutdown can wait for them to finish.
class RequestDispatcher : public Poco::Net::HTTPRequestHandlerFactory {
public:
    RequestDispatcher(const http::FilterChain& chain, std::size_t maxBodyBytes,
                      std::shared_ptr<spdlog::logger> log);
    ~RequestDispatcher() override;

    Poco::Net::HTTPRequestHandler*
    createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

    int inFlight() const { return inFlight_.load(); }
    /// From now on every response closes its connection.
    void beginDrain() { draining_ = true; }

private:
    class Handler;
    const http::FilterChain& chain_;
    std::size_t maxBodyBytes_;
    std::shared_ptr<spdlog::logger> log_;
    std::atomic<int> inFlight_{0};
    std::atomic<bool> draining_{false};
};

} // namespace jollyjet::host
