#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet::redis {

/// Where and how to reach one Redis endpoint (`[redis]` in the configuration).
struct RedisOptions {
    /// standalone: one server at host:port; cluster: a Redis Cluster found through
    /// the `nodes` seeds (host and port then name the seed tried first).
    enum class Mode { Standalone, Sentinel, Cluster };
    Mode mode = Mode::Standalone;
    /// Cluster seeds, "host:port" each.
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

    /// "host:port", for messages and metric labels.
    std::string endpoint() const;

    /// Applies redis://[:password@]host[:port][/db] (throws std::invalid_argument with
    /// the reason when the url is malformed).
    void applyUrl(const std::string& url);

    /// A copy aimed at one node of a cluster (its pool and breaker are that node's).
    RedisOptions forNode(const std::string& nodeHost, int nodePort) const;

    /// `[redis]`: the url first, then password and db override what it says.
    static RedisOptions fromConfig(const Poco::Util::AbstractConfiguration& config);
};

} // namespace jollyjet::redis
