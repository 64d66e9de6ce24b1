#include "MemoryStore.h"

#include <charconv>
#include <stdexcept>

#include "Envelope.h"
#include "Glob.h"

namespace jollyjet::cache {

namespace {
MemoryStore::Clock::time_point deadline(std::chrono::milliseconds ttl) {
    return ttl.count() > 0 ? MemoryStore::Clock::now() + ttl : MemoryStore::Clock::time_point::max();
}
} // namespace

MemoryStore::MemoryStore(std::size_t maxEntries, std::size_t maxBytes)
    : maxEntries_(maxEntries ? maxEntries : 1), maxBytes_(maxBytes) {}

MemoryStore::Node* MemoryStore::findLocked(const std::string& key) {
    auto found = index_.find(key);
    if (found == index_.end()) return nullptr;
    auto it = found->second;
    if (it->expiresAt <= Clock::now()) {
        eraseLocked(it);
        return nullptr;
    }
    lru_.splice(lru_.begin(), lru_, it);
    return &*it;
}

void MemoryStore::eraseLocked(List::iterator it) {
    bytes_ -= cost(*it);
    index_.erase(it->key);
    lru_.erase(it);
}

void MemoryStore::evictLocked() {
    if (lru_.size() <= maxEntries_ && bytes_ <= maxBytes_) return;
    // Expired entries go before any live one loses its place.
    const auto now = Clock::now();
    for (auto it = lru_.begin(); it != lru_.end();) {
        auto next = std::next(it);
        if (it->expiresAt <= now) eraseLocked(it);
        it = next;
    }
    while (!lru_.empty() && (lru_.size() > maxEntries_ || bytes_ > maxBytes_)) {
        eraseLocked(std::prev(lru_.end()));
        ++evictions_;
    }
}

void MemoryStore::putLocked(const std::string& key, std::string value, std::chrono::milliseconds ttl) {
    auto found = index_.find(key);
    if (found != index_.end()) eraseLocked(found->second);
    Node node{key, std::move(value), deadline(ttl)};
    if (cost(node) > maxBytes_) return; // could never fit; storing it would empty the cache
    bytes_ += cost(node);
    lru_.push_front(std::move(node));
    index_[key] = lru_.begin();
    evictLocked();
}

std::optional<std::string> MemoryStore::get(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (auto* node = findLocked(key)) return node->value;
    return std::nullopt;
}

void MemoryStore::set(const std::string& key, std::string value, std::chrono::milliseconds ttl) {
    std::lock_guard lock(mutex_);
    putLocked(key, std::move(value), ttl);
}

bool MemoryStore::setIfAbsent(const std::string& key, std::string value, std::chrono::milliseconds ttl) {
    std::lock_guard lock(mutex_);
    if (findLocked(key)) return false;
    putLocked(key, std::move(value), ttl);
    return true;
}

bool MemoryStore::del(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (!findLocked(key)) return false;
    eraseLocked(index_.at(key));
    return true;
}

bool MemoryStore::exists(const std::string& key) {
    std::lock_guard lock(mutex_);
    return findLocked(key) != nullptr;
}

std::int64_t MemoryStore::incrBy(const std::string& key, std::int64_t by) {
    std::lock_guard lock(mutex_);
    return incrByLocked(key, by);
}

std::int64_t MemoryStore::incrByLocked(const std::string& key, std::int64_t by) {
    std::int64_t value = 0;
    Clock::time_point expiresAt = Clock::time_point::max();
    if (auto* node = findLocked(key)) {
        const auto& text = node->value;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || ptr != text.data() + text.size() || text.empty())
            throw std::runtime_error("value is not an integer or out of range");
        expiresAt = node->expiresAt;
    }
    if ((by > 0 && value > INT64_MAX - by) || (by < 0 && value < INT64_MIN - by))
        throw std::runtime_error("increment or decrement would overflow");
    value += by;
    // INCR keeps the key's expiry.
    putLocked(key, std::to_string(value), std::chrono::milliseconds(0));
    if (auto* node = findLocked(key)) node->expiresAt = expiresAt;
    return value;
}

bool MemoryStore::expire(const std::string& key, std::chrono::milliseconds ttl) {
    std::lock_guard lock(mutex_);
    auto* node = findLocked(key);
    if (!node) return false;
    if (ttl.count() <= 0)
        eraseLocked(index_.at(key));
    else
        node->expiresAt = Clock::now() + ttl;
    return true;
}

