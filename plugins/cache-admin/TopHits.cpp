#include "TopHits.h"

#include <algorithm>

namespace jollyjet::admin {

void TopHits::record(const std::string& target) {
    std::lock_guard lock(mutex_);
    for (auto& e : entries_) {
        if (e.target == target) {
            ++e.hits;
            return;
        }
    }
    if (entries_.size() < capacity_) {
        entries_.push_back({target, 1, 0});
        return;
    }
    auto least = std::min_element(entries_.begin(), entries_.end(),
                                  [](const Entry& a, const Entry& b) { return a.hits < b.hits; });
    *least = Entry{target, least->hits + 1, least->hits};
}

std::vector<TopHits::Entry> TopHits::top(std::size_t n) const {
    std::vector<Entry> sorted;
    {
        std::lock_guard lock(mutex_);
        sorted = entries_;
    }
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Entry& a, const Entry& b) { return a.hits > b.hits; });
    if (sorted.size() > n) sorted.resize(n);
    return sorted;
}

void TopHits::clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
}

} // namespace jollyjet::admin
