#pragma once

#include <map>
#include <string>

namespace jollyjet::redis {
class RedisPool;
}

namespace jollyjet::admin {

/// The fields of a Redis INFO reply ("used_memory:1024\r\n", "# Memory" headers and
/// blank lines skipped).
std::map<std::string, std::string> parseInfo(const std::string& text);

/// What /api/cache/stats reports about the Redis server itself.
struct RedisFacts {
    double usedMemoryBytes = 0;
    long long keys = 0;          ///< DBSIZE: the whole database, shared or not
    long long uptimeSeconds = 0;
    std::string version;
    long long connectedClients = 0;
};

/// INFO and DBSIZE through the pool; throws what the pool throws when Redis fails.
RedisFacts readRedisFacts(redis::RedisPool& pool);

/// "1.5 MB" (mebibytes, one decimal), the shape of Ref's memoryUsage.
std::string formatMegabytes(double bytes);

} // namespace jollyjet::admin
