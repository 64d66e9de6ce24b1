// A plugin for registry tests, compiled several times with different macros:
//   PROBE_NAME  its name;  PROBE_DEPS  its dependencies, comma-separated;
//   PROBE_FAIL  "init" or "start" to throw there, "" otherwise.
// It appends "<phase> <name>" lines to the file named by `[plugin.<name>] log`, so a
// test can read the order the registry drove it in, and it validates `level` (1..3).
#include <cstdlib>
#include <fstream>

#include <Poco/Util/AbstractConfiguration.h>

#include "jollyjet/Services.h"
#include "jollyjet/config/Schema.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/plugin/Plugin.h"

namespace {

#ifdef PROBE_ABORT_ON_LOAD
// The registry must refuse this library without loading it: had it been loaded, this
// constructor would end the process.
struct AbortOnLoad {
    AbortOnLoad() { std::abort(); }
} abortOnLoad;
#endif

class ProbePlugin : public jollyjet::Plugin {
public:
    std::string name() const override { return PROBE_NAME; }
    std::string version() const override { return "0.0.1"; }
    std::vector<std::string> dependencies() const override {
        return jollyjet::config::splitList(PROBE_DEPS);
    }
    void validate(const Poco::Util::AbstractConfiguration& config,
                  std::vector<std::string>& problems) const override {
        jollyjet::config::Schema("")
            .path("log", "", "file the phases are written to")
            .integer("level", 1, 1, 3, "a number that must be 1..3")
            .validate(config, "", problems);
    }
    void init(const Poco::Util::AbstractConfiguration& config, jollyjet::Services& services) override {
        log_ = config.getString("log", "");
        record("init");
        if (std::string(PROBE_FAIL) == "init") throw std::runtime_error("probe refuses to init");
        services.router().add("GET", std::string("/probe/") + PROBE_NAME, [](jollyjet::http::Exchange& ex) {
            auto body = jollyjet::http::makeObject();
            body->set("probe", PROBE_NAME);
            jollyjet::http::sendJson(ex.response, 200, body);
        });
    }
    void start() override {
        record("start");
        if (std::string(PROBE_FAIL) == "start") throw std::runtime_error("probe refuses to start");
    }
    void stop() override { record("stop"); }

private:
    void record(const char* phase) const {
        if (log_.empty()) return;
        std::ofstream(log_, std::ios::app) << phase << ' ' << PROBE_NAME << '\n';
    }
    std::string log_;
};

} // namespace

JOLLYJET_PLUGIN(ProbePlugin)
