#include "jollyjet/cache/CacheOptions.h"

#include <Poco/String.h>
#include <Poco/Util/AbstractConfiguration.h>

#include "jollyjet/config/CoreSchema.h"
#include "jollyjet/redis/KeySlot.h"

namespace jollyjet::cache {

using config::coreBool;
using config::coreInt;
using config::coreString;

CacheOptions CacheOptions::fromConfig(const Poco::Util::AbstractConfiguration& config) {
    const auto ms = [&config](const char* key) { return std::chrono::milliseconds(coreInt(config, key)); };
    const auto size = [&config](const char* key) { return static_cast<std::size_t>(coreInt(config, key)); };
    CacheOptions o;
    o.keyPrefix = coreString(config, "redis.keyPrefix");
    // The same prefix the pool uses: in a cluster it carries a hash tag.
    if (Poco::icompare(coreString(config, "redis.mode"), "cluster") == 0)
        o.keyPrefix = redis::hashTaggedPrefix(o.keyPrefix);
    o.lease = ms("cache.leaseMs");
    o.wait = ms("cache.waitMs");
    o.retryInterval = ms("cache.retryMs");
    o.strictWrites = coreString(config, "cache.writePolicy") != "available";
    o.writeIntent = ms("cache.writeIntentMs");
    // The near cache sits in front of the shared Redis, where it saves a round trip per
    // hit; the memory backend has nothing to put it in front of.
    o.nearEnabled = coreBool(config, "cache.near.enabled") && coreString(config, "cache.backend") == "redis";
    o.nearMaxBytes = size("cache.near.maxBytes");
    o.nearLease = ms("cache.near.leaseMs");
    o.memoryMaxEntries = size("cache.memory.maxEntries");
    o.memoryMaxBytes = size("cache.memory.maxBytes");
    return o;
}

} // namespace jollyjet::cache
