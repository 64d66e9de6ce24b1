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
/// (read-your-writes across clients, API.md 6.5); anything older is a stale read.
class ConsistencyHistory {
public:
    using Clock = std::chrono::steady_clock;

    void acknowledged(const std::string& product, std::int64_t version, Clock::time_point at);
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
};

} // namespace jollyjet::test
