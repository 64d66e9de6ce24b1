#include "CoreHttp.h"

#include <memory>

#include <Poco/Util/AbstractConfiguration.h>

#include "OpenApiDocument.h"
#include "jollyjet/config/CoreSchema.h"
#include "jollyjet/http/CompressionFilter.h"
#include "jollyjet/http/ConditionalGetFilter.h"
#include "jollyjet/http/CorsFilter.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/Router.h"

namespace jollyjet::host {

void installCoreHttp(http::Router& router, http::FilterChain& filters, metrics::Registry& metrics,
                     const Poco::Util::AbstractConfiguration& config) {
    http::CorsFilter::Settings cors;
    cors.origins = config::splitList(config::coreString(config, "server.cors.origins"));
    cors.maxAgeSeconds = static_cast<int>(config::coreInt(config, "server.cors.maxAgeSeconds"));
    if (!cors.origins.empty()) filters.add(std::make_shared<http::CorsFilter>(std::move(cors)));
    filters.add(std::make_shared<http::ConditionalGetFilter>());
    if (config::coreBool(config, "server.compression"))
        filters.add(std::make_shared<http::CompressionFilter>(
            http::CompressionFilter::Settings{static_cast<std::size_t>(config::coreInt(config, "server.compressMinBytes"))},
            metrics));

    router.add("GET", "/api/openapi.json", [](http::Exchange& ex) {
        ex.response.set(200, openApiJson());
        ex.response.contentType = "application/json; charset=utf-8";
        ex.response.setHeader("Cache-Control", "public, max-age=300");
    });
}

} // namespace jollyjet::host
