#pragma once

#include "jollyjet/Export.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jollyjet::mongo {

/// A MongoDB ObjectId: 4 bytes of seconds since the epoch, 5 random bytes chosen
/// once per process, and a 3-byte counter that starts at a random value. Ids made
/// by one process sort in creation order. Both product stores use it, so ids look
/// the same whichever store made them.
class JOLLYJET_API ObjectId {
public:
    using Bytes = std::array<std::uint8_t, 12>;

    explicit ObjectId(const Bytes& bytes) : bytes_(bytes) {}

    static ObjectId generate();
    /// Accepts exactly 24 hex digits, either case.
    static std::optional<ObjectId> parse(std::string_view hex);
    static bool isValid(std::string_view hex) { return parse(hex).has_value(); }

    /// 24 lowercase hex digits.
    std::string toHex() const;
    const Bytes& bytes() const { return bytes_; }
    std::uint32_t seconds() const;

    bool operator==(const ObjectId&) const = default;

private:
    Bytes bytes_;
};

} // namespace jollyjet::mongo
