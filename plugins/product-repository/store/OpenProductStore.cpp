#include "OpenProductStore.h"

#include <stdexcept>

#include <Poco/Util/AbstractConfiguration.h>

#include "MongoProductStore.h"
#include "SqliteProductStore.h"
#include "jollyjet/Services.h"

namespace jollyjet::products {

std::unique_ptr<ProductStore> openProductStore(const Poco::Util::AbstractConfiguration& config,
                                               Services& services) {
    const std::string backend = config.getString("store.backend", "sqlite");
    if (backend == "sqlite") return std::make_unique<SqliteProductStore>(services.sqlite());
    if (backend == "mongodb") return std::make_unique<MongoProductStore>(services.mongo());
    throw std::runtime_error("[store] backend = " + backend + " is not supported by this build");
}

} // namespace jollyjet::products
