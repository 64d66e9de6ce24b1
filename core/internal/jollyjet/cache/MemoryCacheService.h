#pragma once

#include "jollyjet/Export.h"

#include <memory>

#include "jollyjet/cache/CacheServiceBase.h"

namespace jollyjet::cache {

class MemoryStore;

/// CacheService in this process's memory (`[cache] backend = memory`): for
/// development, tests and single-instance deployments.
///
/// Thread-safe, bounded by `memoryMaxEntries` and `memoryMaxBytes` (least recently
/// used entries go first), per-key TTL. Its raw operations never fail, and the
/// cache-aside half runs the same code as the Redis backend, with leases, locks
/// and counters kept in the same store under the same key names.
class JOLLYJET_API MemoryCacheService final : public CacheServiceBase {
public:
    MemoryCacheService(CacheOptions options, metrics::Registry& metrics);
    ~MemoryCacheService() override;

    std::optional<std::string> get(const std::string& key) override;
    void set(const std::string& key, const std::string& value, std::chrono::milliseconds ttl) override;
    bool del(const std::string& key) override;
    bool exists(const std::string& key) override;
    std::vector<std::optional<std::string>> mget(const std::vector<std::string>& keys) override;
    void mset(const std::vector<std::pair<std::string, std::string>>& entries,
              std::chrono::milliseconds ttl) override;
    std::int64_t increment(const std::string& key, std::int64_t by = 1) override;
    bool expire(const std::string& key, std::chrono::milliseconds ttl) override;
    std::optional<std::chrono::milliseconds> ttl(const std::string& key) override;
    std::chrono::microseconds ping() override;
    void scan(const std::string& pattern, const std::function<void(const std::string&)>& visit) override;
    std::uint64_t deleteByPattern(const std::string& pattern) override;
    std::uint64_t clear() override;
    std::optional<std::string> acquireLock(const std::string& name, std::chrono::milliseconds ttl) override;
    bool releaseLock(const std::string& name, const std::string& token) override;
    bool extendLock(const std::string& name, const std::string& token,
                    std::chrono::milliseconds ttl) override;

    /// Entries and bytes held right now, for /api/cache/stats.
    std::size_t entryCount() const;
    std::size_t byteCount() const;
    std::optional<LocalFootprint> localFootprint() const override { return LocalFootprint{entryCount(), byteCount()}; }

protected:
    std::optional<std::string> primitiveGet(const std::string& fullKey) override;
    std::optional<std::string> primitiveGetCurrent(const std::string& fullKey) override;
    bool primitiveTagsCurrent(const std::vector<std::string>& tagKeys, std::int64_t clock) override;
    std::int64_t primitiveInvalidateTags(const std::string& clockKey, const std::vector<std::string>& tagKeys,
                                         std::int64_t initial, std::chrono::milliseconds minTtl,
                                         const Announce& announce) override;
    bool primitiveFillTagged(const std::string& fullKey, const std::string& leaseKey,
                             const std::string& token, const std::string& value,
                             std::chrono::milliseconds ttl, const ClockReading& reading,
                             const std::vector<std::string>& tagKeys,
                             const std::vector<std::string>& markKeys) override;
    ClockReading primitiveReadClock(const std::string& clockKey, std::int64_t initial) override;
    std::int64_t primitiveBeginWrite(const std::string& clockKey, const std::vector<std::string>& tagKeys,
                                     const std::vector<std::string>& markKeys, std::int64_t initial,
                                     std::chrono::milliseconds minTtl, std::chrono::milliseconds intent,
                                     const std::string& writeId) override;
    std::int64_t primitiveFinishWrite(const std::string& clockKey, const std::vector<std::string>& tagKeys,
                                      const std::vector<std::string>& markKeys, std::int64_t initial,
                                      std::chrono::milliseconds minTtl, const std::string& writeId,
                                      const Announce& announce) override;
    bool primitiveTakeLease(const std::string& leaseKey, const std::string& token,
                            std::chrono::milliseconds ttl) override;
    bool primitiveFill(const std::string& fullKey, const std::string& leaseKey,
                       const std::string& token, const std::string& value,
                       std::chrono::milliseconds ttl) override;
    bool primitiveReleaseToken(const std::string& key, const std::string& token) override;
    void primitiveDelete(const std::vector<std::string>& fullKeys) override;
    std::int64_t primitiveCounter(const std::string& fullKey, std::int64_t initial) override;
    std::int64_t primitiveBump(const std::string& fullKey, std::int64_t initial) override;

private:
    std::string fullPattern(const std::string& pattern) const;
    std::unique_ptr<MemoryStore> store_;
};

} // namespace jollyjet::cache
