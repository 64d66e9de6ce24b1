#pragma once

#include <optional>
#include <string>

#include <Poco/JSON/Object.h>

#include "Product.h"
#include "jollyjet/http/Exchange.h"

namespace jollyjet::products {

/// Request-body validation of docs/openapi.yaml's ProductCreate and ProductUpdate.
///
/// A body sent with another Content-Type than JSON (`application/json` or
/// `*/*+json`), or with none, is 415; malformed JSON is 400; every violated schema
/// rule is one 422 entry (`body.<field>`), all reported at once; unknown fields are
/// ignored.
/// After the schema, the entity invariants (400) are the second line of defence.

NewProduct parseCreateBody(const http::Request& request);
/// PUT: every field optional, `name` without a maximum.
ProductPatch parseUpdateBody(const http::Request& request);
/// PATCH wishlist: `isWishlistStatus` required, boolean.
bool parseWishlistBody(const http::Request& request);

/// The fields of a product read from an import file, checked by the rules a stored
/// product satisfies through the API: POST's schema (every violation one 422
/// entry), except that the name has no maximum and the product may be inactive or
/// out of stock, as PUT allows; isWishlistStatus (boolean) and wishlistCount
/// (non-negative integer) are kept rather than ignored.
struct ImportedFields {
    NewProduct product;
    bool isWishlistStatus = false;
    std::optional<std::int64_t> wishlistCount;
};
ImportedFields parseImportedObject(const Poco::JSON::Object::Ptr& object);

/// Length as JavaScript counts it (UTF-16 code units), for the min/max rules.
std::size_t jsLength(const std::string& utf8);

/// An absolute URL: scheme ":" and, for http(s), "//" and a host.
bool isAbsoluteUrl(const std::string& text);

} // namespace jollyjet::products
