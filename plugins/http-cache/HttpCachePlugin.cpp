#include <memory>

#include <Poco/Util/AbstractConfiguration.h>

#include "config/HttpCacheSettings.h"
#include "filter/ConsistencyChecker.h"
#include "filter/HttpCacheFilter.h"
#include "filter/NearFastLookup.h"
#include "filter/HttpCacheMetrics.h"
#include "jollyjet/Services.h"
#include "jollyjet/cache/CacheService.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/plugin/Plugin.h"
#include "store/HttpCacheStore.h"

namespace jollyjet::httpcache {

/// http-cache: the HTTP response cache filter (HttpCacheFilter) over the server's
/// CacheService. It knows no resource: handlers tag their answers and writers retire
/// them with CacheService::invalidateTags.
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
        store_ = std::make_unique<CacheServiceStore>(services.cache());
        metrics_ = std::make_unique<HttpCacheMetrics>(services.metrics());
        if (settings_.consistencyCheck > 0)
            checker_ = std::make_unique<ConsistencyChecker>(services.router(), *store_,
                                                            settings_.consistencyQueue, *metrics_, log_);
        filter_ = std::make_shared<HttpCacheFilter>(settings_, *store_, services.router(), *metrics_, log_,
                                                    checker_.get());
        services.filters().add(filter_);
        // Near-cache hits are answered on the front end's I/O thread; the filter
        // still serves them for requests that reach it (e.g. from the warm-up).
        if (store_->nearCache()) services.filters().addFastLookup(std::make_shared<NearFastLookup>(filter_));
        log_->info("http-cache: routes as they declare, {} more listed, {} lifetimes configured, stale for {} s, "
                   "consistency check {}",
                   settings_.routes.size(), settings_.ttlByName.size(), settings_.staleFor.count(),
                   settings_.consistencyCheck);
    }

    void start() override {
        if (checker_) checker_->start();
    }

    void stop() override {
        if (checker_) checker_->stop();
    }

private:
    HttpCacheSettings settings_;
    std::shared_ptr<spdlog::logger> log_;
    std::unique_ptr<CacheServiceStore> store_;
    std::unique_ptr<HttpCacheMetrics> metrics_;
    std::unique_ptr<ConsistencyChecker> checker_;
    std::shared_ptr<HttpCacheFilter> filter_;
};

} // namespace jollyjet::httpcache

JOLLYJET_PLUGIN(jollyjet::httpcache::HttpCachePlugin)
