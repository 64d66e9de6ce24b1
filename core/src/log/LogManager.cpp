#include "jollyjet/log/LogManager.h"

#include <algorithm>

#include <Poco/String.h>
#include <Poco/URI.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <spdlog/details/file_helper.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "jollyjet/config/CoreSchema.h"
#include "jollyjet/log/Redact.h"

namespace jollyjet {

namespace {

/// `%*`: the message, secrets masked, as a JSON string literal (json) or with
/// every control character escaped (text), so a log line stays one line and a
/// JSON-lines log stays valid whatever a message contains.
class SafeMessageFlag : public spdlog::custom_flag_formatter {
public:
    SafeMessageFlag(bool json, std::shared_ptr<const std::vector<std::string>> secrets)
        : json_(json), secrets_(std::move(secrets)) {}

    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        const std::string masked =
            log::maskSecrets(std::string_view(msg.payload.data(), msg.payload.size()), *secrets_);
        std::string safe;
        if (json_)
            log::appendJsonLogString(safe, masked);
        else
            safe = log::escapeControl(masked);
        dest.append(safe.data(), safe.data() + safe.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<SafeMessageFlag>(json_, secrets_);
    }

private:
    bool json_;
    std::shared_ptr<const std::vector<std::string>> secrets_;
};

std::unique_ptr<spdlog::formatter> makeFormatter(const std::string& format,
                                                 std::shared_ptr<const std::vector<std::string>> secrets) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    const bool json = format == "json";
    formatter->add_flag<SafeMessageFlag>('*', json, std::move(secrets));
    if (json)
        formatter->set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","logger":"%n","pid":%P,"thread":%t,"msg":%*})");
    else
        formatter->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ [%l] [%n] %*");
    return formatter;
}

// Every configured value that is a secret: keys named like one (token, password,
// writeToken, ...) and the password of any URL with user information.
void collectSecrets(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
                    std::vector<std::string>& out) {
    Poco::Util::AbstractConfiguration::Keys keys;
    config.keys(prefix, keys);
    for (const auto& key : keys) {
        if (prefix.empty() && (key == "system" || key == "application")) continue;
        const std::string full = prefix.empty() ? key : prefix + "." + key;
        Poco::Util::AbstractConfiguration::Keys children;
        config.keys(full, children);
        if (!children.empty()) {
            collectSecrets(config, full, out);
            continue;
        }
        std::string value;
        try {
            value = Poco::trim(config.getString(full));
        } catch (const Poco::Exception&) {
            continue;
        }
        if (value.empty()) continue;
        if (log::isSecretName(key)) out.push_back(value);
        // scheme://user:password@host: the password (URL-encoded or not).
        const auto scheme = value.find("://");
        if (scheme == std::string::npos) continue;
        const auto end = value.find_first_of("/?#", scheme + 3);
        const auto at = value.rfind('@', end == std::string::npos ? value.size() : end);
        if (at == std::string::npos || at < scheme + 3) continue;
        const auto colon = value.find(':', scheme + 3);
        const std::string password = colon != std::string::npos && colon < at
                                         ? value.substr(colon + 1, at - colon - 1)
                                         : value.substr(scheme + 3, at - scheme - 3);
        if (!password.empty()) {
            out.push_back(password);
            std::string decoded;
            try {
                Poco::URI::decode(password, decoded);
                if (decoded != password) out.push_back(decoded);
            } catch (const Poco::Exception&) {
            }
        }
    }
}

} // namespace

/// A plain file that SIGHUP can close and reopen, after logrotate renamed it.
class LogManager::ReopenableFileSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit ReopenableFileSink(const std::string& path) { file_.open(path, false); }
    void reopen() {
        std::lock_guard lock(mutex_);
        file_.reopen(false);
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t formatted;
        formatter_->format(msg, formatted);
        file_.write(formatted);
    }
    void flush_() override { file_.flush(); }

private:
    spdlog::details::file_helper file_;
};

LogSettings LogSettings::fromConfig(const Poco::Util::AbstractConfiguration& config) {
    LogSettings s;
    s.level = jollyjet::config::coreString(config, "logging.level");
    s.sink = jollyjet::config::coreString(config, "logging.sink");
    s.file = jollyjet::config::coreString(config, "logging.file");
    s.format = jollyjet::config::coreString(config, "logging.format");
    s.maxSizeBytes = static_cast<std::size_t>(jollyjet::config::coreInt(config, "logging.maxSizeMb")) << 20;
    s.maxFiles = static_cast<std::size_t>(jollyjet::config::coreInt(config, "logging.maxFiles"));
    collectSecrets(config, "", s.secrets);
    // Longest first, so a secret that contains another is masked whole.
    std::sort(s.secrets.begin(), s.secrets.end(),
              [](const auto& a, const auto& b) { return a.size() > b.size(); });
    s.secrets.erase(std::unique(s.secrets.begin(), s.secrets.end()), s.secrets.end());
    return s;
}

LogManager::LogManager(const LogSettings& settings) : settings_(settings) {
    if (settings.sink == "file") {
        fileSink_ = std::make_shared<ReopenableFileSink>(settings.file);
        sink_ = fileSink_;
    } else if (settings.sink == "rotating") {
        sink_ = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
            settings.file, settings.maxSizeBytes, settings.maxFiles);
    } else {
        sink_ = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    }
    sink_->set_formatter(
        makeFormatter(settings.format, std::make_shared<const std::vector<std::string>>(settings.secrets)));
    if (settings.sink != "console" && settings.flushInterval.count() > 0)
        flusher_ = std::thread([this] { flushPeriodically(); });
}

LogManager::~LogManager() {
    {
        std::lock_guard lock(flushMutex_);
        stopping_ = true;
    }
    flushWake_.notify_all();
    if (flusher_.joinable()) flusher_.join();
    flush();
}

void LogManager::flushPeriodically() {
    std::unique_lock lock(flushMutex_);
    while (!flushWake_.wait_for(lock, settings_.flushInterval, [this] { return stopping_; })) {
        lock.unlock();
        // The sink is shared by every logger: flushing it once is enough.
        try {
            sink_->flush();
        } catch (const std::exception&) {
            // A full disk must not end the flusher; the next write reports it.
        }
        lock.lock();
    }
}

std::shared_ptr<spdlog::logger> LogManager::get(const std::string& name) {
    std::lock_guard lock(mutex_);
    for (const auto& logger : loggers_)
        if (logger->name() == name) return logger;
    auto logger = std::make_shared<spdlog::logger>(name, sink_);
    logger->set_level(spdlog::level::from_str(settings_.level));
    logger->flush_on(spdlog::level::warn);
    loggers_.push_back(logger);
    return logger;
}

void LogManager::reopen() {
    if (fileSink_) fileSink_->reopen();
}

void LogManager::flush() {
    std::lock_guard lock(mutex_);
    for (const auto& logger : loggers_) logger->flush();
}

} // namespace jollyjet
