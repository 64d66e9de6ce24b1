#pragma once

#include <string>
#include <vector>

namespace jollyjet::products {

/// The images list as a JSON array of strings, and back (a store column/field).
std::string imagesToJson(const std::vector<std::string>& images);
/// Unparsable text gives an empty list rather than failing a read.
std::vector<std::string> imagesFromJson(const std::string& json);

} // namespace jollyjet::products
