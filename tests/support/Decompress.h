#pragma once

#include <string>
#include <string_view>

namespace jollyjet::test {

/// Decoders of the codings the server answers with, from libraries nobody here
/// wrote (zlib, brotli); each throws std::runtime_error on a malformed stream.
std::string gunzip(std::string_view data);
std::string unbrotli(std::string_view data);

} // namespace jollyjet::test
