#include <algorithm>
#include <cstring>
#include <sys/resource.h>
#include <iostream>
#include <string>
#include <vector>

#include <Poco/Path.h>
#include <Poco/String.h>

#include "jollyjet/config/IniFile.h"

#include "Daemon.h"
#include "Signals.h"

namespace {

// POCO's daemon mode forks and chdirs to "/" before any option reaches the
// application, and it removes the pid file by the name it was given: make the path
// arguments absolute while the working directory is still the user's.
std::vector<std::string> absolutePathArguments(int argc, char** argv) {
    const char* pathOptions[] = {"--config", "-c", "--pidfile"};
    std::vector<std::string> out(argv, argv + argc);
    // The default config file too, while "etc/" still means the user's etc/.
    bool hasConfig = false;
    for (std::size_t i = 1; i < out.size(); ++i)
        if (out[i] == "--config" || out[i] == "-c" || out[i].rfind("--config=", 0) == 0 ||
            (out[i].rfind("-c", 0) == 0 && out[i].size() > 2))
            hasConfig = true;
    if (!hasConfig) {
        out.push_back("--config");
        out.push_back("etc/jollyjet.ini");
    }
    for (std::size_t i = 1; i < out.size(); ++i) {
        for (const char* option : pathOptions) {
            const std::string name(option);
            if (out[i] == name && i + 1 < out.size()) {
                out[i + 1] = Poco::Path(out[i + 1]).absolute().toString();
            } else if (out[i].rfind(name + "=", 0) == 0) {
                out[i] = name + "=" + Poco::Path(out[i].substr(name.size() + 1)).absolute().toString();
            }
        }
    }
    return out;
}

// Every connection is a descriptor: take the hard limit the operator allows
// (systemd's LimitNOFILE), as nginx does with worker_rlimit_nofile.
void raiseOpenFileLimit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

bool hasArgument(const std::vector<std::string>& args, const std::string& name) {
    return std::find(args.begin() + 1, args.end(), name) != args.end();
}

// The logging.sink the daemon will use: the last -D override, else the file's value.
std::string configuredSink(const std::vector<std::string>& args) {
    std::string sink;
    std::string config;
    for (std::size_t i = 1; i < args.size(); ++i) {
        std::string define;
        if ((args[i] == "-D" || args[i] == "--define") && i + 1 < args.size())
            define = args[i + 1];
        else if (args[i].rfind("--define=", 0) == 0)
            define = args[i].substr(9);
        else if (args[i].rfind("-D", 0) == 0 && args[i].size() > 2)
            define = args[i].substr(2);
        if ((args[i] == "--config" || args[i] == "-c") && i + 1 < args.size()) config = args[i + 1];
        else if (args[i].rfind("--config=", 0) == 0) config = args[i].substr(9);
        if (define.rfind("logging.sink=", 0) == 0) sink = define.substr(13);
    }
    if (!sink.empty()) return Poco::trim(sink);
    std::vector<std::string> ignored; // the daemon reports the file's problems itself
    auto ini = jollyjet::config::loadIniFile(config, ignored);
    return ini ? Poco::trim(ini->getString("logging.sink", "console")) : std::string();
}

} // namespace

int main(int argc, char** argv) {
    jollyjet::host::blockSignals();
    raiseOpenFileLimit();
    auto args = absolutePathArguments(argc, argv);
    // POCO forks and points stderr at /dev/null before the application sees its
    // options: refuse a daemon that would log to nowhere while the user can still
    // read why. A configuration check never forks.
    if (hasArgument(args, "--daemon")) {
        if (configuredSink(args) == "console") {
            std::cerr << "jollyjetd: 1 configuration problem:\n  - " << jollyjet::host::daemonConsoleProblem()
                      << '\n';
            return 1;
        }
        if (hasArgument(args, "--check-config"))
            args.erase(std::remove(args.begin() + 1, args.end(), std::string("--daemon")), args.end());
    }
    std::vector<char*> pointers;
    for (auto& arg : args) pointers.push_back(arg.data());
    pointers.push_back(nullptr);
    jollyjet::host::Daemon daemon;
    return daemon.run(static_cast<int>(args.size()), pointers.data());
}
