#include <memory>
#include <set>

#include <Poco/Util/AbstractConfiguration.h>

#include "ObservabilityGuard.h"
#include "ProcessMetrics.h"
#include "RequestMetricsFilter.h"
#include "jollyjet/Services.h"
#include "jollyjet/config/CoreSettings.h"
#include "jollyjet/config/Settings.h"
#include "jollyjet/http/BearerToken.h"
#include "jollyjet/http/ClientNetworks.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/plugin/Plugin.h"

namespace jollyjet::observe {

namespace {

/// `[plugin.metrics]`.
struct MetricsSettings {
    std::string path;
    bool slowRequestLog = false;
    std::chrono::milliseconds slowRequest{0};
    std::vector<std::string> cacheLayersFromNotes;
    std::string token;
    std::vector<std::string> allowedNetworks;
};

const config::Settings<MetricsSettings>& settingsSchema() {
    using S = MetricsSettings;
    static const auto schema =
        config::Settings<S>("")
            .string("path", &S::path, "/metrics", "route of the Prometheus text exposition")
            .boolean("slowRequestLog", &S::slowRequestLog, true,
                     "log requests slower than slowRequestMs at warn level")
            .integer("slowRequestMs", &S::slowRequest, 1000, 0, 3600000,
                     "slow request threshold; 0 logs every request")
            .list("cacheLayersFromNotes", &S::cacheLayersFromNotes, "http",
                  "cache layers whose jollyjet_cache_requests_total is counted from the request "
                  "notes they leave (cache.<layer>); the repository layer counts itself")
            .string("token", &S::token, "",
                    "bearer token the metrics page and the detailed /api/health demand; "
                    "at least 32 characters in staging and production")
            .list("allowedNetworks", &S::allowedNetworks, "",
                  "client networks (CIDR) that may read the metrics page and the detailed /api/health");
    return schema;
}

// Prometheus' own content type for text format 0.0.4.
constexpr const char* kExpositionType = "text/plain; version=0.0.4; charset=utf-8";

} // namespace

/// metrics: request counters and latency histograms (RequestMetricsFilter), process
/// gauges, and GET /metrics rendering the whole registry, every other component's
/// series included, in the Prometheus text format 0.0.4.
class MetricsPlugin : public Plugin {
public:
    std::string name() const override { return "metrics"; }
    std::string version() const override { return "1.0.0"; }

    void validate(const Poco::Util::AbstractConfiguration& config,
                  std::vector<std::string>& problems) const override {
        const std::size_t before = problems.size();
        settingsSchema().validate(config, "", problems);
        if (problems.size() != before) return;
        const MetricsSettings settings = settingsSchema().read(config);
        if (settings.path.empty() || settings.path[0] != '/') problems.push_back("key 'path' must start with '/'");
        for (const auto& cidr : settings.allowedNetworks)
            if (auto problem = http::ClientNetworks::problemWith(cidr); !problem.empty())
                problems.push_back("key 'allowedNetworks': " + problem);
        const config::CoreSettings core = config::coreSettings(config);
        const std::string& environment = core.environment;
        const std::string& token = settings.token;
        if (core.deployed()) {
            if (token.empty() && settings.allowedNetworks.empty())
                problems.push_back("keys 'token' and 'allowedNetworks' are both empty: the " + environment +
                                   " environment does not serve metrics and server details to anyone; "
                                   "set a token (e.g. token = ${system.env.JOLLYJET_METRICS_TOKEN}) or "
                                   "the client networks allowed to read them");
            if (!token.empty() && token.size() < http::kMinProductionTokenLength)
                problems.push_back("key 'token' has " + std::to_string(token.size()) + " characters: the " +
                                   environment + " environment requires at least " +
                                   std::to_string(http::kMinProductionTokenLength));
        }
    }

    void init(const Poco::Util::AbstractConfiguration& config, Services& services) override {
        const MetricsSettings mine = settingsSchema().read(config);
        RequestMetricsFilter::Settings settings;
        settings.noteLayers = std::set<std::string>(mine.cacheLayersFromNotes.begin(), mine.cacheLayersFromNotes.end());
        settings.slowLog = mine.slowRequestLog;
        settings.slowThreshold = mine.slowRequest;

        auto& registry = services.metrics();
        registerProcessMetrics(registry);
        const std::string& path = mine.path;
        services.filters().add(std::make_shared<ObservabilityGuard>(
            std::set<std::string>{path, "/api/health"}, mine.token, http::ClientNetworks(mine.allowedNetworks),
            services.logger("metrics")));
        services.filters().add(std::make_shared<RequestMetricsFilter>(
            registry, services.router(), services.logger("metrics"), settings));
        services.router().add("GET", path, [&registry](http::Exchange& ex) {
            ex.response.set(200, registry.renderPrometheus());
            ex.response.contentType = kExpositionType;
        });
    }
};

} // namespace jollyjet::observe

JOLLYJET_PLUGIN(jollyjet::observe::MetricsPlugin)
