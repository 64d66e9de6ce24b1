#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "RedisServer.h"
#include "jollyjet/redis/RedisOptions.h"

namespace jollyjet::test {

/// Plaintext or TLS: the axis that test suites meant to hold over both run along.
enum class RedisTransport { Plain, Tls };

inline std::string transportName(RedisTransport transport) {
    return transport == RedisTransport::Tls ? "tls" : "plain";
}

/// For gtest's test names and messages.
inline void PrintTo(RedisTransport transport, std::ostream* out) {
    *out << transportName(transport);
}

/// A RedisServer speaking `transport`; over TLS it presents the shared
/// TestCertificates' server certificate (for 127.0.0.1).
std::unique_ptr<RedisServer> startRedis(RedisTransport transport,
                                        const std::string& extraArgs = "");

/// Client options that reach `server`: its url, and over TLS the test CA.
redis::RedisOptions clientOptionsFor(const RedisServer& server);

} // namespace jollyjet::test
