#include "jollyjet/redis/RedisSocket.h"

#include <stdexcept>

#include "jollyjet/net/ConnectStream.h"
#include "jollyjet/net/TlsClientContext.h"
#include "jollyjet/redis/RedisError.h"

namespace jollyjet::redis {

Poco::Net::StreamSocket openRedisSocket(const RedisOptions& options, const std::string& host,
                                        int port) {
    const std::string endpoint = host + ":" + std::to_string(port);
    std::shared_ptr<const net::TlsClientContext> tls = options.tlsContext;
    try {
        if (options.tls.enabled && !tls) tls = net::TlsClientContext::make(options.tls);
        return net::connectStream(host, static_cast<std::uint16_t>(port), options.connectTimeout,
                                  tls.get());
    } catch (const net::ConnectError& e) {
        throw RedisError("redis " + endpoint + ": connect failed: " + e.what());
    } catch (const net::TlsError& e) {
        throw RedisError("redis " + endpoint + ": " + e.what());
    } catch (const std::invalid_argument& e) {
        throw RedisError("redis " + endpoint + ": " + e.what());
    }
}

} // namespace jollyjet::redis
