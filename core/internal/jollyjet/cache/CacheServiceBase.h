#pragma once

#include "jollyjet/Export.h"

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "jollyjet/cache/CacheOptions.h"
#include "jollyjet/cache/CacheService.h"

namespace jollyjet::metrics {
class Registry;
class Histogram;
class Counter;
} // namespace jollyjet::metrics

namespace jollyjet::cache {

/// Operations timed per backend (label `operation` of
/// jollyjet_cache_operation_duration_seconds).
enum class Op {
    Get, Set, Del, Exists, Mget, Mset, Increment, Expire, Ttl, Ping, Scan, DeleteByPattern,
    Clear, AcquireLock, ReleaseLock, ExtendLock, GetOrLoad, Invalidate, Generation,
    BumpGeneration, InvalidateTags, Count_
};
JOLLYJET_API const char* toString(Op op);

/// The cache-aside protocol of CacheService, written once over a handful of atomic
/// backend primitives, so the Redis and the memory backend run the same code:
/// single-flight per process, fill leases with compare-and-fill, logical expiry with
/// stale serving, negative caching, bounded follower waits, generations that start
/// at a time-based value, and remembered invalidations that keep getOrLoad on the
/// bypass path until they went through.
///
/// It also keeps the counters (CacheStats and Prometheus series) and times every
/// operation, so backends only implement storage. Keys reaching the primitives are
/// full keys: prefix + sanitized key.
class JOLLYJET_API CacheServiceBase : public CacheService {
public:
    ~CacheServiceBase() override;

    std::string backend() const final { return backend_; }
    std::string keyPrefix() const final { return options_.keyPrefix; }

    LoadResult getOrLoad(const std::string& key, const LoadPolicy& policy,
                         const Loader& loader) final;
    LoadResult getOrLoadTagged(const std::string& key, const LoadPolicy& policy,
                               const TaggedLoader& loader) final;
    void invalidate(const std::string& key) final;
    void invalidateTags(const std::vector<std::string>& tags) final;
    bool holdsCurrent(const std::string& key) final;
    NearCache* nearCache() override { return nullptr; }
    void writeThrough(const std::vector<std::string>& tags,
                      const std::function<std::vector<std::string>()>& write) final;
    std::int64_t generation(const std::string& name) final;
    std::int64_t bumpGeneration(const std::string& name) final;

    CacheStats stats() const final;
    bool available() const final;

    /// Latency percentiles per operation that ran at least once.
    std::map<std::string, LatencySummary> latencies() const override;
    /// Invalidations and generation bumps that failed and wait for a retry.
    std::size_t pendingInvalidations() const override;
    /// Replays owed invalidations now (the backend's retry thread calls it, so an
    /// owed bump does not wait for this process's next cache read while other
    /// instances keep reading the un-bumped counter). Returns whether none is left.
    bool flushPending() { return retryPending(); }

    /// Keys as the service stores them: control characters and spaces become '_',
    /// keys longer than 512 bytes are cut and get a stable hash suffix.
    static std::string sanitizeKey(const std::string& key);
    /// The lease key guarding fills of `key`, and the counter key of a generation
    /// (both without the prefix, like every key).
    static std::string leaseKeyOf(const std::string& key) { return "lease:" + key; }
    static std::string generationKeyOf(const std::string& name) { return name + ":gen"; }
    /// The key holding a tag's generation: the tag clock's value when the tag was
    /// last invalidated, "0" when entries carry it but it never was. A tagged entry
    /// is current while every tag key exists and is at most the entry's clock.
    static std::string tagKeyOf(const std::string& tag);
    /// The counter every invalidateTags() advances.
    static constexpr const char* kTagClockKey = "tags:clock";
    /// A strict write's intent marker on a tag: "<write id>:<until, backend time in
    /// ms>". A fill whose load began before `until` is refused.
    static std::string markKeyOf(const std::string& tag);
    /// Lifetime of generation counters and of the tag clock after their last change.
    /// One that expired starts again above its last value (time-based), so nothing
    /// stored under an older value becomes current again.
    static constexpr std::chrono::milliseconds kCounterTtl{7LL * 24 * 3600 * 1000};

    /// What a write script publishes for the near caches of every instance (empty
    /// channel: nothing), and the keys that let a writer notice a Redis that lost
    /// its data: the script creates `epochKey` when missing and then sets
    /// `youngKey` for `youngMs`.
    struct Announce {
        std::string channel, message, epochKey, youngKey;
        std::int64_t youngMs = 0;
    };

protected:
    CacheServiceBase(std::string backend, CacheOptions options, metrics::Registry& metrics);

