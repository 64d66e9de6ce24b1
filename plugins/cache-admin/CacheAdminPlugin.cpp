#include <atomic>
#include <memory>
#include <thread>

#include <Poco/Util/AbstractConfiguration.h>

#include "AdminRoutes.h"
#include "HitTracker.h"
#include "StatsReport.h"
#include "jollyjet/Services.h"
#include "jollyjet/cache/CacheService.h"
#include "jollyjet/config/CoreSettings.h"
#include "jollyjet/config/Settings.h"
#include "jollyjet/health/HealthRegistry.h"
#include "jollyjet/http/BearerToken.h"
#include "jollyjet/http/FailedAuthLimiter.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/plugin/Plugin.h"

namespace jollyjet::admin {

namespace {

/// `[plugin.cache-admin]`.
struct CacheAdminSettings {
    std::string token;
    bool warmupOnStart = false;
    int warmupPages = 0;
    int warmupMaxPages = 0;
    std::chrono::seconds warmupWait{0};
    std::chrono::seconds history{0};
    std::chrono::seconds sample{0};
    int authFailureLimit = 0;
    std::chrono::seconds authFailureWindow{0};
};

const config::Settings<CacheAdminSettings>& settingsSchema() {
    using S = CacheAdminSettings;
    static const auto schema =
        config::Settings<S>("")
            .string("token", &S::token, "",
                    "bearer token every admin route demands; required in staging and production")
            .boolean("warmupOnStart", &S::warmupOnStart, false, "warm the cache in the background after start-up")
            .integer("warmupPages", &S::warmupPages, 3, 1, 100, "list pages a warm-up loads when not told otherwise")
            .integer("warmupMaxPages", &S::warmupMaxPages, 20, 1, 1000, "most pages one warm-up request may ask for")
            .integer("warmupWaitSeconds", &S::warmupWait, 30, 0, 3600,
                     "how long the start-up warm-up waits for the store and the cache to be reachable")
            .integer("historySeconds", &S::history, 900, 60, 86400, "how far back the admin page's chart reaches")
            .integer("sampleSeconds", &S::sample, 5, 1, 3600, "interval between two points of the chart")
            .integer("authFailureLimit", &S::authFailureLimit, 10, 1, 1000000,
                     "wrong tokens one client address may send within authFailureWindowSeconds")
            .integer("authFailureWindowSeconds", &S::authFailureWindow, 60, 1, 86400,
                     "window of authFailureLimit; an address over the limit gets 429 until it ends");
    return schema;
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
        const std::size_t before = problems.size();
        settingsSchema().validate(config, "", problems);
        if (problems.size() != before) return;
        const CacheAdminSettings settings = settingsSchema().read(config);
        const std::string& token = settings.token;
        // A plugin's view falls back to the whole configuration for keys it does not
        // hold (POCO's ConfigurationView), which is how the environment is seen here.
        const std::string environment = config::coreSettings(config).environment;
        if (demandsToken(environment) && token.empty())
            problems.push_back("key 'token' is empty: the " + environment +
                               " environment requires an admin token (set it from the environment, "
                               "e.g. token = ${system.env.JOLLYJET_ADMIN_TOKEN}); refusing to start");
        else if (demandsToken(environment) && token.size() < http::kMinProductionTokenLength)
            problems.push_back("key 'token' has " + std::to_string(token.size()) + " characters: the " +
                               environment + " environment requires an admin token of at least " +
                               std::to_string(http::kMinProductionTokenLength) +
                               " characters (e.g. openssl rand -hex 32); refusing to start");
        if (settings.warmupPages > settings.warmupMaxPages)
            problems.push_back("key 'warmupPages' must not exceed 'warmupMaxPages'");
    }

    void init(const Poco::Util::AbstractConfiguration& config, Services& services) override {
        const CacheAdminSettings settings = settingsSchema().read(config);
        log_ = services.logger("cache-admin");
        warmupOnStart_ = settings.warmupOnStart;
        warmupPages_ = settings.warmupPages;
        warmupWait_ = settings.warmupWait;
        services_ = &services;

        const auto sample = settings.sample;
        const auto capacity = static_cast<std::size_t>(settings.history / sample) + 1;
        auto& registry = services.metrics();
        history_ = std::make_unique<StatsHistory>([&registry] { return readTotals(registry); }, sample, capacity);
        cache::CacheService* cache = services.hasCache() ? &services.cache() : nullptr;
        warmer_ = std::make_unique<Warmer>(services.filters(), cache, log_);
        services.filters().add(std::make_shared<HitTracker>(topHits_));

        const std::string& token = settings.token;
        if (token.empty())
            log_->warn("cache-admin: no token set, the admin routes are open to anyone who can reach them");
        context_ = std::make_unique<AdminContext>(AdminContext{
            services,
            AdminGuard(token, std::make_shared<http::FailedAuthLimiter>(
                                  "cache-admin",
                                  http::FailedAuthLimiter::Settings{
                                      settings.authFailureLimit, settings.authFailureWindow, 10000},
                                  log_)),
            KeyScope(cache ? cache->keyPrefix() : std::string()), *history_,
            topHits_, *warmer_, warmupPages_, settings.warmupMaxPages, stopping_,
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
