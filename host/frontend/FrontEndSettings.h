#pragma once

#include <chrono>
#include <string>

#include "RequestParser.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet::host {

/// What `[server]` says about the front end, read once at start; the defaults are
/// the schema's (fromConfig), not written here again.
struct FrontEndSettings {
    std::string host;
    int port = 0;
    int ioThreads = 0; ///< resolved: one per core when the key says 0
    int workerThreads = 0;
    int maxConnections = 0;
    int backlog = 0;
    bool keepAlive = true;
    int maxKeepAliveRequests = 0; ///< 0: no limit
    std::chrono::milliseconds headerTimeout{};
    std::chrono::milliseconds keepAliveTimeout{};
    std::chrono::milliseconds bodyTimeout{};
    std::chrono::milliseconds writeTimeout{};
    std::chrono::milliseconds drainTimeout{};
    ParserLimits limits;
    bool accessLog = false;

    static FrontEndSettings fromConfig(const Poco::Util::AbstractConfiguration& config);
};

} // namespace jollyjet::host
