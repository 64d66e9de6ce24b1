#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "jollyjet/mongo/Bson.h"
#include "jollyjet/mongo/ConnectionString.h"
#include "jollyjet/mongo/OpMsg.h"

namespace Poco::Net {
class StreamSocket;
}

namespace jollyjet::net {
class TlsClientContext;
}

namespace jollyjet::mongo {

/// Timeouts and identity of one connection.
struct JOLLYJET_API ConnectionOptions {
    std::chrono::milliseconds connectTimeout{2000};
    /// Bounds every wait for reply bytes (per read, like the drivers' socketTimeoutMS).
    std::chrono::milliseconds socketTimeout{5000};
    /// Sent in the hello's client metadata, visible in the server's log and currentOp.
    std::string appName = "jollyjet";
    /// Null: plaintext. Otherwise every connection does the TLS handshake (within
    /// connectTimeout) and checks the server's certificate before hello.
    std::shared_ptr<const net::TlsClientContext> tls;
};

/// What the server said about itself in the hello reply.
struct JOLLYJET_API ServerInfo {
    bool writablePrimary = false;
    std::string setName;  ///< replica set name, empty for a standalone
    std::string primary;  ///< "host:port" of the primary as a secondary sees it
    std::int32_t maxWireVersion = 0;
    std::int32_t maxBsonObjectSize = 16 * 1024 * 1024;
    std::int32_t maxMessageSizeBytes = kMaxMessageSize;
    std::int32_t maxWriteBatchSize = 100'000;
};

/// One TCP connection to one MongoDB server, speaking OP_MSG.
///
/// The constructor connects and runs the hello handshake (with client metadata), so
/// a Connection that exists has talked to a MongoDB of wire version 6 or later.
/// Every command gets `$db` and a fresh request id; the reply must answer that id.
/// Any NetworkError or ProtocolError marks the connection broken (its stream
/// position is unknown), and a broken connection refuses further commands: the pool
/// discards it. Not thread-safe: one thread uses a connection at a time, which the
/// pool guarantees.
class JOLLYJET_API Connection {
public:
    /// Throws NetworkError when the server cannot be reached within connectTimeout
    /// or does not answer hello within socketTimeout.
    Connection(HostPort address, const ConnectionOptions& options);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const HostPort& address() const { return address_; }
    const ServerInfo& server() const { return server_; }

    /// SCRAM-SHA-256 against `database` (the URI's authSource). Throws AuthenticationError.
    void authenticate(const std::string& username, const std::string& password,
                      const std::string& database);

    /// Sends `command` (its first field names the command) to `database` and returns
    /// the reply body. `command` is not modified: `$db` is added to a copy. Document
    /// sequences go as kind 1 sections. Failures in the reply raise via throwIfError.
    Document::Ptr runCommand(const std::string& database, const Document& command,
                             const std::vector<DocumentSequence>& sequences = {});

    /// Sends one message and returns the reply message, without looking at `ok`.
    /// For tests and for the handshake; commands should use runCommand.
    OpMsg roundTrip(const OpMsg& request);

    bool broken() const { return broken_; }
    /// False when the peer has closed the idle connection (a cheap non-blocking poll),
    /// so the pool does not hand out a connection to a server that went away.
    bool idleAndAlive() const;

private:
    void handshake(const std::string& appName);

    HostPort address_;
    ConnectionOptions options_;
    std::unique_ptr<Poco::Net::StreamSocket> socket_;
    ServerInfo server_;
    bool broken_ = false;
};

} // namespace jollyjet::mongo
