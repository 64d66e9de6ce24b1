#include "jollyjet/config/CoreSchema.h"

#include "RedisClusterCheck.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/Util/AbstractConfiguration.h>

#include "jollyjet/Backends.h"
#include "jollyjet/redis/RedisOptions.h"

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
            .integer("ioThreads", 0, 0, 256, "event-loop threads (0: one per core)")
            .integer("workerThreads", 16, 1, 4096,
                     "threads that run the filter chain (handlers may block on Redis or the store)")
            .integer("maxConnections", 10000, 1, 1000000,
                     "open connections at most; past it new ones are closed at once")
            .integer("backlog", 4096, 16, 65535, "listen queue length")
            .boolean("keepAlive", true, "HTTP/1.1 persistent connections")
            .integer("keepAliveTimeoutMs", 15000, 100, 3600000,
                     "idle time between requests before the connection is closed")
            .integer("maxKeepAliveRequests", 0, 0, 100000000, "requests per connection, 0: no limit")
            .integer("headerTimeoutMs", 10000, 100, 3600000,
                     "the whole request head must arrive within this time (else 408 and close)")
            .integer("bodyTimeoutMs", 30000, 100, 3600000,
                     "the whole request body must arrive within this time after the head")
            .integer("writeTimeoutMs", 30000, 100, 3600000,
                     "a response that makes no progress for this long closes the connection")
            .integer("maxHeaderBytes", 16384, 1024, 65536, "header fields larger in sum get 431")
            .integer("maxUriBytes", 8192, 256, 65536, "longer request targets get 414")
            .integer("maxBodyBytes", 102400, 0, 1073741824, "larger request bodies get 413")
            .integer("drainTimeoutMs", 10000, 0, 600000,
                     "on shutdown, time in-flight requests get to finish")
            .boolean("compression", true, "gzip or br for clients that accept it")
            .integer("compressMinBytes", 1024, 0, 1073741824, "smaller answers are sent uncompressed")
            .list("cors.origins", "",
                  "origins (scheme://host[:port]) browsers may call the API from; empty: CORS off")
            .integer("cors.maxAgeSeconds", 600, 0, 86400, "how long a browser may keep a preflight answer")

            .retired("maxThreads", "use server.workerThreads (threads running handlers) and "
                                   "server.maxConnections (open connections)")
            .retired("minThreads", "use server.workerThreads")
            .retired("maxQueued", "use server.maxConnections and server.backlog")
            .retired("receiveTimeoutMs", "use server.headerTimeoutMs, server.bodyTimeoutMs and "
                                         "server.writeTimeoutMs"));

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
                          .boolean("access", false,
                                   "one line per request (method, path, status, bytes, duration, "
                                   "client, cache layer) through the `access` logger")
                          .integer("maxSizeMb", 10, 1, 100000, "rotating: size of one file")
                          .integer("maxFiles", 5, 1, 1000, "rotating: files kept"));

    schemas.push_back(
        Schema("redis")
            .choice("mode", "standalone", {"standalone", "sentinel", "cluster"},
                    "standalone: the url's server; sentinel: the master the sentinels name; "
                    "cluster: a Redis Cluster found through `nodes`")
            .string("url", "redis://127.0.0.1:6379/0",
                    "redis://[:password@]host:port/db, or rediss://... for TLS (sentinel mode: only password, "
                    "db and TLS are used; cluster mode: only password and TLS)")
            .list("sentinels", "", "sentinel mode: host:port of each sentinel, tried in turn")
            .string("masterName", "", "sentinel mode: the name the sentinels monitor the master under")
            .string("sentinelPassword", "", "sentinel mode: AUTH password of the sentinels (empty: none)")
            .list("nodes", "", "cluster: seed nodes, host:port, comma-separated (any reachable one "
                               "tells the rest); the url then only gives the password and TLS")
            .string("password", "", "AUTH password (overrides the url's)")
            .integer("db", -1, -1, 10000, "database number (-1: the url's, else 0)")
            .string("keyPrefix", "jollyjet:dev:",
                    "prefix of every key this server writes (cluster: wrapped in a hash tag, "
                    "{jollyjet:dev:}, unless it holds one)")
            .integer("poolSize", 16, 1, 10000, "most connections to Redis")
            .integer("connectTimeoutMs", 1000, 1, 600000, "TCP connect timeout")
            .integer("commandTimeoutMs", 500, 1, 600000, "reply timeout of one command")
            .integer("borrowTimeoutMs", 1000, 0, 600000, "wait for a free pooled connection")
            .integer("idleCheckMs", 30000, 0, 86400000, "PING a connection idle for longer")
            .integer("breakerFailures", 5, 1, 1000, "consecutive failures that open the breaker")
            .integer("breakerOpenMs", 2000, 1, 3600000, "how long the open breaker fails fast")
            .boolean("tls", false, "TLS to Redis (as the rediss:// scheme does)")
            .path("tls.caFile", "", "PEM CA bundle the server's certificate must lead to "
                                    "(empty: the system's CAs)")
            .path("tls.certFile", "", "PEM client certificate, for servers that demand one")
            .path("tls.keyFile", "", "PEM private key of tls.certFile (empty: inside tls.certFile)")
            .string("tls.serverName", "", "name the server's certificate must carry (empty: the "
                                          "url's host)")
            .boolean("tls.insecureSkipVerify", false,
                     "accept any server certificate (testing only; warned about at every start)"));

    schemas.push_back(
        Schema("cache")
            .choice("backend", backendDefault("cache"), backendNames("cache"), "where cached values live")
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
            .choice("backend", backendDefault("store"), backendNames("store"), "where products live")
            .path("sqlite.path", "var/jollyjet.db", "SQLite database file")
            .integer("sqlite.poolSize", 8, 1, 1000, "SQLite sessions kept open")
            .choice("sqlite.journalMode", "wal", {"wal", "delete", "truncate", "persist"},
                    "SQLite journal (wal: readers do not block the writer)")
            .choice("sqlite.synchronous", "normal", {"off", "normal", "full", "extra"},
                    "when SQLite syncs to disk (full: every commit survives power loss)")
            .integer("maxResultWindow", 10000, 1, 100000000,
                     "deepest list position (page * limit) a query may reach")
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

const Schema::Key& coreKey(const std::string& key) {
    const auto dot = key.find('.');
    if (dot != std::string::npos)
        for (const auto& schema : coreSchemas())
            if (Poco::icompare(schema.section(), key.substr(0, dot)) == 0)
                for (const auto& k : schema.keys())
                    if (Poco::icompare(k.name, key.substr(dot + 1)) == 0) return k;
    throw std::logic_error("no core schema declares the key '" + key + "'");
}

} // namespace

