#pragma once

#include <string>
#include <vector>

namespace jollyjet::test {

/// A plain TCP connection to 127.0.0.1:port for protocol tests: send any bytes, read
/// what comes back, and tell whether the server closed the connection.
class RawConnection {
public:
    explicit RawConnection(int port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    /// False when the connection could not be made.
    bool connected() const { return fd_ >= 0; }
    void send(const std::string& bytes);
    /// Half-closes: the server reads EOF but can still answer.
    void shutdownWrite();
    /// Reads until the server closes the connection or `timeoutMs` passes.
    std::string readUntilClose(int timeoutMs = 3000);
    /// Reads until `text` has arrived `count` times, the server closes, or `timeoutMs`.
    std::string readUntil(const std::string& text, int count = 1, int timeoutMs = 3000);
    /// The server closed (EOF or reset) during the last read.
    bool closedByServer() const { return closed_; }
    int fd() const { return fd_; }

private:
    bool readSome(std::string& into, int timeoutMs);
    int fd_ = -1;
    bool closed_ = false;
};

/// The status codes of the responses in `bytes`, in order ("HTTP/1.1 NNN" lines).
std::vector<int> statusesIn(const std::string& bytes);

} // namespace jollyjet::test
