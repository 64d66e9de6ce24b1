#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jollyjet::httpcache::json {

/// One member of a JSON object, as spans into the text it was scanned from.
struct Member {
    std::string name;       ///< unescaped
    std::string_view value; ///< the raw value text, exactly as written
};

/// A minimal JSON scanner for what the cache does on every hit and miss: split an
/// object into its top-level members without building a DOM, so values (numbers in
/// particular) keep their exact text. It checks structure (strings, nesting,
/// literals) but not number grammar; anything it cannot follow yields nullopt and
/// the caller treats the body as not cacheable.
///
/// The members of `object`, which must be one JSON object (whitespace around it
/// allowed), in order.
std::optional<std::vector<Member>> members(std::string_view object);

/// The end of the value starting at `pos` (after leading whitespace), or nullopt.
std::optional<std::size_t> skipValue(std::string_view text, std::size_t pos);

/// Decodes a JSON string literal (with its quotes); nullopt when malformed.
std::optional<std::string> unquote(std::string_view literal);

/// The elements of a JSON array of strings, unescaped; nullopt for anything else.
std::optional<std::vector<std::string>> stringArray(std::string_view array);

} // namespace jollyjet::httpcache::json
