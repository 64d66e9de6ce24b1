#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "jollyjet/Backends.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet {
class Services;
class LogManager;
} // namespace jollyjet

namespace jollyjet::backends {

using OpenFunction = std::unique_ptr<Backend> (*)(const Poco::Util::AbstractConfiguration& config,
                                                   Services& services, LogManager& logs);

/// One backend under the name operators write: `[<section>] backend = <name>`.
struct BackendFactory {
    std::string_view section; ///< "cache" or "store"
    std::string_view name;    ///< "redis", "memory", "sqlite", "mongodb"
    OpenFunction open;
};

/// Every backend this build knows, in the order their sections are opened (the cache
/// first: stores may publish events the cache relays). Backends picks from this table
/// alone, and the config schema takes its choices from it.
const std::vector<BackendFactory>& backendFactories();

// The factories, each beside the backend it opens.
std::unique_ptr<Backend> openRedisCache(const Poco::Util::AbstractConfiguration&, Services&, LogManager&);
std::unique_ptr<Backend> openMemoryCache(const Poco::Util::AbstractConfiguration&, Services&, LogManager&);
std::unique_ptr<Backend> openSqliteStore(const Poco::Util::AbstractConfiguration&, Services&, LogManager&);
std::unique_ptr<Backend> openMongoStore(const Poco::Util::AbstractConfiguration&, Services&, LogManager&);

} // namespace jollyjet::backends
