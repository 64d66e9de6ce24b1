#pragma once

#include <cstdint>
#include <string>

namespace jollyjet::sqlite {
class StatementCache;
}

namespace jollyjet::products {

/// seq values per millisecond of createdAt: seq = createdAt * slots + position.
inline constexpr std::int64_t kOrderSlotsPerMs = std::int64_t{1} << 21;
/// createdAt must lie in [0, kLatestCreatedAt]: seq then fits 63 bits (until 2109).
inline constexpr std::int64_t kLatestCreatedAt = (std::int64_t{1} << 42) - 1;

/// The rowid (seq) a new product gets, so that seq order is list order: createdAt,
/// then id. Products of one millisecond share its range of kOrderSlotsPerMs values;
/// a new one goes between its neighbours in id order (found on the (createdAt, id)
/// index). When two neighbours leave no gap, that millisecond's products are
/// renumbered evenly (the search index follows through its trigger) - rare, as ids
/// created in one millisecond mostly come in increasing order.
///
/// Runs inside the caller's write transaction. Throws std::out_of_range for a
/// createdAt outside [0, kLatestCreatedAt].
std::int64_t allocateOrderKey(sqlite::StatementCache& db, std::int64_t createdAt, const std::string& id);

} // namespace jollyjet::products
