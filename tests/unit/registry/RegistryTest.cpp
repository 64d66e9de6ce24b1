#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include "TestEnv.h"
#include "jollyjet/Services.h"
#include "jollyjet/events/Events.h"
#include "jollyjet/health/HealthRegistry.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/log/LogManager.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/plugin/PluginRegistry.h"

using namespace jollyjet;

namespace {

/// Core services with nothing behind them but what a registry test needs.
struct Harness {
    Harness() : filters(router), services(*config, logs, router, filters, health, events, metrics) {
        config->setString("plugin.alpha.log", log);
        config->setString("plugin.beta.log", log);
        config->setString("plugin.gamma.log", log);
        config->setString("plugin.fail-init.log", log);
        config->setString("plugin.fail-start.log", log);
    }
    std::string phases() const {
        std::ifstream in(log);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    test::TempDir dir;
    std::string log = dir.path() + "/phases.log";
    Poco::AutoPtr<Poco::Util::MapConfiguration> config{new Poco::Util::MapConfiguration};
    LogManager logs{LogSettings{}};
    http::Router router;
    http::FilterChain filters;
    HealthRegistry health;
    Events events;
    metrics::Registry metrics;
    Services services;
};

std::string problemsOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const PluginError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(PluginRegistry, OrdersByDependenciesStartsAndStopsInReverse) {
    Harness h;
    {
        PluginRegistry registry(test::testPluginDir());
        registry.load({"gamma", "beta", "alpha"});
        registry.order();
        EXPECT_EQ(registry.names(), (std::vector<std::string>{"alpha", "beta", "gamma"}));
        EXPECT_TRUE(registry.validate(*h.config).empty());
        registry.initAll(*h.config, h.services);
        registry.startAll();
        EXPECT_EQ(registry.started(), (std::vector<std::string>{"alpha", "beta", "gamma"}));
        registry.stopAll();
        registry.stopAll(); // idempotent
    }
    EXPECT_EQ(h.phases(), "init alpha\ninit beta\ninit gamma\nstart alpha\nstart beta\nstart "
                          "gamma\nstop gamma\nstop beta\nstop alpha\n");
}

TEST(PluginRegistry, CycleIsAClearError) {
    PluginRegistry registry(test::testPluginDir());
    registry.load({"cycle-a", "cycle-b"});
    const auto message = problemsOf([&] { registry.order(); });
    EXPECT_NE(message.find("plugin dependency cycle: cycle-a -> cycle-b -> cycle-a"), std::string::npos)
        << message;
}

TEST(PluginRegistry, MissingDependencyNamesBothPlugins) {
    PluginRegistry registry(test::testPluginDir());
    registry.load({"orphan"});
    const auto message = problemsOf([&] { registry.order(); });
    EXPECT_NE(message.find("plugin 'orphan'"), std::string::npos) << message;
    EXPECT_NE(message.find("requires plugin 'nowhere'"), std::string::npos) << message;
}

TEST(PluginRegistry, UnknownPluginAndAbiMismatchAreAllReported) {
    PluginRegistry registry(test::testPluginDir());
    const auto message = problemsOf([&] { registry.load({"no-such-plugin", "bad-abi", "alpha"}); });
    EXPECT_NE(message.find("plugin 'no-such-plugin'"), std::string::npos) << message;
    EXPECT_NE(message.find("library not found"), std::string::npos) << message;
    EXPECT_NE(message.find("no-such-plugin.so"), std::string::npos) << message;
    EXPECT_NE(message.find("plugin 'bad-abi'"), std::string::npos) << message;
    EXPECT_NE(message.find("built for ABI 'jollyjet-0.0.1-other-compiler', this jollyjetd has ABI '" +
                           std::string(jollyjet::kAbiSignature) + "'"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find("'alpha'"), std::string::npos) << message;
}

TEST(PluginRegistry, AFileThatIsNoPluginIsRefusedWithoutLoadingIt) {
    test::TempDir dir;
    std::ofstream(dir.path() + "/junk.so") << "not an ELF file at all";
    PluginRegistry registry(dir.path());
    const auto message = problemsOf([&] { registry.load({"junk"}); });
    EXPECT_NE(message.find("plugin 'junk'"), std::string::npos) << message;
    EXPECT_NE(message.find("not a 64-bit ELF shared library"), std::string::npos) << message;
}

TEST(PluginRegistry, ValidationProblemsAreCollectedFromEveryPlugin) {
    Harness h;
    h.config->setString("plugin.alpha.level", "9");
    h.config->setString("plugin.beta.level", "x");
    h.config->setString("plugin.beta.colour", "red");
    PluginRegistry registry(test::testPluginDir());
    registry.load({"alpha", "beta"});
    registry.order();
    const auto problems = registry.validate(*h.config);
    ASSERT_EQ(problems.size(), 3u);
    EXPECT_NE(problems[0].find("plugin 'alpha': [plugin.alpha]: key 'level' = '9': must be between 1 and 3"),
              std::string::npos)
        << problems[0];
    EXPECT_NE(problems[1].find("plugin 'beta': [plugin.beta]:"), std::string::npos) << problems[1];
    const std::string beta = problems[1] + problems[2];
    EXPECT_NE(beta.find("unknown key 'colour'"), std::string::npos) << beta;
    EXPECT_NE(beta.find("key 'level' = 'x': expected a whole number"), std::string::npos) << beta;
}

TEST(PluginRegistry, FailedStartStopsThePluginsAlreadyStarted) {
    Harness h;
    PluginRegistry registry(test::testPluginDir());
    registry.load({"fail-start", "alpha"});
    registry.order();
    registry.initAll(*h.config, h.services);
    const auto message = problemsOf([&] { registry.startAll(); });
    EXPECT_NE(message.find("plugin 'fail-start'"), std::string::npos) << message;
    EXPECT_NE(message.find("start failed: probe refuses to start"), std::string::npos) << message;
    EXPECT_TRUE(registry.started().empty());
    EXPECT_EQ(h.phases(), "init alpha\ninit fail-start\nstart alpha\nstart fail-start\nstop alpha\n");
}

TEST(PluginRegistry, FailedInitIsReportedWithTheFile) {
    Harness h;
    PluginRegistry registry(test::testPluginDir());
    registry.load({"alpha", "fail-init"});
    registry.order();
    const auto message = problemsOf([&] { registry.initAll(*h.config, h.services); });
    EXPECT_NE(message.find("plugin 'fail-init' ("), std::string::npos) << message;
    EXPECT_NE(message.find("fail-init.so): init failed: probe refuses to init"), std::string::npos) << message;
}
