#include "ConsistencyHistory.h"

#include <algorithm>
#include <map>

namespace jollyjet::test {

void ConsistencyHistory::acknowledged(const std::string& product, std::int64_t version,
                                      Clock::time_point at) {
    std::lock_guard lock(mutex_);
    writes_.push_back({product, version, at});
}

void ConsistencyHistory::read(const std::string& product, std::int64_t version,
                              Clock::time_point started, const std::string& route) {
    std::lock_guard lock(mutex_);
    reads_.push_back({product, version, started, route});
}

void ConsistencyHistory::ambiguous(const std::string& product, std::int64_t version) {
    std::lock_guard lock(mutex_);
    ambiguous_.emplace_back(product, version);
}

bool ConsistencyHistory::isAmbiguous(const std::string& product, std::int64_t version) const {
    std::lock_guard lock(mutex_);
    return std::find(ambiguous_.begin(), ambiguous_.end(), std::make_pair(product, version)) != ambiguous_.end();
}

std::vector<ConsistencyHistory::Violation> ConsistencyHistory::check() const {
    std::lock_guard lock(mutex_);
    // Per product, acknowledgements in time order with the running maximum version.
    std::map<std::string, std::vector<std::pair<Clock::time_point, std::int64_t>>> acks;
    for (const auto& w : writes_) acks[w.product].emplace_back(w.at, w.version);
    for (auto& [product, list] : acks) {
        std::sort(list.begin(), list.end());
        std::int64_t highest = 0;
        for (auto& entry : list) entry.second = highest = std::max(highest, entry.second);
    }
    std::vector<Violation> violations;
    for (const auto& r : reads_) {
        const auto it = acks.find(r.product);
        if (it == acks.end()) continue;
        const auto& list = it->second;
        // The newest acknowledgement received before the read started.
        auto after = std::upper_bound(list.begin(), list.end(), r.started,
                                      [](Clock::time_point t, const auto& e) { return t < e.first; });
        if (after == list.begin()) continue;
        const std::int64_t expected = std::prev(after)->second;
        const bool storeHeldIt =
            std::find(ambiguous_.begin(), ambiguous_.end(), std::make_pair(r.product, r.version)) != ambiguous_.end();
        if (r.version < expected && !storeHeldIt) violations.push_back({r.product, r.route, r.version, expected});
    }
    return violations;
}

std::size_t ConsistencyHistory::reads() const {
    std::lock_guard lock(mutex_);
    return reads_.size();
}

std::size_t ConsistencyHistory::writes() const {
    std::lock_guard lock(mutex_);
    return writes_.size();
}

std::int64_t ConsistencyHistory::lastAcknowledged(const std::string& product) const {
    std::lock_guard lock(mutex_);
    std::int64_t last = 0;
    for (const auto& w : writes_)
        if (w.product == product) last = std::max(last, w.version);
    return last;
}

} // namespace jollyjet::test
