#include "ChildProcess.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <Poco/TemporaryFile.h>

namespace jollyjet::test {

namespace {

int decodeStatus(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

} // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& logPath,
                           const std::vector<std::string>& extraEnv)
    : logPath_(logPath) {
    if (argv.empty()) throw std::invalid_argument("ChildProcess: empty argv");
    std::vector<char*> args;
    std::vector<std::string> copy = argv;
    for (auto& a : copy) args.push_back(a.data());
    args.push_back(nullptr);
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        // The test binary may run with signals blocked; the child must not inherit that.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        const int fd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        const int devnull = ::open("/dev/null", O_RDONLY);
        if (devnull >= 0) dup2(devnull, 0);
        for (const auto& kv : extraEnv) putenv(const_cast<char*>(kv.c_str()));
        execvp(args[0], args.data());
        _exit(127);
    }
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && !exitCode_) stop(std::chrono::milliseconds(3000));
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_), exitCode_(other.exitCode_), logPath_(std::move(other.logPath_)) {
    other.pid_ = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        if (pid_ > 0 && !exitCode_) stop(std::chrono::milliseconds(3000));
        pid_ = other.pid_;
        exitCode_ = other.exitCode_;
        logPath_ = std::move(other.logPath_);
        other.pid_ = -1;
    }
    return *this;
}

bool ChildProcess::running() {
    if (pid_ <= 0 || exitCode_) return false;
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
        exitCode_ = decodeStatus(status);
        return false;
    }
    return r == 0;
}

void ChildProcess::signal(int sig) const {
    if (pid_ > 0 && !exitCode_) ::kill(pid_, sig);
}

void ChildProcess::pause() {
    if (pid_ <= 0 || exitCode_) return;
    ::kill(pid_, SIGSTOP);
    int status = 0;
    while (waitpid(pid_, &status, WUNTRACED) == pid_) {
        if (WIFSTOPPED(status)) return;
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            exitCode_ = decodeStatus(status);
            return;
        }
    }
}

void ChildProcess::resume() {
    if (pid_ > 0 && !exitCode_) ::kill(pid_, SIGCONT);
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
    if (exitCode_) return exitCode_;
    if (pid_ <= 0) return std::nullopt;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t r = waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            exitCode_ = decodeStatus(status);
            return exitCode_;
        }
        if (r < 0 && errno != EINTR) return std::nullopt;
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
    if (exitCode_) return *exitCode_;
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    if (auto code = wait(grace)) return *code;
    ::kill(pid_, SIGKILL);
    if (auto code = wait(std::chrono::seconds(5))) return *code;
    return -1;
}

std::string ChildProcess::output() const {
    std::ifstream in(logPath_, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

CommandResult runCommand(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                         const std::vector<std::string>& extraEnv) {
    const std::string log = Poco::TemporaryFile::tempName();
    CommandResult result;
    {
        ChildProcess child(argv, log, extraEnv);
        auto code = child.wait(timeout);
        result.exitCode = code ? *code : child.stop();
        result.output = child.output();
    }
    std::remove(log.c_str());
    return result;
}

} // namespace jollyjet::test
