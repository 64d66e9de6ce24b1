#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jollyjet/mongo/Bson.h"

namespace jollyjet::test::wire {

using mongo::Array;
using mongo::Document;
using mongo::Element;

/// Value semantics of BSON elements as MongoDB defines them, for the wire test server.
///
/// compareValues() follows MongoDB's cross-type sort order (MinKey < null < numbers
/// < strings < objects < arrays < binary < ObjectId < bool < date < timestamp <
/// regex < MaxKey), compares numbers by value across int32/int64/double, strings
/// bytewise (no collation) and documents/arrays field by field. A null Element::Ptr
/// stands for a missing field and sorts like null, as it does in MongoDB.

/// MongoDB's canonical type rank of a BSON type id (numbers share one rank).
int typeRank(int bsonType);
int typeRankOf(const Element::Ptr& element);

int compareValues(const Element::Ptr& a, const Element::Ptr& b);
bool equalValues(const Element::Ptr& a, const Element::Ptr& b);

bool isArray(const Element::Ptr& element);
bool isDocument(const Element::Ptr& element);
bool isNumber(const Element::Ptr& element);
bool isNull(const Element::Ptr& element); ///< BSON null (not missing)
std::optional<double> numberOf(const Element::Ptr& element);
/// The sub-document or array an element holds (null otherwise).
Document::Ptr containerOf(const Element::Ptr& element);

/// The same value under another name (POCO fixes an element's name at construction).
Element::Ptr renamed(const Element::Ptr& element, const std::string& name);

/// Values found at a dotted path, expanding arrays on the way the way MongoDB does
/// for queries ("a.b" on {a: [{b: 1}, {b: 2}]} gives 1 and 2). Empty when missing.
std::vector<Element::Ptr> valuesAt(const Document& document, std::string_view path);

/// The single element at a dotted path without array expansion (for sort keys,
/// index keys and updates); null when missing.
Element::Ptr elementAt(const Document& document, std::string_view path);

/// A copy of `document` with the field at dotted `path` set to `value` (renamed to the
/// last path segment), or removed when `value` is null. Intermediate documents are
/// created as needed. Throws std::invalid_argument when a path crosses a non-document.
Document::Ptr withField(const Document& document, std::string_view path, const Element::Ptr& value);

/// Canonical bytes of a document, for "did it change" checks.
std::string bytesOf(const Document& document);

/// A copy whose top-level element list is new (elements themselves are shared:
/// stored documents are never mutated in place, only replaced).
Document::Ptr shallowCopy(const Document& document);

/// An element holding a 64-bit or 32-bit integer, the narrower when it fits, as the
/// server does for counters.
Element::Ptr makeInteger(const std::string& name, long long value);

} // namespace jollyjet::test::wire
