#include <Poco/Util/AbstractConfiguration.h>

#include "OpenBackends.h"
#include "ServiceWiring.h"
#include "jollyjet/Services.h"
#include "jollyjet/mongo/ConnectionPool.h"
#include "jollyjet/sqlite/Database.h"

namespace jollyjet::backends {

namespace {

class SqliteBackend : public Backend {
public:
    SqliteBackend(const Poco::Util::AbstractConfiguration& config, Services& services)
        : database_(config.getString("store.sqlite.path"),
                    static_cast<std::size_t>(config.getInt("store.sqlite.poolSize", 8)),
                    std::chrono::milliseconds(5000),
                    sqlite::Durability{config.getString("store.sqlite.journalMode", "wal"),
                                       config.getString("store.sqlite.synchronous", "normal")}) {
        ServiceWiring::setSqlite(services, &database_);
    }

private:
    sqlite::Database database_;
};

// The pool connects on first borrow, so jollyjetd starts while MongoDB is down.
class MongoBackend : public Backend {
public:
    MongoBackend(const Poco::Util::AbstractConfiguration& config, Services& services)
        : pool_(config.getString("store.mongodb.uri"), options(config)) {
        ServiceWiring::setMongo(services, &pool_);
    }

private:
    static mongo::PoolOptions options(const Poco::Util::AbstractConfiguration& config) {
        mongo::PoolOptions o;
        o.maxSize = static_cast<std::size_t>(config.getInt("store.mongodb.poolSize", 16));
        o.borrowTimeout = std::chrono::milliseconds(config.getInt("store.mongodb.borrowTimeoutMs", 2000));
        o.connection.connectTimeout = std::chrono::milliseconds(config.getInt("store.mongodb.connectTimeoutMs", 2000));
        o.connection.socketTimeout = std::chrono::milliseconds(config.getInt("store.mongodb.socketTimeoutMs", 5000));
        return o;
    }

    mongo::ConnectionPool pool_;
};

} // namespace

std::unique_ptr<Backend> openSqliteStore(const Poco::Util::AbstractConfiguration& config, Services& services,
                                         LogManager&) {
    return std::make_unique<SqliteBackend>(config, services);
}

std::unique_ptr<Backend> openMongoStore(const Poco::Util::AbstractConfiguration& config, Services& services,
                                        LogManager&) {
    return std::make_unique<MongoBackend>(config, services);
}

} // namespace jollyjet::backends
