#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "jollyjet/net/TlsSettings.h"
#include "jollyjet/redis/SentinelOptions.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet::net {
class TlsClientContext;
}

namespace jollyjet::redis {

/// Where and how to reach one Redis endpoint (`[redis]` in the configuration).
struct JOLLYJET_API RedisOptions {
    /// standalone: the url's server; sentinel: the master the sentinels name;
    /// cluster: a Redis Cluster found through the `nodes` seeds (host and port then
    /// name the seed tried first).
    enum class Mode { Standalone, Sentinel, Cluster };
    Mode mode = Mode::Standalone;
    SentinelOptions sentinel; ///< mode sentinel only
    /// Cluster seeds, "host:port" each (mode cluster only).
    std::vector<std::string> nodes;
    std::string host = "127.0.0.1";
    int port = 6379;
    std::string password; ///< empty: no AUTH
    int db = 0;
    std::string keyPrefix = "jollyjet:dev:";
    std::size_t poolSize = 16;
    std::chrono::milliseconds connectTimeout{1000};
    std::chrono::milliseconds commandTimeout{500};
    std::chrono::milliseconds borrowTimeout{1000};
    /// A pooled connection idle for longer is PINGed before it is handed out.
    std::chrono::milliseconds idleCheck{30000};
    int breakerFailures = 5;
    std::chrono::milliseconds breakerOpen{2000};
    /// rediss:// or `redis.tls = true`; verification on unless insecureSkipVerify.
    net::TlsSettings tls;
    /// Made from `tls` by prepareTls() and shared by every copy of these options, so
    /// a pool (or any code copying the options to reach another host) reads the
    /// certificate files once. Null while TLS is off or not prepared yet.
    std::shared_ptr<const net::TlsClientContext> tlsContext;

    /// "host:port", for messages and metric labels.
    std::string endpoint() const;

    /// Applies redis[s]://[:password@]host[:port][/db] (throws std::invalid_argument with
    /// the reason when the url is malformed); rediss:// turns TLS on.
    void applyUrl(const std::string& url);

    /// A copy aimed at one node of a cluster (its pool and breaker are that node's);
    /// it keeps the TLS settings and the prepared tlsContext.
    RedisOptions forNode(const std::string& nodeHost, int nodePort) const;

    /// `[redis]`: the url first, then password and db override what it says; in
    /// sentinel and cluster mode the url's host and port are not used. Throws
    /// std::invalid_argument with the reason for a bad value.
    static RedisOptions fromConfig(const Poco::Util::AbstractConfiguration& config);

    /// Makes tlsContext when TLS is on and it is not made yet. Throws
    /// std::invalid_argument naming the file and the reason (unreadable, not PEM).
    void prepareTls();
};

} // namespace jollyjet::redis
