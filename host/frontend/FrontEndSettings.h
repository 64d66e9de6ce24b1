#pragma once

#include <chrono>
#include <string>

#include "RequestParser.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet::host {

/// What `[server]` says about the front end, read once at start.
struct FrontEndSettings {
    std::string host = "127.0.0.1";
    int port = 3000;
    int ioThreads = 0;      ///< 0: one per core
    int workerThreads = 16;
    int maxConnections = 10000;
    int backlog = 4096;
    bool keepAlive = true;
    int maxKeepAliveRequests = 0; ///< 0: no limit
    std::chrono::milliseconds headerTimeout{10000};
    std::chrono::milliseconds keepAliveTimeout{15000};
    std::chrono::milliseconds bodyTimeout{30000};
    std::chrono::milliseconds writeTimeout{30000};
    std::chrono::milliseconds drainTimeout{10000};
    ParserLimits limits;
    bool accessLog = false;

    static FrontEndSettings fromConfig(const Poco::Util::AbstractConfiguration& config);
};

} // namespace jollyjet::host
