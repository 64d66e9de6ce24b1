#pragma once

#include <cstdint>
#include <string>

#include "Product.h"
#include "jollyjet/http/Exchange.h"

namespace jollyjet::products {

/// A parsed list, count or wishlist query.
struct ListQuery {
    ProductFilter filter;
    std::int64_t page = 1;
    std::int64_t limit = 10;

    std::int64_t skip() const { return (page - 1) * limit; }
};

inline constexpr std::int64_t kMaxPage = 1000000;
inline constexpr std::int64_t kMaxLimit = 100;

/// GET /api/products and /count: the first failing rule is a 400 with its message;
/// a repeated parameter is a 400 too. Values are parsed strictly: page and limit are
/// decimal integers (no "2abc", "1e9" or numbers past kMaxPage), isActive and
/// isWishlistStatus are exactly `true` or `false`. Unknown parameters are ignored.
ListQuery parseListQuery(const http::Params& query);

/// GET /api/products/wishlist: only page and limit, decimal integers (400
/// otherwise, an empty value is absent), clamped as the reference does (page >= 1,
/// 1 <= limit <= 100); isWishlistStatus = true always.
ListQuery parseWishlistQuery(const http::Params& query);

/// Deep pages are refused rather than read through an ever longer skip: when
/// page * limit exceeds `maxResultWindow`, a 400 whose message says how to narrow
/// the query. Positions inside the window are unaffected.
void checkResultWindow(const ListQuery& query, std::int64_t maxResultWindow);

/// The same filter gives the same text whatever order the parameters came in; the
/// text holds only URL-safe characters, so it can stand in a cache key.
std::string canonicalFilter(const ProductFilter& filter);
std::string canonicalList(const ListQuery& query);

/// A decimal integer, optionally negative, nothing else (no spaces, '+', exponent
/// or fraction) and not above `max`; nullopt otherwise.
std::optional<std::int64_t> strictParseInt(const std::string& text, std::int64_t max);

/// JavaScript's parseInt on a decimal string: optional leading whitespace and sign,
/// then digits up to the first non-digit ("2abc" is 2); nullopt when there are none.
std::optional<std::int64_t> lenientParseInt(const std::string& text);

} // namespace jollyjet::products
