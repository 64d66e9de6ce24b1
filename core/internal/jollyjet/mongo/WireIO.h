#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <string>

#include "jollyjet/mongo/OpMsg.h"

namespace Poco::Net {
class StreamSocket;
}

namespace jollyjet::mongo {

/// Blocking reads and writes of whole wire messages on a socket, used by the client
/// and by the test server alike.
///
/// Every failure of the socket (refused, reset, closed by the peer, a receive or send
/// timeout) becomes NetworkError, with timedOut() set for timeouts, so callers deal
/// with one exception type whatever POCO or the kernel reported.

/// Writes all of `bytes`.
JOLLYJET_API void sendMessage(Poco::Net::StreamSocket& socket, const std::string& bytes);

/// Reads one message. Returns false when the peer closed the connection cleanly
/// before the first byte (a server's normal end of a connection); throws
/// NetworkError when it closes mid-message and ProtocolError on a bad header.
JOLLYJET_API bool receiveMessage(Poco::Net::StreamSocket& socket, RawMessage& message);

} // namespace jollyjet::mongo
