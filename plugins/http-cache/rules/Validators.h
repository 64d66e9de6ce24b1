#pragma once

#include <string>
#include <string_view>

namespace jollyjet::httpcache {

/// A strong entity tag (RFC 9110 8.8.3) for a stored response: 128 bits of SHA-1
/// over the status and the body without `cacheInfo`, quoted. `cacheInfo` is left out
/// on purpose: it describes the delivery (hit or miss, seconds left), not the
/// resource, and would make every response its own version. Two stored responses
/// with equal data get equal tags, on every instance.
std::string strongEtag(int status, std::string_view storedBody);

/// Whether an If-None-Match header matches `etag` (RFC 9110 13.1.2): `*`, or any
/// listed tag equal by the weak comparison (a `W/` prefix is ignored).
bool ifNoneMatchMatches(std::string_view header, std::string_view etag);

} // namespace jollyjet::httpcache
