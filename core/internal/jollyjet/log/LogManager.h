#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/logger.h>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet {

/// What `[logging]` says.
struct JOLLYJET_API LogSettings {
    std::string level = "info";    ///< trace, debug, info, warn, error, critical, off
    std::string sink = "console";  ///< console (stderr), file (reopened on SIGHUP), rotating
    std::string file;              ///< absolute path, for file and rotating
    std::string format = "text";   ///< text or json (one JSON object per line)
    std::size_t maxSizeBytes = 10 * 1024 * 1024; ///< rotating only
    std::size_t maxFiles = 5;                    ///< rotating only
    /// Values no log line may show: every configured token and password, and the
    /// passwords inside configured URLs (fromConfig() collects them).
    std::vector<std::string> secrets;
    /// How often file sinks are flushed (lines reach the file within this time).
    std::chrono::milliseconds flushInterval{1000};

    static LogSettings fromConfig(const Poco::Util::AbstractConfiguration& config);
};

/// Makes the named spdlog loggers of the process. All share one sink, so one
/// reopen() (SIGHUP, after logrotate moved the file) takes effect everywhere.
/// Loggers are not put in spdlog's global registry: each server owns its own.
///
/// Whatever the sink and format, a message is written with the configured secrets
/// masked and every control character escaped (one message, one line); warnings
/// and errors are flushed at once, everything else within `flushInterval`.
class JOLLYJET_API LogManager {
public:
    explicit LogManager(const LogSettings& settings);
    ~LogManager();

    std::shared_ptr<spdlog::logger> get(const std::string& name);
    /// Closes and reopens the log file (sink `file`); a no-op for other sinks.
    void reopen();
    void flush();

private:
    class ReopenableFileSink;
    LogSettings settings_;
    std::shared_ptr<spdlog::sinks::sink> sink_;
    std::shared_ptr<ReopenableFileSink> fileSink_;
    std::mutex mutex_;
    std::vector<std::shared_ptr<spdlog::logger>> loggers_;

    void flushPeriodically();
    std::mutex flushMutex_;
    std::condition_variable flushWake_;
    bool stopping_ = false;
    std::thread flusher_;
};

} // namespace jollyjet
