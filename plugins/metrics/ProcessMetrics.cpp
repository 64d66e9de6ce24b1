#include "ProcessMetrics.h"

#include <chrono>
#include <fstream>
#include <limits>
#include <sstream>

#include <dirent.h>
#include <sys/resource.h>
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

std::optional<ProcessTimes> parseStat(const std::string& text, long ticksPerSecond) {
    const auto close = text.rfind(')');
    if (close == std::string::npos || ticksPerSecond <= 0) return std::nullopt;
    // After "pid (comm)": field 3 is the state; utime, stime are fields 14, 15 and
    // starttime is field 22 (proc(5)).
    std::istringstream in(text.substr(close + 1));
    std::string field;
    double utime = 0, stime = 0, start = 0;
    for (int number = 3; number <= 22; ++number) {
        if (!(in >> field)) return std::nullopt;
        try {
            if (number == 14) utime = std::stod(field);
            if (number == 15) stime = std::stod(field);
            if (number == 22) start = std::stod(field);
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    const auto ticks = static_cast<double>(ticksPerSecond);
    return ProcessTimes{(utime + stime) / ticks, start / ticks};
}

namespace {

std::optional<ProcessTimes> readProcessTimes() {
    std::ifstream file("/proc/self/stat");
    if (!file) return std::nullopt;
    std::string line;
    std::getline(file, line);
    return parseStat(line, sysconf(_SC_CLK_TCK));
}

// Boot time (Unix seconds), from the btime line of /proc/stat.
std::optional<double> readBootTime() {
    std::ifstream file("/proc/stat");
    std::string name;
    double value = 0;
    while (file >> name) {
        if (name == "btime" && file >> value) return value;
        file.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
    }
    return std::nullopt;
}

double countOpenFds() {
    DIR* dir = opendir("/proc/self/fd");
    if (!dir) return 0;
    double n = 0;
    while (const dirent* entry = readdir(dir))
        if (entry->d_name[0] != '.') ++n;
    closedir(dir);
    return n - 1; // the descriptor reading the folder
}

} // namespace

void registerProcessMetrics(metrics::Registry& registry) {
    // Where /proc cannot tell, the time this runs (the server starting) stands in.
    double startedUnix =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (const auto times = readProcessTimes())
        if (const auto boot = readBootTime()) startedUnix = *boot + times->startAfterBoot;
    // A scrape where /proc is unreadable shows 0 rather than failing the whole page.
    registry.gaugeFunction("process_resident_memory_bytes", "Resident memory size in bytes.", {}, [] {
        const auto m = readProcessMemory();
        return m ? m->residentBytes : 0.0;
    });
    registry.gaugeFunction("process_virtual_memory_bytes", "Virtual memory size in bytes.", {}, [] {
        const auto m = readProcessMemory();
        return m ? m->virtualBytes : 0.0;
    });
    registry.counterFunction("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                             {}, [] {
                                 const auto t = readProcessTimes();
                                 return t ? t->cpuSeconds : 0.0;
                             });
    registry.gaugeFunction("process_open_fds", "Number of open file descriptors.", {}, [] { return countOpenFds(); });
    registry.gaugeFunction("process_max_fds", "Maximum number of open file descriptors.", {}, [] {
        rlimit limit{};
        if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 0.0;
        return static_cast<double>(limit.rlim_cur);
    });
    registry.gaugeFunction("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                           {}, [startedUnix] { return startedUnix; });
}

} // namespace jollyjet::observe
