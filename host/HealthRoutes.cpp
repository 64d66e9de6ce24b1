#include "HealthRoutes.h"

#include <cstdio>
#include <memory>

#include <Poco/Environment.h>
#include <Poco/JSON/Array.h>

#include "jollyjet/health/HealthRegistry.h"
#include "jollyjet/http/FastPath.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/http/Router.h"

namespace jollyjet::host {

namespace {

double secondsSince(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The /health flag of one role: the API description lets database be connected|disconnected and
// cache connected|disconnected|error. A role nothing registered for is "disabled"
// and does not count against health (e.g. a server running only the timing plugin).
std::string roleFlag(const std::vector<HealthRegistry::Result>& results, const std::string& role,
                     bool& healthy) {
    std::string flag = "disabled";
    for (const auto& r : results) {
        if (r.role != role) continue;
        if (r.status.ok()) {
            if (flag == "disabled") flag = "connected";
        } else {
            healthy = false;
            flag = role == "cache" && r.status.status == "error" ? "error" : "disconnected";
        }
    }
    return flag;
}

constexpr const char* kLivePath = "/api/health/live";

// Written by hand: it is answered on an I/O thread for every probe.
std::string liveBody(std::chrono::steady_clock::time_point startedAt) {
    char uptime[32];
    std::snprintf(uptime, sizeof uptime, "%.3f", secondsSince(startedAt));
    return R"({"status":"success","alive":true,"timestamp":")" + http::isoNow() + R"(","uptimeSeconds":)" +
           uptime + "}";
}

class LivenessLookup : public http::FastLookup {
public:
    explicit LivenessLookup(std::chrono::steady_clock::time_point startedAt) : startedAt_(startedAt) {}
    std::string name() const override { return "liveness"; }
    bool lookup(const http::Exchange& exchange, http::FastResponse& out) override {
        if (exchange.route != kLivePath) return false;
        out.body = std::make_shared<const std::string>(liveBody(startedAt_));
        out.route = kLivePath;
        return true;
    }

private:
    std::chrono::steady_clock::time_point startedAt_;
};

} // namespace

void registerHealthRoutes(http::Router& router, http::FilterChain& filters, const HealthRegistry& health,
                          ServerFacts facts) {
    router.add("GET", "/health", [&health, facts](http::Exchange& ex) {
        const auto results = health.runAll();
        bool healthy = true;
        auto services = http::makeObject();
        services->set("database", roleFlag(results, "database", healthy));
        services->set("cache", roleFlag(results, "cache", healthy));
        services->set("server", "online");
        auto body = http::makeObject();
        body->set("status", healthy ? "ok" : "degraded");
        body->set("timestamp", http::isoNow());
        body->set("uptimeSeconds", secondsSince(facts.startedAt));
        body->set("services", services);
        http::sendJson(ex.response, healthy ? 200 : 503, body);
    });

    router.add("GET", "/api/health", [&health, facts](http::Exchange& ex) {
        const auto results = health.runAll();
        bool healthy = true;
        auto databases = http::makeObject();
        for (const auto& r : results) {
            auto entry = http::makeObject();
            entry->set("status", r.status.status);
            entry->set("role", r.role);
            entry->set("responseTime", r.status.responseTimeMs);
            entry->set("lastChecked", http::isoNow());
            if (!r.status.error.empty()) entry->set("error", r.status.error);
            if (!r.status.detail.empty()) entry->set("detail", r.status.detail);
            databases->set(r.name, entry);
            if (!r.status.ok()) healthy = false;
        }
        Poco::JSON::Array::Ptr plugins = new Poco::JSON::Array;
        for (const auto& name : facts.plugins()) plugins->add(name);
        auto application = http::makeObject();
        application->set("status", healthy ? "healthy" : "unhealthy");
        application->set("uptimeSeconds", secondsSince(facts.startedAt));
        application->set("version", facts.version);
        application->set("runtime", "C++ / POCO " + std::to_string(Poco::Environment::libraryVersion() >> 24) +
                                        "." + std::to_string((Poco::Environment::libraryVersion() >> 16) & 0xFF) +
                                        "." + std::to_string((Poco::Environment::libraryVersion() >> 8) & 0xFF));
        application->set("environment", facts.environment);
        application->set("plugins", plugins);
        auto data = http::makeObject();
        data->set("application", application);
        data->set("databases", databases);
        auto body = http::makeObject();
        body->set("status", "success");
        body->set("timestamp", http::isoNow());
        body->set("data", data);
        http::sendJson(ex.response, healthy ? 200 : 503, body);
    });

    // Liveness is answered on the I/O thread (it needs nothing that can block): it
    // says the event loops serve. Readiness goes through a worker and the filters.
    filters.addFastLookup(std::make_shared<LivenessLookup>(facts.startedAt));
    router.add("GET", kLivePath, [facts](http::Exchange& ex) {
        ex.response.set(200, liveBody(facts.startedAt));
    });

    auto ready = [&health](http::Exchange& ex) {
        bool allOk = true;
        for (const auto& r : health.runAll())
            if (!r.status.ok()) allOk = false;
        auto body = http::makeObject();
        body->set("status", allOk ? "success" : "error");
        body->set("ready", allOk);
        body->set("timestamp", http::isoNow());
        http::sendJson(ex.response, allOk ? 200 : 503, body);
    };
    router.add("GET", "/api/health/ready", ready);
    router.add("GET", "/ready", ready);
}

} // namespace jollyjet::host
