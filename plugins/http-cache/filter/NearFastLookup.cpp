#include "filter/NearFastLookup.h"

#include "filter/HttpCacheFilter.h"

namespace jollyjet::httpcache {

bool NearFastLookup::lookup(const http::Exchange& exchange, http::FastResponse& out) {
    auto response = filter_->nearLookup(exchange);
    if (!response) return false;
    out.status = response->status;
    out.contentType = std::move(response->contentType);
    out.headers.reserve(response->headers.size());
    for (const auto& [name, value] : response->headers) out.headers.emplace_back(name, value);
    out.body = std::make_shared<const std::string>(std::move(response->body));
    out.route = exchange.route;
    out.layer = "http";
    out.detail = "near";
    return true;
}

} // namespace jollyjet::httpcache
