#include "../backends/OpenBackends.h"

namespace jollyjet::backends {

// Replaced by the cache half of core (Redis pool, CacheService, memory backend).
std::unique_ptr<Backend> openCache(const Poco::Util::AbstractConfiguration&, Services&, LogManager&) {
    return nullptr;
}

} // namespace jollyjet::backends
