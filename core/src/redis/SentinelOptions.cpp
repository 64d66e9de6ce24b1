#include "jollyjet/redis/SentinelOptions.h"

#include <charconv>
#include <stdexcept>

#include <Poco/Util/AbstractConfiguration.h>

#include "jollyjet/config/Schema.h"

namespace jollyjet::redis {

std::vector<SentinelOptions::Endpoint> SentinelOptions::parseList(const std::string& text) {
    std::vector<Endpoint> out;
    for (const auto& item : config::splitList(text)) {
        const auto colon = item.rfind(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == item.size())
            throw std::invalid_argument("redis.sentinels: '" + item + "' is not host:port");
        Endpoint endpoint;
        endpoint.host = item.substr(0, colon);
        const std::string port = item.substr(colon + 1);
        const auto [ptr, ec] =
            std::from_chars(port.data(), port.data() + port.size(), endpoint.port);
        if (ec != std::errc() || ptr != port.data() + port.size() || endpoint.port < 1 ||
            endpoint.port > 65535)
            throw std::invalid_argument("redis.sentinels: '" + item + "' has a bad port '" + port +
                                        "'");
        out.push_back(endpoint);
    }
    return out;
}

SentinelOptions SentinelOptions::fromConfig(const Poco::Util::AbstractConfiguration& config) {
    SentinelOptions o;
    o.sentinels = parseList(config.getString("redis.sentinels", ""));
    if (o.sentinels.empty())
        throw std::invalid_argument(
            "redis.mode = sentinel needs redis.sentinels (host:port, host:port, ...)");
    o.masterName = config.getString("redis.masterName", "");
    if (o.masterName.empty())
        throw std::invalid_argument(
            "redis.mode = sentinel needs redis.masterName (the name the sentinels "
            "monitor the master under)");
    o.password = config.getString("redis.sentinelPassword", "");
    return o;
}

} // namespace jollyjet::redis