std::optional<std::chrono::milliseconds> MemoryStore::pttl(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto* node = findLocked(key);
    if (!node) return std::nullopt;
    if (node->expiresAt == Clock::time_point::max()) return std::chrono::milliseconds(-1);
    return std::chrono::ceil<std::chrono::milliseconds>(node->expiresAt - Clock::now());
}

std::vector<std::string> MemoryStore::keysMatching(const std::string& pattern) {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    std::vector<std::string> keys;
    for (const auto& node : lru_)
        if (node.expiresAt > now && glob::matches(pattern, node.key)) keys.push_back(node.key);
    return keys;
}

bool MemoryStore::compareAndDelete(const std::string& key, const std::string& expected) {
    std::lock_guard lock(mutex_);
    auto* node = findLocked(key);
    if (!node || node->value != expected) return false;
    eraseLocked(index_.at(key));
    return true;
}

bool MemoryStore::compareAndExpire(const std::string& key, const std::string& expected,
                                   std::chrono::milliseconds ttl) {
    std::lock_guard lock(mutex_);
    auto* node = findLocked(key);
    if (!node || node->value != expected) return false;
    node->expiresAt = deadline(ttl);
    return true;
}

bool MemoryStore::fillIfHeld(const std::string& key, const std::string& leaseKey,
                             const std::string& token, std::string value, std::chrono::milliseconds ttl) {
    std::lock_guard lock(mutex_);
    auto* lease = findLocked(leaseKey);
    if (!lease || lease->value != token) return false;
    eraseLocked(index_.at(leaseKey));
    putLocked(key, std::move(value), ttl);
    return true;
}

std::int64_t MemoryStore::counterOrInit(const std::string& key, std::int64_t initial,
                                        std::chrono::milliseconds ttl) {
    std::lock_guard lock(mutex_);
    if (auto* node = findLocked(key)) {
        std::int64_t value = 0;
        const auto [ptr, ec] = std::from_chars(node->value.data(), node->value.data() + node->value.size(), value);
        if (ec != std::errc()) throw std::runtime_error("counter is not an integer");
        return value;
    }
    putLocked(key, std::to_string(initial), ttl);
    return initial;
}

std::int64_t MemoryStore::bumpOrInit(const std::string& key, std::int64_t initial,
                                     std::chrono::milliseconds ttl) {
    std::lock_guard lock(mutex_);
    if (!findLocked(key)) putLocked(key, std::to_string(initial), ttl);
    const std::int64_t value = incrByLocked(key, 1);
    if (auto* node = findLocked(key)) node->expiresAt = deadline(ttl);
    return value;
}

bool MemoryStore::tagsCurrentLocked(const std::vector<std::string>& tagKeys, std::int64_t clock) {
    for (const auto& tagKey : tagKeys) {
        const auto* node = findLocked(tagKey);
        if (!node) return false;
        std::int64_t generation = 0;
        const auto [ptr, ec] = std::from_chars(node->value.data(), node->value.data() + node->value.size(), generation);
        if (ec != std::errc() || generation > clock) return false;
    }
    return true;
}

std::optional<std::string> MemoryStore::getCurrent(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto* node = findLocked(key);
    if (!node) return std::nullopt;
    std::string value = node->value;
    auto entry = envelope::decode(value);
    if (entry && !entry->tags.empty() && !tagsCurrentLocked(entry->tags, entry->tagClock)) return std::nullopt;
    return value;
}

bool MemoryStore::tagsCurrent(const std::vector<std::string>& tagKeys, std::int64_t clock) {
    std::lock_guard lock(mutex_);
    return tagsCurrentLocked(tagKeys, clock);
}

namespace {
std::int64_t steadyMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(MemoryStore::Clock::now().time_since_epoch())
        .count();
}
std::int64_t markUntil(const std::string& marker) {
    const auto colon = marker.rfind(':');
    std::int64_t until = 0;
    if (colon == std::string::npos) return 0;
    std::from_chars(marker.data() + colon + 1, marker.data() + marker.size(), until);
    return until;
}
} // namespace

