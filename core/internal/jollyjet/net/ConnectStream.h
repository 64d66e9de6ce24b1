#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

#include <Poco/Net/StreamSocket.h>

namespace jollyjet::net {

class TlsClientContext;

/// The TCP connection could not be made (refused, unreachable, timed out).
class JOLLYJET_API ConnectError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// TCP worked but TLS did not: the handshake failed (a plaintext server, no common
/// protocol) or the server's certificate was refused (unknown CA, expired, wrong
/// name). Never retried in plaintext.
class JOLLYJET_API TlsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Connects to host:port within `connectTimeout`. With `tls`, then completes the TLS
/// handshake (also within `connectTimeout`) and checks the server's certificate as
/// the context's settings say; the returned socket then encrypts everything, and its
/// available() counts bytes already decrypted. Without `tls`, a plain TCP socket.
/// Throws ConnectError or TlsError with the reason (the caller adds the endpoint).
JOLLYJET_API Poco::Net::StreamSocket connectStream(const std::string& host, std::uint16_t port,
                                      std::chrono::milliseconds connectTimeout,
                                      const TlsClientContext* tls);

/// For start-up: one connection to host:port tells a TLS failure (unknown CA,
/// expired or misnamed certificate, a plaintext port) from a server that is merely
/// down. Returns the TlsError's reason; empty when TLS worked or when the server
/// could not be reached at all (a down dependency is reported later, as without TLS).
JOLLYJET_API std::string tlsFailureAt(const std::string& host, std::uint16_t port,
                         std::chrono::milliseconds connectTimeout, const TlsClientContext& tls);

} // namespace jollyjet::net
