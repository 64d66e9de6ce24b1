#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "../model/Product.h"

namespace jollyjet::products {

/// The record a store writes for `product`: a new id, createdAt = updatedAt = now,
/// wishlist off. Both stores create products through it, so they cannot differ.
Product newRecord(const NewProduct& product);

/// The store could not be reached or failed; the request gets 503 and nothing was
/// changed by it, or the change is all there (stores apply each write atomically).
class StoreUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    ~StoreUnavailable() override;
};

/// Where products live: the source of truth behind the cache.
///
/// Every write is one atomic store operation (no read-modify-write), so concurrent
/// updates of different fields of one product lose nothing. Lists are sorted by
/// createdAt ascending, then id. Both implementations (SQLite, MongoDB) pass one
/// conformance suite, so they answer identically.
class ProductStore {
public:
    virtual ~ProductStore();

    /// "sqlite" or "mongo": the X-Data-Source value for answers that came from it.
    virtual std::string name() const = 0;
    /// Creates tables/indexes if missing; idempotent. Called once at start.
    virtual void prepare() = 0;
    virtual void ping() = 0;

    /// Gives the product a new id and createdAt = updatedAt = now.
    virtual Product create(const NewProduct& product) = 0;
    /// Writes complete records as they are (ids, times and wishlist state included),
    /// for bulk import. The caller checks them first: ids are unique and new,
    /// createdAt lies in [0, 2^42) ms. SQLite writes the batch in one transaction
    /// (all or nothing); MongoDB in one ordered insert command (on failure, the
    /// documents before the failing one stay written).
    virtual void insertBatch(const std::vector<Product>& products) = 0;
    /// Which of `ids` (lowercase hex) are stored, in one round trip.
    virtual std::vector<std::string> existingIds(const std::vector<std::string>& ids) = 0;
    virtual std::optional<Product> findById(const std::string& id) = 0;
    virtual std::vector<Product> find(const ProductFilter& filter, std::int64_t skip,
                                      std::int64_t limit) = 0;
    virtual std::int64_t count(const ProductFilter& filter) = 0;
    /// Applies the patch (updatedAt = now when it is not empty) and returns the new
    /// state; nullopt when there is no such product.
    virtual std::optional<Product> update(const std::string& id, const ProductPatch& patch) = 0;
    /// Returns whether a product was deleted.
    virtual bool remove(const std::string& id) = 0;
};

} // namespace jollyjet::products
