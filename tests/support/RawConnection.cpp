#include "RawConnection.h"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace jollyjet::test {

RawConnection::RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
}

void RawConnection::send(const std::string& bytes) {
    std::size_t sent = 0;
    while (fd_ >= 0 && sent < bytes.size()) {
        const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return;
        sent += static_cast<std::size_t>(n);
    }
}

void RawConnection::shutdownWrite() {
    if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
}

bool RawConnection::readSome(std::string& into, int timeoutMs) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeoutMs) <= 0) return false;
    char buffer[65536];
    const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) {
        closed_ = true;
        return false;
    }
    into.append(buffer, static_cast<std::size_t>(n));
    return true;
}

std::string RawConnection::readUntilClose(int timeoutMs) {
    std::string out;
    closed_ = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (fd_ >= 0 && !closed_) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0 || (!readSome(out, static_cast<int>(left)) && !closed_)) break;
    }
    return out;
}

std::string RawConnection::readUntil(const std::string& text, int count, int timeoutMs) {
    std::string out;
    closed_ = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    auto seen = [&] {
        int found = 0;
        for (auto at = out.find(text); at != std::string::npos; at = out.find(text, at + 1)) ++found;
        return found;
    };
    while (fd_ >= 0 && !closed_ && seen() < count) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0 || (!readSome(out, static_cast<int>(left)) && !closed_)) break;
    }
    return out;
}

std::vector<int> statusesIn(const std::string& bytes) {
    std::vector<int> statuses;
    for (auto at = bytes.find("HTTP/1.1 "); at != std::string::npos; at = bytes.find("HTTP/1.1 ", at + 1)) {
        if (at + 13 > bytes.size() || bytes[at + 12] != ' ') continue;
        const std::string code = bytes.substr(at + 9, 3);
        if (code.find_first_not_of("0123456789") == std::string::npos) statuses.push_back(std::stoi(code));
    }
    return statuses;
}

} // namespace jollyjet::test
