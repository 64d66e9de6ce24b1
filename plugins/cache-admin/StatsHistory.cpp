#include "StatsHistory.h"

#include <algorithm>

namespace jollyjet::admin {

StatsHistory::StatsHistory(Read read, std::chrono::milliseconds interval, std::size_t capacity)
    : read_(std::move(read)), interval_(interval), capacity_(capacity < 2 ? 2 : capacity) {}

StatsHistory::~StatsHistory() { stop(); }

void StatsHistory::start() {
    if (thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stopping_ = false;
    }
    sample();
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
            lock.unlock();
            sample();
            lock.lock();
        }
    });
}

void StatsHistory::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void StatsHistory::sample(Clock::time_point now) {
    Totals totals = read_();
    std::lock_guard lock(mutex_);
    samples_.push_back({now, totals});
    while (samples_.size() > capacity_) samples_.pop_front();
}

namespace {

HistoryPoint between(const Totals& before, const Totals& after, StatsHistory::Clock::time_point from,
                     StatsHistory::Clock::time_point to) {
    const double seconds = std::chrono::duration<double>(to - from).count();
    HistoryPoint p;
    p.unixMs = std::chrono::duration<double, std::milli>(to.time_since_epoch()).count();
    // Counters only grow; a negative step can only be a reset, read as zero.
    const double requests = std::max(0.0, after.requests - before.requests);
    const double hits = std::max(0.0, after.cacheHits - before.cacheHits);
    const double misses = std::max(0.0, after.cacheMisses - before.cacheMisses);
    p.requestsPerSecond = seconds > 0 ? requests / seconds : 0;
    p.lookups = hits + misses;
    if (p.lookups > 0) p.hitRate = 100.0 * hits / p.lookups;
    return p;
}

} // namespace

std::vector<HistoryPoint> StatsHistory::history(Clock::time_point now) const {
    std::vector<HistoryPoint> points;
    Sample last;
    {
        std::lock_guard lock(mutex_);
        if (samples_.empty()) return points;
        for (std::size_t i = 1; i < samples_.size(); ++i)
            points.push_back(between(samples_[i - 1].totals, samples_[i].totals, samples_[i - 1].at,
                                     samples_[i].at));
        last = samples_.back();
    }
    if (now - last.at >= std::chrono::seconds(1))
        points.push_back(between(last.totals, read_(), last.at, now));
    return points;
}

} // namespace jollyjet::admin
