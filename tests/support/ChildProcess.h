#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace jollyjet::test {

/// A child process started by a test, with stdout and stderr sent to files.
/// The destructor stops it (SIGTERM, then SIGKILL after a grace period), so no test
/// leaves a process behind, whatever assertion failed.
class ChildProcess {
public:
    ChildProcess() = default;
    ChildProcess(const std::vector<std::string>& argv, const std::string& logPath,
                 const std::vector<std::string>& extraEnv = {});
    ~ChildProcess();
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool running();
    void signal(int sig) const;
    /// SIGSTOP, returning only once the process is stopped (signal delivery is
    /// asynchronous: without the wait a test could race the freeze).
    void pause();
    /// SIGCONT.
    void resume();
    /// Waits for the exit; returns the exit code (128+N for a signal), or nullopt
    /// when it is still running after `timeout`.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    /// SIGTERM, wait up to `grace`, then SIGKILL. Returns the exit code.
    int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));
    /// Everything the process wrote so far (stdout and stderr, interleaved).
    std::string output() const;

private:
    pid_t pid_ = -1;
    std::optional<int> exitCode_;
    std::string logPath_;
};

/// Runs a command to completion (bounded by `timeout`) and returns exit code and output.
struct CommandResult {
    int exitCode = -1;
    std::string output;
};
CommandResult runCommand(const std::vector<std::string>& argv,
                         std::chrono::milliseconds timeout = std::chrono::seconds(30),
                         const std::vector<std::string>& extraEnv = {});

} // namespace jollyjet::test
