#pragma once

#include <memory>
#include <string>
#include <vector>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet {

class Services;
class LogManager;

/// A shared resource core opens for plugins (a Redis pool with its cache service,
/// a MongoDB pool, an SQLite database). Opening must not block on the network:
/// connections are made on first use, so a server starts even while a dependency
/// is down and reports it through health checks.
class Backend {
public:
    virtual ~Backend();
    /// Background work (e.g. the event relay's subscriber), after plugins started.
    virtual void start() {}
    /// Stops background work, before the backend is destroyed.
    virtual void stop() {}
};

/// The backend names `[<section>] backend` accepts ("cache": redis, memory; "store":
/// sqlite, mongodb), from the one table of backend factories; the first is the default.
std::vector<std::string> backendNames(const std::string& section);
std::string backendDefault(const std::string& section);

/// Opens the backends the configuration selects (`[cache] backend`,
/// `[store] backend`), hands them to Services and registers their health checks.
/// They live until the Backends object is destroyed, after every plugin stopped.
class Backends {
public:
    Backends(const Poco::Util::AbstractConfiguration& config, Services& services,
             LogManager& logs);
    ~Backends();

    void start();
    void stop() noexcept;

private:
    std::vector<std::unique_ptr<Backend>> opened_;
    bool started_ = false;
};

} // namespace jollyjet
