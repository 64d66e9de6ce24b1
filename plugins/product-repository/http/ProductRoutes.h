#pragma once

#include <cstdint>
#include <string>

namespace jollyjet::http {
class Router;
}

namespace jollyjet::products {

class ProductService;

/// The product REST API of API.md sections 3-5 on top of ProductService:
/// request parsing and validation, the success and error envelopes, effective
/// stock, X-Data-Source and the repository layer's cacheInfo.
///
/// `keyPrefix` is the cache's key prefix, shown in cacheInfo.cacheKey so the key
/// can be looked up with the admin routes as it is.
void registerProductRoutes(http::Router& router, ProductService& service, std::string keyPrefix,
                           std::int64_t maxResultWindow);

} // namespace jollyjet::products
