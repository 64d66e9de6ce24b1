#include "jollyjet/redis/RedisOptions.h"

#include "jollyjet/redis/KeySlot.h"

#include <charconv>
#include <stdexcept>

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>
#include <Poco/Util/AbstractConfiguration.h>

#include "jollyjet/net/TlsClientContext.h"

namespace jollyjet::redis {

namespace {
int parseInt(const std::string& text, const std::string& what, const std::string& url) {
    int value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty() || value < 0)
        throw std::invalid_argument("redis url '" + url + "': bad " + what + " '" + text + "'");
    return value;
}

std::chrono::milliseconds ms(const Poco::Util::AbstractConfiguration& c, const std::string& key,
                             std::chrono::milliseconds fallback) {
    return std::chrono::milliseconds(c.getInt64(key, fallback.count()));
}
} // namespace

std::string RedisOptions::endpoint() const { return host + ":" + std::to_string(port); }

void RedisOptions::applyUrl(const std::string& url) {
    Poco::URI uri;
    try {
        uri = Poco::URI(url);
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("redis url '" + url + "': " + e.displayText());
    }
    if (uri.getScheme() != "redis" && uri.getScheme() != "rediss")
        throw std::invalid_argument("redis url '" + url + "': scheme must be redis:// or rediss:// (TLS)");
    if (uri.getScheme() == "rediss") tls.enabled = true;
    if (uri.getHost().empty()) throw std::invalid_argument("redis url '" + url + "': no host");
    host = uri.getHost();
    port = uri.getPort() ? uri.getPort() : 6379;
    // redis://:secret@host and redis://user:secret@host both carry the password last.
    const std::string userInfo = uri.getUserInfo();
    if (!userInfo.empty()) {
        const auto colon = userInfo.find(':');
        std::string secret = colon == std::string::npos ? userInfo : userInfo.substr(colon + 1);
        std::string decoded;
        Poco::URI::decode(secret, decoded);
        password = decoded;
    }
    std::string path = uri.getPath();
    if (!path.empty() && path.front() == '/') path.erase(0, 1);
    db = path.empty() ? 0 : parseInt(path, "database number", url);
}

RedisOptions RedisOptions::forNode(const std::string& nodeHost, int nodePort) const {
    RedisOptions node = *this;
    node.mode = Mode::Standalone;
    node.nodes.clear();
    node.host = nodeHost;
    node.port = nodePort;
    return node;
}

RedisOptions RedisOptions::fromConfig(const Poco::Util::AbstractConfiguration& config) {
    RedisOptions o;
    const std::string mode = Poco::toLower(config.getString("redis.mode", "standalone"));
    if (mode == "sentinel") {
        o.mode = Mode::Sentinel;
        o.sentinel = SentinelOptions::fromConfig(config);
    } else if (mode == "cluster") {
        o.mode = Mode::Cluster;
    } else if (mode != "standalone") {
        throw std::invalid_argument("redis.mode: '" + mode + "' is not standalone, sentinel or cluster");
    }
    o.applyUrl(config.getString("redis.url", "redis://127.0.0.1:6379/0"));
    const std::string password = config.getString("redis.password", "");
    if (!password.empty()) o.password = password;
    const int db = config.getInt("redis.db", -1);
    if (db >= 0) o.db = db;
    o.keyPrefix = config.getString("redis.keyPrefix", o.keyPrefix);
    o.poolSize = static_cast<std::size_t>(config.getInt("redis.poolSize", static_cast<int>(o.poolSize)));
    o.connectTimeout = ms(config, "redis.connectTimeoutMs", o.connectTimeout);
    o.commandTimeout = ms(config, "redis.commandTimeoutMs", o.commandTimeout);
    o.borrowTimeout = ms(config, "redis.borrowTimeoutMs", o.borrowTimeout);
    o.idleCheck = ms(config, "redis.idleCheckMs", o.idleCheck);
    o.breakerFailures = config.getInt("redis.breakerFailures", o.breakerFailures);
    o.breakerOpen = ms(config, "redis.breakerOpenMs", o.breakerOpen);
    o.tls.enabled = o.tls.enabled || config.getBool("redis.tls", false);
    o.tls.caFile = config.getString("redis.tls.caFile", "");
    o.tls.certFile = config.getString("redis.tls.certFile", "");
    o.tls.keyFile = config.getString("redis.tls.keyFile", "");
    o.tls.serverName = config.getString("redis.tls.serverName", "");
    const bool skipVerify = config.getBool("redis.tls.insecureSkipVerify", false);
    o.tls.verifyCertificate = !skipVerify;
    o.tls.verifyHostname = !skipVerify;
    if (o.mode == Mode::Cluster) {
        Poco::StringTokenizer seeds(config.getString("redis.nodes", ""), ",",
                                    Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        o.nodes.assign(seeds.begin(), seeds.end());
        // Every key of this server in one slot: scripts and MGETs touch many of them.
        o.keyPrefix = hashTaggedPrefix(o.keyPrefix);
        if (!o.nodes.empty()) {
            const auto colon = o.nodes.front().rfind(':');
            if (colon != std::string::npos) {
                o.host = o.nodes.front().substr(0, colon);
                o.port = Poco::NumberParser::parse(o.nodes.front().substr(colon + 1));
            }
        }
    }
    return o;
}

void RedisOptions::prepareTls() {
    if (tls.enabled && !tlsContext) tlsContext = net::TlsClientContext::make(tls);
}

} // namespace jollyjet::redis
