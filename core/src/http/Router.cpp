#include "jollyjet/http/Router.h"

#include <stdexcept>

#include "jollyjet/http/Json.h"

namespace jollyjet::http {

std::vector<std::string> splitPath(const std::string& path) {
    std::vector<std::string> segments;
    std::size_t start = path.empty() || path[0] != '/' ? 0 : 1;
    while (true) {
        const auto slash = path.find('/', start);
        segments.push_back(path.substr(start, slash - start));
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return segments;
}

Router::Router() = default;
Router::~Router() = default;

void Router::add(const std::string& method, const std::string& pattern, Handler handler, CacheOptions cache) {
    add(method, pattern, std::move(handler));
    routes_.back().cache = std::move(cache);
}

void Router::add(const std::string& method, const std::string& pattern, Handler handler) {
    for (const auto& route : routes_)
        if (route.method == method && route.pattern == pattern)
            throw std::logic_error("route registered twice: " + method + " " + pattern);
    Route route{method, pattern, splitPath(pattern), 0, std::move(handler)};
    for (const auto& segment : route.segments)
        if (segment.empty() || segment[0] != ':') ++route.literalCount;
    routes_.push_back(std::move(route));
}

bool Router::matches(const Route& route, const std::vector<std::string>& segments) {
    if (route.segments.size() != segments.size()) return false;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const auto& want = route.segments[i];
        if (!want.empty() && want[0] == ':') {
            if (segments[i].empty()) return false;
        } else if (want != segments[i]) {
            return false;
        }
    }
    return true;
}

const Router::Route* Router::find(const std::string& method,
                                  const std::vector<std::string>& segments,
                                  std::string& allowed) const {
    const Route* best = nullptr;
    int bestOther = -1;
    for (const auto& route : routes_) {
        if (!matches(route, segments)) continue;
        if (route.method == method) {
            if (!best || route.literalCount > best->literalCount) best = &route;
        } else if (route.literalCount >= bestOther) {
            bestOther = route.literalCount;
        }
    }
    // Allowed methods are those of the most specific pattern that matched, so
    // `POST /api/products/count` lists GET (count), not the methods of `:id`.
    // HEAD is served wherever GET is, and OPTIONS wherever anything is.
    if (!best && bestOther >= 0) {
        for (const auto& route : routes_) {
            if (matches(route, segments) && route.literalCount == bestOther) {
                allowed += route.method + ", ";
                if (route.method == "GET") allowed += "HEAD, ";
            }
        }
        allowed += "OPTIONS";
    }
    return best;
}

void Router::match(Exchange& exchange) const {
    auto& match = exchange.match;
    if (match.done) return;
    match.done = true;
    const std::string& method = exchange.request.method == "HEAD" ? std::string("GET")
                                                                  : exchange.request.method;
    const auto segments = splitPath(exchange.request.path);
    match.entry = find(method, segments, match.allowed);
    if (!match.entry) return;
    exchange.route = match.entry->pattern;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const auto& want = match.entry->segments[i];
        if (!want.empty() && want[0] == ':') exchange.request.pathParams.add(want.substr(1), segments[i]);
    }
}

void Router::dispatch(Exchange& exchange) const {
    match(exchange);
    const auto& match = exchange.match;
    if (match.entry) {
        match.entry->handler(exchange);
        return;
    }
    if (!match.allowed.empty() && exchange.request.method == "OPTIONS") {
        exchange.response.setHeader("Allow", match.allowed);
        exchange.response.set(204, "");
    } else if (!match.allowed.empty()) {
        exchange.response.setHeader("Allow", match.allowed);
        sendError(exchange.response, 405, "Method not allowed");
    } else {
        sendError(exchange.response, 404, "Route not found");
    }
}

} // namespace jollyjet::http
