#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <chrono>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "jollyjet/http/Exchange.h"

namespace jollyjet::http {

using Handler = std::function<void(Exchange&)>;

/// What a route tells the response caches in front of it.
struct JOLLYJET_API RouteCacheOptions {
    /// The query parameters the route reads (nullopt: any): caches leave every
    /// other parameter out of their keys, so junk parameters cannot multiply
    /// cached entries of one answer.
    std::optional<std::vector<std::string>> queryParams;
    /// A name for configuration (`[plugin.http-cache] ttl.<name>`), and how long
    /// its answers may be cached by default (0: not cached unless configured).
    std::string name;
    std::chrono::seconds ttl{0};
};

/// One registered route (what RouteMatch::entry points at).
struct JOLLYJET_API RouteEntry {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    int literalCount = 0;
    Handler handler;
    RouteCacheOptions cache;
};

/// Maps a method and a path to a handler.
///
/// Patterns are `/`-separated segments; a segment `:name` matches any non-empty
/// segment and is handed to the handler as a path parameter. Where several patterns
/// match, the one with more literal segments wins, so `/api/products/count` is chosen
/// over `/api/products/:id` whatever the order of registration. A path that matches a
/// pattern under another method gets 405 with `Allow`; no match at all gets 404. Both
/// answers use the JSON error envelope. Routes are registered during plugin init and
/// only read afterwards, so matching takes no lock.
class JOLLYJET_API Router {
public:
    Router();
    ~Router();

    /// Registers a route; a second route with the same method and pattern throws.
    void add(const std::string& method, const std::string& pattern, Handler handler);
    using CacheOptions = RouteCacheOptions;
    void add(const std::string& method, const std::string& pattern, Handler handler, CacheOptions cache);

    /// Matches the exchange once: fills `exchange.match`, `exchange.route` and the
    /// path parameters. A second call does nothing. HEAD is matched as GET.
    void match(Exchange& exchange) const;

    /// Routes the exchange (matching it first if nothing did): calls the handler, or
    /// writes the 404/405 envelope, or answers OPTIONS with 204 and `Allow`.
    void dispatch(Exchange& exchange) const;

private:
    using Route = RouteEntry;
    const Route* find(const std::string& method, const std::vector<std::string>& segments,
                      std::string& allowed) const;
    static bool matches(const Route& route, const std::vector<std::string>& segments);

    // A deque: entries never move, so RouteMatch can point at them.
    std::deque<Route> routes_;
};

/// Splits "/a/b/" into {"a","b",""}; the empty last segment matters ("PUT /api/products/").
JOLLYJET_API std::vector<std::string> splitPath(const std::string& path);

} // namespace jollyjet::http
