#include "Daemon.h"

#include <chrono>
#include <csignal>
#include <iostream>

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/IniFileConfiguration.h>

#include "CoreHttp.h"
#include "HealthRoutes.h"
#include "frontend/FrontEnd.h"
#include "Signals.h"
#include "jollyjet/Backends.h"
#include "jollyjet/Services.h"
#include "jollyjet/config/CoreSchema.h"
#include "jollyjet/config/IniFile.h"
#include "jollyjet/config/TlsChecks.h"
#include "jollyjet/events/Events.h"
#include "jollyjet/health/HealthRegistry.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/log/LogManager.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/plugin/Plugin.h"
#include "jollyjet/plugin/PluginRegistry.h"

namespace jollyjet::host {

using Poco::Util::Option;
using Poco::Util::OptionCallback;

namespace {
constexpr const char* kVersion = JOLLYJET_VERSION;
constexpr int kExitProblems = 1;
} // namespace

Daemon::Daemon() : defines_(new Poco::Util::MapConfiguration) {
    setUnixOptions(true);
}

Daemon::~Daemon() = default;

void Daemon::defineOptions(Poco::Util::OptionSet& options) {
    ServerApplication::defineOptions(options); // --daemon, --pidfile, --umask
    options.addOption(Option("help", "h", "print this help and exit").required(false).repeatable(false));
    options.addOption(Option("config", "c", "configuration file (default etc/jollyjet.ini)")
                          .required(false)
                          .repeatable(false)
                          .argument("FILE"));
    options.addOption(Option("define", "D", "override a configuration key, e.g. -D server.port=8080")
                          .required(false)
                          .repeatable(true)
                          .argument("KEY=VALUE"));
    options.addOption(Option("version", "v", "print the version, the plugin ABI signature and the POCO version, then exit")
                          .required(false)
                          .repeatable(false));
    options.addOption(Option("check-config", "", "validate the configuration and plugins, then exit")
                          .required(false)
                          .repeatable(false));
}

void Daemon::handleOption(const std::string& name, const std::string& value) {
    ServerApplication::handleOption(name, value);
    if (name == "help") {
        helpRequested_ = true;
        stopOptionsProcessing();
    } else if (name == "config") {
        configPath_ = Poco::Path(value).absolute().toString();
    } else if (name == "define") {
        const auto eq = value.find('=');
        if (eq == std::string::npos || eq == 0)
            throw Poco::InvalidArgumentException("-D expects KEY=VALUE, got '" + value + "'");
        defines_->setString(value.substr(0, eq), value.substr(eq + 1));
    } else if (name == "version") {
        versionRequested_ = true;
        stopOptionsProcessing();
    } else if (name == "check-config") {
        checkOnly_ = true;
    } else if (name == "daemon") {
        daemonRequested_ = true;
    }
}

std::string daemonConsoleProblem() {
    return "--daemon with [logging] sink = console: a daemon has no terminal, every log line would "
           "be lost; set sink = file or rotating (and file = ...), or run in the foreground under a "
           "supervisor that keeps stderr (systemd Type=simple)";
}

void Daemon::printHelp() const {
    Poco::Util::HelpFormatter help(options());
    help.setCommand(commandName());
    help.setUsage("[options]");
    help.setHeader("JollyJet: a plugin-based product catalog server with a Redis-first cache.");
    help.setFooter("Signals: TERM/INT stop gracefully, HUP reopens the log file.");
    help.format(std::cout);
}

std::vector<std::string> Daemon::loadConfiguration() {
    std::vector<std::string> problems;
    if (configPath_.empty()) configPath_ = Poco::Path("etc/jollyjet.ini").absolute().toString();
    if (!Poco::File(configPath_).exists()) {
        problems.push_back(configPath_ + ": configuration file not found");
        return problems;
    }
    auto ini = config::loadIniFile(configPath_, problems);
    if (!ini) return problems;
    config().add(ini, "ini", PRIO_DEFAULT, false);
    // -D beats the file.
    config().add(defines_, "defines", PRIO_APPLICATION, true);
    // A problem names where its key came from: the file, or the command line.
    auto fromCommandLine = [this, ini](const std::string& key) {
        if (defines_->hasProperty(key)) return true;
        Poco::Util::AbstractConfiguration::Keys underDefines, underFile;
        defines_->keys(key, underDefines);
        ini->keys(key, underFile);
        return !underDefines.empty() && underFile.empty() && !ini->hasProperty(key);
    };
    const config::Schema::SourceOf sourceOf = [this, fromCommandLine](const std::string& key) {
        return fromCommandLine(key) ? "command-line override -D " + key : configPath_;
    };
    config::validateCore(config(), sourceOf, problems);
    if (daemonRequested_ && config::coreString(config(), "logging.sink") == "console")
        problems.push_back(daemonConsoleProblem());
    const std::string baseDir = Poco::Path(configPath_).parent().toString();
    config::resolveCorePaths(config(), baseDir);
    if (problems.empty()) config::validateTlsFiles(config(), sourceOf, problems);
    if (config::coreString(config(), "plugins.path").empty()) {
        // Installed: <prefix>/sbin/jollyjetd and <prefix>/lib/jollyjet/plugins; in
        // the build tree: build/host/jollyjetd and build/plugins.
        Poco::Path installed(config().getString("application.dir"));
        installed.makeDirectory().popDirectory().pushDirectory("lib").pushDirectory("jollyjet").pushDirectory("plugins");
        Poco::Path buildTree(config().getString("application.dir"));
        buildTree.makeDirectory().popDirectory().pushDirectory("plugins");
        config().setString("plugins.path", Poco::File(installed).exists() ? installed.toString()
                                                                          : buildTree.toString());
    }
    config().setString("jollyjet.configFile", configPath_);
    config().setString("jollyjet.configDir", baseDir);
    return problems;
}

int Daemon::main(const std::vector<std::string>&) {
    if (helpRequested_) {
        printHelp();
        return EXIT_OK;
    }
    if (versionRequested_) {
        std::cout << "jollyjetd " << kVersion << "\nplugin ABI: " << kAbiSignature << "\nPOCO "
                  << (Poco::Environment::libraryVersion() >> 24) << '.'
                  << ((Poco::Environment::libraryVersion() >> 16) & 0xff) << '.'
                  << ((Poco::Environment::libraryVersion() >> 8) & 0xff) << '\n';
        return EXIT_OK;
    }
    return serve();
}

// Start-up in the order a reader sees at once: configuration, plugins checked
// together, then services, backends, plugins and the front end; a signal; then the
// same in reverse.
int Daemon::serve() {
    auto problems = loadConfiguration();
    PluginRegistry registry(config::coreString(config(), "plugins.path"));
    checkPlugins(registry, problems);
    if (!problems.empty()) return reportProblems(problems);
    if (checkOnly_) return reportConfigurationOk(registry);
    return startAndServe(registry);
}

void Daemon::checkPlugins(PluginRegistry& registry, std::vector<std::string>& problems) {
    // Plugins are checked too when only values were wrong, so --check-config lists
    // everything at once; without a readable file there is nothing to check them by.
    const bool fileRead = config().has("jollyjet.configFile");
    if (!problems.empty() && !(checkOnly_ && fileRead)) return;
    try {
        registry.load(config::splitList(config::coreString(config(), "plugins.enabled")));
        registry.order();
        auto pluginProblems = registry.validate(config());
        problems.insert(problems.end(), pluginProblems.begin(), pluginProblems.end());
    } catch (const PluginError& e) {
        problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
}

int Daemon::reportProblems(const std::vector<std::string>& problems) {
    std::cerr << "jollyjetd: " << problems.size() << " configuration problem"
              << (problems.size() == 1 ? "" : "s") << ":\n";
    for (const auto& p : problems) std::cerr << "  - " << p << '\n';
    return kExitProblems;
}

int Daemon::reportConfigurationOk(const PluginRegistry& registry) {
    std::cout << "jollyjetd: configuration OK (" << configPath_ << "; plugins:";
    for (const auto& name : registry.names()) std::cout << ' ' << name;
    std::cout << ")\n";
    return EXIT_OK;
}

namespace {

// A start-up step that failed: said on stderr and in the log, exit 1.
int startFailed(spdlog::logger& log, const std::string& what) {
    log.critical("{}", what);
    std::cerr << "jollyjetd: " << what << '\n';
    return kExitProblems;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? std::string("none") : out;
}

// SIGHUP reopens the log file; TERM, INT or QUIT end the wait.
void waitForStop(LogManager& logs, spdlog::logger& log) {
    for (;;) {
        const int signal = waitForSignal();
        if (signal != SIGHUP) {
            log.info("signal {}: shutting down", signal);
            return;
        }
        log.info("SIGHUP: reopening log file");
        logs.reopen();
    }
}

} // namespace

int Daemon::startAndServe(PluginRegistry& registry) {
    auto& cfg = config();
    LogManager logs(LogSettings::fromConfig(cfg));
    auto log = logs.get("jollyjetd");
    http::Router router;
    http::FilterChain filters(router);
    HealthRegistry health;
    Events events;
    metrics::Registry metrics;
    Services services(cfg, logs, router, filters, health, events, metrics);

    std::unique_ptr<Backends> backends;
    try {
        backends = std::make_unique<Backends>(cfg, services, logs);
    } catch (const std::exception& e) {
        return startFailed(*log, std::string("cannot open backends: ") + e.what());
    }

    installCoreHttp(router, filters, metrics, cfg);
    registerHealthRoutes(router, filters, health,
                         {kVersion, config::coreString(cfg, "server.environment"),
                          std::chrono::steady_clock::now(), [&registry] { return registry.started(); }});
    try {
        registry.initAll(cfg, services);
        registry.startAll();
        backends->start();
    } catch (const std::exception& e) {
        // Stop what started while the services it uses still exist (the registry
        // outlives them).
        registry.stopAll();
        return startFailed(*log, e.what());
    }

    const auto settings = FrontEndSettings::fromConfig(cfg);
    FrontEnd frontEnd(settings, filters, metrics, log, settings.accessLog ? logs.get("access") : nullptr);
    try {
        frontEnd.start();
    } catch (const std::exception& e) {
        registry.stopAll();
        backends->stop();
        return startFailed(*log, e.what());
    }
    log->info("jollyjetd {} listening on http://{}:{} (environment {}, {} I/O threads, {} workers, "
              "plugins: {})",
              kVersion, settings.host, settings.port, config::coreString(cfg, "server.environment"),
              settings.ioThreads, settings.workerThreads, joined(registry.started()));

    waitForStop(logs, *log);

    // Stop accepting, answer what is in flight with Connection: close, close idle
    // connections (bounded by server.drainTimeoutMs); then plugins and backends in
    // reverse order of their start.
    if (const int left = frontEnd.drain(); left > 0)
        log->warn("drain timeout: {} connection(s) still open", left);
    registry.stopAll();
    backends->stop();
    log->info("stopped");
    logs.flush();
    return EXIT_OK;
}

} // namespace jollyjet::host
