#include "FrontEndSettings.h"

#include <thread>

#include <Poco/Util/AbstractConfiguration.h>

#include "jollyjet/config/CoreSchema.h"

namespace jollyjet::host {

namespace {
std::chrono::milliseconds ms(const Poco::Util::AbstractConfiguration& config, const std::string& key) {
    return std::chrono::milliseconds(config::coreInt(config, key));
}
std::size_t bytes(const Poco::Util::AbstractConfiguration& config, const std::string& key) {
    return static_cast<std::size_t>(config::coreInt(config, key));
}
int number(const Poco::Util::AbstractConfiguration& config, const std::string& key) {
    return static_cast<int>(config::coreInt(config, key));
}
} // namespace

// Every default comes from the [server] and [logging] schemas (CoreSchema.cpp).
FrontEndSettings FrontEndSettings::fromConfig(const Poco::Util::AbstractConfiguration& config) {
    FrontEndSettings s;
    s.host = config::coreString(config, "server.host");
    s.port = number(config, "server.port");
    s.ioThreads = number(config, "server.ioThreads");
    if (s.ioThreads <= 0) s.ioThreads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    s.workerThreads = number(config, "server.workerThreads");
    s.maxConnections = number(config, "server.maxConnections");
    s.backlog = number(config, "server.backlog");
    s.keepAlive = config::coreBool(config, "server.keepAlive");
    s.maxKeepAliveRequests = number(config, "server.maxKeepAliveRequests");
    s.headerTimeout = ms(config, "server.headerTimeoutMs");
    s.keepAliveTimeout = ms(config, "server.keepAliveTimeoutMs");
    s.bodyTimeout = ms(config, "server.bodyTimeoutMs");
    s.writeTimeout = ms(config, "server.writeTimeoutMs");
    s.drainTimeout = ms(config, "server.drainTimeoutMs");
    s.limits.maxUriBytes = bytes(config, "server.maxUriBytes");
    s.limits.maxHeaderBytes = bytes(config, "server.maxHeaderBytes");
    s.limits.maxBodyBytes = bytes(config, "server.maxBodyBytes");
    s.accessLog = config::coreBool(config, "logging.access");
    return s;
}

} // namespace jollyjet::host
