#pragma once

#include <string>

#include "jollyjet/http/Exchange.h"
#include "jollyjet/http/FastPath.h"

namespace jollyjet::host {

/// How a response goes onto the connection.
struct Framing {
    bool head = false;       ///< HEAD: the headers of the GET answer, no body
    bool keepAlive = true;   ///< false: `Connection: close`, and the connection closes
    bool http10 = false;     ///< an HTTP/1.0 client kept alive is told so explicitly
};

/// Serializes responses as HTTP/1.1 bytes. The front end owns the framing headers
/// (Content-Length, Connection, Date, Server): a filter's value for one of them is
/// ignored, so no plugin can desynchronize a connection.
void appendResponse(std::string& out, const http::Response& response, const Framing& framing);
void appendResponse(std::string& out, const http::FastResponse& response, const Framing& framing);
/// The JSON error envelope with `status`, always closing the connection.
void appendError(std::string& out, int status, const std::string& message);
/// The interim answer to `Expect: 100-continue`.
void appendContinue(std::string& out);

/// "Wed, 02 Dec 2026 07:30:00 GMT", recomputed at most once a second per thread.
const std::string& httpDate();

} // namespace jollyjet::host
