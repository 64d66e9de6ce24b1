#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet::config {

/// The core settings a plugin may read, typed. Each value is the configured one or
/// the default core's own schema declares for it, so no plugin writes a core default
/// again. Read it from the whole configuration or from a plugin's view (which falls
/// back to the whole configuration for keys outside its section).
struct JOLLYJET_API CoreSettings {
    /// `server.environment`: development, staging or production.
    std::string environment;
    /// `store.backend`: the store core opened for the plugins (sqlite, mongodb).
    std::string storeBackend;
    /// `store.maxResultWindow`: the deepest list position (page * limit) a query may reach.
    std::int64_t maxResultWindow = 0;
    /// `cache.ttl.*` and `cache.staleSeconds`.
    struct CacheLifetimes {
        std::chrono::seconds item{0}, list{0}, count{0}, negative{0}, stale{0};
    } cache;

    /// True in staging and production, where the plugins demand their tokens.
    bool deployed() const { return environment == "staging" || environment == "production"; }
};

JOLLYJET_API CoreSettings coreSettings(const Poco::Util::AbstractConfiguration& config);

} // namespace jollyjet::config
