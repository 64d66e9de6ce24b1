#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace jollyjet::admin {

/// The request targets answered from the cache most often, in bounded memory.
///
/// Space-saving counting (Metwally et al.): at most `capacity` targets are tracked;
/// a new target replaces the least counted one and inherits its count, so every
/// target that truly has more than total/capacity hits is in the table, and a
/// reported count overestimates the true one by at most `error`. One lock per
/// recorded hit; a burst of distinct URLs cannot grow it.
class TopHits {
public:
    explicit TopHits(std::size_t capacity = 64) : capacity_(capacity ? capacity : 1) {}

    struct Entry {
        std::string target;
        std::uint64_t hits = 0;
        std::uint64_t error = 0; ///< most the count may be above the truth
    };

    void record(const std::string& target);
    /// The `n` most hit targets, most hit first.
    std::vector<Entry> top(std::size_t n) const;
    void clear();

private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::vector<Entry> entries_;
};

} // namespace jollyjet::admin
