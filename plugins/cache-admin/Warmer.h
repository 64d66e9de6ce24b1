#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/logger.h>

namespace jollyjet::http {
class FilterChain;
}
namespace jollyjet::cache {
class CacheService;
}

namespace jollyjet::admin {

/// Fills the cache the way real traffic would, by sending synthetic GET requests
/// through the whole filter chain and router: the first list pages, the count, the
/// wishlist when asked, then every product found on those pages. Each cache layer
/// (http-cache, repository) stores what it stores for a client, under the same keys,
/// and the product plugin is reached only over its HTTP routes: no plugin includes
/// another's headers.
///
/// One warm-up runs at a time (a second caller gets `busy`). `cancel` is checked
/// between requests, so stopping the server never waits for more than one request.
class Warmer {
public:
    struct Result {
        bool busy = false;           ///< another warm-up was running; nothing done
        std::uint64_t warmed = 0;    ///< cache entries written meanwhile (CacheStats::sets)
        std::uint64_t requests = 0;  ///< synthetic requests sent
        std::uint64_t failed = 0;    ///< of which answered with a status other than 200
        std::uint64_t products = 0;  ///< distinct products found on the pages
    };

    Warmer(const http::FilterChain& chain, cache::CacheService* cache,
           std::shared_ptr<spdlog::logger> log);

    Result run(int pages, bool wishlist, const std::atomic<bool>& cancel);

private:
    /// Sends one request; returns the body when the answer was 200.
    std::optional<std::string> get(const std::string& target, Result& result);

    const http::FilterChain& chain_;
    cache::CacheService* cache_;
    std::shared_ptr<spdlog::logger> log_;
    std::mutex running_;
};

/// The product ids of a list answer (`data.products[].id`); empty when the body has
/// another shape.
std::vector<std::string> productIdsOf(const std::string& listBody);

} // namespace jollyjet::admin
