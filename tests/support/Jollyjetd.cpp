#include "Jollyjetd.h"

#include <thread>

#include <Poco/Exception.h>

#include <Poco/Path.h>

#include <map>
#include <sstream>

#include <Poco/String.h>

namespace jollyjet::test {

namespace {

// The server refuses a key set twice in one section; the caller's text may override
// the generated host, port and plugin path (and its own keys), the later value
// winning, so duplicates are folded into the first line here.
std::string foldRepeatedKeys(const std::string& text) {
    std::vector<std::string> lines;
    std::map<std::string, std::size_t> where;
    std::istringstream in(text);
    std::string line, section;
    while (std::getline(in, line)) {
        const std::string trimmed = Poco::trim(line);
        if (!trimmed.empty() && trimmed[0] == '[') {
            section = Poco::toLower(Poco::trim(trimmed.substr(1, trimmed.find(']') - 1)));
        } else if (!trimmed.empty() && trimmed[0] != ';' && trimmed[0] != '#' &&
                   trimmed.find('=') != std::string::npos) {
            const std::string key = section + "." + Poco::toLower(Poco::trim(trimmed.substr(0, trimmed.find('='))));
            if (auto it = where.find(key); it != where.end()) {
                lines[it->second] = line;
                continue;
            }
            where[key] = lines.size();
        }
        lines.push_back(line);
    }
    // A folded line may now sit under another section header than it was written
    // under: keep each key under its own section by writing sections whole.
    std::string out;
    std::map<std::string, std::string> bodies;
    std::vector<std::string> order;
    section.clear();
    for (const auto& l : lines) {
        const std::string trimmed = Poco::trim(l);
        if (!trimmed.empty() && trimmed[0] == '[') {
            section = Poco::toLower(Poco::trim(trimmed.substr(1, trimmed.find(']') - 1)));
            if (!bodies.count(section)) {
                order.push_back(section);
                bodies[section] = "[" + Poco::trim(trimmed.substr(1, trimmed.find(']') - 1)) + "]\n";
            }
            continue;
        }
        if (!bodies.count(section)) {
            order.push_back(section);
            bodies[section] = "";
        }
        bodies[section] += l + "\n";
    }
    for (const auto& name : order) out += bodies[name];
    return out;
}

} // namespace

Jollyjetd::Jollyjetd(std::string ini, std::vector<std::string> extraArgs)
    : port_(freePort()), extraArgs_(std::move(extraArgs)) {
    std::string text = "[server]\nhost = 127.0.0.1\nport = " + std::to_string(port_) + "\n";
    // POCO's ini reader lets a later section header continue a section and a later
    // key win, so the caller's text can add to or override these.
    text += "[plugins]\npath = " + pluginDir() + "\n";
    text += ini;
    iniPath_ = dir_.write("jollyjet.ini", foldRepeatedKeys(text));
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
