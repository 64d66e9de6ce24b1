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

/// CPU time and start time from the text of /proc/<pid>/stat.
struct ProcessTimes {
    double cpuSeconds = 0;       ///< user + system
    double startAfterBoot = 0;   ///< seconds after the machine booted
};
/// nullopt when the text is not a stat line (the command name may hold spaces and
/// parentheses: fields are counted after the last ')').
std::optional<ProcessTimes> parseStat(const std::string& text, long ticksPerSecond);

/// Registers the process metrics under the names the Prometheus client libraries
/// use, computed on every scrape, so standard dashboards and alerts work unchanged:
///   process_resident_memory_bytes, process_virtual_memory_bytes (gauges),
///   process_cpu_seconds_total (counter), process_open_fds, process_max_fds,
///   process_start_time_seconds (Unix time the process started).
void registerProcessMetrics(metrics::Registry& registry);

} // namespace jollyjet::observe
