#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "jollyjet/http/Exchange.h"

namespace jollyjet::http {

/// A complete answer produced without blocking, written by the front end as it is.
///
/// The body is shared, not copied, so a cache can hand out the bytes it holds.
/// The front end adds Content-Length, Connection, Date and Server; for HEAD it
/// writes the headers alone.
struct JOLLYJET_API FastResponse {
    int status = 200;
    std::string contentType = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::shared_ptr<const std::string> body;
    /// The route pattern the answer belongs to ("/api/products/:id"), for metrics.
    std::string route;
    /// Which cache layer answered ("http") and how ("near"), for the access log and
    /// metrics.
    std::string layer;
    std::string detail;

    void setHeader(std::string name, std::string value) {
        for (auto& [n, v] : headers)
            if (n == name) {
                v = std::move(value);
                return;
            }
        headers.emplace_back(std::move(name), std::move(value));
    }
};

/// A fast-path answer on its way out: what filters see in Filter::onFastResponse.
struct JOLLYJET_API FastExchange {
    const Request& request;
    FastResponse& response;
    Exchange::Clock::time_point received;

    double elapsedMs() const {
        return std::chrono::duration<double, std::milli>(Exchange::Clock::now() - received)
            .count();
    }
};

/// A lookup the front end's I/O threads try with every parsed request before a
/// worker thread runs the filter chain: a near cache serving from memory.
///
/// lookup() gets the exchange already matched by the router (`exchange.match`,
/// `exchange.route`), so nobody matches the route again. It runs on an I/O thread,
/// so it must never block: no network, no disk, no lock held across anything slow.
/// It returns true when it filled `out`; then the request never reaches the filter
/// chain, and each filter sees the answer through Filter::onFastResponse instead
/// (timing stamps it, metrics counts it).
class JOLLYJET_API FastLookup {
public:
    virtual ~FastLookup();
    virtual std::string name() const = 0;
    virtual bool lookup(const Exchange& exchange, FastResponse& out) = 0;
};

} // namespace jollyjet::http
