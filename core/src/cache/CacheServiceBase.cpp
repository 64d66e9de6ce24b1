#include "jollyjet/cache/CacheServiceBase.h"

#include <algorithm>
#include <condition_variable>
#include <random>
#include <thread>

#include "Envelope.h"
#include "jollyjet/metrics/Metrics.h"

namespace jollyjet::cache {

namespace {

constexpr std::size_t kMaxKeyBytes = 512;

std::uint64_t fnv1a(const std::string& text) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

/// Start value of a missing generation counter: microseconds since the epoch. A
/// counter lost to eviction or a restart comes back larger than it was (unless it
/// was bumped more than once per microsecond), so old generation keys stay dead.
std::int64_t timeBasedGeneration() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

const char* toString(Op op) {
    static constexpr const char* kNames[] = {
        "get", "set", "del", "exists", "mget", "mset", "increment", "expire", "ttl", "ping",
        "scan", "deleteByPattern", "clear", "acquireLock", "releaseLock", "extendLock",
        "getOrLoad", "invalidate", "generation", "bumpGeneration", "invalidateTags"};
    static_assert(std::size(kNames) == static_cast<std::size_t>(Op::Count_));
    return kNames[static_cast<std::size_t>(op)];
}

/// One in-process load of a key that callers arriving meanwhile share.
struct CacheServiceBase::Flight {
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    LoadResult result;
    std::exception_ptr error;
    /// Set by invalidate(): the load began before the write, so its result must not
    /// be stored (and late arrivals start a new flight).
    std::atomic<bool> detached{false};
    /// The lease the leader holds (under `mutex`), empty until it has one.
    std::string leaseToken;
    /// What the leader's load depends on (under `mutex`, set when done): a caller
    /// that joined checks these before taking the result, since a tag invalidated
    /// in another process does not detach this process's load.
    std::vector<std::string> tagKeys;
    std::int64_t tagClock = 0;
};

CacheServiceBase::CacheServiceBase(std::string backend, CacheOptions options,
                                   metrics::Registry& metrics)
    : backend_(std::move(backend)), options_(std::move(options)), metrics_(metrics) {
    for (std::size_t i = 0; i < histograms_.size(); ++i)
        histograms_[i] = &metrics_.histogram("jollyjet_cache_operation_duration_seconds",
                                             "Cache operation latency",
                                             {{"backend", backend_}, {"operation", toString(static_cast<Op>(i))}});
    auto result = [&](const char* name) {
        // Not jollyjet_cache_requests_total: that family is the per-layer view
        // {layer,result} (repository, http), and one family has one label set.
        return &metrics_.counter("jollyjet_cache_lookups_total",
                                 "Lookups made through CacheService, by backend and result",
                                 {{"backend", backend_}, {"result", name}});
    };
    hitsMetric_ = result("hit");
    missesMetric_ = result("miss");
    staleMetric_ = result("stale");
    coalescedMetric_ = result("coalesced");
    bypassMetric_ = result("bypass");
    auto counter = [&](const char* name, const char* help) {
        return &metrics_.counter(name, help, {{"backend", backend_}});
    };
    setsMetric_ = counter("jollyjet_cache_sets_total", "Values written to the cache");
    deletesMetric_ = counter("jollyjet_cache_deletes_total", "Keys deleted from the cache");
    errorsMetric_ = counter("jollyjet_cache_errors_total", "Cache operations that failed");
    leaseRefusedMetric_ = counter("jollyjet_cache_lease_refused_total",
                                  "Misses that found another caller holding the fill lease");
    fillsDroppedMetric_ = counter("jollyjet_cache_fills_dropped_total",
                                  "Fills refused because a write revoked their lease");
    tagInvalidationsMetric_ = counter("jollyjet_cache_tag_invalidations_total",
                                      "Tags invalidated through invalidateTags");
    writesRefusedMetric_ = counter("jollyjet_cache_writes_refused_total",
                                   "Strict writes answered 503 because the cache could not be told");
}

CacheServiceBase::~CacheServiceBase() = default;

std::string CacheServiceBase::sanitizeKey(const std::string& key) {
    std::string out = key;
    for (char& c : out)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) c = '_';
    if (out.size() > kMaxKeyBytes) {
        static constexpr char kHex[] = "0123456789abcdef";
        std::uint64_t hash = fnv1a(key);
        std::string suffix = "#";
        for (int i = 0; i < 16; ++i, hash >>= 4) suffix += kHex[hash & 0xF];
        out.resize(kMaxKeyBytes - suffix.size());
        out += suffix;
    }
    return out;
}

namespace {
// Tags travel space-separated inside a JSON string of the envelope.
std::string cleanTag(const std::string& tag) {
    std::string clean = tag;
    for (char& c : clean)
        if (c == '"' || c == '\\') c = '_';
    return clean;
}
} // namespace

std::string CacheServiceBase::tagKeyOf(const std::string& tag) { return "tag:" + sanitizeKey(cleanTag(tag)); }
std::string CacheServiceBase::markKeyOf(const std::string& tag) { return "mark:" + sanitizeKey(cleanTag(tag)); }

std::vector<std::string> CacheServiceBase::uniqueTags(std::vector<std::string> tags) {
    std::vector<std::string> out;
    for (auto& tag : tags)
        if (std::find(out.begin(), out.end(), tag) == out.end()) out.push_back(std::move(tag));
    return out;
}

std::vector<std::string> CacheServiceBase::tagKeysOf(const std::vector<std::string>& tags) const {
    std::vector<std::string> keys;
    for (const auto& tag : uniqueTags(tags)) keys.push_back(fullKey(tagKeyOf(tag)));
    return keys;
}

std::vector<std::string> CacheServiceBase::plainTags(const std::vector<std::string>& tagKeys) const {
    const std::string head = keyspace() + "tag:";
    std::vector<std::string> tags;
    for (const auto& key : tagKeys)
        if (key.compare(0, head.size(), head) == 0) tags.push_back(key.substr(head.size()));
    return tags;
}

std::vector<std::string> CacheServiceBase::markKeysOf(const std::vector<std::string>& tags) const {
    std::vector<std::string> keys;
    for (const auto& tag : uniqueTags(tags)) keys.push_back(fullKey(markKeyOf(tag)));
    return keys;
}

std::string CacheServiceBase::newToken() {
    thread_local std::mt19937_64 engine{std::random_device{}() ^
                                        (static_cast<std::uint64_t>(std::random_device{}()) << 32)};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token;
    token.reserve(32);
    for (int part = 0; part < 2; ++part) {
        std::uint64_t bits = engine();
        for (int i = 0; i < 16; ++i, bits >>= 4) token += kHex[bits & 0xF];
    }
    return token;
}

void CacheServiceBase::record(Op op, std::chrono::steady_clock::duration elapsed) {
    histograms_[static_cast<std::size_t>(op)]->observe(std::chrono::duration<double>(elapsed).count());
}

void CacheServiceBase::countError() {
    errors_.fetch_add(1, std::memory_order_relaxed);
    errorsMetric_->inc();
}
void CacheServiceBase::countHits(std::uint64_t n) {
    hits_.fetch_add(n, std::memory_order_relaxed);
    hitsMetric_->inc(static_cast<double>(n));
}
void CacheServiceBase::countMisses(std::uint64_t n) {
    misses_.fetch_add(n, std::memory_order_relaxed);
    missesMetric_->inc(static_cast<double>(n));
}
void CacheServiceBase::countSets(std::uint64_t n) {
    sets_.fetch_add(n, std::memory_order_relaxed);
    setsMetric_->inc(static_cast<double>(n));
}
void CacheServiceBase::countDeletes(std::uint64_t n) {
    deletes_.fetch_add(n, std::memory_order_relaxed);
    deletesMetric_->inc(static_cast<double>(n));
}

// ---- cache-aside ---------------------------------------------------------------

LoadResult CacheServiceBase::bypass(const TaggedLoader& loader) {
    bypassMetric_->inc();
    LoadResult result;
    result.value = loader().value;
    result.source = Source::Bypass;
    return result;
}

LoadResult CacheServiceBase::getOrLoad(const std::string& key, const LoadPolicy& policy,
                                       const Loader& loader) {
    return load(key, policy, [&loader] { return Tagged{loader(), {}, true}; }, false);
}

LoadResult CacheServiceBase::getOrLoadTagged(const std::string& key, const LoadPolicy& policy,
                                             const TaggedLoader& loader) {
    return load(key, policy, loader, true);
}

LoadResult CacheServiceBase::load(const std::string& key, const LoadPolicy& policy, const TaggedLoader& loader,
                                  bool tagged) {
    const auto start = std::chrono::steady_clock::now();
    struct Timer {
        CacheServiceBase& self;
        std::chrono::steady_clock::time_point start;
        ~Timer() { self.record(Op::GetOrLoad, std::chrono::steady_clock::now() - start); }
    } timer{*this, start};

    // What could not be invalidated must not be served: stay off the cache until
    // every remembered invalidation went through.
    if (!retryPending() || !primitiveAvailable()) return bypass(loader);

    const std::string full = fullKey(key);
    std::optional<envelope::Entry> entry;
    try {
        if (auto stored = primitiveGetCurrent(full)) entry = envelope::decode(*stored);
    } catch (const std::exception&) {
        countError();
        return bypass(loader);
    }
    const std::int64_t now = envelope::nowMs();
    if (entry && entry->logicalExpiryMs > now) {
        countHits(1);
        return LoadResult{entry->value, Source::Hit, false, entry->logicalExpiryMs, plainTags(entry->tags)};
    }
    // Present past its logical expiry: the backend TTL (ttl + staleFor) still runs.
    std::optional<std::string> staleValue;
    const bool haveStale = entry && entry->value && policy.staleFor.count() > 0;
    if (haveStale) staleValue = entry->value;
    countMisses(1);

    std::shared_ptr<Flight> flight;
    bool leader = false;
    {
        std::lock_guard lock(flightsMutex_);
        auto& slot = flights_[full];
        if (!slot) {
            slot = std::make_shared<Flight>();
            leader = true;
        }
        flight = slot;
    }

    if (!leader) {
        if (haveStale) {
            // Someone in this process refreshes it; serve stale meanwhile.
            stale_.fetch_add(1, std::memory_order_relaxed);
            staleMetric_->inc();
            return LoadResult{staleValue, Source::Stale, false};
        }
        // Join only a load whose lease still stands. A write in another process
        // revokes the lease but cannot detach this process's load, which may have
        // read the store before that write was acknowledged.
        std::string token;
        {
            std::lock_guard lock(flight->mutex);
            token = flight->leaseToken;
        }
        bool current = false;
        if (!token.empty()) {
            try {
                const auto held = primitiveGet(fullKey(leaseKeyOf(key)));
                current = held && *held == token;
            } catch (const std::exception&) {
                countError();
                return bypass(loader);
            }
        }
        if (!current) {
            Flight own; // not shared: it only carries this caller's lease
            return lead(full, fullKey(leaseKeyOf(key)), policy, loader, staleValue, own, tagged);
        }
        std::unique_lock lock(flight->mutex);
        if (flight->finished.wait_for(lock, options_.wait, [&] { return flight->done; })) {
            if (flight->error) std::rethrow_exception(flight->error);
            if (!flight->tagKeys.empty()) {
                const auto tagKeys = flight->tagKeys;
                const auto tagClock = flight->tagClock;
                lock.unlock();
                bool current = false;
                try {
                    current = primitiveTagsCurrent(tagKeys, tagClock);
                } catch (const std::exception&) {
                    countError();
                }
                // A tag was invalidated since the leader's read began: its answer
                // may predate a write acknowledged before this caller arrived.
                if (!current) return bypass(loader);
                lock.lock();
            }
            coalesced_.fetch_add(1, std::memory_order_relaxed);
            coalescedMetric_->inc();
            LoadResult shared = flight->result;
            shared.source = shared.source == Source::Stale ? Source::Stale : Source::Coalesced;
            return shared;
        }
        lock.unlock();
        // Waited long enough: load without filling (the leader's lease fills).
        LoadResult own;
        own.value = loader().value;
        own.source = Source::Loaded;
        return own;
    }

    auto finish = [&](LoadResult* result, std::exception_ptr error) {
        {
            std::lock_guard lock(flightsMutex_);
            auto it = flights_.find(full);
            if (it != flights_.end() && it->second == flight) flights_.erase(it);
        }
        std::lock_guard lock(flight->mutex);
        if (result) flight->result = *result;
        flight->error = error;
        flight->done = true;
        flight->finished.notify_all();
    };
    try {
        LoadResult result = lead(full, fullKey(leaseKeyOf(key)), policy, loader, staleValue, *flight, tagged);
        finish(&result, nullptr);
        return result;
    } catch (...) {
        finish(nullptr, std::current_exception());
        throw;
    }
}

LoadResult CacheServiceBase::lead(const std::string& full, const std::string& leaseKey,
                                  const LoadPolicy& policy, const TaggedLoader& loader,
                                  const std::optional<std::string>& staleValue, Flight& flight, bool tagged) {
    const std::string token = newToken();
    bool leased = false;
    try {
        leased = primitiveTakeLease(leaseKey, token, options_.lease);
    } catch (const std::exception&) {
        countError();
        if (staleValue) {
            // The cache failed between the read and the lease: stale is still the
            // best answer only if the loader fails, so try the loader first.
            try {
                return bypass(loader);
            } catch (...) {
                stale_.fetch_add(1, std::memory_order_relaxed);
                staleMetric_->inc();
                return LoadResult{staleValue, Source::Stale, true};
            }
        }
        return bypass(loader);
    }

    if (leased) {
        std::lock_guard lock(flight.mutex);
        flight.leaseToken = token;
    }
    if (!leased) {
        leaseRefused_.fetch_add(1, std::memory_order_relaxed);
        leaseRefusedMetric_->inc();
        if (staleValue) {
            // Another process refreshes it.
            stale_.fetch_add(1, std::memory_order_relaxed);
            staleMetric_->inc();
            return LoadResult{staleValue, Source::Stale, false};
        }
        // Wait a bounded time for the lease holder's fill, then load without filling.
        const auto deadline = std::chrono::steady_clock::now() + options_.wait;
        auto pause = std::chrono::milliseconds(2);
        while (std::chrono::steady_clock::now() + pause < deadline && !flight.detached) {
            std::this_thread::sleep_for(pause);
            pause = std::min(pause * 2, std::chrono::milliseconds(25));
            try {
                auto stored = primitiveGetCurrent(full);
                auto entry = stored ? envelope::decode(*stored) : std::nullopt;
                if (entry && entry->logicalExpiryMs > envelope::nowMs()) {
                    coalesced_.fetch_add(1, std::memory_order_relaxed);
                    coalescedMetric_->inc();
                    return LoadResult{entry->value, Source::Coalesced, false, entry->logicalExpiryMs, plainTags(entry->tags)};
                }
            } catch (const std::exception&) {
                countError();
                break;
            }
        }
        LoadResult own;
        own.value = loader().value;
        own.source = Source::Loaded;
        return own;
    }

    auto giveUpLease = [&] {
        try {
            primitiveReleaseToken(leaseKey, token);
        } catch (const std::exception&) {
            countError(); // it expires by itself after options_.lease
        }
    };

    // The previous holder may have filled between our read and our lease: then
    // there is nothing to load.
    try {
        auto stored = primitiveGetCurrent(full);
        auto entry = stored ? envelope::decode(*stored) : std::nullopt;
        if (entry && entry->logicalExpiryMs > envelope::nowMs()) {
            giveUpLease();
            coalesced_.fetch_add(1, std::memory_order_relaxed);
            coalescedMetric_->inc();
            return LoadResult{entry->value, Source::Coalesced, false, entry->logicalExpiryMs, plainTags(entry->tags)};
        }
    } catch (const std::exception&) {
        countError(); // the fill below will tell whether the cache still works
    }

    // The tag clock before the load: an invalidation of one of the answer's tags
    // that advanced it after this read may have changed what the loader reads, so
    // the entry must not be served once that is visible. Unknown clock: no fill.
    std::optional<ClockReading> tagClock;
    if (tagged) {
        try {
            tagClock = primitiveReadClock(fullKey(kTagClockKey), timeBasedGeneration());
        } catch (const std::exception&) {
            countError();
        }
    }

    LoadResult result;
    result.source = Source::Loaded;
    Tagged loaded;
    try {
        loaded = loader();
        result.value = loaded.value;
    } catch (...) {
        giveUpLease();
        if (staleValue) {
            stale_.fetch_add(1, std::memory_order_relaxed);
            staleMetric_->inc();
            return LoadResult{staleValue, Source::Stale, true};
        }
        throw;
    }

    const std::vector<std::string> tagKeys = tagKeysOf(loaded.tags);
    {
        std::lock_guard lock(flight.mutex);
        flight.tagKeys = tagKeys;
        flight.tagClock = tagClock ? tagClock->clock : 0;
    }
    if (!loaded.store || (!tagKeys.empty() && !tagClock)) {
        giveUpLease();
        return result;
    }
    const bool negative = !result.value;
    const auto logical = negative ? std::chrono::milliseconds(policy.negativeTtl)
                                  : std::chrono::milliseconds(policy.ttl);
    const auto backendTtl = negative ? logical : logical + std::chrono::milliseconds(policy.staleFor);
    if (flight.detached) {
        // invalidate() ran while we loaded; its DEL revoked the lease anyway.
        fillsDropped_.fetch_add(1, std::memory_order_relaxed);
        fillsDroppedMetric_->inc();
        giveUpLease();
        return result;
    }
    if (logical.count() <= 0) {
        giveUpLease();
        return result;
    }
    try {
        const std::int64_t freshUntil = envelope::nowMs() + logical.count();
        const std::string stored =
            envelope::encode(result.value, freshUntil, tagClock ? tagClock->clock : 0, tagKeys);
        const bool filled = tagKeys.empty()
                                ? primitiveFill(full, leaseKey, token, stored, backendTtl)
                                : primitiveFillTagged(full, leaseKey, token, stored, backendTtl, *tagClock,
                                                      tagKeys, markKeysOf(loaded.tags));
        if (filled) {
            countSets(1);
            result.freshUntilMs = freshUntil;
            result.tags = uniqueTags(loaded.tags);
        } else {
            // A write revoked the lease while we loaded: our value may predate it.
            fillsDropped_.fetch_add(1, std::memory_order_relaxed);
            fillsDroppedMetric_->inc();
        }
    } catch (const std::exception&) {
        countError();
    }
    return result;
}

void CacheServiceBase::invalidate(const std::string& key) {
    const auto start = std::chrono::steady_clock::now();
    const std::string full = fullKey(key);
    {
        // Callers arriving from now on must not share a load that began earlier.
        std::lock_guard lock(flightsMutex_);
        auto it = flights_.find(full);
        if (it != flights_.end()) {
            it->second->detached = true;
            flights_.erase(it);
        }
    }
    try {
        primitiveDelete({full, fullKey(leaseKeyOf(key))});
        countDeletes(1);
    } catch (const std::exception&) {
        countError();
        remember("del", key);
    }
    record(Op::Invalidate, std::chrono::steady_clock::now() - start);
}

void CacheServiceBase::invalidateTags(const std::vector<std::string>& tags) {
    if (tags.empty()) return;
    const auto start = std::chrono::steady_clock::now();
    const std::string writeId = newToken();
    expectAcks(writeId);
    try {
        primitiveInvalidateTags(fullKey(kTagClockKey), tagKeysOf(tags), timeBasedGeneration(),
                                options_.lease * 2, announce(writeId, "final", uniqueTags(tags)));
        tagInvalidationsMetric_->inc(static_cast<double>(tags.size()));
        awaitAcks(writeId, std::chrono::steady_clock::now());
    } catch (const std::exception&) {
        countError();
        for (const auto& tag : tags) remember("tag", tag);
    }
    record(Op::InvalidateTags, std::chrono::steady_clock::now() - start);
}

void CacheServiceBase::writeThrough(const std::vector<std::string>& tags,
                                    const std::function<std::vector<std::string>()>& write) {
    if (!options_.strictWrites) {
        auto later = write();
        later.insert(later.end(), tags.begin(), tags.end());
        invalidateTags(later);
        return;
    }
    const auto minTtl = options_.lease * 2;
    const std::string writeId = newToken();
    try {
        primitiveBeginWrite(fullKey(kTagClockKey), tagKeysOf(tags), markKeysOf(tags), timeBasedGeneration(),
                            minTtl, options_.writeIntent, writeId);
    } catch (const std::exception& e) {
        countError();
        writesRefusedMetric_->inc();
        throw WriteRefused(std::string("the cache cannot be told about this write, so it was not made: ") +
                           e.what());
    }
    // A store write that fails propagates as it is; its markers expire by themselves
    // and cached entries stay valid (nothing was acknowledged).
    auto all = write();
    all.insert(all.end(), tags.begin(), tags.end());
    all = uniqueTags(std::move(all));
    expectAcks(writeId);
    try {
        primitiveFinishWrite(fullKey(kTagClockKey), tagKeysOf(all), markKeysOf(all), timeBasedGeneration(),
                             minTtl, writeId, announce(writeId, "final", all));
        tagInvalidationsMetric_->inc(static_cast<double>(all.size()));
    } catch (const std::exception& e) {
        countError();
        // The store has the write but no instance was told: it must not be
        // acknowledged. The invalidation is owed and replayed as soon as Redis
        // answers (this process reads around the cache until then).
        for (const auto& tag : all) remember("tag", tag);
        writesRefusedMetric_->inc();
        throw WriteRefused(std::string("the write could not be announced to the cache, so it is not acknowledged: ") +
                           e.what());
    }
    awaitAcks(writeId, std::chrono::steady_clock::now());
}

bool CacheServiceBase::holdsCurrent(const std::string& key) {
    try {
        return primitiveGetCurrent(fullKey(key)).has_value();
    } catch (const std::exception&) {
        countError();
        return false;
    }
}

std::int64_t CacheServiceBase::generation(const std::string& name) {
    const auto start = std::chrono::steady_clock::now();
    std::int64_t value = 0;
    // A bump that failed is still owed: the counter in the backend is behind a
    // write that was acknowledged, so its value must not name any stored entry.
    // Replay first; while that fails, answer a value no entry was ever stored
    // under (keys built on it miss, and their fills are fresh loads).
    if (!retryPending()) {
        value = timeBasedGeneration() + uniqueGeneration_.fetch_add(1) + 1;
        record(Op::Generation, std::chrono::steady_clock::now() - start);
        return value;
    }
    try {
        value = primitiveCounter(fullKey(generationKeyOf(name)), timeBasedGeneration());
    } catch (const std::exception&) {
        countError();
        // Any value works while the cache is unusable: getOrLoad bypasses it.
        value = timeBasedGeneration();
    }
    record(Op::Generation, std::chrono::steady_clock::now() - start);
    return value;
}

std::int64_t CacheServiceBase::bumpGeneration(const std::string& name) {
    const auto start = std::chrono::steady_clock::now();
    std::int64_t value = 0;
    try {
        value = primitiveBump(fullKey(generationKeyOf(name)), timeBasedGeneration());
    } catch (const std::exception&) {
        countError();
        remember("bump", name);
        value = timeBasedGeneration();
    }
    record(Op::BumpGeneration, std::chrono::steady_clock::now() - start);
    return value;
}

void CacheServiceBase::remember(const std::string& kind, const std::string& key) {
    std::lock_guard lock(pendingMutex_);
    pending_.emplace(kind, key);
    hasPending_ = true;
}

bool CacheServiceBase::retryPending() {
    if (!hasPending_.load(std::memory_order_acquire)) return true;
    std::unique_lock lock(pendingMutex_, std::try_to_lock);
    if (!lock.owns_lock()) return false; // another caller is retrying right now
    const auto now = std::chrono::steady_clock::now();
    if (now - lastRetry_ < options_.retryInterval) return pending_.empty();
    lastRetry_ = now;
    for (auto it = pending_.begin(); it != pending_.end();) {
        try {
            if (it->first == "del")
                primitiveDelete({fullKey(it->second), fullKey(leaseKeyOf(it->second))});
            else if (it->first == "tag")
                primitiveInvalidateTags(fullKey(kTagClockKey), tagKeysOf({it->second}), timeBasedGeneration(),
                                        options_.lease * 2, announce(newToken(), "final", {it->second}));
            else
                primitiveBump(fullKey(generationKeyOf(it->second)), timeBasedGeneration());
            it = pending_.erase(it);
        } catch (const std::exception&) {
            countError();
            break; // still failing: try again after the interval
        }
    }
    hasPending_ = !pending_.empty();
    return pending_.empty();
}

std::size_t CacheServiceBase::pendingInvalidations() const {
    std::lock_guard lock(pendingMutex_);
    return pending_.size();
}

CacheStats CacheServiceBase::stats() const {
    CacheStats s;
    s.hits = hits_.load();
    s.misses = misses_.load();
    s.stale = stale_.load();
    s.coalesced = coalesced_.load();
    s.sets = sets_.load();
    s.deletes = deletes_.load();
    s.errors = errors_.load();
    s.leaseRefused = leaseRefused_.load();
    s.fillsDropped = fillsDropped_.load();
    return s;
}

bool CacheServiceBase::available() const {
    return !hasPending_.load() && primitiveAvailable();
}

std::map<std::string, LatencySummary> CacheServiceBase::latencies() const {
    std::map<std::string, LatencySummary> out;
    for (std::size_t i = 0; i < histograms_.size(); ++i) {
        const auto* h = histograms_[i];
        const auto count = h->snapshot().count;
        if (count == 0) continue;
        out[toString(static_cast<Op>(i))] = LatencySummary{h->quantile(0.5), h->quantile(0.95),
                                                           h->quantile(0.99), count};
    }
    return out;
}

} // namespace jollyjet::cache
