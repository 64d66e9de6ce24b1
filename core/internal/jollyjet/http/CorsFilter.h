#pragma once

#include "jollyjet/Export.h"

#include <set>
#include <string>
#include <vector>

#include "jollyjet/http/Filter.h"

namespace jollyjet::http {

/// Cross-origin resource sharing for browsers on other origins, off unless origins
/// are configured (`server.cors.origins`).
///
/// A request whose `Origin` is listed (or any origin, with `*` in the list) gets
/// `Access-Control-Allow-Origin` with that origin and the response headers a client
/// may read; every answer gets `Vary: Origin`. A preflight (OPTIONS with `Origin` and
/// `Access-Control-Request-Method`) from a listed origin is answered here with 204
/// and the methods and headers allowed; one from any other origin goes on to the
/// router like any OPTIONS request (405), so no unlisted page learns anything.
/// Registered by the host as the outermost filter.
class JOLLYJET_API CorsFilter : public Filter {
public:
    struct Settings {
        std::vector<std::string> origins;
        int maxAgeSeconds = 600;
    };
    explicit CorsFilter(Settings settings);

    std::string name() const override { return "cors"; }
    int priority() const override { return priority::kCors; }
    void handle(Exchange& exchange, const Next& next) override;
    /// Fast-path answers carry the same headers (a preflight never takes the fast path).
    void onFastResponse(FastExchange& exchange) override;

private:
    bool allowed(const std::string& origin) const;
    std::set<std::string> origins_;
    bool anyOrigin_ = false;
    int maxAgeSeconds_;
};

} // namespace jollyjet::http
