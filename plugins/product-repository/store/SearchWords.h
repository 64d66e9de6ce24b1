#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jollyjet::products {

/// The words `search` matches: runs of ASCII letters and digits, and of non-ASCII
/// bytes (so UTF-8 letters stay inside words), lower-cased (Unicode), without
/// repeats, in order of first appearance. Both stores index a product's description
/// with this one function and look up the search text's words in that index, so
/// their results are identical and search text is always data, never syntax.
std::vector<std::string> searchWords(std::string_view text);

} // namespace jollyjet::products
