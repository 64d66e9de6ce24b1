#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jollyjet::cache::envelope {

/// What getOrLoad stores: the loader's JSON (or "not found") plus its logical
/// expiry in wall-clock milliseconds, which every process sharing the Redis reads
/// the same way, and for tagged entries the tags and the tag clock read before the
/// loader ran. Stored as JSON: {"jj":1,"exp":<ms>[,"tc":<clock>,"tg":"<tag> <tag>"],
/// "v":<value>} or with "nf":true in place of "v". The tag part has a fixed shape
/// so the Redis read script can check it with one pattern match.
struct Entry {
    std::optional<std::string> value; ///< nullopt: a remembered "not found"
    std::int64_t logicalExpiryMs = 0;
    std::int64_t tagClock = 0;     ///< the clock read before the load (tagged entries)
    std::vector<std::string> tags; ///< full tag keys, empty for untagged entries
};

/// `tags` are full tag keys without spaces, quotes or backslashes (sanitized).
std::string encode(const std::optional<std::string>& value, std::int64_t logicalExpiryMs,
                   std::int64_t tagClock = 0, const std::vector<std::string>& tags = {});
/// nullopt when `stored` is not an envelope (written by raw set, or corrupt): the
/// caller treats it as a miss and refills.
std::optional<Entry> decode(const std::string& stored);

std::int64_t nowMs();

} // namespace jollyjet::cache::envelope
