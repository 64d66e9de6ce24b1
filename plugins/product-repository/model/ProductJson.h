#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <Poco/JSON/Object.h>

#include "Product.h"

namespace jollyjet::products {

/// The Product object of docs/openapi.yaml, fields in the documented order.
/// With `effectiveStock`, an inactive product reports stock 0 (the stored stock is
/// kept and shows again once it is reactivated).
std::string productJson(const Product& product, bool effectiveStock);
void appendProductJson(std::string& out, const Product& product, bool effectiveStock);

/// Reads back what productJson(p, false) wrote (the cached representation).
/// nullopt for anything else, so a foreign or damaged cache entry is a miss.
std::optional<Product> productFromJson(std::string_view json);
/// The same, from an already parsed object (a list entry).
std::optional<Product> productFromObject(const Poco::JSON::Object::Ptr& object);

/// Shortest text that reads back as the same double; whole numbers without ".0",
/// as JavaScript prints them.
std::string formatNumber(double value);

/// Milliseconds since the epoch from 2026-01-31T12:00:00.000Z (http::isoFromMs's form).
std::optional<std::int64_t> msFromIso(std::string_view iso);

} // namespace jollyjet::products
