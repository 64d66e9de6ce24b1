#pragma once

#include "BsonValue.h"

namespace jollyjet::test::wire {

/// Whether `document` matches a MongoDB query `filter`, with the server's semantics
/// for the operators the wire test server supports: implicit and $eq equality (a
/// scalar also matches an array element; null matches a missing field), $ne, $gt,
/// $gte, $lt, $lte (only within one type bracket, as MongoDB does), $in, $nin,
/// $exists, $regex with $options (i, m, s, x; PCRE through POCO), $not, $size, $all,
/// $elemMatch, $and, $or, $nor, dotted paths into sub-documents and arrays.
/// An unknown operator throws CommandFailure (BadValue), as the real server does.
bool matches(const Document& document, const Document& filter);

} // namespace jollyjet::test::wire
