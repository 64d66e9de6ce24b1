#include "IoLoop.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <future>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "RequestBuilder.h"
#include "WorkerPool.h"
#include "Wire.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/log/Redact.h"
#include "jollyjet/metrics/Metrics.h"

namespace jollyjet::host {

namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
// Fast-path answers to pipelined requests queue up to this much before reading stops.
constexpr std::size_t kOutputHighWater = 1024 * 1024;
// A closing connection reads and drops at most this much, for at most this long, so
// the client reads our answer instead of a reset (nginx's lingering close).
constexpr std::size_t kLingerBytes = 4 * 1024 * 1024;
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr auto kSweepEvery = std::chrono::milliseconds(100);
constexpr int kMaxEvents = 256;

std::string peerOf(const sockaddr_storage& address) {
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (address.ss_family == AF_INET) {
        const auto& in = reinterpret_cast<const sockaddr_in&>(address);
        inet_ntop(AF_INET, &in.sin_addr, host, sizeof host);
        port = ntohs(in.sin_port);
        return std::string(host) + ":" + std::to_string(port);
    }
    if (address.ss_family == AF_INET6) {
        const auto& in6 = reinterpret_cast<const sockaddr_in6&>(address);
        inet_ntop(AF_INET6, &in6.sin6_addr, host, sizeof host);
        port = ntohs(in6.sin6_port);
        return "[" + std::string(host) + "]:" + std::to_string(port);
    }
    return "unknown";
}

long long epochMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

IoLoop::IoLoop(int index, FrontEndContext& context, int listenFd)
    : index_(index), context_(context), listenFd_(listenFd) {
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    wakeFd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_ < 0 || wakeFd_ < 0)
        throw std::runtime_error(std::string("cannot create an event loop: ") + std::strerror(errno));
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = wakeFd_;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wakeFd_, &event);
    // Several loops wait on one listening socket; EPOLLEXCLUSIVE wakes one of them.
    event.events = EPOLLIN | EPOLLEXCLUSIVE;
    event.data.fd = listenFd_;
    if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, listenFd_, &event) != 0)
        throw std::runtime_error(std::string("cannot watch the listening socket: ") +
                                 std::strerror(errno));
}

IoLoop::~IoLoop() {
    stop();
    for (auto& [fd, connection] : connections_) {
        ::close(fd);
        context_.connections.fetch_sub(1);
    }
    ::close(wakeFd_);
    ::close(epoll_);
}

void IoLoop::start() {
    thread_ = std::thread([this] {
        const std::string name = "io-" + std::to_string(index_);
        pthread_setname_np(pthread_self(), name.c_str());
        run();
    });
}

void IoLoop::stop() {
    stopping_ = true;
    wake();
    if (thread_.joinable()) thread_.join();
}

void IoLoop::wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wakeFd_, &one, sizeof one);
}

void IoLoop::complete(Completion completion) {
    {
        std::lock_guard lock(mailboxMutex_);
        completions_.push_back(std::move(completion));
    }
    // One wake-up per mailbox drain: the loop clears the flag before it takes the
    // mailbox, so a completion is either taken by that drain or wakes the next.
    if (!wakePending_.exchange(true)) wake();
}

void IoLoop::post(std::function<void()> task, bool wait) {
    if (!wait) {
        {
            std::lock_guard lock(mailboxMutex_);
            tasks_.push_back(std::move(task));
        }
        wake();
        return;
    }
    auto done = std::make_shared<std::promise<void>>();
    auto finished = done->get_future();
    post([task = std::move(task), done] {
        task();
        done->set_value();
    });
    finished.wait();
}

