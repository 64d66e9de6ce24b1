#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "WriteGuard.h"

namespace jollyjet::http {
class Router;
}

namespace jollyjet::products {

class ProductService;

/// The product REST API on top of ProductService: request parsing and validation,
/// the success and error envelopes, effective stock, X-Data-Source, the repository
/// layer's cacheInfo, `Location` on a create and `ETag` with `Cache-Control:
/// no-cache` on reads.
///
/// `keyPrefix` is the cache's key prefix, shown in cacheInfo.cacheKey so the key
/// can be looked up with the admin routes as it is.
void registerProductRoutes(http::Router& router, ProductService& service, std::string keyPrefix,
                           std::shared_ptr<WriteGuard> writes, std::int64_t maxResultWindow);

} // namespace jollyjet::products
