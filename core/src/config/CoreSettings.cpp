#include "jollyjet/config/CoreSettings.h"

#include "jollyjet/config/CoreSchema.h"

namespace jollyjet::config {

CoreSettings coreSettings(const Poco::Util::AbstractConfiguration& config) {
    const auto seconds = [&config](const std::string& key) { return std::chrono::seconds(coreInt(config, key)); };
    CoreSettings settings;
    settings.environment = coreString(config, "server.environment");
    settings.storeBackend = coreString(config, "store.backend");
    settings.maxResultWindow = coreInt(config, "store.maxResultWindow");
    settings.cache.item = seconds("cache.ttl.item");
    settings.cache.list = seconds("cache.ttl.list");
    settings.cache.count = seconds("cache.ttl.count");
    settings.cache.negative = seconds("cache.ttl.negative");
    settings.cache.stale = seconds("cache.staleSeconds");
    return settings;
}

} // namespace jollyjet::config
