#include "FaultProxy.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace jollyjet::test {

struct FaultProxy::Pipe {
    int client = -1;
    int server = -1;
    bool subscriber = false; ///< the client sent SUBSCRIBE
    std::string seen;        ///< the client's first bytes, to recognise SUBSCRIBE
    std::thread thread;
};

namespace {

int connectTo(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

bool sendAll(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const auto sent = ::send(fd, data, size, MSG_NOSIGNAL);
        if (sent <= 0) return false;
        data += sent;
        size -= static_cast<std::size_t>(sent);
    }
    return true;
}

} // namespace

FaultProxy::FaultProxy(int targetPort) : targetPort_(targetPort) {
    listenFd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    ::setsockopt(listenFd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listenFd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listenFd_, 64) != 0)
        throw std::runtime_error(std::string("fault proxy: cannot listen: ") +
                                 std::strerror(errno));
    socklen_t length = sizeof address;
    ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { acceptLoop(); });
}

FaultProxy::~FaultProxy() {
    running_ = false;
    ::shutdown(listenFd_, SHUT_RDWR);
    if (acceptor_.joinable()) acceptor_.join();
    ::close(listenFd_);
    std::lock_guard lock(mutex_);
    for (auto& pipe : pipes_) {
        if (pipe->thread.joinable()) pipe->thread.join();
        if (pipe->client >= 0) ::close(pipe->client);
        if (pipe->server >= 0) ::close(pipe->server);
    }
}

void FaultProxy::acceptLoop() {
    while (running_) {
        pollfd waiting{listenFd_, POLLIN, 0};
        if (::poll(&waiting, 1, 50) <= 0) continue;
        const int client = ::accept(listenFd_, nullptr, nullptr);
        if (client < 0) continue;
        ++connections_;
        auto pipe = std::make_unique<Pipe>();
        pipe->client = client;
        Pipe& ref = *pipe;
        std::lock_guard lock(mutex_);
        pipes_.push_back(std::move(pipe));
        ref.thread = std::thread([this, &ref] { pump(ref); });
    }
}

void FaultProxy::pump(Pipe& pipe) {
    // A connection made while everything is held is not forwarded until release.
    while (running_ && holdAll_)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    pipe.server = connectTo(targetPort_);
    if (pipe.server < 0) {
        ::shutdown(pipe.client, SHUT_RDWR);
        return;
    }
    char buffer[16384];
    while (running_) {
        const bool all = holdAll_;
        const bool toClient = !all && !(pipe.subscriber && holdSubscriptions_);
        pollfd fds[2] = {{pipe.client, static_cast<short>(all ? 0 : POLLIN), 0},
                         {pipe.server, static_cast<short>(toClient ? POLLIN : 0), 0}};
        if (::poll(fds, 2, 10) < 0) break;
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            const auto got = ::recv(pipe.client, buffer, sizeof buffer, 0);
            if (got <= 0) break;
            if (pipe.seen.size() < 256) {
                pipe.seen.append(buffer, static_cast<std::size_t>(std::min<long>(got, 64)));
                std::string upper = pipe.seen;
                std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
                if (upper.find("SUBSCRIBE") != std::string::npos) pipe.subscriber = true;
            }
            if (!sendAll(pipe.server, buffer, static_cast<std::size_t>(got))) break;
        }
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            const auto got = ::recv(pipe.server, buffer, sizeof buffer, 0);
            if (got <= 0) break;
            if (!sendAll(pipe.client, buffer, static_cast<std::size_t>(got))) break;
        }
    }
    ::shutdown(pipe.client, SHUT_RDWR);
    ::shutdown(pipe.server, SHUT_RDWR);
}

} // namespace jollyjet::test
