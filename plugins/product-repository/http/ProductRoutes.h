#pragma once

#include <memory>
#include <string>

#include "jollyjet/http/Exchange.h"
#include "jollyjet/http/FailedAuthLimiter.h"

namespace jollyjet::http {
class Router;
}

namespace jollyjet::products {

class ProductService;

/// The bearer token product writes (POST, PUT, PATCH, DELETE) demand; an empty token
/// lets every write through (development, or `publicWrites` on purpose). Wrong
/// tokens are limited per client address (429) and logged without the token.
class WriteGuard {
public:
    WriteGuard(std::string token, http::FailedAuthLimiter::Settings limits,
               std::shared_ptr<spdlog::logger> log)
        : token_(std::move(token)), limiter_("product writes", limits, std::move(log)) {}
    /// Whether the write may go on; otherwise the 401 or 429 answer is written.
    bool admit(http::Exchange& exchange);

private:
    std::string token_;
    http::FailedAuthLimiter limiter_;
};

/// The product REST API on top of ProductService: request parsing and validation,
/// the success and error envelopes, effective stock, X-Data-Source, the repository
/// layer's cacheInfo, `Location` on a create and `ETag` with `Cache-Control:
/// no-cache` on reads.
///
/// `keyPrefix` is the cache's key prefix, shown in cacheInfo.cacheKey so the key
/// can be looked up with the admin routes as it is.
void registerProductRoutes(http::Router& router, ProductService& service, std::string keyPrefix,
                           std::shared_ptr<WriteGuard> writes);

} // namespace jollyjet::products
