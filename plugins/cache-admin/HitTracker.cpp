#include "HitTracker.h"

#include <Poco/String.h>

namespace jollyjet::admin {

void HitTracker::handle(http::Exchange& exchange, const http::Next& next) {
    next(exchange);
    if (exchange.request.method != "GET" || exchange.response.status != 200) return;
    for (const auto& [name, value] : exchange.notes) {
        if (name.rfind("cache.", 0) != 0) continue;
        const std::string result = Poco::toLower(value);
        if (result == "hit" || result == "stale") {
            top_.record(exchange.request.uri);
            return;
        }
    }
}

} // namespace jollyjet::admin
