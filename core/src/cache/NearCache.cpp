#include "jollyjet/cache/NearCache.h"

#include <functional>
#include <mutex>

#include "jollyjet/cache/CacheServiceBase.h"
#include "jollyjet/metrics/Metrics.h"

namespace jollyjet::cache {

namespace {
// Per entry beyond its strings: the node, its index and tag-index slots, queue
// pointers and allocator slack (measured with the 100,000-URL test).
constexpr std::size_t kEntryOverhead = 256;
// Per tag of an entry: its slot in the tag's set (hash node, bucket, string header).
constexpr std::size_t kTagIndexOverhead = 96;
constexpr std::uint8_t kMaxFrequency = 3;

// Tags as invalidation messages carry them (sanitized like tag keys).
std::string normalTag(const std::string& tag) {
    return CacheServiceBase::tagKeyOf(tag).substr(4);
}
} // namespace

std::size_t NearEntry::bytes() const {
    std::size_t total =
        sizeof(NearEntry) + body.size() + contentType.size() + etag.size() + cacheKey.size();
    for (const auto& [name, value] : headers)
        total += name.size() + value.size() + 64;
    for (const auto& tag : tags)
        total += tag.size() + 32;
    return total;
}

struct NearCache::Node {
    std::string key;
    std::shared_ptr<const NearEntry> entry;
    std::vector<std::string> tags; ///< normalized
    std::size_t bytes = 0;
    mutable std::atomic<std::uint8_t> frequency{0};
    bool inMain = false;
    bool alive = true;
};

NearCache::NearCache(Options options, metrics::Registry& metrics) : options_(options) {
    hitsMetric_ =
        &metrics.counter("jollyjet_near_cache_hits_total", "Requests answered from the near cache");
    missesMetric_ = &metrics.counter("jollyjet_near_cache_misses_total",
                                     "Near cache lookups that found nothing servable");
    evictionsMetric_ =
        &metrics.counter("jollyjet_near_cache_evictions_total",
                         "Entries evicted from the near cache to stay within maxBytes");
    bytesMetric_ = &metrics.gauge("jollyjet_near_cache_bytes", "Bytes held by the near cache");
    entriesMetric_ =
        &metrics.gauge("jollyjet_near_cache_entries", "Entries held by the near cache");
}

NearCache::~NearCache() = default;

std::size_t NearCache::tagSlot(const std::string& tag) const {
    return std::hash<std::string>{}(tag) % tagSequence_.size();
}

bool NearCache::serving() const {
    const auto until = leaseUntil_.load(std::memory_order_acquire);
    return until != 0 && Clock::now().time_since_epoch().count() < until;
}

void NearCache::renewLease(Clock::time_point until) {
    const auto ticks = until.time_since_epoch().count();
    auto current = leaseUntil_.load();
    while (ticks > current && !leaseUntil_.compare_exchange_weak(current, ticks)) {
    }
}

void NearCache::revokeLease() {
    leaseUntil_.store(0, std::memory_order_release);
}

std::shared_ptr<const NearEntry> NearCache::lookup(const std::string& key,
                                                   std::int64_t nowMs) const {
    if (!serving()) {
        misses_.fetch_add(1, std::memory_order_relaxed);
        missesMetric_->inc();
        return nullptr;
    }
    std::shared_lock lock(mutex_);
    const auto found = index_.find(key);
    if (found == index_.end() || found->second->entry->freshUntilMs <= nowMs) {
        lock.unlock();
        misses_.fetch_add(1, std::memory_order_relaxed);
        missesMetric_->inc();
        return nullptr;
    }
    const auto& node = *found->second;
    auto frequency = node.frequency.load(std::memory_order_relaxed);
    if (frequency < kMaxFrequency) node.frequency.store(frequency + 1, std::memory_order_relaxed);
    auto entry = node.entry;
    lock.unlock();
    hits_.fetch_add(1, std::memory_order_relaxed);
    hitsMetric_->inc();
    return entry;
}

NearCache::Ticket NearCache::ticket() const {
    // Epoch first: a clear() between the two reads makes the ticket outdated.
    const auto epoch = epoch_.load(std::memory_order_acquire);
    return Ticket{sequence_.load(std::memory_order_acquire), epoch};
}

bool NearCache::put(const std::string& key, std::shared_ptr<const NearEntry> entry,
                    const Ticket& ticket) {
    if (!entry) return false;
    // The key is held by the index, the node and each tag's set.
    const std::size_t cost = entry->bytes() + key.size() * (2 + entry->tags.size()) +
                             kTagIndexOverhead * entry->tags.size() + kEntryOverhead;
    std::unique_lock lock(mutex_);
    // Under the lock invalidateTags() and clear() take too: a message applied
    // after this check finds the entry and drops it.
    bool current = serving() && epoch_.load() == ticket.epoch && cost <= options_.maxBytes / 10;
    std::vector<std::string> tags;
    for (const auto& tag : entry->tags)
        tags.push_back(normalTag(tag));
    for (const auto& tag : tags)
        if (tagSequence_[tagSlot(tag)].load() > ticket.sequence) current = false;
    if (!current) {
        fillsDropped_.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    removeLocked(key);
    auto node = std::make_shared<Node>();
    node->key = key;
    node->bytes = cost;
    node->entry = std::move(entry);
    const std::size_t keyHash = std::hash<std::string>{}(key);
    // A key evicted recently and wanted again is no one-hit wonder: straight to main.
    if (ghosts_.erase(keyHash)) {
        node->inMain = true;
        main_.push_back(node);
    } else {
        small_.push_back(node);
        smallBytes_ += cost;
    }
    node->tags = std::move(tags);
    for (const auto& tag : node->tags)
        byTag_[tag].insert(key);
    index_.emplace(key, node);
    bytes_ += cost;
    evictLocked();
    // Replaced and invalidated entries leave dead slots in the queues; sweep them
    // before they outnumber the live ones (amortized O(1) per put).
    if (small_.size() + main_.size() > 2 * index_.size() + 64) {
        std::erase_if(small_, [](const auto& queued) { return !queued->alive; });
        std::erase_if(main_, [](const auto& queued) { return !queued->alive; });
    }
    bytesMetric_->set(static_cast<double>(bytes_));
    entriesMetric_->set(static_cast<double>(index_.size()));
    return true;
}

void NearCache::removeLocked(const std::string& key) {
    const auto found = index_.find(key);
    if (found == index_.end()) return;
    auto& node = *found->second;
    node.alive = false;
    bytes_ -= node.bytes;
    if (!node.inMain) smallBytes_ -= node.bytes;
    for (const auto& tag : node.tags) {
        auto tagged = byTag_.find(tag);
        if (tagged == byTag_.end()) continue;
        tagged->second.erase(key);
        if (tagged->second.empty()) byTag_.erase(tagged);
    }
    node.entry.reset(); // the queues may still point at the node: free the body now
    index_.erase(found);
}

void NearCache::evictLocked() {
    while (bytes_ > options_.maxBytes && evictOneLocked()) {
    }
}

bool NearCache::evictOneLocked() {
    // S3-FIFO: evict from the small queue while it holds more than a tenth of the
    // bytes, else from main; an entry hit while queued gets another round.
    while (!small_.empty() || !main_.empty()) {
        const bool fromSmall =
            !small_.empty() && (smallBytes_ > options_.maxBytes / 10 || main_.empty());
        auto& queue = fromSmall ? small_ : main_;
        auto node = queue.front();
        queue.pop_front();
        if (!node->alive) continue;
        const auto frequency = node->frequency.load(std::memory_order_relaxed);
        if (fromSmall) {
            smallBytes_ -= node->bytes;
            if (frequency > 0) {
                node->frequency.store(0, std::memory_order_relaxed);
                node->inMain = true;
                main_.push_back(node);
                continue;
            }
            const std::size_t keyHash = std::hash<std::string>{}(node->key);
            if (ghosts_.insert(keyHash).second) ghostOrder_.push_back(keyHash);
            while (ghostOrder_.size() > index_.size() + 1) {
                ghosts_.erase(ghostOrder_.front());
                ghostOrder_.pop_front();
            }
            node->inMain = true; // already taken out of smallBytes_
        } else if (frequency > 0) {
            node->frequency.store(static_cast<std::uint8_t>(frequency - 1),
                                  std::memory_order_relaxed);
            main_.push_back(node);
            continue;
        }
        removeLocked(node->key);
        evictions_.fetch_add(1, std::memory_order_relaxed);
        evictionsMetric_->inc();
        return true;
    }
    return false;
}

void NearCache::invalidateTags(const std::vector<std::string>& tags) {
    std::unique_lock lock(mutex_);
    const auto sequence = sequence_.fetch_add(1) + 1;
    for (const auto& raw : tags) {
        const std::string tag = normalTag(raw);
        tagSequence_[tagSlot(tag)].store(sequence);
        const auto tagged = byTag_.find(tag);
        if (tagged == byTag_.end()) continue;
        const std::vector<std::string> keys(tagged->second.begin(), tagged->second.end());
        for (const auto& key : keys)
            removeLocked(key);
    }
    bytesMetric_->set(static_cast<double>(bytes_));
    entriesMetric_->set(static_cast<double>(index_.size()));
}

void NearCache::clear() {
    std::unique_lock lock(mutex_);
    epoch_.fetch_add(1);
    for (auto& [key, node] : index_) {
        node->alive = false;
        node->entry.reset();
    }
    index_.clear();
    byTag_.clear();
    small_.clear();
    main_.clear();
    bytes_ = smallBytes_ = 0;
    bytesMetric_->set(0);
    entriesMetric_->set(0);
}

NearCache::Stats NearCache::stats() const {
    std::shared_lock lock(mutex_);
    return Stats{hits_.load(),         misses_.load(), evictions_.load(),
                 fillsDropped_.load(), bytes_,         index_.size()};
}

} // namespace jollyjet::cache
