#include "jollyjet/cache/CacheOptions.h"

#include <Poco/String.h>
#include <Poco/Util/AbstractConfiguration.h>

#include "jollyjet/redis/KeySlot.h"

namespace jollyjet::cache {

CacheOptions CacheOptions::fromConfig(const Poco::Util::AbstractConfiguration& config) {
    CacheOptions o;
    o.keyPrefix = config.getString("redis.keyPrefix", o.keyPrefix);
    // The same prefix the pool uses: in a cluster it carries a hash tag.
    if (Poco::icompare(config.getString("redis.mode", "standalone"), "cluster") == 0)
        o.keyPrefix = redis::hashTaggedPrefix(o.keyPrefix);
    o.lease = std::chrono::milliseconds(config.getInt64("cache.leaseMs", o.lease.count()));
    o.wait = std::chrono::milliseconds(config.getInt64("cache.waitMs", o.wait.count()));
    o.retryInterval =
        std::chrono::milliseconds(config.getInt64("cache.retryMs", o.retryInterval.count()));
    o.strictWrites = config.getString("cache.writePolicy", "strict") != "available";
    o.writeIntent = std::chrono::milliseconds(config.getInt64("cache.writeIntentMs", o.writeIntent.count()));
    // On by default with the shared Redis, where it saves a round trip per hit.
    o.nearEnabled = config.getBool("cache.near.enabled", config.getString("cache.backend", "redis") == "redis");
    o.nearMaxBytes = static_cast<std::size_t>(
        config.getInt64("cache.near.maxBytes", static_cast<Poco::Int64>(o.nearMaxBytes)));
    o.nearLease = std::chrono::milliseconds(config.getInt64("cache.near.leaseMs", o.nearLease.count()));
    o.memoryMaxEntries = static_cast<std::size_t>(
        config.getInt64("cache.memory.maxEntries", static_cast<Poco::Int64>(o.memoryMaxEntries)));
    o.memoryMaxBytes = static_cast<std::size_t>(
        config.getInt64("cache.memory.maxBytes", static_cast<Poco::Int64>(o.memoryMaxBytes)));
    return o;
}

} // namespace jollyjet::cache
