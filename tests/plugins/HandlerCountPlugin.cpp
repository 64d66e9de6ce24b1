// handler-count: a test-only plugin for the http-cache e2e tests. Its filter sits
// innermost (just before the router), so it sees exactly the requests that the
// cache let through to a handler; it counts them per request target and can slow
// them down so that concurrent requests really overlap. GET /test/handler-count?uri=U
// answers {"count":n} for target U.
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include <Poco/Util/AbstractConfiguration.h>

#include "jollyjet/Services.h"
#include "jollyjet/config/Schema.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/plugin/Plugin.h"

namespace {

class Counts {
public:
    void add(const std::string& uri) {
        std::lock_guard lock(mutex_);
        ++counts_[uri];
    }
    long get(const std::string& uri) const {
        std::lock_guard lock(mutex_);
        auto it = counts_.find(uri);
        return it == counts_.end() ? 0 : it->second;
    }

private:
    mutable std::mutex mutex_;
    std::map<std::string, long> counts_;
};

class CountingFilter : public jollyjet::http::Filter {
public:
    CountingFilter(std::shared_ptr<Counts> counts, int delayMs) : counts_(std::move(counts)), delayMs_(delayMs) {}
    std::string name() const override { return "handler-count"; }
    int priority() const override { return 100000; }
    void handle(jollyjet::http::Exchange& ex, const jollyjet::http::Next& next) override {
        if (ex.request.path.rfind("/test/", 0) != 0) {
            counts_->add(ex.request.method + " " + ex.request.uri);
            if (delayMs_ > 0 && ex.request.method == "GET")
                std::this_thread::sleep_for(std::chrono::milliseconds(delayMs_));
        }
        next(ex);
    }

private:
    std::shared_ptr<Counts> counts_;
    int delayMs_;
};

class HandlerCountPlugin : public jollyjet::Plugin {
public:
    std::string name() const override { return "handler-count"; }
    std::string version() const override { return "0.0.1"; }
    void validate(const Poco::Util::AbstractConfiguration& config,
                  std::vector<std::string>& problems) const override {
        jollyjet::config::Schema("")
            .integer("delayMs", 0, 0, 10000, "sleep before every GET handler")
            .validate(config, "", problems);
    }
    void init(const Poco::Util::AbstractConfiguration& config, jollyjet::Services& services) override {
        auto counts = std::make_shared<Counts>();
        services.filters().add(std::make_shared<CountingFilter>(counts, config.getInt("delayMs", 0)));
        services.router().add("GET", "/test/handler-count", [counts](jollyjet::http::Exchange& ex) {
            auto body = jollyjet::http::makeObject();
            body->set("count", counts->get("GET " + ex.request.query.get("uri").value_or("")));
            jollyjet::http::sendJson(ex.response, 200, body);
        });
    }
};

} // namespace

JOLLYJET_PLUGIN(HandlerCountPlugin)
