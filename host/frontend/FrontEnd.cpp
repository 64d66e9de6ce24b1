#include "FrontEnd.h"

#include <thread>

#include <Poco/Net/NetException.h>

#include "IoLoop.h"
#include "WorkerPool.h"
#include "Wire.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/HttpError.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/log/Redact.h"
#include "jollyjet/metrics/Metrics.h"

namespace jollyjet::host {

namespace {

// The cache layer that answered, from the notes filters leave, for the access log.
std::string layerOf(const http::Exchange& exchange) {
    if (exchange.notes.has("cache.http")) return "http:" + exchange.notes.get("cache.http");
    if (exchange.notes.has("cache.repository"))
        return "repository:" + exchange.notes.get("cache.repository");
    return "-";
}

FrontEndCounters registerCounters(metrics::Registry& m, FrontEndContext& context) {
    FrontEndCounters c;
    c.rejected = &m.counter("jollyjet_http_connections_rejected_total",
                            "Connections closed at once because server.maxConnections was reached");
    const std::string timeouts = "jollyjet_http_timeouts_total";
    const std::string timeoutsHelp = "Connections closed by a front-end deadline";
    c.headerTimeouts = &m.counter(timeouts, timeoutsHelp, {{"phase", "header"}});
    c.bodyTimeouts = &m.counter(timeouts, timeoutsHelp, {{"phase", "body"}});
    c.writeTimeouts = &m.counter(timeouts, timeoutsHelp, {{"phase", "write"}});
    c.idleClosed = &m.counter(timeouts, timeoutsHelp, {{"phase", "keepalive"}});
    c.protocolErrors = &m.counter("jollyjet_http_protocol_errors_total",
                                  "Requests refused by the HTTP parser (malformed, too large)");
    c.fastResponses = &m.counter("jollyjet_http_fast_responses_total",
                                 "Responses given on an I/O thread by a fast-path lookup");
    m.gaugeFunction("jollyjet_http_connections", "Open client connections", {},
                    [&context] { return static_cast<double>(context.connections.load()); });
    return c;
}

} // namespace

FrontEnd::FrontEnd(const FrontEndSettings& settings, const http::FilterChain& chain,
                   metrics::Registry& metrics, std::shared_ptr<spdlog::logger> log,
                   std::shared_ptr<spdlog::logger> accessLog)
    : settings_(settings), context_(settings_, chain, std::move(log), AccessLog(std::move(accessLog))) {
    context_.counters = registerCounters(metrics, context_);
}

FrontEnd::~FrontEnd() {
    for (auto& loop : loops_) loop->stop();
    if (workers_) workers_->stop();
    loops_.clear();
}

void FrontEnd::start() {
    const std::string where = settings_.host + ":" + std::to_string(settings_.port);
    try {
        const Poco::Net::SocketAddress address(settings_.host, static_cast<Poco::UInt16>(settings_.port));
        // SO_REUSEADDR lets a restart bind past TIME_WAIT; SO_REUSEPORT would let a
        // second server bind the same port and take half of the connections.
        socket_.bind(address, true, false);
        socket_.listen(settings_.backlog);
        socket_.setBlocking(false);
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot listen on " + where + ": " + e.displayText());
    }
    workers_ = std::make_unique<WorkerPool>(settings_.workerThreads, [this](Job& job) { runJob(job); });
    context_.workers = workers_.get();
    const int fd = socket_.impl()->sockfd();
    for (int i = 0; i < settings_.ioThreads; ++i)
        loops_.push_back(std::make_unique<IoLoop>(i, context_, fd));
    for (auto& loop : loops_) loop->start();
}

void FrontEnd::runJob(Job& job) {
    http::Exchange& exchange = *job.exchange;
    try {
        context_.chain.run(exchange);
    } catch (const http::HttpError& e) {
        http::sendError(exchange.response, e.status(), e.what(), e.errors());
    } catch (const std::exception& e) {
        context_.log->error("{} {}: {}", exchange.request.method, log::redactUri(exchange.request.uri), e.what());
        http::sendError(exchange.response, 500, "Internal server error");
    } catch (...) {
        context_.log->error("{} {}: unknown exception", exchange.request.method,
                            log::redactUri(exchange.request.uri));
        http::sendError(exchange.response, 500, "Internal server error");
    }
    Framing framing = job.framing;
    framing.keepAlive = framing.keepAlive && !context_.draining;
    Completion completion{job.fd, job.serial, {}, framing.keepAlive};
    appendResponse(completion.bytes, exchange.response, framing);
    if (context_.access.enabled())
        context_.access.write({exchange.request.method, exchange.request.uri, exchange.response.status,
                               completion.bytes.size(), exchange.elapsedMs(),
                               exchange.request.clientAddress, layerOf(exchange)});
    job.exchange.reset();
    job.loop->complete(std::move(completion));
}

int FrontEnd::drain() {
    for (auto& loop : loops_) loop->post([&loop] { loop->stopAccepting(); }, true);
    socket_.close();
    context_.draining = true;
    for (auto& loop : loops_) loop->post([&loop] { loop->beginDrain(); });
    const auto deadline = std::chrono::steady_clock::now() + settings_.drainTimeout;
    while (context_.connections.load() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const int left = context_.connections.load();
    for (auto& loop : loops_) loop->stop();
    workers_->stop();
    return left;
}

} // namespace jollyjet::host