    std::string fullKey(const std::string& key) const { return keyspace() + sanitizeKey(key); }
    /// The prefix of full keys: keyPrefix, unless the backend adds to it (a Redis
    /// master's epoch in sentinel mode).
    virtual std::string keyspace() const { return options_.keyPrefix; }
    const CacheOptions& options() const { return options_; }

    /// Runs `work` as operation `op`: times it, counts a failure and turns any
    /// exception into CacheError naming the backend and the operation.
    template <class Work>
    auto timed(Op op, Work&& work) -> decltype(work());

    void countHits(std::uint64_t n);
    void countMisses(std::uint64_t n);
    void countSets(std::uint64_t n);
    void countDeletes(std::uint64_t n);

    // ---- primitives: atomic on the backend, may throw anything on failure ----
    virtual std::optional<std::string> primitiveGet(const std::string& fullKey) = 0;
    /// GET that answers nullopt for a tagged entry (envelope with tags) when one of
    /// its tag keys is missing or greater than the entry's clock. Atomically.
    virtual std::optional<std::string> primitiveGetCurrent(const std::string& fullKey) = 0;
    /// The near-cache side of invalidations; the defaults (no near cache) do nothing.
    virtual Announce announce(const std::string& /*writeId*/, const char* /*phase*/,
                              const std::vector<std::string>& /*tags*/) const {
        return {};
    }
    /// Before the script that publishes `writeId`'s final invalidation.
    virtual void expectAcks(const std::string& /*writeId*/) {}
    /// After it: until every near cache applied it (or cannot be serving any more).
    virtual void awaitAcks(const std::string& /*writeId*/, std::chrono::steady_clock::time_point /*published*/) {}

    /// The tag clock (created with `initial` when missing, TTL kCounterTtl) and the
    /// backend's own time in ms (Redis TIME), read atomically.
    struct ClockReading {
        std::int64_t clock = 0;
        std::int64_t serverMs = 0;
    };
    virtual ClockReading primitiveReadClock(const std::string& clockKey, std::int64_t initial) = 0;
    /// A strict write's first script: sets each tag's marker (see markKeyOf) to
    /// "<writeId>:<backend time + intent>" (keeping a later end already there), kept
    /// for `intent` + `minTtl`. Entries stay valid: the write is not done yet.
    virtual std::int64_t primitiveBeginWrite(const std::string& clockKey,
                                             const std::vector<std::string>& tagKeys,
                                             const std::vector<std::string>& markKeys,
                                             std::int64_t initial, std::chrono::milliseconds minTtl,
                                             std::chrono::milliseconds intent, const std::string& writeId) = 0;
    /// The second script: advances the clock, sets the tag keys (retiring every
    /// entry older than the write), deletes the markers that still name `writeId`
    /// (a later write's marker stays) and announces the invalidation.
    virtual std::int64_t primitiveFinishWrite(const std::string& clockKey,
                                              const std::vector<std::string>& tagKeys,
                                              const std::vector<std::string>& markKeys,
                                              std::int64_t initial, std::chrono::milliseconds minTtl,
                                              const std::string& writeId, const Announce& announce) = 0;
    /// Whether every tag key exists and is at most `clock`.
    virtual bool primitiveTagsCurrent(const std::vector<std::string>& tagKeys, std::int64_t clock) = 0;
    /// Advances the tag clock (created with `initial` when missing, TTL kCounterTtl)
    /// and sets every tag key to the new value, keeping a longer TTL it had, at least
    /// `minTtl`. Returns the new clock. Atomically.
    virtual std::int64_t primitiveInvalidateTags(const std::string& clockKey,
                                                 const std::vector<std::string>& tagKeys,
                                                 std::int64_t initial, std::chrono::milliseconds minTtl,
                                                 const Announce& announce) = 0;
    /// SET NX PX: whether the lease was taken.
    virtual bool primitiveTakeLease(const std::string& leaseKey, const std::string& token,
                                    std::chrono::milliseconds ttl) = 0;
    /// If `leaseKey` still holds `token`: store value with ttl, delete the lease,
    /// return true. Otherwise change nothing and return false. Atomically.
    virtual bool primitiveFill(const std::string& fullKey, const std::string& leaseKey,
                               const std::string& token, const std::string& value,
                               std::chrono::milliseconds ttl) = 0;
    /// primitiveFill of a tagged entry whose load began at `reading`: also refused
    /// when a tag key is greater than its clock, or a marker on a tag (markKeys,
    /// parallel to tagKeys) stands until after its server time; creates missing tag
    /// keys as "0" and extends their TTL to at least `ttl`, so a tag outlives its
    /// entries.
    virtual bool primitiveFillTagged(const std::string& fullKey, const std::string& leaseKey,
                                     const std::string& token, const std::string& value,
                                     std::chrono::milliseconds ttl, const ClockReading& reading,
                                     const std::vector<std::string>& tagKeys,
                                     const std::vector<std::string>& markKeys) = 0;
    /// Compare-and-delete of a lease or lock.
    virtual bool primitiveReleaseToken(const std::string& key, const std::string& token) = 0;
    virtual void primitiveDelete(const std::vector<std::string>& fullKeys) = 0;
    /// Counter value; a missing counter is created with `initial` first (TTL
    /// kCounterTtl). Atomically.
    virtual std::int64_t primitiveCounter(const std::string& fullKey, std::int64_t initial) = 0;
    /// INCR; a missing counter is created with `initial` before; the TTL is renewed to
    /// kCounterTtl. Atomically.
    virtual std::int64_t primitiveBump(const std::string& fullKey, std::int64_t initial) = 0;
    /// False while the backend is known to fail (breaker open).
    virtual bool primitiveAvailable() const { return true; }

