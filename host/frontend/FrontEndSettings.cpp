#include "FrontEndSettings.h"

#include <thread>

#include <Poco/Util/AbstractConfiguration.h>

namespace jollyjet::host {

namespace {
std::chrono::milliseconds ms(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                             std::chrono::milliseconds def) {
    return std::chrono::milliseconds(config.getInt64(key, def.count()));
}
std::size_t bytes(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                  std::size_t def) {
    return static_cast<std::size_t>(config.getInt64(key, static_cast<Poco::Int64>(def)));
}
} // namespace

FrontEndSettings FrontEndSettings::fromConfig(const Poco::Util::AbstractConfiguration& config) {
    FrontEndSettings s;
    s.host = config.getString("server.host", s.host);
    s.port = config.getInt("server.port", s.port);
    s.ioThreads = config.getInt("server.ioThreads", s.ioThreads);
    if (s.ioThreads <= 0) s.ioThreads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    s.workerThreads = config.getInt("server.workerThreads", s.workerThreads);
    s.maxConnections = config.getInt("server.maxConnections", s.maxConnections);
    s.backlog = config.getInt("server.backlog", s.backlog);
    s.keepAlive = config.getBool("server.keepAlive", s.keepAlive);
    s.maxKeepAliveRequests = config.getInt("server.maxKeepAliveRequests", s.maxKeepAliveRequests);
    s.headerTimeout = ms(config, "server.headerTimeoutMs", s.headerTimeout);
    s.keepAliveTimeout = ms(config, "server.keepAliveTimeoutMs", s.keepAliveTimeout);
    s.bodyTimeout = ms(config, "server.bodyTimeoutMs", s.bodyTimeout);
    s.writeTimeout = ms(config, "server.writeTimeoutMs", s.writeTimeout);
    s.drainTimeout = ms(config, "server.drainTimeoutMs", s.drainTimeout);
    s.limits.maxUriBytes = bytes(config, "server.maxUriBytes", s.limits.maxUriBytes);
    s.limits.maxHeaderBytes = bytes(config, "server.maxHeaderBytes", s.limits.maxHeaderBytes);
    s.limits.maxBodyBytes = bytes(config, "server.maxBodyBytes", s.limits.maxBodyBytes);
    s.accessLog = config.getBool("logging.access", s.accessLog);
    return s;
}

} // namespace jollyjet::host
