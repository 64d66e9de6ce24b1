#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/logger.h>

namespace jollyjet::host {

/// What one access-log line records.
struct AccessRecord {
    std::string_view method;
    std::string_view target; ///< the query string is never logged (it may hold a token)
    int status = 0;
    std::size_t bytes = 0;
    double durationMs = 0;
    std::string_view client;
    std::string_view layer; ///< the cache layer that answered, or "-"
};

/// One line per request, in logfmt (`method=GET path="/x" status=200 ...`), through
/// the `access` logger, so the text or JSON format of `[logging]` applies. Request
/// data is escaped: a control character or a quote can neither end the line nor
/// forge a field. Off unless `logging.access = true`.
class AccessLog {
public:
    explicit AccessLog(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}
    bool enabled() const { return logger_ != nullptr; }
    void write(const AccessRecord& record) const;

    /// The line's text (without the logger's own prefix), for tests.
    static std::string format(const AccessRecord& record);

private:
    std::shared_ptr<spdlog::logger> logger_;
};

} // namespace jollyjet::host
