#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace jollyjet::admin {

/// Running totals read from the metrics registry at one moment.
struct Totals {
    double requests = 0;    ///< HTTP requests answered
    double cacheHits = 0;   ///< cache lookups answered from the cache (hit, stale)
    double cacheMisses = 0; ///< the others (miss, coalesced, error)
    std::string layer;      ///< the cache layer these lookups were counted at
};

/// One interval of the chart: rates between two samples.
struct HistoryPoint {
    double unixMs = 0;               ///< end of the interval
    double requestsPerSecond = 0;
    std::optional<double> hitRate;   ///< percent; none when no lookup happened
    double lookups = 0;
};

/// The last minutes of request rate and hit rate, kept in memory for the admin page.
///
/// A background thread reads the totals every `interval` and keeps the last
/// `capacity` samples; history() turns consecutive samples into rates, so the page
/// needs no state of its own. Memory is bounded by `capacity`. sample() can be called
/// directly (tests, and once at start so the page has a first point at once).
class StatsHistory {
public:
    using Read = std::function<Totals()>;
    using Clock = std::chrono::system_clock;

    StatsHistory(Read read, std::chrono::milliseconds interval, std::size_t capacity);
    ~StatsHistory();
    StatsHistory(const StatsHistory&) = delete;
    StatsHistory& operator=(const StatsHistory&) = delete;

    void start();
    void stop();
    void sample(Clock::time_point now = Clock::now());
    /// Rates between consecutive samples, oldest first; when the last sample is
    /// older than a second, a last point up to `now` from the current totals, so
    /// the page moves without waiting for the next sample.
    std::vector<HistoryPoint> history(Clock::time_point now = Clock::now()) const;
    std::chrono::milliseconds interval() const { return interval_; }
    /// How far back the kept samples reach when the buffer is full.
    std::chrono::milliseconds window() const { return interval_ * static_cast<long>(capacity_ - 1); }

private:
    struct Sample {
        Clock::time_point at;
        Totals totals;
    };

    Read read_;
    const std::chrono::milliseconds interval_;
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::deque<Sample> samples_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace jollyjet::admin
