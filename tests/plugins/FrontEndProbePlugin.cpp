// frontend-probe: a test-only plugin for the front-end tests. It registers a fast
// path that answers GET /test/fast from the I/O thread (unless the query says
// `miss`), while the same route in the router answers differently, so a test can
// tell who answered. GET /test/slow?ms=N holds a worker for N ms; POST /test/echo
// answers the length of the body it received.
#include <chrono>
#include <memory>
#include <thread>

#include <Poco/Util/AbstractConfiguration.h>

#include "jollyjet/Services.h"
#include "jollyjet/config/Schema.h"
#include "jollyjet/http/FastPath.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/plugin/Plugin.h"

namespace {

using namespace jollyjet;

class ProbeLookup : public http::FastLookup {
public:
    std::string name() const override { return "frontend-probe"; }
    bool lookup(const http::Exchange& exchange, http::FastResponse& out) override {
        if (exchange.route != "/test/fast" || exchange.request.query.has("miss")) return false;
        out.status = 200;
        out.body = body_;
        out.route = "/test/fast";
        out.layer = "probe";
        out.setHeader("X-Answered-By", "fast-path");
        return true;
    }

private:
    std::shared_ptr<const std::string> body_ = std::make_shared<const std::string>(R"({"from":"fast"})");
};

class FrontEndProbePlugin : public Plugin {
public:
    std::string name() const override { return "frontend-probe"; }
    std::string version() const override { return "1.0.0"; }
    void validate(const Poco::Util::AbstractConfiguration&, std::vector<std::string>&) const override {}

    void init(const Poco::Util::AbstractConfiguration&, Services& services) override {
        services.filters().addFastLookup(std::make_shared<ProbeLookup>());
        auto& router = services.router();
        router.add("GET", "/test/fast", [](http::Exchange& ex) { ex.response.set(200, R"({"from":"chain"})"); });
        router.add("GET", "/test/slow", [](http::Exchange& ex) {
            const int ms = std::stoi(ex.request.query.get("ms").value_or("100"));
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
            ex.response.set(200, "{\"slept\":" + std::to_string(ms) + "}");
        });
        router.add("POST", "/test/echo", [](http::Exchange& ex) {
            ex.response.set(200, "{\"received\":" + std::to_string(ex.request.body.size()) + "}");
        });
    }
};

} // namespace

JOLLYJET_PLUGIN(FrontEndProbePlugin)
