#include "jollyjet/health/HealthRegistry.h"

#include <chrono>
#include <exception>

namespace jollyjet {

void HealthRegistry::add(std::string role, std::string name, Check check) {
    std::lock_guard lock(mutex_);
    entries_.push_back({std::move(role), std::move(name), std::move(check)});
}

std::vector<HealthRegistry::Result> HealthRegistry::runAll() const {
    std::vector<Entry> entries;
    {
        std::lock_guard lock(mutex_);
        entries = entries_;
    }
    std::vector<Result> results;
    for (const auto& entry : entries) {
        const auto started = std::chrono::steady_clock::now();
        HealthStatus status;
        try {
            status = entry.check();
        } catch (const std::exception& e) {
            status.status = "error";
            status.error = e.what();
        } catch (...) {
            status.status = "error";
            status.error = "unknown error";
        }
        if (status.responseTimeMs == 0)
            status.responseTimeMs = std::chrono::duration<double, std::milli>(
                                        std::chrono::steady_clock::now() - started)
                                        .count();
        results.push_back({entry.role, entry.name, std::move(status)});
    }
    return results;
}

bool HealthRegistry::empty() const {
    std::lock_guard lock(mutex_);
    return entries_.empty();
}

} // namespace jollyjet
