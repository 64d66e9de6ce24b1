#pragma once

#include <optional>
#include <string>

namespace jollyjet::metrics {
class Registry;
}

namespace jollyjet::observe {

/// Sizes read from /proc/self/statm, in bytes.
struct MemoryUsage {
    double residentBytes = 0;
    double virtualBytes = 0;
};

/// Parses the text of /proc/<pid>/statm ("size resident shared text lib data dt",
/// in pages). nullopt when the text does not start with two page counts.
std::optional<MemoryUsage> parseStatm(const std::string& text, long pageSize);

/// This process's memory, or nullopt where /proc is not mounted.
std::optional<MemoryUsage> readProcessMemory();

/// Registers the process gauges, computed on every scrape:
///   jollyjet_process_resident_memory_bytes, jollyjet_process_virtual_memory_bytes,
///   jollyjet_process_uptime_seconds (since this call, made while the server starts),
///   jollyjet_process_start_time_seconds (Unix time of that moment).
void registerProcessMetrics(metrics::Registry& registry);

} // namespace jollyjet::observe
