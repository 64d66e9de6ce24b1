#include <atomic>
#include <memory>
#include <thread>

#include <Poco/Util/AbstractConfiguration.h>

#include "AdminRoutes.h"
#include "HitTracker.h"
#include "StatsReport.h"
#include "jollyjet/Services.h"
#include "jollyjet/cache/CacheService.h"
#include "jollyjet/config/Schema.h"
#include "jollyjet/health/HealthRegistry.h"
#include "jollyjet/http/BearerToken.h"
#include "jollyjet/http/FailedAuthLimiter.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/plugin/Plugin.h"

namespace jollyjet::admin {

namespace {

config::Schema schema() {
    return config::Schema("")
        .string("token", "", "bearer token every admin route demands; required in staging and production")
        .boolean("warmupOnStart", false, "warm the cache in the background after start-up")
        .integer("warmupPages", 3, 1, 100, "list pages a warm-up loads when not told otherwise")
        .integer("warmupMaxPages", 20, 1, 1000, "most pages one warm-up request may ask for")
        .integer("warmupWaitSeconds", 30, 0, 3600,
                 "how long the start-up warm-up waits for the store and the cache to be reachable")
        .integer("historySeconds", 900, 60, 86400, "how far back the admin page's chart reaches")
        .integer("sampleSeconds", 5, 1, 3600, "interval between two points of the chart")
        .integer("authFailureLimit", 10, 1, 1000000,
                 "wrong tokens one client address may send within authFailureWindowSeconds")
        .integer("authFailureWindowSeconds", 60, 1, 86400,
                 "window of authFailureLimit; an address over the limit gets 429 until it ends");
}

bool demandsToken(const std::string& environment) {
    return environment == "staging" || environment == "production";
}

} // namespace

/// cache-admin: the operator's levers (README "Cache administration": stats, check, invalidate,
/// status, warm-up, clear, single keys) and the /admin page, all behind one bearer
/// token. In staging and production the server refuses to start without the token.
/// Keys outside the server's prefix are out of reach (KeyScope), pattern work is
/// SCAN + UNLINK in batches (CacheService), and the start-up warm-up runs on its own
/// thread so it never delays serving.
class CacheAdminPlugin : public Plugin {
public:
    ~CacheAdminPlugin() override { stop(); }

    std::string name() const override { return "cache-admin"; }
    std::string version() const override { return "1.0.0"; }

    void validate(const Poco::Util::AbstractConfiguration& config,
                  std::vector<std::string>& problems) const override {
        schema().validate(config, "", problems);
        // A plugin's view falls back to the whole configuration for keys it does not
        // hold (POCO's ConfigurationView), which is how the environment is seen here.
        const std::string environment = config.getString("server.environment", "development");
        const std::string token = config.getString("token", "");
        if (demandsToken(environment) && token.empty())
            problems.push_back("key 'token' is empty: the " + environment +
                               " environment requires an admin token (set it from the environment, "
                               "e.g. token = ${system.env.JOLLYJET_ADMIN_TOKEN}); refusing to start");
        else if (demandsToken(environment) && token.size() < http::kMinProductionTokenLength)
            problems.push_back("key 'token' has " + std::to_string(token.size()) + " characters: the " +
                               environment + " environment requires an admin token of at least " +
                               std::to_string(http::kMinProductionTokenLength) +
                               " characters (e.g. openssl rand -hex 32); refusing to start");
        if (config.getInt("warmupPages", 3) > config.getInt("warmupMaxPages", 20))
            problems.push_back("key 'warmupPages' must not exceed 'warmupMaxPages'");
    }

    void init(const Poco::Util::AbstractConfiguration& config, Services& services) override {
        log_ = services.logger("cache-admin");
        warmupOnStart_ = config.getBool("warmupOnStart", false);
        warmupPages_ = config.getInt("warmupPages", 3);
        warmupWait_ = std::chrono::seconds(config.getInt("warmupWaitSeconds", 30));
        services_ = &services;

        const auto sample = std::chrono::seconds(config.getInt("sampleSeconds", 5));
        const auto capacity = static_cast<std::size_t>(config.getInt("historySeconds", 900) / sample.count()) + 1;
        auto& registry = services.metrics();
        history_ = std::make_unique<StatsHistory>([&registry] { return readTotals(registry); }, sample, capacity);
        cache::CacheService* cache = services.hasCache() ? &services.cache() : nullptr;
        warmer_ = std::make_unique<Warmer>(services.filters(), cache, log_);
        services.filters().add(std::make_shared<HitTracker>(topHits_));

        const std::string token = config.getString("token", "");
        if (token.empty())
            log_->warn("cache-admin: no token set, the admin routes are open to anyone who can reach them");
        context_ = std::make_unique<AdminContext>(AdminContext{
            services,
            AdminGuard(token, std::make_shared<http::FailedAuthLimiter>(
                                  "cache-admin",
                                  http::FailedAuthLimiter::Settings{
                                      config.getInt("authFailureLimit", 10),
                                      std::chrono::seconds(config.getInt("authFailureWindowSeconds", 60)), 10000},
                                  log_)),
            KeyScope(cache ? cache->keyPrefix() : std::string()), *history_,
            topHits_, *warmer_, warmupPages_, config.getInt("warmupMaxPages", 20), stopping_,
            std::chrono::steady_clock::now(), log_});
        registerAdminRoutes(services.router(), *context_);
    }

    void start() override {
        stopping_ = false;
        history_->start();
        if (warmupOnStart_) warmupThread_ = std::thread([this] { warmUpWhenReady(); });
    }

    void stop() override {
        stopping_ = true;
        if (warmupThread_.joinable()) warmupThread_.join();
        if (history_) history_->stop();
    }

private:
    /// The start-up warm-up: waits (bounded) until every health check passes, so a
    /// store still being prepared or a Redis still starting is not warmed into
    /// errors, then runs once.
    void warmUpWhenReady() {
        const auto deadline = std::chrono::steady_clock::now() + warmupWait_;
        for (;;) {
            bool ready = true;
            for (const auto& r : services_->health().runAll())
                if (!r.status.ok()) ready = false;
            if (ready) break;
            if (stopping_) return;
            if (std::chrono::steady_clock::now() >= deadline) {
                log_->warn("cache warm-up skipped: dependencies not reachable after {} s",
                           warmupWait_.count());
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
        try {
            const auto result = warmer_->run(warmupPages_, false, stopping_);
            log_->info("start-up cache warm-up done: {} entries written", result.warmed);
        } catch (const std::exception& e) {
            log_->error("start-up cache warm-up failed: {}", e.what());
        }
    }

    std::shared_ptr<spdlog::logger> log_;
    Services* services_ = nullptr;
    bool warmupOnStart_ = false;
    int warmupPages_ = 3;
    std::chrono::seconds warmupWait_{30};
    std::atomic<bool> stopping_{false};
    TopHits topHits_;
    std::unique_ptr<StatsHistory> history_;
    std::unique_ptr<Warmer> warmer_;
    std::unique_ptr<AdminContext> context_;
    std::thread warmupThread_;
};

} // namespace jollyjet::admin

JOLLYJET_PLUGIN(jollyjet::admin::CacheAdminPlugin)
