#pragma once

#include <memory>

#include "jollyjet/Backends.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet {
class Services;
class LogManager;
} // namespace jollyjet

namespace jollyjet::backends {

/// `[cache] backend`: redis (pool, breaker, CacheService, event relay) or memory.
/// Defined in core/src/cache/.
std::unique_ptr<Backend> openCache(const Poco::Util::AbstractConfiguration& config,
                                   Services& services, LogManager& logs);

/// `[store] backend`: sqlite (database file) or mongodb (connection pool).
/// Defined in core/src/backends/OpenStore.cpp.
std::unique_ptr<Backend> openStore(const Poco::Util::AbstractConfiguration& config,
                                   Services& services, LogManager& logs);

} // namespace jollyjet::backends
