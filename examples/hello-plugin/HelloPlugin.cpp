// GET /hello/:name answers {"message":"<greeting> <name>"}; [plugin.hello] greeting
// sets the greeting (default "hello").
#include <Poco/Util/AbstractConfiguration.h>

#include "jollyjet/Services.h"
#include "jollyjet/config/Settings.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/plugin/Plugin.h"

namespace {

/// `[plugin.hello]`: each key, its default and its help are declared once, below.
struct HelloSettings {
    std::string greeting;
};

const jollyjet::config::Settings<HelloSettings>& settingsSchema() {
    static const auto schema = jollyjet::config::Settings<HelloSettings>("").string(
        "greeting", &HelloSettings::greeting, "hello", "what to say");
    return schema;
}

class HelloPlugin : public jollyjet::Plugin {
public:
    std::string name() const override { return "hello"; }
    std::string version() const override { return "1.0.0"; }

    void validate(const Poco::Util::AbstractConfiguration& config,
                  std::vector<std::string>& problems) const override {
        settingsSchema().validate(config, "", problems);
    }

    void init(const Poco::Util::AbstractConfiguration& config, jollyjet::Services& services) override {
        const std::string greeting = settingsSchema().read(config).greeting;
        services.router().add("GET", "/hello/:name", [greeting](jollyjet::http::Exchange& ex) {
            auto body = jollyjet::http::makeObject();
            body->set("message", greeting + " " + ex.request.pathParams.get("name").value_or(""));
            jollyjet::http::sendJson(ex.response, 200, body);
        });
    }
};

} // namespace

JOLLYJET_PLUGIN(HelloPlugin)
