#pragma once

#include "jollyjet/Export.h"

#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace jollyjet {

/// What one dependency check found.
struct JOLLYJET_API HealthStatus {
    std::string status = "connected"; ///< "connected", "error" or "disabled"
    double responseTimeMs = 0;
    std::string error;                ///< empty unless status is "error"
    std::string detail;               ///< optional extra, e.g. "breaker open"

    bool ok() const { return status == "connected"; }
};

/// Dependency checks the host's health routes run.
///
/// A check has a role ("database" or "cache", the two /health reports) and a
/// name (the backend: "sqlite", "mongodb", "redis", "memory"). Checks must return
/// within their dependency's timeout and must not throw; a check that throws anyway
/// is reported as "error" with the exception's text.
class JOLLYJET_API HealthRegistry {
public:
    using Check = std::function<HealthStatus()>;

    struct Entry {
        std::string role;
        std::string name;
        Check check;
    };
    struct Result {
        std::string role;
        std::string name;
        HealthStatus status;
    };

    void add(std::string role, std::string name, Check check);
    /// Runs every check, in registration order.
    std::vector<Result> runAll() const;
    bool empty() const;

private:
    mutable std::mutex mutex_;
    std::vector<Entry> entries_;
};

} // namespace jollyjet
