#pragma once

#include "jollyjet/Export.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace jollyjet::metrics {
class Registry;
class Counter;
class Gauge;
} // namespace jollyjet::metrics

namespace jollyjet::cache {

/// One response as the near cache keeps it: everything needed to send it again
/// (status, headers, body bytes) plus what the cache layers describe it with.
struct JOLLYJET_API NearEntry {
    int status = 200;
    std::string contentType;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;         ///< without the cache layer's cacheInfo member
    std::int64_t infoAt = -1; ///< where cacheInfo goes into `body`, -1: nowhere
    std::string etag;
    std::string cacheKey;        ///< the full key, as cacheInfo shows it
    std::int64_t storedAtMs = 0; ///< wall clock, when the answer was stored in the shared cache
    std::int64_t freshUntilMs = 0;
    std::vector<std::string> tags;

    /// What the entry costs in memory, as bounded by maxBytes.
    std::size_t bytes() const;
};

/// The in-process near cache (L1) in front of the shared cache (L2): ready-to-send
/// responses, bounded by bytes, evicted with S3-FIFO (a small probation FIFO, a main
/// FIFO and a ghost list of recently evicted keys): one-hit wonders and scans leave
/// through the small queue without touching the main one, a key seen again soon
/// after eviction goes straight to main, and a hit is one relaxed atomic increment,
/// so lookups never take the exclusive lock.
///
/// Coherence is not this class's own: NearCoherence (the Redis side) feeds it
/// invalidations and lease renewals. What this class guarantees:
///   - lookup() is non-blocking (a shared lock around a hash lookup, no I/O) and
///     answers only while the serving lease runs and the entry is fresh;
///   - an entry carrying a tag is gone once invalidateTags(tag) returned;
///   - put() drops a fill when one of its tags was invalidated, or the
///     subscription changed, after its ticket was taken (the fill race);
///   - clear() (subscription lost) drops everything and every fill in flight.
class JOLLYJET_API NearCache {
public:
    using Clock = std::chrono::steady_clock;

    struct Options {
        std::size_t maxBytes = 64 * 1024 * 1024;
        std::chrono::milliseconds lease{1000};
    };
    /// Taken before a load whose answer may be put() here.
    struct Ticket {
        std::uint64_t sequence = 0;
        std::uint64_t epoch = 0;
    };
    struct Stats {
        std::uint64_t hits = 0, misses = 0, evictions = 0, fillsDropped = 0;
        std::size_t bytes = 0, entries = 0;
    };

    NearCache(Options options, metrics::Registry& metrics);
    ~NearCache();
    NearCache(const NearCache&) = delete;
    NearCache& operator=(const NearCache&) = delete;

    /// The entry under `key` if it may be served now, else nullptr. Thread-safe,
    /// non-blocking, callable from an I/O thread.
    std::shared_ptr<const NearEntry> lookup(const std::string& key, std::int64_t nowMs) const;
    Ticket ticket() const;
    /// Stores the entry unless the ticket is outdated for one of its tags, the lease
    /// is not running, or it cannot fit. Returns whether it was stored.
    bool put(const std::string& key, std::shared_ptr<const NearEntry> entry, const Ticket& ticket);

    /// Drops every entry carrying one of `tags` (an invalidation message).
    void invalidateTags(const std::vector<std::string>& tags);
    /// Drops everything and outdates every ticket (the subscription was lost).
    void clear();

    /// The serving lease: lookups answer while now < until.
    void renewLease(Clock::time_point until);
    void revokeLease();
    bool serving() const;

    Stats stats() const;
    const Options& options() const { return options_; }

private:
    struct Node;
    void removeLocked(const std::string& key);
    void evictLocked();
    bool evictOneLocked();
    std::size_t tagSlot(const std::string& tag) const;

    const Options options_;
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<Node>> index_;
    std::unordered_map<std::string, std::unordered_set<std::string>> byTag_;
    std::deque<std::shared_ptr<Node>> small_, main_;
    std::deque<std::size_t> ghostOrder_;
    std::unordered_set<std::size_t> ghosts_;
    std::size_t bytes_ = 0, smallBytes_ = 0;

    /// Last invalidation sequence per tag, hashed: a collision only drops a fill.
    std::array<std::atomic<std::uint64_t>, 8192> tagSequence_{};
    std::atomic<std::uint64_t> sequence_{0};
    std::atomic<std::uint64_t> epoch_{0};
    std::atomic<std::int64_t> leaseUntil_{0}; ///< steady ticks; 0: no lease

    mutable std::atomic<std::uint64_t> hits_{0}, misses_{0};
    std::atomic<std::uint64_t> evictions_{0}, fillsDropped_{0};
    metrics::Counter *hitsMetric_, *missesMetric_, *evictionsMetric_;
    metrics::Gauge *bytesMetric_, *entriesMetric_;
};

} // namespace jollyjet::cache
