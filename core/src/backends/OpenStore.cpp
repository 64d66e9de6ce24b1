#include <stdexcept>

#include <Poco/Util/AbstractConfiguration.h>
#include <spdlog/logger.h>

#include "OpenBackends.h"
#include "ServiceWiring.h"
#include "jollyjet/Services.h"
#include "jollyjet/log/LogManager.h"
#include "jollyjet/mongo/ConnectionPool.h"
#include "jollyjet/net/ConnectStream.h"
#include "jollyjet/net/TlsClientContext.h"
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

// The pool connects on first borrow, so jollyjetd starts while MongoDB is down;
// with TLS, one connection per host is tried at start so that a refused certificate
// stops the start instead of surfacing at the first request.
class MongoBackend : public Backend {
public:
    MongoBackend(const Poco::Util::AbstractConfiguration& config, Services& services, LogManager& logs)
        : pool_(config.getString("store.mongodb.uri"), options(config)) {
        checkTls(*logs.get("store"));
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

    void checkTls(spdlog::logger& log) const {
        const auto& tls = pool_.options().connection.tls;
        if (!tls) return;
        if (!tls->settings().verifyCertificate || !tls->settings().verifyHostname)
            log.warn("mongodb {}: TLS {} VERIFICATION IS OFF (tlsInsecure / tlsAllow... in the uri): anyone "
                     "on the network path can pose as MongoDB",
                     pool_.uri().redacted(),
                     tls->settings().verifyCertificate ? "HOST NAME" : "CERTIFICATE");
        for (const auto& host : pool_.uri().hosts) {
            const std::string failure =
                net::tlsFailureAt(host.host, host.port, pool_.options().connection.connectTimeout, *tls);
            if (!failure.empty()) throw std::runtime_error("mongodb " + host.toString() + ": " + failure);
        }
    }

    mongo::ConnectionPool pool_;
};

} // namespace

std::unique_ptr<Backend> openSqliteStore(const Poco::Util::AbstractConfiguration& config, Services& services,
                                         LogManager&) {
    return std::make_unique<SqliteBackend>(config, services);
}

std::unique_ptr<Backend> openMongoStore(const Poco::Util::AbstractConfiguration& config, Services& services,
                                        LogManager& logs) {
    return std::make_unique<MongoBackend>(config, services, logs);
}

} // namespace jollyjet::backends