    static std::string newToken();

private:
    /// Keeps the stand-in generations of generation() distinct while a bump is owed.
    std::atomic<std::int64_t> uniqueGeneration_{0};
    struct Flight;
    LoadResult lead(const std::string& full, const std::string& leaseKey, const LoadPolicy& policy,
                    const TaggedLoader& loader, const std::optional<std::string>& staleValue,
                    Flight& flight, bool tagged);
    /// getOrLoad and getOrLoadTagged; `tagged` false: the loader names no tags, so
    /// the tag clock is not read.
    LoadResult load(const std::string& key, const LoadPolicy& policy, const TaggedLoader& loader, bool tagged);
    LoadResult bypass(const TaggedLoader& loader);
    std::vector<std::string> tagKeysOf(const std::vector<std::string>& tags) const;
    std::vector<std::string> markKeysOf(const std::vector<std::string>& tags) const;
    /// Tags from the full tag keys an envelope names.
    std::vector<std::string> plainTags(const std::vector<std::string>& tagKeys) const;
    static std::vector<std::string> uniqueTags(std::vector<std::string> tags);
    bool retryPending();
    /// kind "del" with a key, "bump" with a generation name, "tag" with a tag.
    void remember(const std::string& kind, const std::string& key);
    void record(Op op, std::chrono::steady_clock::duration elapsed);
    void countError();

    const std::string backend_;
    const CacheOptions options_;
    metrics::Registry& metrics_;
    std::array<metrics::Histogram*, static_cast<std::size_t>(Op::Count_)> histograms_{};
    metrics::Counter *hitsMetric_, *missesMetric_, *staleMetric_, *coalescedMetric_, *bypassMetric_,
        *setsMetric_, *deletesMetric_, *errorsMetric_, *leaseRefusedMetric_, *fillsDroppedMetric_, *tagInvalidationsMetric_, *writesRefusedMetric_;

    std::atomic<std::uint64_t> hits_{0}, misses_{0}, stale_{0}, coalesced_{0}, sets_{0},
        deletes_{0}, errors_{0}, leaseRefused_{0}, fillsDropped_{0};

    std::mutex flightsMutex_;
    std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;

    mutable std::mutex pendingMutex_;
    std::set<std::pair<std::string, std::string>> pending_; ///< (kind, key or name)
    std::atomic<bool> hasPending_{false};
    std::chrono::steady_clock::time_point lastRetry_{};
};

template <class Work>
auto CacheServiceBase::timed(Op op, Work&& work) -> decltype(work()) {
    const auto start = std::chrono::steady_clock::now();
    try {
        if constexpr (std::is_void_v<decltype(work())>) {
            work();
            record(op, std::chrono::steady_clock::now() - start);
        } else {
            auto result = work();
            record(op, std::chrono::steady_clock::now() - start);
            return result;
        }
    } catch (const CacheError&) {
        countError();
        throw;
    } catch (const std::exception& e) {
        countError();
        throw CacheError(backend_ + " cache: " + toString(op) + " failed: " + e.what());
    }
}

} // namespace jollyjet::cache
