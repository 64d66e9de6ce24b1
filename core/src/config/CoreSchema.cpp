#include "jollyjet/config/CoreSchema.h"

#include <algorithm>
#include <set>

#include <Poco/String.h>
#include <Poco/Util/AbstractConfiguration.h>

namespace jollyjet::config {

namespace {

std::vector<Schema> build() {
    std::vector<Schema> schemas;

    schemas.push_back(
        Schema("server")
            .string("host", "127.0.0.1", "address to listen on")
            .integer("port", 3000, 1, 65535, "TCP port")
            .choice("environment", "development", {"development", "staging", "production"},
                    "deployment environment; staging and production demand an admin token")
            // POCO serves a keep-alive connection with one thread for its whole life
            // and silently drops connections past maxQueued: size both for the number
            // of concurrent keep-alive clients expected.
            .integer("maxThreads", 512, 2, 10000, "most connections served at once")
            .integer("minThreads", 16, 1, 10000, "threads kept warm")
            .integer("maxQueued", 1024, 1, 100000, "accepted connections waiting for a thread")
            .boolean("keepAlive", true, "HTTP/1.1 persistent connections")
            .integer("keepAliveTimeoutMs", 15000, 100, 3600000, "idle time before closing")
            .integer("maxKeepAliveRequests", 0, 0, 100000000, "requests per connection, 0: no limit")
            .integer("receiveTimeoutMs", 30000, 100, 3600000,
                     "socket timeout while reading a request or writing a response")
            .integer("maxBodyBytes", 102400, 0, 1073741824, "larger request bodies get 413")
            .integer("drainTimeoutMs", 10000, 0, 600000,
                     "on shutdown, time in-flight requests get to finish"));

    schemas.push_back(Schema("plugins")
                          .path("path", "", "folder of the plugin libraries (default: "
                                            "../plugins beside the jollyjetd binary)")
                          .list("enabled", "timing", "plugins to load, comma-separated"));

    schemas.push_back(Schema("logging")
                          .choice("level", "info",
                                  {"trace", "debug", "info", "warn", "error", "critical", "off"},
                                  "lowest level written")
                          .choice("sink", "console", {"console", "file", "rotating"},
                                  "console (stderr), file (reopened on SIGHUP) or rotating")
                          .path("file", "var/log/jollyjetd.log", "log file for file and rotating")
                          .choice("format", "text", {"text", "json"}, "text or JSON lines")
                          .integer("maxSizeMb", 10, 1, 100000, "rotating: size of one file")
                          .integer("maxFiles", 5, 1, 1000, "rotating: files kept"));

    schemas.push_back(
        Schema("redis")
            .string("url", "redis://127.0.0.1:6379/0", "redis://[:password@]host:port/db")
            .string("password", "", "AUTH password (overrides the url's)")
            .integer("db", -1, -1, 10000, "database number (-1: the url's, else 0)")
            .string("keyPrefix", "jollyjet:dev:", "prefix of every key this server writes")
            .integer("poolSize", 16, 1, 10000, "most connections to Redis")
            .integer("connectTimeoutMs", 1000, 1, 600000, "TCP connect timeout")
            .integer("commandTimeoutMs", 500, 1, 600000, "reply timeout of one command")
            .integer("borrowTimeoutMs", 1000, 0, 600000, "wait for a free pooled connection")
            .integer("idleCheckMs", 30000, 0, 86400000, "PING a connection idle for longer")
            .integer("breakerFailures", 5, 1, 1000, "consecutive failures that open the breaker")
            .integer("breakerOpenMs", 2000, 1, 3600000, "how long the open breaker fails fast"));

    schemas.push_back(
        Schema("cache")
            .choice("backend", "redis", {"redis", "memory"}, "where cached values live")
            .integer("ttl.item", 3600, 1, 31536000, "seconds a product stays cached")
            .integer("ttl.list", 300, 1, 31536000, "seconds a list page stays cached")
            .integer("ttl.count", 300, 1, 31536000, "seconds a count stays cached")
            .integer("ttl.negative", 30, 1, 86400, "seconds a not-found id stays cached")
            .integer("staleSeconds", 60, 0, 86400,
                     "how long past its logical expiry an entry may still be served stale")
            .integer("leaseMs", 3000, 1, 600000, "lifetime of a fill lease")
            .integer("waitMs", 250, 0, 600000, "how long a follower waits for a fill")
            .integer("retryMs", 200, 1, 600000,
                     "how often a failed invalidation is retried (the cache is bypassed meanwhile)")
            .choice("writePolicy", "strict", {"strict", "available"},
                    "strict: a write the cache cannot be told about is refused (503); available: "
                    "it lands and its invalidation is owed")
            .integer("writeIntentMs", 5000, 100, 600000,
                     "lifetime of a strict write's intent markers (longest store write)")
            .boolean("near.enabled", true,
                     "in-process near cache in front of Redis, strictly coherent (redis backend; "
                     "default: on with redis)")
            .integer("near.maxBytes", 67108864, 1024, 68719476736LL, "near cache: byte bound")
            .integer("near.leaseMs", 1000, 20, 600000,
                     "near cache serving lease: longest a partitioned instance delays writes")
            .integer("memory.maxEntries", 100000, 1, 100000000, "memory backend: entry bound")
            .integer("memory.maxBytes", 67108864, 1024, 68719476736LL,
                     "memory backend: byte bound"));

    schemas.push_back(
        Schema("store")
            .choice("backend", "sqlite", {"sqlite", "mongodb"}, "where products live")
            .path("sqlite.path", "var/jollyjet.db", "SQLite database file")
            .integer("sqlite.poolSize", 8, 1, 1000, "SQLite sessions kept open")
            .string("mongodb.uri", "mongodb://127.0.0.1:27017/jollyjet", "MongoDB connection string")
            .integer("mongodb.poolSize", 16, 1, 10000, "most connections to MongoDB")
            .integer("mongodb.connectTimeoutMs", 2000, 1, 600000, "TCP connect timeout")
            .integer("mongodb.socketTimeoutMs", 5000, 1, 600000, "reply timeout")
            .integer("mongodb.borrowTimeoutMs", 2000, 0, 600000, "wait for a pooled connection"));

    return schemas;
}

} // namespace

const std::vector<Schema>& coreSchemas() {
    static const std::vector<Schema> schemas = build();
    return schemas;
}

namespace {

// Walks every leaf key and reports values that still hold an unexpanded
// `${...}`: POCO leaves an unknown name literal, which would silently turn a missing
// secret into the text "${system.env.TOKEN}".
void findUnresolved(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
                    const std::string& source, std::vector<std::string>& problems) {
    Poco::Util::AbstractConfiguration::Keys keys;
    config.keys(prefix, keys);
    for (const auto& key : keys) {
        const std::string full = prefix.empty() ? key : prefix + "." + key;
        Poco::Util::AbstractConfiguration::Keys children;
        config.keys(full, children);
        if (!children.empty()) {
            findUnresolved(config, full, source, problems);
            continue;
        }
        std::string value;
        try {
            value = config.getString(full);
        } catch (const Poco::Exception& e) {
            problems.push_back(source + ": key '" + full + "': " + e.displayText());
            continue;
        }
        const auto at = value.find("${");
        if (at == std::string::npos) continue;
        const auto end = value.find('}', at);
        std::string name = value.substr(at + 2, end == std::string::npos ? std::string::npos
                                                                          : end - at - 2);
        if (name.rfind("system.env.", 0) == 0)
            problems.push_back(source + ": key '" + full + "': environment variable " +
                               name.substr(11) + " is not set");
        else
            problems.push_back(source + ": key '" + full + "': unknown reference ${" + name + "}");
    }
}

} // namespace

void validateCore(const Poco::Util::AbstractConfiguration& config, const std::string& source,
                  std::vector<std::string>& problems) {
    std::set<std::string> known = {"plugin", "system", "application", "logging.loggers"};
    for (const auto& schema : coreSchemas()) {
        known.insert(Poco::toLower(schema.section()));
        schema.validate(config, source, problems);
    }
    Poco::Util::AbstractConfiguration::Keys sections;
    config.keys("", sections);
    for (const auto& section : sections) {
        const std::string lowered = Poco::toLower(section);
        if (lowered == "system" || lowered == "application") continue;
        if (!known.count(lowered))
            problems.push_back(source + ": unknown section [" + section +
                               "] (core sections: server, plugins, logging, redis, cache, store; "
                               "plugin sections are [plugin.NAME])");
        else
            findUnresolved(config, section, source, problems);
    }
}

void resolveCorePaths(Poco::Util::AbstractConfiguration& config, const std::string& baseDir) {
    for (const auto& schema : coreSchemas()) schema.resolvePaths(config, baseDir);
}

} // namespace jollyjet::config
