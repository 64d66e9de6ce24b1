#pragma once

#include "jollyjet/Export.h"

#include <cstdint>
#include <optional>
#include <string>

namespace jollyjet::cache {

/// A value as CacheService::getOrLoad stores it, decoded. For callers that read a
/// getOrLoad key with the raw get/mget, e.g. to fetch it together with a generation
/// counter in one round trip, and still honour its logical expiry.
struct JOLLYJET_API StoredEntry {
    std::optional<std::string> value; ///< nullopt: a remembered "not found"
    std::int64_t logicalExpiryMs = 0; ///< wall clock, ms since the epoch

    /// nullopt when `stored` was not written by getOrLoad (raw set, corrupt).
    static std::optional<StoredEntry> decode(const std::string& stored);
    /// True while within the logical expiry (a plain hit for getOrLoad).
    bool fresh(std::int64_t nowMs) const { return logicalExpiryMs > nowMs; }
};

} // namespace jollyjet::cache
