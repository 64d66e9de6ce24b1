#pragma once

#include "jollyjet/Export.h"

#include <string>

#include <Poco/Net/StreamSocket.h>

#include "jollyjet/redis/RedisOptions.h"

namespace jollyjet::redis {

/// The one way to open a socket to a Redis server, whatever it is for (a pooled
/// connection, a subscriber, a sentinel): TCP to host:port within
/// options.connectTimeout, then, when options.tls is on, the TLS handshake and the
/// certificate checks with options.tlsContext (made on the spot when the options
/// were not prepared). Never falls back to plaintext. Throws RedisError
/// "redis host:port: connect failed: ..." or "redis host:port: TLS ...".
JOLLYJET_API Poco::Net::StreamSocket openRedisSocket(const RedisOptions& options, const std::string& host,
                                        int port);

} // namespace jollyjet::redis
