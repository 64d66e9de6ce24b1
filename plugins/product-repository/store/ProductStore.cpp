#include "ProductStore.h"

namespace jollyjet::products {

StoreUnavailable::~StoreUnavailable() = default;
ProductStore::~ProductStore() = default;

} // namespace jollyjet::products
