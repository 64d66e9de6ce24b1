#pragma once

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sys/types.h>
#include <string>

namespace jollyjet::test {

/// How long a fault run lasts: JOLLYJET_FAULT_SECONDS (make faults sets a long run),
/// else `shortDefault` (make test).
inline std::chrono::milliseconds faultDuration(double shortDefault = 2.0) {
    double seconds = shortDefault;
    if (const char* env = std::getenv("JOLLYJET_FAULT_SECONDS"); env && *env) seconds = std::atof(env);
    if (seconds <= 0) seconds = shortDefault;
    return std::chrono::milliseconds(static_cast<long>(seconds * 1000));
}

/// Resident memory of a process in KiB (VmRSS), 0 when it cannot be read.
inline long residentKb(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

} // namespace jollyjet::test
