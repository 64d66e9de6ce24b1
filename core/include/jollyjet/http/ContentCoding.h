#pragma once

#include "jollyjet/Export.h"

#include <string>
#include <string_view>

namespace jollyjet::http {

/// The content codings the server answers with.
enum class ContentCoding { Identity, Gzip, Brotli };

/// The coding to answer a request's `Accept-Encoding` with (RFC 9110 12.5.3): br when
/// acceptable, else gzip, else identity. A coding with `q=0` is refused, `*` stands
/// for any coding not named.
JOLLYJET_API ContentCoding negotiateCoding(std::string_view acceptEncoding);

/// "br", "gzip" or "identity": the `Content-Encoding` value and the variant name
/// response caches key on.
JOLLYJET_API const char* codingName(ContentCoding coding);

/// `body` encoded with `coding` (identity returns it unchanged).
JOLLYJET_API std::string encode(std::string_view body, ContentCoding coding);

} // namespace jollyjet::http
