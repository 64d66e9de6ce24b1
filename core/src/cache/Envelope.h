#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace jollyjet::cache::envelope {

/// What getOrLoad stores: the loader's JSON (or "not found") plus its logical
/// expiry in wall-clock milliseconds, which every process sharing the Redis reads
/// the same way. Stored as JSON: {"jj":1,"exp":<ms>,"v":<value>} or
/// {"jj":1,"exp":<ms>,"nf":true}.
struct Entry {
    std::optional<std::string> value; ///< nullopt: a remembered "not found"
    std::int64_t logicalExpiryMs = 0;
};

std::string encode(const std::optional<std::string>& value, std::int64_t logicalExpiryMs);
/// nullopt when `stored` is not an envelope (written by raw set, or corrupt): the
/// caller treats it as a miss and refills.
std::optional<Entry> decode(const std::string& stored);

std::int64_t nowMs();

} // namespace jollyjet::cache::envelope
