#pragma once

#include <string>
#include <string_view>

namespace jollyjet::cache::glob {

/// Redis' MATCH semantics: `*`, `?`, `[abc]`, `[^a-z]`, and `\` to quote the next
/// character. The memory backend uses it so patterns mean the same on both backends.
bool matches(std::string_view pattern, std::string_view text);

/// Quotes every glob character, so `text` matches only itself (the key prefix).
std::string escape(std::string_view text);

} // namespace jollyjet::cache::glob
