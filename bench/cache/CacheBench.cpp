// Get-hit throughput through CacheService, for comparison with redis-benchmark on
// the same server (bench/cache.sh runs both and prints the ratio).
//
// Usage: jollyjet-cache-bench [--port N] [--threads N] [--requests N]
//                             [--backend redis|memory|both]
// Prints one line per backend: "<backend> get-hit: <ops/s> ops/s ...".
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "jollyjet/cache/MemoryCacheService.h"
#include "jollyjet/cache/RedisCacheService.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/redis/RedisPool.h"

namespace {

struct Settings {
    int port = 6379;
    int threads = 50; // redis-benchmark's default client count
    long requests = 100000;
    std::string backend = "both";
};

Settings parse(int argc, char** argv) {
    Settings s;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--port") s.port = std::stoi(value);
        else if (flag == "--threads") s.threads = std::stoi(value);
        else if (flag == "--requests") s.requests = std::stol(value);
        else if (flag == "--backend") s.backend = value;
        else throw std::invalid_argument("unknown option " + flag);
    }
    return s;
}

/// Runs `requests` get() calls spread over `threads` threads; returns ops/s.
double run(jollyjet::cache::CacheService& cache, const Settings& s) {
    cache.set("bench:key", "\"xxx\"", std::chrono::milliseconds(0));
    std::atomic<long> next{0};
    std::atomic<long> misses{0};
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < s.threads; ++t)
        workers.emplace_back([&] {
            while (next.fetch_add(1, std::memory_order_relaxed) < s.requests)
                if (!cache.get("bench:key")) misses.fetch_add(1);
        });
    for (auto& w : workers) w.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (misses) std::cerr << "warning: " << misses << " gets missed\n";
    return static_cast<double>(s.requests) / seconds;
}

void report(const std::string& name, double opsPerSecond, jollyjet::cache::CacheServiceBase& cache) {
    const auto latency = cache.latencies()["get"];
    // The percentiles come from the service's latency histogram (0.5 ms first
    // bucket), so below 0.5 ms they are coarse estimates.
    std::cout << name << " get-hit: " << static_cast<long>(opsPerSecond) << " ops/s  (histogram p50 "
              << static_cast<long>(latency.p50 * 1e6) << " us, p99 " << static_cast<long>(latency.p99 * 1e6)
              << " us)\n";
}

} // namespace

int main(int argc, char** argv) {
    try {
        const Settings s = parse(argc, argv);
        if (s.backend == "redis" || s.backend == "both") {
            jollyjet::redis::RedisOptions options;
            options.port = s.port;
            options.poolSize = static_cast<std::size_t>(s.threads);
            jollyjet::redis::RedisPool pool(options);
            jollyjet::metrics::Registry metrics;
            jollyjet::cache::CacheOptions cacheOptions;
            cacheOptions.keyPrefix = "jollyjet:bench:";
            jollyjet::cache::RedisCacheService cache(pool, cacheOptions, metrics);
            run(cache, Settings{s.port, s.threads, s.requests / 10, s.backend}); // warm the pool
            report("redis", run(cache, s), cache);
            cache.clear();
        }
        if (s.backend == "memory" || s.backend == "both") {
            jollyjet::metrics::Registry metrics;
            jollyjet::cache::MemoryCacheService cache(jollyjet::cache::CacheOptions{}, metrics);
            Settings memory = s;
            memory.requests = s.requests * 10; // fast enough to need more work to time
            report("memory", run(cache, memory), cache);
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "jollyjet-cache-bench: " << e.what() << "\n";
        return 1;
    }
}
