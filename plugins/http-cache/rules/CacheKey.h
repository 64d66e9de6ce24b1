#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "jollyjet/http/Exchange.h"

namespace jollyjet::httpcache {

/// The request part of a cache key: `GET:<path>?<query>` with the path and every
/// parameter percent-encoded the same way whatever the client sent, and the
/// parameters sorted by name (repeats of one name keep their order, since that
/// order can matter). HEAD shares GET's entry: a HEAD answer is a GET answer without
/// its body. So `?page=1&limit=10` and `?limit=10&page=%31` give one key.
std::string normalizedRequest(std::string_view method, std::string_view path,
                              const http::Params& query);

/// The key of a normalized request under a generation: `http:<generation>:<request>`.
/// A write bumps the generation, so every key built on the old one stops being read
/// at once, without deleting anything.
std::string cacheKey(std::int64_t generation, const std::string& normalized);

/// RFC 3986 percent-encoding of everything but unreserved characters and ':' (and
/// '/' when `keepSlash`), upper-case hex. ':' is unambiguous in a path and in a
/// parameter, and keeps keys readable.
std::string percentEncode(std::string_view text, bool keepSlash);

} // namespace jollyjet::httpcache
