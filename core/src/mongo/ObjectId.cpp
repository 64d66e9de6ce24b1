#include "jollyjet/mongo/ObjectId.h"

#include <atomic>
#include <chrono>
#include <random>

namespace jollyjet::mongo {

namespace {

struct ProcessState {
    std::array<std::uint8_t, 5> random{};
    std::atomic<std::uint32_t> counter{0};
    ProcessState() {
        std::random_device device;
        std::mt19937 engine(device());
        for (auto& b : random) b = static_cast<std::uint8_t>(engine());
        counter = static_cast<std::uint32_t>(engine()) & 0xFFFFFF;
    }
};

ProcessState& state() {
    static ProcessState s;
    return s;
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace

ObjectId ObjectId::generate() {
    auto& s = state();
    const auto seconds = static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count());
    const std::uint32_t count = s.counter.fetch_add(1) & 0xFFFFFF;
    Bytes b{};
    b[0] = static_cast<std::uint8_t>(seconds >> 24);
    b[1] = static_cast<std::uint8_t>(seconds >> 16);
    b[2] = static_cast<std::uint8_t>(seconds >> 8);
    b[3] = static_cast<std::uint8_t>(seconds);
    for (int i = 0; i < 5; ++i) b[4 + i] = s.random[static_cast<std::size_t>(i)];
    b[9] = static_cast<std::uint8_t>(count >> 16);
    b[10] = static_cast<std::uint8_t>(count >> 8);
    b[11] = static_cast<std::uint8_t>(count);
    return ObjectId(b);
}

std::optional<ObjectId> ObjectId::parse(std::string_view hex) {
    if (hex.size() != 24) return std::nullopt;
    Bytes b{};
    for (std::size_t i = 0; i < 12; ++i) {
        const int hi = hexDigit(hex[2 * i]);
        const int lo = hexDigit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        b[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    return ObjectId(b);
}

std::string ObjectId::toHex() const {
    static const char* digits = "0123456789abcdef";
    std::string out(24, '0');
    for (std::size_t i = 0; i < 12; ++i) {
        out[2 * i] = digits[bytes_[i] >> 4];
        out[2 * i + 1] = digits[bytes_[i] & 0xF];
    }
    return out;
}

std::uint32_t ObjectId::seconds() const {
    return (static_cast<std::uint32_t>(bytes_[0]) << 24) | (static_cast<std::uint32_t>(bytes_[1]) << 16) |
           (static_cast<std::uint32_t>(bytes_[2]) << 8) | bytes_[3];
}

} // namespace jollyjet::mongo
