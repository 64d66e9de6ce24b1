#include "HitTracker.h"

#include <Poco/String.h>

namespace jollyjet::admin {

void HitTracker::handle(http::Exchange& exchange, const http::Next& next) {
    next(exchange);
    if (exchange.request.method != "GET" || exchange.response.status != 200) return;
    // A warm-up's own requests are not clients' hits.
    if (exchange.request.header("User-Agent") == "jollyjet-cache-admin-warmup") return;
    // The outermost layer that answered: an http-cache hit never reached the
    // repository, a repository hit came after an http-cache miss (or without it).
    std::string layer;
    for (const auto& [name, value] : exchange.notes) {
        if (name.rfind("cache.", 0) != 0) continue;
        const std::string result = Poco::toLower(value);
        if (result != "hit" && result != "stale") continue;
        std::string noteLayer = name.substr(6);
        if (noteLayer == "http-cache") noteLayer = "http";
        if (layer.empty() || noteLayer == "http") layer = noteLayer;
    }
    if (!layer.empty()) top_.record(layer + " " + exchange.request.uri);
}

} // namespace jollyjet::admin
