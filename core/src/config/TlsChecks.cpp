#include "jollyjet/config/TlsChecks.h"

#include <stdexcept>

#include <Poco/Util/AbstractConfiguration.h>

#include "jollyjet/config/CoreSchema.h"
#include "jollyjet/mongo/ConnectionString.h"
#include "jollyjet/net/TlsClientContext.h"
#include "jollyjet/redis/RedisOptions.h"

namespace jollyjet::config {

namespace {

void checkRedis(const Poco::Util::AbstractConfiguration& config, const Schema::SourceOf& sourceOf,
                std::vector<std::string>& problems) {
    try {
        redis::RedisOptions options = redis::RedisOptions::fromConfig(config);
        options.prepareTls();
    } catch (const std::invalid_argument& e) {
        problems.push_back("[redis] in " + sourceOf("redis.url") + ": " + e.what());
    }
}

void checkMongo(const Poco::Util::AbstractConfiguration& config, const Schema::SourceOf& sourceOf,
                std::vector<std::string>& problems) {
    try {
        const auto uri = mongo::ConnectionString::parse(coreString(config, "store.mongodb.uri"));
        if (uri.tls.enabled) net::TlsClientContext::make(uri.tls);
    } catch (const std::invalid_argument& e) {
        problems.push_back("[store] in " + sourceOf("store.mongodb.uri") +
                           ": key 'mongodb.uri': " + e.what());
    }
}

} // namespace

void validateTlsFiles(const Poco::Util::AbstractConfiguration& config,
                      const Schema::SourceOf& sourceOf, std::vector<std::string>& problems) {
    if (coreString(config, "cache.backend") == "redis") checkRedis(config, sourceOf, problems);
    if (coreString(config, "store.backend") == "mongodb") checkMongo(config, sourceOf, problems);
}

} // namespace jollyjet::config
