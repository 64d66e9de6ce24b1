#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jollyjet::mongo {

/// Standard base64 with padding and no line breaks (POCO's encoder breaks lines at
/// 72 characters by default, which SCRAM messages must not contain).
std::string base64Encode(std::string_view bytes);
/// nullopt on any character outside the alphabet or a bad length.
std::optional<std::string> base64Decode(std::string_view text);

} // namespace jollyjet::mongo
