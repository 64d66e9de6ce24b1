#include "RequestDispatcher.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

#include "jollyjet/http/Filter.h"
#include "jollyjet/http/HttpError.h"
#include "jollyjet/http/Json.h"

namespace jollyjet::host {

namespace {

class InFlight {
public:
    explicit InFlight(std::atomic<int>& counter) : counter_(counter) { ++counter_; }
    ~InFlight() { --counter_; }

private:
    std::atomic<int>& counter_;
};

// Reads at most `limit` bytes of body; returns false when there was more.
bool readBody(std::istream& in, std::size_t limit, std::string& body) {
    char buffer[8192];
    while (in) {
        in.read(buffer, sizeof buffer);
        const auto n = static_cast<std::size_t>(in.gcount());
        if (n == 0) break;
        if (body.size() + n > limit) return false;
        body.append(buffer, n);
    }
    return true;
}

// Reads and drops what is left of a refused body, up to `limit` bytes, so the
// client, still sending, gets to read the 413 instead of a reset connection.
// Returns whether the body ended within the limit (the connection can be kept).
bool discardBody(std::istream& in, std::size_t limit) {
    char buffer[8192];
    std::size_t seen = 0;
    while (in && seen <= limit) {
        in.read(buffer, sizeof buffer);
        const auto n = static_cast<std::size_t>(in.gcount());
        if (n == 0) return true;
        seen += n;
    }
    return false;
}

// Past this much, a refused body is not worth reading: close the connection.
constexpr std::size_t kDiscardLimit = 4 * 1024 * 1024;

} // namespace

class RequestDispatcher::Handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(RequestDispatcher& owner) : owner_(owner) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        InFlight guard(owner_.inFlight_);
        http::Exchange exchange;
        bool bodyComplete = true;
        try {
            if (prepare(request, exchange, bodyComplete)) owner_.chain_.run(exchange);
        } catch (const http::HttpError& e) {
            http::sendError(exchange.response, e.status(), e.what(), e.errors());
        } catch (const std::exception& e) {
            owner_.log_->error("{} {}: {}", exchange.request.method, exchange.request.uri, e.what());
            http::sendError(exchange.response, 500, "Internal server error");
        } catch (...) {
            owner_.log_->error("{} {}: unknown exception", exchange.request.method,
                               exchange.request.uri);
            http::sendError(exchange.response, 500, "Internal server error");
        }
        write(exchange, response, bodyComplete && !owner_.draining_);
    }

private:
    // Fills the exchange; answers by itself (returns false) when the request cannot
    // go on: a body over the limit.
    bool prepare(Poco::Net::HTTPServerRequest& request, http::Exchange& exchange,
                 bool& bodyComplete) {
        auto& req = exchange.request;
        req.method = request.getMethod();
        req.uri = request.getURI();
        const auto question = req.uri.find('?');
        const std::string rawPath = req.uri.substr(0, question);
        req.rawQuery = question == std::string::npos ? std::string() : req.uri.substr(question + 1);
        try {
            Poco::URI::decode(rawPath, req.path);
        } catch (const Poco::Exception&) {
            req.path = rawPath;
        }
        req.query = http::Params::parseQuery(req.rawQuery);
        for (const auto& [name, value] : request) req.headers.add(name, value);
        req.clientAddress = request.clientAddress().toString();

        const std::size_t limit = owner_.maxBodyBytes_;
        // HTTP/1.1: without Content-Length or chunked encoding a request has no body
        // (reading the stream would wait for the client to close).
        const bool hasBody = request.hasContentLength() || request.getChunkedTransferEncoding();
        if (!hasBody) return true;
        const bool declaredTooLarge = request.hasContentLength() &&
                                      request.getContentLength64() >= 0 &&
                                      static_cast<std::uint64_t>(request.getContentLength64()) > limit;
        if (!declaredTooLarge && readBody(request.stream(), limit, req.body)) return true;
        req.body.clear();
        const bool hugeDeclared = declaredTooLarge &&
                                  static_cast<std::uint64_t>(request.getContentLength64()) > kDiscardLimit;
        bodyComplete = !hugeDeclared && discardBody(request.stream(), kDiscardLimit);
        http::sendError(exchange.response, 413,
                        "Request body too large (limit " + std::to_string(limit) + " bytes)");
        return false;
    }

    static void write(http::Exchange& exchange, Poco::Net::HTTPServerResponse& response,
                      bool keepAlive) {
        auto& out = exchange.response;
        response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(out.status));
        for (const auto& [name, value] : out.headers) response.set(name, value);
        // An unread body would be taken for the next request, and a draining server
        // takes no next request: close instead.
        if (!keepAlive) response.setKeepAlive(false);
        if (out.status == 304 || out.status == 204) {
            response.setContentLength(0);
            response.send();
            return;
        }
        response.setContentType(out.contentType);
        response.sendBuffer(out.body.data(), out.body.size());
    }

    RequestDispatcher& owner_;
};

RequestDispatcher::RequestDispatcher(const http::FilterChain& chain, std::size_t maxBodyBytes,
                                     std::shared_ptr<spdlog::logger> log)
    : chain_(chain), maxBodyBytes_(maxBodyBytes), log_(std::move(log)) {}

RequestDispatcher::~RequestDispatcher() = default;

Poco::Net::HTTPRequestHandler*
RequestDispatcher::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
    return new Handler(*this);
}

} // namespace jollyjet::host
