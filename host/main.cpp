#include <cstring>
#include <sys/resource.h>
#include <string>
#include <vector>

#include <Poco/Path.h>

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

} // namespace

int main(int argc, char** argv) {
    jollyjet::host::blockSignals();
    raiseOpenFileLimit();
    auto args = absolutePathArguments(argc, argv);
    std::vector<char*> pointers;
    for (auto& arg : args) pointers.push_back(arg.data());
    pointers.push_back(nullptr);
    jollyjet::host::Daemon daemon;
    return daemon.run(static_cast<int>(args.size()), pointers.data());
}