bool MemoryStore::fillTagged(const std::string& key, const std::string& leaseKey, const std::string& token,
                             std::string value, std::chrono::milliseconds ttl, std::int64_t clock,
                             std::int64_t beganMs, const std::vector<std::string>& tagKeys,
                             const std::vector<std::string>& markKeys) {
    std::lock_guard lock(mutex_);
    auto* lease = findLocked(leaseKey);
    if (!lease || lease->value != token) return false;
    eraseLocked(index_.at(leaseKey));
    for (const auto& markKey : markKeys)
        if (const auto* marker = findLocked(markKey); marker && beganMs < markUntil(marker->value)) return false;
    for (const auto& tagKey : tagKeys) {
        if (!findLocked(tagKey)) putLocked(tagKey, "0", ttl);
    }
    if (!tagsCurrentLocked(tagKeys, clock)) return false;
    for (const auto& tagKey : tagKeys) {
        auto* node = findLocked(tagKey);
        if (node && node->expiresAt < deadline(ttl)) node->expiresAt = deadline(ttl);
    }
    putLocked(key, std::move(value), ttl);
    return true;
}

std::pair<std::int64_t, std::int64_t> MemoryStore::readClock(const std::string& clockKey, std::int64_t initial,
                                                             std::chrono::milliseconds clockTtl) {
    std::lock_guard lock(mutex_);
    std::int64_t clock = initial;
    if (auto* node = findLocked(clockKey))
        std::from_chars(node->value.data(), node->value.data() + node->value.size(), clock);
    else
        putLocked(clockKey, std::to_string(initial), clockTtl);
    return {clock, steadyMs()};
}

std::int64_t MemoryStore::advanceClockLocked(const std::string& clockKey, std::int64_t initial,
                                             std::chrono::milliseconds clockTtl) {
    if (!findLocked(clockKey)) putLocked(clockKey, std::to_string(initial), clockTtl);
    const std::int64_t clock = incrByLocked(clockKey, 1);
    if (auto* node = findLocked(clockKey)) node->expiresAt = deadline(clockTtl);
    return clock;
}

void MemoryStore::setTagLocked(const std::string& tagKey, std::int64_t clock, std::chrono::milliseconds minTtl) {
    auto expiresAt = deadline(minTtl);
    if (const auto* node = findLocked(tagKey)) expiresAt = std::max(expiresAt, node->expiresAt);
    putLocked(tagKey, std::to_string(clock), minTtl);
    if (auto* node = findLocked(tagKey)) node->expiresAt = expiresAt;
}

std::int64_t MemoryStore::beginWrite(const std::vector<std::string>& markKeys, std::chrono::milliseconds minTtl,
                                     std::chrono::milliseconds intent, const std::string& writeId) {
    std::lock_guard lock(mutex_);
    for (const auto& markKey : markKeys) {
        std::int64_t until = steadyMs() + intent.count();
        if (const auto* old = findLocked(markKey)) until = std::max(until, markUntil(old->value));
        putLocked(markKey, writeId + ":" + std::to_string(until), intent + minTtl);
    }
    return 1;
}

std::int64_t MemoryStore::finishWrite(const std::string& clockKey, const std::vector<std::string>& tagKeys,
                                      const std::vector<std::string>& markKeys, std::int64_t initial,
                                      std::chrono::milliseconds minTtl, std::chrono::milliseconds clockTtl,
                                      const std::string& writeId) {
    std::lock_guard lock(mutex_);
    const std::int64_t clock = advanceClockLocked(clockKey, initial, clockTtl);
    for (const auto& tagKey : tagKeys) setTagLocked(tagKey, clock, minTtl);
    const std::string mine = writeId + ":";
    for (const auto& markKey : markKeys)
        if (const auto* marker = findLocked(markKey); marker && marker->value.rfind(mine, 0) == 0)
            eraseLocked(index_.at(markKey));
    return clock;
}

std::int64_t MemoryStore::invalidateTags(const std::string& clockKey, const std::vector<std::string>& tagKeys,
                                         std::int64_t initial, std::chrono::milliseconds minTtl,
                                         std::chrono::milliseconds clockTtl) {
    std::lock_guard lock(mutex_);
    const std::int64_t clock = advanceClockLocked(clockKey, initial, clockTtl);
    for (const auto& tagKey : tagKeys) setTagLocked(tagKey, clock, minTtl);
    return clock;
}

std::size_t MemoryStore::size() const {
    std::lock_guard lock(mutex_);
    return lru_.size();
}

std::size_t MemoryStore::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

std::uint64_t MemoryStore::evictions() const {
    std::lock_guard lock(mutex_);
    return evictions_;
}

} // namespace jollyjet::cache
