#pragma once

#include "jollyjet/Export.h"

#include <map>
#include <mutex>

#include "jollyjet/cache/CacheServiceBase.h"

#include "jollyjet/redis/Reply.h"

namespace jollyjet::redis {
class RedisPool;
}
namespace spdlog {
class logger;
}

namespace jollyjet::cache {
class NearCoherence;
}

namespace jollyjet::cache {

/// CacheService on a Redis shared by every jollyjetd (`[cache] backend = redis`).
///
/// Raw operations borrow a connection from the pool and throw CacheError when Redis
/// fails, times out, or the breaker is open (then without touching the network).
/// Pattern operations use SCAN with MATCH under the prefix and UNLINK per batch,
/// never KEYS or FLUSHDB. Lease fills, lock release/extend and generation counters
/// are single Lua scripts (EVALSHA, falling back to EVAL after a script flush or a
/// restart), so each is atomic against every other client.
/// The pool must outlive the service.
class JOLLYJET_API RedisCacheService final : public CacheServiceBase {
public:
    RedisCacheService(redis::RedisPool& pool, CacheOptions options, metrics::Registry& metrics);
    ~RedisCacheService() override;

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

    redis::RedisPool& pool() { return pool_; }

    NearCache* nearCache() override;
    /// Starts and stops the near cache's coherence threads (no-ops without one).
    void startNear(std::shared_ptr<spdlog::logger> log);
    void stopNear();

protected:
    Announce announce(const std::string& writeId, const char* phase,
                      const std::vector<std::string>& tags) const override;
    void expectAcks(const std::string& writeId) override;
    void awaitAcks(const std::string& writeId, std::chrono::steady_clock::time_point published) override;

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
    bool primitiveAvailable() const override;
    std::string keyspace() const override;

private:
    /// EVALSHA, then EVAL when the server does not know the script.
    std::int64_t runScript(const std::string& sha, const std::string& text,
                           const std::vector<std::string>& keys, const std::vector<std::string>& args,
                           bool replicated = false);
    /// EVALSHA (EVAL when the server lacks the script) on a connection of the keys'
    /// epoch (sentinel) or on the node of KEYS[1] (cluster); `replicated`: an
    /// invalidation, confirmed by the master's replicas (cluster).
    redis::Reply runScriptReply(const std::string& sha, const std::string& text,
                                const std::vector<std::string>& keys, const std::vector<std::string>& args,
                                bool replicated = false);
    /// Runs `command`, whose words 1..keyCount are keys, on a connection of their
    /// epoch (sentinel) or of their node (cluster); `replicated` as for runScriptReply.
    redis::Reply call(const redis::Command& command, std::size_t keyCount = 1, bool replicated = false);
    /// For a strict write: throws when the master changed since `space` was current,
    /// so a write finished on a master that is no longer the master is not acknowledged.
    void requireKeyspace(const std::string& space) const;
    /// SCAN under the prefix; `batch` gets each non-empty page of full keys.
    void scanFull(const std::string& pattern,
                  const std::function<void(const std::vector<std::string>&)>& batch);
    /// UNLINKs full keys (one command per slot); returns how many existed.
    std::uint64_t unlink(const std::vector<std::string>& keys);

    redis::RedisPool& pool_;
    metrics::Registry& metrics_;
    std::unique_ptr<NearCache> near_;
    std::unique_ptr<NearCoherence> coherence_;
    std::mutex writeSpacesMutex_;
    std::map<std::string, std::string> writeSpaces_; ///< write id -> keyspace of its final script
};

} // namespace jollyjet::cache
