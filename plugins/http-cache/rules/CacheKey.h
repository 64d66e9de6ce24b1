#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <optional>
#include <vector>

#include "jollyjet/http/Exchange.h"

namespace jollyjet::httpcache {

/// The request part of a cache key: `GET:<path>?<query>` with the path and every
/// parameter percent-encoded the same way whatever the client sent, and the
/// parameters sorted by name (repeats of one name keep their order, since that
/// order can matter). HEAD shares GET's entry: a HEAD answer is a GET answer without
/// its body. So `?page=1&limit=10` and `?limit=10&page=%31` give one key.
std::string normalizedRequest(std::string_view method, std::string_view path,
                              const http::Params& query);

/// The key of a normalized request: `http:<request>`. Writers retire entries through
/// their tags, so the key carries no generation.
std::string cacheKey(const std::string& normalized);

/// The key of one request's answer: cacheKey() of its normalized form, with the
/// content coding its `Accept-Encoding` negotiates (`|br`, `|gzip`; nothing for
/// identity), since each coding is stored as its own variant.
std::string variantKey(const http::Request& request, const std::optional<std::vector<std::string>>& queryParams);

/// `query` without the parameters a route does not read (`known`, as the route
/// declared them; nullopt: the route declared none, every parameter is kept), so
/// junk parameters cannot make new keys for one answer.
http::Params knownParams(const http::Params& query, const std::optional<std::vector<std::string>>& known);

/// RFC 3986 percent-encoding of everything but unreserved characters and ':' (and
/// '/' when `keepSlash`), upper-case hex. ':' is unambiguous in a path and in a
/// parameter, and keeps keys readable.
std::string percentEncode(std::string_view text, bool keepSlash);

} // namespace jollyjet::httpcache
