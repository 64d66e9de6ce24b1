#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace jollyjet::cache {

class NearCache;

/// A cache backend failed (connection refused, timeout, breaker open, protocol
/// error). Raw operations throw it; the cache-aside helpers never do.
class JOLLYJET_API CacheError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    ~CacheError() override;
};

/// A write that cannot be made safely under `[cache] writePolicy = strict`: the
/// cache could not be reached to announce it (then nothing was written), or could
/// not be told after a store write that took so long its intent may have expired.
/// Callers answer 503.
class JOLLYJET_API WriteRefused : public CacheError {
public:
    using CacheError::CacheError;
    ~WriteRefused() override;
};

/// How getOrLoad treats one key.
struct JOLLYJET_API LoadPolicy {
    /// Logical freshness: within it a stored value is a plain hit.
    std::chrono::seconds ttl{300};
    /// Grace after the logical expiry during which the stored value may still be
    /// served as stale: while one caller refreshes it (stale-while-revalidate), or when
    /// the loader fails (stale-if-error). The backend TTL is ttl + staleFor.
    std::chrono::seconds staleFor{0};
    /// How long a "not found" answer (loader returned nullopt) is remembered; 0: not at all.
    std::chrono::seconds negativeTtl{0};
};

/// Where a getOrLoad answer came from, for X-Data-Source, Cache-Status and metrics.
enum class Source {
    Hit,       ///< fresh value from the cache
    Stale,     ///< past its logical expiry, within staleFor (see LoadResult::refreshing)
    Loaded,    ///< this caller ran the loader (and filled the cache if it held the lease)
    Coalesced, ///< another caller's load in this process, or a fill by the lease holder
    Bypass,    ///< the cache could not be used (down, breaker open, pending invalidation)
};

JOLLYJET_API const char* toString(Source source);

struct JOLLYJET_API LoadResult {
    std::optional<std::string> value; ///< nullopt: the loader said "not found"
    Source source = Source::Loaded;
    /// Set with Source::Stale: the loader failed and this stale value stands in for it.
    bool staleIfError = false;
    /// When the answered entry stops being fresh (ms since the epoch): known for
    /// values read from the cache or just stored there, 0 otherwise.
    std::int64_t freshUntilMs = 0;
    /// The tags of the answered entry (as invalidation messages name them), for
    /// values read from the cache or stored there.
    std::vector<std::string> tags;
};

/// What a tagged loader answers: the value (nullopt: "not found", remembered for
/// LoadPolicy::negativeTtl) and the surrogate keys (tags) it depends on. An entry
/// stored with tags is retired by invalidateTags() of any one of them.
struct JOLLYJET_API Tagged {
    std::optional<std::string> value;
    std::vector<std::string> tags;
    /// False: hand the value to this caller (and callers that coalesced onto it) but
    /// store nothing, e.g. an answer that must not be cached.
    bool store = true;
};

/// Counters the service keeps; the metrics plugin and /api/cache/stats read them.
/// p50/p95/p99 of one operation's latency, in seconds, estimated from its histogram.
struct JOLLYJET_API LatencySummary {
    double p50 = 0, p95 = 0, p99 = 0;
    std::uint64_t count = 0;
};

/// What a cache holds in this process's memory (the memory backend).
struct JOLLYJET_API LocalFootprint {
    std::size_t entries = 0;
    std::size_t bytes = 0;
};

struct JOLLYJET_API CacheStats {
    std::uint64_t hits = 0, misses = 0, stale = 0, coalesced = 0, sets = 0, deletes = 0,
                  errors = 0, leaseRefused = 0, fillsDropped = 0;
    double hitRate() const {
        const auto total = hits + misses;
        return total ? static_cast<double>(hits) / static_cast<double>(total) : 0.0;
    }
};

/// The one way plugins talk to the cache (README, "How the cache stays correct").
///
/// Keys are given without the server's prefix; the service adds it (e.g.
/// "jollyjet:dev:"), so no caller can touch keys outside it. Values are JSON text.
///
/// Raw operations throw CacheError when the backend fails. The cache-aside half
/// (getOrLoad, invalidate, generation, bumpGeneration) never throws because of the
/// cache: with the backend down it answers from the loader within the command
/// timeout (fail-open). Loader exceptions propagate to the caller unchanged, unless a
/// stale value can stand in (LoadPolicy::staleFor).
///
/// Correctness guarantees of the cache-aside half, for any number of threads and of
/// processes sharing one Redis:
///   - after invalidateTags(tags) returns, no entry carrying one of them is served;
///   - every key the service writes expires (entries, leases, generations, tags);
///   - after invalidate(key) returns, no reader sees a value loaded before the call
///     (fills carry a lease token that invalidate revokes; an in-process load that
///     started before the call is not shared with callers that arrive after it);
///   - after bumpGeneration(name) returns, generation(name) is larger everywhere;
///   - an invalidate or bump that failed (backend down) is retried, and until it has
///     gone through, getOrLoad bypasses the cache (it never serves what it could not
///     invalidate);
///   - concurrent misses on one key run the loader once per process (single-flight)
///     and, through the lease, once across processes; a follower waits at most
///     `[cache] waitMs`, then loads by itself without filling.
class JOLLYJET_API CacheService {
public:
    using Loader = std::function<std::optional<std::string>()>;
    using TaggedLoader = std::function<Tagged()>;

    virtual ~CacheService();

    /// "redis" or "memory".
    virtual std::string backend() const = 0;
    /// The prefix put before every key, e.g. "jollyjet:dev:".
    virtual std::string keyPrefix() const = 0;

