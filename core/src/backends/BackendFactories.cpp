#include "OpenBackends.h"

namespace jollyjet::backends {

const std::vector<BackendFactory>& backendFactories() {
    static const std::vector<BackendFactory> factories = {
        {"cache", "redis", &openRedisCache},
        {"cache", "memory", &openMemoryCache},
        {"store", "sqlite", &openSqliteStore},
        {"store", "mongodb", &openMongoStore},
    };
    return factories;
}

} // namespace jollyjet::backends
