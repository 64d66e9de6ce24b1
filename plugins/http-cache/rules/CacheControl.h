#pragma once

#include <string_view>

namespace jollyjet::httpcache {

/// The Cache-Control directives (RFC 9111 section 5.2) this cache acts on, parsed
/// from a request or response header. Directive names are case-insensitive;
/// arguments are ignored (`private="Set-Cookie"` still makes a response private),
/// which errs on the side of not storing.
struct CacheControl {
    bool noStore = false;
    bool noCache = false;
    bool isPrivate = false;

    static CacheControl parse(std::string_view header);
};

} // namespace jollyjet::httpcache
