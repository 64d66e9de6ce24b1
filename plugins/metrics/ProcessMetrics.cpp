#include "ProcessMetrics.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "jollyjet/metrics/Metrics.h"

namespace jollyjet::observe {

std::optional<MemoryUsage> parseStatm(const std::string& text, long pageSize) {
    std::istringstream in(text);
    unsigned long long sizePages = 0, residentPages = 0;
    if (!(in >> sizePages >> residentPages) || pageSize <= 0) return std::nullopt;
    return MemoryUsage{static_cast<double>(residentPages) * static_cast<double>(pageSize),
                       static_cast<double>(sizePages) * static_cast<double>(pageSize)};
}

std::optional<MemoryUsage> readProcessMemory() {
    std::ifstream file("/proc/self/statm");
    if (!file) return std::nullopt;
    std::string line;
    std::getline(file, line);
    return parseStatm(line, sysconf(_SC_PAGESIZE));
}

void registerProcessMetrics(metrics::Registry& registry) {
    const auto started = std::chrono::steady_clock::now();
    const double startedUnix =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    // A scrape where /proc is unreadable shows 0 rather than failing the whole page.
    registry.gaugeFunction("jollyjet_process_resident_memory_bytes", "Resident set size of jollyjetd",
                           {}, [] {
                               const auto m = readProcessMemory();
                               return m ? m->residentBytes : 0.0;
                           });
    registry.gaugeFunction("jollyjet_process_virtual_memory_bytes", "Virtual memory size of jollyjetd",
                           {}, [] {
                               const auto m = readProcessMemory();
                               return m ? m->virtualBytes : 0.0;
                           });
    registry.gaugeFunction("jollyjet_process_uptime_seconds", "Seconds since jollyjetd started", {},
                           [started] {
                               return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                                    started)
                                   .count();
                           });
    registry.gaugeFunction("jollyjet_process_start_time_seconds",
                           "Start time of jollyjetd since the Unix epoch", {},
                           [startedUnix] { return startedUnix; });
}

} // namespace jollyjet::observe
