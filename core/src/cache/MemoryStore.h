#pragma once

#include <chrono>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace jollyjet::cache {

/// The memory backend's storage: string keys and values with per-key expiry,
/// bounded by entry count and bytes, evicting the least recently used entry first.
///
/// Every method is atomic under one mutex, which is what makes the compound ones
/// (fillIfHeld, compareAndDelete, bumpOrInit) behave like the Redis Lua scripts.
/// Expired entries are dropped when touched and before anything live is evicted.
/// A single value larger than the byte bound is not stored at all.
class MemoryStore {
public:
    using Clock = std::chrono::steady_clock;

    MemoryStore(std::size_t maxEntries, std::size_t maxBytes);

    std::optional<std::string> get(const std::string& key);
    /// ttl <= 0: no expiry.
    void set(const std::string& key, std::string value, std::chrono::milliseconds ttl);
    bool setIfAbsent(const std::string& key, std::string value, std::chrono::milliseconds ttl);
    bool del(const std::string& key);
    bool exists(const std::string& key);
    /// Throws std::runtime_error when the value is not an integer.
    std::int64_t incrBy(const std::string& key, std::int64_t by);
    /// ttl <= 0 deletes the key (as Redis' PEXPIRE does). False when missing.
    bool expire(const std::string& key, std::chrono::milliseconds ttl);
    /// nullopt: missing; -1 ms: no expiry.
    std::optional<std::chrono::milliseconds> pttl(const std::string& key);
    /// Live keys matching a Redis glob, in no particular order.
    std::vector<std::string> keysMatching(const std::string& pattern);

    bool compareAndDelete(const std::string& key, const std::string& expected);
    bool compareAndExpire(const std::string& key, const std::string& expected,
                          std::chrono::milliseconds ttl);
    bool fillIfHeld(const std::string& key, const std::string& leaseKey, const std::string& token,
                    std::string value, std::chrono::milliseconds ttl);
    /// `ttl` 0: no expiry. counterOrInit sets it only when creating the counter,
    /// bumpOrInit renews it.
    std::int64_t counterOrInit(const std::string& key, std::int64_t initial,
                               std::chrono::milliseconds ttl = std::chrono::milliseconds(0));
    std::int64_t bumpOrInit(const std::string& key, std::int64_t initial,
                            std::chrono::milliseconds ttl = std::chrono::milliseconds(0));

    // Tag operations, each atomic, with the rules of CacheServiceBase's primitives.
    std::optional<std::string> getCurrent(const std::string& key);
    bool tagsCurrent(const std::vector<std::string>& tagKeys, std::int64_t clock);
    bool fillTagged(const std::string& key, const std::string& leaseKey, const std::string& token,
                    std::string value, std::chrono::milliseconds ttl, std::int64_t clock,
                    std::int64_t beganMs, const std::vector<std::string>& tagKeys,
                    const std::vector<std::string>& markKeys);
    /// The clock and this store's time in ms (steady clock).
    std::pair<std::int64_t, std::int64_t> readClock(const std::string& clockKey, std::int64_t initial,
                                                    std::chrono::milliseconds clockTtl);
    std::int64_t beginWrite(const std::vector<std::string>& markKeys, std::chrono::milliseconds minTtl,
                            std::chrono::milliseconds intent, const std::string& writeId);
    std::int64_t finishWrite(const std::string& clockKey, const std::vector<std::string>& tagKeys,
                             const std::vector<std::string>& markKeys, std::int64_t initial,
                             std::chrono::milliseconds minTtl, std::chrono::milliseconds clockTtl,
                             const std::string& writeId);
    std::int64_t invalidateTags(const std::string& clockKey, const std::vector<std::string>& tagKeys,
                                std::int64_t initial, std::chrono::milliseconds minTtl,
                                std::chrono::milliseconds clockTtl);

    std::size_t size() const;
    std::size_t bytes() const;
    std::uint64_t evictions() const;

private:
    struct Node {
        std::string key;
        std::string value;
        Clock::time_point expiresAt; ///< max(): never
    };
    using List = std::list<Node>;

    /// Live node or nullptr (an expired one is removed); marks it recently used.
    Node* findLocked(const std::string& key);
    void putLocked(const std::string& key, std::string value, std::chrono::milliseconds ttl);
    void eraseLocked(List::iterator it);
    void evictLocked();
    std::int64_t incrByLocked(const std::string& key, std::int64_t by);
    bool tagsCurrentLocked(const std::vector<std::string>& tagKeys, std::int64_t clock);
    std::int64_t advanceClockLocked(const std::string& clockKey, std::int64_t initial,
                                    std::chrono::milliseconds clockTtl);
    void setTagLocked(const std::string& tagKey, std::int64_t clock, std::chrono::milliseconds minTtl);
    static std::size_t cost(const Node& node) { return node.key.size() + node.value.size() + 64; }

    const std::size_t maxEntries_, maxBytes_;
    mutable std::mutex mutex_;
    List lru_; ///< most recently used first
    std::unordered_map<std::string, List::iterator> index_;
    std::size_t bytes_ = 0;
    std::uint64_t evictions_ = 0;
};

} // namespace jollyjet::cache
