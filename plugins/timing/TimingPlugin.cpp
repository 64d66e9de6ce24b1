#include <cstdio>
#include <memory>

#include <Poco/Util/AbstractConfiguration.h>

#include "jollyjet/Services.h"
#include "jollyjet/config/Settings.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/plugin/Plugin.h"

namespace jollyjet::plugins {

namespace {

/// Outermost filter: stamps every response, errors and 404s included, with the time
/// from reading the request to writing the response.
class TimingFilter : public http::Filter {
public:
    explicit TimingFilter(std::string header) : header_(std::move(header)) {}
    std::string name() const override { return "timing"; }
    int priority() const override { return http::priority::kTiming; }

    void handle(http::Exchange& exchange, const http::Next& next) override {
        try {
            next(exchange);
        } catch (...) {
            stamp(exchange);
            throw;
        }
        stamp(exchange);
    }

    void onFastResponse(http::FastExchange& exchange) override {
        exchange.response.setHeader(header_, format(exchange.elapsedMs()));
    }

private:
    static std::string format(double ms) {
        char value[32];
        std::snprintf(value, sizeof value, "%.3fms", ms);
        return value;
    }
    void stamp(http::Exchange& exchange) const {
        exchange.response.setHeader(header_, format(exchange.elapsedMs()));
    }
    std::string header_;
};

struct TimingSettings {
    std::string header;
};

const config::Settings<TimingSettings>& settingsSchema() {
    static const auto schema = config::Settings<TimingSettings>("").string(
        "header", &TimingSettings::header, "X-Response-Time", "name of the response header");
    return schema;
}

} // namespace

class TimingPlugin : public Plugin {
public:
    std::string name() const override { return "timing"; }
    std::string version() const override { return "1.0.0"; }

    void validate(const Poco::Util::AbstractConfiguration& config,
                  std::vector<std::string>& problems) const override {
        settingsSchema().validate(config, "", problems);
        if (settingsSchema().read(config).header.empty())
            problems.push_back("key 'header' must not be empty");
    }

    void init(const Poco::Util::AbstractConfiguration& config, Services& services) override {
        services.filters().add(
            std::make_shared<TimingFilter>(settingsSchema().read(config).header));
    }
};

} // namespace jollyjet::plugins

JOLLYJET_PLUGIN(jollyjet::plugins::TimingPlugin)
