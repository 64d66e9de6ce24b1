#pragma once

#include "jollyjet/Export.h"

#include <cstdint>
#include <string>

namespace jollyjet::redis {

/// Number of hash slots of a Redis Cluster.
constexpr int kClusterSlots = 16384;

/// CRC16-CCITT (XMODEM: polynomial 0x1021, initial value 0), the checksum Redis
/// Cluster places keys with.
JOLLYJET_API std::uint16_t crc16(const std::string& bytes);

/// The hash slot of `key` as Redis Cluster computes it: when the key holds a
/// non-empty `{...}` (the first `{` and the first `}` after it), only that part is
/// hashed, so keys sharing a hash tag share a slot.
JOLLYJET_API int keySlot(const std::string& key);

/// `prefix` when it already holds a non-empty hash tag, else `{prefix}`: every key
/// built on the result lands in one slot, which lets one script or one MGET touch
/// any of them in a cluster.
JOLLYJET_API std::string hashTaggedPrefix(const std::string& prefix);

} // namespace jollyjet::redis
