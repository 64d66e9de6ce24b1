#pragma once

#include "jollyjet/Export.h"

#include <string>
#include <string_view>

namespace jollyjet::http {

/// A strong entity tag (RFC 9110 8.8.3): 128 bits of SHA-1 over the status and the
/// body, quoted. Callers leave out what describes the delivery rather than the
/// resource (`cacheInfo`), so equal data gets equal tags on every instance.
JOLLYJET_API std::string strongEtag(int status, std::string_view body);

/// Whether an If-None-Match header matches `etag` (RFC 9110 13.1.2): `*`, or any
/// listed tag equal by the weak comparison (a `W/` prefix is ignored).
JOLLYJET_API bool ifNoneMatchMatches(std::string_view header, std::string_view etag);

} // namespace jollyjet::http
