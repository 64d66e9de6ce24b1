#include <memory>
#include <set>

#include <Poco/Util/AbstractConfiguration.h>

#include "ObservabilityGuard.h"
#include "ProcessMetrics.h"
#include "RequestMetricsFilter.h"
#include "jollyjet/Services.h"
#include "jollyjet/config/Schema.h"
#include "jollyjet/http/BearerToken.h"
#include "jollyjet/http/ClientNetworks.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/plugin/Plugin.h"

namespace jollyjet::observe {

namespace {

config::Schema schema() {
    return config::Schema("")
        .string("path", "/metrics", "route of the Prometheus text exposition")
        .boolean("slowRequestLog", true, "log requests slower than slowRequestMs at warn level")
        .integer("slowRequestMs", 1000, 0, 3600000, "slow request threshold; 0 logs every request")
        .list("cacheLayersFromNotes", "http",
              "cache layers whose jollyjet_cache_requests_total is counted from the request "
              "notes they leave (cache.<layer>); the repository layer counts itself")
        .string("token", "",
                "bearer token the metrics page and the detailed /api/health demand; "
                "at least 32 characters in staging and production")
        .list("allowedNetworks", "",
              "client networks (CIDR) that may read the metrics page and the detailed /api/health");
}

bool isDeployed(const std::string& environment) {
    return environment == "staging" || environment == "production";
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
        schema().validate(config, "", problems);
        const std::string path = config.getString("path", "/metrics");
        if (path.empty() || path[0] != '/') problems.push_back("key 'path' must start with '/'");
        for (const auto& cidr : config::splitList(config.getString("allowedNetworks", "")))
            if (auto problem = http::ClientNetworks::problemWith(cidr); !problem.empty())
                problems.push_back("key 'allowedNetworks': " + problem);
        const std::string environment = config.getString("server.environment", "development");
        const std::string token = config.getString("token", "");
        if (isDeployed(environment)) {
            if (token.empty() && config::splitList(config.getString("allowedNetworks", "")).empty())
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
        RequestMetricsFilter::Settings settings;
        const auto layers = config::splitList(config.getString("cacheLayersFromNotes", "http"));
        settings.noteLayers = std::set<std::string>(layers.begin(), layers.end());
        settings.slowLog = config.getBool("slowRequestLog", true);
        settings.slowThreshold = std::chrono::milliseconds(config.getInt("slowRequestMs", 1000));

        auto& registry = services.metrics();
        registerProcessMetrics(registry);
        const std::string path = config.getString("path", "/metrics");
        services.filters().add(std::make_shared<ObservabilityGuard>(
            std::set<std::string>{path, "/api/health"}, config.getString("token", ""),
            http::ClientNetworks(config::splitList(config.getString("allowedNetworks", ""))),
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
