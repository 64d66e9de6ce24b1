#include "Jollyjetd.h"

#include <thread>

#include <Poco/Exception.h>

#include <Poco/Path.h>

namespace jollyjet::test {

Jollyjetd::Jollyjetd(std::string ini, std::vector<std::string> extraArgs)
    : port_(freePort()), extraArgs_(std::move(extraArgs)) {
    std::string text = "[server]\nhost = 127.0.0.1\nport = " + std::to_string(port_) + "\n";
    // POCO's ini reader lets a later section header continue a section and a later
    // key win, so the caller's text can add to or override these.
    text += "[plugins]\npath = " + pluginDir() + "\n";
    text += ini;
    iniPath_ = dir_.write("jollyjet.ini", text);
}

Jollyjetd::~Jollyjetd() {
    if (process_) process_->stop();
}

bool Jollyjetd::start() {
    std::vector<std::string> argv = {jollyjetdBinary(), "--config", iniPath_};
    argv.insert(argv.end(), extraArgs_.begin(), extraArgs_.end());
    process_ = std::make_unique<ChildProcess>(argv, Poco::Path(dir_.path()).append("jollyjetd.log").toString());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!process_->running()) return false;
        try {
            httpRequest(port_, "GET", "/api/health/live");
            return true;
        } catch (const Poco::Exception&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    return false;
}

int Jollyjetd::stop() { return process_ ? process_->stop() : -1; }

CommandResult runJollyjetd(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {jollyjetdBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return runCommand(argv, std::chrono::seconds(30));
}

} // namespace jollyjet::test
