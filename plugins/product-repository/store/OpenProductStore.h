#pragma once

#include <memory>

#include "ProductStore.h"

namespace Poco::Util {
class AbstractConfiguration;
}
namespace jollyjet {
class Services;
}

namespace jollyjet::products {

/// The store `[store] backend` names, on the connection core opened for it.
std::unique_ptr<ProductStore> openProductStore(const Poco::Util::AbstractConfiguration& config,
                                               Services& services);

} // namespace jollyjet::products
