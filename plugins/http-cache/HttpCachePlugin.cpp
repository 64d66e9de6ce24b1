#include <memory>

#include <Poco/Util/AbstractConfiguration.h>

#include "body/JsonScan.h"
#include "config/HttpCacheSettings.h"
#include "filter/ConsistencyChecker.h"
#include "filter/HttpCacheFilter.h"
#include "filter/HttpCacheMetrics.h"
#include "jollyjet/Services.h"
#include "jollyjet/cache/CacheService.h"
#include "jollyjet/events/Events.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/plugin/Plugin.h"
#include "store/HttpCacheStore.h"

namespace jollyjet::httpcache {

namespace {

// The "id" of a products.changed payload, or empty.
std::string changedId(const std::string& payload) {
    auto parts = json::members(payload);
    if (!parts) return {};
    for (const auto& member : *parts)
        if (member.name == "id") return json::unquote(member.value).value_or("");
    return {};
}

} // namespace

/// http-cache: the HTTP response cache filter (HttpCacheFilter) over the server's
/// CacheService, plus what keeps it exact: on every local "products.changed" event
/// it bumps the product's item generation before the writer's response goes out
/// (Events::publish delivers on the writer's thread), so every instance sharing the
/// cache stops serving that item's entries at once. Lists, counts and the wishlist
/// live under the "products" generation, which the product plugin bumps itself.
class HttpCachePlugin : public Plugin {
public:
    std::string name() const override { return "http-cache"; }
    std::string version() const override { return "1.0.0"; }

    void validate(const Poco::Util::AbstractConfiguration& config,
                  std::vector<std::string>& problems) const override {
        HttpCacheSettings::validate(config, problems);
    }

    void init(const Poco::Util::AbstractConfiguration& config, Services& services) override {
        if (!services.hasCache())
            throw std::runtime_error("http-cache needs a cache: set [cache] backend = redis or memory");
        settings_ = HttpCacheSettings::fromConfig(config);
        log_ = services.logger("http-cache");
        events_ = &services.events();
        store_ = std::make_unique<CacheServiceStore>(services.cache());
        metrics_ = std::make_unique<HttpCacheMetrics>(services.metrics());
        if (settings_.consistencyCheck > 0)
            checker_ = std::make_unique<ConsistencyChecker>(services.router(), *store_,
                                                            settings_.consistencyQueue, *metrics_, log_);
        services.filters().add(std::make_shared<HttpCacheFilter>(settings_, *store_, services.router(),
                                                                 *metrics_, log_, checker_.get()));
        if (settings_.itemGenerations)
            subscription_ = events_->subscribe(topics::kProductsChanged, [this](const Event& event) {
                // The writing instance bumps; the others read the shared counter.
                if (event.remote) return;
                const std::string id = changedId(event.payload);
                if (id.empty()) {
                    log_->warn("products.changed without an id: {}", event.payload);
                    return;
                }
                store_->bump(HttpCacheFilter::itemScope(id));
            });
        log_->info("http-cache: {} routes cached, stale for {} s, consistency check {}",
                   settings_.routes.size(), settings_.staleFor.count(), settings_.consistencyCheck);
    }

    void start() override {
        if (checker_) checker_->start();
    }

    void stop() override {
        if (subscription_) events_->unsubscribe(subscription_);
        subscription_ = 0;
        if (checker_) checker_->stop();
    }

private:
    HttpCacheSettings settings_;
    std::shared_ptr<spdlog::logger> log_;
    Events* events_ = nullptr;
    std::unique_ptr<CacheServiceStore> store_;
    std::unique_ptr<HttpCacheMetrics> metrics_;
    std::unique_ptr<ConsistencyChecker> checker_;
    int subscription_ = 0;
};

} // namespace jollyjet::httpcache

JOLLYJET_PLUGIN(jollyjet::httpcache::HttpCachePlugin)
