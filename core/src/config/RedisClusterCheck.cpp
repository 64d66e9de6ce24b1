#include "RedisClusterCheck.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>
#include <Poco/Util/AbstractConfiguration.h>

namespace jollyjet::config {

void checkRedisCluster(const Poco::Util::AbstractConfiguration& config,
                       const Schema::SourceOf& sourceOf, std::vector<std::string>& problems) {
    if (Poco::icompare(config.getString("redis.mode", "standalone"), "cluster") != 0) return;
    Poco::StringTokenizer seeds(config.getString("redis.nodes", ""), ",",
                                Poco::StringTokenizer::TOK_TRIM |
                                    Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    if (seeds.count() == 0)
        problems.push_back(
            sourceOf("redis.nodes") +
            ": key 'redis.nodes': mode = cluster needs at least one seed node (host:port, ...)");
    for (const auto& seed : seeds) {
        const auto colon = seed.rfind(':');
        unsigned port = 0;
        if (colon == std::string::npos || colon == 0 ||
            !Poco::NumberParser::tryParseUnsigned(seed.substr(colon + 1), port) || port == 0 ||
            port > 65535)
            problems.push_back(sourceOf("redis.nodes") + ": key 'redis.nodes': '" + seed +
                               "' is not host:port");
    }
    int db = config.getInt("redis.db", -1);
    if (db < 0) {
        try {
            std::string path =
                Poco::URI(config.getString("redis.url", "redis://127.0.0.1:6379/0")).getPath();
            if (!path.empty() && path.front() == '/') path.erase(0, 1);
            db = path.empty() ? 0 : Poco::NumberParser::parse(path);
        } catch (const Poco::Exception&) {
            db = 0; // the url's own check reports it
        }
    }
    if (db != 0)
        problems.push_back(sourceOf(config.has("redis.db") ? "redis.db" : "redis.url") +
                           ": redis database " + std::to_string(db) +
                           ": a Redis Cluster has only database 0 (mode = cluster)");
}

} // namespace jollyjet::config
