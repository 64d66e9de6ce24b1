#include <atomic>
#include <memory>

#include <Poco/Util/AbstractConfiguration.h>

#include "http/ProductRoutes.h"
#include "jollyjet/Services.h"
#include "jollyjet/cache/CacheService.h"
#include "jollyjet/config/Schema.h"
#include "jollyjet/events/Events.h"
#include "jollyjet/health/HealthRegistry.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/plugin/Plugin.h"
#include "service/ProductService.h"
#include "store/MeteredStore.h"
#include "store/OpenProductStore.h"

namespace jollyjet::products {

/// product-repository: the product catalog REST API (API.md) over the store the
/// config selects, with the Redis-first cache-aside of ProductService.
class ProductRepositoryPlugin : public Plugin {
public:
    std::string name() const override { return "product-repository"; }
    std::string version() const override { return "1.0.0"; }

    void validate(const Poco::Util::AbstractConfiguration& config,
                  std::vector<std::string>& problems) const override {
        // Everything it needs is in the core sections ([store], [cache]); its own
        // section takes no keys yet, so any key there is a typo.
        config::Schema("").validate(config, "", problems);
    }

    void init(const Poco::Util::AbstractConfiguration&, Services& services) override {
        const auto& config = services.config();
        log_ = services.logger("product-repository");
        store_ = std::make_unique<MeteredStore>(openProductStore(config, services), services.metrics());

        ProductService::Settings settings;
        settings.itemTtl = std::chrono::seconds(config.getInt("cache.ttl.item", 3600));
        settings.listTtl = std::chrono::seconds(config.getInt("cache.ttl.list", 300));
        settings.countTtl = std::chrono::seconds(config.getInt("cache.ttl.count", 300));
        settings.negativeTtl = std::chrono::seconds(config.getInt("cache.ttl.negative", 30));
        settings.staleFor = std::chrono::seconds(config.getInt("cache.staleSeconds", 60));
        cache::CacheService* cache = services.hasCache() ? &services.cache() : nullptr;
        service_ = std::make_unique<ProductService>(*store_, cache, services.events(), services.metrics(),
                                                    log_, settings);
        registerProductRoutes(services.router(), *service_, cache ? cache->keyPrefix() : std::string(),
                              config.getInt64("store.maxResultWindow", 10000));

        const std::string backend = config.getString("store.backend", "sqlite");
        services.health().add("database", backend == "mongodb" ? "mongodb" : "sqlite", [this] {
            HealthStatus status;
            try {
                if (!prepared_) prepare();
                store_->ping();
            } catch (const std::exception& e) {
                status.status = "error";
                status.error = e.what();
            }
            return status;
        });
    }

    void start() override {
        // A store that is down at start must not keep the server from starting:
        // the health check retries the preparation and reports the store meanwhile.
        try {
            prepare();
        } catch (const std::exception& e) {
            log_->error("product store not ready: {}", e.what());
        }
    }

private:
    void prepare() {
        store_->prepare();
        prepared_ = true;
    }

    std::shared_ptr<spdlog::logger> log_;
    std::unique_ptr<ProductStore> store_;
    std::unique_ptr<ProductService> service_;
    std::atomic<bool> prepared_{false};
};

} // namespace jollyjet::products

JOLLYJET_PLUGIN(jollyjet::products::ProductRepositoryPlugin)
