#include "store/HttpCacheStore.h"

#include <charconv>
#include <chrono>

#include "jollyjet/cache/CacheServiceBase.h"
#include "jollyjet/cache/StoredEntry.h"

namespace jollyjet::httpcache {

// Out of line: one vtable, one type identity, in this library.
HttpCacheStore::~HttpCacheStore() = default;

std::optional<HttpCacheStore::Peek> CacheServiceStore::peek(const std::string& scope,
                                                            const std::string& key) {
    // What getOrLoad would bypass (pending invalidations, open breaker) must not be
    // served from here either.
    if (!cache_.available()) return std::nullopt;
    std::vector<std::optional<std::string>> values;
    try {
        // MGET is one command: the generation and the entry are read at one instant.
        values = cache_.mget({cache::CacheServiceBase::generationKeyOf(scope), key});
    } catch (const cache::CacheError&) {
        return std::nullopt;
    }
    if (values.size() != 2 || !values[0]) return std::nullopt;
    Peek peek;
    const std::string& counter = *values[0];
    const auto [end, ec] = std::from_chars(counter.data(), counter.data() + counter.size(), peek.generation);
    if (ec != std::errc() || end != counter.data() + counter.size()) return std::nullopt;
    if (values[1]) {
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        auto entry = cache::StoredEntry::decode(*values[1]);
        if (entry && entry->value && entry->fresh(now)) peek.freshValue = std::move(entry->value);
    }
    return peek;
}

} // namespace jollyjet::httpcache
