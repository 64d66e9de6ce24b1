#pragma once

#include "jollyjet/Export.h"

#include <string>
#include <vector>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet::redis {

/// Where the Redis Sentinels watching the master are (`[redis] mode = sentinel`).
struct JOLLYJET_API SentinelOptions {
    struct Endpoint {
        std::string host;
        int port = 26379;
        std::string text() const { return host + ":" + std::to_string(port); }
    };
    std::vector<Endpoint> sentinels;
    std::string masterName;
    std::string password; ///< AUTH for the sentinels themselves; empty: none

    /// "host:port, host:port" (port required). Throws std::invalid_argument naming
    /// the first bad entry.
    static std::vector<Endpoint> parseList(const std::string& text);
    /// `redis.sentinels`, `redis.masterName`, `redis.sentinelPassword`; throws
    /// std::invalid_argument when the list is empty or malformed or no master is named.
    static SentinelOptions fromConfig(const Poco::Util::AbstractConfiguration& config);
};

} // namespace jollyjet::redis
