#pragma once

#include <chrono>
#include <cstdlib>
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

} // namespace jollyjet::test
