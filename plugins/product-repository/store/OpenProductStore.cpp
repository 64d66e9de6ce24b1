#include "OpenProductStore.h"

#include <stdexcept>

#include <Poco/Util/AbstractConfiguration.h>

#include "MongoProductStore.h"
#include "SqliteProductStore.h"
#include "jollyjet/Services.h"
#include "jollyjet/config/CoreSettings.h"

namespace jollyjet::products {

namespace {

// The store of each `[store] backend` name, on the connection core opened for it.
struct StoreFactory {
    const char* name;
    std::unique_ptr<ProductStore> (*open)(Services& services);
};

const StoreFactory kStores[] = {
    {"sqlite", [](Services& s) -> std::unique_ptr<ProductStore> { return std::make_unique<SqliteProductStore>(s.sqlite()); }},
    {"mongodb", [](Services& s) -> std::unique_ptr<ProductStore> { return std::make_unique<MongoProductStore>(s.mongo()); }},
};

} // namespace

std::unique_ptr<ProductStore> openProductStore(const Poco::Util::AbstractConfiguration& config,
                                               Services& services) {
    const std::string backend = config::coreSettings(config).storeBackend;
    for (const auto& store : kStores)
        if (backend == store.name) return store.open(services);
    throw std::runtime_error("[store] backend = " + backend + " has no product store in this plugin");
}

} // namespace jollyjet::products
