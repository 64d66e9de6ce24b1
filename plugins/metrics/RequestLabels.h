#pragma once

#include <optional>
#include <string>

namespace jollyjet::observe {

/// Label values of the request metrics, each drawn from a small fixed set so the
/// number of series stays bounded whatever clients send: a scanner requesting a
/// million random paths adds one series ("unmatched"), not a million.

/// The method as a label: the methods the server routes, else "other".
std::string methodLabel(const std::string& method);

/// The route pattern that served the request ("/api/products/:id"), as the router
/// matched it once before any filter ran, else "unmatched" (404s and 405s).
std::string routeLabel(const std::string& matched);

/// One cache layer's answer, as jollyjet_cache_requests_total{layer,result} counts it.
struct CacheNote {
    std::string layer;  ///< "repository", "http", ...
    std::string result; ///< hit | miss | stale | coalesced | error
};

/// Reads a per-request note left by a cache layer: the name is "cache.<layer>"
/// ("cache.http-cache" is taken as layer "http", the contract's name) and the value
/// one of the results above, in any case. nullopt for other notes, for "bypass"
/// (the request was not a cache lookup) and for values outside the contract.
std::optional<CacheNote> cacheNote(const std::string& name, const std::string& value);

} // namespace jollyjet::observe
