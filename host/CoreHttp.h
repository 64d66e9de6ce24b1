#pragma once

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet::http {
class FilterChain;
class Router;
} // namespace jollyjet::http
namespace jollyjet::metrics {
class Registry;
}

namespace jollyjet::host {

/// What the host itself adds to every server, whatever plugins run: CORS (when
/// `server.cors.origins` lists any) as the outermost filter, conditional GET for
/// answers with an ETag, compression (`server.compression`, inside the caches), and
/// the API description at GET /api/openapi.json.
void installCoreHttp(http::Router& router, http::FilterChain& filters, metrics::Registry& metrics,
                     const Poco::Util::AbstractConfiguration& config);

} // namespace jollyjet::host
