#pragma once

#include <optional>
#include <string>

namespace jollyjet {

/// Reads the ABI signature a plugin library carries in its `.jollyjet_abi` section,
/// straight from the ELF file: nothing of the library is loaded or run. Empty when
/// the file has no such section; throws std::runtime_error when it is not a 64-bit
/// ELF file or is truncated.
std::optional<std::string> readAbiSection(const std::string& file);

} // namespace jollyjet