std::string coreString(const Poco::Util::AbstractConfiguration& config, const std::string& key) {
    return config.getString(key, coreKey(key).defaultValue);
}

std::int64_t coreInt(const Poco::Util::AbstractConfiguration& config, const std::string& key) {
    return config.getInt64(key, std::stoll(coreKey(key).defaultValue));
}

bool coreBool(const Poco::Util::AbstractConfiguration& config, const std::string& key) {
    return config.getBool(key, coreKey(key).defaultValue == "true");
}

namespace {

// Walks every leaf key and reports values that still hold an unexpanded
// `${...}`: POCO leaves an unknown name literal, which would silently turn a missing
// secret into the text "${system.env.TOKEN}".
void findUnresolved(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
                    const Schema::SourceOf& sourceOf, std::vector<std::string>& problems) {
    Poco::Util::AbstractConfiguration::Keys keys;
    config.keys(prefix, keys);
    for (const auto& key : keys) {
        const std::string full = prefix.empty() ? key : prefix + "." + key;
        Poco::Util::AbstractConfiguration::Keys children;
        config.keys(full, children);
        if (!children.empty()) {
            findUnresolved(config, full, sourceOf, problems);
            continue;
        }
        const std::string source = sourceOf(full);
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

namespace {

// Values each valid on their own that do not fit together (sentinel mode without
// sentinels, a url the options cannot parse).
void checkRedis(const Poco::Util::AbstractConfiguration& config, const Schema::SourceOf& sourceOf,
                std::vector<std::string>& problems) {
    try {
        redis::RedisOptions::fromConfig(config);
    } catch (const std::invalid_argument& e) {
        problems.push_back(sourceOf("redis.mode") + ": [redis] " + e.what());
    } catch (const Poco::Exception&) {
        // A value of the wrong type: the schema reports it.
    }
}

} // namespace

void validateCore(const Poco::Util::AbstractConfiguration& config, const std::string& source,
                  std::vector<std::string>& problems) {
    validateCore(config, [&source](const std::string&) { return source; }, problems);
}

void validateCore(const Poco::Util::AbstractConfiguration& config, const Schema::SourceOf& sourceOf,
                  std::vector<std::string>& problems) {
    std::set<std::string> known = {"plugin", "system", "application", "logging.loggers"};
    for (const auto& schema : coreSchemas()) {
        known.insert(Poco::toLower(schema.section()));
        schema.validate(config, sourceOf, problems);
    }
    checkRedisCluster(config, sourceOf, problems);
    Poco::Util::AbstractConfiguration::Keys sections;
    config.keys("", sections);
    for (const auto& section : sections) {
        const std::string lowered = Poco::toLower(section);
        if (lowered == "system" || lowered == "application") continue;
        if (lowered == "redis") checkRedis(config, sourceOf, problems);
        if (!known.count(lowered))
            problems.push_back(sourceOf(section) + ": unknown section [" + section +
                               "] (core sections: server, plugins, logging, redis, cache, store; "
                               "plugin sections are [plugin.NAME])");
        else
            findUnresolved(config, section, sourceOf, problems);
    }
}

void resolveCorePaths(Poco::Util::AbstractConfiguration& config, const std::string& baseDir) {
    for (const auto& schema : coreSchemas()) schema.resolvePaths(config, baseDir);
}

} // namespace jollyjet::config