    // ---- raw operations (throw CacheError) ---------------------------------
    virtual std::optional<std::string> get(const std::string& key) = 0;
    /// ttl 0: no expiry.
    virtual void set(const std::string& key, const std::string& value,
                     std::chrono::milliseconds ttl) = 0;
    /// Returns whether the key existed.
    virtual bool del(const std::string& key) = 0;
    virtual bool exists(const std::string& key) = 0;
    virtual std::vector<std::optional<std::string>> mget(const std::vector<std::string>& keys) = 0;
    /// Pipelined; every entry gets the same ttl.
    virtual void mset(const std::vector<std::pair<std::string, std::string>>& entries,
                      std::chrono::milliseconds ttl) = 0;
    /// Adds `by` (may be negative) and returns the new value.
    virtual std::int64_t increment(const std::string& key, std::int64_t by = 1) = 0;
    virtual bool expire(const std::string& key, std::chrono::milliseconds ttl) = 0;
    /// Remaining lifetime: nullopt when the key is missing or has no expiry.
    virtual std::optional<std::chrono::milliseconds> ttl(const std::string& key) = 0;
    /// Round trip time; throws when the backend does not answer.
    virtual std::chrono::microseconds ping() = 0;
    /// Calls `visit` with every key (without prefix) matching the glob `pattern`
    /// (relative to the prefix), in batches, never with KEYS.
    virtual void scan(const std::string& pattern,
                      const std::function<void(const std::string&)>& visit) = 0;
    /// SCAN + UNLINK in batches; returns how many keys were deleted.
    virtual std::uint64_t deleteByPattern(const std::string& pattern) = 0;
    /// Deletes every key under the prefix (never FLUSHDB); returns the count.
    virtual std::uint64_t clear() = 0;

    /// SET NX PX with a fresh owner token; nullopt when someone else holds it.
    virtual std::optional<std::string> acquireLock(const std::string& name,
                                                   std::chrono::milliseconds ttl) = 0;
    /// Compare-and-delete: false when `token` no longer owns the lock.
    virtual bool releaseLock(const std::string& name, const std::string& token) = 0;
    /// Compare-and-expire: false when `token` no longer owns the lock.
    virtual bool extendLock(const std::string& name, const std::string& token,
                            std::chrono::milliseconds ttl) = 0;

    // ---- cache-aside (never throws because of the cache) --------------------
    virtual LoadResult getOrLoad(const std::string& key, const LoadPolicy& policy,
                                 const Loader& loader) = 0;
    /// getOrLoad whose loader also names the entry's tags. A stored entry carries its
    /// tags and the tag clock read before its loader ran; it is served only while
    /// no tag of it was invalidated since, so a fill that raced a write is never
    /// served, on any instance sharing the backend.
    virtual LoadResult getOrLoadTagged(const std::string& key, const LoadPolicy& policy,
                                       const TaggedLoader& loader) = 0;
    /// Retires every entry carrying one of `tags`, in O(1) per tag whatever the
    /// number of entries (Varnish xkey, Fastly Surrogate-Key). After it returns no
    /// reader sees an entry filled from a read that began before the call. A failure
    /// is remembered and replayed; getOrLoad bypasses the cache until then.
    virtual void invalidateTags(const std::vector<std::string>& tags) = 0;
    /// Whether a getOrLoad entry is stored under `key` and still current (none of
    /// its tags invalidated since it was loaded). False when the cache fails.
    virtual bool holdsCurrent(const std::string& key) = 0;
    /// The in-process near cache kept coherent with every instance (`[cache]
    /// near.enabled`), or nullptr.
    virtual NearCache* nearCache() = 0;
    /// Runs a store write (`write`, which returns tags known only once it ran, e.g.
    /// a created id's) with the invalidation of its tags, under `[cache] writePolicy`:
    ///   strict (default): before the write, one script sets write-intent markers on
    ///     `tags` that keep fills out until the write is done or the markers expire
    ///     (`cache.writeIntentMs`); after it, a second script invalidates the tags,
    ///     lifts the markers and announces the invalidation to every near cache,
    ///     whose acks are awaited. When the first script fails nothing is written;
    ///     when the second fails the write is made but not acknowledged (its
    ///     invalidation is owed); both throw WriteRefused. So no instance serves
    ///     anything older than an acknowledged write, even with this writer cut off.
    ///   available: write, then invalidateTags (owed and replayed when it fails;
    ///     other instances may serve older data until then).
    /// Exceptions of `write` propagate.
    virtual void writeThrough(const std::vector<std::string>& tags,
                              const std::function<std::vector<std::string>()>& write) = 0;
    /// Deletes the key and revokes its lease (see the guarantees above).
    virtual void invalidate(const std::string& key) = 0;
    /// Current generation of a namespace ("products"); a missing counter starts at a
    /// time-based value, never at 0, so a counter lost to eviction or restart cannot
    /// make old generation-keyed entries current again.
    virtual std::int64_t generation(const std::string& name) = 0;
    virtual std::int64_t bumpGeneration(const std::string& name) = 0;

    // ---- state ---------------------------------------------------------------
    virtual CacheStats stats() const = 0;
    /// False while the circuit breaker is open or invalidations are pending.
    virtual bool available() const = 0;

    // ---- diagnostics (what an operator's page shows; no plugin downcasts) -------
    /// Latency percentiles per operation that ran at least once.
    virtual std::map<std::string, LatencySummary> latencies() const { return {}; }
    /// Invalidations that failed and wait for a retry.
    virtual std::size_t pendingInvalidations() const { return 0; }
    /// Entries and bytes when the cache lives in this process; nullopt otherwise.
    virtual std::optional<LocalFootprint> localFootprint() const { return std::nullopt; }
};

} // namespace jollyjet::cache
