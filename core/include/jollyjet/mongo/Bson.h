#pragma once

#include "jollyjet/Export.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/MongoDB/Array.h>
#include <Poco/MongoDB/Document.h>
#include <Poco/MongoDB/Element.h>

namespace jollyjet::mongo {

using Poco::MongoDB::Array;
using Poco::MongoDB::Document;
using Poco::MongoDB::Element;

/// Helpers around POCO's BSON classes, which the client uses as its document type.
///
/// POCO's Document keeps elements in insertion order (MongoDB needs the command name
/// first) but offers no iteration, no removal, and its reader trusts the length
/// prefixes it is given: decode() therefore checks a buffer's structure before POCO
/// reads it, so a truncated or hostile buffer raises ProtocolError instead of
/// reading past its end. POCO cannot read decimal128, MinKey/MaxKey, undefined,
/// symbols, DBPointer or code with scope; decode() names such a field in its error.
/// POCO keeps UTC datetimes in microseconds (exact for milliseconds), but its BSON
/// Timestamp (type 0x11) does not round-trip: never send one back to a server.

/// The element as a ConcreteElement<T> (T one of POCO's BSON value types: double,
/// std::string, Document::Ptr, Array::Ptr, bool, Poco::Int32, Poco::Int64, ...),
/// or null when it is absent or holds another type.
template <class T>
const Poco::MongoDB::ConcreteElement<T>* as(const Element::Ptr& element) {
    return element.isNull() ? nullptr : dynamic_cast<const Poco::MongoDB::ConcreteElement<T>*>(element.get());
}

/// A new empty document.
inline Document::Ptr makeDocument() { return new Document(); }

/// The BSON bytes of `document` (POCO's writer wants a mutable document; it does
/// not change it).
JOLLYJET_API std::string encode(const Document& document);

/// Reads one BSON document that fills `bytes` exactly. Throws ProtocolError.
JOLLYJET_API Document::Ptr decode(std::string_view bytes);

/// Checks that `bytes` starts with a well-formed BSON document of a type POCO can
/// read and returns its length. Throws ProtocolError naming the problem.
JOLLYJET_API std::size_t checkBson(std::string_view bytes);

/// The elements of `document` in order.
JOLLYJET_API std::vector<Element::Ptr> elementsOf(const Document& document);

/// An array of the given documents (keys "0", "1", ...).
JOLLYJET_API Array::Ptr makeArray(const std::vector<Document::Ptr>& documents);

/// The documents in `array` (elements that are not documents are skipped).
JOLLYJET_API std::vector<Document::Ptr> documentsOf(const Document& array);

/// The sub-document or array called `name`, or null when absent or of another type.
JOLLYJET_API Document::Ptr subDocument(const Document& document, const std::string& name);

/// The integral value of an int32, int64 or integral double element; nullopt otherwise.
JOLLYJET_API std::optional<std::int64_t> integerOf(const Element::Ptr& element);

/// `name` as an integer (int32, int64 or double), or `fallback` when absent.
JOLLYJET_API std::int64_t integerField(const Document& document, const std::string& name,
                          std::int64_t fallback = 0);

/// `name` as a string, or `fallback` when absent or not a string.
JOLLYJET_API std::string stringField(const Document& document, const std::string& name,
                        const std::string& fallback = "");

/// MongoDB's notion of a true `ok`: a number equal to 1 or the boolean true.
JOLLYJET_API bool isOk(const Document& reply);

} // namespace jollyjet::mongo
