#include "jollyjet/cache/MemoryCacheService.h"

#include "Glob.h"
#include "MemoryStore.h"

namespace jollyjet::cache {

MemoryCacheService::MemoryCacheService(CacheOptions options, metrics::Registry& metrics)
    : CacheServiceBase("memory", options, metrics),
      store_(std::make_unique<MemoryStore>(options.memoryMaxEntries, options.memoryMaxBytes)) {}

MemoryCacheService::~MemoryCacheService() = default;

std::string MemoryCacheService::fullPattern(const std::string& pattern) const {
    return glob::escape(keyPrefix()) + sanitizeKey(pattern);
}

std::optional<std::string> MemoryCacheService::get(const std::string& key) {
    return timed(Op::Get, [&] {
        auto value = store_->get(fullKey(key));
        value ? countHits(1) : countMisses(1);
        return value;
    });
}

void MemoryCacheService::set(const std::string& key, const std::string& value,
                             std::chrono::milliseconds ttl) {
    timed(Op::Set, [&] {
        store_->set(fullKey(key), value, ttl);
        countSets(1);
    });
}

bool MemoryCacheService::del(const std::string& key) {
    return timed(Op::Del, [&] {
        const bool existed = store_->del(fullKey(key));
        if (existed) countDeletes(1);
        return existed;
    });
}

bool MemoryCacheService::exists(const std::string& key) {
    return timed(Op::Exists, [&] { return store_->exists(fullKey(key)); });
}

std::vector<std::optional<std::string>> MemoryCacheService::mget(const std::vector<std::string>& keys) {
    return timed(Op::Mget, [&] {
        std::vector<std::optional<std::string>> values;
        values.reserve(keys.size());
        std::uint64_t found = 0;
        for (const auto& key : keys) {
            values.push_back(store_->get(fullKey(key)));
            if (values.back()) ++found;
        }
        countHits(found);
        countMisses(keys.size() - found);
        return values;
    });
}

void MemoryCacheService::mset(const std::vector<std::pair<std::string, std::string>>& entries,
                              std::chrono::milliseconds ttl) {
    timed(Op::Mset, [&] {
        for (const auto& [key, value] : entries) store_->set(fullKey(key), value, ttl);
        countSets(entries.size());
    });
}

std::int64_t MemoryCacheService::increment(const std::string& key, std::int64_t by) {
    return timed(Op::Increment, [&] { return store_->incrBy(fullKey(key), by); });
}

bool MemoryCacheService::expire(const std::string& key, std::chrono::milliseconds ttl) {
    return timed(Op::Expire, [&] { return store_->expire(fullKey(key), ttl); });
}

std::optional<std::chrono::milliseconds> MemoryCacheService::ttl(const std::string& key) {
    return timed(Op::Ttl, [&]() -> std::optional<std::chrono::milliseconds> {
        auto left = store_->pttl(fullKey(key));
        if (!left || left->count() < 0) return std::nullopt;
        return left;
    });
}

std::chrono::microseconds MemoryCacheService::ping() {
    return timed(Op::Ping, [] { return std::chrono::microseconds(0); });
}

void MemoryCacheService::scan(const std::string& pattern,
                              const std::function<void(const std::string&)>& visit) {
    // Keys are collected under the store's lock, visited without it: `visit` may
    // call back into the cache.
    auto keys = timed(Op::Scan, [&] { return store_->keysMatching(fullPattern(pattern)); });
    const auto prefixLength = keyPrefix().size();
    for (const auto& key : keys) visit(key.substr(prefixLength));
}

std::uint64_t MemoryCacheService::deleteByPattern(const std::string& pattern) {
    return timed(Op::DeleteByPattern, [&] {
        std::uint64_t deleted = 0;
        for (const auto& key : store_->keysMatching(fullPattern(pattern)))
            if (store_->del(key)) ++deleted;
        countDeletes(deleted);
        return deleted;
    });
}

std::uint64_t MemoryCacheService::clear() {
    return timed(Op::Clear, [&] {
        std::uint64_t deleted = 0;
        for (const auto& key : store_->keysMatching(glob::escape(keyPrefix()) + "*"))
            if (store_->del(key)) ++deleted;
        countDeletes(deleted);
        return deleted;
    });
}

std::optional<std::string> MemoryCacheService::acquireLock(const std::string& name,
                                                           std::chrono::milliseconds ttl) {
    return timed(Op::AcquireLock, [&]() -> std::optional<std::string> {
        std::string token = newToken();
        if (!store_->setIfAbsent(fullKey("lock:" + name), token, ttl)) return std::nullopt;
        return token;
    });
}

bool MemoryCacheService::releaseLock(const std::string& name, const std::string& token) {
    return timed(Op::ReleaseLock, [&] { return store_->compareAndDelete(fullKey("lock:" + name), token); });
}

bool MemoryCacheService::extendLock(const std::string& name, const std::string& token,
                                    std::chrono::milliseconds ttl) {
    return timed(Op::ExtendLock,
                 [&] { return store_->compareAndExpire(fullKey("lock:" + name), token, ttl); });
}

std::size_t MemoryCacheService::entryCount() const { return store_->size(); }
std::size_t MemoryCacheService::byteCount() const { return store_->bytes(); }

std::optional<std::string> MemoryCacheService::primitiveGet(const std::string& fullKey) {
    return store_->get(fullKey);
}

bool MemoryCacheService::primitiveTakeLease(const std::string& leaseKey, const std::string& token,
                                            std::chrono::milliseconds ttl) {
    return store_->setIfAbsent(leaseKey, token, ttl);
}

bool MemoryCacheService::primitiveFill(const std::string& fullKey, const std::string& leaseKey,
                                       const std::string& token, const std::string& value,
                                       std::chrono::milliseconds ttl) {
    return store_->fillIfHeld(fullKey, leaseKey, token, value, ttl);
}

bool MemoryCacheService::primitiveReleaseToken(const std::string& key, const std::string& token) {
    return store_->compareAndDelete(key, token);
}

void MemoryCacheService::primitiveDelete(const std::vector<std::string>& fullKeys) {
    for (const auto& key : fullKeys) store_->del(key);
}

std::int64_t MemoryCacheService::primitiveCounter(const std::string& fullKey, std::int64_t initial) {
    return store_->counterOrInit(fullKey, initial, kCounterTtl);
}

std::int64_t MemoryCacheService::primitiveBump(const std::string& fullKey, std::int64_t initial) {
    return store_->bumpOrInit(fullKey, initial, kCounterTtl);
}

std::optional<std::string> MemoryCacheService::primitiveGetCurrent(const std::string& fullKey) {
    return store_->getCurrent(fullKey);
}

bool MemoryCacheService::primitiveTagsCurrent(const std::vector<std::string>& tagKeys, std::int64_t clock) {
    return store_->tagsCurrent(tagKeys, clock);
}

std::int64_t MemoryCacheService::primitiveInvalidateTags(const std::string& clockKey,
                                                         const std::vector<std::string>& tagKeys,
                                                         std::int64_t initial,
                                                         std::chrono::milliseconds minTtl, const Announce&) {
    return store_->invalidateTags(clockKey, tagKeys, initial, minTtl, kCounterTtl);
}

bool MemoryCacheService::primitiveFillTagged(const std::string& fullKey, const std::string& leaseKey,
                                             const std::string& token, const std::string& value,
                                             std::chrono::milliseconds ttl, const ClockReading& reading,
                                             const std::vector<std::string>& tagKeys,
                                             const std::vector<std::string>& markKeys) {
    return store_->fillTagged(fullKey, leaseKey, token, value, ttl, reading.clock, reading.serverMs, tagKeys,
                              markKeys);
}

CacheServiceBase::ClockReading MemoryCacheService::primitiveReadClock(const std::string& clockKey,
                                                                      std::int64_t initial) {
    const auto [clock, now] = store_->readClock(clockKey, initial, kCounterTtl);
    return {clock, now};
}

std::int64_t MemoryCacheService::primitiveBeginWrite(const std::string& clockKey,
                                                     const std::vector<std::string>& tagKeys,
                                                     const std::vector<std::string>& markKeys,
                                                     std::int64_t initial, std::chrono::milliseconds minTtl,
                                                     std::chrono::milliseconds intent, const std::string& writeId) {
    (void)clockKey;
    (void)tagKeys;
    (void)initial;
    return store_->beginWrite(markKeys, minTtl, intent, writeId);
}

std::int64_t MemoryCacheService::primitiveFinishWrite(const std::string& clockKey,
                                                      const std::vector<std::string>& tagKeys,
                                                      const std::vector<std::string>& markKeys,
                                                      std::int64_t initial, std::chrono::milliseconds minTtl,
                                                      const std::string& writeId, const Announce&) {
    return store_->finishWrite(clockKey, tagKeys, markKeys, initial, minTtl, kCounterTtl, writeId);
}

} // namespace jollyjet::cache
