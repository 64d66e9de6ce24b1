#include "ProductStore.h"

#include <chrono>

#include "jollyjet/mongo/ObjectId.h"

namespace jollyjet::products {

StoreUnavailable::~StoreUnavailable() = default;

Product newRecord(const NewProduct& in) {
    Product p;
    p.id = mongo::ObjectId::generate().toHex();
    p.name = in.name;
    p.description = in.description;
    p.price = in.price;
    p.stock = in.stock;
    p.category = in.category;
    p.images = in.images;
    p.isActive = in.isActive;
    p.createdAt = p.updatedAt = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
    return p;
}
ProductStore::~ProductStore() = default;

} // namespace jollyjet::products
