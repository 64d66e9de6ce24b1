#pragma once

#include <string>

#include "RequestParser.h"
#include "jollyjet/http/Exchange.h"

namespace jollyjet::host {

/// Fills the Exchange's request from what the parser read: the method, the target
/// split into a percent-decoded path and its query parameters, the headers, the
/// body and the client's address.
void buildRequest(ParsedRequest&& parsed, const std::string& client, http::Request& out);

} // namespace jollyjet::host
