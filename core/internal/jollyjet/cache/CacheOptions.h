#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <cstddef>
#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet::cache {

/// Settings shared by both cache backends (`[cache]`, plus `[redis] keyPrefix`).
struct JOLLYJET_API CacheOptions {
    std::string keyPrefix = "jollyjet:dev:";
    /// Lifetime of a fill lease: a loader slower than this loses its right to fill.
    std::chrono::milliseconds lease{3000};
    /// Longest time a follower waits for another caller's fill.
    std::chrono::milliseconds wait{250};
    /// While invalidations are pending, how often getOrLoad retries them.
    std::chrono::milliseconds retryInterval{200};
    /// `[cache] writePolicy`: strict (writes are refused rather than leave any
    /// instance able to serve older data) or available (see CacheService::writeThrough).
    bool strictWrites = true;
    /// Lifetime of a write's intent markers: a strict write whose store part takes
    /// longer must reach the cache afterwards, or it is answered 503.
    std::chrono::milliseconds writeIntent{5000};
    /// `[cache] near.*`: the in-process near cache (redis backend only).
    bool nearEnabled = false;
    std::size_t nearMaxBytes = 64 * 1024 * 1024;
    std::chrono::milliseconds nearLease{1000};
    std::size_t memoryMaxEntries = 100000;
    std::size_t memoryMaxBytes = 64 * 1024 * 1024;

    static CacheOptions fromConfig(const Poco::Util::AbstractConfiguration& config);
};

} // namespace jollyjet::cache
