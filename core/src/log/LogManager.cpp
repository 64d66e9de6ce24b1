#include "jollyjet/log/LogManager.h"

#include <Poco/Util/AbstractConfiguration.h>
#include <spdlog/details/file_helper.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "jollyjet/http/Json.h"

namespace jollyjet {

namespace {

/// `%*`: the message as a JSON string literal, so a JSON-lines log stays valid
/// whatever a message contains.
class JsonMessageFlag : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        std::string quoted;
        http::appendQuoted(quoted, std::string_view(msg.payload.data(), msg.payload.size()));
        dest.append(quoted.data(), quoted.data() + quoted.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<JsonMessageFlag>();
    }
};

std::unique_ptr<spdlog::formatter> makeFormatter(const std::string& format) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    if (format == "json") {
        formatter->add_flag<JsonMessageFlag>('*').set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","logger":"%n","pid":%P,"thread":%t,"msg":%*})");
    } else {
        formatter->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ [%l] [%n] %v");
    }
    return formatter;
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
    s.level = config.getString("logging.level", s.level);
    s.sink = config.getString("logging.sink", s.sink);
    s.file = config.getString("logging.file", s.file);
    s.format = config.getString("logging.format", s.format);
    s.maxSizeBytes = static_cast<std::size_t>(
        config.getInt64("logging.maxSizeMb", static_cast<Poco::Int64>(s.maxSizeBytes >> 20)))
        << 20;
    s.maxFiles = static_cast<std::size_t>(config.getInt("logging.maxFiles", static_cast<int>(s.maxFiles)));
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
    sink_->set_formatter(makeFormatter(settings.format));
}

LogManager::~LogManager() { flush(); }

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
