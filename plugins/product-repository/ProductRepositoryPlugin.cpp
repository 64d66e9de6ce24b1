#include <atomic>
#include <memory>

#include <Poco/Util/AbstractConfiguration.h>

#include "http/ProductRoutes.h"
#include "jollyjet/Services.h"
#include "jollyjet/cache/CacheService.h"
#include "jollyjet/config/CoreSettings.h"
#include "jollyjet/config/Settings.h"
#include "jollyjet/events/Events.h"
#include "jollyjet/health/HealthRegistry.h"
#include "jollyjet/http/BearerToken.h"
#include "jollyjet/http/FailedAuthLimiter.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/plugin/Plugin.h"
#include "service/ProductService.h"
#include "store/MeteredStore.h"
#include "store/OpenProductStore.h"

namespace jollyjet::products {

namespace {

/// `[plugin.product-repository]`.
struct RepositorySettings {
    std::string writeToken;
    bool publicWrites = false;
    int authFailureLimit = 0;
    std::chrono::seconds authFailureWindow{0};
};

const config::Settings<RepositorySettings>& settingsSchema() {
    using S = RepositorySettings;
    static const auto schema =
        config::Settings<S>("")
            .string("writeToken", &S::writeToken, "",
                    "bearer token POST, PUT, PATCH and DELETE demand; required in staging and "
                    "production (at least 32 characters) unless publicWrites = true")
            .boolean("publicWrites", &S::publicWrites, false,
                     "let anyone write without a token in staging and production")
            .integer("authFailureLimit", &S::authFailureLimit, 10, 1, 1000000,
                     "wrong write tokens one client address may send within authFailureWindowSeconds")
            .integer("authFailureWindowSeconds", &S::authFailureWindow, 60, 1, 86400,
                     "window of authFailureLimit");
    return schema;
}

} // namespace

/// product-repository: the product catalog REST API (docs/openapi.yaml) over the store the
/// config selects, with the Redis-first cache-aside of ProductService.
class ProductRepositoryPlugin : public Plugin {
public:
    std::string name() const override { return "product-repository"; }
    std::string version() const override { return "1.0.0"; }

    void validate(const Poco::Util::AbstractConfiguration& config,
                  std::vector<std::string>& problems) const override {
        const std::size_t before = problems.size();
        settingsSchema().validate(config, "", problems);
        const config::CoreSettings core = config::coreSettings(config);
        if (problems.size() != before || !core.deployed()) return;
        const std::string& environment = core.environment;
        const RepositorySettings settings = settingsSchema().read(config);
        const std::string& token = settings.writeToken;
        if (token.empty() && !settings.publicWrites)
            problems.push_back("key 'writeToken' is empty: in the " + environment +
                               " environment anyone could create, change and delete products; set it "
                               "(e.g. writeToken = ${system.env.JOLLYJET_WRITE_TOKEN}) or set "
                               "publicWrites = true on purpose; refusing to start");
        else if (!token.empty() && token.size() < http::kMinProductionTokenLength)
            problems.push_back("key 'writeToken' has " + std::to_string(token.size()) + " characters: the " +
                               environment + " environment requires at least " +
                               std::to_string(http::kMinProductionTokenLength));
    }

    void init(const Poco::Util::AbstractConfiguration& own, Services& services) override {
        const auto& config = services.config();
        log_ = services.logger("product-repository");
        store_ = std::make_unique<MeteredStore>(openProductStore(config, services), services.metrics());

        const config::CoreSettings core = config::coreSettings(config);
        const RepositorySettings mine = settingsSchema().read(own);
        ProductService::Settings settings;
        settings.itemTtl = core.cache.item;
        settings.listTtl = core.cache.list;
        settings.countTtl = core.cache.count;
        settings.negativeTtl = core.cache.negative;
        settings.staleFor = core.cache.stale;
        cache::CacheService* cache = services.hasCache() ? &services.cache() : nullptr;
        service_ = std::make_unique<ProductService>(*store_, cache, services.events(), services.metrics(),
                                                    log_, settings);
        const std::string& writeToken = mine.writeToken;
        if (writeToken.empty() && mine.publicWrites)
            log_->warn("product writes are public (publicWrites = true): anyone who can reach the "
                       "server can change the catalog");
        auto writes = std::make_shared<WriteGuard>(
            writeToken,
            http::FailedAuthLimiter::Settings{mine.authFailureLimit, mine.authFailureWindow, 10000},
            log_);
        registerProductRoutes(services.router(), *service_, cache ? cache->keyPrefix() : std::string(),
                              std::move(writes), core.maxResultWindow);

        services.health().add("database", core.storeBackend, [this] {
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
