#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace jollyjet::test {

/// The history of a read/write run against the product API, and its check.
///
/// Each product has one writer, whose versions only grow. A read that started
/// after a write's response was received must return that version or a newer one
/// (read-your-writes across clients); anything older is a stale read.
class ConsistencyHistory {
public:
    using Clock = std::chrono::steady_clock;

    void acknowledged(const std::string& product, std::int64_t version, Clock::time_point at);
    /// A write that failed (timeout, 503): it may still have been applied, later even
    /// (a store that resumes processes what it had buffered). Reads of its version
    /// show what the store held, not a stale cache, so they are not violations.
    void ambiguous(const std::string& product, std::int64_t version);
    bool isAmbiguous(const std::string& product, std::int64_t version) const;
    void read(const std::string& product, std::int64_t version, Clock::time_point started,
              const std::string& route);

    struct Violation {
        std::string product;
        std::string route;
        std::int64_t read = 0;
        std::int64_t expectedAtLeast = 0;
    };
    std::vector<Violation> check() const;
    std::size_t reads() const;
    std::size_t writes() const;
    /// The last acknowledged version of each product.
    std::int64_t lastAcknowledged(const std::string& product) const;

private:
    struct Write {
        std::string product;
        std::int64_t version;
        Clock::time_point at;
    };
    struct Read {
        std::string product;
        std::int64_t version;
        Clock::time_point started;
        std::string route;
    };
    mutable std::mutex mutex_;
    std::vector<Write> writes_;
    std::vector<Read> reads_;
    std::vector<std::pair<std::string, std::int64_t>> ambiguous_;
};

} // namespace jollyjet::test
