#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ChildProcess.h"
#include "HttpClient.h"
#include "TestEnv.h"

namespace jollyjet::test {

/// The real jollyjetd, started on a free port with a temporary ini.
///
/// `ini` is the file's text without [server] port/host (added here) and without
/// `[plugins] path` (the build tree's plugin folder is used unless the text sets it).
/// start() waits until GET /health answers (any status) or the process exits.
class Jollyjetd {
public:
    explicit Jollyjetd(std::string ini, std::vector<std::string> extraArgs = {});
    ~Jollyjetd();

    /// Returns false when the process exited before answering; see output().
    bool start();
    int stop(); ///< SIGTERM; returns the exit code
    int port() const { return port_; }
    ChildProcess& process() { return *process_; }
    std::string output() const { return process_ ? process_->output() : std::string(); }
    const std::string& iniPath() const { return iniPath_; }
    const TempDir& dir() const { return dir_; }

    HttpResult get(const std::string& target, const std::string& headers = "") const {
        return httpRequest(port_, "GET", target, "", headers);
    }
    HttpResult request(const std::string& method, const std::string& target,
                       const std::string& body = "",
                       const std::string& headers = "Content-Type: application/json") const {
        return httpRequest(port_, method, target, body, headers);
    }

private:
    int port_;
    TempDir dir_;
    std::string iniPath_;
    std::vector<std::string> extraArgs_;
    std::unique_ptr<ChildProcess> process_;
};

/// Runs `jollyjetd args...` to completion and returns exit code and output.
CommandResult runJollyjetd(const std::vector<std::string>& args);

} // namespace jollyjet::test
