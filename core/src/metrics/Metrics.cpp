#include "jollyjet/metrics/Metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <stdexcept>

namespace jollyjet::metrics {

// ---- Histogram -------------------------------------------------------------

Histogram::Histogram(std::vector<double> upperBounds)
    : bounds_(std::move(upperBounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
    std::sort(bounds_.begin(), bounds_.end());
    for (std::size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void Histogram::observe(double value) {
    const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
    counts_[static_cast<std::size_t>(at)].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
    Snapshot s;
    s.upperBounds = bounds_;
    std::uint64_t running = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
        running += counts_[i].load(std::memory_order_relaxed);
        s.cumulativeCounts.push_back(running);
    }
    // count is the +Inf bucket, so the exposition stays self-consistent even while
    // observations race with the snapshot.
    s.count = running;
    s.sum = sum_.load(std::memory_order_relaxed);
    return s;
}

double Histogram::quantile(double q) const { return quantileOf(snapshot(), q); }

double Histogram::quantileOf(const Snapshot& s, double q) {
    const auto& bounds = s.upperBounds;
    if (s.count == 0) return 0;
    const double rank = q * static_cast<double>(s.count);
    for (std::size_t i = 0; i < s.cumulativeCounts.size(); ++i) {
        if (static_cast<double>(s.cumulativeCounts[i]) >= rank) {
            if (i == bounds.size()) return bounds.empty() ? 0 : bounds.back();
            const double lower = i == 0 ? 0 : bounds[i - 1];
            const double below = i == 0 ? 0 : static_cast<double>(s.cumulativeCounts[i - 1]);
            const double inBucket = static_cast<double>(s.cumulativeCounts[i]) - below;
            if (inBucket <= 0) return bounds[i];
            return lower + (bounds[i] - lower) * ((rank - below) / inBucket);
        }
    }
    return bounds.empty() ? 0 : bounds.back();
}

std::vector<double> Histogram::latencyBuckets() {
    return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

// ---- Registry --------------------------------------------------------------

struct Registry::Series {
    Labels labels;
    Counter counter;
    Gauge gauge;
    std::unique_ptr<Histogram> histogram;
    std::function<double()> read;
};

struct Registry::Family {
    std::string name;
    std::string help;
    Kind kind;
    std::map<Labels, std::unique_ptr<Series>> series;
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Family& Registry::family(const std::string& name, const std::string& help, Kind kind) {
    auto it = families_.find(name);
    if (it == families_.end()) {
        auto f = std::make_unique<Family>();
        f->name = name;
        f->help = help;
        f->kind = kind;
        it = families_.emplace(name, std::move(f)).first;
    } else if (it->second->kind != kind) {
        throw std::logic_error("metric '" + name + "' already exists with another type");
    }
    return *it->second;
}

const Registry::Family* Registry::findFamily(const std::string& name) const {
    auto it = families_.find(name);
    return it == families_.end() ? nullptr : it->second.get();
}

Counter& Registry::counter(const std::string& name, const std::string& help, const Labels& labels) {
    {
        std::shared_lock lock(mutex_);
        if (const auto* f = findFamily(name); f && f->kind == Kind::Counter) {
            auto it = f->series.find(labels);
            if (it != f->series.end()) return it->second->counter;
        }
    }
    std::unique_lock lock(mutex_);
    auto& f = family(name, help, Kind::Counter);
    auto& s = f.series[labels];
    if (!s) {
        s = std::make_unique<Series>();
        s->labels = labels;
    }
    return s->counter;
}

Gauge& Registry::gauge(const std::string& name, const std::string& help, const Labels& labels) {
    {
        std::shared_lock lock(mutex_);
        if (const auto* f = findFamily(name); f && f->kind == Kind::Gauge) {
            auto it = f->series.find(labels);
            if (it != f->series.end()) return it->second->gauge;
        }
    }
    std::unique_lock lock(mutex_);
    auto& f = family(name, help, Kind::Gauge);
    auto& s = f.series[labels];
    if (!s) {
        s = std::make_unique<Series>();
        s->labels = labels;
    }
    return s->gauge;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help,
                               const Labels& labels, const std::vector<double>& upperBounds) {
    {
        std::shared_lock lock(mutex_);
        if (const auto* f = findFamily(name); f && f->kind == Kind::Histogram) {
            auto it = f->series.find(labels);
            if (it != f->series.end()) return *it->second->histogram;
        }
    }
    std::unique_lock lock(mutex_);
    auto& f = family(name, help, Kind::Histogram);
    auto& s = f.series[labels];
    if (!s) {
        s = std::make_unique<Series>();
        s->labels = labels;
        s->histogram = std::make_unique<Histogram>(upperBounds);
    }
    return *s->histogram;
}

void Registry::gaugeFunction(const std::string& name, const std::string& help,
                             const Labels& labels, std::function<double()> read) {
    std::unique_lock lock(mutex_);
    auto& f = family(name, help, Kind::GaugeFunction);
    auto& s = f.series[labels];
    if (!s) s = std::make_unique<Series>();
    s->labels = labels;
    s->read = std::move(read);
}

void Registry::counterFunction(const std::string& name, const std::string& help,
                               const Labels& labels, std::function<double()> read) {
    std::unique_lock lock(mutex_);
    auto& f = family(name, help, Kind::CounterFunction);
    auto& s = f.series[labels];
    if (!s) s = std::make_unique<Series>();
    s->labels = labels;
    s->read = std::move(read);
}

namespace {

double seriesValue(const auto& series, auto kind, auto counterKind, auto gaugeKind) {
    if (kind == counterKind) return series.counter.value();
    if (kind == gaugeKind) return series.gauge.value();
    return series.read ? series.read() : 0;
}

bool includes(const Labels& labels, const Labels& match) {
    for (const auto& m : match)
        if (std::find(labels.begin(), labels.end(), m) == labels.end()) return false;
    return true;
}

void appendEscapedLabel(std::string& out, const std::string& value) {
    for (char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
}

void appendEscapedHelp(std::string& out, const std::string& value) {
    for (char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
}

void appendLabels(std::string& out, const Labels& labels, const std::string& extraName = {},
                  const std::string& extraValue = {}) {
    if (labels.empty() && extraName.empty()) return;
    out += '{';
    bool first = true;
    for (const auto& [k, v] : labels) {
        if (!first) out += ',';
        first = false;
        out += k;
        out += "=\"";
        appendEscapedLabel(out, v);
        out += '"';
    }
    if (!extraName.empty()) {
        if (!first) out += ',';
        out += extraName + "=\"" + extraValue + "\"";
    }
    out += '}';
}

std::string formatNumber(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    if (v == std::floor(v) && std::fabs(v) < 1e15) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.0f", v);
        return buffer;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

} // namespace

double Registry::value(const std::string& name, const Labels& labels) const {
    std::shared_lock lock(mutex_);
    const auto* f = findFamily(name);
    if (!f) return 0;
    auto it = f->series.find(labels);
    if (it == f->series.end()) return 0;
    return seriesValue(*it->second, f->kind, Kind::Counter, Kind::Gauge);
}

double Registry::sum(const std::string& name, const Labels& match) const {
    std::shared_lock lock(mutex_);
    const auto* f = findFamily(name);
    if (!f) return 0;
    double total = 0;
    for (const auto& [labels, series] : f->series)
        if (includes(labels, match)) total += seriesValue(*series, f->kind, Kind::Counter, Kind::Gauge);
    return total;
}

const Histogram* Registry::findHistogram(const std::string& name, const Labels& labels) const {
    std::shared_lock lock(mutex_);
    const auto* f = findFamily(name);
    if (!f || f->kind != Kind::Histogram) return nullptr;
    auto it = f->series.find(labels);
    return it == f->series.end() ? nullptr : it->second->histogram.get();
}

Histogram::Snapshot Registry::mergedHistogram(const std::string& name, const Labels& match) const {
    std::shared_lock lock(mutex_);
    Histogram::Snapshot merged;
    const auto* f = findFamily(name);
    if (!f || f->kind != Kind::Histogram) return merged;
    bool first = true;
    for (const auto& [labels, series] : f->series) {
        if (!includes(labels, match)) continue;
        const auto snap = series->histogram->snapshot();
        if (first) {
            merged = snap;
            first = false;
            continue;
        }
        if (snap.upperBounds != merged.upperBounds) continue;
        for (std::size_t i = 0; i < snap.cumulativeCounts.size(); ++i)
            merged.cumulativeCounts[i] += snap.cumulativeCounts[i];
        merged.sum += snap.sum;
        merged.count += snap.count;
    }
    return merged;
}

std::string Registry::renderPrometheus() const {
    std::shared_lock lock(mutex_);
    std::string out;
    out.reserve(8192);
    for (const auto& [name, f] : families_) {
        if (f->series.empty()) continue;
        out += "# HELP " + name + ' ';
        appendEscapedHelp(out, f->help);
        out += "\n# TYPE " + name + ' ';
        switch (f->kind) {
        case Kind::Counter:
        case Kind::CounterFunction: out += "counter\n"; break;
        case Kind::Gauge:
        case Kind::GaugeFunction: out += "gauge\n"; break;
        case Kind::Histogram: out += "histogram\n"; break;
        }
        for (const auto& [labels, series] : f->series) {
            if (f->kind == Kind::Histogram) {
                const auto snap = series->histogram->snapshot();
                for (std::size_t i = 0; i < snap.cumulativeCounts.size(); ++i) {
                    out += name + "_bucket";
                    appendLabels(out, labels, "le",
                                 i < snap.upperBounds.size() ? formatNumber(snap.upperBounds[i])
                                                             : "+Inf");
                    out += ' ' + formatNumber(static_cast<double>(snap.cumulativeCounts[i])) + '\n';
                }
                out += name + "_sum";
                appendLabels(out, labels);
                out += ' ' + formatNumber(snap.sum) + '\n';
                out += name + "_count";
                appendLabels(out, labels);
                out += ' ' + formatNumber(static_cast<double>(snap.count)) + '\n';
            } else {
                double v = 0;
                try {
                    v = seriesValue(*series, f->kind, Kind::Counter, Kind::Gauge);
                } catch (...) {
                    v = std::nan("");
                }
                out += name;
                appendLabels(out, labels);
                out += ' ' + formatNumber(v) + '\n';
            }
        }
    }
    return out;
}

} // namespace jollyjet::metrics
