#include <Poco/Util/AbstractConfiguration.h>

#include "OpenBackends.h"
#include "jollyjet/Services.h"
#include "jollyjet/sqlite/Database.h"

namespace jollyjet::backends {

namespace {

class SqliteBackend : public Backend {
public:
    SqliteBackend(const Poco::Util::AbstractConfiguration& config, Services& services)
        : database_(config.getString("store.sqlite.path"),
                    static_cast<std::size_t>(config.getInt("store.sqlite.poolSize", 8))) {
        services.setSqlite(&database_);
    }

private:
    sqlite::Database database_;
};

} // namespace

std::unique_ptr<Backend> openStore(const Poco::Util::AbstractConfiguration& config,
                                   Services& services, LogManager& logs) {
    (void)logs;
    const std::string backend = config.getString("store.backend", "sqlite");
    if (backend == "sqlite") return std::make_unique<SqliteBackend>(config, services);
    // mongodb: opened by core/src/mongo (see openMongoStore below once it exists).
    return nullptr;
}

} // namespace jollyjet::backends
