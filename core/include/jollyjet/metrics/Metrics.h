#pragma once

#include "jollyjet/Export.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

namespace jollyjet::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

/// A monotonically increasing value. Lock-free.
class JOLLYJET_API Counter {
public:
    void inc(double amount = 1) { value_.fetch_add(amount, std::memory_order_relaxed); }
    double value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<double> value_{0};
};

/// A value that goes up and down. Lock-free.
class JOLLYJET_API Gauge {
public:
    void set(double v) { value_.store(v, std::memory_order_relaxed); }
    void add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }
    double value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<double> value_{0};
};

/// A distribution over fixed upper bounds (Prometheus `le` buckets, base units).
/// observe() is lock-free; quantile() interpolates inside the bucket that holds it,
/// so it is an estimate whose error is bounded by the bucket width.
class JOLLYJET_API Histogram {
public:
    explicit Histogram(std::vector<double> upperBounds);

    void observe(double value);

    struct Snapshot {
        std::vector<double> upperBounds;
        std::vector<std::uint64_t> cumulativeCounts; ///< one per bound, then +Inf
        double sum = 0;
        std::uint64_t count = 0;
    };
    Snapshot snapshot() const;
    /// q in [0,1]; 0 when nothing was observed.
    double quantile(double q) const;
    /// The same estimate over a snapshot (e.g. several series merged).
    static double quantileOf(const Snapshot& snapshot, double q);

    /// 0.5 ms .. 10 s, for request and operation latencies in seconds.
    static std::vector<double> latencyBuckets();

private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> counts_; ///< per bucket, not cumulative
    std::atomic<double> sum_{0};
    std::atomic<std::uint64_t> count_{0};
};

/// Every metric of the process, by family name and label set, rendered in the
/// Prometheus text exposition format 0.0.4.
///
/// Getters create a series on first use and return a reference that stays valid for
/// the registry's life; hot paths keep the reference. Asking for a name with another
/// type than it was created with throws std::logic_error.
class JOLLYJET_API Registry {
public:
    Registry();
    ~Registry();

    Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
    Gauge& gauge(const std::string& name, const std::string& help, const Labels& labels = {});
    Histogram& histogram(const std::string& name, const std::string& help,
                         const Labels& labels = {},
                         const std::vector<double>& upperBounds = Histogram::latencyBuckets());
    /// A gauge computed when rendered (pool sizes, resident memory).
    void gaugeFunction(const std::string& name, const std::string& help, const Labels& labels,
                       std::function<double()> read);
    /// A counter whose value some other component keeps (CPU seconds of the process).
    void counterFunction(const std::string& name, const std::string& help, const Labels& labels,
                         std::function<double()> read);

    /// Value of a counter or gauge series, 0 when absent. For JSON summaries and tests.
    double value(const std::string& name, const Labels& labels = {}) const;
    /// Sum of a counter or gauge family over all its series whose labels include `match`.
    double sum(const std::string& name, const Labels& match = {}) const;
    /// A histogram series, or nullptr.
    const Histogram* findHistogram(const std::string& name, const Labels& labels = {}) const;
    /// The series of a histogram family whose labels include `match`, added up bucket
    /// by bucket (e.g. request latency over every route). Series with other bounds
    /// than the first are left out. Empty snapshot when there is none.
    Histogram::Snapshot mergedHistogram(const std::string& name, const Labels& match = {}) const;

    std::string renderPrometheus() const;

private:
    enum class Kind { Counter, Gauge, Histogram, GaugeFunction, CounterFunction };
    struct Series;
    struct Family;
    Family& family(const std::string& name, const std::string& help, Kind kind);
    const Family* findFamily(const std::string& name) const;

    mutable std::shared_mutex mutex_;
    std::map<std::string, std::unique_ptr<Family>> families_;
};

} // namespace jollyjet::metrics