void IoLoop::run() {
    epoll_event events[kMaxEvents];
    now_ = Clock::now();
    nextSweep_ = now_ + kSweepEvery;
    while (!stopping_) {
        const auto untilSweep =
            std::chrono::duration_cast<std::chrono::milliseconds>(nextSweep_ - now_).count();
        const int n = ::epoll_wait(epoll_, events, kMaxEvents,
                                   static_cast<int>(std::max<long long>(0, untilSweep) + 1));
        now_ = Clock::now();
        for (int i = 0; i < n; ++i) {
            const int fd = events[i].data.fd;
            if (fd == wakeFd_) {
                std::uint64_t count;
                [[maybe_unused]] auto r = ::read(wakeFd_, &count, sizeof count);
                runMailbox();
            } else if (fd == listenFd_) {
                acceptAll();
            } else {
                onEvents(fd, events[i].events);
            }
        }
        if (now_ >= nextSweep_) {
            sweep();
            nextSweep_ = now_ + kSweepEvery;
        }
        context_.workers->submit(pendingJobs_);
        buryClosed();
    }
}

void IoLoop::runMailbox() {
    std::vector<Completion> completions;
    std::vector<std::function<void()>> tasks;
    wakePending_.store(false);
    {
        std::lock_guard lock(mailboxMutex_);
        completions.swap(completions_);
        tasks.swap(tasks_);
    }
    for (auto& completion : completions) onCompletion(completion);
    for (auto& task : tasks) task();
}

void IoLoop::stopAccepting() {
    if (!accepting_) return;
    accepting_ = false;
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, listenFd_, nullptr);
}

void IoLoop::beginDrain() {
    // Only idle connections close now: between requests, or with part of a head.
    // The others finish their request; dispatch and the workers see `draining` and
    // answer it with `Connection: close`.
    std::vector<Connection*> idle;
    for (auto& [fd, connection] : connections_) {
        const Connection& c = *connection;
        if (!c.awaitingWorker && c.pendingOutput() == 0 && !c.parser.inBody() && !c.lingering)
            idle.push_back(connection.get());
    }
    for (auto* c : idle) closeConnection(*c);
}

void IoLoop::acceptAll() {
    // A bounded batch keeps one busy listener from starving the connections.
    for (int i = 0; i < 64 && accepting_; ++i) {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        const int fd = ::accept4(listenFd_, reinterpret_cast<sockaddr*>(&address), &length,
                                 SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK && context_.log)
                context_.log->warn("accept: {}", std::strerror(errno));
            return;
        }
        if (context_.connections.load() >= context_.settings.maxConnections) {
            ::close(fd);
            if (context_.counters.rejected) context_.counters.rejected->inc();
            const long long nowMs = epochMs();
            long long last = context_.lastRejectLogMs.load();
            if (nowMs - last >= 1000 && context_.lastRejectLogMs.compare_exchange_strong(last, nowMs))
                context_.log->warn("server.maxConnections ({}) reached: closing new connections",
                                   context_.settings.maxConnections);
            continue;
        }
        context_.connections.fetch_add(1);
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto connection = std::make_unique<Connection>(fd, nextSerial_++, peerOf(address),
                                                       context_.settings.limits, now_);
        epoll_event event{};
        event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
        event.data.fd = fd;
        if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event) != 0) {
            ::close(fd);
            context_.connections.fetch_sub(1);
            continue;
        }
        connections_[fd] = std::move(connection);
        if (context_.draining) closeConnection(*connections_[fd]);
    }
}

void IoLoop::onEvents(int fd, std::uint32_t events) {
    auto it = connections_.find(fd);
    if (it == connections_.end()) return;
    Connection& c = *it->second;
    if (events & EPOLLERR) {
        closeConnection(c);
        return;
    }
    if (events & EPOLLOUT) flush(c);
    if (!c.closed && (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP))) readFrom(c);
}

void IoLoop::readFrom(Connection& c) {
    thread_local char buffer[kReadChunk];
    bool peerClosed = false;
    while (!c.closed) {
        if (!c.lingering && (c.awaitingWorker || c.pendingOutput() > kOutputHighWater)) {
            c.readPaused = true;
            break;
        }
        const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            if (c.lingering) {
                c.lingerBytes += static_cast<std::size_t>(n);
                if (c.lingerBytes > kLingerBytes) closeConnection(c);
                continue;
            }
            c.in.append(buffer, static_cast<std::size_t>(n));
            process(c);
            continue;
        }
        if (n == 0) {
            peerClosed = true;
            c.readPaused = false;
            break;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            c.readPaused = false;
            break;
        }
        closeConnection(c);
        return;
    }
    if (c.closed) return;
    if (peerClosed) {
        // A half-close still wants the answers to the requests sent before it.
        c.peerClosed = true;
        if (c.lingering || (!c.awaitingWorker && c.pendingOutput() == 0 && c.unparsedInput() == 0)) {
            closeConnection(c);
            return;
        }
        if (!c.awaitingWorker && c.unparsedInput() == 0) c.closeAfterWrite = true;
    }
    flush(c);
}

