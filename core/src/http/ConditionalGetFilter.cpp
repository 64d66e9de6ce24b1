#include "jollyjet/http/ConditionalGetFilter.h"

#include "jollyjet/http/EntityTag.h"

namespace jollyjet::http {

void ConditionalGetFilter::handle(Exchange& exchange, const Next& next) {
    next(exchange);
    auto& response = exchange.response;
    if (response.status != 200 || (exchange.request.method != "GET" && exchange.request.method != "HEAD"))
        return;
    const std::string& condition = exchange.request.header("If-None-Match");
    if (condition.empty() || !response.headers.has("ETag")) return;
    if (!ifNoneMatchMatches(condition, response.headers.get("ETag"))) return;
    response.status = 304;
    response.body.clear();
}

} // namespace jollyjet::http
