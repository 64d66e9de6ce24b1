#pragma once

#include "BsonValue.h"

namespace jollyjet::test::wire {

/// Applies a MongoDB update to a stored document and returns the new version (the
/// stored one is never changed in place).
///
/// An update whose first field starts with '$' is an operator update: $set, $unset,
/// $inc (int32 + int32 widens to int64 on overflow; any double makes a double),
/// $setOnInsert (only when `inserting`), with dotted paths. Anything else replaces the
/// document, keeping its _id. Errors carry MongoDB's codes: 9 for an unknown modifier,
/// 14 for $inc on or with a non-number, 66 for a change of _id.
Document::Ptr applyUpdate(const Document& document, const Document& update, bool inserting = false);

} // namespace jollyjet::test::wire