void IoLoop::process(Connection& c) {
    while (!c.closed && !c.awaitingWorker && !c.closeAfterWrite && c.unparsedInput() > 0 &&
           c.pendingOutput() <= kOutputHighWater) {
        std::size_t used = 0;
        const auto state = c.parser.feed(c.in.data() + c.inStart, c.unparsedInput(), used);
        c.inStart += used;
        if (c.waitingFirstByte && c.parser.inRequest()) {
            c.waitingFirstByte = false;
            c.headStart = now_;
        }
        if (c.parser.continueWanted()) {
            appendContinue(c.out);
            c.parser.continueSent();
        }
        if (state == RequestParser::State::Error) {
            if (context_.counters.protocolErrors) context_.counters.protocolErrors->inc();
            fail(c, c.parser.errorStatus(), c.parser.errorMessage());
            break;
        }
        if (state == RequestParser::State::NeedMore) {
            // What is left can never complete: the client has closed its side.
            if (c.peerClosed) c.closeAfterWrite = true;
            if (c.parser.inBody() && !c.bodyStarted) {
                c.bodyStarted = true;
                c.bodyStart = now_;
            }
            break;
        }
        dispatch(c);
    }
    if (c.inStart == c.in.size()) {
        c.in.clear();
        c.inStart = 0;
    } else if (c.inStart > 64 * 1024) {
        c.in.erase(0, c.inStart);
        c.inStart = 0;
    }
}

void IoLoop::dispatch(Connection& c) {
    ParsedRequest parsed = c.parser.take();
    ++c.requests;
    const auto& settings = context_.settings;
    const bool keepAlive = parsed.keepAlive && settings.keepAlive && !context_.draining &&
                           !c.parser.upgraded() &&
                           (settings.maxKeepAliveRequests == 0 || c.requests < settings.maxKeepAliveRequests);
    const Framing framing{parsed.method == "HEAD", keepAlive, parsed.versionMinor == 0};

    auto exchange = std::make_unique<http::Exchange>();
    exchange->received = now_;
    buildRequest(std::move(parsed), c.peer, exchange->request);

    if (context_.chain.hasFastLookups() &&
        (exchange->request.method == "GET" || exchange->request.method == "HEAD")) {
        http::FastResponse fast;
        bool answered = false;
        try {
            answered = context_.chain.tryFast(*exchange, fast);
        } catch (const std::exception& e) {
            context_.log->error("fast path {}: {}", log::redactUri(exchange->request.uri), e.what());
        }
        if (answered) {
            const std::size_t before = c.out.size();
            appendResponse(c.out, fast, framing);
            if (context_.counters.fastResponses) context_.counters.fastResponses->inc();
            if (context_.access.enabled())
                context_.access.write({exchange->request.method, exchange->request.uri, fast.status,
                                       c.out.size() - before, exchange->elapsedMs(), c.peer,
                                       fast.detail.empty() ? fast.layer : fast.layer + ":" + fast.detail});
            finishRequest(c, keepAlive);
            return;
        }
    }
    c.awaitingWorker = true;
    pendingJobs_.push_back(Job{this, c.fd, c.serial, std::move(exchange), framing});
}

void IoLoop::finishRequest(Connection& c, bool keepAlive) {
    c.bodyStarted = false;
    if (!keepAlive || context_.draining || (c.peerClosed && c.unparsedInput() == 0)) {
        c.closeAfterWrite = true;
        return;
    }
    c.waitingFirstByte = true;
    c.idleSince = now_;
}

