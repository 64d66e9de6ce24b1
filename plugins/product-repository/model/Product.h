#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jollyjet::products {

/// A product as stored (docs/openapi.yaml, Product). Times are milliseconds since the epoch,
/// UTC; `stock` is the stored stock (the effective stock is computed on output).
struct Product {
    std::string id; ///< 24 lowercase hex digits
    std::string name;
    std::string description;
    double price = 0;
    std::int64_t stock = 0;
    std::string category;
    std::vector<std::string> images;
    bool isActive = true;
    bool isWishlistStatus = false;
    std::int64_t wishlistCount = 0;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;

    bool operator==(const Product&) const = default;
};

/// What POST accepts (already validated).
struct NewProduct {
    std::string name;
    std::string description;
    double price = 0;
    std::int64_t stock = 0;
    std::string category;
    std::vector<std::string> images;
    bool isActive = true;
};

/// A partial update (PUT, PATCH wishlist): only the fields that are set change.
/// isWishlistStatus also sets wishlistCount to 1 (true) or 0 (false), as PATCH does.
struct ProductPatch {
    std::optional<std::string> name, description, category;
    std::optional<double> price;
    std::optional<std::int64_t> stock;
    std::optional<std::vector<std::string>> images;
    std::optional<bool> isActive;
    std::optional<bool> isWishlistStatus;

    bool empty() const {
        return !name && !description && !category && !price && !stock && !images && !isActive &&
               !isWishlistStatus;
    }
};

/// Filters of the list and count routes (docs/openapi.yaml); unset means no filter.
struct ProductFilter {
    std::optional<std::string> category;
    /// Lowercase words; a product matches when its description has any of them as a
    /// whole word (see SearchWords.h).
    std::vector<std::string> searchWords;
    std::optional<bool> isActive;
    std::optional<bool> isWishlistStatus;
    std::optional<std::pair<double, double>> priceRange; ///< inclusive
};

} // namespace jollyjet::products
