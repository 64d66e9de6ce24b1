#include "Base64.h"

#include <array>
#include <cstdint>

namespace jollyjet::mongo {

namespace {
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string base64Encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::uint32_t chunk = static_cast<std::uint8_t>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) chunk |= static_cast<std::uint8_t>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) chunk |= static_cast<std::uint8_t>(bytes[i + 2]);
        out.push_back(kAlphabet[(chunk >> 18) & 63]);
        out.push_back(kAlphabet[(chunk >> 12) & 63]);
        out.push_back(i + 1 < bytes.size() ? kAlphabet[(chunk >> 6) & 63] : '=');
        out.push_back(i + 2 < bytes.size() ? kAlphabet[chunk & 63] : '=');
    }
    return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::array<int, 256> value{};
    value.fill(-1);
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) value[static_cast<std::uint8_t>(kAlphabet[i])] = static_cast<int>(i);
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        std::uint32_t chunk = 0;
        int padding = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const char c = text[i + j];
            if (c == '=' && i + 4 == text.size() && j >= 2) {
                ++padding;
                chunk <<= 6;
                continue;
            }
            if (padding > 0) return std::nullopt;
            const int v = value[static_cast<std::uint8_t>(c)];
            if (v < 0) return std::nullopt;
            chunk = (chunk << 6) | static_cast<std::uint32_t>(v);
        }
        out.push_back(static_cast<char>((chunk >> 16) & 0xFF));
        if (padding < 2) out.push_back(static_cast<char>((chunk >> 8) & 0xFF));
        if (padding < 1) out.push_back(static_cast<char>(chunk & 0xFF));
    }
    return out;
}

} // namespace jollyjet::mongo
