#pragma once

#include "jollyjet/Export.h"

#include <string>

#include "jollyjet/http/Exchange.h"

namespace jollyjet::http {

/// Compares in constant time in the candidate's content, so response timing does
/// not reveal how much of a guess was right.
JOLLYJET_API bool tokenEquals(const std::string& candidate, const std::string& token);

/// The token of `Authorization: Bearer <token>` (scheme case-insensitive), or empty.
JOLLYJET_API std::string bearerToken(const Request& request);

/// Whether the request carries `Authorization: Bearer <token>`; an empty `token`
/// matches nothing.
JOLLYJET_API bool hasBearer(const Request& request, const std::string& token);

/// The shortest token staging and production accept.
inline constexpr std::size_t kMinProductionTokenLength = 32;

} // namespace jollyjet::http
