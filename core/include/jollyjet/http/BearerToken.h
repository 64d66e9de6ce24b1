#pragma once

#include <string>

#include "jollyjet/http/Exchange.h"

namespace jollyjet::http {

/// Compares in constant time in the candidate's content, so response timing does
/// not reveal how much of a guess was right.
bool tokenEquals(const std::string& candidate, const std::string& token);

/// The token of `Authorization: Bearer <token>` (scheme case-insensitive), or empty.
std::string bearerToken(const Request& request);

/// Whether the request carries `Authorization: Bearer <token>`; an empty `token`
/// matches nothing.
bool hasBearer(const Request& request, const std::string& token);

/// The shortest token staging and production accept.
inline constexpr std::size_t kMinProductionTokenLength = 32;

} // namespace jollyjet::http
