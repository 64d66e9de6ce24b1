#pragma once

#include <string>
#include <vector>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/ServerApplication.h>

namespace jollyjet {
class PluginRegistry;
}

namespace jollyjet::host {

/// jollyjetd: loads the configuration and the enabled plugins, serves HTTP until
/// SIGTERM or SIGINT, then drains in-flight requests and stops plugins in reverse
/// order. SIGHUP reopens the log file.
///
/// Start-up is fail-fast: every problem of the configuration and of every plugin is
/// collected and printed together, and the process exits 1 without serving.
/// The refusal of --daemon with the console log sink (checked before forking too).
std::string daemonConsoleProblem();

class Daemon : public Poco::Util::ServerApplication {
public:
    Daemon();
    ~Daemon() override;

protected:
    void defineOptions(Poco::Util::OptionSet& options) override;
    void handleOption(const std::string& name, const std::string& value) override;
    int main(const std::vector<std::string>& args) override;

private:
    void printHelp() const;
    std::vector<std::string> loadConfiguration();
    int serve();
    void checkPlugins(PluginRegistry& registry, std::vector<std::string>& problems);
    static int reportProblems(const std::vector<std::string>& problems);
    int reportConfigurationOk(const PluginRegistry& registry);
    int startAndServe(PluginRegistry& registry);

    std::string configPath_;
    Poco::AutoPtr<Poco::Util::MapConfiguration> defines_;
    bool helpRequested_ = false;
    bool versionRequested_ = false;
    bool checkOnly_ = false;
    bool daemonRequested_ = false;
};

} // namespace jollyjet::host
