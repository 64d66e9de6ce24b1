#pragma once

#include "jollyjet/Export.h"

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
class JOLLYJET_API Backend {
public:
    virtual ~Backend();
    /// Background work (e.g. the event relay's subscriber), after plugins started.
    virtual void start() {}
    /// Stops background work, before the backend is destroyed.
    virtual void stop() {}
};

/// The backend names `[<section>] backend` accepts ("cache": redis, memory; "store":
/// sqlite, mongodb), from the one table of backend factories; the first is the default.
JOLLYJET_API std::vector<std::string> backendNames(const std::string& section);
JOLLYJET_API std::string backendDefault(const std::string& section);

/// Opens one backend by the name its section's `backend` key takes, from the same
/// table (throws std::invalid_argument for a name the table does not hold). Backends
/// opens the configured ones this way; tests open one directly.
JOLLYJET_API std::unique_ptr<Backend> openBackend(const std::string& section, const std::string& name,
                                                  const Poco::Util::AbstractConfiguration& config,
                                                  Services& services, LogManager& logs);

/// Opens the backends the configuration selects (`[cache] backend`,
/// `[store] backend`), hands them to Services and registers their health checks.
/// They live until the Backends object is destroyed, after every plugin stopped.
class JOLLYJET_API Backends {
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