void IoLoop::onCompletion(Completion& completion) {
    auto it = connections_.find(completion.fd);
    if (it == connections_.end() || it->second->serial != completion.serial) return;
    Connection& c = *it->second;
    c.awaitingWorker = false;
    if (c.out.empty()) {
        c.out = std::move(completion.bytes);
        c.outStart = 0;
    } else {
        c.out += completion.bytes;
    }
    finishRequest(c, completion.keepAlive);
    flush(c);
    if (c.closed || c.closeAfterWrite) return;
    process(c); // pipelined requests already read
    if (c.closed) return;
    if (c.readPaused)
        readFrom(c);
    else
        flush(c);
}

void IoLoop::flush(Connection& c) {
    bool progressed = false;
    while (!c.closed && c.pendingOutput() > 0) {
        const ssize_t n = ::send(c.fd, c.out.data() + c.outStart, c.pendingOutput(), MSG_NOSIGNAL);
        if (n > 0) {
            c.outStart += static_cast<std::size_t>(n);
            progressed = true;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (progressed || c.writeBlockedSince == Clock::time_point{}) c.writeBlockedSince = now_;
            return;
        }
        closeConnection(c);
        return;
    }
    if (c.closed) return;
    c.out.clear();
    c.outStart = 0;
    c.writeBlockedSince = Clock::time_point{};
    if (c.closeAfterWrite && !c.awaitingWorker && !c.lingering) startLinger(c);
    else if (c.readPaused && !c.awaitingWorker && !c.lingering) readFrom(c);
}

void IoLoop::fail(Connection& c, int status, const std::string& message) {
    appendError(c.out, status, message);
    c.closeAfterWrite = true;
    if (context_.access.enabled())
        context_.access.write({"-", "-", status, 0, 0, c.peer, "-"});
}

void IoLoop::startLinger(Connection& c) {
    // Our answer is written: shut our side, then read and drop what the client still
    // sends, so closing does not reset the connection before it has read the answer.
    c.lingering = true;
    c.lingerUntil = now_ + kLingerTime;
    ::shutdown(c.fd, SHUT_WR);
    c.in.clear();
    c.inStart = 0;
    readFrom(c);
}

void IoLoop::closeConnection(Connection& c) {
    if (c.closed) return;
    c.closed = true;
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    context_.connections.fetch_sub(1);
    auto it = connections_.find(c.fd);
    if (it != connections_.end() && it->second.get() == &c) {
        graveyard_.push_back(std::move(it->second));
        connections_.erase(it);
    }
}

void IoLoop::buryClosed() { graveyard_.clear(); }

void IoLoop::sweep() {
    const auto& s = context_.settings;
    std::vector<Connection*> all;
    all.reserve(connections_.size());
    for (auto& [fd, connection] : connections_) all.push_back(connection.get());
    for (auto* c : all) {
        if (c->closed) continue;
        if (c->lingering) {
            if (now_ >= c->lingerUntil) closeConnection(*c);
            continue;
        }
        if (c->pendingOutput() > 0 && c->writeBlockedSince != Clock::time_point{}) {
            if (now_ - c->writeBlockedSince > s.writeTimeout) {
                if (context_.counters.writeTimeouts) context_.counters.writeTimeouts->inc();
                closeConnection(*c);
            }
            continue;
        }
        if (c->awaitingWorker || c->closeAfterWrite) continue;
        if (c->waitingFirstByte) {
            const bool fresh = c->requests == 0;
            const auto since = fresh ? c->acceptedAt : c->idleSince;
            if (now_ - since > (fresh ? s.headerTimeout : s.keepAliveTimeout)) {
                auto* counter = fresh ? context_.counters.headerTimeouts : context_.counters.idleClosed;
                if (counter) counter->inc();
                closeConnection(*c);
            }
        } else if (!c->parser.inBody()) {
            if (now_ - c->headStart > s.headerTimeout) {
                if (context_.counters.headerTimeouts) context_.counters.headerTimeouts->inc();
                fail(*c, 408, "Request header not received in time");
                flush(*c);
            }
        } else if (now_ - c->bodyStart > s.bodyTimeout) {
            if (context_.counters.bodyTimeouts) context_.counters.bodyTimeouts->inc();
            fail(*c, 408, "Request body not received in time");
            flush(*c);
        }
    }
}

} // namespace jollyjet::host
