#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Poco/Net/NameValueCollection.h>

namespace jollyjet::http {

/// Ordered name/value pairs: query parameters, path parameters.
/// Repeated names are kept, in the order they arrived.
class JOLLYJET_API Params {
public:
    void add(std::string name, std::string value);
    /// The first value of `name`, if any.
    std::optional<std::string> get(std::string_view name) const;
    std::size_t count(std::string_view name) const;
    bool has(std::string_view name) const { return count(name) > 0; }
    const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
    bool empty() const { return items_.empty(); }

    /// Parses an `a=1&b=2` string, percent-decoding names and values ('+' is a space).
    static Params parseQuery(std::string_view query);

private:
    std::vector<std::pair<std::string, std::string>> items_;
};

/// The request half of an Exchange: what the client sent, fully read.
struct JOLLYJET_API Request {
    std::string method; ///< upper case; HEAD is routed as GET
    std::string uri;    ///< as received: path and query
    std::string path;   ///< percent-decoded path, no query
    std::string rawQuery;
    Params query;
    Params pathParams; ///< filled by the router
    Poco::Net::NameValueCollection headers; ///< names are case-insensitive
    std::string body;
    std::string clientAddress;

    /// Header value or empty string.
    const std::string& header(const std::string& name) const;
};

/// What a handler tells the response caches in front of it about its answer.
struct JOLLYJET_API CacheHints {
    /// Surrogate keys: CacheService::invalidateTags of any one retires a stored copy
    /// (the product routes tag `product:<id>` on an item, `products` on lists).
    std::vector<std::string> tags;
    /// Byte offset in the body where a cache layer puts its `,"cacheInfo":{...}`
    /// member (comma first); npos: the body takes none. Lets a cache describe its
    /// own answer without parsing the body.
    std::size_t infoAt = std::string::npos;
    /// Length of the handler's own cacheInfo member text at infoAt, which a cache
    /// layer replaces with its own (0: none written).
    std::size_t infoLength = 0;
};

/// The response half of an Exchange, buffered until the filter chain has finished,
/// so any filter can still change the status, a header or the body.
struct JOLLYJET_API Response {
    int status = 200;
    Poco::Net::NameValueCollection headers;
    std::string contentType = "application/json; charset=utf-8";
    std::string body;
    CacheHints cache;

    void set(int newStatus, std::string newBody) {
        status = newStatus;
        body = std::move(newBody);
    }
    void setHeader(const std::string& name, const std::string& value) { headers.set(name, value); }
};

struct RouteEntry;

/// The router's answer for one request, made once (Router::match) before the fast
/// path and the filters look at it, and reused by the router's dispatch.
struct JOLLYJET_API RouteMatch {
    bool done = false;
    /// The route that serves this method and path; nullptr: none (404, 405, OPTIONS).
    const RouteEntry* entry = nullptr;
    /// Without a route for this method: the methods the path has (`Allow`), or empty.
    std::string allowed;
};

/// One request and its response on their way through filters and router.
/// An Exchange belongs to one server thread for its whole life.
class JOLLYJET_API Exchange {
public:
    using Clock = std::chrono::steady_clock;

    Request request;
    Response response;
    /// When the request line and headers had been read.
    Clock::time_point received = Clock::now();
    /// The route pattern that matched ("/api/products/:id"), or empty.
    std::string route;
    RouteMatch match;
    /// Small per-request notes filters leave for each other (e.g. "cache" -> "hit").
    Poco::Net::NameValueCollection notes;

    double elapsedMs() const {
        return std::chrono::duration<double, std::milli>(Clock::now() - received).count();
    }
};

} // namespace jollyjet::http
