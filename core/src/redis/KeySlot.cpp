#include "jollyjet/redis/KeySlot.h"

namespace jollyjet::redis {

std::uint16_t crc16(const std::string& bytes) {
    std::uint16_t crc = 0;
    for (unsigned char byte : bytes) {
        crc ^= static_cast<std::uint16_t>(byte) << 8;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 0x8000) ? static_cast<std::uint16_t>((crc << 1) ^ 0x1021)
                                 : static_cast<std::uint16_t>(crc << 1);
    }
    return crc;
}

namespace {
/// The hashed part of a key: its non-empty `{tag}`, else all of it.
std::string hashedPart(const std::string& key) {
    const auto open = key.find('{');
    if (open == std::string::npos) return key;
    const auto close = key.find('}', open + 1);
    if (close == std::string::npos || close == open + 1) return key;
    return key.substr(open + 1, close - open - 1);
}
} // namespace

int keySlot(const std::string& key) {
    return crc16(hashedPart(key)) % kClusterSlots;
}

std::string hashTaggedPrefix(const std::string& prefix) {
    if (hashedPart(prefix) != prefix) return prefix;
    return "{" + prefix + "}";
}

} // namespace jollyjet::redis
